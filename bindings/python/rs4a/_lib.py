"""Loading librs4a and declaring the C functions of ``include/rs4a.h`` for ctypes.

Where the library comes from, first match wins:

1. ``RS4A_LIBRARY``: an explicit path to ``librs4a.so`` (it must exist).
2. The copy shipped inside the package (``rs4a/lib/librs4a.so``), put there by
   ``pip install`` from a source tree with a release build.
3. The release build of the source tree this package sits in
   (``<repo>/.build/release/librs4a.so``), for running from a checkout.
4. The system library search path (``make install`` puts it under /usr/local/lib).

The library is loaded on first use, not at import, so ``import rs4a`` always works.
Every function has its ``argtypes`` and ``restype`` declared, so ctypes checks
argument kinds and never guesses an ``int`` return type.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_float,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, Callable, Optional

from .errors import LibraryLoadError, error_for_status

__all__ = [
    "ABI_VERSION_MAJOR",
    "ModelHandle",
    "NoiseHandle",
    "ProgressFn",
    "SmoothOptions",
    "StateDictHandle",
    "check",
    "last_error",
    "lib",
    "library_path",
    "library_version",
    "status_name",
]

#: The major version of include/rs4a.h this package was written against.
ABI_VERSION_MAJOR = 0

_SUFFIX = ".dylib" if sys.platform == "darwin" else ".so"
LIBRARY_FILE = "librs4a" + _SUFFIX


class StateDictHandle(Structure):
    """Opaque ``rs4a_state_dict``."""


class ModelHandle(Structure):
    """Opaque ``rs4a_model``."""


class NoiseHandle(Structure):
    """Opaque ``rs4a_noise``."""


#: ``int (*rs4a_progress_fn)(int64_t done, int64_t total, void *user_data)``
ProgressFn = CFUNCTYPE(c_int, c_int64, c_int64, c_void_p)


class SmoothOptions(Structure):
    """``rs4a_smooth_options`` (field order and types as in the header). Initialise it with
    ``rs4a_smooth_options_init(byref(options), sizeof(options))``, which sets ``struct_size``."""

    _fields_ = [
        ("struct_size", c_size_t),
        ("noise_batch_size", c_int64),
        ("seed", c_uint64),
        ("threads", c_int32),
        ("two_sided", c_int32),
        ("progress", ProgressFn),
        ("progress_user_data", c_void_p),
    ]


_Status = c_int  # rs4a_status is a C enum: an int
_F32 = POINTER(c_float)
_F64 = POINTER(c_double)
_I64 = POINTER(c_int64)
_SD = POINTER(StateDictHandle)
_MODEL = POINTER(ModelHandle)
_NOISE = POINTER(NoiseHandle)
_OPTS = POINTER(SmoothOptions)

#: name → (restype, argtypes), in the order of include/rs4a.h.
SIGNATURES: dict[str, tuple[Any, list[Any]]] = {
    "rs4a_version": (c_char_p, []),
    "rs4a_last_error": (c_char_p, []),
    "rs4a_status_name": (c_char_p, [_Status]),
    # state dicts
    "rs4a_state_dict_load": (_Status, [c_char_p, POINTER(_SD)]),
    "rs4a_state_dict_create": (_Status, [POINTER(_SD)]),
    "rs4a_state_dict_free": (None, [_SD]),
    "rs4a_state_dict_count": (_Status, [_SD, _I64]),
    "rs4a_state_dict_key": (_Status, [_SD, c_int64, POINTER(c_char_p)]),
    "rs4a_state_dict_shape": (_Status, [_SD, c_int64, _I64, _I64, c_int64]),
    "rs4a_state_dict_read": (_Status, [_SD, c_int64, _F32, c_int64]),
    "rs4a_state_dict_add": (_Status, [_SD, c_char_p, _I64, c_int64, _F32, c_int64]),
    # models
    "rs4a_model_create": (_Status, [c_char_p, c_char_p, POINTER(_MODEL)]),
    "rs4a_model_load": (_Status, [c_char_p, c_char_p, c_char_p, POINTER(_MODEL)]),
    "rs4a_model_free": (None, [_MODEL]),
    "rs4a_model_load_state_dict": (_Status, [_MODEL, _SD, c_int]),
    "rs4a_model_info": (_Status, [_MODEL, _I64, _I64, _I64, _I64]),
    "rs4a_model_set_threads": (_Status, [_MODEL, c_int32]),
    "rs4a_model_forward": (_Status, [_MODEL, _F32, c_int64, _F32]),
    # noises
    "rs4a_noise_create": (
        _Status,
        [c_char_p, c_int64, c_double, c_double, c_double, c_double, c_double, c_double, POINTER(_NOISE)],
    ),
    "rs4a_noise_free": (None, [_NOISE]),
    "rs4a_noise_info": (_Status, [_NOISE, _F64, _F64, _I64]),
    "rs4a_noise_name": (_Status, [_NOISE, POINTER(c_char_p)]),
    "rs4a_noise_sample": (_Status, [_NOISE, _F32, c_int64, c_uint64, c_uint64, _F32]),
    "rs4a_noise_certify": (_Status, [_NOISE, _F64, c_int64, c_double, _F64]),
    "rs4a_noise_set_tables_dir": (_Status, [_NOISE, c_char_p]),
    # smoothing
    "rs4a_smooth_options_init": (_Status, [_OPTS, c_size_t]),
    "rs4a_smooth_predict": (_Status, [_MODEL, _NOISE, _F32, c_int64, c_int64, c_int32, _OPTS, _F64]),
    "rs4a_certify_prob_lb": (_Status, [_MODEL, _NOISE, _F32, c_int64, _I64, c_double, c_int64, _OPTS, _F64]),
    "rs4a_certify": (
        _Status,
        [_MODEL, _NOISE, _F32, c_int64, c_int64, c_int64, c_double, c_double, _OPTS, _I64, _F64, _F64],
    ),
    "rs4a_predict": (_Status, [_MODEL, _NOISE, _F32, c_int64, c_int64, c_double, _OPTS, _I64]),
    # statistics
    "rs4a_clopper_pearson_lower": (_Status, [c_int64, c_int64, c_double, _F64]),
}

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_lib_path: Optional[str] = None


def _candidates() -> list[tuple[str, str]]:
    """(description, path or bare name) pairs to try, in order."""
    package_dir = Path(__file__).resolve().parent
    found: list[tuple[str, str]] = []
    shipped = package_dir / "lib" / LIBRARY_FILE
    if shipped.is_file():
        found.append(("the copy shipped in the package", str(shipped)))
    # In a checkout, bindings/python/rs4a/_lib.py: the repository root is three levels up.
    if package_dir.parent.name == "python" and package_dir.parent.parent.name == "bindings":
        tree_build = package_dir.parents[2] / ".build" / "release" / LIBRARY_FILE
        if tree_build.is_file():
            found.append(("the source tree's release build", str(tree_build)))
    system = ctypes.util.find_library("rs4a")
    if system:
        found.append(("the system library path", system))
    found.append(("the dynamic linker's search path", LIBRARY_FILE))
    return found


def _declare(cdll: ctypes.CDLL, path: str) -> None:
    """Sets argtypes/restype of every function; fails listing any missing symbol."""
    missing = [name for name in SIGNATURES if not hasattr(cdll, name)]
    if missing:
        raise LibraryLoadError(
            f"{path} lacks {len(missing)} function(s) of include/rs4a.h: {', '.join(missing)} "
            "(an older or partial build? rebuild with `swift build -c release`)"
        )
    for name, (restype, argtypes) in SIGNATURES.items():
        fn = getattr(cdll, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _check_version(cdll: ctypes.CDLL, path: str) -> None:
    raw = cdll.rs4a_version()
    version = raw.decode("utf-8", "replace") if raw else ""
    major = version.split(".", 1)[0]
    if major != str(ABI_VERSION_MAJOR):
        raise LibraryLoadError(
            f"{path} is librs4a {version or '(no version)'}; this package needs major version {ABI_VERSION_MAJOR}"
        )


def _load() -> tuple[ctypes.CDLL, str]:
    explicit = os.environ.get("RS4A_LIBRARY")
    if explicit:
        if not os.path.isfile(explicit):
            raise LibraryLoadError(f"RS4A_LIBRARY={explicit!r} does not name an existing file")
        candidates = [("RS4A_LIBRARY", explicit)]
    else:
        candidates = _candidates()
    failures: list[str] = []
    for description, path in candidates:
        try:
            cdll = ctypes.CDLL(path)
        except OSError as error:
            failures.append(f"{description} ({path}): {error}")
            continue
        _declare(cdll, path)
        _check_version(cdll, path)
        return cdll, path
    raise LibraryLoadError(
        "could not load librs4a. Build it with `swift build -c release` (or `make build`) and either "
        "reinstall this package or set RS4A_LIBRARY=/path/to/" + LIBRARY_FILE + ". Tried: " + "; ".join(failures)
    )


def lib() -> ctypes.CDLL:
    """The loaded librs4a with every function declared (loaded on first call)."""
    global _lib, _lib_path
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib, _lib_path = _load()
    return _lib


def library_path() -> str:
    """The path (or bare name) librs4a was loaded from; loads it if needed."""
    lib()
    assert _lib_path is not None
    return _lib_path


def library_version() -> str:
    """The loaded library's version string, e.g. ``"0.2.0"``."""
    raw = lib().rs4a_version()
    return raw.decode("utf-8", "replace") if raw else ""


def last_error() -> str:
    """The calling thread's last library error message ("" if none)."""
    raw = lib().rs4a_last_error()
    return raw.decode("utf-8", "replace") if raw else ""


def status_name(status: int) -> str:
    """The constant name of a status ("RS4A_ERR_SHAPE", …)."""
    raw = lib().rs4a_status_name(status)
    return raw.decode("utf-8", "replace") if raw else f"status {status}"


def check(status: int) -> None:
    """Raises the exception matching a non-zero status, with the library's message.

    Must run right after the failing call on the same thread: the message is thread-local.
    """
    if status != 0:
        message = last_error()
        raise error_for_status(status, message, status_name(status))


def call(name: str, *args: Any) -> None:
    """Calls the status-returning function ``name`` and raises on failure."""
    fn: Callable[..., int] = getattr(lib(), name)
    check(fn(*args))
