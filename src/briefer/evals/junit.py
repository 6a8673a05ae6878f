"""``--junit FILE``: the gate in the JUnit XML CI systems read (GitHub, GitLab, Jenkins).

One ``<testsuite>`` per candidate. Inside: one ``<testcase>`` per article × gated metric
(classname ``SUITE.CANDIDATE.ARTICLE``), failing when the article breaks one of the metric's
thresholds, or — against a reference — drops by more than the tolerance or flips pass → fail;
and one per metric's gate (classname ``SUITE.CANDIDATE.gate``), failing exactly when the run
fails on it. The exit code follows the gate testcases only: a single article's drop is shown,
not blocking, since noise moves single articles.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .suite import HIGHER_IS_BETTER, violations


def render(report: dict, rows: list[dict], suite_thresholds: dict) -> str:
    root = ET.Element("testsuites", name=f"briefer eval {report['suite']}")
    for cand in report["candidates"]:
        suite = ET.SubElement(root, "testsuite", name=f"{report['suite']}.{cand}")
        comp = report["comparisons"].get(cand, {})
        flipped = {b["id"] for b in report["broken"].get(cand, []) if b["flipped"]}
        cases = failures = 0
        for row in sorted((r for r in rows if r["candidate"] == cand), key=lambda r: (r["id"], r["repeat"])):
            if row["repeat"]:
                continue  # one testcase per article; its values over repeats are in the comparison
            for metric in report["gated"]:
                problems = _article_problems(row, metric, comp.get(metric), suite_thresholds, row["id"] in flipped)
                case = ET.SubElement(suite, "testcase", classname=f"{report['suite']}.{cand}.{row['id']}", name=metric)
                cases += 1
                if problems:
                    failures += 1
                    ET.SubElement(case, "failure", message="; ".join(problems), type="article").text = "\n".join(problems)
        for metric in report["gated"]:
            case = ET.SubElement(suite, "testcase", classname=f"{report['suite']}.{cand}.gate", name=metric)
            cases += 1
            c = comp.get(metric)
            mine = report["gate"]["failed_metrics"].get(cand, {}).get(metric, [])
            if c:
                ET.SubElement(case, "system-out").text = (f"verdict {c['verdict']}: delta {c['delta']} "
                                                          f"[{c['ci_low']}, {c['ci_high']}] n={c['n']}")
            if mine:
                failures += 1
                ET.SubElement(case, "failure", message=mine[0], type="gate").text = "\n".join(mine)
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _article_problems(row: dict, metric: str, comparison: dict | None, thresholds: dict, flipped: bool) -> list[str]:
    if row.get("error"):
        return [f"no brief: {row['error']}"] if metric == "failed" else []
    value = (row.get("metrics") or {}).get(metric)
    out = violations({metric: value}, {metric: thresholds[metric]}) if value is not None and metric in thresholds else []
    if comparison and comparison.get("deltas") and row["id"] in comparison["deltas"]:
        d = comparison["deltas"][row["id"]]
        sign = 1 if metric in HIGHER_IS_BETTER else -1
        if -sign * d > comparison["tolerance"]:
            out.append(f"{metric} changed by {d:+.4f} (tolerance {comparison['tolerance']:g})")
    if flipped and metric in thresholds and out:
        out.append("flipped pass → fail")
    return out
