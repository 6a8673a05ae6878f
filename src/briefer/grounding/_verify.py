"""Stage 6: verify every quote, name and number against the source before anything is shown.

Comparison normalizes only what does not change meaning: runs of whitespace and typographic
quotes/dashes. A quote whose text exists but whose offsets are wrong is repaired (offsets
recomputed); anything else that fails is reported with a reason so the caller can re-ask once
or drop it. Nothing here calls a model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..schemas import (
    MAX_ACTORS, MAX_QUESTIONS, Actor, Dropped, Evidence, Grounding, OpenQuestion, SummaryPoint,
)
from ..text import is_word_char, shorten

_TRANSLATE = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-", "\u00a0": " "})
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\d])")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "hundred": "100", "thousand": "1000",
}
_WORDS = re.compile(r"\w+")
_CAPWORD = re.compile(r"\b[A-Z][\w'-]*[a-z][\w'-]*\b|\b[A-Z]{2,}\b")
_SKIP_CAPS = {
    "The", "A", "An", "In", "On", "At", "It", "He", "She", "They", "We", "This", "That", "But", "And",
    "Will", "Whether", "What", "Who", "Whom", "How", "Why", "When", "Where", "Which", "Is", "Are",
    "Was", "Were", "Does", "Do", "Did", "Can", "Could", "Should", "Would", "Has", "Have", "Had", "Might", "May", "Must", "If",
}


class NormText:
    """A text with a normalized twin and a map from normalized back to original offsets."""

    def __init__(self, text: str):
        self.text = text
        self.norm = normalize(text)  # ``str.split`` and ``\S+`` split at the same characters
        self.words = frozenset(_WORDS.findall(self.norm))

    @functools.cached_property
    def index(self) -> list[int]:
        """Normalized offset → original offset; built only when a quote must be relocated (rare:
        most evidence is checked at its own offsets), not for every article."""
        index: list[int] = []
        for t in re.finditer(r"\S+", self.text.translate(_TRANSLATE)):
            index.extend(range(t.start(), t.end()))
            index.append(t.end())  # the joining space maps to the whitespace after the token
        return index[:-1] if index else index

    def find(self, quote: str, near: int = 0) -> tuple[int, int] | None:
        """Original (start, end) of ``quote``; the occurrence closest to ``near`` wins."""
        q = normalize(quote)
        if not q:
            return None
        hits = [m.start() for m in re.finditer(re.escape(q), self.norm)]
        if not hits:
            return None
        pos = min(hits, key=lambda h: abs(self.index[h] - near))
        start = self.index[pos]
        end = self.index[pos + len(q) - 1] + 1
        return start, end


def normalize(s: str) -> str:
    return " ".join(s.translate(_TRANSLATE).split())


def evidence_at(text: str, start: int, end: int) -> Evidence:
    """Evidence for ``text[start:end]``, exact by construction."""
    return Evidence(quote=text[start:end], start=start, end=end)


@dataclass
class Check:
    """Outcome of checking one item: ``reason`` is None when it is grounded."""

    reason: str | None = None
    repaired: bool = False


def check_evidence(ev: Evidence, src: NormText) -> Check:
    """The quote must equal the source at its offsets (normalized); else relocate or fail."""
    if 0 <= ev.start < ev.end <= len(src.text) and normalize(src.text[ev.start : ev.end]) == normalize(ev.quote):
        return Check()
    found = src.find(ev.quote, near=ev.start)
    if found is None:
        return Check(reason=f"quote not found in source: {shorten(ev.quote, 80)!r}")
    ev.start, ev.end = found
    ev.quote = src.text[ev.start : ev.end]
    return Check(repaired=True)


def numbers(text: str) -> set[str]:
    """Numbers written with digits, canonicalized ("1,000" → "1000")."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def _evidence_numbers(evidence: list[Evidence]) -> set[str]:
    found: set[str] = set()
    for ev in evidence:
        found |= numbers(ev.quote)
        for word in re.findall(r"[a-z]+", ev.quote.lower()):
            if word in _NUMBER_WORDS:
                found.add(_NUMBER_WORDS[word])
    return found


def _check_all_evidence(evidence: list[Evidence], src: NormText) -> Check:
    repaired = False
    for ev in evidence:
        result = check_evidence(ev, src)
        if result.reason:
            return result
        repaired |= result.repaired
    return Check(repaired=repaired)


def _unsupported_names(text: str, known: frozenset[str]) -> list[str]:
    """Capitalized words (names, titles, places) in ``text`` whose words are not all ``known``."""
    words = {w for w in _CAPWORD.findall(text) if w not in _SKIP_CAPS}
    return sorted(w for w in words if not set(re.findall(r"\w+", w)) <= known)


def _check_claim(text: str, evidence: list[Evidence], src: NormText) -> Check:
    """Quotes exist; every number in ``text`` is in its evidence; every name is in the source."""
    result = _check_all_evidence(evidence, src)
    if result.reason:
        return result
    missing = numbers(text) - _evidence_numbers(evidence)
    if missing:
        return Check(reason=f"number(s) {', '.join(sorted(missing))} not in the evidence")
    names = _unsupported_names(text, src.words)
    if names:
        return Check(reason=f"name(s) not in the source: {', '.join(names)}")
    return result


def check_point(point: SummaryPoint, src: NormText) -> Check:
    return _check_claim(point.text, point.evidence, src)


def check_question(q: OpenQuestion, src: NormText) -> Check:
    return _check_claim(q.question, q.evidence, src)


def check_actor(actor: Actor, src: NormText) -> Check:
    """The name occurs in the source as spelled; its evidence names them; the role's names are in it.

    Checking the role against the actor's own evidence (not the whole article) is what catches
    "Haniyeh, Israeli Prime Minister": every word exists in the article, but not about him.
    """
    if not _standalone(src.norm, normalize(actor.name)):
        return Check(reason=f"actor name not in the source: {actor.name!r}")
    result = _check_all_evidence(actor.evidence, src)
    if result.reason:
        return result
    quoted = " ".join(normalize(e.quote) for e in actor.evidence)
    if actor.name.split()[-1] not in quoted:
        return Check(reason=f"evidence does not mention {actor.name!r}")
    names = _unsupported_names(actor.role, frozenset(re.findall(r"\w+", quoted)))
    if names:
        return Check(reason=f"role not supported by the evidence: {', '.join(names)}")
    return result



def _standalone(text: str, word: str) -> bool:
    """``re.search(rf"(?<!\\w){re.escape(word)}(?!\\w)", text)``, without compiling a pattern per
    name (every article has new names: the ``re`` cache missed each time)."""
    if not word:
        return bool(re.search(r"(?<!\w)(?!\w)", text))
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at > 0 and is_word_char(text[at - 1])) and not (end < len(text) and is_word_char(text[end])):
            return True
        at = text.find(word, at + 1)
    return False



def check_entailed(kind: str, obj) -> Check:
    """Model-written text must follow from its own cited sentences, not merely cite real ones.

    The lexical checks above pass "Haniyeh met Austin" citing a real sentence about Gallant; the
    entailment model (``_entail``) does not. Points are checked as written; a role as
    "<name> is <role>." against the actor's evidence. Text quoted verbatim needs no model. A question
    asserts nothing the model could test, so it is held to its cited text by the names and numbers
    it raises: a question about someone its passage never mentions is not the passage's question.
    """
    from . import _entail as entail

    cited = " ".join(e.quote for e in obj.evidence)
    if kind == "question":
        novel = entail.novel_terms(cited, f"{obj.question} {obj.why}")
        return Check(reason=f"names what its cited text does not: {', '.join(novel)}") if novel else Check()
    if kind == "point":
        claim = obj.text
    elif kind == "actor" and obj.role:
        claim = f"{obj.name} is {obj.role}."
        if normalize(obj.role) in normalize(cited):
            return Check()
    else:
        return Check()
    if normalize(claim).rstrip(".") in normalize(cited):
        return Check()
    score, label, _ = entail.check_claim(cited, claim)
    if not label:
        return Check(reason=f"not supported by its cited text (entailment {score:.2f})")
    return Check()


@dataclass
class Rejected:
    """An item that failed verification, and where its evidence points (for the re-ask)."""

    kind: str
    text: str
    reason: str
    start: int | None


@dataclass
class Verified:
    """Items that passed verification, and the failures, in rank order."""

    points: list[SummaryPoint] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    failed: list[Rejected] = field(default_factory=list)
    checked: int = 0
    repaired: int = 0
    entailment: str | None = None

    def grounding(self) -> Grounding:
        rate = round((self.checked - len(self.failed)) / self.checked, 4) if self.checked else None  # not "100% of 0"
        return Grounding(
            rate=rate, checked=self.checked, repaired=self.repaired,
            dropped=[Dropped(kind=f.kind, text=f.text, reason=f.reason) for f in self.failed],
            entailment=self.entailment,
        )


def verify_items(items, src: NormText, caps: tuple[int, int, int] = (5, MAX_ACTORS, MAX_QUESTIONS), *,
                 entailment: bool = False) -> Verified:
    """Check items in rank order until each kind has ``caps`` grounded ones (points, actors, questions;
    the brief passes its own number of points, a repair keeps at most 5); record failures."""
    out = Verified()
    if entailment:
        from . import _entail as entail

        missing = entail.why_unavailable()
        out.entailment = "checked" if missing is None else f"not checked: {missing}"
        entailment = missing is None
    checks = (
        ("point", items.points, check_point, out.points, lambda x: x.text),
        ("actor", items.actors, check_actor, out.actors, lambda x: x.name),
        ("question", items.questions, check_question, out.questions, lambda x: x.question),
    )
    for (kind, scored, check, kept, label), cap in zip(checks, caps):
        for obj, _score in scored:
            if len(kept) >= cap:
                break
            out.checked += 1
            result = check(obj, src)
            if not result.reason and entailment:
                entailed = check_entailed(kind, obj)
                result = entailed if entailed.reason else result
            if result.reason:
                start = obj.evidence[0].start if obj.evidence else None
                out.failed.append(Rejected(kind, label(obj)[:300], result.reason, start))
            else:
                out.repaired += result.repaired
                kept.append(obj)
    return out
