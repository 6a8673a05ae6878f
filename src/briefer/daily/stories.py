"""Cross-article synthesis: cluster briefs about the same event into stories, merge their actors.

No model is involved: everything here recombines already-verified items, so every line of a
story still carries its quotes and the article they come from.
- Clustering: ``daily.cluster`` on each article's whole extracted text (docs/clustering.md).
- Actors: "Gallant", "Yoav Gallant" and "Defense Minister Yoav Gallant" are one person when the
  shorter name's words are a subset of the longer one's and the surnames agree.
- Titles: the member headline nearest the centroid of all members' headlines and points; a
  point that is its article's title is never one of the story's.
- Points: a story of several articles is told once, fact by fact, each point citing every outlet
  that reports it, plus where its outlets differ (``daily.synthesis``); a story of one article
  shows its brief's points.
- Ranking: stories covered by more sources (distinct sites) first, then by article count.
Across briefs, ``continuity`` gives each story its lasting id and says what is new in it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence

from ..text import STORY_STOPWORDS as _STOP
from ..text import jaccard, same_person, word_set
from ..schemas import Evidence
from ..pipeline import TITLE_WORDS, is_title
from .clustering import cluster_threads
from .synthesis import host_of, outlet, synthesize
from .schemas import ArticleEntry, Cited, Story, StoryActor, StoryPoint, StoryQuestion

# A story reads like one brief: the lead article's points (3, in its reading order) plus at most one
# new point from the others; questions only where an article raised one, at most two.
MAX_POINTS = 4
MAX_QUESTIONS = 2
_WORD = re.compile(r"[^\W\d_][\w'-]+")


def build_stories(entries: list[ArticleEntry], texts: list[str] | None = None,
                  sources: list[str] | None = None) -> list[Story]:
    """Stories of ``entries``, grouped on ``texts`` (each entry's whole extracted text, same order);
    without them on the entries' titles and briefs, which group far worse. ``sources``: each entry's
    extracted text, the one its evidence offsets refer to: a story's points are drawn from all its
    articles' sentences (without them, from their briefs' points)."""
    groups, continues = cluster_threads(texts if texts is not None else entries, times=[e.published for e in entries])
    by_id = dict(zip((e.id for e in entries), sources)) if sources is not None else {}
    stories = [_story([entries[i] for i in members], by_id) for members in groups]
    for story, earlier in zip(stories, continues):  # an episode of an ongoing story names the one before it
        story.continues = stories[earlier].id if earlier is not None else None
    stories.sort(key=lambda s: (-s.sources, -len(s.articles), s.title))
    return stories


# -- one story -------------------------------------------------------------------------------
def _cited(article: str, ev: list[Evidence]) -> list[Cited]:
    return [Cited(article=article, quote=e.quote, start=e.start, end=e.end) for e in ev]


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return jaccard(a, b) >= 0.6


def _site(entry: ArticleEntry) -> str:
    if entry.site_name:
        return entry.site_name.lower()
    return host_of(entry.location) or entry.location.removeprefix("www.")


def _story(members: list[ArticleEntry], sources: dict[str, str] | None = None) -> Story:
    members = sorted(members, key=lambda e: (-(len(e.brief.summary)), e.published or "", e.id))
    sources = sources or {}
    questions: list[tuple[frozenset[str], StoryQuestion]] = []
    for e in members:
        for q in e.brief.open_questions:
            key = word_set(q.question)
            same = next((sq for k, sq in questions if _similar(k, key)), None)
            if same is not None:
                same.evidence.extend(_cited(e.id, q.evidence))
            elif len(questions) < MAX_QUESTIONS:
                questions.append((key, StoryQuestion(question=q.question, why=q.why, evidence=_cited(e.id, q.evidence))))
    ids = [e.id for e in members]
    if len(members) > 1:
        told = synthesize(members, [sources.get(e.id) for e in members])
        points, differences = told.points, told.differences
    else:
        points, differences, told = gather_points(members), [], None
    story = Story(
        id=story_id(ids),
        title=representative_title(members),
        sources=len({_site(e) for e in members}),
        articles=ids,
        new_articles=ids,
        points=points,
        differences=differences,
        actors=merge_actors(members),
        open_questions=[q for _, q in questions],
    )
    if told is not None:
        story._facts = told  # what continuity picks an update's new points from
    return story


def story_id(articles: list[str]) -> str:
    """A new story's id: a hash of its articles' ids (a continuing story keeps its first id)."""
    return hashlib.sha1(" ".join(sorted(articles)).encode()).hexdigest()[:10]


def gather_points(members: list[ArticleEntry], known: Sequence[frozenset[str]] = (), limit: int = MAX_POINTS
                  ) -> list[StoryPoint]:
    """The story's points, from ``members`` in order: a point another article also makes gains that
    article's evidence; one like a ``known`` point (word sets, already told) or like the article's own
    title (a headline in the text is never a point) is left out; at most ``limit``."""
    points: list[tuple[frozenset[str], StoryPoint]] = []
    for e in members:
        for p in e.brief.summary:
            if is_title(p.text, e.title):
                continue
            key = word_set(p.text)
            same = next((sp for k, sp in points if _similar(k, key)), None)
            if same is not None:
                same.evidence.extend(_cited(e.id, p.evidence))  # another article says the same
            elif len(points) < limit and not any(_similar(k, key) for k in known):
                points.append((key, StoryPoint(text=p.text, evidence=_cited(e.id, p.evidence))))
    where = {e.id: outlet(e) for e in members}
    for _, p in points:
        p.outlets = list(dict.fromkeys(where[c.article] for c in p.evidence))
    return [p for _, p in points]


def representative_title(members: list[ArticleEntry]) -> str:
    """The headline nearest to what the whole story says: each member's title against the centroid
    of every member's headline and points (words weighted by how many articles use them), so an
    odd or narrow headline ("Opinion: ...", one detail) loses to one the others agree with; ties
    keep the lead article's. A member with a headline of its own beats one titled by its first
    words (a text file without a headline line: "Four men drove a 4x4 through the front…")."""
    titles = [e.title for e in members]
    if len(members) == 1:
        return titles[0]
    headed = [e for e in members if e.brief.source.title]
    if headed and len(headed) < len(members):
        return representative_title(headed)
    bags = [set(content_terms(e.title + " " + " ".join(p.text for p in e.brief.summary))) for e in members]
    centroid = Counter(w for bag in bags for w in bag)  # words of more articles weigh more

    def score(i: int) -> float:
        words = set(content_terms(titles[i]))
        if not words:
            return 0.0
        return sum(centroid[w] - (w in bags[i]) for w in words) / math.sqrt(len(words))  # others' agreement

    best = max(range(len(members)), key=lambda i: (score(i), -i))
    return titles[best]


def content_terms(text: str) -> Counter:
    """Lowercased words that say what a text is about (no stop words), with their counts."""
    return Counter(w for w in map(str.lower, _WORD.findall(text)) if w not in _STOP)


def person_name(name: str) -> str:
    """A name without the titles before it: "President Biden" → "Biden", "Defense Minister Yoav Gallant" →
    "Yoav Gallant"; the name itself when it is all title words."""
    words = name.split()
    k = 0
    while k < len(words) - 1 and words[k].lower().strip(".,") in TITLE_WORDS:
        k += 1
    return " ".join(words[k:])


def merge_actors(members: list[ArticleEntry]) -> list[StoryActor]:
    """One entry per person across articles, titles aside ("Biden", "Joe Biden" and "President Biden" are
    one): the fullest name wins, the other forms become aliases; each lists the outlets naming them."""
    mentions = [(a, e, (n, k)) for n, e in enumerate(members) for k, a in enumerate(e.brief.key_actors)]
    # full names first (by their words without titles), so short ones join them
    mentions.sort(key=lambda m: (-len(person_name(m[0].name).split()), len(m[0].name.split())))
    merged: list[StoryActor] = []
    rank: list[tuple[int, int]] = []  # where each person first appears: the briefs' own prominence order
    for actor, entry, where in mentions:
        article, bare = entry.id, person_name(actor.name)
        hit = next((i for i, m in enumerate(merged) if same_person(bare, person_name(m.name))), None)
        if hit is None:
            merged.append(StoryActor(name=actor.name, articles=[], evidence=[]))
            rank.append(where)
            hit = len(merged) - 1
        rank[hit] = min(rank[hit], where)
        m = merged[hit]
        if actor.name != m.name and actor.name not in m.aliases:
            m.aliases.append(actor.name)
        if actor.role and actor.role not in m.roles:
            m.roles.append(actor.role)
        if article not in m.articles:
            m.articles.append(article)
        if outlet(entry) not in m.outlets:
            m.outlets.append(outlet(entry))
        m.evidence.extend(_cited(article, actor.evidence))
    order = sorted(range(len(merged)), key=lambda i: (-len(merged[i].articles), rank[i]))
    return [merged[i] for i in order]
