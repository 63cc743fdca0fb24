"""`pip install` ships librs4a inside the package, and the installed package loads that copy.

Needs pip and setuptools ≥ 70.1 in this interpreter (the build runs without isolation,
offline); skipped otherwise, and when not run from the source tree.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rs4a import _lib

from conftest import REPO

PACKAGE = REPO / "bindings" / "python"


def _setuptools_is_recent() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1)


@pytest.mark.skipif(not (PACKAGE / "setup.py").is_file(), reason="runs from the source tree only")
@pytest.mark.skipif(not _setuptools_is_recent(), reason="needs setuptools >= 70.1 for an offline build")
def test_pip_install_ships_and_loads_the_library(tmp_path: Path) -> None:
    library = Path(_lib.library_path())  # the library these tests run against
    if not library.is_file():
        pytest.skip("the library was found on the linker path, not as a file to ship")
    # Build from a copy so the source tree gets no build/ or egg-info litter.
    source = tmp_path / "src"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__", ".pytest_cache", "*.so", "*.dylib", "tests"))
    target = tmp_path / "site"
    env = {**os.environ, "RS4A_LIBRARY": str(library)}
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(source)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    shipped = target / "rs4a" / "lib" / _lib.LIBRARY_FILE
    assert shipped.is_file()
    assert shipped.read_bytes() == library.read_bytes()

    # The installed package, with no RS4A_LIBRARY, loads its own copy.
    env = {key: value for key, value in os.environ.items() if key != "RS4A_LIBRARY"}
    env["PYTHONPATH"] = str(target)
    probe = subprocess.run(
        [sys.executable, "-c",
         "import rs4a; from rs4a.noises import UniformNoise; "
         "print(rs4a.library_path()); print(UniformNoise(dim=4, sigma=1.0).lambd)"],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    loaded, lambd = probe.stdout.split()
    assert Path(loaded).resolve() == shipped.resolve()
    assert float(lambd) == pytest.approx(3 ** 0.5, rel=1e-12)
