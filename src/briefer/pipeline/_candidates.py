"""Candidate spans for the grounded-by-construction strategy: people and their roles.

A small model cannot be trusted to write names or roles, so they are found in the text by rule
(capitalized runs split into a title prefix and a name; appositives such as "party leader,
Benny Gantz"), and the model only chooses among them. Every candidate is an exact span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import whole_word_spans
from ._names import glued_before_a_name, is_word, named_like_a_person, object_end, opens_like_a_name
from ._roles import appositive_role, clean_role, of_the_start, plain as _plain, share_coordinated_roles
from ._not_people import FIRM_END, ORG_WORDS, PLACE_ORG_WORDS, dateline_town, names_a_thing, not_a_person


TITLE_WORDS = {
    "minister", "secretary", "president", "vice", "prime", "chief", "press", "leader", "deputy", "general", "gen",
    "senator", "sen", "rep", "representative", "governor", "gov", "mayor", "ceo", "chairman", "chairwoman", "chair",
    "director", "spokesman", "spokeswoman", "spokesperson", "ambassador", "king", "queen", "prince", "princess", "pope",
    "judge", "justice", "commander", "official", "dr", "mr", "mrs", "ms", "prof", "professor", "sheikh", "chancellor",
    "envoy", "adviser", "advisor", "aide", "aides", "head", "founder", "coach", "captain", "officer", "lawyer",
    "attorney", "speaker", "lt", "col", "colonel", "sergeant", "admiral", "marshal", "emir", "ayatollah", "rabbi",
    "bishop", "cardinal", "economist", "analyst", "executive", "manager", "president-elect", "premier", "foreign",
    "defense", "defence", "state", "affairs", "interior", "finance", "justice", "of", "opposition", "archbishop",
    "congressman", "congresswoman", "undersecretary", "prosecutor", "sheriff", "undersheriff", "lieutenant", "trooper",
    "commissioner", "commodore", "superintendent", "examiner", "coroner", "insp", "advocate",
}
HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "prof", "sir", "dame"}
_NAME_PART = (
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Jr|Sr|St)\.|(?:[A-Z]\.){2,}|[A-Z]\.|"
    r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z]?[a-z]+|['’](?!s\b)[A-Z]?[a-z]+)*|[A-Z]{2,}\b|[A-Z]['’][A-Z][a-z]+)"  # "O'Neal"
)
_PARTICLE = r"(?:van der|van den|de la|van|von|de|da|do|dos|del|della|di|du|der) (?=[A-Z][a-z])"  # "Ronald de Boer"
_RUN = re.compile(rf"{_NAME_PART}(?: (?:of |{_PARTICLE})?{_NAME_PART})*")
_FUNCTION_WORDS = set("the a an this that these those in on at but and it he she they we his her their its for with from by as to into onto upon through".split())
# Labels glued to the front of a name ("Passenger Jin Pai"): the label is the role, not the name.
LABELS = {
    "passenger", "witness", "resident", "student", "teacher", "driver", "pilot", "neighbour", "neighbor",
    "victim", "survivor", "actor", "actress", "singer", "star", "footballer", "striker", "midfielder",
    "defender", "goalkeeper", "boss", "businessman", "businesswoman", "tycoon", "billionaire", "entrepreneur",
    "author", "writer", "journalist", "reporter", "photographer", "mother", "father", "mum", "dad", "wife",
    "husband", "son", "daughter", "brother", "sister", "grandmother", "grandfather", "nurse", "doctor",
    "surgeon", "scientist", "researcher", "expert", "detective", "inspector", "constable", "firefighter",
    "paramedic", "soldier", "veteran", "fan", "owner", "pensioner", "comedian", "presenter", "host",
    "rapper", "model", "designer", "chef", "artist", "producer", "councillor", "candidate", "skipper",
    "winger", "player", "suspect", "defendant", "prisoner", "inmate", "trainer", "jockey", "cyclist",
    "golfer", "boxer", "tourist", "worker", "pupil", "teenager", "manager", "coach", "captain", "officer", "lock",
    "prop", "hooker", "flanker", "fullback", "centre", "pitcher", "catcher", "shortstop", "outfielder", "batsman",
    "bowler", "opener", "wicketkeeper", "sprinter", "quarterback", "linebacker",  # positions of play: "Lock Ian Jones"
}
_NOT_PERSON = ORG_WORDS | PLACE_ORG_WORDS  # built once, not per word
_ROLE_PREFIX = (TITLE_WORDS | LABELS) - {"of", "state", "affairs", "foreign"}
_WORD, _ACRONYM = re.compile(r"\S+"), re.compile("[A-Z]{2,}")
_DOTTED, _BODIES = re.compile(r"(?:[A-Z]\.){2,}"), frozenset("U.S. U.N. U.K. E.U. U.S.A. U.A.E. N.Y. D.C. L.A.".split())  # not "O.J."
_COORD = re.compile(rf"((?:{_NAME_PART} )+)and $")
_MONTH_ABBR = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())
# a title-case headline's verb after a name ("HQ Trivia CEO Colin Kroll Dead at 34", "… Smith Arrested")
_HEADLINE_TAIL = frozenset("dead dies died killed slain arrested charged jailed sentenced convicted indicted acquitted "
                           "freed resigns quits sues fired hired injured missing found accused denies admits pleads".split())
# Closed-class words (conjunctions, adverbs, determiners, prepositions, greetings, auxiliaries) that start
# sentences and headlines: capitalized there, never the first word of a name ("Instead Joubert", "Both Arafat").
_LEAD_WORDS = frozenset(
    "after against ahead along also although amid among another any around as at because before behind besides between "
    "beyond both but by despite down during each earlier either even every except few first following for former from "
    "further given having hence here however if in including inside instead into last late later latest like many meanwhile "
    "more moreover most much neither never next no nor not now of off often on once only or other otherwise outside over "
    "overall perhaps rather recently since so some soon still such than that the then there thereafter these this those "
    "though through throughout thus to today together tomorrow tonight under unlike until up upon via what whatever when "
    "whenever where whereas whether which while who why with within without yesterday yet dozens hundreds thousands hey hi "
    "hello dear did does all had has have was were is are would could should might must".split()
) | _NUMBER_WORDS
_SENTENCE_END, _LOWER_WORD = ".!?:;\n\"“‘(—–|", re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_ADJECTIVE = re.compile(rf"(?<=[a-z,] )([A-Z][a-z]+) (?=[a-z])(?!{_PARTICLE})")  # "... the American team": a modifier
_PLACE_CUE = {"the", "in", "at", "near", "across", "outside", "inside", "throughout"}
_LOCATIVE = _PLACE_CUE - {"the"}
# demonym endings: American(s), Italian, Moroccan, Japanese, British, Dutchman, Briton, Iraqi
# (six letters or more: "Juan", "Brian", "Susan" are first names)
_DEMONYM = re.compile(r"^\w{3,}(?:[ei]an|can|[aeiou]ns|ese|ish|m[ae]n|ton)$")
# endings of adjectives and participles that open sentences ("Joining Chang", "Wealthy Parma",
# "Prolific French"), seven letters or more: never the first word of a name ("Ernest" is six)
_ADJ_END = re.compile(r"^[a-z]{3,}(?:ing|est|ous|ful|ive|ist|ific|thy|ically|ously|ently)$")  # and adverbs
# a hyphenated adjective is no part of a name ("Viacom Inc-owned Paramount", "Left-back Hinchcliffe")
_HYPHEN_ADJ = re.compile(r"-(?:[a-z]+ed|based|owned|led|born|back|run|style)$")
_HYPHEN_LABEL = re.compile(r"[A-Z][a-z]*-[a-z][\w-]*")  # before a given name, a label: "Super-agent Scott Boras"
# first words of place names ("New York", "Los Angeles", "Sri Lanka"), never of a person's name
_PLACE_FIRST = {"new", "los", "las", "san", "santa", "sao", "são", "port", "fort", "mount", "cape", "buenos",
                "saudi", "hong", "sri", "costa", "puerto", "rio", "la", "el", "il", "les"}
_ROLE_OR_HONORIFIC = _ROLE_PREFIX | HONORIFICS
_NOT_GLUED = _ROLE_OR_HONORIFIC | _PLACE_FIRST  # first words that are a role or a place's, not glued on
_ROLE_WORDS = frozenset(TITLE_WORDS | LABELS | {"aide", "official", "producer"}) - {"of"}  # what a role's head may be


class _Context:
    """What the whole text says about its capitalized words, computed once per text: which words
    it also writes in lowercase ("draw", "panel": common words, capitalized only at a sentence or
    headline start), which it uses as adjectives, and where its title-case (headline) lines are."""

    def __init__(self, text: str):
        self.text = text
        self._lower: set[str] | None = None  # built when first asked: most runs never need it
        self._adjectives: set[str] | None = None
        self._lines: dict[int, bool] = {}

    def _at_start(self, at: int) -> bool:
        """A sentence, line or clause starts at ``at``, or a possessive ends just before it
        ("Asia's Got Talent": "Got" is capitalized as part of a title, not as a first name)."""
        i = at - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        if i > 0 and self.text[i] == "s" and self.text[i - 1] in "'’":
            return True
        return i < 0 or self.text[i] in _SENTENCE_END or (self.text[i] in "-" and i > 0 and self.text[i - 1] == " ")

    def _title_line(self, at: int) -> bool:
        """The line holding offset ``at`` is a title-case headline (once per line)."""
        lo = self.text.rfind("\n", 0, at) + 1
        known = self._lines.get(lo)
        if known is not None:
            return known
        hi = self.text.find("\n", at)
        line = self.text[lo: hi if hi >= 0 else len(self.text)]
        words = [w for w in line.split() if w[:1].isalpha()]
        title = False
        if 4 <= len(words) <= 25 and line.rstrip()[-1:] not in ".!?\"”":
            content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
            title = sum(w[0].isupper() for w in content) >= 0.7 * len(content)
        self._lines[lo] = title
        return title

    def _common(self, word: str) -> bool:
        w = word.lower()
        if w in _LEAD_WORDS or _ADJ_END.search(w):
            return True
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return w in self._lower and w not in HONORIFICS

    def stray_lead(self, spans: list[tuple[int, int, str]]) -> int:
        """How many words at the front of a capitalized run are not part of a name: common words
        capitalized only because they open a sentence ("Instead Joubert", "Can Milan") or stand in
        a title-case headline ("Panel Subpoenas Jeffrey Clark": everything up to its last common
        word). A word the text also writes lowercase stays when the same run recurs mid-sentence."""
        common = [self._common(w) and _plain(w) not in TITLE_WORDS for _, _, w in spans[:-1]]
        if self._title_line(spans[0][0]):  # there any English word but a given name is common ("Reverses")
            common = [c or (is_word(w) and not opens_like_a_name(w, rare=False) and _plain(w) not in TITLE_WORDS)
                      for c, (_, _, w) in zip(common, spans)]
            return max((i + 1 for i, c in enumerate(common) if c), default=0)
        if not any(common):
            return 0
        if not common[0] or not self._at_start(spans[0][0]):
            return 0
        return int(not self._recurs(spans[0][0], spans[1][1]))  # a closed-class word: ``find_people`` drops it

    def _recurs(self, start: int, end: int) -> bool:
        """The run's first two words occur again after a lowercase word (mid-sentence)."""
        pair = self.text[start:end]
        at = self.text.find(pair)
        while at >= 0:
            if at != start and at > 1 and self.text[at - 1] == " " and self.text[at - 2].islower():
                return True
            at = self.text.find(pair, at + 1)
        return False

    def is_modifier(self, word: str, strict: bool = False) -> bool:
        """The first of three or more capitalized words is a nationality or a team, not a first
        name ("American Todd Martin", "Dutchman Richard Wisinga"): it has a demonym's ending, or
        the text also uses it before a lowercase word ("American officials"). ``strict``: both
        (for two-word runs, where a first name such as "Adrian" or "Norman" has that ending)."""
        if _DEMONYM.search(word) and not strict:
            return True
        if self._adjectives is None:
            self._adjectives = set(_ADJECTIVE.findall(self.text))
        return word in self._adjectives

    def is_member(self, word: str) -> bool:
        """The text also writes the word as a capitalized plural ("Oriole" beside "Orioles",
        "Republican" beside "Republicans", "SEAHAWKS"): one of a team or a party, not a first name."""
        if len(word) < 4 or not word.isalpha() or word.endswith("s"):
            return False
        return any(next(whole_word_spans(self.text, plural), None) for plural in (word + "s", word.upper() + "S"))

    def is_place(self, person: "Person") -> bool:
        """Most of the run's full mentions follow "the", "in", "at", … ("in New York", "the Texas
        Rangers"): a place or a team, not a person."""
        if _plain(person.name.split()[0]) in _PLACE_FIRST:
            return True
        full = [s for s, e in person.mentions if e - s == len(person.name)]
        cued = 0
        for s in full:
            before = self.text[max(0, s - 12):s].split()
            if before and not before[-1].strip("\"“‘'"):
                before.pop()  # 'the "Brady Bill"': an opening quote between the cue and the run
            cue = before[-1].lower() if before else ""
            if cue in _LOCATIVE:
                return True  # "in New York": a person is seldom "in" anyone
            cued += cue in _PLACE_CUE
        return cued * 2 > len(full)


@dataclass
class Person:
    """A person found in the text: the name as spelled, a role span and every mention."""

    name: str
    role: str = ""
    role_span: tuple[int, int] | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def find_people(text: str) -> list[Person]:
    """People with multi-word names, their title/appositive roles, and surname mentions. A name with
    no role is listed when named twice, not as a place, with a name's evidence (``_names``)."""
    people: dict[str, Person] = {}
    orgs: set[str] = set()
    ctx = _Context(text)
    for m in _RUN.finditer(text):
        if " " not in m.group():
            continue  # one word: never a name here (most runs)
        if m.start() > 1 and text[m.start() - 1] == "-" and text[m.start() - 2].isalpha():
            continue  # "post-Soviet Russia": the run ends a hyphenated word
        spans = [(w.start() + m.start(), w.end() + m.start(), w.group()) for w in _WORD.finditer(m.group())]
        spans = spans[ctx.stray_lead(spans):]
        while spans and spans[0][2].lower() in _LEAD_WORDS:
            spans = spans[1:]  # "an All Star", "the Most Wanted": a closed-class word opens no name anywhere
        if len(spans) < 2:
            continue
        if ((_plain(spans[0][2]) not in _NOT_GLUED and glued_before_a_name([w for _, _, w in spans], strict=True))
                or (len(spans) >= 3 and _HYPHEN_LABEL.fullmatch(spans[0][2]) and opens_like_a_name(spans[1][2], rare=False))):
            spans = spans[1:]  # a word glued before a name: "Channel Johnny Carson", "DA Phillip Stirling", "Super-agent Scott Boras"
        if spans[-1][2].lower() in _NUMBER_WORDS:
            continue  # "Formula One", "Channel Nine": a name never ends with a number
        while spans and (_plain(spans[-1][2]) in _MONTH_ABBR or spans[-1][2].lower() in _LEAD_WORDS
                         or (len(spans) > 2 and spans[-1][2].lower() in _HEADLINE_TAIL)):
            spans.pop()  # "Effective Nov", "Gary Ross Still", "Jerry Ortiz Another", "Colin Kroll Dead": no part of a name
        if len(spans) < 2:
            continue
        run_start = spans[0][0]
        words = [w for _, _, w in spans]
        # split into title prefix and trailing name (non-title, non-honorific words)
        k = len(words)
        lady = words[0] == "Lady" and text[max(0, run_start - 6):run_start] == "First "  # "First Lady X": a title
        while (k > 0 and not _is_title(words[k - 1]) and words[k - 1] != "of" and not (k == 1 and lady)  # "U.S." ends a prefix
               and not (_DOTTED.fullmatch(words[k - 1]) and (k > 1 or words[0] in _BODIES))):
            k -= 1
        if 1 < k < len(words) and _DOTTED.fullmatch(words[k - 1]) and _is_title(words[k - 2]):
            k -= 1  # "Prime Minister H.D. Deve Gowda": initials after a title open the name
        if 1 < k < len(words) - 2 and words[k - 1] == "of":
            k = object_end(words, k)  # "Chief of Detectives Charlie Beck": the title's object, then the name
        if k > 2 and words[k - 1] == "of" and not any(_is_title(w) or _plain(w) in _ROLE_OR_HONORIFIC for w in words[:k - 1]):
            spans, words, k = spans[:k - 1], words[:k - 1], 0  # "Thomas Muster of Austria": a name, then where from
        first = k
        while first < len(words) and _plain(words[first]) in HONORIFICS:
            first += 1
        name_words = words[first:]
        if not 2 <= sum(not w.islower() for w in name_words) <= 4 or name_words[0].islower():
            continue  # 2-4 names and particles ("Antonio Lopez de Santa Anna"), never a particle first
        if (_plain(name_words[0]) in LABELS
                or (len(name_words) >= 3 and (ctx.is_modifier(name_words[0]) or ctx.is_member(name_words[0])))
                or (_DEMONYM.search(name_words[0]) and ctx.is_modifier(name_words[0], strict=True))):
            # "Passenger Jin Pai": the label is a role, not a name; "American Todd Martin": the
            # nationality is a word the text uses as an adjective elsewhere ("American officials"),
            # and two words of which the first is one are a group ("Bosnian Serb", "American Johnson");
            # "Former Oriole Jamie Moyer": one of the "Orioles" the text names
            if len(name_words) < 3:
                continue
            first += 1
            if len(name_words) >= 4 and ctx.is_modifier(words[first]):
                first += 1  # "Veteran Italian Gianni Bugno": a label, then a nationality
            name_words = words[first:]
            k = first
        if any(_plain(w) in _NOT_PERSON or _ACRONYM.fullmatch(w) or _HYPHEN_ADJ.search(w) for w in name_words):
            if len(name_words) >= 3 and _plain(name_words[-1]) in FIRM_END:
                orgs.add(" ".join(name_words[:-1]))  # "Niugini Mining Ltd": "Niugini Mining" is the firm
            continue
        last = name_words[-1]
        if last.endswith("s") and _DEMONYM.search(last) and next(whole_word_spans(text, last[:-1]), None):
            continue  # "African Americans", "Bosnian Serbs": a people the text also names in the singular
        if all(ctx._common(w) for w in name_words):
            continue  # "Dearest Mother", "Total Revenue": every word is one the text writes lowercase
        if any(_plain(w) in _FUNCTION_WORDS and w[-1:] != "." for w in name_words):  # not an initial: "A. Kumble"
            continue  # "Liverpool The amount…": a caption running into the next sentence
        name_start, name_end = spans[first][0], spans[-1][1]
        name = text[name_start:name_end]
        person = people.setdefault(name, Person(name=name))
        person.mentions.append((name_start, name_end))
        if not person.role:
            _attach_role(person, text, run_start, words[:k], name_start)
    _merge_tails(people, ctx)
    _add_surname_mentions(list(people.values()), text)
    share_coordinated_roles(list(people.values()), text)
    orgs.add(dateline_town(text))  # "Chicago Cubs" under "CHICAGO 1996-08-27": its town's club
    out = [p for p in people.values() if (p.role or (len(p.mentions) > 1 and not ctx.is_place(p) and named_like_a_person(text, p)))
           and not any(f" {o} " in f" {p.name} " or (not p.role and o.startswith(p.name + " ")) for o in orgs if o)  # "Penn Treaty" of "Penn Treaty American Corp"
           and not not_a_person(text, p.name, p.mentions, _ROLE_PREFIX)
           and not names_a_thing(p.role, p.name)]
    return sorted(out, key=lambda p: (-len(p.mentions), p.mentions[0][0]))


def _is_title(word: str) -> bool:
    """A title word, or a hyphenated one with a title part ("Prosecutor-General")."""
    w = _plain(word)
    return w in TITLE_WORDS or ("-" in w and any(p in TITLE_WORDS for p in w.split("-")))


def _attach_role(person: Person, text: str, run_start: int, prefix: list[str], name_start: int) -> None:
    prefix = list(prefix)
    while prefix and _plain(prefix[-1]) in HONORIFICS:
        prefix.pop()
    if any(_plain(w) in _ROLE_PREFIX for w in prefix):
        start = run_start
        # extend over "X Minister and Minister of Y" coordinated titles
        before = text[max(0, start - 80) : start]
        coord = _COORD.search(before)
        if coord and _plain(coord.group(1).split()[-1]) in TITLE_WORDS:
            start = start - len(before) + coord.start()
        end = text.rindex(prefix[-1], run_start, name_start) + len(prefix[-1])
        span = _clean(person, text, (of_the_start(text, start, _ROLE_WORDS), end), False)
        if span:
            role = text[span[0]:span[1]]
            if len(prefix) == 1 and _plain(prefix[0]) in LABELS and span == (start, end):
                role = role.lower()  # "Passenger Jin Pai" → "passenger"
            person.role, person.role_span = role, span
        return
    span = appositive_role(text, name_start, person.mentions[-1][1])
    if span:
        span = _clean(person, text, span, span[0] > name_start)
    if span:
        person.role, person.role_span = text[span[0]:span[1]], span

def _clean(person: Person, text: str, span: tuple[int, int], after: bool) -> tuple[int, int] | None:
    """The role's clean part (``_roles.clean_role``), or the role as found when that says the run is
    a thing ("Bandar Abbas, a major port") and the clean part would not: ``find_people`` drops it."""
    clean = clean_role(text, *span, _ROLE_WORDS, after=after)
    raw = text[span[0]:span[1]]
    if names_a_thing(raw, person.name) and not (clean and names_a_thing(text[clean[0]:clean[1]], person.name)):
        return span
    return clean


def _merge_tails(people: dict[str, Person], ctx: _Context) -> None:
    """"Sixteen-year-old Kimani Gray": a 3+-word run whose tail is a name the text writes alone and
    whose first word is common (``_Context._common``), hyphenated, a team's ("Oriole") or an English
    word before a given name ("Hire Maurice Cheeks") is that name ("Ashley Smith Robinson" beside
    "Ms. Smith Robinson" stays whole)."""
    for name in [n for n in people if n.count(" ") >= 2]:
        head, tail = name.split(" ", 1)
        short = people.get(tail)
        if short is None or not (ctx._common(head) or "-" in head or ctx.is_member(head)
                                 or glued_before_a_name(name.split())):
            continue
        long = people.pop(name)
        cut = len(name) - len(tail)
        short.mentions = sorted(short.mentions + [(s + cut, e) for s, e in long.mentions])
        if not short.role and long.role:
            short.role, short.role_span = long.role, long.role_span


def _add_surname_mentions(people: list[Person], text: str) -> None:
    for person in people:
        seen = set(person.mentions)
        for start, end in whole_word_spans(text, person.surname):
            if not any(s <= start < e for s, e in seen):
                person.mentions.append((start, end))
