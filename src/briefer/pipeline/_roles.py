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
_APPOSITIVE = re.compile(rf"((?:(?:{_ABBR}|[\w'-]+)\s+){{0,5}}\b{_ROLE_NOUN})\s*,?\s*$", re.IGNORECASE)
# what every _APPOSITIVE match ends with: a cheap test first (the full pattern backtracks over
# up to five words at every position of the clause, ~0.5 ms an article)
_APPOSITIVE_END = re.compile(rf"\b{_ROLE_NOUN}\s*,?\s*$", re.IGNORECASE)
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


# Words that open no role: conjunctions, prepositions, verbs of saying and a condolence ("and the
# interior secretary", "said Academy spokeswoman", "RIP LA County Sheriff Deputy", "As the Greek ...").
_LEAD_JUNK = frozenset("and or but as for to where when while yet so said says told quoting rip with by from at "
                       "in on the a an including involving against about into after before plus like unlike".split())
# after "to", a verb ("to meet former Israeli prime minister", "trying to contact SPLA commander")
_TO_VERBS = frozenset("meet help contact extradite hold see visit replace succeed become join name appoint elect "
                      "support back oust fire sack talk speak call thank".split())
# Words after which a role begins anew: a finite verb, an auxiliary, a relative or a subordinator
# ("trademark could prove valuable", "earlier this week that Twilight director", "deal in place is director").
_CLAUSE = frozenset("that which who whom whose where when is was are were be been being has have had could would will "
                    "can may might should must did does do said says told saying".split())
# -ing words that describe a holder of a post, not an act ("acting director", "outgoing mayor")
_ING_TITLES = frozenset("acting managing presiding visiting leading outgoing ruling reigning governing".split())
_SUBJECT = frozenset("i you he she we they it".split())  # "she met police officer": the pronoun and its verb
# Before a plural head, words that count or point, not describe ("two of his most senior aides").
_QUANTIFIER = frozenset("two three four five six several many some all both most his her their its our your my "
                        "of the a an one and or".split())
_PREPOSITION = frozenset("of for at in on with from to".split())
# "for" after these (or an -ing verb) names a post sought, not held ("running for president, Ted Cruz")
_SEEKING = frozenset("candidate candidates bid bids run race campaign nomination nominee contender contenders "
                     "hopeful hopefuls".split())
# before a name, a preposition after a word that is no title ends what came before ("talks with
# Russian security chief", "statement by spokesman"); "of" only before a title or a lowercase word
# ("reversal of former president", not "Department of Corrections spokeswoman")
_CUT_AFTER = _PREPOSITION | {"by", "into", "including", "involving", "about", "against"}
_TOKEN = re.compile(r"\S+")


def clean_role(text: str, start: int, end: int, titles: frozenset[str], after: bool = False) -> tuple[int, int] | None:
    """The clean part of the role at ``text[start:end]``, or None when none remains: a role is a
    title or a description of one person, never a clause, a repeat or a plural. ``titles``: words
    that make a role (lowercase). ``after``: the role follows the name ("Jin Pai, a passenger on the
    flight"), so its head comes first; before a name the head is its last word. The span stays an
    exact slice of the text, so the role is checked against the source like every quote."""
    start = max(start, text.rfind("\n", start, end) + 1)  # a role never spans lines ("1996-08-26\nSenior ...")
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    if words and words[0][2] == "s" and (text[max(0, words[0][0] - 2): words[0][0]].strip() in ("'", "’")
                                         or text[words[0][0] - 1: words[0][0]] in ("'", "’")):
        words = words[1:]  # "Lohan's lawyer" (or "Taiwan’s incumbent president") cut after its apostrophe: "s lawyer"
    if after:
        cut = next((i for i, (_, _, w) in enumerate(words) if w.lower() in _CLAUSE), len(words))
        words = words[:cut]  # "pin-up whose naughty-but-nice romps": the clause is no part of it
    else:
        for i in range(len(words) - 1, -1, -1):  # the last boundary: what follows it is the role
            w = words[i][2]
            low = w.lower()
            if i == len(words) - 1:
                continue
            rest = words[i + 1]
            if low == "for" and i and (plain(words[i - 1][2]) in _SEEKING or words[i - 1][2].endswith("ing")):
                return None  # "running for president", "a candidate for mayor": sought, not held
            if low in _CLAUSE or (low.endswith("ing") and w.islower() and len(low) > 5 and low not in _ING_TITLES):
                return clean_role(text, rest[0], end, titles)  # "THR is saying that director" → "director"
            if low in _SUBJECT and i + 2 < len(words):
                return clean_role(text, words[i + 2][0], end, titles)  # "she met police officer"
            if low == "to" and rest[2] in _TO_VERBS and i + 2 < len(words):
                return clean_role(text, words[i + 2][0], end, titles)  # "to meet former Israeli prime minister"
            if (low in _CUT_AFTER and i and plain(words[i - 1][2]) not in titles
                    and (low != "of" or rest[2][:1].islower() or plain(rest[2]) in titles)):
                return clean_role(text, rest[0], end, titles)
            subject = (text[max(0, start - 40):start].split() + [x for _, _, x in words[:i]])[-2:]  # the two words before
            if (low[-1:] == "s" and low[-2:] not in ("ss", "'s", "’s") and w.islower() and len(subject) == 2
                    and all(x[:1].isupper() for x in subject)
                    and plain(w[:-1]) not in titles and plain(w) not in titles and plain(rest[2]) not in titles):
                return clean_role(text, rest[0], end, titles)  # a headline's verb: "Lohan rehires longtime lawyer"
    return _finish(text, words, titles, after)


def _finish(text: str, words: list, titles: frozenset[str], after: bool) -> tuple[int, int] | None:
    """The span of ``words`` (start, end, word) once junk before it and a repeat in it are gone, a
    plural head made singular, and a role after a name checked to name a person."""
    while words and (words[0][2].lower().strip("'’\"“") in _LEAD_JUNK or not any(c.isalnum() for c in words[0][2])):
        words = words[1:]
    n = len(words)
    for k in range(n // 2, 0, -1):  # "Woodburn Police Chief Woodburn Police Chief": keep one copy
        for i in range(n - 2 * k + 1):
            if [w.lower() for _, _, w in words[i:i + k]] == [w.lower() for _, _, w in words[i + k:i + 2 * k]]:
                return _finish(text, words[i + k:], titles, after)  # the span stays one run: from the second copy
    if not words:
        return None
    head = len(words) - 1  # before a name the head ends the role; after it, it comes before a preposition
    if after:
        head = next((i - 1 for i, (_, _, w) in enumerate(words) if i and w.lower() in _PREPOSITION), head)
    h = words[head][2]
    if h.islower() and h.endswith("s") and not h.endswith("ss") and plain(h[:-1]) in titles:
        lo = head  # a plural role given to one person: the singular, without counting words ("senior aide")
        while lo and words[lo - 1][2].lower() not in _QUANTIFIER and not words[lo - 1][2].endswith(","):
            lo -= 1
        return words[lo][0], words[head][1] - 1
    ordinal = words[0][2].lower() in _ORDINAL and head + 1 < len(words) and words[head + 1][2] == "of"
    people = words[head + 2:] if ordinal else []  # "first of her three husbands": the husbands name people
    if after and not any(plain(w) in titles or plain(w).split("-")[-1] in titles or _names_a_person(w)
                         for _, _, w in words[:head + 1] + people):
        return None  # "Mat Maid, the trademark", "Mark Teixeira, the trade rumor": no person's role
    return words[0][0], words[-1][1]


# what a role after a name holds before its first preposition when it is a person's: a role word
# (``titles``), one of these, or a word with an agent's ending ("investigator", "journalist", "grandmother")
_PERSON_NOUNS = frozenset("friend member woman man girl boy child pin-up center guard forward wife husband deputy host "
                          "partner colleague relative neighbour neighbor seed seeed champion runner-up winner holder titleholder "
                          "favourite favorite rookie hero legend great icon".split())
_ORDINAL = frozenset("first second third fourth fifth last".split())  # "the first of her three husbands"
_AGENT = re.compile(r"(?:er|tor|sor|nor|dor|ist|ian|ant|ent|man|woman|ess|eur|ee|ef)$")


def _names_a_person(head: str) -> bool:
    w = head.lower().strip("'’\"“”,.")
    w = w[:-1] if w.endswith("s") and not w.endswith("ss") else w  # "husbands"
    return w in _PERSON_NOUNS or bool(_AGENT.search(w)) or "-" in w and bool(_AGENT.search(w.split("-")[-1]))


_OF_THE = re.compile(r"((?:[A-Z][\w.'’-]* )+)of the $")


def of_the_start(text: str, start: int, titles: frozenset[str]) -> int:
    """Where a title that names its office after "of the" begins: "Secretary of the Interior Dirk
    Kempthorne" is split at "Interior" (a capitalized run holds no "the"), so its role starts earlier."""
    before = text[max(0, start - 60):start]
    m = _OF_THE.search(before)
    if m and plain(m.group(1).split()[-1]) in titles:
        return start - len(before) + m.start(1)
    return start


def plain(word: str) -> str:
    """A word as the role and name lists hold it: lowercase, no trailing full stop."""
    return word.lower().rstrip(".")
