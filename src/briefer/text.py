"""Text helpers every stage shares: words, stopwords, near-duplicate tests, one-line messages."""

from __future__ import annotations

import functools
import re


# Function words that carry no claim: one set for the checkers (lexical and entailment window choice).
STOPWORDS = frozenset(
    "a an the of to in on at for by with and or but is are was were be been being has have had do does did it its "
    "this that these those he she they we you i his her their our your him them as from into over after before "
    "about than then so if will would can could should may might must also up out s said says say who which what "
    "when where there here not no".split()
)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*%?")  # words and numbers ("3.5", "40%")


def shorten(text: str, limit: int = 200) -> str:
    """One line of at most ``limit`` characters (whitespace folded, an ellipsis where cut): for messages."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def same_person(a: str, b: str) -> bool:
    """"Gallant" ~ "Yoav Gallant" ~ "Defense Minister Yoav Gallant": one name's words within the
    other's, with the same last word (case and trailing punctuation ignored); "Bill Hakim" ~
    "William Hakim": the same surname, one given name a nickname of the other."""
    wa = [w.lower().strip(".,") for w in a.split()]
    wb = [w.lower().strip(".,") for w in b.split()]
    if not wa or not wb:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if short == long_ or (short[-1] == long_[-1] and set(short) <= set(long_)):
        return True
    # "Bill Hakim" ~ "William Hakim": outlets write one person's given name in full or as a nickname
    return (len(short) > 1 and short[-1] == long_[-1] and short[0] != long_[0] and set(short[1:]) <= set(long_[1:])
            and nickname_of(short[0], long_[0]))


@functools.cache
def _nicknames():
    from nicknames import NickNamer  # 60 ms to read its table: only when two given names differ

    return NickNamer()


def nickname_of(a: str, b: str) -> bool:
    """One given name is a usual nickname of the other ("bill" / "william", "mike" / "michael"), from
    the ``nicknames`` package's table (Apache-2.0): never two nicknames of one full name ("bob" / "bill")."""
    a, b = a.lower(), b.lower()
    nn = _nicknames()
    return b in nn.nicknames_of(a) or a in nn.nicknames_of(b)


def is_word_char(c: str) -> bool:
    """What ``\\w`` matches in a str pattern: lets a word search use ``str.find`` instead of
    compiling a ``\\b…\\b`` pattern per name (a new name per article misses ``re``'s cache)."""
    return c.isalnum() or c == "_"


def whole_word_spans(text: str, word: str):
    """Spans of ``re.finditer(rf"\\b{re.escape(word)}\\b", text)``, without compiling a pattern per
    name (each article has new surnames, so the ``re`` cache missed every time)."""
    if not word:
        return
    n, size = len(text), len(word)
    head, tail = is_word_char(word[0]), is_word_char(word[-1])
    at = text.find(word)
    while at >= 0:
        end = at + size
        before = at > 0 and is_word_char(text[at - 1])
        after = end < n and is_word_char(text[end])
        if before != head and after != tail:
            yield at, end
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


def word_set(text: str) -> frozenset[str]:
    """Lowercased words, for comparing two statements by what they say rather than how."""
    return frozenset(re.findall(r"\w+", text.lower()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of two word sets (0 when either is empty): how near-duplicate two items are."""
    return len(a & b) / len(a | b) if a and b else 0.0


def is_url(source: str) -> bool:
    """How every part of briefer tells a URL from a path: a scheme separator near the start."""
    return "://" in source[:16]


# The same list as the extractive selection's word bags (``selection``: centrality, redundancy) and the
# daily stories' clustering terms use it, each tuned with its own few words in or out.
SELECTION_STOPWORDS = (STOPWORDS - {"here", "must", "say", "should"}) | frozenset(
    "'s all any both each first it's just last me more most my n't new now one other some such t told two under "
    "us while whom whose year years".split()
)
STORY_STOPWORDS = (STOPWORDS - frozenset("being can did do does him i if must no not out s say so them up your".split())
                   ) | {"new", "one", "two", "while"}


@functools.lru_cache(maxsize=1 << 16)
def stem(w: str) -> str:
    """A light stem for word-bag comparisons ("officials'" and "official's" → "official", "reported" →
    "report"), lower-cased. Cached: an article repeats its words, and the daily brief stems ~200 words
    an article (sentence selection and the story synthesis both use it)."""
    w = w.lower().replace("’", "'").removesuffix("'s")
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w
