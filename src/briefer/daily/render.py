"""The daily brief for people (Markdown, one self-contained HTML file) and programs (JSON)."""

from __future__ import annotations


from ..fetch import is_url
from ..resources import html_templates
from .schemas import Cited, DailyBrief
from ..clean import shorten

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
        out += [f"## {s.title}", "", f"*{s.sources} source(s): {', '.join(f'[{num[a]}]' for a in s.articles)}*", ""]
        for p in s.points:
            first = p.evidence[0] if p.evidence else None
            where = f" — “{shorten(first.quote, 160)}” [{num[first.article]}: {first.start}–{first.end}]" if first else ""
            out.append(f"- {p.text} {_refs(p.evidence, num)}{where if first and first.quote != p.text else ''}")
        if s.actors:
            out += ["", "**Who**", ""]
            for a in s.actors:
                roles = f" — {'; '.join(a.roles)}" if a.roles else ""
                aka = f" (also {', '.join(a.aliases)})" if a.aliases else ""
                out.append(f"- **{a.name}**{roles}{aka} {_refs(a.evidence, num)}")
        if s.open_questions:
            out += ["", "**Still open**", ""]
            out += [f"- {q.question} *{q.why}* {_refs(q.evidence, num)}" for q in s.open_questions]
        out.append("")
    out += ["## Articles", ""]
    for a in d.articles:
        link = f"[{a.title}]({a.location})" if is_url(a.location) else f"{a.title} ({a.location})"
        extra = "".join(f" · {x}" for x in (a.site_name, a.published) if x) + ("" if a.new else " · seen before")
        out.append(f"{num[a.id]}. {link}{extra}")
    if d.failed:
        out += ["", "## Failed", ""] + [f"- {f.source} ({f.stage}): {f.error}" for f in d.failed]
    u = d.usage
    out += ["", f"*{u.summarized} summarized, {u.reused} reused, {u.model_calls} model calls, {u.tokens:,} tokens, "
                f"{u.seconds:.1f} s{' · token budget reached' if u.budget_exhausted else ''}*", ""]
    return "\n".join(out)

