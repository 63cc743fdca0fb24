"""Shared fixtures: the repository's demo model and examples."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import rs4a
from rs4a.models import LeNet

#: bindings/python/tests → the repository root.
REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "ckpts" / "demo"
CHECKPOINT = DEMO / "lenet_digits_uniform_050.pt"
HEADER = REPO / "include" / "rs4a.h"

#: The demo model was trained with Uniform noise of σ = 0.5 on 1×28×28 digits.
DEMO_SIGMA = 0.5
DEMO_DIM = 28 * 28


def built_cli() -> Path | None:
    """rs4a-cli beside the library under test (RS4A_LIBRARY), when it was built there."""
    lib = os.environ.get("RS4A_LIBRARY")
    cli = Path(lib).parent / "rs4a-cli" if lib else None
    return cli if cli and cli.exists() else None


@pytest.fixture(scope="session")
def examples() -> np.ndarray:
    """8×1×28×28 float32 digits in [0, 1]."""
    return np.load(DEMO / "examples.npy")


@pytest.fixture(scope="session")
def labels() -> np.ndarray:
    """Their 8 true classes."""
    return np.load(DEMO / "examples_labels.npy")


@pytest.fixture(scope="session")
def demo_model() -> LeNet:
    """LeNet/mnist with the shipped weights, loaded through rs4a.load."""
    model = LeNet(dataset="mnist", device="cpu")
    model.load_state_dict(rs4a.load(CHECKPOINT))
    return model.eval()
