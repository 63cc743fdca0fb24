"""Build step of the rs4a Python package: ships librs4a inside the package.

`pip install ./bindings/python` copies the library built by `swift build -c release`
(the repository's .build/release/librs4a.so, or the file named by RS4A_LIBRARY) into
rs4a/lib/, and marks the wheel platform-specific. Without a build it stops with
instructions, unless RS4A_PYTHON_WITHOUT_LIBRARY=1: the package then looks the
library up at run time (RS4A_LIBRARY, or a system-wide `make install`).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
LIBRARY_FILE = "librs4a" + (".dylib" if sys.platform == "darwin" else ".so")


def built_library() -> Path | None:
    """The library to ship: RS4A_LIBRARY, else the source tree's release build."""
    explicit = os.environ.get("RS4A_LIBRARY")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise SystemExit(f"RS4A_LIBRARY={explicit!r} does not name an existing file")
        return path
    tree_build = HERE.parent.parent / ".build" / "release" / LIBRARY_FILE
    return tree_build if tree_build.is_file() else None


class BuildWithLibrary(build_py):
    """build_py that also copies librs4a into rs4a/lib/."""

    def run(self) -> None:
        super().run()
        source = built_library()
        if source is None:
            if os.environ.get("RS4A_PYTHON_WITHOUT_LIBRARY") == "1":
                return
            raise SystemExit(
                f"{LIBRARY_FILE} not found: run `swift build -c release` (or `make build`) at the repository "
                "root first, or set RS4A_LIBRARY=/path/to/" + LIBRARY_FILE + " (RS4A_PYTHON_WITHOUT_LIBRARY=1 "
                "installs without it; the library is then looked up at run time)"
            )
        target = Path(self.build_lib) / "rs4a" / "lib"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source.resolve(), target / LIBRARY_FILE)


class BinaryDistribution(Distribution):
    """The wheel holds a native library: tag it for this platform, not py3-none-any."""

    def has_ext_modules(self) -> bool:
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=BinaryDistribution)
