# rs4a — the user's entry points. Every target sets up what it needs on a
# fresh Debian machine (OpenBLAS headers, Python test packages) and does
# nothing extra when they are already there.
SHELL := /bin/bash
.DEFAULT_GOAL := demo

SWIFT   ?= swift
PYTHON  ?= python3
PREFIX  ?= /usr/local
CONFIG  ?= release
export DEBIAN_FRONTEND := noninteractive

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo test test-swift test-c test-demo test-install test-python bench install build deps pydeps fixtures clean

# The release build's products directory (asked of SwiftPM once, on first use).
BIN = $(eval BIN := $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path))$(BIN)
# C programs of bindings/c: strict C99, warnings are errors. The compilers default to whatever
# is installed (the Swift toolchain brings clang).
ifeq ($(origin CC),default)
CC := $(firstword $(shell command -v cc clang gcc 2>/dev/null) cc)
endif
ifeq ($(origin CXX),default)
CXX := $(firstword $(shell command -v c++ clang++ g++ 2>/dev/null) c++)
endif
C_FLAGS := -std=c99 -Wall -Werror -pedantic
# Scratch space of the C and install tests.
CTEST   := .build/ctest

## deps: OpenBLAS (headers + pkg-config file), the dataset readers' zlib, libjpeg-turbo and
## libpng, and libcrypto (SHA-256 of checkpoints) from Debian, installed only when missing.
deps:
	@if ! pkg-config --exists openblas zlib libjpeg libpng libcrypto 2>/dev/null; then \
		echo "rs4a: installing libopenblas-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev libssl-dev (and pkg-config) from Debian"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends libopenblas-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev libssl-dev pkg-config; \
	fi

## pydeps: the Python packages the tests use (numpy, pytest), installed only when missing.
pydeps:
	@if ! $(PYTHON) -c "import numpy, pytest" 2>/dev/null; then \
		echo "rs4a: installing numpy and pytest from PyPI"; \
		$(PYTHON) -m pip install --quiet numpy pytest; \
	fi

## build: the release build (librs4a.so, rs4a-demo, rs4a-cli, rs4a-bench).
build: deps
	$(SWIFT) build -c $(CONFIG)

## demo: the README example end to end.
demo: build
	@echo "built: $$($(SWIFT) build -c $(CONFIG) --show-bin-path)/librs4a.so"
	$(SWIFT) run -c $(CONFIG) rs4a-demo

## test: every test suite (Swift, C ABI, demo, install, Python). Tests run on the optimised
## build: the statistical tests draw millions of samples.
test: test-swift test-c test-demo test-install test-python

## test-swift: the XCTest suites of every module.
test-swift: deps
	$(SWIFT) build -c $(CONFIG) --build-tests
	$(SWIFT) test -c $(CONFIG) --skip-build --disable-swift-testing

## test-c: the C ABI test program and the C example against the fresh librs4a.so;
## the header also compiles as C++.
test-c: build
	@mkdir -p $(CTEST)
	$(CC) $(C_FLAGS) -I include bindings/c/test_capi.c -L $(BIN) -lrs4a -lpthread -lm -Wl,-rpath,$(abspath $(BIN)) -o $(CTEST)/test_capi
	$(CTEST)/test_capi
	$(CC) $(C_FLAGS) -I include bindings/c/example.c -L $(BIN) -lrs4a -lm -Wl,-rpath,$(abspath $(BIN)) -o $(CTEST)/example
	$(CTEST)/example | tee $(CTEST)/example.out
	@test "$$(grep -c '^input [0-9]*: class [0-9]*, rho = ' $(CTEST)/example.out)" -ge 6 || { echo "example: expected ≥ 6 certified inputs"; exit 1; }
	$(CXX) -fsyntax-only -Wall -Werror -pedantic -x c++ -I include include/rs4a.h
	@echo "test-c: passed"

## test-demo: the README example end to end, its argument form and its error path.
test-demo: build
	@mkdir -p $(CTEST)
	$(BIN)/rs4a-demo | tee $(CTEST)/demo.out
	@test "$$(grep -c '^input [0-9]' $(CTEST)/demo.out)" -eq 8 || { echo "demo: expected 8 input lines"; exit 1; }
	@grep -Eq '^summary: [6-8]/8 certified .*, [6-8]/8 certified and correct' $(CTEST)/demo.out || { echo "demo: expected ≥ 6/8 certified and correct"; exit 1; }
	$(BIN)/rs4a-demo --arch LeNet --dataset mnist --checkpoint ckpts/demo/lenet_digits_uniform_050.pt \
		--input ckpts/demo/examples.npy --noise Uniform --sigma 0.5 --n0 32 --n 1000 --adv 2 > $(CTEST)/demo-args.out
	@grep -q '^summary: ' $(CTEST)/demo-args.out || { echo "demo: the argument form printed no summary"; exit 1; }
	$(BIN)/rs4a-demo --arch LeNet --dataset mnist --checkpoint ckpts/demo/lenet_digits_uniform_050.pt \
		--input ckpts/demo/example_digit_9.png --n0 32 --n 2000 > $(CTEST)/demo-image.out
	@grep -Eq '^input 0 +- +9 ' $(CTEST)/demo-image.out || { echo "demo: the PNG of a 9 was not certified as 9"; exit 1; }
	@if $(BIN)/rs4a-demo --checkpoint /nonexistent.pt --input ckpts/demo/examples.npy 2> $(CTEST)/demo-err.out; then \
		echo "demo: a missing checkpoint must fail"; exit 1; fi
	@grep -q 'rs4a-demo: error:' $(CTEST)/demo-err.out || { echo "demo: no error message for a missing checkpoint"; exit 1; }
	@echo "test-demo: passed"

## test-install: `make install` into a scratch prefix, then the C example built through pkg-config.
test-install: build
	@rm -rf $(CTEST)/prefix && mkdir -p $(CTEST)
	$(MAKE) --no-print-directory install PREFIX=$(abspath $(CTEST))/prefix
	PKG_CONFIG_PATH=$(abspath $(CTEST))/prefix/lib/pkgconfig; export PKG_CONFIG_PATH; \
	$(CC) $(C_FLAGS) bindings/c/example.c $$(pkg-config --cflags --libs rs4a) -lm \
		-Wl,-rpath,$$(pkg-config --variable=libdir rs4a) -o $(CTEST)/example-installed
	$(CTEST)/example-installed > $(CTEST)/example-installed.out
	@test "$$(grep -c '^input [0-9]*: class [0-9]*, rho = ' $(CTEST)/example-installed.out)" -ge 6 || { echo "installed example: expected ≥ 6 certified inputs"; exit 1; }
	@echo "test-install: passed"

## test-python: the Python package's tests (bindings/python/tests) against the fresh librs4a.so;
## includes a `pip install --target` of the package. torch is optional: its tests skip without it.
test-python: build pydeps
	RS4A_LIBRARY="$(abspath $(BIN))/librs4a.so" PYTHONPATH=bindings/python \
		$(PYTHON) -m pytest bindings/python/tests -q -p no:cacheprovider

## bench: throughput figures (with PyTorch's beside them when torch is installed).
bench: build
	$(SWIFT) run -c $(CONFIG) rs4a-bench $(BENCH)

## install: librs4a.so, include/rs4a.h and a pkg-config file under $(PREFIX).
install: build
	@bin=$$($(SWIFT) build -c $(CONFIG) --show-bin-path); \
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig; \
	install -m 0755 $$bin/librs4a.so $(DESTDIR)$(PREFIX)/lib/librs4a.so; \
	install -m 0644 include/rs4a.h $(DESTDIR)$(PREFIX)/include/rs4a.h; \
	version=$$(sed -n 's/^#define RS4A_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)/\2/p' include/rs4a.h | paste -sd.); \
	sed -e "s|@PREFIX@|$(PREFIX)|" -e "s|@VERSION@|$$version|" bindings/c/rs4a.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/rs4a.pc; \
	echo "installed librs4a.so, rs4a.h and rs4a.pc under $(DESTDIR)$(PREFIX)"

## fixtures: regenerate the committed reference fixtures (needs scipy; torch for the network ones).
fixtures:
	@for s in scripts/fixtures/*.py; do echo "$$s"; $(PYTHON) $$s || exit 1; done

clean:
	rm -rf .build
