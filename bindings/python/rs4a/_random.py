"""Seeds for the library's counter-based generator.

Every sampling call in librs4a takes a 64-bit seed and is bit-reproducible given it.
The Python API lets callers pass ``seed=`` explicitly; when they do not, the seed is
drawn from a module-level generator, so consecutive calls use fresh, independent
noise (like torch's global RNG). That generator starts from OS entropy and can be
reset with :func:`manual_seed` to make a whole script reproducible.
"""
from __future__ import annotations

import secrets
import threading
from typing import Optional

import numpy as np

from ._arrays import UINT64_MAX, as_int

__all__ = ["manual_seed", "initial_seed", "resolve_seed"]

_lock = threading.Lock()
_initial: int = secrets.randbits(64)
_generator = np.random.Generator(np.random.PCG64(_initial))


def manual_seed(seed: int) -> None:
    """Resets the module generator: later calls without ``seed=`` become reproducible.

    Args:
        seed: any integer in [0, 2**64 - 1].
    """
    global _initial, _generator
    value = as_int(seed, "seed", 0, UINT64_MAX)
    with _lock:
        _initial = value
        _generator = np.random.Generator(np.random.PCG64(value))


def initial_seed() -> int:
    """The seed the module generator was last started from (OS entropy unless manual_seed was called)."""
    return _initial


def resolve_seed(seed: Optional[int]) -> int:
    """``seed`` itself when given (validated to [0, 2**64 - 1]), else a fresh draw from the module generator."""
    if seed is not None:
        return as_int(seed, "seed", 0, UINT64_MAX)
    with _lock:
        return int(_generator.integers(0, UINT64_MAX, dtype=np.uint64, endpoint=True))
