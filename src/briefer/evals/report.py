"""Eval results for people (terminal tables, Markdown) and programs (JSON); HTML is ``html.py``,
JUnit ``junit.py``. All read the report ``gate.summarize`` builds."""

from __future__ import annotations

import json

from .gate import SHOWN_ARTICLES
from .suite import HIGHER_IS_BETTER

_ORDER = ["grounding_rate", "faithfulness", "judge_faithfulness", "actor_grounding", "numbers_consistency",
          "questions_open", "bcubed_f1", "bcubed_precision", "bcubed_recall", "kept_apart", "story_count_error",
          "rouge1", "rouge2", "rougeL", "pass_rate", "failed", "tokens", "cost", "latency"]
VERDICT_STYLE = {"regressed": "bold red", "improved": "green", "same": "dim", "inconclusive": "yellow",
                 "missing": "bold red"}


def metric_names(report: dict) -> list[str]:
    have = set().union(*(c["metrics"] for c in report["candidates"].values())) | set(report["gated"])
    return [n for n in _ORDER if n in have] + sorted(have - set(_ORDER))


def fmt(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name == "tokens":
        return f"{value:,.0f}"
    if name == "cost":
        return f"${value:.4f}"
    if name == "latency":
        return f"{value:.2f}s"
    return f"{value:.3f}"


def fmt_delta(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name == "tokens":
        return f"{value:+,.0f}"
    return f"{value:+.3f}"


def interval(name: str, s: dict) -> str:
    """``mean [low, high]`` of a ``{mean, ci_low, ci_high}``."""
    if s.get("mean") is None:
        return "—"
    return f"{fmt(name, s['mean'])} [{fmt(name, s['ci_low'])}, {fmt(name, s['ci_high'])}]"


def comparison_cell(name: str, c: dict | None) -> str:
    if not c:
        return ""
    if c["verdict"] == "missing":
        return "missing"
    return f"{fmt_delta(name, c['delta'])} [{fmt_delta(name, c['ci_low'])}, {fmt_delta(name, c['ci_high'])}] {c['verdict']}"


def title(report: dict) -> str:
    return (f"briefer eval: {report['suite']} ({report['articles']} {report.get('unit', 'articles')}"
            + (f", {report['repeat']} repeats" if report["repeat"] > 1 else "") + f"; reference: {report['reference']})")


def tables(report: dict) -> list:
    """Rich tables: every metric per candidate with its 95 % interval, each comparison's Δ and
    verdict, the smallest drop detectable at 80 % power; then each candidate's broken articles."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=title(report))
    t.add_column("metric")
    for name in report["candidates"]:
        t.add_column(f"{name} (95% CI)", justify="right")
    for name, vs in report["reference_of"].items():
        t.add_column(f"Δ {name} − {vs}", justify="right")
    t.add_column("detectable\n(80% power)", justify="right")
    for m in metric_names(report):
        row = [m + ("" if m in HIGHER_IS_BETTER else " ↓") + (" *" if m in report["gated"] else "")]
        row += [interval(m, c["metrics"].get(m, {})) for c in report["candidates"].values()]
        for comp in report["comparisons"].values():
            c = comp.get(m)
            row.append(Text(comparison_cell(m, c), style=VERDICT_STYLE.get((c or {}).get("verdict"), "")))
        mde = report["detectable_drop"].get(m)
        row.append("—" if mde is None else fmt(m, mde))
        t.add_row(*row)
    t.caption = "* gated; ↓ lower is better; detectable: smallest drop called regressed with 80% power"
    out = [t]
    for name, broken in report["broken"].items():
        if not broken:
            continue
        b = Table(title=f"{name}: articles that broke ({len(broken)}; worst {min(len(broken), SHOWN_ARTICLES)} shown)")
        b.add_column("article")
        b.add_column("Δ")
        b.add_column(f"before ({report['reference_of'][name]})")
        b.add_column(f"after ({name})")
        for item in broken[:SHOWN_ARTICLES]:
            deltas = ", ".join(f"{m} {fmt_delta(m, d)}" for m, d in item["deltas"].items())
            b.add_row(item["id"], deltas + (" pass→fail" if item["flipped"] else ""),
                      brief_lines(item["before"]), brief_lines(item["after"]))
        out.append(b)
    return out


def brief_lines(text: dict, width: int = 160) -> str:
    if text.get("error"):
        return f"error: {text['error']}"[:width]
    points = [f"• {p[:width]}" for p in text.get("summary", [])]
    actors = ", ".join(text.get("actors", []))
    return "\n".join(points + ([f"actors: {actors[:width]}"] if actors else [])) or "(no points)"


def to_json(result) -> str:
    """``briefer eval run --json`` (schema: ``briefer schema eval``)."""
    return json.dumps({**result.report, "rows": result.rows}, indent=1, ensure_ascii=False) + "\n"


def markdown(report: dict, rows: list[dict] | None = None) -> str:
    """The Markdown summary (``--report x.md``, and ``$GITHUB_STEP_SUMMARY``)."""
    gate = report["gate"]
    lines = [f"# {title(report)}", "", f"**{'PASS' if gate['passed'] else 'FAIL'}**"]
    lines += [f"- {f}" for f in gate["failures"]]
    names = list(report["candidates"])
    head = ["metric"] + [f"{n} (95% CI)" for n in names] + [f"Δ {n} − {v}" for n, v in report["reference_of"].items()]
    lines += ["", "| " + " | ".join(head + ["detectable (80% power)"]) + " |", "|" + "---|" * (len(head) + 1)]
    for m in metric_names(report):
        cells = [m + (" *" if m in report["gated"] else "")]
        cells += [interval(m, report["candidates"][n]["metrics"].get(m, {})) for n in names]
        cells += [comparison_cell(m, comp.get(m)) for comp in report["comparisons"].values()]
        mde = report["detectable_drop"].get(m)
        lines.append("| " + " | ".join(cells + ["—" if mde is None else fmt(m, mde)]) + " |")
    lines.append("\n\\* gated metric")
    for name, broken in report["broken"].items():
        if not broken:
            continue
        lines += ["", f"## {name}: articles that broke ({len(broken)})", "",
                  "| article | Δ | before | after |", "|---|---|---|---|"]
        for item in broken:
            deltas = ", ".join(f"{m} {fmt_delta(m, d)}" for m, d in item["deltas"].items())
            cell = lambda t: _md(brief_lines(t)).replace("\n", "<br>")  # noqa: E731
            lines.append(f"| {_md(item['id'])} | {deltas}{' pass→fail' if item['flipped'] else ''} | "
                         f"{cell(item['before'])} | {cell(item['after'])} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")
