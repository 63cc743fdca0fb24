"""The smoothed classifier's forecast: a minimal stand-in for ``torch.distributions.Categorical``."""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ._arrays import like_input

__all__ = ["Categorical"]


class Categorical:
    """Class probabilities for a batch of inputs.

    Attributes:
        probs: n×classes float64 probabilities, each row summing to 1 (a tensor when the
            smoothed input was a tensor), e.g. ``preds.probs.argmax(axis=1)``.
        sample_size: the number of noisy draws they were estimated from (None if not sampled).
    """

    def __init__(self, probs: np.ndarray, sample_size: Optional[int] = None, as_tensor: bool = False) -> None:
        self._probs = np.asarray(probs, dtype=np.float64)
        self._as_tensor = as_tensor
        self.sample_size: Optional[int] = sample_size

    @property
    def probs(self) -> Any:
        """n×classes probabilities (numpy, or a tensor for tensor inputs)."""
        return like_input(self._probs, self._as_tensor)

    @property
    def logits(self) -> Any:
        """Log-probabilities (−inf for classes never drawn)."""
        with np.errstate(divide="ignore"):
            return like_input(np.log(self._probs), self._as_tensor)

    @property
    def mode(self) -> Any:
        """The most probable class per input (int64; the lowest index on ties)."""
        return like_input(self._probs.argmax(axis=-1).astype(np.int64), self._as_tensor)

    def entropy(self) -> Any:
        """Shannon entropy (nats) per input."""
        p = self._probs
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * np.log(p), 0.0)
        return like_input(-terms.sum(axis=-1), self._as_tensor)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The shape of the batch (the probabilities' shape without the class axis)."""
        return tuple(self._probs.shape[:-1])

    def __len__(self) -> int:
        return int(self._probs.shape[0]) if self._probs.ndim else 0

    def __repr__(self) -> str:
        n, k = (self._probs.shape + (0, 0))[:2]
        return f"Categorical(probs: {n}×{k}, sample_size={self.sample_size})"
