"""Eval results for people (terminal table, Markdown, HTML) and programs (JSON)."""

from __future__ import annotations

import json

from rich.table import Table

from ..resources import html_templates
from .suite import HIGHER_IS_BETTER

_ORDER = ["grounding_rate", "faithfulness", "judge_faithfulness", "actor_grounding", "numbers_consistency",
          "questions_open",
          "rouge1", "rouge2", "rougeL", "pass_rate", "failed", "tokens", "cost", "latency"]


def _names(report: dict) -> list[str]:
    return [n for n in _ORDER if n in report["metrics"]] + sorted(set(report["metrics"]) - set(_ORDER))


def _fmt(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name in ("tokens", "failed"):
        return f"{value:,.0f}"
    if name == "cost":
        return f"${value:.4f}"
    if name == "latency":
        return f"{value:.2f}s"
    return f"{value:.3f}"


def table(report: dict, baseline: dict | None) -> Table:
    t = Table(title=f"briefer eval: {report['suite']} ({report['articles']} articles"
                    + (f", {report['repeat']} repeats" if report["repeat"] > 1 else "") + ")")
    t.add_column("metric")
    t.add_column("value", justify="right")
    if baseline:
        t.add_column("baseline", justify="right")
    if report.get("spread"):
        t.add_column("spread", justify="right")
    for name in _names(report):
        row = [name + ("" if name in HIGHER_IS_BETTER else " (lower is better)"), _fmt(name, report["metrics"][name])]
        if baseline:
            row.append(_fmt(name, baseline.get(name)))
        if report.get("spread"):
            row.append(_fmt(name, report["spread"].get(name)))
        t.add_row(*row)
    return t


def to_json(report: dict, rows: list[dict], regressions: list[str]) -> str:
    return json.dumps({"report": report, "regressions": regressions, "rows": rows}, indent=2) + "\n"



def to_document(fmt: str, report: dict, rows: list[dict], regressions: list[str], baseline: dict | None) -> str:
    problems = list(report["threshold_failures"]) + regressions
    ctx = dict(r=report, rows=rows, ok=not problems, problems=problems, baseline=baseline, names=_names(report), fmt=_fmt)
    return html_templates().get_template(f"eval.{fmt}.j2").render(**ctx)
