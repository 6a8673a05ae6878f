"""Regression evals, the decision: per candidate and metric a paired interval and a verdict.

Each candidate is compared with its reference — the ``base`` candidate of the same run, or the
stored ``--baseline`` (then every candidate, ``base`` too, is compared with it) — article by
article. In the metric's good direction (``change`` = delta, or −delta for lower-is-better):

- ``regressed``     the whole 95 % interval is below 0 and the mean drop exceeds the tolerance
- ``improved``      the whole interval is above 0 and the mean gain exceeds the tolerance
- ``same``          the interval lies within ± tolerance
- ``inconclusive``  anything else: the suite cannot tell (more articles or ``--repeat`` would)

The run fails on ``regressed`` (``--strict``: on ``inconclusive`` too), on a gated metric missing
from a candidate, and on a threshold of ``[metrics]`` that a candidate's mean breaks.
Tolerances are absolute for scores, relative to the reference mean for tokens, cost and latency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import stats
from .suite import BASE, DEFAULT_TOLERANCE, HIGHER_IS_BETTER, Suite, violations

RELATIVE = {"tokens", "cost", "latency"}
SHOWN_ARTICLES = 5  # per candidate in the terminal; --json and --report carry all of them


@dataclass
class Reference:
    """What candidates are compared with: per metric ``{article: [value per repeat]}``, which
    articles passed every threshold, and each article's brief (summary, actors) for before/after."""

    name: str
    values: dict[str, dict[str, list[float]]]
    passed: dict[str, bool] = field(default_factory=dict)
    texts: dict[str, dict] = field(default_factory=dict)


def article_values(rows: list[dict]) -> dict[str, dict[str, list[float]]]:
    """One candidate's rows → per metric ``{article: [value per repeat]}``; ``failed`` and
    ``pass_rate`` are 0/1 per article and repeat, so they get intervals like every score."""
    out: dict[str, dict[str, list[float]]] = {}
    for row in sorted(rows, key=lambda r: (r["repeat"], r["id"])):
        metrics = {**(row.get("metrics") or {}), "failed": 1.0 if row.get("error") else 0.0,
                   "pass_rate": 1.0 if row.get("passed") else 0.0}
        for name, value in metrics.items():
            out.setdefault(name, {}).setdefault(row["id"], []).append(float(value))
    return out


def reference_from_rows(name: str, rows: list[dict]) -> Reference:
    passed: dict[str, bool] = {}
    texts: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r["repeat"]):
        passed[row["id"]] = passed.get(row["id"], True) and bool(row.get("passed"))
        texts.setdefault(row["id"], brief_text(row))
    return Reference(name, article_values(rows), passed, texts)


def brief_text(row: dict) -> dict:
    """What a reader compares before/after: the points and the actors (or the error)."""
    if row.get("error"):
        return {"summary": [], "actors": [], "error": row["error"]}
    return {"summary": list(row.get("summary") or []), "actors": list(row.get("actors") or [])}


def means(values: dict[str, dict[str, list[float]]]) -> dict[str, float]:
    return {m: round(sum(sum(v) / len(v) for v in per.values()) / len(per), 4) for m, per in values.items() if per}


def tolerance(suite: Suite, name: str, reference_mean: float | None) -> float:
    """The metric's tolerance in its own units (relative ones scaled by the reference mean)."""
    tol = suite.tolerance.get(name, suite.tolerance.get("default", DEFAULT_TOLERANCE.get(name, 0.02)))
    return abs(reference_mean or 0.0) * tol if name in RELATIVE else float(tol)


def gated_metrics(suite: Suite, reference: Reference) -> list[str]:
    """``gate = [...]`` of the suite, or every metric the reference has (latency only with a
    tolerance of its own: it measures the machine) plus every metric with a threshold."""
    if suite.gate:
        return list(suite.gate)
    names = set(reference.values) | set(suite.thresholds) | (set(suite.tolerance) - {"default"})
    if "latency" not in suite.tolerance:
        names.discard("latency")
    return sorted(names)


def verdict(change: float, lo: float, hi: float, tol: float) -> str:
    """``change``, ``lo``, ``hi`` in the good direction (positive = better)."""
    if hi < 0 and -change > tol:
        return "regressed"
    if lo > 0 and change > tol:
        return "improved"
    if lo >= -tol - 1e-12 and hi <= tol + 1e-12:
        return "same"
    return "inconclusive"


def compare(suite: Suite, values: dict[str, dict[str, list[float]]], reference: Reference,
            metrics: list[str]) -> dict[str, dict]:
    """Per gated metric: ``{delta, ci_low, ci_high, verdict, n, tolerance, detectable_drop, deltas}``
    (delta and interval in the metric's own units; ``deltas`` per article); a metric missing on
    either side has verdict ``missing``."""
    out = {}
    for name in metrics:
        cand, ref = values.get(name), reference.values.get(name)
        if not cand or not ref:
            out[name] = {"delta": None, "ci_low": None, "ci_high": None, "verdict": "missing", "n": 0}
            continue
        p = stats.paired(cand, ref)
        if p["n"] == 0:
            out[name] = {"delta": None, "ci_low": None, "ci_high": None, "verdict": "missing", "n": 0}
            continue
        tol = tolerance(suite, name, means({name: ref})[name])
        sign = 1 if name in HIGHER_IS_BETTER else -1
        lo, hi = sorted((sign * p["ci_low"], sign * p["ci_high"]))
        out[name] = {"delta": p["delta"], "ci_low": p["ci_low"], "ci_high": p["ci_high"],
                     "verdict": verdict(sign * p["delta"], lo, hi, tol), "n": p["n"], "tolerance": round(tol, 4),
                     "detectable_drop": stats.detectable_drop(p["sd"], p["n"], tol), "deltas": p["deltas"]}
    return out


def broken_articles(comparison: dict[str, dict], reference: Reference, rows: list[dict]) -> tuple[list, list]:
    """(``regressed``: every article × metric whose drop exceeds the tolerance, worst first, as
    ``{id, metric, delta}``; ``broken``: each such article or one that flipped pass → fail, with
    its metrics' deltas and the reference's and the candidate's brief side by side)."""
    regressed = []
    for name, c in comparison.items():
        sign = 1 if name in HIGHER_IS_BETTER else -1
        for aid, d in (c.get("deltas") or {}).items():
            if -sign * d > c["tolerance"]:
                regressed.append({"id": aid, "metric": name, "delta": d,
                                  "_drop": -sign * d / (c["tolerance"] or 1e-9)})
    regressed.sort(key=lambda r: (-r["_drop"], r["id"], r["metric"]))
    now = reference_from_rows("candidate", rows)
    flipped = sorted(a for a, ok in now.passed.items() if not ok and reference.passed.get(a))
    order = list(dict.fromkeys([r["id"] for r in regressed] + flipped))
    broken = []
    for aid in order:
        broken.append({"id": aid, "flipped": aid in flipped,
                       "deltas": {r["metric"]: r["delta"] for r in regressed if r["id"] == aid},
                       "before": reference.texts.get(aid, {"summary": [], "actors": []}),
                       "after": now.texts.get(aid, {"summary": [], "actors": []})})
    return [{k: v for k, v in r.items() if k != "_drop"} for r in regressed], broken


def decide(report: dict, strict: bool = False) -> list[tuple[str, str, str]]:
    """The gate's failures as ``(candidate, metric, one line)`` (empty: pass)."""
    failures = []
    absent: dict[str, set[str]] = {}
    for name, cand in report["candidates"].items():
        absent[name] = {m for m in report["gated"] if not cand["metrics"].get(m, {}).get("n")}
        failures += [(name, m, f"{name}: gated metric {m} is missing from the run") for m in sorted(absent[name])]
        failures += [(name, v.split(" ", 1)[0], f"{name}: {v}") for v in cand["threshold_failures"]]
    for name, comp in report["comparisons"].items():
        vs = report["reference_of"][name]
        for metric, c in comp.items():
            if c["verdict"] == "missing":
                if metric not in absent[name]:
                    failures.append((name, metric, f"{name}: gated metric {metric} is missing from {vs}"))
            elif c["verdict"] == "regressed" or (strict and c["verdict"] == "inconclusive"):
                failures.append((name, metric, f"{name}: {metric} {c['verdict']} against {vs}: Δ {c['delta']:+.4f} "
                                 f"[{c['ci_low']:+.4f}, {c['ci_high']:+.4f}] (tolerance {c['tolerance']:g})"))
    return failures


def summarize(suite: Suite, rows: list[dict], names: list[str], repeat: int,
              baseline: Reference | None = None, strict: bool = False) -> dict:
    """The whole report: per candidate its metrics with intervals and threshold failures; per
    compared candidate the paired comparison, its regressed and broken articles; the gate."""
    by_name = {n: [r for r in rows if r["candidate"] == n] for n in names}
    base_ref = reference_from_rows(BASE, by_name[BASE])
    reference = baseline or base_ref
    gated = gated_metrics(suite, reference)
    report: dict = {"suite": suite.name, "articles": len({r["id"] for r in rows}), "repeat": repeat,
                    "reference": "baseline" if baseline else BASE, "gated": gated, "candidates": {},
                    "comparisons": {}, "reference_of": {}, "regressed_articles": {}, "broken": {}}
    for name in names:
        values = article_values(by_name[name])
        metrics = {m: stats.mean_interval(v) for m, v in sorted(values.items())}
        entry = {"metrics": metrics,
                 "threshold_failures": violations({m: s["mean"] for m, s in metrics.items()}, suite.thresholds)}
        missing = sorted(set(suite.thresholds) - set(metrics) - set(gated))  # gated ones fail in ``decide``
        entry["threshold_failures"] += [f"{m} has no values (a threshold needs it)" for m in missing]
        if repeat > 1:
            ok = reference_from_rows(name, by_name[name]).passed
            entry["pass_all_repeats"] = round(sum(ok.values()) / max(1, len(ok)), 4)  # pass^N
        report["candidates"][name] = entry
        if baseline is None and name == BASE:
            continue
        comparison = compare(suite, values, reference, gated)
        report["comparisons"][name] = comparison
        report["reference_of"][name] = reference.name
        report["regressed_articles"][name], report["broken"][name] = broken_articles(comparison, reference,
                                                                                     by_name[name])
    report["detectable_drop"] = _detectable(suite, report, base_ref, gated)
    failures = decide(report, strict)
    failed: dict[str, dict[str, list[str]]] = {}  # candidate → metric → its failure lines (JUnit)
    for cand, metric, line in failures:
        failed.setdefault(cand, {}).setdefault(metric, []).append(line)
    report["gate"] = {"passed": not failures, "failures": [line for *_, line in failures], "strict": strict,
                      "failed_metrics": failed}
    return report


def _detectable(suite: Suite, report: dict, base: Reference, gated: list[str]) -> dict[str, float | None]:
    """Per gated metric, the smallest drop detectable at 80 % power: the largest over the run's
    comparisons (paired SDs); with no comparison, from the base candidate's between-seed SD."""
    out: dict[str, float | None] = {}
    for m in gated:
        found = [c[m].get("detectable_drop") for c in report["comparisons"].values() if m in c]
        found = [f for f in found if f is not None]
        if found:
            out[m] = max(found)
        elif m in base.values:
            tol = tolerance(suite, m, means({m: base.values[m]})[m])
            out[m] = stats.detectable_drop(stats.seed_sd(base.values[m]), len(base.values[m]), tol)
        else:
            out[m] = None
    return out
