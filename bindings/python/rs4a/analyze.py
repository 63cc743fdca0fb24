"""Certified accuracy against radius over experiment folders (the seed's scripts/analyze.py).

Usage::

    python3 -m rs4a.analyze --dir ckpts --adv 1 --show

Reads every sub-folder of ``--dir`` written by ``rs4a-cli test`` (``test_args.json`` plus
``preds.npy``, ``labels.npy``, ``radius_l<adv>.npy`` and ``acc_train.npy``), writes
``results_<dataset>_l<adv>.csv`` (certified accuracy at 81 radii from 0 to ``--eps-max``),
prints the paper's table (best certified accuracy per noise at radii 0.5, 1.0, …, 4.0) and,
when matplotlib is installed, saves the plots as PNG (``--show`` also opens them). Only numpy
is required; the files are the same ones ``rs4a-cli analyze`` writes.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

TABLE_RADII = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)
_SHORT = {"powerinfnoise": "PowInf", "clean": "Clean"}


def _fmt(v: float) -> str:
    """Shortest round-trip text, integers without a decimal point (as rs4a-cli writes)."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == round(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def noise_label(record: dict) -> str:
    """Short noise name with its shape parameters, e.g. ``ExpInf(k=10,j=100)``."""
    name = str(record["noise"])
    short = _SHORT.get(name.lower(), name[:-5] if name.endswith("Noise") else name)
    params = [f"{k}={_fmt(record[k])}" for k in ("k", "j", "a", "p") if record.get(k) is not None]
    return short + ("(" + ",".join(params) + ")" if params else "")


@dataclass
class Experiment:
    name: str
    dataset: str
    noise: str
    sigma: float
    acc_train: float
    acc_pred: float
    radius: np.ndarray
    correct: np.ndarray

    def certified(self, eps: float) -> float:
        return float(np.mean((self.radius >= eps) & self.correct)) if len(self.radius) else math.nan


def adv_suffix(adv: str) -> str:
    a = str(adv).lower()
    if a in ("1", "1.0", "l1"):
        return "l1"
    if a in ("2", "2.0", "l2"):
        return "l2"
    if a in ("inf", "infinity", "linf"):
        return "linf"
    raise ValueError(f"--adv must be 1, 2 or inf, got {adv}")


def load_experiment(folder: Path, suffix: str) -> Experiment:
    record = json.loads((folder / "test_args.json").read_text())
    if not (folder / "preds.npy").exists():
        raise FileNotFoundError(f"{folder.name}: no preds.npy (unfinished test, or shards not merged: rs4a-cli merge --dir {folder})")
    preds = np.load(folder / "preds.npy")
    labels = np.load(folder / "labels.npy")
    radius = np.load(folder / f"radius_{suffix}.npy")
    correct = np.argmax(preds, axis=1) == labels
    acc_file = folder / "acc_train.npy"
    acc_train = float(np.load(acc_file)[0]) if acc_file.exists() else math.nan
    return Experiment(folder.name, record["dataset"], noise_label(record), float(record["sigma"]), acc_train,
                      float(np.mean(correct)), radius, correct)


def load_all(root: Path, suffix: str) -> List[Experiment]:
    out = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        if not (sub / "test_args.json").exists():
            continue
        try:
            out.append(load_experiment(sub, suffix))
        except (OSError, ValueError, KeyError) as e:
            print(f"skipping {sub.name}: {e}", file=sys.stderr)
    return sorted(out, key=lambda e: (e.noise, e.name))


def csv_text(experiments: Sequence[Experiment], eps: np.ndarray) -> str:
    lines = ["experiment_name,sigma,noise,eps,top_1_acc_train,top_1_acc_cert,top_1_acc_pred"]
    for e in experiments:
        for r in eps:
            cells = [e.name, _fmt(e.sigma), e.noise, _fmt(r), _fmt(e.acc_train), _fmt(e.certified(r)), _fmt(e.acc_pred)]
            lines.append(",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c for c in cells))
    return "\n".join(lines) + "\n"


def best(experiments: Sequence[Experiment], noise: str, radius: float):
    """(best certified accuracy, σ of that model) over the experiments of one noise."""
    cands = [(e.certified(radius), -e.sigma) for e in experiments if e.noise == noise]
    if not cands:
        return None
    acc, neg_sigma = max(cands)
    return acc, -neg_sigma


def table(experiments: Sequence[Experiment], adv_name: str) -> str:
    noises = sorted({e.noise for e in experiments})
    lines = [f"Top-1 certified accuracy against {adv_name}, best over σ per noise (σ of that model):",
             "noise".ljust(22) + "".join(f"r={_label(r)}".ljust(15) for r in TABLE_RADII)]
    for n in noises:
        row = n[:21].ljust(22)
        for r in TABLE_RADII:
            b = best(experiments, n, r)
            row += (f"{b[0]:.3f} ({_label(b[1])})" if b else "-").ljust(15)
        lines.append(row)
    return "\n".join(lines)


def _label(v: float) -> str:
    if v == round(v):
        return str(int(v))
    return f"{v:.2f}".rstrip("0")


def plot(experiments: Sequence[Experiment], eps: np.ndarray, suffix: str, out: Path, tag: str, show: bool) -> List[Path]:
    """The three figures with matplotlib; returns the files written."""
    import matplotlib
    if not show:
        matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    adv_name = {"l1": r"$\ell_1$", "l2": r"$\ell_2$", "linf": r"$\ell_\infty$"}[suffix]
    noises = sorted({e.noise for e in experiments})
    sigmas = sorted({e.sigma for e in experiments})
    files = []

    fig = plt.figure(figsize=(4.5, 3.5))
    for n in noises:
        if n == "Clean":
            continue
        plt.plot(eps, [best(experiments, n, r)[0] for r in eps], label=n)
    plt.ylim((0, 1))
    plt.xlabel(f"{adv_name} radius")
    plt.ylabel("Top-1 certified accuracy")
    plt.legend()
    plt.tight_layout()
    files.append(out / f"certified_accuracies_{suffix}{tag}.png")
    fig.savefig(files[-1])

    cols = 2 if len(sigmas) > 1 else 1
    rows = (len(sigmas) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3 * rows), squeeze=False)
    for ax, s in zip(axes.flat, sigmas):
        for e in experiments:
            if e.sigma == s:
                ax.plot(eps, [e.certified(r) for r in eps], label=e.noise)
        ax.set_title(f"σ = {_label(s)}")
        ax.set_ylim((0, 1))
        ax.set_xlabel(f"{adv_name} radius")
        ax.legend()
    fig.tight_layout()
    files.append(out / f"per_sigma_{suffix}{tag}.png")
    fig.savefig(files[-1])

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(8, 3))
    for n in noises:
        es = sorted((e for e in experiments if e.noise == n), key=lambda e: e.sigma)
        a1.plot([e.sigma for e in es], [e.acc_train for e in es], marker="o", label=n)
        a2.plot([e.sigma for e in es], [e.acc_pred for e in es], marker="o", label=n)
    for ax, what in ((a1, "training"), (a2, "testing")):
        ax.set_xlabel("σ")
        ax.set_ylabel(f"Top-1 {what} accuracy")
        ax.set_ylim((0, 1))
    a1.legend()
    fig.tight_layout()
    files.append(out / f"train_test_accuracies{tag}.png")
    fig.savefig(files[-1])
    if show:
        plt.show()
    return files


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m rs4a.analyze", description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="./ckpts", help="folder of experiment folders (written by rs4a-cli test)")
    parser.add_argument("--adv", default="1", help="adversary: 1, 2 or inf")
    parser.add_argument("--eps-max", type=float, default=5.0, help="largest radius of the curves")
    parser.add_argument("--show", action="store_true", help="open the figures (needs matplotlib)")
    args = parser.parse_args(argv)
    try:
        suffix = adv_suffix(args.adv)
    except ValueError as e:
        parser.error(str(e))
    if not (args.eps_max > 0 and math.isfinite(args.eps_max)):
        parser.error(f"--eps-max must be finite and > 0, got {args.eps_max}")
    root = Path(args.dir)
    if not root.is_dir():
        parser.error(f"--dir {args.dir} is not a directory")
    experiments = load_all(root, suffix)
    if not experiments:
        print(f"error: no finished experiments in {root} (folders with test_args.json and the .npy results of rs4a-cli test)",
              file=sys.stderr)
        return 1
    eps = np.array([args.eps_max * k / 80 for k in range(81)])
    adv_name = {"l1": "ℓ1", "l2": "ℓ2", "linf": "ℓ∞"}[suffix]
    datasets = sorted({e.dataset for e in experiments})
    try:
        import matplotlib  # noqa: F401
        have_matplotlib = True
    except ImportError:
        have_matplotlib = False
        print("note: matplotlib is not installed (pip install matplotlib) — writing the CSV and table only", file=sys.stderr)
    for d in datasets:
        exps = [e for e in experiments if e.dataset == d]
        csv_path = root / f"results_{d}_{suffix}.csv"
        csv_path.write_text(csv_text(exps, eps))
        print(f"{d}: {len(exps)} experiments → {csv_path}")
        print(table(exps, adv_name))
        if have_matplotlib:
            for f in plot(exps, eps, suffix, root, f"_{d}" if len(datasets) > 1 else "", args.show):
                print(f"wrote {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
