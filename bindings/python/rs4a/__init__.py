"""rs4a — randomized smoothing of all shapes and sizes, over librs4a (ctypes, no torch needed).

Mirrors the reference code's usage::

    import rs4a
    from rs4a.models import ResNet
    from rs4a.noises import UniformNoise
    from rs4a.smooth import *

    model = ResNet(dataset="imagenet", device="cpu")
    model.load_state_dict(rs4a.load("imagenet_uniform_050.pt"))
    model.eval()
    noise = UniformNoise(device="cpu", dim=3 * 224 * 224, sigma=0.5)
    preds = smooth_predict_hard(model, x, noise, 64)
    top_cats = preds.probs.argmax(axis=1)
    prob_lb = certify_prob_lb(model, x, top_cats, 0.001, noise, 100000)
    radius = noise.certify(prob_lb, adv=1)

Inputs are numpy arrays (or torch tensors, giving tensors back). Randomness: pass
``seed=`` to sampling and smoothing calls, or call :func:`manual_seed` once.
"""
from __future__ import annotations

from . import models, noises, smooth
from ._lib import library_path, library_version
from ._random import initial_seed, manual_seed
from .categorical import Categorical
from .errors import (
    BadHandleError,
    CancelledError,
    DeviceWarning,
    FileAccessError,
    FormatError,
    InternalError,
    InvalidArgumentError,
    LibraryLoadError,
    NullPointerError,
    RS4AError,
    ShapeError,
    StateError,
    UnsupportedError,
)
from .state_dict import StateDict, load

__version__ = "0.2.0"

__all__ = [
    "__version__",
    "load",
    "StateDict",
    "Categorical",
    "manual_seed",
    "initial_seed",
    "library_path",
    "library_version",
    "models",
    "noises",
    "smooth",
    "RS4AError",
    "InvalidArgumentError",
    "NullPointerError",
    "BadHandleError",
    "ShapeError",
    "FileAccessError",
    "FormatError",
    "UnsupportedError",
    "CancelledError",
    "StateError",
    "InternalError",
    "LibraryLoadError",
    "DeviceWarning",
]
