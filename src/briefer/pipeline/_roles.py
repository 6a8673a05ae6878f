"""Roles beside a person's name found in the text: appositives before the name ("National Unity
Party leader, Benny Gantz") and after it ("Jin Pai, a passenger on the flight,"), and a role shared
by coordinated names. A role is an exact span of the text, checked like every quote; the title
prefix of a name ("Defense Minister Yoav Gallant") is split off in ``_candidates``.
"""

from __future__ import annotations

import re
from ..sentences import ends_sentence

_ROLE_NOUN = (
    r"(?:minister|secretary|president|chief|leader|spokes(?:man|woman|person)|aide|adviser|"
    r"advisor|official|director|chairman|governor|mayor|ambassador|envoy|commander|head|"
    r"founder|ceo|judge|lawyer|analyst|economist|officer|senator|king|queen|general)s?"
)
# An abbreviation is part of a role, never its end: "U.S. District Judge", "St. Louis mayor".
_ABBR = r"(?:(?:[A-Z]\.){2,}|(?:Gov|Lt|Sen|Rep|Gen|Col|St|Dr|Mr|Mrs|Ms|Prof|Capt|Sgt|Mt|Ft)\.)"  # not Jr.: it ends a name
_APPOSITIVE = re.compile(rf"((?:(?:{_ABBR}|[\w'-]+)\s+){{0,5}}{_ROLE_NOUN})\s*,?\s*$", re.IGNORECASE)
# what every _APPOSITIVE match ends with: a cheap test first (the full pattern backtracks over
# up to five words at every position of the clause, ~0.5 ms an article)
_APPOSITIVE_END = re.compile(rf"{_ROLE_NOUN}\s*,?\s*$", re.IGNORECASE)
_AFTER = re.compile(rf",\s+(?:\d{{1,3}},\s+)?(?:a|an|the)\s+((?:(?:{_ABBR}|[\w'’-]+)\s+){{0,6}}?[a-z][\w'’-]+)\s*[,.]")


def appositive_role(text: str, name_start: int, name_end: int) -> tuple[int, int] | None:
    """The span of an appositive role before the name starting at ``name_start`` or after the
    mention ending at ``name_end``; None when there is none."""
    # appositive: "... National Unity Party leader, Benny Gantz" / "aides, Tzahi Hanegbi"
    clause_start = _clause_start(text, name_start)
    clause = text[clause_start:name_start]
    m = _APPOSITIVE.search(clause) if _APPOSITIVE_END.search(clause) else None
    if m:
        role = re.sub(r"^(?:the|a|an)\s+", "", m.group(1).strip(), flags=re.I)
        start = clause_start + m.start(1) + (len(m.group(1).strip()) - len(role))
        return start, start + len(role)
    # appositive after the name: "Jin Pai, a passenger on the flight, said" / "Singh, 45, the spokeswoman,"
    m = _AFTER.match(text, name_end)
    if m and not re.search(r"\b(?:said|says|told|who|which|that|and)\b", m.group(1)):
        return m.start(1), m.end(1)
    return None


def _clause_start(text: str, name_start: int) -> int:
    """Where the clause before a name begins: its last comma or the end of the sentence before it;
    an abbreviation's period ("U.S.", "St.") ends no sentence (``chunk.ends_sentence``)."""
    comma = text.rfind(",", 0, max(0, name_start - 2))
    dot = text.rfind(".", 0, name_start)
    while dot > comma and not ends_sentence(text, dot):
        dot = text.rfind(".", 0, dot)
    return max(comma, dot, 0)


def share_coordinated_roles(people: list, text: str) -> None:
    """"aides, Tzahi Hanegbi and Ron Demer": the second name shares the first one's role
    (``people``: ``_candidates.Person``, not imported here, which imports this module)."""
    for p in people:
        if p.role:
            continue
        start = p.mentions[0][0]
        for q in people:
            if q.role and q.role_span and 0 < start - q.mentions[0][1] <= 6 and text[q.mentions[0][1] : start].strip() == "and":
                p.role, p.role_span = q.role, q.role_span
