"""Base classifiers of the reference system, over ``rs4a_model``.

``ResNet(dataset="imagenet")`` is ResNet-50, ``ResNet(dataset="cifar")`` the classic
ResNet-110, and so on, as upstream ``src/models.py`` builds them; checkpoints trained
with upstream load unchanged. A model starts without weights: call
:meth:`Model.load_state_dict` with ``rs4a.load(path)``, a path, or a dict of arrays.
"""
from __future__ import annotations

import ctypes
import os
from collections.abc import Mapping
from ctypes import POINTER, c_float, c_int64
from typing import Any, Optional, Union

import numpy as np

from . import _lib
from ._arrays import ArrayLike, DeviceLike, as_array, as_int, check_device, is_tensor, like_input, ptr
from .errors import InvalidArgumentError, ShapeError
from .categorical import Categorical
from .state_dict import PathLike, StateDict

__all__ = [
    "Model",
    "Forecaster",
    "get_model",
    "ResNet",
    "WideResNet",
    "LeNet",
    "AlexNet",
    "MLP",
    "LinearModel",
    "ResNet18",
    "ResNet34",
    "ResNet50",
    "ResNet101",
    "ResNet152",
]

StateDictLike = Union[StateDict, PathLike, Mapping[str, Any]]


class Model:
    """A reference architecture for a dataset, with its normalisation layer built in.

    Attributes:
        architecture: the architecture name ("ResNet", "LeNet", …).
        dataset: the dataset name ("imagenet", "cifar", "mnist", …).
        input_shape: per-image (channels, height, width).
        num_classes: number of logits per image.
        device: the device asked for (always run on the CPU).
        training: the flag set by :meth:`train` / :meth:`eval` (no effect: inference only).
    """

    def __init__(self, architecture: str, dataset: str, device: DeviceLike = "cpu") -> None:
        """A model without weights yet.

        Raises:
            InvalidArgumentError: an unknown (architecture, dataset) pair; the library's
                message lists the known ones.
        """
        self._handle = None
        self.device: str = check_device(device, f"{architecture}({dataset!r})")
        handle = POINTER(_lib.ModelHandle)()
        _lib.call("rs4a_model_create", str(architecture).encode("utf-8"), str(dataset).encode("utf-8"),
                  ctypes.byref(handle))
        self._handle = handle
        self.architecture: str = str(architecture)
        self.dataset: str = str(dataset)
        self.training: bool = False
        channels, height, width, classes = c_int64(), c_int64(), c_int64(), c_int64()
        _lib.call("rs4a_model_info", handle, ctypes.byref(channels), ctypes.byref(height), ctypes.byref(width),
                  ctypes.byref(classes))
        self.input_shape: tuple[int, int, int] = (int(channels.value), int(height.value), int(width.value))
        self.num_classes: int = int(classes.value)

    @classmethod
    def from_checkpoint(cls, path: PathLike, dataset: str, architecture: Optional[str] = None,
                        device: DeviceLike = "cpu") -> "Model":
        """Builds the model and loads the checkpoint at ``path`` (strict key matching)."""
        if cls is Model:
            if architecture is None:
                raise InvalidArgumentError("Model.from_checkpoint needs architecture= (or use a subclass)")
            model = Model(architecture, dataset, device)
        else:
            model = cls(dataset, device)
        model.load_state_dict(path)
        return model

    # -- handle management -------------------------------------------------

    @property
    def handle(self) -> Any:
        """The raw ``rs4a_model *`` (for the other modules of this package)."""
        if not self._handle:
            raise InvalidArgumentError(f"this {self.architecture} model was closed")
        return self._handle

    def close(self) -> None:
        """Releases the library model; the object is unusable afterwards. Idempotent."""
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            _lib.lib().rs4a_model_free(handle)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # -- weights -------------------------------------------------------------

    def load_state_dict(self, state_dict: StateDictLike, strict: bool = True) -> None:
        """Loads weights, like ``torch.nn.Module.load_state_dict``.

        Args:
            state_dict: a :class:`~rs4a.StateDict` (``rs4a.load(path)``), a checkpoint
                path, or a mapping of names to numpy arrays / torch tensors (for example
                ``torch.load(path)``; a ``{"state_dict": …}`` wrapper is unwrapped).
            strict: report missing keys, unexpected keys and shape mismatches by name.

        Raises:
            FormatError: keys or shapes do not match; the model keeps its previous weights.
            FileAccessError: a path that cannot be read.
        """
        if isinstance(state_dict, StateDict):
            _lib.call("rs4a_model_load_state_dict", self.handle, state_dict.handle, 1 if strict else 0)
            return
        if isinstance(state_dict, (str, bytes, os.PathLike)):
            owned = StateDict.from_file(state_dict)
        elif isinstance(state_dict, Mapping):
            owned = StateDict.from_mapping(state_dict)
        else:
            raise TypeError(
                "state_dict must be an rs4a.StateDict, a checkpoint path or a mapping of arrays, "
                f"got {type(state_dict).__name__}"
            )
        with owned:
            _lib.call("rs4a_model_load_state_dict", self.handle, owned.handle, 1 if strict else 0)

    def set_threads(self, threads: int) -> "Model":
        """Worker threads for every call on this model (0 = RS4A_NUM_THREADS or the core count)."""
        _lib.call("rs4a_model_set_threads", self.handle, as_int(threads, "threads", 0, 2**31 - 1))
        return self

    # -- inference -----------------------------------------------------------

    @property
    def dim(self) -> int:
        """Values per image, C·H·W (the ``dim`` a noise for this model needs)."""
        c, h, w = self.input_shape
        return c * h * w

    def prepare_input(self, x: ArrayLike) -> tuple[np.ndarray, int, bool]:
        """``x`` as a contiguous float32 n×C×H×W array, with n and whether it was a tensor.

        Accepts n×C×H×W or n×(C·H·W). Raises ShapeError otherwise.
        """
        as_tensor = is_tensor(x)
        values = as_array(x, np.float32, "x")
        c, h, w = self.input_shape
        if values.ndim == 4 and values.shape[1:] == (c, h, w):
            return values, int(values.shape[0]), as_tensor
        if values.ndim == 2 and values.shape[1] == c * h * w:
            return values.reshape(-1, c, h, w), int(values.shape[0]), as_tensor
        raise ShapeError(
            f"x must have shape (n, {c}, {h}, {w}) or (n, {c * h * w}) for {self.architecture}/{self.dataset}, "
            f"got {tuple(values.shape)}"
        )

    def forward(self, x: ArrayLike) -> Any:
        """Logits for a batch: x is n×C×H×W (or n×C·H·W), the result n×num_classes float32.

        Returns a tensor when ``x`` is a tensor.

        Raises:
            ShapeError: ``x`` does not match ``input_shape``.
            InvalidArgumentError: ``x`` holds a NaN or infinite value.
            StateError: no weights loaded yet.
        """
        values, n, as_tensor = self.prepare_input(x)
        logits = np.empty((n, self.num_classes), dtype=np.float32)
        if n:
            _lib.call("rs4a_model_forward", self.handle, ptr(values, c_float), n, ptr(logits, c_float))
        return like_input(logits, as_tensor)

    __call__ = forward

    def forecast(self, logits: ArrayLike) -> Categorical:
        """The categorical forecast for logits (softmax), as upstream's ``Forecaster.forecast``."""
        as_tensor = is_tensor(logits)
        values = as_array(logits, np.float64, "logits")
        shifted = np.exp(values - values.max(axis=-1, keepdims=True))
        return Categorical(shifted / shifted.sum(axis=-1, keepdims=True), as_tensor=as_tensor)

    # -- torch.nn.Module compatibility ---------------------------------------

    def eval(self) -> "Model":
        """Evaluation mode (always the case: rs4a does inference only). Returns self."""
        self.training = False
        return self

    def train(self, mode: bool = True) -> "Model":
        """Sets the ``training`` flag for compatibility; computation is unchanged (BatchNorm uses
        running statistics, no dropout). Returns self."""
        self.training = bool(mode)
        return self

    def to(self, device: DeviceLike) -> "Model":
        """Accepted for compatibility: warns for non-CPU devices and stays on the CPU. Returns self."""
        self.device = check_device(device, f"{self.architecture}.to")
        return self

    def cpu(self) -> "Model":
        """Returns self (already on the CPU)."""
        self.device = "cpu"
        return self

    def __repr__(self) -> str:
        c, h, w = self.input_shape
        return f"{self.architecture}(dataset={self.dataset!r}, input=({c}, {h}, {w}), classes={self.num_classes})"


#: Upstream's name for the model base class.
Forecaster = Model


class ResNet(Model):
    """ResNet-50 for ImageNet, the classic ResNet-110 for 32×32 datasets."""

    def __init__(self, dataset: str, device: DeviceLike = "cpu") -> None:
        """A ResNet for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("ResNet", dataset, device)


class WideResNet(Model):
    """WRN-40-2 for 32×32 datasets."""

    def __init__(self, dataset: str, device: DeviceLike = "cpu") -> None:
        """A WideResNet for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("WideResNet", dataset, device)


class LeNet(Model):
    """LeNet-5 for 28×28 greyscale and 32×32 colour datasets."""

    def __init__(self, dataset: str, device: DeviceLike = "cpu") -> None:
        """A LeNet for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("LeNet", dataset, device)


class AlexNet(Model):
    """The reference's CIFAR-sized AlexNet."""

    def __init__(self, dataset: str, device: DeviceLike = "cpu") -> None:
        """A AlexNet for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("AlexNet", dataset, device)


class MLP(Model):
    """Flatten, then two hidden layers (2048, 512) with ReLU."""

    def __init__(self, dataset: str, device: DeviceLike = "cpu") -> None:
        """A MLP for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("MLP", dataset, device)


class LinearModel(Model):
    """One linear layer on the flattened, normalised input."""

    def __init__(self, dataset: str, device: DeviceLike = "cpu") -> None:
        """A LinearModel for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("LinearModel", dataset, device)


class ResNet18(Model):
    """torchvision ResNet-18 (ImageNet only)."""

    def __init__(self, dataset: str = "imagenet", device: DeviceLike = "cpu") -> None:
        """A ResNet18 for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("ResNet18", dataset, device)


class ResNet34(Model):
    """torchvision ResNet-34 (ImageNet only)."""

    def __init__(self, dataset: str = "imagenet", device: DeviceLike = "cpu") -> None:
        """A ResNet34 for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("ResNet34", dataset, device)


class ResNet50(Model):
    """torchvision ResNet-50 (ImageNet only)."""

    def __init__(self, dataset: str = "imagenet", device: DeviceLike = "cpu") -> None:
        """A ResNet50 for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("ResNet50", dataset, device)


class ResNet101(Model):
    """torchvision ResNet-101 (ImageNet only)."""

    def __init__(self, dataset: str = "imagenet", device: DeviceLike = "cpu") -> None:
        """A ResNet101 for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("ResNet101", dataset, device)


class ResNet152(Model):
    """torchvision ResNet-152 (ImageNet only)."""

    def __init__(self, dataset: str = "imagenet", device: DeviceLike = "cpu") -> None:
        """A ResNet152 for ``dataset`` without weights yet (see :class:`Model`)."""
        super().__init__("ResNet152", dataset, device)


def get_model(architecture: str, dataset: str, device: DeviceLike = "cpu") -> Model:
    """A model by architecture name (upstream's ``eval(args.model)(dataset, device)``)."""
    cls = globals().get(architecture)
    if isinstance(cls, type) and issubclass(cls, Model) and cls is not Model:
        return cls(dataset, device)
    return Model(architecture, dataset, device)
