"""Open questions the article itself raises, for the extractive strategy (no model writes them).

A question is only made when a sentence states explicit uncertainty or a pending decision
("did not say what led to", "remains unclear", "is expected to decide", "could face", "under
investigation", "whether ..."), and only when that sentence can be turned into a well-formed
question from its own words; otherwise there is no question: none is better than a junk one
(the old fallback, "What comes next: <sentence>?", produced page furniture as questions).
Page furniture ("Scroll down for video") is never a source: sentences are trimmed and checked
with ``selection`` first.
"""

from __future__ import annotations

import re

from . import _selection as selection
from ..schemas import Sentence

_NOT_SAID = re.compile(
    r"\b(?:did not|didn't|would not|wouldn't|could not|couldn't|declined to|refused to|has not|have not|"
    r"had not|did not immediately)\s+(?:say|explain|disclose|reveal|specify|confirm|know|comment on|said|"
    r"explained|disclosed|revealed|specified|confirmed)\s+(?=(?:what|why|how|when|where|who|which|whether|if)\b)",
    re.I,
)
_UNCLEAR = re.compile(
    r"\b(?:it\s+)?(?:remains?|is|was|are|were|it's|still)\s+(?:still\s+|also\s+|not\s+yet\s+)?"
    r"(?:unclear|unknown|not (?:yet )?(?:clear|known)|uncertain|undecided)\s+(?=(?:what|why|how|when|where|who|which|whether|if)\b)",
    re.I,
)
_PENDING = re.compile(
    r"^(?P<subj>[^,;:]{2,60}?)\s+(?:is|are|was|were)\s+(?:also\s+)?(?:expected|due|scheduled|set|poised|yet)\s+to\s+"
    r"(?P<rest>(?:decide|rule|vote|announce|determine|consider|review|meet|hear|sentence|appear|respond)\b.+)$"
    r"|^(?P<subj2>[^,;:]{2,60}?)\s+will\s+(?P<rest2>(?:decide|rule|vote|determine)\b.+)$",
    re.I,
)
_FACE = re.compile(
    r"^(?P<subj>[^,;:]{2,60}?)\s+(?P<modal>could|may|might|would)\s+(?P<rest>(?:face|be (?:charged|jailed|fined|"
    r"sentenced|extradited|banned|prosecuted|deported|closed|released|forced))\b.+)$",
    re.I,
)
_INVESTIGATION = re.compile(
    r"^(?P<subj>[^,;:]{2,80}?)\s+(?:is|are|was|were|remains?)\s+(?:now\s+|still\s+)?under investigation\b"
    r"|\b(?:is|are|were|was)\s+(?:now\s+|still\s+)?investigating\s+(?P<what>[^,;:]{4,80})",
    re.I,
)
_SPECULATION = re.compile(r"\bspeculation that\s+(?P<subj>[^,;:]{2,60}?)\s+(?P<modal>may|might|could|will|would)\s+(?P<rest>.+)$", re.I)
_WHETHER = re.compile(
    r"\bwhether\s+(?P<subj>[^,;:]{2,60}?)\s+(?P<aux>will|would|can|could|may|might|should|is|are|was|were|has|have|had)\s+(?P<rest>.+)$",
    re.I,
)
_DEPENDS = re.compile(r"\s+(?:depends|hinges|rests)\s+(?:\w+\s+)?(?:on|upon)\b")  # a whether-clause as subject
_SUBJECT_Q = re.compile(r"^(?:what|who|which)\s+(?:\w+\s+)?(?:led|caused|happened|prompted|triggered|was|were|is|are|will|"
                        r"would|had|has|killed|started|sparked|made)\b", re.I)
# "what Orozco was doing in the house": the wh-word is the object, a name or pronoun the subject
_OBJECT_Q = re.compile(r"^(?P<wh>(?i:what|who|whom|why|how|when|where))\s+(?P<subj>(?:he|she|they|it)|"
                       r"(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)\s+(?P<aux>(?i:was|were|is|are|had|has|will|would|"
                       r"could|can|should|might|may))\s+(?P<rest>.+)$")
_LEAD_IN = re.compile(r"^(?:.*?\b(?:said|says|added|noted|warned|argued)(?: that)?\s+|(?:further|however|meanwhile|"
                      r"still|but|and),\s*)", re.I)
# Every pattern above needs one of these words, as a whole word (each stands between \b or \s
# there, matched case-insensitively like here), so a sentence without any of them states no open
# question: checking that first skips the furniture and trim checks for most sentences.
_TRIGGER = re.compile(
    r"\b(?:not|didn't|wouldn't|couldn't|declined|refused|unclear|unknown|uncertain|undecided|expected|due|"
    r"scheduled|set|poised|yet|will|could|may|might|would|investigation|investigating|speculation|whether)\b",
    re.I,
)
WHY = {
    "not_said": "The article says this was not disclosed.",
    "unclear": "The article reports this as unclear.",
    "pending": "A decision the article reports as still pending.",
    "face": "Stated as a possibility, not an outcome.",
    "investigation": "Under investigation, per the article.",
    "whether": "The article raises this but does not settle it.",
}


# what the speaker did say, joined to what they did not: not part of the open question
_OWN_CLAUSE = re.compile(r",\s+(?:though|although|while|and)\s+(?=(?:he|she|they|it|police|officials)?\s*"
                         r"(?:said|says|added|noted|told|confirmed|stressed)\b)|,\s+but\s+", re.I)


def _clean(text: str) -> str:
    """Spaces collapsed, and the end's punctuation gone, a closing quote of a quote that opened before
    the clause included ("I don't know whether they were estranged or not.”" asked "...or not.”?"),
    and an opening quote whose quote closes after it ("\"The cause of the crash is under
    investigation, however ...\" the statement said" asked 'the investigation into "The cause')."""
    text = " ".join(text.split()).rstrip(" .,;:")
    while ((text.startswith("“") and text.count("“") > text.count("”"))
           or (text.startswith('"') and text.count('"') % 2)):
        text = text[1:].lstrip()
    while ((text.endswith("”") and text.count("”") > text.count("“"))
           or (text.endswith('"') and text.count('"') % 2)):
        text = text[:-1].rstrip(" .,;:")
    return text


def _lower_first(subject: str) -> str:
    first = subject.split()[0]
    return subject[0].lower() + subject[1:] if first in ("The", "A", "An", "Its", "His", "Her", "Their") else subject


def phrase(sentence: str) -> tuple[str, str] | None:
    """(question, why) made from the sentence's own words, or None when it states no explicit
    uncertainty or cannot be phrased as a proper question."""
    if not _TRIGGER.search(sentence) or selection.is_furniture(sentence):
        return None
    a, b = selection.trim(sentence)
    s = _clean(sentence[a:b])
    if len(s.split()) < 6 or s.endswith("?"):
        return None
    m = _NOT_SAID.search(s) or _UNCLEAR.search(s)
    if m:
        kind = "not_said" if m.re is _NOT_SAID else "unclear"
        clause = _clean(_OWN_CLAUSE.split(s[m.end():], 1)[0])  # "…at the time, but said no one else was hurt"
        if clause.lower().startswith(("whether", "if ")):
            w = _WHETHER.search("whether " + clause.split(" ", 1)[1])
            return (_inverted(w), WHY[kind]) if w else None
        asked = _object_question(clause)
        if asked:
            return asked, WHY[kind]
        if _SUBJECT_Q.match(clause):
            return clause[0].upper() + clause[1:] + "?", WHY[kind]
        lead = "Has it been said" if kind == "not_said" else "Is it known yet"
        return f"{lead} {clause}?", WHY[kind]
    inner = _clean(_LEAD_IN.sub("", s, count=1)) or s
    m = _SPECULATION.search(s)
    if m:
        return f"{_modal(m['modal'])} {_lower_first(m['subj'])} {_clean(m['rest'])}?", "Reported as speculation, not confirmed."
    m = _PENDING.match(inner)
    if m:
        subj, rest = (m["subj"], m["rest"]) if m["subj"] else (m["subj2"], m["rest2"])
        w = re.match(r"decide\b.*?\bwhether to (.+)$", _clean(rest))
        if w and len(subj.split()) <= 8:
            return f"Will {_lower_first(subj)} {w.group(1)}?", WHY["pending"]
        if len(subj.split()) <= 8 and "whether" not in rest:
            return f"What will {_lower_first(subj)} {_clean(rest).split(' ', 1)[0]}{_tail(_clean(rest))}?", WHY["pending"]
    m = _FACE.match(inner)
    if m and len(m["subj"].split()) <= 8:
        return f"{_modal(m['modal'])} {_lower_first(m['subj'])} {_clean(m['rest'])}?", WHY["face"]
    m = _INVESTIGATION.search(inner)
    if m:
        what = m["subj"] if m["subj"] else m["what"]
        if len(what.split()) <= 12:
            return f"What will the investigation into {_lower_first(_clean(what))} find?", WHY["investigation"]
    m = _WHETHER.search(s)
    if m and len(m["subj"].split()) <= 8:
        return _inverted(m), WHY["whether"]
    return None


def _object_question(clause: str) -> str | None:
    """"what Orozco was doing in the house" → "What was Orozco doing in the house?" (``_SUBJECT_Q``
    took the name for a noun after "what" and asked "What Orozco was doing in the house?")."""
    m = _OBJECT_Q.match(clause)
    if not m:
        return None
    return f"{m['wh'].capitalize()} {m['aux'].lower()} {m['subj']} {m['rest']}?"


def _tail(rest: str) -> str:
    """"decide on the bid by Friday" → " on the bid by Friday"."""
    parts = rest.split(" ", 1)
    return " " + parts[1] if len(parts) > 1 else ""


def _modal(word: str) -> str:
    return "Might" if word.lower() == "may" else word.capitalize()  # "May the US ...?" reads as a wish


def _inverted(m: re.Match) -> str:
    """"whether the US might restrict aid" → "Might the US restrict aid?"; a clause that is the subject
    of "depends on" ends there ("whether Trump will agree to remove tariffs depends largely on ...")."""
    rest = _DEPENDS.split(m['rest'], 1)[0]
    return f"{_modal(m['aux'])} {_lower_first(m['subj'])} {_clean(rest)}?"


def question_sentences(sentences: list[Sentence]) -> list[tuple[Sentence, int, str, str]]:
    """(sentence, strength, question, why) for each sentence that states an open question."""
    out = []
    for s in sentences:
        made = phrase(s.text)
        if made:
            question, why = made
            strength = 2 if why == WHY["whether"] else 3
            out.append((s, strength, question, why))
    return out
