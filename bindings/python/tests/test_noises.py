"""Noise construction by both names, σ/λ relations, sampling and closed-form certificates.

Reference values are computed here from the formulas of the paper (independent of the
library): Python's statistics.NormalDist for Φ⁻¹, math for the rest.
"""
from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

import rs4a
from rs4a import noises
from rs4a.noises import Gaussian, Laplace, Uniform, make_noise

DIM = 784
RHO = np.array([0.5, 0.51, 0.6, 0.75, 0.9, 0.99, 0.999, 0.999999])

#: (short name, seed name, extra parameters that give a finite σ at DIM).
NAMES = [
    ("Uniform", "UniformNoise", {}),
    ("Gaussian", "GaussianNoise", {}),
    ("Laplace", "LaplaceNoise", {}),
    ("Pareto", "ParetoNoise", {"a": 3}),
    ("UniformBall", "UniformBallNoise", {}),
    ("ExpInf", "ExpInfNoise", {"k": 1, "j": 0}),
    ("PowInf", "PowerInfNoise", {"a": DIM + 10}),
    ("Exp1", "Exp1Noise", {"k": 1}),
    ("Exp2", "Exp2Noise", {"k": 1, "j": 0}),
    ("Pow2", "Pow2Noise", {"k": 1}),
    ("Expp", "ExppNoise", {"p": 2}),
]


@pytest.mark.parametrize("short, seed_name, params", NAMES)
def test_every_noise_by_both_names(short: str, seed_name: str, params: dict) -> None:
    by_short = getattr(noises, short)(dim=DIM, sigma=0.5, **params)
    by_seed = getattr(noises, seed_name)(dim=DIM, sigma=0.5, **params)
    assert type(by_short) is type(by_seed)
    assert by_short.name == short
    assert by_short.sigma == by_seed.sigma == 0.5
    assert by_short.lambd == by_seed.lambd and by_short.lambd > 0
    assert by_short.dim == DIM
    # From λ the library gives back σ (round trip through σ/λ).
    again = getattr(noises, short)(dim=DIM, lambd=by_short.lambd, **params)
    assert again.sigma == pytest.approx(0.5, rel=1e-12)
    # The generic factory, case-insensitive, gives the same noise.
    made = make_noise(seed_name.lower(), DIM, sigma=0.5, **params)
    assert type(made) is type(by_short) and made.lambd == by_short.lambd


def test_clean_by_both_names() -> None:
    for cls in (noises.Clean, noises.CleanNoise):
        clean = cls(dim=DIM)
        assert clean.name == "Clean"
        x = np.random.default_rng(0).random((2, DIM), dtype=np.float32)
        np.testing.assert_array_equal(clean.sample(x), x)
        assert clean.certify(0.9, adv=1) == 0.0
        # No noise: σ² = E‖δ‖²/d = 0, and so λ.
        assert clean.sigma == 0.0 and clean.lambd == 0.0
        assert clean.get_sigma(1.0) == 0.0 and clean.get_lambd(1.0) == 0.0


@pytest.mark.parametrize("cls, ratio", [(Uniform, 1 / math.sqrt(3)), (Gaussian, 1.0), (Laplace, math.sqrt(2))])
def test_sigma_over_lambda(cls: type, ratio: float) -> None:
    noise = cls(dim=DIM, sigma=0.5)
    assert noise.lambd == pytest.approx(0.5 / ratio, rel=1e-14)
    assert noise.get_sigma(2.0) == pytest.approx(2.0 * ratio, rel=1e-14)
    assert noise.get_lambd(1.0) == pytest.approx(1.0 / ratio, rel=1e-14)


def test_pareto_sigma_formula() -> None:
    a = 5.0
    noise = noises.Pareto(dim=DIM, lambd=1.0, a=a)
    assert noise.sigma == pytest.approx((0.5 * (a - 1) * (a - 2)) ** -0.5, rel=1e-12)


def test_uniformball_sigma_formula() -> None:
    noise = noises.UniformBall(dim=DIM, lambd=2.0)
    assert noise.sigma == pytest.approx(2.0 / math.sqrt(DIM + 2), rel=1e-12)


def test_gaussian_l2_is_sigma_times_probit() -> None:
    noise = Gaussian(dim=DIM, sigma=0.75)
    got = noise.certify(RHO, adv=2)
    expected = [0.75 * NormalDist().inv_cdf(r) if r > 0.5 else 0.0 for r in RHO]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(noise.certify_l2(RHO), got, rtol=0, atol=0)


def test_uniform_l1_and_linf() -> None:
    noise = Uniform(dim=DIM, sigma=0.5)
    lambd = 0.5 * math.sqrt(3)
    np.testing.assert_allclose(noise.certify(RHO, adv=1), 2 * lambd * (RHO - 0.5), rtol=1e-12, atol=1e-15)
    expected_inf = 2 * lambd * (1 - (1.5 - RHO) ** (1 / DIM))
    np.testing.assert_allclose(noise.certify_linf(RHO), expected_inf, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(noise.certify(RHO, adv="inf"), expected_inf, rtol=1e-9, atol=1e-15)


def test_laplace_l1() -> None:
    noise = Laplace(dim=DIM, lambd=0.4)
    expected = [-0.4 * math.log(2 * (1 - r)) for r in RHO]
    np.testing.assert_allclose(noise.certify_l1(RHO), expected, rtol=1e-12, atol=1e-15)


def test_radius_is_zero_at_or_below_one_half() -> None:
    noise = Uniform(dim=DIM, sigma=0.5)
    np.testing.assert_array_equal(noise.certify(np.array([0.0, 0.25, 0.5]), adv=1), [0.0, 0.0, 0.0])


def test_certify_keeps_shape_and_scalars() -> None:
    noise = Uniform(dim=DIM, sigma=0.5)
    grid = np.full((2, 3), 0.75)
    assert noise.certify(grid, adv=1).shape == (2, 3)
    assert isinstance(noise.certify(0.75, adv=1), float)


def test_converted_adversary_warns_like_upstream() -> None:
    uniform = Uniform(dim=DIM, sigma=0.5)
    with pytest.warns(UserWarning, match="l2"):
        r2 = uniform.certify(0.9, adv=2)
    # ℓ2 from ℓ1 and ℓ∞ (spec): an ℓ2 ball of radius R lies in the ℓ1 ball of radius R·√d
    # and in the ℓ∞ ball of radius R, so R2 = max(R1 / √d, R∞).
    lambd = 0.5 * math.sqrt(3)
    expected = max(2 * lambd * 0.4 / math.sqrt(DIM), 2 * lambd * (1 - 0.6 ** (1 / DIM)))
    assert r2 == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("call", [
    lambda noise: noise.certify(0.9, adv=2),
    lambda noise: noise.certify_l2(0.9),
])
def test_conversion_warning_points_at_the_callers_line(call: object) -> None:
    # The warning names the line that asked for the radius, not a line inside rs4a.
    uniform = Uniform(dim=DIM, sigma=0.5)
    with pytest.warns(UserWarning, match="l2") as caught:
        call(uniform)  # type: ignore[operator]
    assert [w.filename for w in caught] == [__file__]


def test_uniform_samples_stay_in_the_cube_with_the_right_variance() -> None:
    noise = Uniform(dim=DIM, sigma=0.5)
    x = np.zeros((64, DIM), dtype=np.float32)
    delta = noise.sample(x, seed=7)
    lambd = noise.lambd
    assert np.abs(delta).max() <= lambd * (1 + 1e-6)
    # 50176 iid draws: the sample variance is within ~5 standard errors of σ² = 0.25.
    var = float(delta.astype(np.float64).var())
    stderr = 0.25 * math.sqrt(0.8 / delta.size)  # Var(U²) = (4/5)σ⁴ for uniform
    assert abs(var - 0.25) < 5 * stderr
    assert abs(float(delta.mean())) < 5 * 0.5 / math.sqrt(delta.size)


def test_gaussian_sample_moments() -> None:
    noise = Gaussian(dim=DIM, sigma=0.3)
    delta = noise.sample(np.zeros((64, DIM), dtype=np.float32), seed=11).astype(np.float64)
    assert abs(delta.std() - 0.3) < 5 * 0.3 / math.sqrt(2 * delta.size)


def test_sample_keeps_shape_and_accepts_image_batches(examples: np.ndarray) -> None:
    noise = Uniform(dim=DIM, sigma=0.5)
    out = noise.sample(examples.astype(np.float64), seed=1)
    assert out.shape == examples.shape and out.dtype == np.float32


def test_same_seed_same_noise_different_seed_different_noise() -> None:
    noise = Laplace(dim=DIM, sigma=0.5)
    x = np.zeros((4, DIM), dtype=np.float32)
    a, b, c = noise.sample(x, seed=42), noise.sample(x, seed=42), noise.sample(x, seed=43)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # Without a seed, consecutive calls differ (fresh seeds from the module generator).
    assert not np.array_equal(noise.sample(x), noise.sample(x))


def test_manual_seed_makes_unseeded_calls_reproducible() -> None:
    noise = Gaussian(dim=DIM, sigma=1.0)
    x = np.zeros((2, DIM), dtype=np.float32)
    rs4a.manual_seed(123)
    first = [noise.sample(x), noise.sample(x)]
    rs4a.manual_seed(123)
    second = [noise.sample(x), noise.sample(x)]
    assert rs4a.initial_seed() == 123
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], first[1])


def test_repr_names_the_parameters() -> None:
    text = repr(noises.ExpInf(dim=DIM, sigma=0.5, k=2, j=1))
    assert text.startswith("ExpInf(dim=784") and "k=2" in text and "sigma=0.5" in text


#: (noise, relative tolerance on the RMS of 256×784 draws). Each bound is at least 5 standard
#: errors of the RMS estimate (≈ 0.1–0.3 % for light tails, ≈ 2.5 % for PowInf/Pow2 with
#: a = d + 10 whose radius has few finite moments), so a wrong σ/λ scale cannot pass.
RMS_CASES = [
    (lambda: noises.Uniform(DIM, sigma=0.5), 0.01),
    (lambda: noises.Gaussian(DIM, sigma=0.5), 0.01),
    (lambda: noises.Laplace(DIM, sigma=0.5), 0.015),
    (lambda: noises.Pareto(DIM, sigma=0.5, a=6), 0.05),
    (lambda: noises.UniformBall(DIM, sigma=0.5), 0.01),
    (lambda: noises.ExpInf(DIM, sigma=0.5, k=1, j=0), 0.03),
    (lambda: noises.ExpInf(DIM, sigma=0.5, k=2, j=3), 0.03),
    (lambda: noises.PowInf(DIM, sigma=0.5, a=DIM + 10), 0.12),
    (lambda: noises.Exp1(DIM, sigma=0.5, k=1), 0.03),
    (lambda: noises.Exp2(DIM, sigma=0.5, k=1, j=0), 0.03),
    (lambda: noises.Pow2(DIM, sigma=0.5, k=1), 0.12),
    (lambda: noises.Expp(DIM, sigma=0.5, p=0.5), 0.03),
]


@pytest.mark.parametrize("make, tolerance", RMS_CASES)
def test_sample_rms_is_sigma(make: object, tolerance: float) -> None:
    # σ is defined by σ² = E‖δ‖²/d: the samples must show it, whatever the distribution.
    noise = make()  # type: ignore[operator]
    delta = noise.sample(np.zeros((256, DIM), dtype=np.float32), seed=2024).astype(np.float64)
    assert np.all(np.isfinite(delta))
    rms = math.sqrt(float((delta**2).mean()))
    assert rms == pytest.approx(0.5, rel=tolerance), noise
