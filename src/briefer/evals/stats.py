"""Paired statistics over articles: bootstrap intervals, with seeds nested inside articles, and power.

Why paired: every candidate runs on the same articles, and articles differ far more from each
other than candidates do; the per-article difference removes that spread, so a small real drop
shows while one article's noise does not. Why nested: with ``--repeat K`` an article has K
samples per candidate; the bootstrap resamples articles (the unit the suite generalises over),
then seeds within each resampled article, so both sources of noise widen the interval.

``values`` everywhere is ``{article id: [value per repeat]}`` for one candidate and metric.
"""

from __future__ import annotations

import math

import numpy as np

DRAWS = 2000  # bootstrap resamples; percentiles of 2,000 are stable to ~0.1 of the interval's width
Z_ALPHA, Z_POWER = 1.959964, 0.841621  # two-sided 95 %, 80 % power


def _matrix(values: dict[str, list[float]], ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Articles × repeats (padded with the article's own values, cycled) and each article's count."""
    width = max(len(values[i]) for i in ids)
    m = np.array([[values[i][j % len(values[i])] for j in range(width)] for i in ids], dtype=float)
    return m, np.array([len(values[i]) for i in ids])


def _resample(m: np.ndarray, counts: np.ndarray, arts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Per draw and resampled article, the mean over its resampled seeds: shape (DRAWS, n)."""
    k = counts[arts]  # (B, n)
    width = m.shape[1]
    if width == 1:
        return m[arts, 0]
    seeds = np.floor(rng.random(arts.shape + (width,)) * k[..., None]).astype(int)  # (B, n, width)
    picked = m[arts[..., None], seeds]
    mask = np.arange(width)[None, None, :] < k[..., None]  # only the article's own number of seeds
    return (picked * mask).sum(-1) / k


def mean_interval(values: dict[str, list[float]], seed: int = 0) -> dict:
    """``{mean, ci_low, ci_high, n}``: mean over articles of each article's mean, 95 % bootstrap."""
    ids = sorted(i for i in values if values[i])
    if not ids:
        return {"mean": None, "ci_low": None, "ci_high": None, "n": 0}
    m, counts = _matrix(values, ids)
    mean = float(np.mean([np.mean(values[i]) for i in ids]))
    rng = np.random.default_rng(seed)
    arts = rng.integers(0, len(ids), size=(DRAWS, len(ids)))
    draws = _resample(m, counts, arts, rng).mean(axis=1)
    lo, hi = np.percentile(draws, [2.5, 97.5])
    return {"mean": round(mean, 4), "ci_low": round(float(lo), 4), "ci_high": round(float(hi), 4), "n": len(ids)}


def paired(candidate: dict[str, list[float]], reference: dict[str, list[float]], seed: int = 0) -> dict:
    """The candidate minus the reference over the articles both have: ``{delta, ci_low, ci_high, n,
    sd, deltas}`` (``deltas``: each article's difference of means; ``sd``: their standard deviation).

    Each draw resamples articles once (the same articles on both sides: paired), then seeds within
    each side independently (a seed of one candidate is not the same sample as that seed of another)."""
    ids = sorted(i for i in candidate if candidate[i] and reference.get(i))
    if not ids:
        return {"delta": None, "ci_low": None, "ci_high": None, "n": 0, "sd": None, "deltas": {}}
    deltas = {i: float(np.mean(candidate[i]) - np.mean(reference[i])) for i in ids}
    d = np.array(list(deltas.values()))
    rng = np.random.default_rng(seed)
    arts = rng.integers(0, len(ids), size=(DRAWS, len(ids)))
    c, ck = _matrix(candidate, ids)
    r, rk = _matrix(reference, ids)
    draws = (_resample(c, ck, arts, rng) - _resample(r, rk, arts, rng)).mean(axis=1)
    lo, hi = np.percentile(draws, [2.5, 97.5])
    sd = float(np.std(d, ddof=1)) if len(d) > 1 else 0.0
    return {"delta": round(float(d.mean()), 4), "ci_low": round(float(lo), 4), "ci_high": round(float(hi), 4),
            "n": len(ids), "sd": round(sd, 4), "deltas": {i: round(v, 4) for i, v in deltas.items()}}


def seed_sd(values: dict[str, list[float]]) -> float | None:
    """The SD one rerun of the same settings would show per article, from the between-seed spread:
    sqrt(2 · pooled seed variance / K) for K seeds per run (None with fewer than two seeds)."""
    spread = [np.var(v, ddof=1) for v in values.values() if len(v) > 1]
    if not spread:
        return None
    k = float(np.mean([len(v) for v in values.values() if len(v) > 1]))
    return math.sqrt(2 * float(np.mean(spread)) / k)


def detectable_drop(sd: float | None, n: int, tolerance: float) -> float | None:
    """The smallest true drop the gate calls ``regressed`` with 80 % power on ``n`` articles whose
    paired differences have standard deviation ``sd`` (normal approximation; docs/eval-gate.md):
    the interval must clear 0, needing (z₀.₉₇₅ + z₀.₈)·se, and the mean drop must pass the
    tolerance, needing tolerance + z₀.₈·se; the larger of the two, with se = sd/√n."""
    if sd is None or n < 2:
        return None
    se = sd / math.sqrt(n)
    return round(max((Z_ALPHA + Z_POWER) * se, tolerance + Z_POWER * se), 4)
