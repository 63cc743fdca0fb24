"""The ctypes declarations against include/rs4a.h, and the loaded library's identity."""
from __future__ import annotations

import re

import pytest

import rs4a
from rs4a import _lib
from rs4a.errors import error_for_status

from conftest import HEADER


def _header_functions() -> dict[str, int]:
    """Function name → number of parameters, parsed from the header's declarations."""
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    text = re.sub(r"typedef[^;]*;", "", text)  # typedefs (the progress callback) are not functions
    found: dict[str, int] = {}
    for match in re.finditer(r"\b(rs4a_\w+)\s*\(([^()]*)\)\s*;", text):
        params = match.group(2).strip()
        found[match.group(1)] = 0 if params in ("", "void") else params.count(",") + 1
    return found


@pytest.mark.skipif(not HEADER.is_file(), reason="runs from the source tree only")
def test_every_header_function_is_declared_with_its_arity() -> None:
    header = _header_functions()
    assert len(header) >= 30, "the header parser found too few functions"
    assert set(header) == set(_lib.SIGNATURES)
    for name, count in header.items():
        assert len(_lib.SIGNATURES[name][1]) == count, name


@pytest.mark.skipif(not HEADER.is_file(), reason="runs from the source tree only")
def test_status_codes_match_the_header() -> None:
    text = HEADER.read_text()
    codes = {name: int(value) for name, value in re.findall(r"(RS4A_ERR_\w+)\s*=\s*(\d+)", text)}
    assert len(codes) == 10
    for name, value in codes.items():
        error = error_for_status(value, "m")
        assert error.STATUS_NAME == name and error.status == value


@pytest.mark.skipif(not HEADER.is_file(), reason="runs from the source tree only")
def test_library_version_is_the_header_version() -> None:
    parts = dict(re.findall(r"#define RS4A_VERSION_(MAJOR|MINOR|PATCH) (\d+)", HEADER.read_text()))
    assert rs4a.library_version() == f"{parts['MAJOR']}.{parts['MINOR']}.{parts['PATCH']}"
    assert rs4a.library_path()


def test_status_names_come_from_the_library() -> None:
    assert _lib.status_name(0) == "RS4A_OK"
    assert _lib.status_name(4) == "RS4A_ERR_SHAPE"
