"""Smoothed prediction, probability bounds, Cohen-style certify/predict, seeds and progress."""
from __future__ import annotations

import math

import numpy as np
import pytest

import rs4a
from rs4a.models import LeNet
from rs4a.noises import Clean, Uniform
from rs4a.smooth import (
    ABSTAIN,
    certify,
    certify_prob_lb,
    clopper_pearson_lower,
    predict,
    smooth_predict_hard,
    smooth_predict_soft,
)

from conftest import DEMO_DIM, DEMO_SIGMA


@pytest.fixture
def noise() -> Uniform:
    return Uniform(dim=DEMO_DIM, sigma=DEMO_SIGMA)


def test_clopper_pearson_closed_forms() -> None:
    # k = n: the bound solves p^n = α, so p = α^(1/n); k = 0: 0.
    assert clopper_pearson_lower(100, 100, 0.001) == pytest.approx(0.001 ** (1 / 100), rel=1e-10)
    assert clopper_pearson_lower(0, 100, 0.001) == 0.0
    # n = 1, k = 1: p = α.
    assert clopper_pearson_lower(1, 1, 0.05) == pytest.approx(0.05, rel=1e-10)
    # Monotone in k and below the point estimate.
    bounds = [clopper_pearson_lower(k, 50, 0.01) for k in range(51)]
    assert all(a < b for a, b in zip(bounds, bounds[1:]))
    assert all(b <= k / 50 for k, b in enumerate(bounds))


def test_clean_noise_bound_is_exact(demo_model: LeNet, examples: np.ndarray) -> None:
    # Without noise every draw returns the clean prediction, so k = n and ρ = α^(1/n).
    clean = Clean(dim=DEMO_DIM)
    top = demo_model(examples).argmax(axis=1)
    n = 50
    rho = certify_prob_lb(demo_model, examples, top, 0.01, clean, n, seed=0)
    np.testing.assert_allclose(rho, 0.01 ** (1 / n), rtol=1e-10)
    other = (top + 1) % 10
    np.testing.assert_array_equal(certify_prob_lb(demo_model, examples, other, 0.01, clean, n, seed=0), 0.0)
    hard = smooth_predict_hard(demo_model, examples, clean, 16)
    np.testing.assert_array_equal(hard.probs.argmax(axis=1), top)
    np.testing.assert_array_equal(hard.probs.max(axis=1), 1.0)


def test_two_sided_bound_is_lower(demo_model: LeNet, examples: np.ndarray, noise: Uniform) -> None:
    top = smooth_predict_hard(demo_model, examples, noise, 64, seed=1).probs.argmax(axis=1)
    one = certify_prob_lb(demo_model, examples, top, 0.01, noise, 500, seed=2)
    two = certify_prob_lb(demo_model, examples, top, 0.01, noise, 500, seed=2, two_sided=True)
    assert np.all(two <= one) and np.any(two < one)


def test_soft_predictions_are_distributions(demo_model: LeNet, examples: np.ndarray, noise: Uniform,
                                            labels: np.ndarray) -> None:
    soft = smooth_predict_soft(demo_model, examples, noise, 32, seed=3)
    probs = soft.probs
    assert probs.shape == (8, 10) and soft.sample_size == 32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    assert np.all(probs > 0)  # softmax never gives exact zeros at these logits
    assert (probs.argmax(axis=1) == labels).sum() >= 6
    np.testing.assert_array_equal(soft.mode, probs.argmax(axis=1))


def test_batch_size_does_not_change_seeded_results(demo_model: LeNet, examples: np.ndarray,
                                                   noise: Uniform) -> None:
    a = smooth_predict_hard(demo_model, examples, noise, 100, noise_batch_size=512, seed=9).probs
    b = smooth_predict_hard(demo_model, examples, noise, 100, noise_batch_size=7, seed=9).probs
    c = smooth_predict_hard(demo_model, examples, noise, 100, noise_batch_size=512, seed=9, threads=1).probs
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    d = smooth_predict_hard(demo_model, examples, noise, 100, seed=10).probs
    assert not np.array_equal(a, d)


def test_few_draws_of_several_inputs_are_the_same_on_one_or_two_threads(demo_model: LeNet, examples: np.ndarray,
                                                                         noise: Uniform) -> None:
    # The snippet's smooth_predict_hard(…, 64) and certify's n0 = 64: fewer draws than one unit of
    # work per input, so the workers share the units of several inputs — with the same results.
    one = smooth_predict_hard(demo_model, examples, noise, 64, seed=12, threads=1).probs
    two = smooth_predict_hard(demo_model, examples, noise, 64, seed=12, threads=2).probs
    np.testing.assert_array_equal(one, two)
    a = certify(demo_model, examples, noise, 64, 300, 0.001, 1, seed=13, threads=1)
    b = certify(demo_model, examples, noise, 64, 300, 0.001, 1, seed=13, threads=2)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def test_certify_matches_its_parts(demo_model: LeNet, examples: np.ndarray, labels: np.ndarray,
                                   noise: Uniform) -> None:
    cert = certify(demo_model, examples, noise, 64, 1000, 0.001, 1, seed=4)
    classes, radius, prob_lb = cert
    assert classes.dtype == np.int64 and classes.shape == (8,)
    certified = classes != ABSTAIN
    assert certified.sum() >= 6
    assert np.all(classes[certified] == labels[certified]) or (classes[certified] == labels[certified]).sum() >= 6
    assert np.all(prob_lb[certified] > 0.5)
    lambd = math.sqrt(3) * DEMO_SIGMA
    np.testing.assert_allclose(radius[certified], 2 * lambd * (prob_lb[certified] - 0.5), rtol=1e-12)
    np.testing.assert_array_equal(radius[~certified], 0.0)
    again = certify(demo_model, examples, noise, 64, 1000, 0.001, 1, seed=4)
    np.testing.assert_array_equal(again.prob_lb, prob_lb)


def test_predict_abstains_on_a_coin_flip(demo_model: LeNet, examples: np.ndarray, labels: np.ndarray,
                                         noise: Uniform) -> None:
    classes = predict(demo_model, examples, noise, 200, 0.001, seed=5)
    assert classes.shape == (8,) and np.all((classes == ABSTAIN) | ((classes >= 0) & (classes < 10)))
    assert (classes == labels).sum() >= 6
    # Noise so large the digits vanish: the test cannot separate the top two at α = 1e-6 from 10 draws.
    huge = Uniform(dim=DEMO_DIM, sigma=50.0)
    blurred = predict(demo_model, examples, huge, 10, 1e-6, seed=6)
    np.testing.assert_array_equal(blurred, ABSTAIN)


def test_progress_reports_and_cancels(demo_model: LeNet, examples: np.ndarray, noise: Uniform) -> None:
    seen: list[tuple[int, int]] = []
    smooth_predict_hard(demo_model, examples, noise, 2000, noise_batch_size=100, seed=1,
                        progress=lambda done, total: seen.append((done, total)))
    assert seen, "the progress callback was never called"
    assert all(0 <= done <= total for done, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    with pytest.raises(rs4a.CancelledError):
        smooth_predict_hard(demo_model, examples, noise, 2000, noise_batch_size=100, progress=lambda d, t: True)

    class Stop(Exception):
        pass

    def boom(done: int, total: int) -> None:
        raise Stop("from the callback")

    with pytest.raises(Stop, match="from the callback"):
        certify_prob_lb(demo_model, examples, np.zeros(8, dtype=np.int64), 0.01, noise, 2000,
                        noise_batch_size=100, progress=boom)


def test_empty_batch(demo_model: LeNet, noise: Uniform) -> None:
    empty = np.zeros((0, 1, 28, 28), dtype=np.float32)
    assert smooth_predict_hard(demo_model, empty, noise, 8).probs.shape == (0, 10)
    assert demo_model(empty).shape == (0, 10)


def test_concurrent_calls_on_one_model(demo_model: LeNet, examples: np.ndarray, noise: Uniform) -> None:
    # ctypes releases the GIL during library calls; const handles may be shared across threads,
    # and each thread gets its own error message.
    from concurrent.futures import ThreadPoolExecutor

    expected = {s: smooth_predict_hard(demo_model, examples, noise, 40, seed=s).probs for s in range(4)}

    def work(s: int) -> tuple[np.ndarray, str]:
        probs = smooth_predict_hard(demo_model, examples, noise, 40, seed=s, threads=1).probs
        try:
            noise.certify(2.0 + s, adv=1)
        except rs4a.InvalidArgumentError as error:
            return probs, str(error)
        return probs, ""

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(4)))
    for s, (probs, message) in enumerate(results):
        np.testing.assert_array_equal(probs, expected[s])
        assert f"{2.0 + s}" in message


def test_ctrl_c_stops_a_long_run(demo_model: LeNet, examples: np.ndarray, noise: Uniform) -> None:
    import _thread
    import threading
    import time

    timer = threading.Timer(0.3, _thread.interrupt_main)
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            # About a minute of work uninterrupted (10⁶ draws of 8 digits).
            smooth_predict_hard(demo_model, examples, noise, 10**6, noise_batch_size=256)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 10
