"""Model construction for every architecture, state dict round trips, and compatibility methods."""
from __future__ import annotations

import numpy as np
import pytest

import rs4a
from rs4a import models
from rs4a.models import LeNet, Model, get_model

from conftest import CHECKPOINT

#: (class, dataset, input shape, classes) per the reference's datasets.py and models.py.
SMALL_MODELS = [
    (models.ResNet, "cifar", (3, 32, 32), 10),
    (models.WideResNet, "cifar", (3, 32, 32), 10),
    (models.LeNet, "mnist", (1, 28, 28), 10),
    (models.LeNet, "cifar", (3, 32, 32), 10),
    (models.AlexNet, "cifar", (3, 32, 32), 10),
    (models.MLP, "fashion", (1, 28, 28), 10),
    (models.LinearModel, "svhn", (3, 32, 32), 10),
    (models.LinearModel, "imagenet", (3, 224, 224), 1000),
]


@pytest.mark.parametrize("cls, dataset, shape, classes", SMALL_MODELS)
def test_architectures_report_their_geometry(cls: type, dataset: str, shape: tuple, classes: int) -> None:
    model = cls(dataset=dataset, device="cpu")
    assert model.input_shape == shape and model.num_classes == classes
    assert model.dim == int(np.prod(shape))
    assert model.architecture == cls.__name__ and model.dataset == dataset


def test_imagenet_resnets_default_to_imagenet() -> None:
    model = models.ResNet18()
    assert model.dataset == "imagenet" and model.input_shape == (3, 224, 224) and model.num_classes == 1000
    for name in ("ResNet18", "ResNet34", "ResNet50", "ResNet101", "ResNet152"):
        assert issubclass(getattr(models, name), Model)


def test_get_model_by_name() -> None:
    assert type(get_model("LeNet", "mnist")) is LeNet
    with pytest.raises(rs4a.InvalidArgumentError):
        get_model("Transformer", "mnist")


def test_state_dict_mapping(demo_model: LeNet, examples: np.ndarray) -> None:
    state = rs4a.load(CHECKPOINT, map_location="cpu")
    keys = list(state)
    assert "model.conv1.weight" in state and "norm.mu" in keys
    assert state.shape("model.conv1.weight") == (6, 1, 5, 5)
    assert state["model.conv1.weight"].dtype == np.float32
    assert len(state) == len(keys) and repr(state) == f"StateDict({len(keys)} tensors)"

    # A plain dict of arrays, nested under "state_dict" like Cohen et al.'s files, loads the same weights.
    plain = {"arch": "lenet", "state_dict": state.to_dict()}
    model = LeNet("mnist")
    model.load_state_dict(plain)
    np.testing.assert_array_equal(model(examples), demo_model(examples))

    # StateDict built tensor by tensor; replacing a tensor changes the outputs.
    rebuilt = rs4a.StateDict.from_mapping(state.to_dict())
    rebuilt.add("model.fc3.bias", np.zeros(10, dtype=np.float32) + 5.0)
    assert np.all(rebuilt["model.fc3.bias"] == 5.0)
    model.load_state_dict(rebuilt)
    assert not np.array_equal(model(examples), demo_model(examples))
    rebuilt.close()
    with pytest.raises(rs4a.InvalidArgumentError, match="closed"):
        len(rebuilt)


def test_state_dict_rejects_non_arrays() -> None:
    with pytest.raises(TypeError, match="fc"):
        rs4a.StateDict.from_mapping({"fc.weight": "not an array"})
    with pytest.raises(TypeError):
        LeNet("mnist").load_state_dict(42)  # type: ignore[arg-type]


def test_non_strict_loading_ignores_extra_keys(demo_model: LeNet, examples: np.ndarray) -> None:
    state = rs4a.load(CHECKPOINT).to_dict()
    state["extra.weight"] = np.ones(3, dtype=np.float32)
    model = LeNet("mnist")
    with pytest.raises(rs4a.FormatError, match="extra.weight"):
        model.load_state_dict(state)
    model.load_state_dict(state, strict=False)
    np.testing.assert_array_equal(model(examples), demo_model(examples))


def test_from_checkpoint_and_module_compatibility(demo_model: LeNet, examples: np.ndarray) -> None:
    model = LeNet.from_checkpoint(CHECKPOINT, dataset="mnist")
    assert model.eval() is model and not model.training
    assert model.train() is model and model.training
    assert model.to("cpu") is model and model.cpu() is model
    np.testing.assert_array_equal(model.forward(examples), demo_model(examples))
    same = Model.from_checkpoint(CHECKPOINT, dataset="mnist", architecture="LeNet")
    np.testing.assert_array_equal(same(examples), demo_model(examples))
    # The library evaluates in fixed row blocks, so the thread count does not change a bit.
    assert model.set_threads(1) is model
    np.testing.assert_array_equal(model(examples), demo_model(examples))


def test_forecast_is_softmax(demo_model: LeNet, examples: np.ndarray) -> None:
    logits = demo_model(examples).astype(np.float64)
    probs = demo_model.forecast(logits).probs
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probs, expected, rtol=1e-12)
