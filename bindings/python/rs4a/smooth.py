"""Randomized smoothing: predictions, probability lower bounds and certificates.

Names, argument orders and defaults follow upstream ``src/smooth.py``
(``smooth_predict_hard(model, x, noise, sample_size=64, noise_batch_size=512)``,
``certify_prob_lb(model, x, top_cats, alpha, noise, sample_size=10**5, noise_batch_size=512)``),
plus Cohen et al.'s ``certify`` and ``predict`` with abstention. Extra options are
keyword-only:

- ``seed``: 64-bit seed of the noise draws; the same seed and arguments give the same
  result, for any thread count. Default: a fresh seed from the module generator
  (:func:`rs4a.manual_seed` makes those reproducible). Do not reuse one explicit seed
  for a prediction and the certification of the same inputs: their draws must be independent.
- ``threads``: worker threads (0 = the model's setting).
- ``progress``: ``progress(done, total)`` called now and then during long runs; return
  True to cancel (:class:`~rs4a.CancelledError`). An exception raised in it cancels
  the run and is re-raised. Ctrl-C (KeyboardInterrupt) stops a run too.
"""
from __future__ import annotations

import ctypes
import signal
import threading
from typing import Any, Callable, NamedTuple, Optional

import numpy as np
from ctypes import c_double, c_float, c_int64

from . import _lib
from ._arrays import ArrayLike, as_array, as_float, as_int, like_input, ptr
from ._random import resolve_seed
from .categorical import Categorical
from .errors import CancelledError, ShapeError
from .models import Model
from .noises import Noise, _adversary

__all__ = [
    "ABSTAIN",
    "Categorical",
    "Certificate",
    "certify",
    "certify_prob_lb",
    "clopper_pearson_lower",
    "predict",
    "smooth_predict_hard",
    "smooth_predict_soft",
]

#: The class returned by :func:`certify` and :func:`predict` when the smoothed classifier abstains.
ABSTAIN = -1

ProgressCallback = Callable[[int, int], Optional[bool]]


class Certificate(NamedTuple):
    """Result of :func:`certify`, one entry per input."""

    #: The certified class, or ABSTAIN (-1).
    classes: Any
    #: The certified ℓp radius (0 when abstaining).
    radius: Any
    #: The Clopper–Pearson lower bound on the class's probability.
    prob_lb: Any


def _no_progress(done: int, total: int) -> None:
    """Installed when the caller gives no callback, so that Ctrl-C can still stop a long run."""


class _Progress:
    """Adapts a Python callback to ``rs4a_progress_fn``.

    It keeps any exception the callback raises (exceptions cannot cross C frames) and
    cancels the run when Ctrl-C was pressed (see :func:`_run`).
    """

    def __init__(self, callback: ProgressCallback) -> None:
        self.callback = callback
        self.error: Optional[BaseException] = None
        self.interrupted = False
        self.c_function = _lib.ProgressFn(self._call)

    def _call(self, done: int, total: int, _user_data: Any) -> int:
        try:
            if self.interrupted:
                return 1
            return 1 if self.callback(int(done), int(total)) else 0
        except BaseException as error:  # stop the run; _run re-raises it
            self.error = error
            return 1

    def _on_sigint(self, signum: int, frame: Any) -> None:
        self.interrupted = True


def _options(noise_batch_size: int, seed: Optional[int], threads: int, two_sided: bool,
             progress: Optional[ProgressCallback]) -> tuple[_lib.SmoothOptions, _Progress]:
    options = _lib.SmoothOptions()
    _lib.call("rs4a_smooth_options_init", ctypes.byref(options), ctypes.sizeof(options))
    options.noise_batch_size = as_int(noise_batch_size, "noise_batch_size", 1)
    options.seed = resolve_seed(seed)
    options.threads = as_int(threads, "threads", 0, 2**31 - 1)
    options.two_sided = 1 if two_sided else 0
    adapter = _Progress(progress if progress is not None else _no_progress)
    options.progress = adapter.c_function
    return options, adapter


def _run(name: str, adapter: _Progress, *args: Any) -> None:
    """Calls a smoothing function, interruptible with Ctrl-C.

    On the main thread, while Python's default SIGINT handler is in place, Ctrl-C only
    sets a flag that the progress callback turns into a cancellation; KeyboardInterrupt
    is raised once the library has returned. A progress callback's own exception is
    re-raised instead of the library's CancelledError.
    """
    takeover = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if takeover:
        signal.signal(signal.SIGINT, adapter._on_sigint)
    try:
        _lib.call(name, *args)
    except CancelledError:
        if adapter.error is not None:
            raise adapter.error from None
        if adapter.interrupted:
            raise KeyboardInterrupt from None
        raise
    finally:
        if takeover:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    if adapter.interrupted:  # pressed as the run finished
        raise KeyboardInterrupt


def _smooth_predict(model: Model, x: ArrayLike, noise: Noise, sample_size: int, noise_batch_size: int,
                    soft: bool, seed: Optional[int], threads: int,
                    progress: Optional[ProgressCallback]) -> Categorical:
    values, n, as_tensor = model.prepare_input(x)
    samples = as_int(sample_size, "sample_size", 1)
    options, adapter = _options(noise_batch_size, seed, threads, False, progress)
    probs = np.zeros((n, model.num_classes), dtype=np.float64)
    if n:
        _run("rs4a_smooth_predict", adapter, model.handle, noise.handle, ptr(values, c_float), n, samples,
             1 if soft else 0, ctypes.byref(options), ptr(probs, c_double))
    return Categorical(probs, sample_size=samples, as_tensor=as_tensor)


def smooth_predict_hard(model: Model, x: ArrayLike, noise: Noise, sample_size: int = 64,
                        noise_batch_size: int = 512, *, seed: Optional[int] = None, threads: int = 0,
                        progress: Optional[ProgressCallback] = None) -> Categorical:
    """Hard smoothed prediction: frequencies of argmax f(x + δ) over ``sample_size`` draws per input.

    Args:
        model: the base classifier.
        x: n×C×H×W inputs (numpy array or tensor).
        noise: a noise whose ``dim`` is C·H·W.
        sample_size: noisy draws per input.
        noise_batch_size: noisy copies per forward pass.

    Returns:
        A :class:`Categorical` whose ``probs`` (n×classes) are the class frequencies.
    """
    return _smooth_predict(model, x, noise, sample_size, noise_batch_size, False, seed, threads, progress)


def smooth_predict_soft(model: Model, x: ArrayLike, noise: Noise, sample_size: int = 64,
                        noise_batch_size: int = 512, *, seed: Optional[int] = None, threads: int = 0,
                        progress: Optional[ProgressCallback] = None) -> Categorical:
    """Soft smoothed prediction: the mean of softmax f(x + δ) over ``sample_size`` draws per input.

    Arguments as :func:`smooth_predict_hard`. Returns a :class:`Categorical`.
    """
    return _smooth_predict(model, x, noise, sample_size, noise_batch_size, True, seed, threads, progress)


def _classes(top_cats: ArrayLike, n: int) -> np.ndarray:
    classes = as_array(top_cats, np.int64, "top_cats").reshape(-1)
    if classes.size != n:
        raise ShapeError(f"top_cats must hold one class per input ({n}), got {classes.size}")
    return classes


def certify_prob_lb(model: Model, x: ArrayLike, top_cats: ArrayLike, alpha: float, noise: Noise,
                    sample_size: int = 10**5, noise_batch_size: int = 512, *, seed: Optional[int] = None,
                    two_sided: bool = False, threads: int = 0,
                    progress: Optional[ProgressCallback] = None) -> Any:
    """Lower confidence bounds ρ on P[f(x + δ) = top_cats[i]] from ``sample_size`` fresh draws.

    The one-sided Clopper–Pearson bound at level ``alpha`` (0 when no draw hits the class);
    ``two_sided=True`` gives upstream's two-sided interval's lower end (level alpha/2).

    Returns:
        n float64 bounds (a tensor when ``x`` is a tensor), ready for ``noise.certify``.
    """
    values, n, as_tensor = model.prepare_input(x)
    classes = _classes(top_cats, n)
    options, adapter = _options(noise_batch_size, seed, threads, two_sided, progress)
    prob_lb = np.zeros(n, dtype=np.float64)
    if n:
        _run("rs4a_certify_prob_lb", adapter, model.handle, noise.handle, ptr(values, c_float), n,
             ptr(classes, c_int64), as_float(alpha, "alpha"), as_int(sample_size, "sample_size", 1),
             ctypes.byref(options), ptr(prob_lb, c_double))
    return like_input(prob_lb, as_tensor)


def certify(model: Model, x: ArrayLike, noise: Noise, n0: int, n: int, alpha: float, adv: Any,
            noise_batch_size: int = 512, *, seed: Optional[int] = None, threads: int = 0,
            progress: Optional[ProgressCallback] = None) -> Certificate:
    """Cohen et al.'s CERTIFY for each input: pick the class from ``n0`` draws, bound its
    probability from ``n`` fresh draws at level ``alpha``, and certify the ℓp radius for
    p = ``adv`` — or abstain (class ABSTAIN, radius 0) when the bound is ≤ ½.

    Returns:
        A :class:`Certificate` ``(classes, radius, prob_lb)`` of n-length arrays.
    """
    values, count, as_tensor = model.prepare_input(x)
    options, adapter = _options(noise_batch_size, seed, threads, False, progress)
    classes = np.full(count, ABSTAIN, dtype=np.int64)
    radius = np.zeros(count, dtype=np.float64)
    prob_lb = np.zeros(count, dtype=np.float64)
    if count:
        _run("rs4a_certify", adapter, model.handle, noise.handle, ptr(values, c_float), count,
             as_int(n0, "n0", 1), as_int(n, "n", 1), as_float(alpha, "alpha"), _adversary(adv),
             ctypes.byref(options), ptr(classes, c_int64), ptr(radius, c_double), ptr(prob_lb, c_double))
    return Certificate(like_input(classes, as_tensor), like_input(radius, as_tensor), like_input(prob_lb, as_tensor))


def predict(model: Model, x: ArrayLike, noise: Noise, n: int, alpha: float, noise_batch_size: int = 512, *,
            seed: Optional[int] = None, threads: int = 0, progress: Optional[ProgressCallback] = None) -> Any:
    """Cohen et al.'s PREDICT: the top class from ``n`` draws per input, or ABSTAIN (-1) when a
    two-sided binomial test of the top two counts at ½ has p-value > ``alpha``.

    Returns:
        n int64 classes (a tensor when ``x`` is a tensor).
    """
    values, count, as_tensor = model.prepare_input(x)
    options, adapter = _options(noise_batch_size, seed, threads, False, progress)
    classes = np.full(count, ABSTAIN, dtype=np.int64)
    if count:
        _run("rs4a_predict", adapter, model.handle, noise.handle, ptr(values, c_float), count,
             as_int(n, "n", 1), as_float(alpha, "alpha"), ctypes.byref(options), ptr(classes, c_int64))
    return like_input(classes, as_tensor)


def clopper_pearson_lower(k: int, n: int, alpha: float) -> float:
    """One-sided Clopper–Pearson lower bound for ``k`` successes in ``n`` trials at level ``alpha``."""
    lower = c_double()
    _lib.call("rs4a_clopper_pearson_lower", as_int(k, "k"), as_int(n, "n"), as_float(alpha, "alpha"),
              ctypes.byref(lower))
    return float(lower.value)
