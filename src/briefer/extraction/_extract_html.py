"""Main text of an HTML page: two extractors vote, a third settles disagreements.

Single extractors fail in different ways — trafilatura keeps navigation blocks and teasers,
readability sometimes picks the wrong container — so a paragraph is kept when both agree:
1. trafilatura (fast mode) proposes paragraphs; readability (trafilatura's bundled port) votes.
   A paragraph survives when ≥ half of its text appears in readability's output.
2. If readability covers under half of trafilatura's text, they chose different parts of the
   page: neither is trusted and trafilatura reruns in precision mode with its own fallbacks.
3. ``clean.drop_residue`` removes teasers, share lines, the repeated headline and comments.
The page is parsed once and copied once (both extractors prune the tree in place). Scripts are
never executed: pages are only parsed. bench/extraction.py measures the result.

Threads: an lxml parser must not be used by two threads at once, and documents it builds share
its string dictionary. trafilatura's ``load_html`` uses one module-level parser, which crashed
``briefer brief`` (segfault/abort) at concurrency > 1, so ``parse`` keeps one parser per thread.
"""

from __future__ import annotations

import copy
import re
import threading

from ._clean import drop_residue, squash

VOTE = 0.5  # share of a paragraph's text the voter must contain
AGREE = 0.5  # share of trafilatura's text the voter must cover for the vote to count
_GRAM = 12  # characters per comparison gram (works for CJK, where "words" are whole phrases)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "br", "section",
          "article", "ul", "ol", "table", "figure", "figcaption", "header", "footer", "dd", "dt", "td"}


_local = threading.local()


def _parser():
    """This thread's HTML parser (trafilatura's settings); never shared with another thread."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        from lxml.html import HTMLParser

        parser = _local.parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                            remove_comments=True, remove_pis=True)
    return parser


def parse(html: str):
    """Parse HTML into an lxml tree, or None if there is no document in it.

    Same steps as ``trafilatura.utils.load_html`` (repair, str then bytes, reject non-HTML) but
    with this thread's own parser: see the module docstring.
    """
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree = None
    try:
        tree = fromstring(html, parser=_parser())
    except Exception:  # ValueError: a str with an encoding declaration; lxml wants bytes then
        tree = None
    if tree is None or len(tree) < 1:
        try:
            tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=_parser())
        except Exception:
            tree = None
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def main_text(html: str, tree, url: str | None, title: str | None) -> tuple[str, str]:
    """Return (article text with one paragraph per line, name of the method that produced it).

    ``tree`` is ``parse(html)`` and is consumed: extractors prune it in place. The page's ``<h1>``
    is its headline, like ``title``: dropped from the top of the text, never a summary point.
    """
    headlines = tuple(h.text_content() for h in tree.iter("h1"))[:3]
    voter = _readability(copy.deepcopy(tree))
    proposed = _trafilatura(tree, url, fast=True)
    paragraphs, method = _vote(_paragraphs(proposed), voter)
    if paragraphs is None:  # rare (~7% of pages): worth a second parse
        paragraphs = _paragraphs(_trafilatura(parse(html), url, fast=False, favor_precision=True))
        method = "trafilatura (precision, fallbacks)"
    if not paragraphs:
        paragraphs, method = _paragraphs(voter), "readability"
    return "\n".join(drop_residue(paragraphs, title, headlines)), method


def _vote(paragraphs: list[str], voter: str) -> tuple[list[str] | None, str]:
    """Paragraphs the voter supports, or None when the two extractors disagree about the page."""
    if not paragraphs:
        return None, ""
    voter_key = squash(voter)
    voter_grams = _grams(voter_key)
    kept, covered, total = [], 0, 0
    for para in paragraphs:
        key = squash(para)
        total += len(key)
        if _support(key, voter_key, voter_grams) >= VOTE:
            kept.append(para)
            covered += len(key)
    if total and covered / total < AGREE:
        return None, ""
    return kept, "trafilatura+readability vote"


def _support(key: str, voter_key: str, voter_grams: set[str]) -> float:
    if not key or key in voter_key:
        return 1.0
    grams = _grams(key)
    return len(grams & voter_grams) / len(grams)


def _grams(key: str) -> set[str]:
    return {key[i : i + _GRAM] for i in range(0, max(1, len(key) - _GRAM + 1), 3)}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]


def _trafilatura(tree, url: str | None, *, fast: bool, favor_precision: bool = False) -> str:
    import trafilatura

    return trafilatura.extract(
        tree, url=url, fast=fast, favor_precision=favor_precision,
        include_comments=False, include_images=False, with_metadata=False,
    ) or ""


def _readability(tree) -> str:
    try:
        from trafilatura.readability_lxml import Document as Readability
    except ImportError:  # pragma: no cover - trafilatura reorganized; vote falls back to step 2
        return ""
    try:
        summary = Readability(tree, min_text_length=25).summary()
    except Exception:  # readability raises on degenerate pages; voting then falls back
        return ""
    import lxml.html

    try:
        return _block_text(lxml.html.fromstring(summary))
    except Exception:
        return ""


def _block_text(el) -> str:
    """Text of an element with a newline at every block boundary (text_content() glues blocks)."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript"):
            parts.append(node.tail or "")
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        parts.append(node.tail or "")

    walk(el)
    return re.sub(r"[ \t]*\n\s*", "\n", "".join(parts)).strip()
