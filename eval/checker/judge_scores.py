"""Turn window-pair probabilities (aligned with dump_eval.py's npz) into the shipped checker's scores, and
judge them per group: the summary path's mix and the claim path's minimum, AUC and balanced accuracy.
numpy only, so the same code runs on the training machine (dev labels) and here (all labels)."""

from __future__ import annotations

import numpy as np


def auc(y, s) -> float:
    """Probability that a positive outscores a negative (ties count half); NaN without both classes."""
    y, s = np.asarray(y), np.asarray(s, dtype=float)
    order = np.argsort(s, kind="mergesort")
    sv = s[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and sv[j] == sv[i]:
            j += 1
        ranks[order[i:j]] = (i + j + 1) / 2
        i = j
    npos = int(y.sum()); nneg = len(y) - npos
    if not npos or not nneg:
        return float("nan")
    return float((ranks[y == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def ba(y, pred) -> float:
    """Balanced accuracy: the mean of the recall on each class (labels and 0/1 predictions: arrays or lists)."""
    y, pred = np.asarray(y), np.asarray(pred)
    return float(((pred == 1) & (y == 1)).sum() / max(1, (y == 1).sum()) + ((pred == 0) & (y == 0)).sum() / max(1, (y == 0).sum())) / 2


def sentence_best(z, probs) -> dict[tuple[int, int], float]:
    best: dict[tuple[int, int], float] = {}
    for item, sent, p in zip(z["pair_item"].tolist(), z["pair_sent"].tolist(), np.asarray(probs, dtype=float).tolist()):
        key = (item, sent)
        if p > best.get(key, -1.0):
            best[key] = p
    return best


def item_scores(z, probs, w: float) -> tuple[np.ndarray, np.ndarray]:
    """(summary score = w·mean entailment + (1-w)·bigram, claim score = min entailment) per item; 0 where the
    shipped code returns 0 (not checkable, guard, no sentence)."""
    best = sentence_best(z, probs)
    n = len(z["label"])
    ent_mean, ent_min = np.zeros(n), np.zeros(n)
    per: dict[int, list[float]] = {}
    for (item, _), p in best.items():
        per.setdefault(item, []).append(p)
    for item, ps in per.items():
        ent_mean[item], ent_min[item] = float(np.mean(ps)), min(ps)
    has = np.array([i in per for i in range(n)]) & ~z["zero"]
    summary = np.where(has, w * ent_mean + (1 - w) * z["bigram"], 0.0)
    claim = np.where(has, ent_min, 0.0)
    return summary, claim


def table(z, probs, labels, groups, w: float, thr: float | None, claim_thr: float | None):
    """Per group: AUC and BA (at thr for summaries / claim_thr for claims); None for groups without labels."""
    summary, claim = item_scores(z, probs, w)
    out = {}
    names = [str(g) for g in z["groups"]]
    for gi, name in enumerate(names):
        m = (groups == gi) & (labels >= 0)
        if not m.any():
            continue
        s = claim[m] if name.startswith("claims") else summary[m]
        t = claim_thr if name.startswith("claims") else thr
        out[name] = {"auc": round(auc(labels[m], s), 4),
                     "ba": None if t is None else round(ba(labels[m], (s >= t).astype(int)), 4)}
    return out


def best_threshold(y_by_group, s_by_group) -> tuple[float, float]:
    """The threshold maximising the mean of per-group BA (grid of 0.005), and that mean."""
    best = (0.5, -1.0)
    for t in np.arange(0.3, 1.0, 0.005):
        m = float(np.mean([ba(y, (s >= t).astype(int)) for y, s in zip(y_by_group, s_by_group)]))
        if m > best[1] + 1e-9:
            best = (round(float(t), 3), m)
    return best
