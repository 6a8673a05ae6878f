"""Page furniture at the edges of a sentence: datelines, bylines, "Advertisement", and fragments.

News pages glue furniture to the first sentence ("May 5 2010 15:14 Three people have…", "JUNE 11,
2012 AT 10:33 AM PT Apple's MacBook line…", "By Jane Doe, Reuters The company…") or leave it as a
line of its own ("Updated 10:33 AM ET, Tue June 1, 2021"). ``selection.trim`` cuts these prefixes
and suffixes (a point stays an exact sub-span of its sentence); ``selection.is_furniture`` drops a
sentence that is nothing else. A sentence cut at a line break ("…of the Woodburn" / "Police
Department were killed…") is a fragment on both sides of the break, never a point.

Stdlib only; every rule works on the sentence text (and, for fragments, its neighbours) alone, so
the daily brief's story points can use them on any article's sentences.
"""

from __future__ import annotations

import re

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday)?\.?,?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:(?:{_WEEKDAY}\s+)?(?:{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+{_MONTH}(?:,?\s+\d{{4}})?)"
         r"|\d{4}-\d{2}-\d{2}|\d{1,2} ?/ ?\d{1,2} ?/ ?\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4})")
_ZONE = r"(?-i:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|IST|AEST|AEDT|HKT|JST|SGT)"
_CLOCK = (rf"(?:(?:at\s+)?\d{{1,2}}(?:[:.]\d{{2}}(?:\s*[ap]\.?m\b\.?|[ap]\b)?|\s*[ap]\.?m\b\.?)"
          rf"(?:(?:\s*(?:{_ZONE}|(?-i:UK|US))\b){{1,2}}|\s*\((?:GMT|UTC)[+-−]?[\d:]*\))?)")  # "07:05 PM ET EDT"
_STAMP = rf"(?:{_DATE}|{_CLOCK})"
_SEP = r"[\s,|·•/@]*(?:-{1,2}|—|–)?[\s,|·•]*"
_STAMP_WORD = r"(?:(?:updated|published|posted|last updated|created|first published|modified)(?:\s+(?:on|at))?|on)\s*:?\s*"
# "May 5 2010 15:14", "JUNE 11, 2012 AT 10:33 AM PT", "Updated 10:33 AM ET, Tue June 1, 2021 |"
DATELINE = re.compile(rf"(?i)^\s*(?:{_STAMP_WORD})?{_STAMP}(?:{_SEP}(?:{_STAMP_WORD})?{_STAMP})*{_SEP}")
_NAME = r"(?-i:[A-Z][\w'’.-]*)"
_AGENCY = (r"(?:Reuters|AP|AFP|Associated Press|Agence France-Presse|CNN|BBC News|BBC|Bloomberg|UPI|"
           r"dpa|Xinhua|PA|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2} (?:Correspondent|Reporter|Writer|Editor|Staff))")
# a byline glued to the text: "By Jane Doe, Reuters", "By JOHN SMITH |", "By Jane Doe and Al Roe -"
BYLINE = re.compile(
    rf"^\s*(?i:by)\s+{_NAME}(?:\s+(?:[A-Z]\.|{_NAME})){{1,2}}(?:\s*(?:,|and|&)\s*{_NAME}(?:\s+(?:[A-Z]\.|{_NAME})){{1,2}})*"
    rf"(?:\s*(?:,|\||-|—|–|for)\s*{_AGENCY})?\s*[,|·•—–-]*\s*(?=[A-Z\"“‘'(])")
# a whole line that is a byline: "By Jane Doe, Reuters", "By Jane Doe and Al Roe"
BYLINE_LINE = re.compile(
    rf"^\s*(?i:by)\s+{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*(?:,|and|&|\|)\s*{_NAME}(?:\s+{_NAME}){{0,3}})*\s*\.?\s*$")
_ADVERT = r"(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?|continue reading(?: below)?)"
ADVERT_PREFIX = re.compile(rf"(?i)^\s*{_ADVERT}\s*[:.|-]?\s*(?=[A-Z\"“‘'(])")
# a bullet or the dash a removed dateline left ("— Hours before…", "- Retiring early takes…")
BULLET = re.compile(r"^\s*(?:[-–—•·*▪►]+|\d{1,2}[.)])\s+(?=[A-Z\"“‘'(])")
ADVERT_SUFFIX = re.compile(rf"(?i)(?<=[.!?\"”’'])\s+{_ADVERT}\W*$|\s+(?-i:ADVERTISEMENT|Advertisement)\W*$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$|[\"”’]\s*$")
_LAST_WORD = re.compile(r"([\w'’-]+)\W*$")
# words a text goes on after: a line (or a cut title) ending on one is not whole
CONTINUES = {"the", "a", "an", "of", "and", "or", "but", "to", "in", "on", "at", "for", "with", "by", "from",
              "as", "that", "which", "who", "his", "her", "their", "its", "is", "was", "were", "are", "be"}


def prefix_end(sentence: str) -> int:
    """Where the dateline, byline, "Advertisement" or bullet glued to the front of ``sentence`` ends (0: none)."""
    for rx in (DATELINE, BYLINE, ADVERT_PREFIX, BULLET):
        m = rx.match(sentence)
        if m and m.end() > 0 and (rx is not DATELINE or _opens_sentence(sentence, m.end())):
            return m.end()
    return 0


def _opens_sentence(s: str, at: int) -> bool:
    """What follows a dateline starts a sentence: a capital or a quote ("May 5 was…": no cut)."""
    rest = s[at:]
    return bool(rest) and (rest[0].isupper() or rest[0] in "\"“‘'(")


def suffix_start(sentence: str) -> int:
    """Where "Advertisement" (or the like) glued to the end of ``sentence`` starts (len: none)."""
    m = ADVERT_SUFFIX.search(sentence)
    return m.start() if m else len(sentence)


def is_stamp(sentence: str) -> bool:
    """A sentence that is only a dateline or a byline: "9 September 2013, 14:08", "Updated 10:33 AM
    ET, Tue June 1, 2021", "By Jane Doe, Reuters"."""
    if BYLINE_LINE.match(sentence):
        return True
    m = DATELINE.match(sentence)
    return bool(m) and m.end() > 0 and not re.search(r"[^\W\d_]{2,}", sentence[m.end():])


_PICTURE = r"(?:photo(?:graph)?|picture|image|video|handout|frame grab|screen ?shot|screen ?grab)s?"
# A photo or video caption a page kept in its text (news agencies' caption styles): "In this Saturday,
# July 1, 2017, photo, people line up…", "This photo released by SANA shows…", "FILE - Senate Majority
# Leader…", "(AP Photo/Reed Saxon)", "(Photo: AP file)", a video box's "CLOSE Four Reno dispensaries…",
# and AP's and Reuters' closing date: "…in San Bernardino, Calif., Tuesday, April 11, 2017." (a comma
# before the date: "died on Tuesday, April 11, 2017." is prose).
CAPTION = re.compile(
    rf"(?i:\bin this (?:[\w.,'’/-]+\s+){{0,8}}?(?:file |undated |handout )?{_PICTURE}\b)"
    rf"|(?i:^\W*this (?:[\w.,'’/-]+\s+){{0,8}}?{_PICTURE}\b(?:\s+\w+){{0,6}}?\s+(?:shows?|showing|released|provided|"
    rf"taken|made|obtained|posted|distributed|courtesy)\b)"
    r"|^\W*(?:FILE|File)(?: PHOTO| Photo)?\s*(?:-|—|–|:)\s"
    r"|^\W*CLOSE\s+(?=[A-Z])"
    r"|\((?:\s*(?:AP|Reuters|AFP|EPA|Getty|Getty Images|Bloomberg)\s*)?(?i:photo)\b[^)]{0,60}\)"
    r"|\b(?:AP|Reuters|AFP|REUTERS|EPA)(?: file)? (?i:photo)\b|\bREUTERS/[A-Z]|\((?:Associated Press|AP|Reuters|AFP)\)\s*$"
    rf"|(?<!day),\s*(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,\s*)?(?i:{_MONTH})\s+\d{{1,2}},\s+\d{{4}}\s*\.?\s*$"
)


# a line of page widgets only: "Photo Advertisement Continue reading the main story", "Buy Photo"
WIDGETS = re.compile(r"(?i)^\W*(?:(?:photo|video|advertisement|continue reading the main story|buy photo|close|share|"
                     r"embed|skip(?: in)?|x|play|replay|watch|expand|next|previous)\b\W*)+$")


def is_caption(sentence: str) -> bool:
    """A photo or video caption (``CAPTION``), a line of page widgets (``WIDGETS``) or a photo's
    toggle (``is_photo_toggle``): never a point, nor an article's title."""
    return bool(CAPTION.search(sentence) or WIDGETS.match(sentence)) or is_photo_toggle(sentence)


# NPR's photo box as a page's text keeps it: "Enlarge this image toggle caption <credit> <credit>" (days
# read, 2026-12-08: a one-article point; 3 of 8,057 Multi-News sentences, all such lines)
_PHOTO_TOGGLE = re.compile(r"(?i)^\W*enlarge this image\b|\btoggle caption\b")


def is_photo_toggle(sentence: str) -> bool:
    """A photo box's "Enlarge this image" / "toggle caption" line and the credit it carries."""
    return bool(_PHOTO_TOGGLE.search(sentence))


# a page's note, never an article's title or point (days read, 2026-12-08): a byline with its date ("By
# Staff Sgt. Jo Roe, 51st Wing Public Affairs / Published May 2, 2017"), a site's or a photo's label
# ("From Wikipedia, …", "Image copyright Reuters Image caption …"), an editor's note ("This story is
# updated with …")
PAGE_NOTE = re.compile(r"^By\s+[A-Z].{0,100}?[/|·•—–-]\s*(?i:published|updated|posted)\b|^(?:From Wikipedia\b|Image copyright\b)"
                       r"|^(?i:this (?:story|article|post) (?:is|was|has been) updated\b)")


def is_page_note(sentence: str) -> bool:
    """A page's own note (``PAGE_NOTE``): a dated byline, a site's or a photo's label, an editor's note."""
    return bool(PAGE_NOTE.match(sentence.strip()))


def is_table_row(sentence: str) -> bool:
    """A row of a table as the extractor writes it ("| HD | THE HOME DEPOT INC. | 225.86 | -12.99 |"):
    three cells or more, none of them prose (8 words or more). A page laid out in a one-cell table
    ("| “If NASA focuses on ...,” Cooke said. |") keeps its sentences."""
    s = sentence.strip()
    if s.count("|") < 3 or not (s.startswith("|") or s.endswith("|")):
        return False
    return all(len(cell.split()) < 8 for cell in s.split("|"))


# a call to a click ("CLICK FOR FULL STATE SWIM RESULTS"; "click here" is in selection's list) or a
# sponsor's disclosure ("This shop has been compensated by #CollectiveBias, Inc. and its advertiser.")
_CALL_OR_DISCLOSURE = re.compile(
    r"(?i)^\W*(?:click (?:for|to|below|on (?:the|this) link)\b|(?:this|the) (?:post|shop|article|story|review|"
    r"content|video|page)(?: [\w-]+){0,2} (?:has been|was|is) (?:compensated|sponsored|paid for)\b|"
    r"(?:this|the) (?:post|article|page|story) (?:may )?contains? affiliate links\b)")


def is_call_or_disclosure(sentence: str) -> bool:
    """A call to click through or a sponsor's disclosure: never a point."""
    return bool(_CALL_OR_DISCLOSURE.match(sentence))


# a subscription's offer ("Get Motor Cycle Monthly delivered through your letterbox every month.",
# "Get the day's top headlines delivered to your inbox"): 0 of the ECB+ dev articles says it
_OFFER = re.compile(r"(?i)\bdelivered (?:straight |directly |right )?(?:to|through|into) your "
                    r"(?:inbox|door|doorstep|letterbox|letter box|mailbox|email)\b")


def is_offer(sentence: str) -> bool:
    """A subscription's offer to deliver the magazine or newsletter: never a point."""
    return bool(_OFFER.search(sentence))


def leads_in(sentence: str) -> bool:
    """Ends in a colon: it introduces what follows (a list, a quote, a transcript) and says too little
    alone ("Full text of the general's remarks, as released by the air force:"): no point, no title."""
    return sentence.rstrip(" '\"”’").endswith(":")


def ends_sentence(sentence: str) -> bool:
    """Ends as a sentence does: terminal punctuation, or a closing quote."""
    return bool(_TERMINAL.search(sentence))


def cut_head(sentence: str, gap: str | None = None) -> bool:
    """A sentence cut at a line break (``split_sentences`` ends a sentence without terminal
    punctuation only at one): it ends in a comma or a function word ("of the", "and"); or, when
    ``gap`` (the text between it and the next sentence) is known to be a single line break inside
    a paragraph, it is too long for a headline (20 words or more). A lowercase last word is not
    enough (sentence-case headlines end in one: "Athens: three people dead"), nor is a long line
    before a blank line (a paragraph that lost its full stop)."""
    s = sentence.rstrip()
    if not s or ends_sentence(s):
        return False
    if s[-1] in ",;(":  # not a colon: "Here's why:" introduces the next line
        return True
    m = _LAST_WORD.search(s)
    if m and m.group(1).lower() in CONTINUES:
        return True
    return gap is not None and gap.count("\n") == 1 and len(s.split()) >= 20


def is_fragment(sentence: str, before: str | None = None, *, gap_before: str | None = None,
                gap_after: str | None = None) -> bool:
    """A piece of a sentence rather than a sentence: it starts in lowercase or with continuing
    punctuation ("police said.", ", and then…"), it is the head of a sentence cut at a line break,
    or the tail of one (``before``, the sentence just before it, is such a head). ``gap_before``
    and ``gap_after``: the source text between it and its neighbours, where known."""
    s = sentence.lstrip(" \"“‘'")
    if not s:
        return True
    if s[0].islower() and not re.match(r"[a-z]{1,2}[A-Z]", s):  # "iPhone", "eBay" open sentences
        return True
    if s[0] in ",;:)]}":
        return True
    return cut_head(sentence, gap_after) or (before is not None and cut_head(before, gap_before))
