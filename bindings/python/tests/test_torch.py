"""torch tensors in, tensors out; torch.load state dicts; logits against a torch LeNet.

Skipped when torch is not installed (CI): the package never needs it.
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import rs4a  # noqa: E402
from rs4a.models import LeNet  # noqa: E402
from rs4a.noises import Uniform  # noqa: E402
from rs4a.smooth import certify_prob_lb, smooth_predict_hard  # noqa: E402

from conftest import CHECKPOINT, DEMO_DIM  # noqa: E402


def _torch_lenet_logits(state: dict, x: "torch.Tensor") -> "torch.Tensor":
    """The reference LeNet (docs: MODELS.md) written with torch.nn.functional: an independent forward."""
    F = torch.nn.functional
    h = (x - state["norm.mu"]) / torch.exp(state["norm.log_sig"])
    h = F.max_pool2d(F.relu(F.conv2d(h, state["model.conv1.weight"], state["model.conv1.bias"], padding=2)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, state["model.conv2.weight"], state["model.conv2.bias"])), 2)
    h = h.flatten(1)
    h = F.relu(F.linear(h, state["model.fc1.weight"], state["model.fc1.bias"]))
    h = F.relu(F.linear(h, state["model.fc2.weight"], state["model.fc2.bias"]))
    return F.linear(h, state["model.fc3.weight"], state["model.fc3.bias"])


def test_torch_load_dict_and_logits_match_torch(examples: np.ndarray) -> None:
    state = torch.load(CHECKPOINT, map_location="cpu")
    model = LeNet(dataset="mnist", device="cpu")
    model.load_state_dict(state)
    x = torch.from_numpy(examples)
    logits = model(x)
    assert isinstance(logits, torch.Tensor) and logits.shape == (8, 10)
    with torch.no_grad():
        expected = _torch_lenet_logits({k: v.float() for k, v in state.items()}, x)
    # float32 convolutions summed in different orders: agree to a few ulps of the logit scale.
    torch.testing.assert_close(logits, expected, rtol=1e-4, atol=1e-4)


def test_rs4a_load_reads_the_same_tensors_as_torch() -> None:
    ours = rs4a.load(CHECKPOINT)
    theirs = torch.load(CHECKPOINT, map_location="cpu")
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        assert ours.shape(key) == tuple(value.shape), key
        np.testing.assert_array_equal(ours[key], value.float().numpy(), err_msg=key)


def test_tensor_inputs_give_tensor_outputs(demo_model: LeNet, examples: np.ndarray) -> None:
    x = torch.from_numpy(examples)
    noise = Uniform(device="cpu", dim=DEMO_DIM, sigma=0.5)
    noisy = noise.sample(x, seed=3)
    assert isinstance(noisy, torch.Tensor) and noisy.dtype == torch.float32
    np.testing.assert_array_equal(noisy.numpy(), noise.sample(examples, seed=3))

    preds = smooth_predict_hard(demo_model, x, noise, 32, seed=5)
    assert isinstance(preds.probs, torch.Tensor)
    top_cats = preds.probs.argmax(dim=1)
    np.testing.assert_array_equal(preds.probs.numpy(), smooth_predict_hard(demo_model, examples, noise, 32, seed=5).probs)

    prob_lb = certify_prob_lb(demo_model, x, top_cats, 0.001, noise, 200, seed=6)
    assert isinstance(prob_lb, torch.Tensor)
    radius = noise.certify(prob_lb, adv=1)
    assert isinstance(radius, torch.Tensor) and radius.shape == (8,)
    np.testing.assert_allclose(radius.numpy(), noise.certify(prob_lb.numpy(), adv=1))
    # A float32 tensor of bounds (upstream's dtype) is accepted too.
    assert noise.certify(prob_lb.float(), adv=1).shape == (8,)


def test_grad_tensors_and_torch_devices(demo_model: LeNet, examples: np.ndarray) -> None:
    x = torch.from_numpy(examples).requires_grad_(True)
    assert demo_model(x).shape == (8, 10)
    noise = Uniform(device=torch.device("cpu"), dim=DEMO_DIM, sigma=0.5)
    assert noise.device == "cpu"
