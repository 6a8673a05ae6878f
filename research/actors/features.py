"""Features of a candidate name from its own article: how its full mentions sit in their
sentences (words before and after), whether its parts stand alone elsewhere, its shape. Dense
and few (about 20), so a logistic regression can learn them from a small corpus."""

from __future__ import annotations

import re

import numpy as np

from briefer.pipeline import TITLE_WORDS

_PLACE_PREP = {"in", "at", "from", "near", "to", "into", "across", "outside", "inside", "throughout", "around"}
_SAY = {"said", "says", "told", "added", "asked", "replied", "wrote", "explained", "believes", "thinks"}
_PLURAL = {"are", "were", "have", "say", "want"}
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’.-]+")
_PLACE_END = re.compile(r"(?:ia|land|burg|bourg|ton|ville|shire|ford|stan|field|port|berg|grad|polis|sk)$")
_INITIAL = re.compile(r"^[A-Z]\.$")

NAMES = ["bias", "log_mentions", "two_words", "three_plus", "surname_alone", "first_alone", "place_prep", "the_before",
         "of_before", "title_before", "say_after", "poss_after", "who_after", "plural_after", "comma_after",
         "pronoun_near", "place_end", "initial", "caps_or_digit", "last_lower_elsewhere", "first_lower_elsewhere",
         "position", "all_mentions_line_start", "match_word_near", "digit_after"]
_MATCH = {"beat", "beats", "drew", "lost", "won", "v", "vs", "against", "play", "host", "hosts", "defeated", "lead"}


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([\w'’.]+)\W*$", text[max(0, start - 40):start])
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s*([\w'’]+|[,;:.!?()\"-])", text[end:end + 40])
    return m.group(1).lower() if m else ""


def _alone(text: str, word: str, full: list[tuple[int, int]]) -> int:
    if len(word) < 2 or not word[0].isupper():
        return 0
    n = 0
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text):
        if not any(s <= m.start() < e for s, e in full):
            n += 1
    return n


def features(text: str, name: str, full: list[tuple[int, int]]) -> np.ndarray:
    """One row of NAMES for a name and the spans of its full mentions in ``text``."""
    words = name.split()
    k = max(len(full), 1)
    prev = [_prev_word(text, s) for s, _ in full]
    nxt = [_next_word(text, e) for _, e in full]
    after = [text[e:e + 4] for _, e in full]
    lower = text.lower()
    low_last = bool(re.search(rf"(?<![\w'’-]){re.escape(words[-1].lower())}(?![\w'’-])", text.replace(words[-1], "")))
    low_first = bool(re.search(rf"(?<![\w'’-]){re.escape(words[0].lower())}(?![\w'’-])", text.replace(words[0], "")))
    return np.array([
        1.0,
        np.log1p(len(full)),
        float(len(words) == 2),
        float(len(words) >= 3),
        float(_alone(text, words[-1], full) > 0),
        float(_alone(text, words[0], full) > 0),
        sum(p in _PLACE_PREP for p in prev) / k,
        sum(p == "the" for p in prev) / k,
        sum(p == "of" for p in prev) / k,
        sum(p.rstrip(".") in TITLE_WORDS for p in prev) / k,
        sum(n in _SAY for n in nxt) / k,
        sum(a.startswith(("'s", "’s")) for a in after) / k,
        sum(a.startswith((", wh", " who")) for a in after) / k,
        sum(n in _PLURAL for n in nxt) / k,
        sum(n == "," for n in nxt) / k,
        float(any(_PRONOUN.search(text[e:e + 120]) for _, e in full)),
        float(bool(_PLACE_END.search(words[-1].lower()))),
        float(any(_INITIAL.match(w) for w in words)),
        float(any(w.isupper() and len(w) > 1 or any(c.isdigit() for c in w) for w in words)),
        float(low_last),
        float(low_first),
        full[0][0] / max(len(text), 1) if full else 0.0,
        sum(s == 0 or text[s - 1] == "\n" for s, _ in full) / k,
        sum(n in _MATCH or p in _MATCH for p, n in zip(prev, nxt)) / k,
        sum(bool(re.match(r"\s*\d", text[e:e + 3])) for _, e in full) / k,
    ])


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    """Logistic regression by gradient descent (bias not penalised); features standardised by
    the caller."""
    w = np.zeros(x.shape[1])
    n = len(y)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        g = x.T @ (p - y) / n
        g[1:] += l2 * w[1:] / n
        w -= lr * g
    return w
