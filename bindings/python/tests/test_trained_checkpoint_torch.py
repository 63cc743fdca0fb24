"""`rs4a-cli train` writes checkpoints PyTorch loads as the reference architectures: one training
step, then ``torch.load(weights_only=True)`` + ``load_state_dict(strict=True)`` into a model built
as scripts/fixtures/make_training_fixtures.py builds them, whose eval-mode logits agree with
rs4a's own engine on the same file.

Skipped when torch is not installed (CI) or rs4a-cli is not built beside RS4A_LIBRARY.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import rs4a  # noqa: E402
from rs4a.models import get_model  # noqa: E402

from conftest import REPO, built_cli  # noqa: E402

sys.path.insert(0, str(REPO / "scripts" / "fixtures"))
import make_training_fixtures as fixtures  # noqa: E402

CIFAR = ([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010])
MNIST = ([0.1307], [0.3081])

CASES = {
    "LeNet/mnist": ((1, 28, 28), lambda: fixtures.Forecaster(fixtures.LeNetBody(1, 10, 28), *MNIST, False)),
    "WideResNet/cifar": ((3, 32, 32), lambda: fixtures.Forecaster(fixtures.WRNBody(40, 2, 10), *CIFAR, True)),
}


@pytest.mark.skipif(built_cli() is None, reason="rs4a-cli not built beside RS4A_LIBRARY")
@pytest.mark.parametrize("case", sorted(CASES))
def test_one_training_step_loads_strictly_in_torch(tmp_path: Path, case: str) -> None:
    architecture, dataset = case.split("/")
    shape, make = CASES[case]
    rng = np.random.default_rng(0)
    data = tmp_path / "data"
    data.mkdir()
    n = 4  # one batch: one SGD step
    np.save(data / "train_images.npy", rng.integers(0, 256, (n,) + shape, dtype=np.uint8))
    np.save(data / "train_labels.npy", rng.integers(0, 10, (n,), dtype=np.int64))
    run = subprocess.run(
        [str(built_cli()), "train", "--model", architecture, "--dataset", "npz", "--model-dataset", dataset, "--data-dir", str(data),
         "--output-dir", str(tmp_path / "ckpts"), "--experiment-name", "one_step", "--num-epochs", "1", "--batch-size", str(n),
         "--lr", "0.01", "--noise", "GaussianNoise", "--sigma", "0.25"],
        capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    path = tmp_path / "ckpts" / "one_step" / "model_ckpt.torch"

    state = torch.load(path, map_location="cpu", weights_only=True)
    net = make()
    net.load_state_dict(state, strict=True)  # every key present, none extra, every shape equal
    net.eval()
    counters = {k: v for k, v in state.items() if k.endswith("num_batches_tracked")}
    assert all(v.dtype == torch.int64 and v.item() == 1 for v in counters.values())  # one BN step
    assert (len(counters) > 0) == (architecture == "WideResNet")

    x = rng.random((3,) + shape, dtype=np.float32)
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    ours = get_model(architecture, dataset)
    ours.load_state_dict(rs4a.load(path))
    # float32 layers (BN folded on our side) summed in other orders: agree to ~1e-4 of the logit scale.
    np.testing.assert_allclose(ours(x), expected, rtol=1e-4, atol=1e-4 * max(1.0, float(np.abs(expected).max())))
