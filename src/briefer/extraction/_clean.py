"""Text cleanup shared by every input kind: what extractors leave behind must not reach a brief.

Two layers, both generic (no per-site rules):
- ``clean_text``: newlines, inline script/CSS lines, trailing boilerplate (store links, cookie
  notices, "Read more"), exact duplicate paragraphs, Markdown markup.
- ``drop_residue``: paragraph-level residue HTML extractors keep — "Related:" / "Read more" /
  "Don't miss" teasers, share/subscribe/follow lines, photo credits, the headline repeated as
  the first paragraph, and everything from a comment-section heading on.
"""

from __future__ import annotations

import re

CODE_HINTS = re.compile(
    r"document\.\w+|window\.\w+|getElementById|innerHTML|function\s*\(|=>|\bvar\s+\w+\s*=|"
    r"\blet\s+\w+\s*=|\bconst\s+\w+\s*=|!==|===|\}\s*\)|\b\w+\.style\.|^\s*[`{}]|;\s*$|"
    r"@media|\{[^}]*:[^}]*;"
)
_BOILERPLATE = re.compile(
    r"^(read more|related( articles| stories)?|advertisement|subscribe( now)?|sign up|"
    r"share( this( article)?)?|click here|follow us|all rights reserved|copyright|©|"
    r"we use cookies|accept( all)? cookies|cookie (policy|settings)|newsletter|"
    r"[\w .'-]{0,40}\b(store|shop)|continue reading|most (read|popular)|see also)\b",
    re.IGNORECASE,
)
# A paragraph that starts like this (and is short) is navigation or promotion, not reporting.
_RESIDUE = re.compile(
    r"^\s*(related( post| stories| articles| content| coverage)?\s*:|read (more|also|next)\b|"
    r"see (more|also)\b|also on \S+|also read\b|more (from|on) |don[’']t miss\b|"
    r"recommended( for you| stories)?\b|you (may|might) also like|watch( now)?\s*:|click here\b|"
    r"sign up\b|subscribe\b|get the latest\b|follow (us|him|her|them|me) on\b|"
    r"like this (story|article)|share (this|it|on)\b|have a tip\b|write to .{2,60} at \S+@|"
    r"(photo|image|picture)s?( credit)?\s*:|\(?(photo|image) (credit|source)|advertisement\b|"
    r"this copy is for your personal)",
    re.IGNORECASE,
)
# tabloid teaser tags ("[VIDEO]"): a paragraph ending in one is a link to another story
TEASER_TAG = r"\[(?:INSIGHT|VIDEO|PICTURES|PICS|REVEAL|POLL|REACTION|WARNING|NEWS|ANALYSIS)\]"
_TEASER_TAG = re.compile(TEASER_TAG + r"\s*\|?\s*$")
_COMMENTS = re.compile(
    r"^\s*(\d+\s+)?(comments?|responses?|replies|thoughts? on\b.*)\s*$|"
    r"^\s*(leave a (reply|comment)|comments are closed|join the (discussion|conversation)|"
    r"tell us what you think|post a comment)",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"\W+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def squash(text: str) -> str:
    """Lowercased word characters only: a comparison key robust to spacing, punctuation and CJK."""
    return _NON_WORD.sub("", text.lower())


def is_code_line(line: str) -> bool:
    """A line that is script or style residue rather than prose."""
    s = line.strip()
    if not s:
        return False
    symbols = sum(s.count(c) for c in "{};=()<>`$")
    words = len(_LETTER_WORD.findall(s))
    if words >= 8 and symbols <= words and _most_hints(s) < 3:
        return False  # prose, as below, without running CODE_HINTS over a long line (~0.1 ms each)
    hits = len(CODE_HINTS.findall(s))
    if words >= 8 and symbols <= words and hits < 3:
        return False  # a sentence with some brackets or a semicolon (or quoting a snippet) is prose
    return hits >= 2 or (hits >= 1 and symbols >= 4) or (symbols >= 6 and symbols > words / 2)


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
# every CODE_HINTS alternative contains one of these characters or strings, and its matches do not
# overlap, so their count bounds the number of hits
_HINT_CHARS = "=({}`;"
_HINT_WORDS = ("document.", "window.", "getElementById", "innerHTML", ".style.", "@media")


def _most_hints(s: str) -> int:
    """An upper bound of ``len(CODE_HINTS.findall(s))``, from plain counts."""
    return sum(s.count(c) for c in _HINT_CHARS) + sum(s.count(w) for w in _HINT_WORDS)


def _is_tail_junk(line: str) -> bool:
    s = line.strip()
    if not s:
        return True
    if is_code_line(s):
        return True
    return bool(_BOILERPLATE.search(s)) and len(s.split()) <= 8 and not s.endswith((".", '"', "”"))


def clean_text(text: str, *, markdown: bool = False) -> str:
    """Normalize newlines, drop code lines, trailing boilerplate and exact duplicate paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    if markdown:
        lines = [_strip_markdown(line) for line in lines]
    lines = [line for line in lines if not is_code_line(line)]
    while lines and _is_tail_junk(lines[-1]):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = " ".join(line.split()).lower()
        if key and len(key.split()) >= 12 and key in seen:
            continue  # a repeated paragraph; short lines (list items, recipe steps) may repeat legitimately
        if key:
            seen.add(key)
        if not key and kept and not kept[-1]:
            continue
        kept.append(line.strip() if key else "")
    return "\n".join(kept).strip()


def drop_residue(paragraphs: list[str], title: str | None = None, headlines: tuple[str, ...] = ()) -> list[str]:
    """Remove extractor residue: teasers, share/credit lines, a repeated headline (the metadata
    ``title`` or a page ``headlines``' ``<h1>``, which often differs from it), comment sections."""
    title_keys = {k for k in map(squash, (title or "", *headlines)) if k}
    kept: list[str] = []
    for n, para in enumerate(paragraphs):
        if n > len(paragraphs) * 0.3 and _COMMENTS.search(para):
            break  # the comment section: nothing after it is the article
        if n < 3 and title_keys and squash(para) in title_keys:
            continue  # the headline belongs in metadata, not in the body
        if (_RESIDUE.search(para) and len(para.split()) <= 40) or _TEASER_TAG.search(para):
            continue
        kept.append(para)
    return kept


def _strip_markdown(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_HEADING.sub("", line)
    return _MD_EMPHASIS.sub(r"\2", line)
