"""Bad input raises the matching rs4a exception carrying a message that names the problem."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import rs4a
from rs4a.models import LeNet, Model, ResNet
from rs4a.noises import ExpInf, Gaussian, Noise, Uniform, make_noise
from rs4a.smooth import certify_prob_lb, smooth_predict_hard

from conftest import CHECKPOINT, DEMO_DIM


def test_negative_sigma() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="sigma") as info:
        Uniform(dim=DEMO_DIM, sigma=-0.5)
    assert isinstance(info.value, ValueError)
    assert info.value.status_name == "RS4A_ERR_INVALID_ARGUMENT"


def test_both_sigma_and_lambd() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="(?i)sigma.*lambd|lambd.*sigma"):
        Gaussian(dim=DEMO_DIM, sigma=0.5, lambd=0.5)


def test_neither_sigma_nor_lambd() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="(?i)sigma.*lambd|lambd.*sigma"):
        Gaussian(dim=DEMO_DIM)


def test_nan_sigma_is_rejected_before_it_means_absent() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="sigma"):
        Gaussian(dim=DEMO_DIM, sigma=float("nan"))


def test_unknown_noise_name() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="Cauchy"):
        make_noise("CauchyNoise", DEMO_DIM, sigma=0.5)
    with pytest.raises(rs4a.InvalidArgumentError, match="Cauchy"):
        Noise("Cauchy", DEMO_DIM, sigma=0.5)


def test_shape_parameter_out_of_domain() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="k"):
        ExpInf(dim=DEMO_DIM, sigma=0.5, k=-1)


def test_no_linf_certificate_for_expinf_with_j() -> None:
    noise = ExpInf(dim=DEMO_DIM, sigma=0.5, k=1, j=2)
    with pytest.raises(rs4a.UnsupportedError) as info:
        noise.certify_linf(0.9)
    assert isinstance(info.value, NotImplementedError) and str(info.value)


def test_prob_lb_outside_unit_interval() -> None:
    noise = Uniform(dim=DEMO_DIM, sigma=0.5)
    with pytest.raises(rs4a.InvalidArgumentError, match="prob"):
        noise.certify(np.array([0.7, 1.5]), adv=1)
    with pytest.raises(rs4a.InvalidArgumentError):
        noise.certify(float("nan"), adv=1)


def test_wrong_input_shapes(demo_model: LeNet, examples: np.ndarray) -> None:
    with pytest.raises(rs4a.ShapeError, match=r"\(n, 1, 28, 28\)"):
        demo_model(np.zeros((2, 3, 32, 32), dtype=np.float32))
    with pytest.raises(rs4a.ShapeError, match="784"):
        Uniform(dim=DEMO_DIM, sigma=0.5).sample(np.zeros((2, 100), dtype=np.float32))
    with pytest.raises(rs4a.ShapeError, match="top_cats"):
        certify_prob_lb(demo_model, examples, np.zeros(3, dtype=np.int64), 0.001,
                        Uniform(dim=DEMO_DIM, sigma=0.5), 10)


def test_noise_dim_must_match_the_model(demo_model: LeNet, examples: np.ndarray) -> None:
    wrong = Uniform(dim=3072, sigma=0.5)
    with pytest.raises(rs4a.ShapeError) as info:
        smooth_predict_hard(demo_model, examples, wrong, 8)
    assert "3072" in str(info.value) or "784" in str(info.value)


def test_class_out_of_range(demo_model: LeNet, examples: np.ndarray) -> None:
    with pytest.raises(rs4a.RS4AError, match="1[0-9]|class"):
        certify_prob_lb(demo_model, examples, np.full(8, 10), 0.001, Uniform(dim=DEMO_DIM, sigma=0.5), 10)


def test_bad_checkpoint_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pt"
    with pytest.raises(rs4a.FileAccessError, match="nope.pt") as info:
        rs4a.load(missing)
    assert isinstance(info.value, OSError)
    with pytest.raises(rs4a.FileAccessError, match="nope.pt"):
        LeNet("mnist").load_state_dict(str(missing))


def test_truncated_checkpoint(tmp_path: Path) -> None:
    data = CHECKPOINT.read_bytes()
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(rs4a.FormatError) as info:
        rs4a.load(truncated)
    assert isinstance(info.value, ValueError) and str(info.value)


def test_not_a_checkpoint(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.pt"
    bogus.write_text("hello, I am not a checkpoint")
    with pytest.raises(rs4a.FormatError):
        rs4a.load(bogus)


def test_missing_key_is_named_and_weights_are_kept(demo_model: LeNet, examples: np.ndarray) -> None:
    model = LeNet("mnist")
    model.load_state_dict(CHECKPOINT)
    before = model(examples)
    state = rs4a.load(CHECKPOINT).to_dict()
    del state["model.fc3.weight"]
    with pytest.raises(rs4a.FormatError, match="model.fc3.weight"):
        model.load_state_dict(state)
    np.testing.assert_array_equal(model(examples), before)


def test_checkpoint_for_another_architecture() -> None:
    with pytest.raises(rs4a.FormatError):
        ResNet("cifar").load_state_dict(CHECKPOINT)


def test_forward_before_weights() -> None:
    with pytest.raises(rs4a.StateError) as info:
        LeNet("mnist")(np.zeros((1, 1, 28, 28), dtype=np.float32))
    assert isinstance(info.value, RuntimeError) and str(info.value)


def test_unknown_architecture_or_dataset_lists_the_known_pairs() -> None:
    with pytest.raises(rs4a.InvalidArgumentError, match="LeNet/mnist"):
        Model("GoogLeNet", "mnist")
    with pytest.raises(rs4a.InvalidArgumentError, match="LeNet/mnist"):
        LeNet("klingon-digits")


def test_bad_integer_arguments(demo_model: LeNet, examples: np.ndarray) -> None:
    noise = Uniform(dim=DEMO_DIM, sigma=0.5)
    with pytest.raises(rs4a.InvalidArgumentError, match="sample_size"):
        smooth_predict_hard(demo_model, examples, noise, 0)
    with pytest.raises(rs4a.InvalidArgumentError, match="seed"):
        noise.sample(examples, seed=-1)
    with pytest.raises(rs4a.InvalidArgumentError, match="noise_batch_size"):
        smooth_predict_hard(demo_model, examples, noise, 8, noise_batch_size=2.5)


def test_closed_objects_refuse_use() -> None:
    noise = Uniform(dim=DEMO_DIM, sigma=0.5)
    noise.close()
    noise.close()  # idempotent
    with pytest.raises(rs4a.InvalidArgumentError, match="closed"):
        noise.certify(0.7, adv=1)


def test_cuda_device_warns_and_runs_on_cpu(examples: np.ndarray) -> None:
    with pytest.warns(rs4a.DeviceWarning, match="cuda"):
        model = LeNet(dataset="mnist", device="cuda")
    with pytest.warns(UserWarning, match="cuda"):
        noise = Uniform(device="cuda", dim=DEMO_DIM, sigma=0.5)
    with pytest.warns(rs4a.DeviceWarning):
        assert model.to("cuda:0") is model
    model.load_state_dict(CHECKPOINT)
    assert model(examples).shape == (8, 10)
    assert noise.sample(examples).shape == examples.shape


def test_nan_in_images_is_rejected_by_sample_and_forward() -> None:
    x = np.full((2, DEMO_DIM), 0.5, dtype=np.float32)
    x[1, 3] = np.nan
    with pytest.raises(rs4a.InvalidArgumentError, match=rf"x\[{DEMO_DIM + 3}\] = nan"):
        Uniform(dim=DEMO_DIM, sigma=0.5).sample(x, seed=1)
    model = LeNet(dataset="mnist")
    model.load_state_dict(rs4a.load(CHECKPOINT))
    with pytest.raises(rs4a.InvalidArgumentError, match="must be finite"):
        model(x.reshape(2, 1, 28, 28))
