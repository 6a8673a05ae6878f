"""Sentence splitting, in one place: two splitters, each named for what it is for.

``split_sentences`` is the brief's: sentences with exact character offsets into the text, which every
quote's evidence needs (chunking, candidates, verification, the daily brief's synthesis). It keeps
"U.S.", "Dr." and "J." inside a sentence (``ends_sentence`` applies the same rule to one dot).

``checker_sentences`` is the entailment checker's: plain strings cut the way its training windows were
cut (``eval/checker/``). The two differ on 20 of the first 300 FRANK documents, so one cannot stand in
for the other without retraining the checker.
"""

from __future__ import annotations

import re

from .document import Sentence

# A boundary: terminal punctuation (+ closing quotes/brackets) then space, or a line break.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")
_TWO_WORD_CHARS = re.compile(r"\w.*?\w", re.S)  # = len(re.findall(r"\w", s)) >= 2, without the list
_LAST_WORD = re.compile(r"([\w.]+)$")
_WHEN = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)"
                   r"[a-z]*\.?\s+\d|(?:local time|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC)\b")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "e.g", "i.e", "approx", "dept", "est", "fig", "mt", "ft", "rev", "hon", "pres",
}


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences with exact character offsets into ``text``."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group() != "\n" and not _real_boundary(text, m.start(), end):
            continue
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def ends_sentence(text: str, dot: int) -> bool:
    """Whether the punctuation at ``dot`` ends a sentence by ``split_sentences``' own rule: not the
    period of "U.S.", "Dr." or "J.". One rule for every part that looks for a sentence's start."""
    m = _BOUNDARY.match(text, dot)
    return bool(m) and m.group() != "\n" and _real_boundary(text, dot, m.end())


def _real_boundary(text: str, dot: int, end: int) -> bool:
    if text[dot] != ".":
        return True
    word = _LAST_WORD.search(text[max(0, dot - 20) : dot])
    token = word.group(1).lower() if word else ""
    nxt = text[end:].lstrip(" \t")
    initial = len(token) == 1 and token.isalpha() and text[dot - 2 : dot - 1] not in ("'", "’")
    if token in _ABBREV or initial or (token == "no" and nxt[:1].isdigit()):
        return False  # "Dr. Fuad", "Antony J. Blinken", "No. 10"; a possessive's "s" is no initial
    if token in ("a.m", "p.m") and _WHEN.match(nxt):
        return False  # "Around 8 p.m. Thursday, Senator Harry Reid…": a time's day goes on with it
    return not nxt or not nxt[0].islower()


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if not _TWO_WORD_CHARS.search(seg):  # fewer than two word characters: not a sentence
        return
    s = start + lead
    out.append(Sentence(id=len(out), start=s, end=s + len(seg), text=seg))


_CHECKER_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|St|Jr|Sr|vs|Inc|Ltd|Co|Corp|No|U\.S|U\.K|U\.N|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.)$")


_CHECKER_CUT = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\n+")


def checker_sentences(text: str) -> list[str]:
    """Sentences of ``text``: cut after terminal punctuation + space, or at a line break. In cased text a cut is
    undone before a lowercase word or after an abbreviation ("Mr.", "U.S."); all-lowercase text (tokenized
    summaries such as "he said . the") is cut at every terminal punctuation."""
    text = text or ""
    letters = [c for c in text[:5000] if c.isalpha()]
    cased = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.015
    out: list[str] = []
    pos = 0
    pieces = []
    for m in _CHECKER_CUT.finditer(text):
        pieces.append((text[pos : m.end()], "\n" in m.group(0)))
        pos = m.end()
    pieces.append((text[pos:], False))
    glue = False
    for piece, hard in pieces:
        part = piece.strip()
        if not part:
            continue
        if out and glue and (_CHECKER_ABBREV.search(out[-1]) or (cased and part[:1].islower())):
            out[-1] += " " + part
        else:
            out.append(part)
        glue = not hard
    return out
