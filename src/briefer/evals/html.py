"""The HTML eval report (``--report x.html``): tables plus one inline SVG plot per metric and
comparison — each article's difference as a dot, the 95 % interval as a bar, 0 and ± tolerance
marked. No JavaScript and no external file: it opens anywhere, and a CI artifact stays readable."""

from __future__ import annotations

from html import escape

from .report import brief_lines, comparison_cell, fmt, fmt_delta, interval, metric_names, title

_W, _H, _PAD = 640, 96, 40
_COLOR = {"regressed": "#b00020", "improved": "#176f2c", "same": "#555", "inconclusive": "#b26a00",
          "missing": "#b00020"}
_STYLE = """body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;
vertical-align:top}.pass{color:#176f2c}.fail{color:#b00020}figure{margin:1rem 0}figcaption{font-size:13px}
svg{background:#fafafa;border:1px solid #ddd}"""


def strip_plot(metric: str, c: dict) -> str:
    """One comparison as SVG: dots = per-article deltas, bar = the interval, grey band = ± tolerance."""
    deltas = list((c.get("deltas") or {}).items())
    tol = c.get("tolerance") or 0.0
    points = [d for _, d in deltas] + [c["ci_low"], c["ci_high"], tol, -tol, 0.0]
    span = max(abs(p) for p in points) or 1.0
    x = lambda v: _PAD + (v + span) / (2 * span) * (_W - 2 * _PAD)  # noqa: E731
    color = _COLOR.get(c["verdict"], "#555")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
             f'role="img" aria-label="{escape(metric)}: per-article differences and 95% interval">',
             f'<rect x="{x(-tol):.1f}" y="4" width="{max(0.5, x(tol) - x(-tol)):.1f}" height="{_H - 28}" '
             'fill="#e8e8e8"><title>± tolerance</title></rect>',
             f'<line x1="{x(0):.1f}" y1="4" x2="{x(0):.1f}" y2="{_H - 24}" stroke="#888" stroke-dasharray="3,3"/>']
    for i, (aid, d) in enumerate(deltas):
        y = 10 + (i * 37 % 41)  # a fixed jitter: dots of equal deltas spread out, the same every run
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y}" r="3" fill="{color}" fill-opacity="0.55">'
                     f'<title>{escape(aid)}: {fmt_delta(metric, d)}</title></circle>')
    y = _H - 18
    parts += [f'<line x1="{x(c["ci_low"]):.1f}" y1="{y}" x2="{x(c["ci_high"]):.1f}" y2="{y}" stroke="{color}" '
              'stroke-width="5"><title>95% interval</title></line>',
              f'<circle cx="{x(c["delta"]):.1f}" cy="{y}" r="5" fill="#fff" stroke="{color}" stroke-width="2"/>',
              f'<text x="{_PAD}" y="{_H - 3}" font-size="11">{escape(fmt_delta(metric, -span))}</text>',
              f'<text x="{x(0) - 4:.1f}" y="{_H - 3}" font-size="11">0</text>',
              f'<text x="{_W - _PAD - 30}" y="{_H - 3}" font-size="11">{escape(fmt_delta(metric, span))}</text>',
              "</svg>"]
    return "".join(parts)


def render(report: dict) -> str:
    gate, e = report["gate"], escape
    names = list(report["candidates"])
    out = [f'<!doctype html><html><head><meta charset="utf-8"><title>{e(title(report))}</title>'
           f"<style>{_STYLE}</style></head><body>", f"<h1>{e(title(report))}</h1>",
           f'<p><strong class="{"pass" if gate["passed"] else "fail"}">{"PASS" if gate["passed"] else "FAIL"}</strong></p>']
    if gate["failures"]:
        out.append("<ul>" + "".join(f"<li>{e(f)}</li>" for f in gate["failures"]) + "</ul>")
    head = ["metric"] + [f"{n} (95% CI)" for n in names] + [f"Δ {n} − {v}" for n, v in report["reference_of"].items()]
    out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head + ["detectable (80% power)"]) + "</tr>")
    for m in metric_names(report):
        cells = [m + (" *" if m in report["gated"] else "")]
        cells += [interval(m, report["candidates"][n]["metrics"].get(m, {})) for n in names]
        cells += [comparison_cell(m, comp.get(m)) for comp in report["comparisons"].values()]
        mde = report["detectable_drop"].get(m)
        out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells + ["—" if mde is None else fmt(m, mde)]) + "</tr>")
    out.append("</table><p>* gated metric</p>")
    for name, comp in report["comparisons"].items():
        out.append(f"<h2>{e(name)} − {e(report['reference_of'][name])}: per-article differences</h2>")
        for m, c in comp.items():
            if c["verdict"] == "missing":
                out.append(f"<p>{e(m)}: missing</p>")
                continue
            out.append(f"<figure>{strip_plot(m, c)}<figcaption>{e(m)}: {e(comparison_cell(m, c))} "
                       f"(n = {c['n']}, tolerance {c['tolerance']:g})</figcaption></figure>")
        broken = report["broken"].get(name) or []
        if broken:
            out.append(f"<h3>Articles that broke ({len(broken)})</h3><table><tr><th>article</th><th>Δ</th>"
                       "<th>before</th><th>after</th></tr>")
            for item in broken:
                deltas = ", ".join(f"{m} {fmt_delta(m, d)}" for m, d in item["deltas"].items())
                cell = lambda t: e(brief_lines(t)).replace("\n", "<br>")  # noqa: E731
                out.append(f"<tr><td>{e(item['id'])}</td><td>{e(deltas)}{' pass→fail' if item['flipped'] else ''}"
                           f"</td><td>{cell(item['before'])}</td><td>{cell(item['after'])}</td></tr>")
            out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)
