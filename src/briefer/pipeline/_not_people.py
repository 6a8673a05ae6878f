"""Capitalized two-to-four-word runs that the people finder would list but that name no person:
teams, clubs, newspapers and groups, told apart by how the text uses them rather than by lists
of names.

* a results line ("Rapid Bucharest 0 Steaua Bucharest 2", also run together after full stops or
  with a country in brackets: "Levski Sofia (Bulgaria) 1"), a standings row (a name and six or
  more numbers), a row of rates ("Gen'l Obligation 4.45% +0.05"), a table's heading ("Balance
  Sheet Data:"), or the column after a bracket on a ranked or scored line ("2. Juha Kankkunen
  (Finland) Toyota Celica 46 seconds"): teams, cars, series, not people. An HTML table's rows,
  as the extractor writes them ("| Levski Sofia | 2 |"), read the same;
* a group noun beside the run ("the rebel group Shining Path", "Chart Thai party", "Yedioth
  Ahronoth newspaper", "Turkish Kurd guerrillas"): a person is not a party, a paper or a crowd;
* "the" before the run, across a few lowercase words ("the reeling Chicago White Sox"), when its
  last word is a plural: a team;
* "the" opening a list of such runs ("the Boston Red Sox, Baltimore Orioles and Washington
  Nationals": every member is a team); "the", at most one adjective, the run and a lowercase noun
  ("the old Mat Maid building"): a modifier of a thing, counted only by a strict majority;
* a legal ending after any full mention, across a bracket ("Companion Marble (Holdings) Ltd"): a firm;
* a place noun and "of" before the run ("the port city of Bandar Abbas"); an appositive whose head
  is a group, a place or a work noun ("New Moon, the second novel in the series"; `names_a_thing`);
* a possessive run followed by a person's name ("Dinamo Bucharest's Danut Lupu"), or the run
  and a role before a name ("Chicago Cubs right fielder Sammy Sosa"): a club or an employer;
* a nationality and a noun ("Bosnian Serb", "Rwandan Hutu"): its first word has a demonym's
  ending and the text uses it as an adjective ("Turkish soldiers").

Each test looks at the text around one mention, so it costs a few string operations per
candidate, never a pass over the whole text per name.
"""

from __future__ import annotations

import re

from ._names import opens_like_a_name

# words of organisations' names ("Labour Party", "Federal Reserve Board"): a run with one is no person
ORG_WORDS = {
    "party", "council", "commission", "post", "ministry", "department", "forces", "army",
    "university", "agency", "company", "alliance", "coalition", "federation", "inc", "corp", "news", "times", "union", "bank", "ltd", "plc", "llc",
    "holdings", "corporation", "securities", "capital", "index", "assn", "board", "online", "open", "slam",
    "show", "fleet",
    # heads of the names of places, works, events and plans in modern news and guides (seen in GUM's
    # documents: "Lotfollah Mosque", "Rogers Turnpike", "Seventh Symphony", "Marshall Plan"), and a
    # photo credit run into a caption ("Ahmed Mohamed Image")
    "mosque", "temple", "synagogue", "terrace", "harbour", "harbor", "expressway", "turnpike", "highway",
    "freeway", "motorway", "desert", "mansion", "memorial", "symphony", "concerto", "war", "olympics",
    "paralympics", "proclamation", "plan", "podcast", "tours", "farm", "revolution", "image", "photo", "gospel",
    "scholarship", "mysteries",
    "court", "house", "office", "group", "committee", "state", "states", "nations", "day",
    "after", "force", "guard", "brigade", "front", "movement", "organization", "association",
    # generic nouns of institutions, events, laws and products (seen in ECB+ pages' candidates:
    # "Summit Entertainment", "Royal Navy", "Screen Actors Guild", "Endangered Species Act")
    "navy", "entertainment", "guild", "society", "act", "fund", "survey", "program", "programme",
    "project", "games", "bowl", "globe", "rights", "products", "pictures", "productions", "films",
    "dairy", "creamery", "warehouse", "courthouse", "village", "rescue", "helicopter", "team",
    "recovery", "rehab", "handbook", "repair", "distribution", "advisors", "advisers", "commandos",
    # an industry or a broadcaster closing a firm's name ("Niugini Mining", "Lloyds Shipping", "Kabul
    # Radio") and a festival ("Notting Hill Carnival")
    "mining", "shipping", "petroleum", "oil", "motors", "insurance", "chemicals", "pharmaceuticals", "brewery",
    "breweries", "foods", "telecom", "telecommunications", "electric", "airline", "resources", "energy", "radio",
    "television", "carnival",
    # a wildfire, a paper, a colony, gardens and a ship named like a person (ECB+: "Palmer Fire", "Alaska
    # Dispatch", "Matanuska Colony", "Hawaiian Gardens", "Naval Ship Sukanya")
    "fire", "dispatch", "colony", "gardens", "ship",
    # an event in a title-case headline ("Hit-And-Run Accident")
    "accident", "crash", "shooting", "earthquake", "explosion", "collision",
    # more heads of bodies, sites and events (GUM: "World Health Organisation", "Barstool Sports", "Fairway
    # Market", "Science Fair", "Henga Scenic Reserve", "Florence Place")
    "organisation", "sports", "gaming", "market", "fair", "reserve", "place",
    # news agencies, glued to a name after "told" ("told Tass Naina was")
    "tass", "itar-tass", "interfax", "xinhua", "reuters", "bernama", "kyodo", "yonhap", "ansa", "irna", "antara",
    # a financial table's rows and headings ("Software Revenue 2,383", "Consolidated Financial Data")
    "data", "revenue", "revenues", "income", "assets",
}
# a company's legal ending: what comes before it is the firm ("The Stan Freberg Show" is no firm)
FIRM_END = {"inc", "corp", "co", "ltd", "plc", "llc", "ag", "sa", "nv", "holdings", "corporation", "group", "securities"}
# Capitalized runs with one of these words are organisations or places, not people.
PLACE_ORG_WORDS = {
    "airport", "international", "hospital", "school", "college", "church", "cathedral", "street", "road",
    "avenue", "square", "park", "bridge", "city", "county", "river", "lake", "island", "station", "museum",
    "center", "centre", "club", "fc", "united", "police", "prison", "hotel", "stadium", "theatre", "theater",
    "institute", "foundation", "trust", "network", "airlines", "airways", "media", "service", "services",
    "authority", "administration", "district", "province", "region", "republic", "kingdom", "valley",
    "beach", "coast", "bay", "hall", "tower", "palace", "senate", "congress", "parliament", "assembly",
    "cabinet", "government", "league", "cup", "championship", "festival", "award", "awards", "prize",
    "store", "studios", "records", "magazine", "journal", "herald", "telegraph", "tribune", "gazette",
    "daily", "mail", "express", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "central", "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "security", "resolution", "military", "higher", "ave", "blvd", "boulevard",
}

# a member of a party or a people, as a name's last word: "California Republican", "Texas Democrat",
# "Israeli Arabs", "Bosnian Serbs": a description, never a person's surname
MEMBER_NOUNS = frozenset(
    "republican republicans democrat democrats socialist socialists communist communists conservative conservatives "
    "liberal liberals arab arabs kurd kurds serb serbs croat croats moslem moslems muslim muslims "
    "hutu hutus tutsi tutsis sunni sunnis shiite shiites shia palestinians israelis".split()
)
# a compass point's initial before a country or a region: "S. Korea", "N. Ireland", "S. African"
_COMPASS = frozenset("N. S. E. W.".split())
_COMPASS_PLACES = frozenset(
    "korea korean koreans africa african africans america american americans asia asian asians europe european "
    "europeans ireland irish germany german germans yemen yemeni vietnam vietnamese carolina dakota sudan "
    "sudanese ossetia cyprus wales lebanon".split()
)
# what a place is called in an appositive: "Bandar Abbas, a major port"
# works, products and buildings an appositive calls a run ("New Moon, the second novel in the series")
WORK_NOUNS = frozenset(
    "novel novels film films movie movies book books album albums song songs series sequel prequel opera musical "
    "documentary novella poem painting franchise brand product drug vehicle ship vessel building hotel restaurant "
    "store shop mall stadium arena museum hospital school university college website app software".split()
)
PLACE_NOUNS = frozenset(
    "port city town village island province region country capital suburb resort community county district state".split()
)
_FIRM_AFTER = re.compile(r"[ \t]+(?:\([A-Z][^()\n]{0,30}\)[ \t]+)?([A-Z][A-Za-z]*\.?)(?![\w'’-])")
_PLACE_OF = re.compile(r"\b([a-z]+)[ \t]+of[ \t]+$")
_ROLE_HEAD = re.compile(r"(.*?)(?:\s(?:of|for|at|with|in|from|on|to)\b.*)?$", re.S)
# nouns for bodies of people or things that a run beside them names: "the Chart Thai party",
# "consulting firm Towers Perrin", "Niugini Mining futures"
GROUP_NOUNS = frozenset(
    "club clubs side team teams party parties group groups newspaper newspapers daily weekly paper "
    "magazine radio station firm company agency brand movement rebels rebel guerrillas guerrilla "
    "refugees troops territory missionary missionaries community communities militia militias "
    "faction factions tribe tribes futures index network channel league tournament".split()
)
# a side's country in brackets after a club ("Levski Sofia (Bulgaria) 1")
_COUNTRY = r"(?:\([A-Z][^()\n]{0,30}\)[ \t]+)?"
_SCORE_AFTER = re.compile(rf"[ \t]+{_COUNTRY}\d{{1,3}}(?=[ \t]|[.,;](?!\d)|$|\s*\()")
# a score and its scorers, or a dash and its scorers: "Feyenoord Rotterdam 3 (Sanchez 27th, Taument
# 44th)", "Gloria Bistrita - Ilie Lazar (32nd), Eugen Voica (84th)"
_SCORERS_AFTER = re.compile(
    r"[ \t]+(?:\d{1,2}[ \t]+\([A-Z][\w' -]*[ \t]|-[ \t]+[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)*[ \t]+\()\d{1,3}(?:st|nd|rd|th)\b")
_STANDINGS_AFTER = re.compile(r"(?:[ \t]+\d+){6,}[ \t]*$")  # whole numbers: a batting average has decimals
# a results line: capitalized words (a country in brackets), a score, capitalized words, a score
# (scorers in brackets); a score is goals or Australian Rules' goals.behinds (points): "St Kilda 9. 9 (63)"
_SIDE = rf"(?:[A-Z][\w.'/&-]*[ \t]+)+{_COUNTRY}"
_SCORE = r"(?:\d{1,2}\.[ \t]?\d{1,2}[ \t]+\(\d{1,3}\)|\d{1,3}\b(?![a-z]))"
_RESULT_LINE = re.compile(rf"^[ \t]*{_SIDE}{_SCORE}(?:[ \t]+\([^)\n]*\))?[ \t]+{_SIDE}{_SCORE}")
# a cup result: "Gloria Bistrita (Romania) beat 2-1 (halftime 1-1) F.C. Valletta (Malta)"; a
# person beats someone ("beat 12 - Magdalena Maleeva"), a team beats by a score
_BEAT_BY_SCORE = re.compile(rf"[ \t]+{_COUNTRY}(?:beat|drew|defeated)(?:[ \t]+with)?[ \t]+\d{{1,3}}-\d{{1,3}}\b")
# a match won by a basketball's or a gridiron's score: both sides are teams ("Alaska Milk beat Purefoods
# Hotdogs 103-95"); a badminton or tennis player's scores stay under 30
_BIG_SCORE = r"(?:[3-9]\d|1\d\d)-\d{1,3}\b"
_BEAT_TEAM = re.compile(rf"[ \t]+(?:beat|defeated|edged)[ \t]+(?:[A-Z][\w.'-]*[ \t]+)+{_BIG_SCORE}")
_BEATEN_TEAM = re.compile(r"\b(?:beat|defeated|edged)[ \t]+$")
_BIG_SCORE_AFTER = re.compile(rf"[ \t]+{_BIG_SCORE}")
# after a bracket that holds a number (a halftime score, a scorer's minute): the other side
_AFTER_SCORE_BRACKET = re.compile(r"\([^()\n]*\d[^()\n]*\)[ \t]+$")
# a sentence's end inside a line of results ("Attendance 7,250. NAC Breda 1 (Arnold 70th) Sparta
# Rotterdam 0.", "In Sofia: Levski Sofia (Bulgaria) 1"): after a number, a bracket or a lowercase
# word, not an initial ("F.C.", "St.")
_NUMBER_AFTER = re.compile(r"[ \t]+\d")
# a row of rates or changes after the run, no word on it ("Gen'l Obligation 4.45% 4.40% +0.05", "Core
# Inflation +0.1 +0,2"): a market table's heading; a player's figures carry no sign or percent
_RATES = re.compile(r"\d%|(?<![\w-])[+-]\d|\$\d.*\$\d")
# a label before a colon that ends its line or opens a figure ("Balance Sheet Data:", "Delivery
# Date: 08/29/1996", "Played Sunday:"): a table's heading or field
_LABEL = re.compile(r"[ \t]*:[^A-Za-z\n]*$")
_LETTER, _DIGIT = re.compile(r"[A-Za-z]"), re.compile(r"\d")
_RESULT_BREAK = re.compile(r"(?:\d|[a-z]{2}|\))[.!?:][ \t]+")
_THE_BEFORE = re.compile(r"\bthe((?:[ \t]+[a-z][\w-]*){0,3})(?:[ \t]+[A-Z][a-z]+)?[ \t]+$")  # "the surging Boston Red Sox"
# a capitalised run and a list's joint just before a mention ("Boston Red Sox, ", "Red Sox and ")
_LISTED_BEFORE = re.compile(r"((?:[A-Z][\w.'-]*[ \t]+)*[A-Z][\w.'-]*)(?:,[ \t]+|[ \t]+(?:and|or|&)[ \t]+|,[ \t]+(?:and|or)[ \t]+)$")
_HONORIFIC = frozenset("dr mr mrs ms miss prof sir dame rev".split())
# lowercase words after a name that are no noun it modifies: verbs, auxiliaries, clause and link words
_NOT_NOUNS = frozenset(
    "said say says told tell tells was is are were be been has have had will would could can may might should must "
    "shall did does do who whom whose which that and or nor but to of in on at for with from by as than then when "
    "where while if because since after before until also still now too himself herself itself got gets went goes "
    "made makes took takes gave gives came comes saw sees won wins lost loses beat leads led scored scores hit hits "
    "added adds announced insisted wrote writes spoke speaks agreed asked shot outside inside about over under into "
    "onto through during against near across behind ago today yesterday last here there again where".split()
)
_THE_BEFORE_ANY = re.compile(_THE_BEFORE.pattern.replace(r"\bthe", r"\b[Tt]he"))  # also opening a sentence
_WORD_BEFORE = re.compile(r"([a-z]+)[ \t,]*$")
_WORD_AFTER = re.compile(r"[ \t]*([a-z]+)")
_ROLE_THEN_NAME = re.compile(r"((?:[ \t]+[a-z]+){0,2}?)[ \t]+([a-z]+)[ \t]+[A-Z][a-z]")
# words that join two people ("Freund and defender Rene Schneider", "to goalkeeper Ronald Waterreus")
_LINKS = frozenset("and or nor but to from with by for as of in at on the a an than v vs versus".split())
# a plural verb right after the run, not after a coordination ("Vitesse Arnhem are the only
# unbeaten teams"; "PSV and Vitesse Arnhem are" does not count): a team or a firm, never one person
_PLURAL_VERB = re.compile(r"[ \t]+(?:are|were|have)\b")
# what a firm or a club has and a person has not: "Guinness Peat's shares", "Ajax's players", "F.H. Faulding & Co"
_OWNS_THINGS = re.compile(
    r"['’]s?[ \t]+(?:shares|stock|stake|subsidiary|subsidiaries|unit|players|squad|stadium|shareholders|"
    r"earnings|profits?|revenues?|sales|headquarters)\b|[ \t]*&[ \t]*(?:Co|Sons|Partners|Associates)\b")
# the words before a run that make another word the subject ("and X are", "of X, which")
_JOINED_BEFORE = re.compile(r"(?:\b(?:and|or|nor|of|by|from|to|with|for|about|than)|[,&])[ \t]*$")
# a dateline's place: "PEMBERTON, British Columbia 1996-08-24", "near Camden, Arkansas,"
_DATELINE_BEFORE = re.compile(r"(?:^|\n|[.!?][ \t])[ \t]*[A-Z][A-Z.'-]+(?:[ \t]+[A-Z][A-Z.'-]+)*,[ \t]*$")
# an article's dateline near its start: all-caps town words, maybe ", Region", then a date, an
# agency or a dash ("CHICAGO 1996-08-27", "BISTRITA 1996-08-22", "WASHINGTON (AP) —", "LONDON, Dec 7")
_DATELINE = re.compile(
    r"(?:^|\n|[.!?] )([A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2})(?:,[^\n]{0,30}?)? (?:\d{4}-\d\d-\d\d|"
    r"\d{1,2} [A-Z][a-z]{2}|[A-Z][a-z]{2,8}\.? \d{1,2}|\((?:Reuters|AP|AFP|CNN)\)|[—–] )")
_POSSESSIVE_NAME = re.compile(r"['’]s[ \t]+[A-Z][a-z]+[ \t]+[A-Z][a-z]+(?![\w'’-]|[ \t]+[A-Z])")  # not "Hashimoto's Liberal Democratic Party"


def _line(text: str, start: int, end: int) -> tuple[str, int]:
    """The line holding the mention, a table's cell bars as spaces (trafilatura writes an HTML table's
    row as "| Levski Sofia | 2 | Slavia Sofia | 1 |"), so offsets stay those of the text."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo: hi if hi >= 0 else len(text)].replace("|", " "), lo


def _segment(text: str, start: int, end: int) -> tuple[str, int]:
    """The line holding the mention, from the last sentence end before it: results and rankings
    joined into one line ("Halftime 0-0. Attendance 7,250. NAC Breda 1 (Arnold 70th) Sparta Rotterdam 0")."""
    line, lo = _line(text, start, end)
    cut = 0
    for m in _RESULT_BREAK.finditer(line, 0, start - lo):
        cut = m.end()
    return line[cut:], lo + cut


def in_results(text: str, start: int, end: int) -> bool:
    """The mention is a side of a results line, heads a standings row or a row of rates, wins a cup
    match by a score or a match by a basketball's score, or sits in a results or rankings line right
    after a bracket: a scorer's minute or a halftime score ("(Arnold 70th) Sparta Rotterdam 0"), or a
    competitor's country before the car or team ("2. Juha Kankkunen (Finland) Toyota Celica 12
    seconds", "7. Marty Jemison (U.S.) U.S. Postal"). A line with no digit has none of them but a
    table's heading (a colon after the run): most lines are prose, and that test is cheap."""
    hi = text.find("\n", end)
    if not _DIGIT.search(text, text.rfind("\n", 0, start) + 1, hi if hi >= 0 else len(text)):
        return bool(_LABEL.match(text, end, hi if hi >= 0 else len(text)))
    line, lo = _segment(text, start, end)
    rest = line[end - lo:]
    if _STANDINGS_AFTER.match(rest) or _SCORERS_AFTER.match(rest) or _BEAT_BY_SCORE.match(rest) or _BEAT_TEAM.match(rest):
        return True
    if (_RATES.search(rest) and not _LETTER.search(rest)) or _LABEL.match(rest):
        return True
    if _BIG_SCORE_AFTER.match(rest) and _BEATEN_TEAM.search(line, 0, start - lo):
        return True
    before = line[: start - lo].rstrip()
    if before.endswith(")") and (_AFTER_SCORE_BRACKET.search(line, 0, start - lo) or (
            not rest.lstrip(" \t").startswith("(") and (before[:1].isdigit() or _NUMBER_AFTER.match(rest)))):
        return True
    if not _RESULT_LINE.match(line):
        return False
    return bool(_SCORE_AFTER.match(rest)) or before == "" or before[-1:].isdigit() or before.endswith(")")


def beside_group_noun(text: str, start: int, end: int) -> bool:
    """A group noun just before or after the mention ("rebel group Shining Path", "Chart Thai
    party"); a possessive in between ("Jiul Petrosani's president") does not count."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if m and m.group(1) in GROUP_NOUNS:
        return True
    m = _WORD_AFTER.match(text, end)
    return bool(m and m.group(1) in GROUP_NOUNS)


def is_team_after_the(text: str, name: str, start: int, roles: frozenset[str] = frozenset()) -> bool:
    """"the (reeling) Chicago White Sox", "the Texas Rangers": "the" and a plural last word."""
    last = name.rsplit(None, 1)[-1]
    if not (last.endswith("s") and not last.endswith("ss")) and last != "Sox":
        return False
    at = start
    for _ in range(4):  # "the Boston Red Sox, Baltimore Orioles and Washington Nationals": "the" opens the list
        m = _THE_BEFORE.search(text, max(0, at - 40), at)
        # adjectives only in between: not "the attention of producer Quincy Jones"
        if m:
            return not (_LINKS | roles).intersection(m.group(1).split())
        m = _LISTED_BEFORE.search(text, max(0, at - 60), at)
        if not m or any(w.lower().rstrip(".") in roles or w.lower().rstrip(".") in _HONORIFIC for w in m.group(1).split()):
            return False
        at = m.start(1)
    return False


def firm_follows(text: str, end: int) -> bool:
    """A legal ending after the mention, across a bracket ("Companion Marble (Holdings) Ltd", "Penn
    Treaty Inc"): the run is a firm's name, not a person's."""
    m = _FIRM_AFTER.match(text, end)
    return bool(m and m.group(1).lower().rstrip(".") in FIRM_END)


def of_a_place_noun(text: str, start: int) -> bool:
    """"the port city of Bandar Abbas", "the small community of Palmer Alaska": a place noun and "of"
    just before the mention name a place."""
    m = _PLACE_OF.search(text, max(0, start - 30), start)
    return bool(m and m.group(1).lower() in PLACE_NOUNS)


def names_a_modifier(text: str, start: int, end: int) -> bool:
    """"the old Mat Maid building", "the Matanuska Maid warehouse": "the" (across a few lowercase
    words) before the mention and a lowercase noun after it: the run modifies a thing (a brand, a
    building, a firm). Not a verb after it ("the embattled John Smith said") or a clause word."""
    m = _THE_BEFORE_ANY.search(text, max(0, start - 40), start)
    between = m.group(1).split() if m else []
    if not m or len(between) > 1 or _LINKS.intersection(between) or _NOT_NOUNS.intersection(between):
        return False  # one adjective at most: "the old", not "The gang member shot Jerry Ortiz outside"
    after = _WORD_AFTER.match(text, end)
    if not after or text[end:end + 1] not in " \t":
        return False
    word = after.group(1)
    # "-s" is as often a verb ("The philosopher Richard Joyce argues") as a plural noun: not read
    return not (word in _NOT_NOUNS or word.endswith(("ed", "ly")) or (word.endswith("s") and not word.endswith("ss")))


def owns_a_person(text: str, end: int) -> bool:
    """"Dinamo Bucharest's Danut Lupu": a possessive run followed by a two-word name."""
    return bool(_POSSESSIVE_NAME.match(text, end))


def employs_a_person(text: str, end: int, roles: frozenset[str]) -> bool:
    """"Chicago Cubs right fielder Sammy Sosa", "Commission spokesman Joao Vale": the run, up to
    two lowercase words, a role noun and a capitalized name: the run is the employer."""
    m = _ROLE_THEN_NAME.match(text, end)
    return bool(m and m.group(2) in roles and not _LINKS.intersection(m.group(1).split()))


def used_as_group(text: str, start: int, end: int) -> bool:
    """A plural verb follows the mention, or a firm's or club's belongings ("Vitesse Arnhem
    are", "Guinness Peat's shares"), with no coordination or preposition before it that would make
    another word the subject. (Not ", which": "the death of dictator Saparmurat Niyazov, which
    kindled hopes" is about the death.)"""
    if _OWNS_THINGS.match(text, end):
        return True
    if not _PLURAL_VERB.match(text, end):
        return False
    if _JOINED_BEFORE.search(text, max(0, start - 12), start):
        return False
    # "Liverpool striker Mark Kennedy and Chelsea defender Terry Phelan were": an "and" earlier
    # in the clause makes the verb the pair's
    clause = text[max(0, start - 80):start]
    cut = max(clause.rfind(c) for c in ".;:\n")
    return " and " not in clause[cut + 1:]


def in_dateline(text: str, start: int) -> bool:
    """The second part of a dateline's place: after an all-caps town and a comma at a line's
    start ("PEMBERTON, British Columbia 1996-08-24"). Not after "in Town," mid-sentence: "in
    Tripoli, Tadeusz Awdankiewicz, told Reuters" is a person."""
    return bool(_DATELINE_BEFORE.search(text, max(0, start - 40), start))


def dateline_town(text: str) -> str | None:
    """The town of the article's dateline, title-cased ("Chicago", "Little Rock"), if its first
    400 characters have one. A run holding it is that town's club or firm, or the town itself
    ("Chicago Cubs", "Gloria Bistrita" under "BISTRITA 1996-08-22"), seldom a person."""
    m = _DATELINE.search(text, 0, 400)
    return m.group(1).title() if m else None


def quoted(text: str, start: int, end: int) -> bool:
    """The mention is the whole of a quotation: a title ("the "American Pie" star", "“Dark Angel”"),
    not a person, whose name is quoted only as part of what someone said."""
    return start > 0 and text[start - 1] in "\"“'‘" and text[end:end + 1] in ("\"", "”", "’", "'")


def names_a_thing(role: str, name: str) -> bool:
    """The run's role says it is a thing or a body: a group or a place noun ends it ("Bandar Abbas,
    a major port", "the Center for Biological Diversity, an advocacy group"), or it ends with "of"
    and the name opens with no given name ("Doris Duke Professor of Conservation Ecology")."""
    words = role.lower().split()
    if not words:
        return False
    if words[-1] == "of":
        return not opens_like_a_name(name, rare=False)
    head = _ROLE_HEAD.match(role.lower()).group(1).split()  # "spokesman for the transition team": spokesman
    return bool(head) and (head[-1] in GROUP_NOUNS or head[-1] in PLACE_NOUNS or head[-1] in WORK_NOUNS)


def not_a_person(text: str, name: str, mentions: list[tuple[int, int]], roles: frozenset[str] = frozenset()) -> bool:
    """Most full mentions of ``name`` are used as a team, club, paper or group (see the module), or
    it ends with a party's or a people's member noun ("California Republican", "Iraqi Kurds"), or it
    is a compass point's initial and a country ("S. Korea", "N. Ireland");
    ``roles``: the lowercase role nouns ("spokesman", "striker") that make a following name an employee."""
    words = name.split()
    if words[-1].lower() in MEMBER_NOUNS or (words[0] in _COMPASS and words[1].lower() in _COMPASS_PLACES):
        return True
    full = [(s, e) for s, e in mentions if e - s == len(name)]
    if any(firm_follows(text, e) for _, e in full):
        return True  # one firm's full name is enough: "Companion Marble (Holdings) Ltd"
    hits = modifier = 0
    for s, e in full:
        if (in_results(text, s, e) or beside_group_noun(text, s, e) or is_team_after_the(text, name, s, roles) or quoted(text, s, e)
                or owns_a_person(text, e) or employs_a_person(text, e, roles) or used_as_group(text, s, e)
                or in_dateline(text, s) or of_a_place_noun(text, s)):
            hits += 1
        elif names_a_modifier(text, s, e):
            modifier += 1  # weaker ("the Mark Teixeira derby"): only a strict majority counts
    return hits * 2 >= len(full) > 0 or (hits + modifier) * 2 > len(full) > 0
