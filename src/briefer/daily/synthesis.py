"""One story told once: the facts its outlets share, each cited to every outlet that reports it.

A story of several articles used to be its members' own first points one after another: one fact
told once per outlet, nothing saying which facts all outlets report. Here (issue 32):

- Candidates: the first ``SENTENCES`` usable sentences of every member's extracted text (the pipeline's
  own ``is_furniture``/``trim``/``is_speech``, so cleaning a brief's points cleans a story's too),
  each an exact span of its article with offsets checked by ``pipeline.check_evidence``.
- Same fact (``same_fact``): the two sentences' MiniLM vectors (``grounding.embed_sentences``) are close,
  and their content words overlap or they share a name or number that not every article uses,
  numbers not clashing; tuned on hand-labelled pairs (bench/fact_pairs.py, docs/story-synthesis.md).
  Each fact is a star around its earliest sentence, so one topic's different facts don't chain.
- Selection: facts by how many outlets report them, then by position (how early the articles
  tell it); one point per fact, at most ``MAX_POINTS`` and ``MAX_WORDS``; the first point is the
  fact most outlets share. A point's evidence is every member sentence that states it.
- Differences: in a story of 3+ outlets, its points are the facts two or more outlets report (when
  there are two such), and up to ``MAX_DIFFERENCES`` early facts only one outlet reports follow,
  labelled with that outlet.
Without the article texts (briefs alone), the members' brief points are the candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

import numpy as np

from ..schemas import Evidence
from ..text import STORY_STOPWORDS, is_url, stem as _stem
from .alone import leads_in, says_nothing_alone
from .schemas import ArticleEntry, Cited, StoryPoint
from .support import corroborate as _corroborate

MAX_POINTS = 5
MAX_WORDS = 120
MAX_DIFFERENCES = 2
SENTENCES = 10  # candidates per article: the facts a story leads with are early, but not equally so (docs)
LATER = 30  # a point also cites other outlets' later usable sentences stating it (``support``), never shown
MIN_WORDS, MAX_SENTENCE_WORDS = 8, 60
# same_fact thresholds, chosen on the dev half of bench/data/fact_pairs.jsonl (bench/fact_pairs.py prints them):
# close vectors alone merge one topic's different facts, shared words alone miss paraphrases; together best
COSINE = 0.60  # MiniLM cosine a restatement reaches
LEXICAL = 0.16  # content-word Jaccard that, with COSINE, says one fact (alone, without the sentence model)
# Two points of one story must not tell one fact: there a missed restatement costs more than a dropped fact,
# so the points are kept apart at a lower cosine (test pairs: recall 0.80 at 0.60, 0.90 at 0.50; precision 0.53)
REDUNDANT = 0.50
ENTAILS = 0.5  # sharing only a word: one must entail the other (the checker's own 0.5 boundary; bench/fact_pairs.py)
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")
_NAME = re.compile(r"(?<=[\s(\"“])[A-Z][\w'’-]*[a-z][\w'’-]*|\b[A-Z]{2,}\b")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NUMBER_WORDS = set("one two three four five six seven eight nine ten dozen hundred thousand million billion first second third".split())


@dataclass
class Mention:
    """One article's sentence (or brief point) as a candidate statement of a fact."""

    article: int  # index into the story's members
    pos: int  # its rank among the article's candidates: how early the article tells it
    text: str
    cited: list[Cited]
    words: frozenset[str] = field(default_factory=frozenset)  # content words (stemmed lightly)
    names: frozenset[str] = field(default_factory=frozenset)  # capitalised words (not sentence-initial)
    nums: frozenset[str] = field(default_factory=frozenset)  # numbers and number words


@dataclass
class Fact:
    mentions: list[Mention]
    outlets: list[str]  # display names, in the order their mentions came
    support: list[tuple[Mention, str]] = field(default_factory=list)  # (later sentence, its outlet): cited only

    @property
    def pos(self) -> int:
        return min(m.pos for m in self.mentions)


def site_of(doc) -> str | None:
    """An entry's ``site_name``: the page's site (og:site_name, JSON-LD publisher), else the host of its canonical
    URL (link rel=canonical, og:url), so a saved page is not named by its file; None for text."""
    return doc.site_name or host_of(doc.canonical_url)


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without "www.", or None when it is not an http(s) URL with a host."""
    host = urlsplit(url).hostname if url and is_url(url) else None
    return host.removeprefix("www.") if host else None


def outlet(entry: ArticleEntry) -> str:
    """The outlet's name as a reader knows it: ``site_of`` the page, else the URL's host, else the file name."""
    return entry.site_name or host_of(entry.location) or PurePath(entry.location).name or entry.location


def content_words(text: str) -> frozenset[str]:
    """Stemmed content words: what two statements of one fact share however they are worded."""
    return frozenset(_stem(w) for w in _WORD.findall(text) if w.lower() not in STORY_STOPWORDS and len(w) > 1)


def mention(article: int, pos: int, text: str, cited: list[Cited]) -> Mention:
    nums = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    nums |= {w.lower() for w in re.findall(r"[A-Za-z]+", text) if w.lower() in _NUMBER_WORDS}
    names = {m.group(0).lower().removesuffix("'s").removesuffix("’s") for m in _NAME.finditer(" " + text)}
    return Mention(article, pos, text, cited, content_words(text), frozenset(names - STORY_STOPWORDS), frozenset(nums))


def candidates(members: list[ArticleEntry], sources: list[str | None], limit: int | None = None) -> list[list[Mention]]:
    """Each member's candidate statements, in reading order: its text's first ``limit`` (``SENTENCES``) usable
    sentences (exact, verified spans), or, without its text, its brief's points."""
    limit = SENTENCES if limit is None else limit
    from ..sentences import split_sentences
    from ..grounding import NormText, check_evidence
    from ..pipeline import is_fragment, is_furniture, is_speech, is_title, trim

    out = []
    for n, (e, text) in enumerate(zip(members, sources)):
        found: list[Mention] = []
        if not text:
            for p in e.brief.summary:
                if not is_title(p.text, e.title):
                    cited = [Cited(article=e.id, quote=v.quote, start=v.start, end=v.end) for v in p.evidence]
                    found.append(mention(n, len(found), p.text, cited))
            out.append(found)
            continue
        src = NormText(text)
        sentences = split_sentences(text)
        for k, s in enumerate(sentences):
            if len(found) >= limit:
                break
            a, b = trim(s.text)
            span = s.text[a:b]
            if is_furniture(s.text) or is_furniture(span) or is_title(s.text, e.title) or is_title(span, e.title):
                continue
            before = sentences[k - 1] if k else None  # a fragment (either side of a line-break cut) is no fact
            after = sentences[k + 1].start if k + 1 < len(sentences) else len(text)
            if is_fragment(s.text[a:], before.text if before else None,
                           gap_before=text[before.end:s.start] if before else None, gap_after=text[s.end:after]):
                continue
            words = len(_WORD.findall(span))
            if not MIN_WORDS <= words <= MAX_SENTENCE_WORDS or span[:1] in "\"“‘'" or is_speech(span) or says_nothing_alone(span):
                continue
            ev = Evidence(quote=span, start=s.start + a, end=s.start + b)
            if check_evidence(ev, src).reason is not None or ev.quote != text[ev.start:ev.end]:
                continue  # never shown unless it is the article's own text at these offsets
            found.append(mention(n, len(found), ev.quote, [Cited(article=e.id, quote=ev.quote, start=ev.start, end=ev.end)]))
        out.append(found)
    return out


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def overlap(a: frozenset, b: frozenset) -> float:
    """Share of the smaller word set found in the other (the issue's "sharing half their content words")."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def same_fact(a: Mention, b: Mention, cosine: float | None, common: frozenset[str] = frozenset()) -> bool:
    """Do ``a`` and ``b`` state one fact? Their sentence vectors must be close (``COSINE``), and either their
    content words overlap (``LEXICAL``) or they share a name or number that not every article of the story
    uses (``common``: "Teixeira" in every sentence of his story tells none apart) without clashing numbers
    (two counts of one quake's dead). ``cosine`` None (no sentence model): word overlap alone."""
    shared = jaccard(a.words, b.words) >= LEXICAL
    if cosine is None:
        return shared
    if cosine < COSINE:
        return False
    clash = bool(a.nums and b.nums and not (a.nums & b.nums))
    anchored = bool(((a.names & b.names) | (a.nums & b.nums)) - common)
    return shared or (anchored and not clash)


def common_terms(per_article: list[list[Mention]]) -> frozenset[str]:
    """Names and numbers that at least half a story's articles (and two) use: the story's subject, no anchor."""
    counts: dict[str, int] = {}
    for ms in per_article:
        for t in {t for m in ms for t in m.names | m.nums}:
            counts[t] = counts.get(t, 0) + 1
    return frozenset(t for t, c in counts.items() if c >= max(2, len(per_article) / 2))


def similarities(texts: list[str], need: list[int] | None = None) -> np.ndarray | None:
    """Cosine of every pair of ``texts`` by the MiniLM sentence model (only the ``need`` ones are embedded; a
    pair with another is 0); None when the model is not installed."""
    from ..grounding import embed_sentences, embedder_available

    if len(texts) < 2 or not embedder_available():
        return None
    need = list(range(len(texts))) if need is None else need
    vecs = np.zeros((len(texts), 384), dtype=np.float32)
    if need:
        vecs[need] = embed_sentences([texts[i] for i in need])
    return vecs @ vecs.T


def worth_embedding(mentions: list[Mention], outlets: list[str], common: frozenset[str]) -> list[int]:
    """The mentions ``same_fact`` could group with another outlet's (shared words or a shared distinctive name
    or number): only they need a sentence vector to group facts, which is most of synthesis's time."""
    need = set()
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if outlets[a.article] == outlets[b.article]:
                continue
            if _may_pair(a, b, common):
                need.update((i, j))
    return sorted(need)


def group(mentions: list[Mention], outlets: list[str], sims: np.ndarray | None,
          common: frozenset[str] = frozenset()) -> list[Fact]:
    """Facts: each mention, earliest first, joins the fact whose first mention it states the same as
    (the most similar such, from an outlet not yet in it), else starts one."""
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].pos, mentions[i].article))
    seeds: list[int] = []
    facts: list[Fact] = []
    for i in order:
        m = mentions[i]
        best, best_sim = None, -1.0
        for f, seed in zip(facts, seeds):
            if any(x.article == m.article or outlets[x.article] == outlets[m.article] for x in f.mentions):
                continue
            cos = float(sims[i, seed]) if sims is not None else None
            if same_fact(m, mentions[seed], cos, common):
                score = cos if cos is not None else jaccard(m.words, mentions[seed].words)
                if score > best_sim:
                    best, best_sim = f, score
        if best is None:
            facts.append(Fact([m], [outlets[m.article]]))
            seeds.append(i)
        else:
            best.mentions.append(m)
            best.outlets.append(outlets[m.article])
    return facts


def representative(f: Fact) -> Mention:
    """The mention to show: not a lead-in, the one sharing most words with the others (what they agree on), then the shortest."""
    return max(f.mentions, key=lambda m: (not leads_in(m.text), sum(jaccard(m.words, o.words) for o in f.mentions if o is not m),
                                          -len(m.text), -m.pos))


def point(f: Fact) -> StoryPoint:
    rep = representative(f)
    ordered = [rep] + [m for m in f.mentions if m is not rep]
    ordered += [m for m, _ in f.support]
    outlets = list(dict.fromkeys([f.outlets[f.mentions.index(m)] for m in ordered[: len(f.mentions)]] + [o for _, o in f.support]))
    return StoryPoint(text=rep.text, evidence=[c for m in ordered for c in m.cited], outlets=outlets)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def rank(facts: list[Fact]) -> list[Fact]:
    """Most outlets first, then the earliest told."""
    return sorted(facts, key=lambda f: (-len(set(f.outlets)), f.pos, min(m.article for m in f.mentions)))


_LEANS_BACK = re.compile(r"[\"“‘']?(?:They|He|She|It|His|Her|Its|Their|Them|This|These|Those|That|Then|"
                         r"There|But|And|Also|However|Meanwhile|Instead|Later|Afterwards)\b")


def select(facts: list[Fact], sims_of, limit: int = MAX_POINTS, budget: int = MAX_WORDS,
           known: list[frozenset[str]] = ()) -> list[Fact]:
    """The facts to tell, in ``rank`` order: one point per fact (a fact that restates a chosen one, or
    a ``known`` one, is left out), at most ``limit`` points and ``budget`` words (the first always)."""
    chosen: list[Fact] = []
    used = 0
    ranked = rank(facts)
    # a story opens on a sentence that stands alone: "They then set fire to the vehicle…" leans on one
    # the reader has not seen, so the best-ranked fact that does not lean back leads
    lead = next((f for f in ranked if not _LEANS_BACK.match(representative(f).text)), None)
    if lead is not None:
        ranked = [lead] + [f for f in ranked if f is not lead]
    for f in ranked:
        if len(chosen) >= limit:
            break
        rep = representative(f)
        if any(overlap(rep.words, k) >= 0.5 for k in known):
            continue
        n = _words(rep.text)
        if chosen and used + n > budget:  # (first: the cheaper test)
            continue
        if any(overlap(rep.words, representative(c).words) >= 0.5 or sims_of(rep, representative(c)) for c in chosen):
            continue  # the same fact again, or half its words: never two points of one fact
        chosen.append(f)
        used += n
    return chosen


@dataclass
class Synthesis:
    points: list[StoryPoint]
    differences: list[StoryPoint]
    facts: list[Fact]
    outlets: list[str]  # per member
    restates: object  # (Mention, Mention) -> bool: same_fact with this story's sentence vectors

    def added(self, fresh: set[str], told: list[str]) -> list[StoryPoint]:
        """An updated story's new points: the facts that only its ``fresh`` articles state and that no
        ``told`` point (every point shown before) already said, chosen as the story's points are."""
        facts = [f for f in self.facts if all(c.article in fresh for m in f.mentions for c in m.cited)]
        return [point(f) for f in select(facts, self.restates, known=[content_words(t) for t in told])]


def entails_either(a: str, b: str) -> bool:
    """Does one sentence entail the other (``grounding.check_claim``, the shipped checker, ≥ ``ENTAILS``)? False
    when the checker is not installed. Measured in bench/fact_pairs.py, bench/shown_pairs.py (docs)."""
    from ..grounding import available, check_claim

    return available() and any(check_claim(x, y, threshold=ENTAILS)[1] for x, y in ((a, b), (b, a)))


def restated(a: Mention, b: Mention, cos: float | None, entails=entails_either) -> bool:
    """Must ``a`` and ``b`` not both be shown (looser than ``same_fact``)? Cosine ≥ ``REDUNDANT`` and anything in
    common, the story's own names too ("Tara Reid entered rehab" / "Tara Reid checked into Promises"), numbers
    may differ ("$108 million" / "four robbers"); or a word only ("potential arson" / "investigated as an
    arson") and one ``entails`` the other. ``cos`` None (no sentence model): word overlap."""
    if cos is None or cos < REDUNDANT:
        return cos is None and jaccard(a.words, b.words) >= LEXICAL
    return _may_restate(a, b) or bool(a.words & b.words and entails and entails(a.text, b.text))


def _may_restate(a: Mention, b: Mention) -> bool:
    """What ``same_fact`` needs besides the cosine, with every shared name counting."""
    return jaccard(a.words, b.words) >= LEXICAL or bool(a.names & b.names or a.nums & b.nums)


def corroborate(facts: list[Fact], later: list[Mention], outlets: list[str], common: frozenset[str], embedded: bool) -> bool:
    """Each fact also cites other outlets' ``later`` sentences stating it (``support``, by ``same_fact``)."""
    if not embedded or not later:
        return False
    return _corroborate(facts, later, outlets, representative, lambda a, b: _may_pair(a, b, common),
                        lambda a, b, cos: same_fact(a, b, cos, common))


def _may_pair(a: Mention, b: Mention, common: frozenset[str]) -> bool:
    """What ``same_fact`` needs besides the cosine: shared words, or a distinctive shared name or number."""
    return jaccard(a.words, b.words) >= LEXICAL or bool(((a.names & b.names) | (a.nums & b.nums)) - common)


def synthesize(members: list[ArticleEntry], sources: list[str | None]) -> Synthesis:
    """The story's points and where its outlets differ (see the module docstring)."""
    outlets = [outlet(e) for e in members]
    several = len(set(outlets)) > 1
    every = candidates(members, sources, LATER if several else SENTENCES)
    per_article = [ms[:SENTENCES] for ms in every]
    later = [m for ms in every for m in ms[SENTENCES:]]
    mentions = [m for ms in per_article for m in ms]
    common = common_terms(per_article)
    sims = similarities([m.text for m in mentions], worth_embedding(mentions, outlets, common)) if several else None
    index = {id(m): i for i, m in enumerate(mentions)}

    def cosine(a: Mention, b: Mention) -> float | None:
        if sims is None:
            return None
        i, j = index[id(a)], index[id(b)]
        if not (sims[i, i] and sims[j, j]):  # not embedded for grouping: now, for this comparison only
            from ..grounding import embed_sentences
            va, vb = embed_sentences([a.text, b.text])
            return float(va @ vb)
        return float(sims[i, j])

    def restates(a: Mention, b: Mention) -> bool:  # two points that must not both be shown
        if sims is None:
            return restated(a, b, None)
        return bool(a.words & b.words or _may_restate(a, b)) and restated(a, b, cosine(a, b))  # else no vector

    facts = [f for f in group(mentions, outlets, sims, common) if not all(leads_in(m.text) for m in f.mentions)]
    chosen = select(facts, restates)
    differences: list[StoryPoint] = []
    if len(set(outlets)) >= 3:
        shared = select([f for f in facts if len(set(f.outlets)) > 1], restates)
        if len(shared) >= 2:  # what several outlets report is the story; what one adds goes below
            chosen = shared
        corroborate(chosen, later, outlets, common, sims is not None)
        taken = {id(f) for f in chosen}
        told = [representative(f) for f in chosen]
        seen_outlets: set[str] = set()
        for f in sorted(facts, key=lambda f: (f.pos, f.mentions[0].article)):
            if len(differences) >= MAX_DIFFERENCES or f.pos > 3:
                break
            if id(f) in taken or len(set(f.outlets)) != 1 or f.outlets[0] in seen_outlets:
                continue
            rep = representative(f)
            if _LEANS_BACK.match(rep.text) or any(restates(rep, t) or overlap(rep.words, t.words) >= 0.5 for t in told):
                continue  # told already; or shown alone under an outlet's name, "They found him…" says too little
            if corroborate([f], later, outlets, common, sims is not None):
                continue  # another outlet states it further down: not where they differ
            differences.append(point(f))
            told.append(rep)
            seen_outlets.add(f.outlets[0])
    else:
        corroborate(chosen, later, outlets, common, sims is not None)
    return Synthesis([point(f) for f in chosen], differences, facts, outlets, restates)
