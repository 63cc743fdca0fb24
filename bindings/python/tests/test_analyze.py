"""rs4a.analyze: the CSV, the table and the plots from experiment folders, and agreement
with `rs4a-cli analyze` (byte-identical CSV) when the CLI is built."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rs4a import analyze

from conftest import built_cli

RNG = np.random.default_rng(3)


def make_experiment(root: Path, name: str, noise: str, sigma: float, n: int = 40, **params) -> dict:
    d = root / name
    d.mkdir(parents=True)
    record = {"noise": noise, "sigma": sigma, "lambd": sigma, "dataset": "digits", "model": "LeNet", "checkpoint": "x",
              "sampleSizePred": 64, "sampleSizeCert": 100, "alpha": 0.001, "seed": 0, "datasetSkip": 1, "count": n,
              "classes": 10, "trainAccuracy": True, "trainDatasetSkip": 1, "trainCount": n, **params}
    (d / "test_args.json").write_text(json.dumps(record))
    preds = RNG.dirichlet(np.ones(10), size=n)
    labels = RNG.integers(0, 10, size=n)
    labels[: n // 2] = preds[: n // 2].argmax(axis=1)  # half right
    np.save(d / "preds.npy", preds)
    np.save(d / "labels.npy", labels.astype(np.int64))
    for adv in ("l1", "l2", "linf"):
        np.save(d / f"radius_{adv}.npy", RNG.uniform(0, 3 * sigma, size=n))
    np.save(d / "acc_train.npy", np.array([0.75, 0.1]))
    return {"preds": preds, "labels": labels, "radius_l1": np.load(d / "radius_l1.npy")}


@pytest.fixture()
def ckpts(tmp_path: Path):
    data = {
        "a_uniform": make_experiment(tmp_path, "a_uniform", "UniformNoise", 0.5),
        "b_gauss": make_experiment(tmp_path, "b_gauss", "GaussianNoise", 0.5),
        "c_gauss": make_experiment(tmp_path, "c_gauss", "GaussianNoise", 1.0),
        "d_expinf": make_experiment(tmp_path, "d_expinf", "ExpInfNoise", 1.0, k=10.0, j=100.0),
    }
    (tmp_path / "unrelated").mkdir()
    return tmp_path, data


def read_csv(path: Path):
    lines = path.read_text().splitlines()
    return lines[0].split(","), [line.split(",") for line in lines[1:]]


def test_csv_matches_a_direct_computation(ckpts, capsys):
    root, data = ckpts
    assert analyze.main(["--dir", str(root), "--adv", "1"]) == 0
    header, rows = read_csv(root / "results_digits_l1.csv")
    assert header == ["experiment_name", "sigma", "noise", "eps", "top_1_acc_train", "top_1_acc_cert", "top_1_acc_pred"]
    assert len(rows) == 4 * 81
    # Sorted by noise label: ExpInf(k=10,j=100) is quoted (it holds commas) — parse by experiment name instead.
    by_name = {}
    for line in (root / "results_digits_l1.csv").read_text().splitlines()[1:]:
        by_name.setdefault(line.split(",")[0], []).append(line)
    assert set(by_name) == set(data)
    eps = np.linspace(0, 5, 81)
    for name, d in data.items():
        right = d["preds"].argmax(axis=1) == d["labels"]
        for k, line in enumerate(by_name[name]):
            cells = line.rsplit(",", 4)
            assert float(cells[1]) == pytest.approx(eps[k], abs=1e-12)
            assert float(cells[3]) == pytest.approx(np.mean(right & (d["radius_l1"] >= eps[k])), abs=1e-12)
            assert float(cells[4]) == pytest.approx(right.mean(), abs=1e-12)
            assert float(cells[2]) == 0.75
    out = capsys.readouterr().out
    assert "Gaussian" in out and "Uniform" in out and "ExpInf(k=10,j=100)" in out and "r=4" in out
    # The best Gaussian entry at r = 0.5 is the max over its two σ.
    g = [np.mean((data[n]["preds"].argmax(1) == data[n]["labels"]) & (data[n]["radius_l1"] >= 0.5)) for n in ("b_gauss", "c_gauss")]
    line = next(l for l in out.splitlines() if l.startswith("Gaussian"))
    assert line.split()[1] == f"{max(g):.3f}"


def test_without_matplotlib_still_writes_csv_and_table(ckpts, monkeypatch, capsys):
    root, _ = ckpts
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    assert analyze.main(["--dir", str(root), "--adv", "2"]) == 0
    captured = capsys.readouterr()
    assert "matplotlib is not installed" in captured.err
    assert (root / "results_digits_l2.csv").exists()
    assert not (root / "per_sigma_l2.png").exists()


def test_plots_with_matplotlib(ckpts):
    pytest.importorskip("matplotlib")
    root, _ = ckpts
    assert analyze.main(["--dir", str(root), "--adv", "inf"]) == 0
    for f in ("certified_accuracies_linf.png", "per_sigma_linf.png", "train_test_accuracies.png"):
        assert (root / f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_errors(tmp_path, capsys):
    assert analyze.main(["--dir", str(tmp_path)]) == 1
    assert "no finished experiments" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        analyze.main(["--dir", str(tmp_path), "--adv", "3"])


@pytest.mark.skipif(built_cli() is None, reason="rs4a-cli not built beside RS4A_LIBRARY")
def test_same_csv_and_table_as_rs4a_cli(ckpts, tmp_path, capsys):
    root, _ = ckpts
    assert analyze.main(["--dir", str(root), "--adv", "1", "--eps-max", "3"]) == 0
    py_csv = (root / "results_digits_l1.csv").read_bytes()
    py_out = capsys.readouterr().out
    r = subprocess.run([str(built_cli()), "analyze", "--dir", str(root), "--adv", "1", "--eps-max", "3"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (root / "results_digits_l1.csv").read_bytes() == py_csv

    # The summary line and the table must match line for line; the "wrote <png>" lines are left out
    # because the Python side writes plots only when matplotlib is installed.
    def table(out: str) -> list[str]:
        return [line for line in out.splitlines() if not line.startswith("wrote ")]

    assert len(table(py_out)) == 3 + 3  # summary, title, header; one row per noise (Uniform, Gaussian, ExpInf)
    assert table(r.stdout) == table(py_out)
