"""Eval results for people (terminal table, Markdown, HTML) and programs (JSON)."""

from __future__ import annotations

import json

import jinja2
from rich.table import Table

from .evaluate import HIGHER_IS_BETTER

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


_MD = jinja2.Template("""# briefer eval: {{ r.suite }}

{{ r.articles }} articles{% if r.repeat > 1 %}, {{ r.repeat }} repeats (pass^{{ r.repeat }} = {{ "%.3f"|format(r.pass_all_repeats) }}){% endif %}.
**{{ "PASS" if ok else "FAIL" }}**{% for x in problems %}
- {{ x }}{% endfor %}

| metric | value |{% if baseline %} baseline |{% endif %}
|---|---|{% if baseline %}---|{% endif %}
{% for n in names %}| {{ n }} | {{ fmt(n, r.metrics[n]) }} |{% if baseline %} {{ fmt(n, baseline.get(n)) }} |{% endif %}
{% endfor %}
## Articles

| id | passed | grounding | faithfulness | tokens | problems |
|---|---|---|---|---|---|
{% for row in rows %}| {{ row.id }} | {{ "yes" if row.passed else "no" }} | {{ fmt("grounding_rate", row.metrics.grounding_rate) if row.metrics else "—" }} | {{ fmt("faithfulness", row.metrics.faithfulness) if row.metrics else "—" }} | {{ fmt("tokens", row.metrics.tokens) if row.metrics else "—" }} | {{ row.error or (row.violations | join("; ")) }} |
{% endfor %}""")

_HTML = jinja2.Template("""<!doctype html><html><head><meta charset="utf-8"><title>briefer eval: {{ r.suite }}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.pass{color:#176f2c}.fail{color:#b00020}</style></head><body>
<h1>briefer eval: {{ r.suite }}</h1>
<p>{{ r.articles }} articles{% if r.repeat > 1 %}, {{ r.repeat }} repeats{% endif %} —
<strong class="{{ 'pass' if ok else 'fail' }}">{{ "PASS" if ok else "FAIL" }}</strong></p>
{% if problems %}<ul>{% for x in problems %}<li>{{ x }}</li>{% endfor %}</ul>{% endif %}
<table><tr><th>metric</th><th>value</th>{% if baseline %}<th>baseline</th>{% endif %}</tr>
{% for n in names %}<tr><td>{{ n }}</td><td>{{ fmt(n, r.metrics[n]) }}</td>{% if baseline %}<td>{{ fmt(n, baseline.get(n)) }}</td>{% endif %}</tr>
{% endfor %}</table>
<h2>Articles</h2><table><tr><th>id</th><th>passed</th><th>summary</th><th>problems</th></tr>
{% for row in rows %}<tr><td>{{ row.id }}</td><td>{{ "yes" if row.passed else "no" }}</td>
<td>{% for s in row.summary or [] %}<div>{{ s }}</div>{% endfor %}</td><td>{{ row.error or (row.violations | join("; ")) }}</td></tr>
{% endfor %}</table></body></html>
""", autoescape=True)


def to_document(fmt: str, report: dict, rows: list[dict], regressions: list[str], baseline: dict | None) -> str:
    problems = list(report["threshold_failures"]) + regressions
    ctx = dict(r=report, rows=rows, ok=not problems, problems=problems, baseline=baseline, names=_names(report), fmt=_fmt)
    return (_HTML if fmt == "html" else _MD).render(**ctx)
