"""Summary selection for briefer's extractive default: which sentences become the brief's points.

Stdlib only, no model: the extractive strategy calls it on the whole article (before chunks are
merged) so a weak model's picks are one signal among others, never the selection itself. The API
works on the article's sentences as ``chunk.split_sentences`` produced them, so every result maps
back to exact character offsets:

* ``trim(sentence) -> (start, end)`` – the span of the sentence worth quoting: page furniture
  prefixes ("(CNN) --", "Scroll down for video", "By . Daily Mail Reporter .", "Label:" captions
  glued to the text) and a trailing attribution clause (", police said .") cut off. Always a
  contiguous substring, ``sentence[start:end]``; ``(0, len(sentence))`` when nothing is cut.
* ``is_furniture(sentence) -> bool`` – a sentence that is page furniture (bylines, dates,
  "Click here", "Read more", photo captions, teaser tags), never a point.
* ``points(sentences, n_points=None, model_picks=None) -> list[(index, start, end)]`` – the
  sentences to use as points, in reading order, each with the span ``trim`` keeps.

How it selects (measured on SummEval and FRANK-CNN/DM dev: ``bench/summary_quality.py``,
table in the README; experiments in ``docs/selection-experiments.md``): news is written
lead-first, so position is the main signal; a sentence leaves the lead only when it is furniture,
a quote, a question or a fragment. Among the first few eligible sentences, bonuses let a clearly
better sentence replace a lead sentence: lexical centrality (how much of the article's repeated
vocabulary a sentence carries), similarity to the article's photo captions (newsrooms write
captions, like headlines, about the story's key facts, so they mark which lead sentence carries
them; the captions themselves are never points), informativeness (distinct names and numbers per
√words: a scene-setting feature lede has none) and the model's own picks. The length is
a word budget near the human references (about 55–65 words), filled sentence by sentence, with at
most ``n_points`` points (3 for a typical article, 1–2 for a short one).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from .. import furniture
from ..extraction import TEASER_TAG, squash
from ..text import SELECTION_STOPWORDS as _STOP, stem as _stem
from ._speech import is_speech

__all__ = ["trim", "is_furniture", "is_fragment", "is_title", "points", "default_points", "PARAMS"]

is_fragment = furniture.is_fragment  # a piece of a sentence ("police said.", a line-break cut): never a point

# Tuned on dev by cross-validation by article (bench/summary_quality.py); kept few on purpose.
# w_model stays 0: the embedded model's picks did not help on dev (see the README's table).
PARAMS = {
    "budget": 55,          # target words for the whole summary
    "overshoot": 1.45,     # a sentence may take the summary to at most budget * overshoot words
    "budget_exp": 0.3,     # budget grows with article length: budget * (words / 400) ** budget_exp
    "window": 4,           # eligible lead sentences considered
    "tau": 2.5,            # position prior exp(-rank / tau)
    "w_central": 0.4,      # weight of lexical centrality
    "w_caption": 1.5,      # weight of the similarity to the article's photo captions
    "w_info": 0.8,         # weight of informativeness (names and numbers per sqrt(words))
    "w_model": 0.0,        # weight of the model's picks
    "trim_attribution": True,
    "min_words": 6,        # shorter sentences are fragments, not points
    "near": 0.0,           # add a sentence only if used + near * its words <= budget (0 = fill up)
}

_FUNCTION = set(
    "a an the of to in on at for with by from as and or but than that this is was were are be been "
    "said says told wrote reported called named dubbed titled via into onto over about like".split()
)

# Whole sentences that are page furniture.
_FURNITURE = re.compile(
    r"^\W*(?:scroll down|click here|read more|read next|see more|see also|watch (?:the )?video|watch now|"
    r"video ?:|share this|share on|follow (?:us|him|her|me|@)|sign up|subscribe|"
    r"published ?:|updated ?:|last updated|created ?:|posted ?:|comments? \(|"
    r"by \. |by [\w'.-]+(?: [\w'.-]+){0,3} ?\.?\s*$|daily mail reporter|associated press reporter|"
    r"(?:photo|image|picture)s? (?:credit|courtesy)? ?:|getty images|advertisement|related ?:|"
    r"editor'?s note ?:|(?:more|latest) (?:on|from) .{0,40}:\s*$|don't miss|like us on|"
    r"this article (?:was|has been) (?:updated|amended|corrected))",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"\(\s*(?:pictured|picture|left|right|centre|center|above|below|inset|top|bottom|front|back|"
    r"far (?:left|right)|second (?:left|right)|top (?:left|right)|bottom (?:left|right)|file(?: photo| picture)?|"
    r"not pictured|in (?:red|blue|white|black)|circled|main|pictured [^)]{0,40})\s*\)|"
    r",\s*pictured\s*(?:,|(?:left|right|above|below)\b)|\bpictured (?:above|below|left|right)\b|"
    r"\bin (?:this|the) (?:photo|picture|image)\b|\bseen here\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}\s*[:!]\s+(?=[A-Z'‘\"“])")
_TEASER = re.compile(TEASER_TAG)  # anywhere in a sentence (clean.py drops paragraphs ending in one)
# Prefixes that are furniture glued to the first words of a sentence.
_PREFIXES = [
    re.compile(r"^\s*(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4}\s*,?\s*)?\(\s*CNN(?:\s+\w+)?\s*\)\s*(?:--|—|–|-)?\s*"),
    re.compile(r"^\s*(?:[A-Z][A-Za-z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,3}\s*,?\s*)?\((?:AP|Reuters|AFP|UPI|dpa|Xinhua|Bloomberg|HealthDay)\)\s*(?:--|—|–|-)\s*"),
    re.compile(r"^\s*[A-Z][A-Z .,'’-]{2,40}\s+(?:--|—)\s+(?=[A-Z])"),  # "WASHINGTON -- ..."
    re.compile(r"(?i)^\s*scroll down for (?:video|more)(?:\s*\.{0,3})\s*"),
    re.compile(r"(?i)^[\s.|]*(?:by\s+\.?\s*[\w'. -]{2,60}?\s*\.\s*)?(?:published|updated|last updated(?: at)?)\s*:?\s*\.?\s*"
               r"[\d:.]+\s*(?:[AP]M\s*)?(?:EST|GMT|BST|EDT|ET)?,?\s*\d{1,2}\s+\w+\s+\d{4}\s*\.?\s*\|?\s*"),
]
_GLUE = re.compile(r"(?<=[\w’')])\s+(?=(?:The|A|An|He|She|They|It|His|Her|Their|When|But|After|This|Police|Officers)\s+[\w'£$])")
# "Police"/"Officers" after a capitalised word name a force ("Los Angeles Police jail", "West Yorkshire
# Police were criticised", "the 67th Police Precinct"), not a new sentence glued on; after a time
# ("10:14 AM Police say") they start one.
_FORCE_WORDS = ("Police", "Officers")
_TIME_WORDS = {"AM", "PM", "BST", "GMT", "EST", "EDT", "ET", "PT", "PST", "PDT", "UTC", "CET", "CEST"}
_ATTRIBUTION = re.compile(
    r"\s*,\s*(?:(?:according\s+to\s+[^,;:]{2,70})|"
    r"(?:(?:the|a|an|his|her|their)\s+)?[\w'’.&-]+(?:\s+[\w'’.&-]+){0,7}?\s+"
    r"(?:said|says|told\s+[\w'’. -]{2,40}|reported|reports|has\s+announced|announced|"
    r"confirmed|has\s+confirmed|claimed|claims|revealed|has\s+revealed|added)"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|"
    r"last\s+\w+|this\s+\w+|in\s+a\s+statement))?)\s*[.!]?\s*$"
)
_QUOTE_OPEN = re.compile(r"^\s*(?:['‘\"“`]|``)")


_WORD = re.compile(r"[A-Za-z0-9£$€]+(?:[.,'’-][A-Za-z0-9]+)*")
_BAG_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@functools.lru_cache(maxsize=1 << 13)  # pure; asked of each sentence by selection, questions and the prompt
def is_furniture(sentence: str) -> bool:
    """True when the sentence is page furniture rather than reporting: "Scroll down for video",
    "Click here", "Read more", bylines and dates, photo credits and captions ("(pictured)",
    "Label: caption"), teaser tags. Such a sentence is never a point."""
    s = sentence.strip()
    if not s:
        return True
    if _FURNITURE.search(s) or _TEASER.search(s) or furniture.is_stamp(s) or furniture.is_caption(s) \
            or furniture.is_page_note(s):
        return True  # a line that is only a dateline or a byline; a photo or video caption
    if _CAPTION.search(s):
        return True
    if _LABEL.match(s) and not re.match(r"^\s*(?:Update|Editor|Note|Warning)\b", s):
        return True  # "Haul: The cherry picker..." – a captioned photo glued to the text
    if re.match(r"^\s*(?:[A-Z][\w'’.-]*\s*){1,3}\|", s):
        return True  # "News | Sport | ..." navigation
    if furniture.is_call_or_disclosure(s):
        return True  # "CLICK FOR FULL STATE SWIM RESULTS", "This shop has been compensated by ..."
    if furniture.is_offer(s):
        return True  # "Get Motor Cycle Monthly delivered through your letterbox every month."
    if furniture.is_table_row(s):
        return True  # "| HD | THE HOME DEPOT INC. | 225.86 | -12.99 | -5.44% |": a table's row is no point
    return False


def trim(sentence: str, *, attribution: bool = True) -> tuple[int, int]:
    """The span ``(start, end)`` of ``sentence`` to quote as a point.

    Cuts furniture glued to the front ("New Delhi, India (CNN)", "(CNN) --", "Scroll down for
    video", "By . X . PUBLISHED: ... |", a "Label: caption" run glued to the real sentence) and,
    when ``attribution``, a trailing attribution clause (", police said .", ", according to X .").
    The result is a contiguous substring; surrounding whitespace is excluded."""
    start, end, _ = _trim(sentence, attribution)
    return start, end


@functools.lru_cache(maxsize=1 << 13)  # pure; selection and questions trim the same sentences
def _trim(sentence: str, attribution: bool = True) -> tuple[int, int, bool]:
    """(start, end, caption_left): caption_left when the rest is still a photo caption."""
    start, end = 0, len(sentence)
    caption = False
    changed = True
    while changed:
        changed = False
        for rx in _PREFIXES:
            m = rx.match(sentence[start:])
            if m and m.end() > 0 and len(_words(sentence[start + m.end():end])) >= 4:
                caption = caption or rx is _PREFIXES[3]
                start, changed = start + m.end(), True
        cut = furniture.prefix_end(sentence[start:end])  # a dateline, byline or "Advertisement"
        if cut and len(_words(sentence[start + cut:end])) >= 4:
            start, changed = start + cut, True
    cut = furniture.suffix_start(sentence[start:end])  # "... the coast. Advertisement"
    if cut < end - start and len(_words(sentence[start:start + cut])) >= 4:
        end = start + cut
    # "Label: a caption ... The real sentence" or a caption glued without a full stop
    label = _LABEL.match(sentence[start:])
    words_total = len(_words(sentence[start:end]))
    if label or caption or words_total >= 25:
        for g in _GLUE.finditer(sentence, start):
            head, tail = sentence[start:g.start()], sentence[g.end():end]
            prev = re.findall(r"[\w’']+", head)[-1:] or [""]
            if prev[0].lower() in _FUNCTION or "“" in head[-3:]:
                continue
            if sentence.startswith(_FORCE_WORDS, g.end()) and prev[0] not in _TIME_WORDS \
                    and (prev[0][:1].isupper() or re.fullmatch(r"\d+(?:st|nd|rd|th)", prev[0])):
                continue
            if len(_words(head)) >= 4 and len(_words(tail)) >= 8 and head.count("(") == head.count(")"):
                start, caption = g.end(), False
                break
        else:
            if label and len(_words(sentence[start + label.end():end])) >= 6:
                start += label.end()
    if attribution:
        m = _ATTRIBUTION.search(sentence, start, end)
        if m and len(_words(sentence[start:m.start()])) >= 8 and not _QUOTE_OPEN.match(sentence[start:]):
            end = m.start()
    while start < end and sentence[start].isspace():
        start += 1
    while end > start and sentence[end - 1].isspace():
        end -= 1
    return start, end, caption


def default_points(sentences: list[str]) -> int:
    """3 points for a typical article, 2 for a short one (under ~250 words), 1 for a brief item
    (under ~100 words or fewer than 3 sentences)."""
    n_words = sum(len(s.split()) for s in sentences)
    if n_words < 100 or len(sentences) < 3:
        return 1
    if n_words < 250:
        return 2
    return 3


def _bag(text: str) -> Counter:
    return Counter(_stem(w) for w in _BAG_WORD.findall(text) if w.lower() not in _STOP)


def centrality(sentences: list[str]) -> list[float]:
    """Cosine similarity (tf-idf over the article's own sentences) of each sentence to the rest
    of the article, scaled to [0, 1]."""
    bags = [_bag(s) for s in sentences]
    n = len(bags)
    df = Counter(w for b in bags for w in b)
    idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
    total = Counter()
    for b in bags:
        total.update(b)
    # the rest-of-article norm sums one term per word of the article; only a sentence's own words
    # change their term, so each sum starts from the shared terms (same values, same order: same floats)
    pos = {w: k for k, w in enumerate(total)}
    shared = [(total[w] * idf[w]) ** 2 for w in total]
    out = []
    for b in bags:
        rest = {w: total[w] - c for w, c in b.items()}
        num = sum(c * rest[w] * idf[w] ** 2 for w, c in b.items())
        na = math.sqrt(sum((c * idf[w]) ** 2 for w, c in b.items())) or 1.0
        terms = shared.copy()
        for w, c in b.items():
            terms[pos[w]] = ((total[w] - c) * idf[w]) ** 2
        nb = math.sqrt(sum(terms)) or 1.0
        out.append(num / (na * nb))
    top = max(out, default=0.0) or 1.0
    return [v / top for v in out]


def _scaled(values: dict) -> dict:
    top = max(values.values(), default=0.0) or 1.0
    return {i: v / top for i, v in values.items()}


_CAPTION_NOISE = re.compile(
    r"(?i)scroll down for (?:video|more)|published\s*:.*?\d{4}|updated\s*:.*?\d{4}|by \. .*? \.")


def caption_text(sentences: list[str], spans: list[tuple[int, int, bool]]) -> str:
    """The article's photo captions (and other furniture) as one text: whole furniture sentences,
    sentences that are still a caption after trimming, and the furniture cut from the front of a
    sentence ("Haul: The cherry picker ..." before the real sentence). Bylines, dates and "Scroll
    down for video" are removed; what remains is mostly caption text."""
    parts = []
    for s, sp in zip(sentences, spans):
        if sp[2] or is_furniture(s):
            parts.append(s)
        elif sp[0] > 0:
            parts.append(s[:sp[0]])
    return _CAPTION_NOISE.sub(" ", " ".join(parts))


def caption_similarity(sentences: list[str], spans: list | None, texts: dict[int, str]) -> dict[int, float]:
    """Cosine (content-word counts) of each candidate text to the article's caption text; all 0
    when the article has no captions. On CNN/Daily Mail dev, captions restate the facts the
    references keep (a caption often matches a highlight nearly word for word), so this finds the
    lead sentence that carries them. ``spans``: each sentence's ``_trim``, computed here when None."""
    if spans is None:
        spans = [_trim(s) for s in sentences]
    pool = _bag(caption_text(sentences, spans))
    if not pool:
        return {i: 0.0 for i in texts}
    norm_pool = math.sqrt(sum(v * v for v in pool.values()))
    out = {}
    for i, t in texts.items():
        b = _bag(t)
        na = math.sqrt(sum(v * v for v in b.values())) or 1.0
        out[i] = sum(c * pool[w] for w, c in b.items()) / (na * norm_pool)
    return out


_CAP_STOP = {"i", "the", "a", "he", "she", "it", "they", "we", "but", "and", "mr", "mrs", "ms", "dr"}


def informativeness(text: str) -> float:
    """Distinct names (capitalised words not at the start of a sentence or quote) and numbers,
    per sqrt(words): the facts a summary keeps. A scene-setting lede ("Most people give up
    chocolate for Lent but ...") scores low."""
    tokens = re.findall(r"[\w’'£$€.,-]+|[^\w\s]", text)
    found, prev = set(), "."
    for t in tokens:
        w = t.strip(".,")
        if w and (w[0].isdigit() or w[0] in "£$€"):
            found.add(w)
        elif w[:1].isupper() and prev not in (".", ":", "‘", "“", "'", '"', "(") and w.lower() not in _CAP_STOP:
            found.add(w.lower())
        prev = t
    return len(found) / math.sqrt(max(len(text.split()), 1))


def _eligible(sentence: str, span: tuple[int, int, bool], min_words: int, before: str | None = None,
              gaps: tuple[str | None, str | None] = (None, None)) -> bool:
    text = sentence[span[0]:span[1]]
    if span[2] or is_furniture(sentence[span[0]:]) or is_furniture(text):
        return False
    # to the sentence's end: trim cuts its period
    if furniture.is_fragment(sentence[span[0]:], before, gap_before=gaps[0], gap_after=gaps[1]):
        return False  # "police said.", or either side of a sentence cut at a line break
    if len(_words(text)) < min_words:
        return False
    if _QUOTE_OPEN.match(text) or text.rstrip(" .'\"”’").endswith("?") or is_speech(text):
        return False  # quotes and questions rarely carry the story's facts
    if furniture.leads_in(text):
        return False  # a lead-in ("Full text of the general's remarks:") says what follows, not a fact
    return True


def _redundant(a: set, b: set) -> bool:
    return bool(a and b) and len(a & b) / min(len(a), len(b)) > 0.6


def is_title(sentence: str, title: str | None) -> bool:
    """The article's headline repeated in its text (a ``.txt`` file's first line, an HTML ``<h1>``):
    the brief's title, never one of its points (it would open the story with its title again)."""
    return bool(title) and squash(sentence) == squash(title)


def points(
    sentences: list[str], *, n_points: int | None = None, model_picks: list[int] | None = None,
    params: dict | None = None, title: str | None = None, gaps: list[str] | None = None,
) -> list[tuple[int, int, int]]:
    """``(index, start, end)`` per point, in reading order: ``sentences[index][start:end]`` is the
    text to show and quote. A sentence that is the article's ``title`` is never one, nor is a
    fragment (``is_fragment``). ``gaps[i]``, where given, is the source text between sentence
    ``i - 1`` and ``i`` (a single line break inside a paragraph marks a cut sentence)."""
    p = {**PARAMS, **(params or {})}
    if not sentences:
        return []
    n_points = n_points or default_points(sentences)
    spans = [_trim(s, p["trim_attribution"]) for s in sentences]  # all: the captions come from every sentence
    # only the first few eligible sentences are candidates: check sentences in reading order until
    # there are enough of them, not the whole article (the same window either way)
    size = max(p["window"], n_points)
    window: list[int] = []
    for i, s in enumerate(sentences):
        around = (gaps[i], gaps[i + 1] if i + 1 < len(gaps) else None) if gaps else (None, None)
        if _eligible(s, spans[i], p["min_words"], sentences[i - 1] if i else None, around) and not is_title(s, title):
            window.append(i)
            if len(window) == size:
                break
    if not window:  # nothing passes: fall back to the longest non-furniture sentence, else the first
        rest = [i for i, s in enumerate(sentences) if not is_furniture(s) and not is_title(s, title)] or [0]
        i = max(rest, key=lambda k: len(sentences[k]))
        return [(i, *spans[i][:2])]
    cent = centrality(sentences) if p["w_central"] else [0.0] * len(sentences)
    picks = {}
    for rank, i in enumerate(dict.fromkeys(model_picks or [])):
        picks[i] = 1.0 - rank / (len(model_picks or []) + 1)
    texts = {i: sentences[i][spans[i][0]:spans[i][1]] for i in window}
    cap = _scaled(caption_similarity(sentences, spans, texts)) if p["w_caption"] else {}
    info = _scaled({i: informativeness(t) for i, t in texts.items()}) if p["w_info"] else {}
    score = {
        i: math.exp(-r / p["tau"]) + p["w_central"] * cent[i] + p["w_model"] * picks.get(i, 0.0)
        + p["w_caption"] * cap.get(i, 0.0) + p["w_info"] * info.get(i, 0.0)
        for r, i in enumerate(window)
    }
    nwords = {i: len(_words(sentences[i][spans[i][0]:spans[i][1]])) for i in window}
    bags = {i: {_stem(w) for w in _words(sentences[i]) if w.lower() not in _STOP} for i in window}
    chosen: list[int] = []
    used = 0
    n_words = sum(len(s.split()) for s in sentences)
    budget = p["budget"] * (max(n_words, 50) / 400.0) ** p["budget_exp"]
    cap = budget * p["overshoot"]
    for i in sorted(window, key=lambda k: -score[k]):
        if len(chosen) >= n_points or used >= budget:
            break
        if chosen and used + nwords[i] > cap:
            continue
        if chosen and used + p["near"] * nwords[i] > budget:
            continue  # stopping here is closer to the budget than adding this sentence
        if any(_redundant(bags[i], bags[j]) for j in chosen):
            continue
        chosen.append(i)
        used += nwords[i]
    return [(i, *spans[i][:2]) for i in sorted(chosen)]

