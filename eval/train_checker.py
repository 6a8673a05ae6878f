"""Train the faithfulness checker's logistic regression on dev data only.

    .venv/bin/python eval/train_checker.py [--data ../shared/data/faithfulness]

Dev data: FRANK's validation split and the SummEval *dev half* (documents whose id hashes even,
``summeval_dev``; the other half is held out for reporting). The weights are fit on FRANK
validation; the default threshold is the one that maximizes the summed balanced accuracy on both
dev sets, so that one fixed threshold serves abstractive (XSum) and extractive (CNN/DM) summaries.
Class-balanced, L2-regularized, plain gradient descent in numpy: deterministic, no extra
dependency. FRANK's test split and the SummEval held-out half are never read.

Writes src/briefer/data/checker.json: feature names, means/stds, weights, bias, threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from briefer.grounding import faithfulness_features as analyze

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "checker"))
# one definition of the metric, numpy-only so the machine that trains the entailment model can judge with it too
from judge_scores import ba as balanced_accuracy  # noqa: E402
OUT = ROOT / "src" / "briefer" / "data" / "checker.json"
# Chosen on the dev data above among subsets of the faithfulness checker's FEATURES (grounding): more features
# (the collinear n-gram family, length, name heuristics) fit FRANK's XSum part and transfer worse.
MODEL_FEATURES = ("trigram", "worst_sentence_bigram", "single_source", "novel_numbers")


def summeval_dev(doc_id: str) -> bool:
    """The SummEval dev half: a fixed split by document, so no article is on both sides."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2 == 0


def _matrix(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([[analyze(r["document"], r["summary"])[0][f] for f in MODEL_FEATURES] for r in rows])
    return X, np.array([r["label"] for r in rows], dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "faithfulness")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the weights")
    args = parser.parse_args()
    frank = [r for r in map(json.loads, (args.data / "frank.jsonl").open()) if r["split"] == "valid"]
    summeval = [r for r in map(json.loads, (args.data / "summeval.jsonl").open()) if summeval_dev(r["doc_id"])]
    X, y = _matrix(frank)
    Xs, ys = _matrix(summeval)
    mean, std = X.mean(0), X.std(0) + 1e-9
    Z = (X - mean) / std
    weight = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    w, b = np.zeros(Z.shape[1]), 0.0
    for _ in range(5000):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * weight
        w -= 0.1 * (Z.T @ g / len(y) + args.l2 * w / len(y))
        b -= 0.1 * g.mean()

    def prob(A: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(((A - mean) / std) @ w + b)))

    p, ps = prob(X), prob(Xs)

    def both(t: float) -> tuple[float, float]:
        return balanced_accuracy(y, (p >= t).astype(int)), balanced_accuracy(ys, (ps >= t).astype(int))

    threshold = float(max(np.round(np.arange(0.2, 0.81, 0.01), 2), key=lambda t: sum(both(t))))
    frank_ba, summeval_ba = both(threshold)
    model = {
        "about": "logistic regression over briefer.faithfulness features; trained by eval/train_checker.py",
        "trained_on": f"FRANK validation split ({len(frank)} pairs); threshold also on the SummEval dev half "
                      f"({len(summeval)} pairs)",
        "features": list(MODEL_FEATURES),
        "mean": np.round(mean, 6).tolist(),
        "std": np.round(std, 6).tolist(),
        "weights": np.round(w, 6).tolist(),
        "bias": round(float(b), 6),
        "threshold": threshold,
        "dev_balanced_accuracy": {"frank_valid": round(frank_ba, 4), "summeval_dev": round(summeval_ba, 4)},
    }
    args.out.write_text(json.dumps(model, indent=2) + "\n")
    print(f"wrote {args.out}: threshold {threshold}, dev BA FRANK valid {frank_ba:.4f}, SummEval dev {summeval_ba:.4f}")
    for name, weight_ in sorted(zip(MODEL_FEATURES, w), key=lambda t: -abs(t[1])):
        print(f"  {name:<22} {weight_:+.3f}")


if __name__ == "__main__":
    main()
