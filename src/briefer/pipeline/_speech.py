"""Someone's words rather than the reporter's: a sentence that is part of a quotation whose marks
the page lost, or a columnist's first person. Neither is a neutral point (a brief's, a story's)."""

from __future__ import annotations

import re

# a quotation: double quotes, or single ones whose apostrophes inside sit between letters ("don't");
# one left open runs to the sentence's end ("Locke said: 'I'd be over the moon")
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|(?<!\w)[\'‘]\s?(?:[^\'‘’]|(?<=\w)[\'’](?=\w))*(?:[\'’](?!\w)|$)')
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|me|my|myself)\b")


def is_speech(text: str) -> bool:
    """Someone's words rather than the reporter's: a sentence inside a quotation that runs over
    several sentences (an odd number of straight quotes: "…is also underway, " he added.") or in the
    first person singular outside quotation marks ("The jury has spoken and I respect the jury.", the
    middle of a quote whose marks the page lost; a columnist's "I'd love to see…"). A neutral point
    states facts, not one speaker's words. "We"/"our" are not enough: reporters write them too ("heating
    our homes", "putting us outside the top ten"). A capitalised word before "I" makes it a name's
    ("World War I")."""
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return True
    outside = _QUOTED.sub(" ", text)
    for m in _FIRST_PERSON.finditer(outside):
        if m.group(0) == "I" and re.search(r"[A-Z][\w'’-]*\s+$", outside[:m.start()]):
            continue
        return True
    return False
