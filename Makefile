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

.PHONY: demo test test-python bench install build deps pydeps fixtures clean

## deps: OpenBLAS (headers + pkg-config file) from Debian, installed only when missing.
deps:
	@if ! pkg-config --exists openblas 2>/dev/null; then \
		echo "rs4a: installing libopenblas-dev (and pkg-config) from Debian"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends libopenblas-dev pkg-config; \
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

## test: every test suite (Swift, C ABI, Python). Tests run on the optimised
## build: the statistical tests draw millions of samples.
test: deps pydeps test-python
	$(SWIFT) build -c $(CONFIG) --build-tests
	$(SWIFT) test -c $(CONFIG) --skip-build --disable-swift-testing

## test-python: the Python package's tests (bindings/python/tests) against the fresh librs4a.so.
## torch is optional: its tests are skipped when it is not installed.
test-python: build pydeps
	RS4A_LIBRARY="$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/librs4a.so" PYTHONPATH=bindings/python \
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
