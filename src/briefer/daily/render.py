"""The daily brief for people (Markdown, one self-contained HTML file) and programs (JSON)."""

from __future__ import annotations


from ..resources import html_templates
from .schemas import Cited, DailyBrief
from ..clean import shorten
from ..render import md_link, md_text

FORMATS = ("md", "html", "json")


def render_daily(d: DailyBrief, fmt: str) -> str:
    if fmt == "json":
        return d.model_dump_json(indent=2) + "\n"
    num = {a.id: i + 1 for i, a in enumerate(d.articles)}
    if fmt == "html":
        return html_templates().get_template("daily.html.j2").render(d=d, num=num)
    return _markdown(d, num)


def _refs(evidence: list[Cited], num: dict[str, int]) -> str:
    seen = []
    for e in evidence:
        if e.article not in seen:
            seen.append(e.article)
    return " ".join(f"[{num[a]}]" for a in seen)


def _markdown(d: DailyBrief, num: dict[str, int]) -> str:
    out = [f"# {d.title}", ""]
    meta = f"{len(d.stories)} stories from {len(d.articles)} articles" + (f" · since {d.since}" if d.since else "")
    out += [f"*{meta} · generated {d.generated}*", ""]
    if d.failed:
        out += [f"**{len(d.failed)} source(s) failed** — see the end.", ""]
    for s in d.stories:
        out += [f"## {md_text(s.title)}", "", f"*{s.sources} source(s): {', '.join(f'[{num[a]}]' for a in s.articles)}*", ""]
        for p in s.points:
            first = p.evidence[0] if p.evidence else None
            where = f" — “{md_text(shorten(first.quote, 160))}” [{num[first.article]}: {first.start}–{first.end}]" if first else ""
            out.append(f"- {md_text(p.text)} {_refs(p.evidence, num)}{where if first and first.quote != p.text else ''}")
        if s.actors:
            out += ["", "**Who**", ""]
            for a in s.actors:
                roles = f" — {md_text('; '.join(a.roles))}" if a.roles else ""
                aka = f" (also {md_text(', '.join(a.aliases))})" if a.aliases else ""
                out.append(f"- **{md_text(a.name)}**{roles}{aka} {_refs(a.evidence, num)}")
        if s.open_questions:
            out += ["", "**Still open**", ""]
            out += [f"- {md_text(q.question)} *{md_text(q.why)}* {_refs(q.evidence, num)}" for q in s.open_questions]
        out.append("")
    out += ["## Articles", ""]
    for a in d.articles:
        link = md_link(a.title, a.location)
        extra = "".join(f" · {md_text(x)}" for x in (a.site_name, a.published) if x) + ("" if a.new else " · seen before")
        out.append(f"{num[a.id]}. {link}{extra}")
    if d.failed:
        out += ["", "## Failed", ""] + [f"- {md_text(f.source)} ({f.stage}): {md_text(f.error)}" for f in d.failed]
    u = d.usage
    out += ["", f"*{u.summarized} summarized, {u.reused} reused, {u.model_calls} model calls, {u.tokens:,} tokens, "
                f"{u.seconds:.1f} s{' · token budget reached' if u.budget_exhausted else ''}*", ""]
    return "\n".join(out)

