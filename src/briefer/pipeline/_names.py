"""Evidence that a capitalised run names a person, for runs with no title or role.

The rules in ``_candidates`` and ``_not_people`` read the text around a run, and some runs have no
cue there at all ("Vitesse Arnhem are the only unbeaten teams", "Toyota Celica", "Total Revenue",
"Core Inflation"). What tells "Wasim Akram" from them is the words themselves, so a role-less run
is listed only with one of:

* its first word is a given name (or an initial: "R. Croft"), from ``data/names/given.txt.gz``
  (US Census 1990, Faker's locales, Wikipedia's common given names of 106 countries and East Asian
  family names, which come first: "Wu Chi-wai";
  ``scripts/build_names.py`` builds it and says where each list comes from);
* its first word is no English word: the tokenizer briefer ships (o200k) has no single token for
  it, lowercased ("Wasim", "Herschelle", "Muthiah" take two or three; "Total", "Core",
  "Statistics", "Companion" take one). No list of given names is complete, and a word common
  enough to be one token is a word, not a name, unless the list says it is one ("Mark", "Grace").
  This is the weakest evidence, and a town or a country as the last word outweighs it: "Levski
  Sofia", "Spartak Moscow" are clubs, "Statistics Canada" an agency (``data/names/places.txt``:
  the cities of the IANA time zone database and CLDR's country names, ``scripts/build_places.py``),
  and so does an English word of six letters or more as the last word ("Bombay Commodities");
* a town or a country as the first word outweighs both word evidences ("Athens Metro", "Baltimore
  Orioles"), unless it is a given name too and the surname is no English word ("Paris Kyriakides");
* its second word is a romanised East Asian given name ("Moon Jae-in", "Lai Ching-te");
* a he/she pronoun after one of its mentions (the rest of that sentence and the next one): the
  text itself treats it as a person ("Gjon Buzuku ... his poems").

Measured on CoNLL-2003 eng.train (docs/benchmarks.md, "Actors", fifth pass). The name list is read
once, on first use.
"""

from __future__ import annotations

import functools
import gzip
import re
from importlib import resources

from ..extraction import encoding

_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b", re.IGNORECASE)
# a romanised East Asian given name after the family name: "Moon Jae-in", "Tsai Ing-wen"
_ROMANISED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")
_MODIFIER_SHAPE = re.compile(r"[a-z]{3,}(?:ing|ly|est|ous|ful|ive|able|ible)$")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")


@functools.cache
def given_names() -> frozenset[str]:
    """Given names, capitalised as in running text ("Wasim", "Jean-Pierre")."""
    path = resources.files("briefer") / "data" / "names" / "given.txt.gz"
    return frozenset(gzip.decompress(path.read_bytes()).decode().split())


@functools.cache
def places() -> frozenset[str]:
    """Towns and countries a club, a firm or an agency is named after ("Sofia", "Canada"), one word each."""
    path = resources.files("briefer") / "data" / "names" / "places.txt"
    return frozenset(path.read_text(encoding="utf-8").split())


@functools.lru_cache(maxsize=4096)
def is_word(word: str) -> bool:
    """``word``, lowercased, is one token of the shipped tokenizer: a common word, not a name."""
    return len(encoding().encode(" " + word.lower())) == 1


def opens_like_a_name(name: str, rare: bool = True) -> bool:
    """``name``'s first word is an initial, a known given name (a hyphenated one when a part is:
    "Jean-Pierre"; headline capitals folded: "WASIM") or, with ``rare``, no English word."""
    first = name.split(" ", 1)[0]
    if _INITIALS.fullmatch(first):
        return True
    known = given_names()
    if any(part.capitalize() in known for part in (first, *first.split("-")) if part):
        return True
    return rare and not is_word(first.strip("'’"))


def glued_before_a_name(words: list[str], strict: bool = False) -> bool:
    """The first of three or more capitalised words is an English word glued to a name that opens
    with a given name or an initial: a headline's verb, a team or a label ("Hire Maurice Cheeks").
    ``strict`` (for when the name is not also written alone): the second word is a given name that
    is no English word ("Channel Johnny Carson", "fellow DA Phillip Stirling"; not "National Marine
    Fisheries", "Raj K. Chohan"). A given name first ("Mark Jay Heller") is kept either way."""
    if len(words) < 3 or not is_word(words[0]) or words[0] in given_names():
        return False
    second = words[1]
    if strict:
        return second in given_names() and not is_word(second)
    return bool(_INITIALS.fullmatch(second)) or second in given_names()


def object_end(words: list[str], k: int) -> int:
    """Where the name starts in a run whose title ends "of" just before ``k``: the title's object is one to
    three capitalised words, then a given name opens the name ("Chief of Detectives Charlie Beck",
    "Secretary of Homeland Security Janet Napolitano", "Executive Council of Australian Jewry Robert
    Goot"); ``k`` when nothing says where the object ends."""
    if glued_before_a_name(words[k:]):
        return k + 1
    given = given_names()
    return next((j for j in range(k + 2, min(k + 4, len(words) - 1))
                 if words[j] in given and not any(w in given for w in words[k:j])), k)


def named_like_a_person(text: str, person) -> bool:
    """What a role-less run (a ``Person``) needs to be listed: a given name or an initial first, a
    romanised given name second, a pronoun after it, or a first word that is no English word when
    its last word is no place (see the module)."""
    words = person.name.split()
    # a town or a country first is a club's, a firm's or a body's name ("Baltimore Orioles", "Athens Metro",
    # "Bombay Commodities"), unless it is also a given name before a surname that is no English word ("Paris Kyriakides")
    town_first = ((words[0] in places() or words[0].title() in places())
                  and (words[0].title() not in given_names() or is_word(words[-1])))
    if not town_first and (opens_like_a_name(person.name, rare=False) or _ROMANISED_GIVEN.fullmatch(words[1])):
        return True
    if (not town_first and opens_like_a_name(person.name) and words[-1] not in places()
            and not (len(words[-1]) > 5 and is_word(words[-1]) and words[-1] not in given_names())):
        return True  # the weakest evidence, and not with an English word last ("Bombay Commodities", "Nepali Congress")
    # a participle, adverb or adjective first ("Catching Fire", "Clearly Mark", "Outstanding
    # Individual Performance") opens no name, whatever pronoun follows
    return not _MODIFIER_SHAPE.match(words[0].lower()) and pronoun_follows(text, person.mentions)


def pronoun_follows(text: str, mentions: list[tuple[int, int]]) -> bool:
    """A he/she pronoun in the rest of the sentence after a mention, or in the next sentence."""
    for _, end in mentions:
        window = text[end:end + 300]
        stop = _SENTENCE_END.search(window)
        if stop:
            after = _SENTENCE_END.search(window, stop.end())
            window = window[: after.start() + 1 if after else len(window)]
        if _PRONOUN.search(window):
            return True
    return False
