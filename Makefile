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
# The vectorised kernels (Sources/CRS4AKernels) use clang ≥ 17 builtins: their test is compiled
# by the clang of the Swift toolchain (next to `swift`), which compiles them for the package.
KERNEL_CC := $(firstword $(wildcard $(dir $(realpath $(shell command -v $(SWIFT) 2>/dev/null)))clang) clang)
# Symbol and ELF readers for the exported-symbol and SONAME checks (binutils, else the LLVM
# ones a Swift toolchain may bring).
NM      := $(firstword $(shell command -v nm llvm-nm 2>/dev/null) nm)
READELF := $(firstword $(shell command -v readelf llvm-readelf 2>/dev/null) readelf)
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

## pydeps: the Python packages the tests use (numpy, pytest), installed only when missing:
## with pip where it may install (a virtualenv, pyenv), else from Debian (python3-numpy,
## python3-pytest; a stock Debian python3 refuses pip installs as "externally managed").
pydeps:
	@if ! $(PYTHON) -c "import numpy, pytest" 2>/dev/null; then \
		log=$$(mktemp); \
		if command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) -m pip --version >/dev/null 2>&1 && \
		   echo "rs4a: installing numpy and pytest from PyPI" && \
		   $(PYTHON) -m pip install --quiet numpy pytest 2> $$log; then :; \
		else \
			if [ -s $$log ]; then echo "rs4a: pip cannot install here: $$(grep -m1 -i error $$log)"; fi; \
			echo "rs4a: installing python3, python3-numpy and python3-pytest from Debian"; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) apt-get install -y -qq --no-install-recommends python3 python3-numpy python3-pytest; \
		fi; \
		rm -f $$log; \
	fi

## build: the release build (librs4a.so, rs4a-demo, rs4a-cli, rs4a-bench). Programs linked
## against librs4a.so record its SONAME, librs4a.so.0: the link next to it lets them run from
## the build tree.
build: deps
	$(SWIFT) build -c $(CONFIG)
	@ln -sf librs4a.so "$(BIN)/librs4a.so.0"

## demo: the README example end to end.
demo: build
	@echo "built: $$($(SWIFT) build -c $(CONFIG) --show-bin-path)/librs4a.so"
	$(SWIFT) run -c $(CONFIG) rs4a-demo

## test: every test suite (Swift, C ABI, demo, install, Python). Tests run on the optimised
## build: the statistical tests draw millions of samples.
test: test-swift test-c test-demo test-install test-python

## test-swift: the XCTest suites of every module, then the network parity suites again on the
## AVX2 direct convolution kernels (the first run uses the CPU's widest).
test-swift: deps
	$(SWIFT) build -c $(CONFIG) --build-tests
	$(SWIFT) test -c $(CONFIG) --skip-build --disable-swift-testing
	RS4A_DIRECT_CONV_ISA=avx2 $(SWIFT) test -c $(CONFIG) --skip-build --disable-swift-testing \
		--filter 'DirectConvolutionParityTests|NetworkParityTests|FusedConvPoolParityTests'

## test-c: the C ABI test program and the C example against the fresh librs4a.so;
## the header also compiles as C++; the library exports exactly the rs4a_ functions the
## header declares, under the SONAME librs4a.so.0. Also the direct convolution kernels against a
## double-precision reference, with the CPU's widest kernels and with the AVX2 ones.
test-c: build
	@mkdir -p $(CTEST)
	$(KERNEL_CC) -O2 -Wall -Werror -I Sources/CRS4AKernels/include Sources/CRS4AKernels/*.c Tests/KernelTests/test_direct_conv.c -lm -lpthread -o $(CTEST)/test_direct_conv
	$(CTEST)/test_direct_conv
	RS4A_DIRECT_CONV_ISA=avx2 $(CTEST)/test_direct_conv
	$(CC) $(C_FLAGS) -I include bindings/c/test_capi.c -L $(BIN) -lrs4a -lpthread -lm -Wl,-rpath,$(abspath $(BIN)) -o $(CTEST)/test_capi
	$(CTEST)/test_capi
	$(CC) $(C_FLAGS) -I include bindings/c/example.c -L $(BIN) -lrs4a -lm -Wl,-rpath,$(abspath $(BIN)) -o $(CTEST)/example
	$(CTEST)/example | tee $(CTEST)/example.out
	@test "$$(grep -c '^input [0-9]*: class [0-9]*, rho = ' $(CTEST)/example.out)" -ge 6 || { echo "example: expected ≥ 6 certified inputs"; exit 1; }
	$(CXX) -fsyntax-only -Wall -Werror -pedantic -x c++ -I include include/rs4a.h
	@$(NM) -D --defined-only $(BIN)/librs4a.so | awk '$$3 ~ /^rs4a_/ { print $$3 }' | sort > $(CTEST)/exported.txt
	@$(CC) -E -P include/rs4a.h | grep -oE '\brs4a_[A-Za-z0-9_]+ *\(' | tr -d ' (' | sort -u > $(CTEST)/declared.txt
	@test "$$(wc -l < $(CTEST)/declared.txt)" -ge 30 || { echo "test-c: found too few functions in include/rs4a.h"; exit 1; }
	@diff $(CTEST)/declared.txt $(CTEST)/exported.txt || { echo "test-c: librs4a.so must export exactly the rs4a_ functions of include/rs4a.h ('<' declared only, '>' exported only)"; exit 1; }
	@$(READELF) -d $(BIN)/librs4a.so | grep -q 'SONAME.*\[librs4a\.so\.0\]' || { echo "test-c: librs4a.so has no SONAME librs4a.so.0"; exit 1; }
	@echo "test-c: passed"

## test-demo: the README example end to end, its argument form, its error paths, --help, and
## "n/a" for a norm the noise cannot certify (ExpInf with j ≠ 0 has no ℓ∞ certificate).
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
	$(BIN)/rs4a-demo --noise ExpInf --j 2 --n0 16 --n 300 > $(CTEST)/demo-expinf.out
	@grep -Eq '^input [0-9]+ .* n/a *$$' $(CTEST)/demo-expinf.out || { echo "demo: ExpInf j = 2 must print n/a for linf"; exit 1; }
	@grep -q '^summary: ' $(CTEST)/demo-expinf.out || { echo "demo: ExpInf j = 2 printed no summary"; exit 1; }
	$(BIN)/rs4a-demo --help > $(CTEST)/demo-help.out
	@grep -q '^usage: rs4a-demo' $(CTEST)/demo-help.out || { echo "demo: --help must print the usage"; exit 1; }
	@for bad in labels_nan labels_huge; do \
		if $(BIN)/rs4a-demo --checkpoint ckpts/demo/lenet_digits_uniform_050.pt --input ckpts/demo/examples.npy \
			--labels Tests/Fixtures/demo/$$bad.npy --n 100 2> $(CTEST)/demo-$$bad.out; then \
			echo "demo: $$bad.npy must be rejected"; exit 1; fi; \
		grep -q 'labels must be integers in 0..<10' $(CTEST)/demo-$$bad.out || { echo "demo: no clear error for $$bad.npy"; exit 1; }; \
	done
	@echo "test-demo: passed"

## test-install: `make install` into a scratch prefix, then the C example built through pkg-config;
## it records and loads the SONAME librs4a.so.0 through the installed links.
test-install: build
	@rm -rf $(CTEST)/prefix && mkdir -p $(CTEST)
	$(MAKE) --no-print-directory install PREFIX=$(abspath $(CTEST))/prefix
	PKG_CONFIG_PATH=$(abspath $(CTEST))/prefix/lib/pkgconfig; export PKG_CONFIG_PATH; \
	$(CC) $(C_FLAGS) bindings/c/example.c $$(pkg-config --cflags --libs rs4a) -lm \
		-Wl,-rpath,$$(pkg-config --variable=libdir rs4a) -o $(CTEST)/example-installed
	$(CTEST)/example-installed > $(CTEST)/example-installed.out
	@test "$$(grep -c '^input [0-9]*: class [0-9]*, rho = ' $(CTEST)/example-installed.out)" -ge 6 || { echo "installed example: expected ≥ 6 certified inputs"; exit 1; }
	@lib=$(CTEST)/prefix/lib; version=$$(pkg-config --modversion $$lib/pkgconfig/rs4a.pc); \
	test -f $$lib/librs4a.so.$$version -a ! -L $$lib/librs4a.so.$$version && \
	test "$$(readlink $$lib/librs4a.so.0)" = librs4a.so.$$version && test "$$(readlink $$lib/librs4a.so)" = librs4a.so.0 || \
		{ echo "test-install: expected librs4a.so → librs4a.so.0 → librs4a.so.$$version"; exit 1; }
	@$(READELF) -d $(CTEST)/example-installed | grep -q 'NEEDED.*\[librs4a\.so\.0\]' || { echo "test-install: the example does not record librs4a.so.0"; exit 1; }
	@echo "test-install: passed"

## test-python: the Python package's tests (bindings/python/tests) against the fresh librs4a.so;
## includes a `pip install --target` of the package. torch is optional: its tests skip without it.
test-python: build pydeps
	RS4A_LIBRARY="$(abspath $(BIN))/librs4a.so" PYTHONPATH=bindings/python \
		$(PYTHON) -m pytest bindings/python/tests -q -p no:cacheprovider

## bench: throughput figures (with PyTorch's beside them when torch is installed).
bench: build
	$(SWIFT) run -c $(CONFIG) rs4a-bench $(BENCH)

## install: librs4a.so.X.Y.Z with the usual links (librs4a.so.X, the SONAME programs look for;
## librs4a.so, for -lrs4a), include/rs4a.h and a pkg-config file under $(PREFIX).
install: build
	@bin=$$($(SWIFT) build -c $(CONFIG) --show-bin-path); \
	version=$$(sed -n 's/^#define RS4A_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)/\2/p' include/rs4a.h | paste -sd.); \
	major=$${version%%.*}; lib=$(DESTDIR)$(PREFIX)/lib; \
	install -d $$lib $(DESTDIR)$(PREFIX)/include $$lib/pkgconfig; \
	install -m 0755 $$bin/librs4a.so $$lib/librs4a.so.$$version; \
	ln -sfn librs4a.so.$$version $$lib/librs4a.so.$$major; \
	ln -sfn librs4a.so.$$major $$lib/librs4a.so; \
	install -m 0644 include/rs4a.h $(DESTDIR)$(PREFIX)/include/rs4a.h; \
	sed -e "s|@PREFIX@|$(PREFIX)|" -e "s|@VERSION@|$$version|" bindings/c/rs4a.pc.in > $$lib/pkgconfig/rs4a.pc; \
	echo "installed librs4a.so.$$version (+ librs4a.so.$$major, librs4a.so), rs4a.h and rs4a.pc under $(DESTDIR)$(PREFIX)"

## fixtures: regenerate the committed reference fixtures (needs scipy; torch for the network ones).
fixtures:
	@for s in scripts/fixtures/*.py; do echo "$$s"; $(PYTHON) $$s || exit 1; done

clean:
	rm -rf .build
