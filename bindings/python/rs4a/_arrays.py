"""Conversions between user arrays (numpy, or torch tensors when torch is installed) and
the contiguous buffers librs4a reads and writes.

torch is never imported here: a tensor can only exist if the caller imported torch
already, so looking it up in ``sys.modules`` is enough.
"""
from __future__ import annotations

import ctypes
import operator
import sys
import warnings
from typing import Any, Union

import numpy as np

from .errors import DeviceWarning, InvalidArgumentError

ArrayLike = Any  # numpy array, torch tensor, or anything np.asarray accepts
DeviceLike = Union[str, Any]  # "cpu", "cuda", "cuda:0", or a torch.device

INT64_MAX = 2**63 - 1
UINT64_MAX = 2**64 - 1


def is_tensor(value: Any) -> bool:
    """True when ``value`` is a torch tensor (without importing torch)."""
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def as_array(value: ArrayLike, dtype: Any, name: str) -> np.ndarray:
    """A C-contiguous numpy array of ``dtype`` with ``value``'s data (copied only if needed)."""
    if is_tensor(value):
        value = value.detach().cpu().numpy()
    try:
        array = np.ascontiguousarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a numeric array (numpy or torch), got {type(value).__name__}: {error}") from None
    return array


def like_input(array: np.ndarray, as_tensor: bool) -> Any:
    """``array`` itself, or a CPU torch tensor sharing its memory when the input was a tensor."""
    if as_tensor:
        torch = sys.modules["torch"]
        return torch.from_numpy(array)
    return array


def ptr(array: np.ndarray, ctype: Any) -> Any:
    """A typed pointer to ``array``'s data (the array must stay alive during the call)."""
    return array.ctypes.data_as(ctypes.POINTER(ctype))


def as_int(value: Any, name: str, low: int = 0, high: int = INT64_MAX) -> int:
    """``value`` as a Python int in [low, high], or an InvalidArgumentError naming ``name``."""
    if isinstance(value, bool):
        raise InvalidArgumentError(f"{name} must be an integer, got a bool ({value})")
    try:
        number = operator.index(value)
    except TypeError:
        if is_tensor(value) and value.numel() == 1:
            number = int(value.item())
        else:
            raise InvalidArgumentError(f"{name} must be an integer, got {value!r}") from None
    if not low <= number <= high:
        raise InvalidArgumentError(f"{name} must be in [{low}, {high}], got {number}")
    return number


def as_float(value: Any, name: str) -> float:
    """``value`` as a Python float, or an InvalidArgumentError naming ``name``."""
    if is_tensor(value) and value.numel() == 1:
        value = value.item()
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name} must be a number, got {value!r}") from None


def check_device(device: DeviceLike, owner: str) -> str:
    """The device as a string; warns (DeviceWarning) when it is not the CPU: rs4a runs on the CPU."""
    text = str(device)
    if text.split(":", 1)[0] != "cpu":
        warnings.warn(
            f"{owner}: device={text!r} requested, but rs4a runs on the CPU only; using the CPU",
            DeviceWarning,
            stacklevel=3,
        )
    return text
