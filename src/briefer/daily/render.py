"""The daily brief for people (Markdown, one self-contained HTML file) and programs (JSON)."""

from __future__ import annotations


from ..resources import html_templates
from .schemas import Cited, DailyBrief, Story
from ..text import shorten
from ..pipeline import md_link, md_text

FORMATS = ("md", "html", "json")


def render_daily(d: DailyBrief, fmt: str) -> str:
    if fmt == "json":
        return d.model_dump_json(indent=2) + "\n"
    num = {a.id: i + 1 for i, a in enumerate(d.articles)}
    if fmt == "html":
        return html_templates().get_template("daily.html.j2").render(d=d, num=num, when=when, shown=shown,
                                                                     reported=reported, outlets=outlets,
                                                                     continued=lambda s: _continued(d, s))
    return _markdown(d, num)


def _refs(evidence: list[Cited], num: dict[str, int]) -> str:
    seen = []
    for e in evidence:
        if e.article not in seen:
            seen.append(e.article)
    return " ".join(f"[{num[a]}]" for a in seen)


def outlets(s: Story) -> int:
    """How many outlets a story's points are drawn from."""
    return len({o for p in s.points + s.differences for o in p.outlets}) or s.sources


def reported(s: Story, p) -> str:
    """A point's corroboration as a reader wants it: "reported by CNBC, Fox News" when several outlets
    state it, "only CNBC" when one of a story's several outlets does; "" in a one-outlet story."""
    if outlets(s) < 2 or not p.outlets:
        return ""
    return ("reported by " if len(p.outlets) > 1 else "only ") + ", ".join(p.outlets)


def when(iso: str | None) -> str:
    """An ISO time as a reader wants it: "2026-12-02 07:30" (UTC)."""
    return iso[:16].replace("T", " ") if iso else ""


def shown(s: Story) -> tuple[list, list]:
    """The points and people a story shows: all of a new or unchanged one's, an updated one's new ones."""
    return (s.new_points, s.new_actors) if s.status == "updated" else (s.points, s.actors)


def _markdown(d: DailyBrief, num: dict[str, int]) -> str:
    out = [f"# {d.title}", ""]
    meta = f"{len(d.stories)} stories from {len(d.articles)} articles" + (f" · since {d.since}" if d.since else "")
    out += [f"*{meta} · generated {d.generated}*", ""]
    if d.failed:
        out += [f"**{len(d.failed)} source(s) failed** — see the end.", ""]
    for s in (s for s in d.stories if s.status != "unchanged"):
        refs = " ".join(f"[{num[a]}]" for a in s.articles)
        if s.status == "updated":
            new = " ".join(f"[{num[a]}]" for a in s.new_articles)
            head = f"Updated since {when(s.previous)}" + (
                f" · first seen {when(s.first_seen)}" if s.first_seen != s.previous else "")
            meta = f"*{head} · {s.sources} source(s): {refs}" + (f" · new: {new}*" if new else "*")
        else:
            meta = f"*New · {s.sources} source(s): {refs}*"
        out += [f"## {md_text(s.title)}", "", meta, ""]
        if earlier := _continued(d, s):
            out += [f"*Continues: {md_text(earlier.title)}*", ""]
        points, actors = shown(s)
        for p in points:
            first = p.evidence[0] if p.evidence else None
            where = f" — “{md_text(shorten(first.quote, 160))}” [{num[first.article]}: {first.start}–{first.end}]" if first else ""
            by = f" *({md_text(reported(s, p))})*" if reported(s, p) else ""
            out.append(f"- {md_text(p.text)} {_refs(p.evidence, num)}{by}{where if first and first.quote != p.text else ''}")
        if s.status == "updated" and not points:
            out.append("- No new points: the new articles repeat what the last brief said.")
        if s.differences and s.status != "updated":
            out += ["", "**Where the outlets differ**", ""]
            out += [f"- **{md_text(', '.join(p.outlets))}**: {md_text(p.text)} {_refs(p.evidence, num)}" for p in s.differences]
        if actors:
            out += ["", "**New people**" if s.status == "updated" else "**Who**", ""]
            for a in actors:
                roles = f" — {md_text('; '.join(a.roles))}" if a.roles else ""
                aka = f" (also {md_text(', '.join(a.aliases))})" if a.aliases else ""
                out.append(f"- **{md_text(a.name)}**{roles}{aka} {_refs(a.evidence, num)}")
        if s.open_questions:
            out += ["", "**Still open**", ""]
            out += [f"- {md_text(q.question)} *{md_text(q.why)}* {_refs(q.evidence, num)}" for q in s.open_questions]
        out.append("")
    same = [s for s in d.stories if s.status == "unchanged"]
    if same:
        out += ["## Nothing new since the last brief", ""]
        for s in same:
            refs = " ".join(f"[{num[a]}]" for a in s.articles)
            out.append(f"- {md_text(s.title)} *(first seen {when(s.first_seen)}; {s.sources} source(s): {refs})*")
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


def _continued(d: DailyBrief, s):
    """The earlier episode ``s`` continues (``Story.continues``: same thread, another day), if in ``d``."""
    return next((o for o in d.stories if o.id == s.continues), None) if s.continues else None
