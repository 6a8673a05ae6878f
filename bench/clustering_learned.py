"""Does a learned pair scorer beat the one-threshold design? Leave-topics-out, on dev with assigned times.

    python bench/clustering_learned.py [--data ../shared/data/clustering/ecbplus-dev] [--seed 0] [--gap 1,10]

Per candidate pair (the shipped candidate search), features: the cosine, the shipped similarity
without times (min of cosine and second order), the time decay, the shipped similarity with times,
and the cosine of capitalised names and numbers. A logistic regression (numpy, L2, standardised
features) learns "same event" on the training folds' pairs; the held-out fold is clustered by
average link on its predicted probabilities, the cut chosen on the training folds. Beside it, the
shipped clustering with its threshold chosen the same way. 5 folds of the 23 topics; per-topic
B-cubed F1 and the paired bootstrap 95% interval over topics of learned minus shipped.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import clustering as bench  # noqa: E402
import clustering_days as days  # noqa: E402
from briefer.daily import clustering  # noqa: E402
from briefer.daily.clustering import _average_link, _candidates, _decayed, _second_order, _vectors, article_text  # noqa: E402
from briefer.daily.timing import hours, time_decay  # noqa: E402
from briefer.text import WORD  # noqa: E402
from _scope import inner_only  # noqa: E402


def _names(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text) if w[0].isupper() or w[0].isdigit())


def features(texts: list[str], times: list[float], threshold: float) -> tuple[list[tuple[int, int]], np.ndarray]:
    n = len(texts)
    first, _ = _candidates(_vectors(texts), n)
    plain, _ = _second_order(first, n, threshold)
    when = hours(times, n)
    timed, _ = _second_order(_decayed(first, when), n, threshold)
    names = [_names(t) for t in texts]
    norms = [math.sqrt(sum(v * v for v in c.values())) or 1.0 for c in names]
    keys = sorted(first)
    rows = []
    for i, j in keys:
        a, b = names[i], names[j]
        nc = sum(v * b.get(k, 0) for k, v in a.items()) / (norms[i] * norms[j])
        rows.append([first[(i, j)], plain.get((i, j), 0.0), float(time_decay(np.array([abs(when[i] - when[j])]))[0]),
                     timed.get((i, j), 0.0), nc])
    return keys, np.array(rows, dtype=np.float64)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 800, lr: float = 0.5):
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.c_[(x - mu) / sd, np.ones(len(x))]
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= lr * (z.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0])
    return lambda q: 1 / (1 + np.exp(-np.c_[(q - mu) / sd, np.ones(len(q))] @ w))


def main() -> None:
    inner_only("briefer.daily.clustering and a pair scorer on texts read here")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=bench.DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--gap", default="1,10")
    args = ap.parse_args()
    days.GAP_DAYS = tuple(int(v) for v in args.gap.split(","))
    docs, gold, topic = bench.load(args.data)
    texts = [article_text(d) for d in docs]
    times = days.assign_times(gold, topic, args.seed)
    topics = sorted(set(topic), key=lambda t: int("".join(c for c in t if c.isdigit()) or 0))
    fold_of = {t: k % bench.FOLDS for k, t in enumerate(topics)}
    cuts = np.round(np.arange(0.05, 0.96, 0.05), 2)
    grid = np.round(np.arange(0.04, 0.201, 0.01), 3)
    per = {"shipped": {}, "learned": {}}
    chosen = {"shipped": [], "learned": []}
    for f in range(bench.FOLDS):
        train = [i for i in range(len(texts)) if fold_of[topic[i]] != f]
        test = [i for i in range(len(texts)) if fold_of[topic[i]] == f]
        tx, tw, tg = [texts[i] for i in train], [times[i] for i in train], [gold[i] for i in train]
        keys, x = features(tx, tw, clustering.THRESHOLD)
        y = np.array([tg[i] == tg[j] for i, j in keys], dtype=np.float64)
        model = fit(x, y)
        prob = dict(zip(keys, model(x).tolist()))
        cut = max(cuts, key=lambda c: bench.bcubed(_average_link(len(tx), prob, c), tg)[2])
        thr = max(grid, key=lambda t: bench.bcubed(clustering.cluster_with_stats(tx, threshold=t, times=tw)[0], tg)[2])
        chosen["learned"].append(float(cut))
        chosen["shipped"].append(float(thr))
        sx, sw, sg, st = [texts[i] for i in test], [times[i] for i in test], [gold[i] for i in test], [topic[i] for i in test]
        keys, x = features(sx, sw, clustering.THRESHOLD)
        out = {"learned": _average_link(len(sx), dict(zip(keys, model(x).tolist())), cut),
               "shipped": clustering.cluster_with_stats(sx, threshold=thr, times=sw)[0]}
        for m, groups in out.items():
            for tp in sorted(set(st)):
                per[m][tp] = bench.bcubed(groups, sg, [k for k, v in enumerate(st) if v == tp])[2]
    d = [per["learned"][t] - per["shipped"][t] for t in topics]
    for m in per:
        print(f"{m:<8} mean per-topic F1 {np.mean(list(per[m].values())):.3f}  chosen {chosen[m]}")
    print(f"learned - shipped {np.mean(d):+.3f}, paired bootstrap over topics 95% CI {bench.paired_ci(d)}")


if __name__ == "__main__":
    main()
