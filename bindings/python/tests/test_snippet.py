"""The README's usage snippet, end to end on the shipped demo model (LeNet on digits, Uniform σ = 0.5)."""
from __future__ import annotations

import math

import numpy as np

import rs4a
from rs4a.models import LeNet
from rs4a.noises import UniformNoise
from rs4a.smooth import *  # noqa: F403 — the snippet's import, kept verbatim

from conftest import CHECKPOINT, DEMO_DIM, DEMO_SIGMA


def test_snippet_end_to_end(examples: np.ndarray, labels: np.ndarray) -> None:
    x = examples
    model = LeNet(dataset="mnist", device="cpu")
    model.load_state_dict(rs4a.load(str(CHECKPOINT)))
    model.eval()
    noise = UniformNoise(device="cpu", dim=DEMO_DIM, sigma=DEMO_SIGMA)
    noisy_x = noise.sample(x)
    preds = smooth_predict_hard(model, x, noise, 64)  # noqa: F405
    top_cats = preds.probs.argmax(axis=1)
    prob_lb = certify_prob_lb(model, x, top_cats, 0.001, noise, 2000)  # noqa: F405
    radius = noise.certify(prob_lb, adv=1)

    # Noisy copies: same shape, every coordinate moved by at most λ = √3 σ.
    lambd = math.sqrt(3) * DEMO_SIGMA
    assert noisy_x.shape == x.shape and noisy_x.dtype == np.float32
    assert np.abs(noisy_x - x).max() <= lambd * (1 + 1e-6)
    assert np.abs(noisy_x - x).max() > 0.9 * lambd  # 6272 uniform draws reach near the edge

    # Hard predictions are frequencies of 64 draws: rows sum to 1, multiples of 1/64.
    assert preds.probs.shape == (8, 10)
    np.testing.assert_allclose(preds.probs.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(preds.probs * 64, np.round(preds.probs * 64), atol=1e-9)
    # A model trained under this noise classifies most digits correctly.
    assert (top_cats == labels).sum() >= 6

    # Certified bounds are probabilities; most inputs are certified (ρ > ½).
    assert prob_lb.shape == (8,)
    assert np.all((prob_lb >= 0) & (prob_lb <= 1))
    assert (prob_lb > 0.5).sum() >= 6
    # Uniform ℓ1 radius = 2λ(ρ − ½), and 0 when ρ ≤ ½.
    expected = np.where(prob_lb > 0.5, 2 * lambd * (prob_lb - 0.5), 0.0)
    np.testing.assert_allclose(radius, expected, rtol=1e-12, atol=1e-15)


def test_snippet_loads_a_path_directly(examples: np.ndarray, demo_model: LeNet) -> None:
    by_path = LeNet("mnist")
    by_path.load_state_dict(CHECKPOINT)
    np.testing.assert_array_equal(by_path(examples), demo_model(examples))


def test_forward_gives_logits_that_classify_clean_digits(examples: np.ndarray, labels: np.ndarray,
                                                          demo_model: LeNet) -> None:
    logits = demo_model.forward(examples)
    assert logits.shape == (8, 10) and logits.dtype == np.float32
    assert np.all(np.isfinite(logits))
    assert (logits.argmax(axis=1) == labels).sum() >= 6
    # Flat n×784 input is the same images.
    np.testing.assert_array_equal(demo_model(examples.reshape(8, -1)), logits)
    # Batch-independence: one image at a time gives the same logits.
    np.testing.assert_allclose(demo_model(examples[3:4]), logits[3:4], rtol=1e-5, atol=1e-5)
