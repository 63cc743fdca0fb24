"""Where radius tables are cached: ``tables_dir=`` on every noise (rs4a_noise_set_tables_dir)."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import rs4a
from rs4a.models import LeNet
from rs4a.noises import Laplace, Pow2, Uniform, make_noise
from rs4a.smooth import certify

from conftest import DEMO_DIM

#: Laplace ℓ∞ radii come from a radius table (the binomial differential method; milliseconds at d = 784).
RHO = np.array([0.6, 0.9, 0.99])


def test_tables_go_where_the_noise_says(tmp_path: Path) -> None:
    noise = Laplace(dim=DEMO_DIM, sigma=0.5, tables_dir=tmp_path / "a")
    assert noise.tables_dir == str(tmp_path / "a")
    radius = noise.certify(RHO, adv=math.inf)
    assert len(list((tmp_path / "a").iterdir())) == 1  # created, and the table written there
    assert np.all(np.diff(radius) > 0)
    # Moving the noise to another directory (a PathLike or a str) builds the same table there.
    noise.tables_dir = tmp_path / "b"
    np.testing.assert_array_equal(noise.certify(RHO, adv="inf"), radius)
    assert len(list((tmp_path / "b").iterdir())) == 1
    # None (or "") is the default again: $RS4A_TABLES_DIR, else ./tables.
    noise.tables_dir = None
    assert noise.tables_dir is None
    noise.tables_dir = ""
    assert noise.tables_dir is None


def test_unwritable_tables_dir_still_certifies() -> None:
    noise = Laplace(dim=DEMO_DIM, sigma=0.5, tables_dir="/proc/rs4a-cannot-write-here")
    reference = Laplace(dim=DEMO_DIM, sigma=0.5)
    np.testing.assert_array_equal(noise.certify(RHO, adv=math.inf), reference.certify(RHO, adv=math.inf))


def test_make_noise_takes_tables_dir(tmp_path: Path) -> None:
    noise = make_noise("LaplaceNoise", DEMO_DIM, sigma=0.5, tables_dir=tmp_path)
    assert isinstance(noise, Laplace) and noise.tables_dir == str(tmp_path)
    assert make_noise("Uniform", DEMO_DIM, sigma=0.5, tables_dir=tmp_path).tables_dir == str(tmp_path)


def test_smoothing_certify_uses_the_noise_tables(tmp_path: Path, demo_model: LeNet, examples: np.ndarray) -> None:
    noise = Laplace(dim=DEMO_DIM, sigma=0.25, tables_dir=tmp_path)
    result = certify(demo_model, examples[:2], noise, 16, 200, 0.01, "inf", seed=3)
    assert result.classes.shape == (2,)
    assert len(list(tmp_path.iterdir())) == 1


def test_tables_dir_on_a_closed_noise() -> None:
    noise = Uniform(dim=4, sigma=1.0)
    noise.close()
    with pytest.raises(rs4a.InvalidArgumentError, match="closed"):
        noise.tables_dir = "/tmp"


def test_a_table_that_cannot_be_built_is_an_argument_error() -> None:
    # Extreme shape parameters: no sound table exists; that is the caller's choice, not a bug.
    noise = Pow2(dim=4, sigma=1.0, a=1e300)
    with pytest.raises(rs4a.InvalidArgumentError, match="table") as info:
        noise.certify(0.9, adv=2)
    assert info.value.status_name == "RS4A_ERR_INVALID_ARGUMENT"
