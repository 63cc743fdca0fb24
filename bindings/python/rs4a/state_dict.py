"""Checkpoint tensors by name: :class:`StateDict` over ``rs4a_state_dict`` and :func:`load`."""
from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator, Mapping
from ctypes import POINTER, c_char_p, c_float, c_int64
from typing import Any, Optional, Union

import numpy as np

from . import _lib
from ._arrays import as_array, is_tensor, ptr
from .errors import InvalidArgumentError

__all__ = ["StateDict", "load", "PathLike"]

PathLike = Union[str, "os.PathLike[str]"]

class StateDict(Mapping[str, np.ndarray]):
    """Named float tensors held by librs4a, as read from a checkpoint or built tensor by tensor.

    A read-only mapping from key to a float32 numpy array (copied out on access), plus
    :meth:`add`. Pass it to ``Model.load_state_dict``. The library memory is released by
    :meth:`close`, by leaving a ``with`` block, or when the object is collected.
    """

    def __init__(self) -> None:
        """An empty state dict, to be filled with :meth:`add`."""
        handle = POINTER(_lib.StateDictHandle)()
        _lib.call("rs4a_state_dict_create", ctypes.byref(handle))
        self._handle: Optional[Any] = handle
        self._index: Optional[dict[str, int]] = None

    @classmethod
    def from_file(cls, path: PathLike) -> "StateDict":
        """Reads a PyTorch checkpoint (zip or legacy format) or a safetensors file.

        Nested dicts such as ``{"state_dict": …}`` are unwrapped by the library.

        Raises:
            FileAccessError: the file cannot be opened or read.
            FormatError: the file is malformed, truncated or not a checkpoint.
        """
        handle = POINTER(_lib.StateDictHandle)()
        _lib.call("rs4a_state_dict_load", os.fsencode(path), ctypes.byref(handle))
        state = cls.__new__(cls)
        state._handle = handle
        state._index = None
        return state

    @classmethod
    def from_mapping(cls, tensors: Mapping[str, Any]) -> "StateDict":
        """Copies a dict of arrays (numpy arrays or torch tensors, e.g. ``torch.load`` output).

        A ``{"state_dict": {...}}`` wrapper is unwrapped like the library does for files.
        Values are converted to float32 (integer buffers such as ``num_batches_tracked`` too).

        Raises:
            TypeError: a key is not a string or a value is not numeric.
        """
        inner = tensors.get("state_dict") if isinstance(tensors, Mapping) else None
        if isinstance(inner, Mapping):
            tensors = inner
        state = cls()
        try:
            for key, value in tensors.items():
                if not isinstance(key, str):
                    raise TypeError(f"state dict keys must be strings, got {key!r}")
                state.add(key, value)
        except BaseException:
            state.close()
            raise
        return state

    # -- handle management -------------------------------------------------

    @property
    def handle(self) -> Any:
        """The raw ``rs4a_state_dict *`` (for the other modules of this package)."""
        if not self._handle:
            raise InvalidArgumentError("this StateDict was closed")
        return self._handle

    def close(self) -> None:
        """Releases the library memory; the object is unusable afterwards. Idempotent."""
        handle, self._handle = getattr(self, "_handle", None), None
        self._index = None
        if handle:
            _lib.lib().rs4a_state_dict_free(handle)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may already be gone
            pass

    def __enter__(self) -> "StateDict":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- mapping interface -------------------------------------------------

    def _keys(self) -> dict[str, int]:
        handle = self.handle  # raises once closed, even with a cached index
        if self._index is None:
            count = c_int64()
            _lib.call("rs4a_state_dict_count", handle, ctypes.byref(count))
            index: dict[str, int] = {}
            for i in range(count.value):
                key = c_char_p()
                _lib.call("rs4a_state_dict_key", handle, i, ctypes.byref(key))
                index[(key.value or b"").decode("utf-8", "replace")] = i
            self._index = index
        return self._index

    def __len__(self) -> int:
        return len(self._keys())

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._keys()))

    def __contains__(self, key: object) -> bool:
        return key in self._keys()

    def shape(self, key: str) -> tuple[int, ...]:
        """The shape of tensor ``key`` without copying its values."""
        return self._shape(self._keys()[key])

    def _shape(self, index: int) -> tuple[int, ...]:
        # First the rank alone (shape = NULL), then the dimensions into a buffer of that size.
        rank = c_int64()
        _lib.call("rs4a_state_dict_shape", self.handle, index, ctypes.byref(rank), None, 0)
        dims = (c_int64 * max(rank.value, 1))()
        _lib.call("rs4a_state_dict_shape", self.handle, index, ctypes.byref(rank), dims, len(dims))
        return tuple(int(dims[i]) for i in range(rank.value))

    def __getitem__(self, key: str) -> np.ndarray:
        """A float32 copy of tensor ``key``, in its checkpoint shape."""
        index = self._keys()[key]
        shape = self._shape(index)
        values = np.empty(shape, dtype=np.float32)
        _lib.call("rs4a_state_dict_read", self.handle, index, ptr(values, c_float), values.size)
        return values

    def add(self, key: str, value: Any) -> None:
        """Adds (or replaces) tensor ``key`` with a float32 copy of ``value`` (numpy array or tensor)."""
        if not isinstance(key, str):
            raise TypeError(f"state dict keys must be strings, got {key!r}")
        if not (isinstance(value, (np.ndarray, np.generic, int, float)) or is_tensor(value)):
            raise TypeError(f"state dict value for {key!r} must be a numpy array or torch tensor, got {type(value).__name__}")
        values = as_array(value, np.float32, f"state dict value for {key!r}")
        shape = np.asarray(values.shape, dtype=np.int64)
        _lib.call(
            "rs4a_state_dict_add",
            self.handle,
            key.encode("utf-8"),
            ptr(shape, c_int64),
            values.ndim,
            ptr(values, c_float),
            values.size,
        )
        self._index = None

    def to_dict(self) -> dict[str, np.ndarray]:
        """Every tensor as a plain dict of float32 numpy arrays."""
        return {key: self[key] for key in self}

    def __repr__(self) -> str:
        if not getattr(self, "_handle", None):
            return "StateDict(<closed>)"
        return f"StateDict({len(self)} tensors)"


def load(path: PathLike, map_location: Any = None, **kwargs: Any) -> StateDict:
    """Reads a checkpoint file, like ``torch.load(path)`` for a saved state dict.

    Args:
        path: a PyTorch checkpoint (zip or legacy format) or a safetensors file.
        map_location: accepted for compatibility with ``torch.load`` and ignored
            (tensors always live in host memory).
        **kwargs: other ``torch.load`` keywords (e.g. ``weights_only``), ignored.

    Returns:
        A :class:`StateDict` to pass to ``Model.load_state_dict``.
    """
    return StateDict.from_file(path)
