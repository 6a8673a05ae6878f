"""Stage 7: a verified brief → Markdown (people), JSON (programs) or one self-contained HTML file.

Files are written by ``files.write_atomic``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: ``briefer extract`` renders without pydantic or jinja2
    from ..document import Document
    from ..schemas import Brief, Evidence, Grounding

FORMATS = ("md", "json", "html")
_MD_SPECIAL = re.compile(r"([\\`<>\[\]])")


def md_text(text: object) -> str:
    """Article or model text made inert in Markdown: raw HTML (``<script>``, ``<img onerror>``),
    autolinks and ``[x](javascript:…)`` links come out as the literal characters, not as markup a
    viewer would render or run (the HTML output escapes the same text with Jinja autoescape)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def md_link(title: str, url: str) -> str:
    """A Markdown link for a remote http(s) URL; anything else (javascript:, data:, a path) as plain text."""
    from ..extraction import is_remote

    if not is_remote(url):
        return f"{md_text(title)} ({md_text(url)})"
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{md_text(title)}](<{safe}>)"


def render(brief: Brief, fmt: str) -> str:
    if fmt == "json":
        return brief.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        return to_markdown(brief)
    if fmt == "html":
        return to_html(brief)
    raise ValueError(f"unknown format {fmt!r}")


def _cite(ev: list[Evidence], limit: int = 220, text: str = "") -> str:
    """Quotes with offsets; a quote identical to the item's own text is shown as offsets only."""
    parts = []
    for e in ev:
        quote = " ".join(e.quote.split())
        if quote == " ".join(text.split()):
            parts.append(f"verbatim from the source [{e.start}–{e.end}]")
            continue
        if len(quote) > limit:
            quote = quote[: limit - 1] + "…"
        parts.append(f"“{md_text(quote)}” [{e.start}–{e.end}]")
    return "; ".join(parts)


def to_markdown(brief: Brief) -> str:
    src = brief.source
    lines = [f"# {md_text(brief.title)}", ""]
    where = src.url or src.path or "stdin"
    meta = [f"Source: {md_text(where)}"] + ([f"published {md_text(src.published)}"] if src.published else [])
    lines += [" · ".join(meta), ""]
    lines += ["## Summary", ""]
    for p in brief.summary:
        lines += [f"- {md_text(p.text)}", f"  > {_cite(p.evidence, text=p.text)}"]
    lines += ["", "## Key actors", ""]
    for a in brief.key_actors:
        lines += [f"- **{md_text(a.name)}**" + (f" — {md_text(a.role)}" if a.role else ""), f"  > {_cite(a.evidence, 160)}"]
    if not brief.key_actors:
        lines += [f"*{no_actors(brief)}*"]
    if brief.open_questions:
        lines += ["", "## Open questions", ""]
        for q in brief.open_questions:
            lines += [f"- {md_text(q.question)}", f"  *{md_text(q.why)}*"]
            if q.evidence:
                lines += [f"  > {_cite(q.evidence)}"]
    g, u = brief.grounding, brief.usage
    lines += [
        "",
        "---",
        f"Grounding: {grounding_line(g)}"
        + f" · model {u.model} ({u.strategy}) · {u.calls} call(s)"
        + (f" + {u.cached_calls} from cache" if u.cached_calls else "")
        + f", {u.prompt_tokens}+{u.completion_tokens} tokens",
    ]
    return "\n".join(lines) + "\n"


def grounding_line(g: Grounding) -> str:
    """``5 of 6 items verified against the source (83%); 1 dropped``. Nothing checked reads
    ``0 of 0 … (nothing to check)``, never "100% of 0": no evidence is not perfect evidence."""
    verified = g.checked - len(g.dropped)
    share = "nothing to check" if g.rate is None else f"{g.rate:.0%}"
    return (f"{verified} of {g.checked} items verified against the source ({share})"
            + (f"; {len(g.dropped)} dropped" if g.dropped else ""))


def no_actors(brief: Brief) -> str:
    """What an empty Key actors section says: a text may name no one (a brief is still valid)."""
    dropped = sum(1 for d in brief.grounding.dropped if d.kind == "actor")
    return f"None verified ({dropped} proposed, all dropped)." if dropped else "None found in the source."


def to_html(brief: Brief) -> str:
    from ..resources import html_templates

    return html_templates().get_template("brief.html.j2").render(
        brief=brief, grounding=grounding_line(brief.grounding), no_actors=no_actors(brief))


def render_extraction(doc: Document, fmt: str) -> str:
    """``briefer extract`` output: plain text, Markdown with a metadata header, or JSON."""
    if fmt == "json":
        from ..extraction import to_extraction

        return to_extraction(doc).model_dump_json(indent=2) + "\n"
    if fmt == "text":
        return doc.text + "\n"
    facts = [
        ", ".join(doc.authors) if doc.authors else None,
        doc.published,
        doc.site_name,
        doc.canonical_url or doc.url or doc.path,
    ]
    header = [f"# {md_text(doc.title)}", ""] if doc.title else []
    meta = " · ".join(md_text(f) for f in facts if f)
    if meta:
        header += [f"*{meta}*", ""]
    body = "\n\n".join(md_text(line) for line in doc.text.split("\n") if line.strip())
    return "\n".join(header + [body]) + "\n"
