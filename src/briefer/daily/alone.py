"""Sentences that state no fact of a story alone, though they pass the pipeline's furniture checks.

Found reading daily briefs of Multi-News days (docs/story-synthesis.md, "Days read, 2026-12-08"): a
story's point or "where the outlets differ" line was a lead-in ending in a colon ("…reveals that the
source has been discovered:"), a second title-case headline line of a text file (its title told again in
other words, so ``is_title`` let it through) or a promotion in parentheses ("(READ MORE: …)"). ``synthesis.candidates`` passes over
headlines, promotions and questions. A lead-in stays a candidate: other outlets' sentences may state its
fact ("…need not check with Fish and Wildlife … under these circumstances:" joins a fact four ECB+ outlets
tell), so it can cite an outlet, but it is never the sentence shown, and a fact told only by lead-ins is none.
"""

from __future__ import annotations

import re

from ..furniture import ends_sentence, leads_in

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# words a title-case headline keeps in lowercase
_SMALL = {"a", "an", "the", "of", "at", "in", "on", "to", "for", "and", "or", "but", "by", "with", "from",
          "as", "is", "vs", "via", "after", "over", "into", "amid", "up", "out", "off", "per"}
# a promotion in parentheses, an upper-case label first: "(READ MORE: …)", "(PHOTOS: …)"
_PROMO = re.compile(r"^\(\s*[A-Z][A-Z'’ ]+:.*\)\W*$")


def says_nothing_alone(span: str) -> bool:
    """A question, a promotion in parentheses, or a title-case headline line (no closing punctuation, its
    4+ words other than ``_SMALL`` all capitalised)."""
    s = span.strip()
    if s.rstrip(" .'\"”’").endswith("?") or _PROMO.match(s):
        return True
    if ends_sentence(s) or leads_in(s):
        return False
    words = [w for w in _WORD.findall(s) if w.lower() not in _SMALL]
    return len(words) >= 4 and all(w[0].isupper() for w in words)
