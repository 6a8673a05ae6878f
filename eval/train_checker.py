"""Train the faithfulness checker's logistic regression on FRANK's validation split only.

    .venv/bin/python eval/train_checker.py [--data ../shared/data/faithfulness]

Writes src/briefer/data/checker.json: feature means/stds, weights, bias and the default threshold
(the one that maximizes balanced accuracy on the validation split). Class-balanced, L2-regularized,
plain gradient descent in numpy: deterministic, no extra dependency. Test splits are never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from briefer.faithfulness import FEATURES, analyze

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "briefer" / "data" / "checker.json"


def balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> float:
    tpr = ((pred == 1) & (y == 1)).sum() / max(1, (y == 1).sum())
    tnr = ((pred == 0) & (y == 0)).sum() / max(1, (y == 0).sum())
    return float(tpr + tnr) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "faithfulness")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the weights")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.data / "frank.jsonl").open()]
    rows = [r for r in rows if r["split"] == "valid"]
    X = np.array([[analyze(r["document"], r["summary"])[0][f] for f in FEATURES] for r in rows])
    y = np.array([r["label"] for r in rows], dtype=float)
    mean, std = X.mean(0), X.std(0) + 1e-9
    Z = (X - mean) / std
    weight = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    w, b = np.zeros(Z.shape[1]), 0.0
    for _ in range(5000):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * weight
        w -= 0.1 * (Z.T @ g / len(y) + args.l2 * w / len(y))
        b -= 0.1 * g.mean()
    p = 1 / (1 + np.exp(-(Z @ w + b)))
    candidates = np.round(np.arange(0.2, 0.81, 0.01), 2)
    threshold = float(max(candidates, key=lambda t: balanced_accuracy(y, (p >= t).astype(int))))
    model = {
        "about": "logistic regression over briefer.faithfulness.FEATURES; trained by eval/train_checker.py",
        "trained_on": f"FRANK validation split ({len(rows)} pairs)",
        "features": list(FEATURES),
        "mean": np.round(mean, 6).tolist(),
        "std": np.round(std, 6).tolist(),
        "weights": np.round(w, 6).tolist(),
        "bias": round(float(b), 6),
        "threshold": threshold,
        "validation_balanced_accuracy": round(balanced_accuracy(y, (p >= threshold).astype(int)), 4),
    }
    args.out.write_text(json.dumps(model, indent=2) + "\n")
    print(f"wrote {args.out}: threshold {threshold}, validation BA {model['validation_balanced_accuracy']}")
    for name, weight_ in sorted(zip(FEATURES, w), key=lambda t: -abs(t[1])):
        print(f"  {name:<22} {weight_:+.3f}")


if __name__ == "__main__":
    main()
