"""Stories across briefs: a story that continues keeps its id, and says what is new since it was last briefed.

The store keeps, for every brief, each story's state: its articles (ids and locations) and
everything the reader has been told — the points and the people shown so far. Today's stories
(whatever the clustering grouped) are matched to the stories of earlier briefs, one to one:

1. sharing articles: the pair that shares the most articles first (a story that split keeps its id
   in the larger part; of two that merged, the one it shares more with lends its id);
2. otherwise reading alike: a morning run with ``--since 24h`` shares no article with yesterday's,
   so a story without shared articles continues an earlier one whose headlines, points and people
   read like it (tf-idf cosine ≥ ``CONTINUE``).

A matched story is ``updated`` when it has new articles: its new points are the facts they add (not
like any point told before), its new people those they name that no earlier brief did; a matched
story without new articles is ``unchanged``; the rest are ``new``. "Before" is every earlier brief: what the story's past says, which is cumulative.

Remaking the same brief (the same articles) gives the same brief: its past is only what came
before that brief was first made (``Store.story_cutoff``), as an unchanged rerun's replay does.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from ..text import same_person, word_set
from .schemas import ArticleEntry, Story
from .stories import MAX_POINTS, content_terms, gather_points, story_id

HISTORY = 14 * 24 * 3600  # a story unseen for two weeks is not continued: a new one begins
# Chosen on ECB+ dev (bench/story_continuity.py: two mornings of 46 events, 92 new stories beside
# them, half with only the other event of their topic before): 0.76 of continuing stories keep
# their id, 1 of 92 new stories is taken for another (at 0.30: 0.87, but 8 of 92; a person in
# common as a further condition cost recall and saved none). A new event told as an update
# misinforms; a continuing one told as new only repeats itself: caution wins.
CONTINUE = 0.35
_KEEP = 200  # most articles, points and names a story's state remembers
_CANDIDATES = 20  # earlier stories compared with each of today's


@dataclass
class Past:
    """A story as the earlier briefs left it."""

    id: str
    first: float
    last: float
    title: str
    articles: set[str]
    locations: set[str]
    points: list[str]
    actors: list[str]


def carry(stories: list[Story], entries: list[ArticleEntry], store) -> list[Story]:
    """Follow ``stories`` from the briefs before this one in ``store`` and record them there; returns
    them ranked: new and updated stories first (by coverage, as built), then the unchanged."""
    key = brief_key(entries)
    cutoff = store.story_cutoff(key)
    past = load(store.story_history(cutoff, cutoff - HISTORY))
    store.put_stories(key, cutoff, follow(stories, entries, past))
    return sorted(stories, key=lambda s: s.status == "unchanged")


def only_new(stories: list[Story], entries: list[ArticleEntry]) -> tuple[list[Story], list[ArticleEntry]]:
    """``--new-only``: the new and updated stories (an updated one is shown by what is new in it) and
    the articles they cite."""
    kept = [s for s in stories if s.status != "unchanged"]
    cited = {a for s in kept for a in s.articles}
    return kept, [e for e in entries if e.id in cited]


def brief_key(entries: list[ArticleEntry]) -> str:
    """What makes two briefs the same brief: the articles in them."""
    return hashlib.sha256(" ".join(sorted(e.id for e in entries)).encode()).hexdigest()[:24]


def load(rows: list[tuple[str, float, float, str]]) -> list[Past]:
    out = []
    for story, first, last, state in rows:
        s = json.loads(state)
        out.append(Past(id=story, first=first, last=last, title=s.get("title", ""), articles=set(s["articles"]),
                        locations=set(s["locations"]), points=s["points"], actors=s["actors"]))
    return out


def follow(stories: list[Story], entries: list[ArticleEntry], past: list[Past]) -> dict[str, str]:
    """Give each of ``stories`` its id and status against ``past`` (in place); returns each story's
    new state (JSON, by id) for the store."""
    by_id = {e.id: e for e in entries}
    fresh = [s.id for s in stories]  # ``continues`` names these; remapped below to the ids given
    matched = match(stories, by_id, past)
    used = {p.id for p, inherits in matched.values() if inherits}
    states = {}
    for n, story in enumerate(stories):
        members = [by_id[a] for a in story.articles]
        before, inherits = matched.get(n, (None, False))
        if not inherits:
            if story.id in used:  # a fresh id that an earlier story already holds
                story.id = story_id(story.articles + [str(n)])
            used.add(story.id)
        if before is not None:
            _update(story, members, before, inherits)
        states[story.id] = _state(story, members, before)
    given = dict(zip(fresh, (s.id for s in stories)))
    for story in stories:
        if story.continues:
            story.continues = given.get(story.continues, story.continues)
    return states


def match(stories: list[Story], by_id: dict[str, ArticleEntry], past: list[Past]) -> dict[int, tuple[Past, bool]]:
    """Today's story (by index) → (the earlier story it continues, whether it takes that one's id).
    Ids go one to one; a part split off an earlier story (articles in common, id taken by the larger
    part) gets a new id but is still told against that story: what it has is not news."""
    if not past:
        return {}
    holder: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(past):
        for key in p.articles | p.locations:
            holder[key].append(k)
    sims = _similarities(stories, by_id, past)
    pairs = []
    for n, story in enumerate(stories):
        shared: Counter = Counter()
        for a in story.articles:
            for k in set(holder.get(a, []) + holder.get(by_id[a].location, [])):
                shared[k] += 1
        for k, sim in sims.get(n, {}).items():
            if k not in shared and sim >= CONTINUE:
                shared[k] = 0
        for k, count in shared.items():
            pairs.append((-count, -sims.get(n, {}).get(k, 0.0), -past[k].last, n, k))
    out: dict[int, tuple[Past, bool]] = {}
    taken: set[int] = set()
    pairs.sort()
    for count, *_, n, k in pairs:
        if n not in out and k not in taken:
            out[n] = (past[k], True)
            taken.add(k)
    for count, *_, n, k in pairs:
        if n not in out and count < 0:  # shares articles with a story whose id went to another part
            out[n] = (past[k], False)
    return out


def _similarities(stories: list[Story], by_id: dict[str, ArticleEntry], past: list[Past]) -> dict[int, dict[int, float]]:
    """tf-idf cosine of each of today's stories with the earlier stories sharing most of its 25
    strongest terms (at least two; an inverted index: no scan of every pair, and at most
    ``_CANDIDATES`` each). A story reads as its headlines, points and people."""
    today = []
    for s in stories:
        heads = " ".join(by_id[a].title for a in s.articles)
        today.append(content_terms(" ".join([heads, *(p.text for p in s.points), *(a.name for a in s.actors)])))
    before = [content_terms(" ".join([p.title, *p.points, *p.actors])) for p in past]
    docs = today + before
    df = Counter(t for tf in docs for t in tf)
    idf = {t: math.log(1 + len(docs) / c) for t, c in df.items()}
    vecs = []
    for tf in docs:
        v = {t: (1 + math.log(c)) * idf[t] for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    top = [sorted(v, key=v.__getitem__, reverse=True)[:25] for v in vecs]
    index: dict[str, list[int]] = defaultdict(list)
    for k in range(len(past)):
        for t in top[len(today) + k]:
            index[t].append(k)
    common = max(50, len(past) // 20)  # a term strong in this many stories tells none apart
    out: dict[int, dict[int, float]] = {}
    for n in range(len(today)):
        hits = Counter(k for t in top[n] if len(index.get(t, ())) <= common for k in index[t])
        vn = vecs[n]
        for k, c in hits.most_common(_CANDIDATES):  # the stories sharing most strong terms: the only contenders
            if c < 2:
                break
            vk = vecs[len(today) + k]
            small, big = (vn, vk) if len(vn) < len(vk) else (vk, vn)
            out.setdefault(n, {})[k] = sum(x * big.get(t, 0.0) for t, x in small.items())
    return out


def _update(story: Story, members: list[ArticleEntry], before: Past, inherits: bool = True) -> None:
    """``story`` continues ``before``: its id (``inherits``), and what is new since. Only new articles make
    a story ``updated``, and its new points are the facts they add (none already told); a story none of
    whose articles is new is ``unchanged`` however its points came out today."""
    if inherits:
        story.id = before.id
    story.first_seen, story.previous = _iso(before.first), _iso(before.last)
    story.new_articles = [e.id for e in members if e.id not in before.articles and e.location not in before.locations]
    fresh = set(story.new_articles)
    if not fresh:
        story.new_points, story.new_actors, story.status = [], [], "unchanged"
        return
    if story._facts is not None:
        story.new_points = story._facts.added(fresh, before.points)
    else:
        story.new_points = gather_points([e for e in members if e.id in fresh], [word_set(p) for p in before.points],
                                         MAX_POINTS)
    story.new_actors = [a for a in story.actors if fresh & set(a.articles)
                        and not any(same_person(n, k) for n in (a.name, *a.aliases) for k in before.actors)]
    story.status = "updated"


def _state(story: Story, members: list[ArticleEntry], before: Past | None) -> str:
    """What the store keeps of the story after this brief: everything told so far."""
    told = list(before.points) if before else []
    told += [p.text for p in story.points + story.new_points + story.differences if p.text not in told]
    names = list(before.actors) if before else []
    names += [n for a in story.actors for n in (a.name, *a.aliases) if n not in names]
    articles = sorted((before.articles if before else set()) | {e.id for e in members})
    locations = sorted((before.locations if before else set()) | {e.location for e in members})
    return json.dumps({"title": story.title, "articles": articles[-_KEEP:], "locations": locations[-_KEEP:],
                       "points": told[-_KEEP:], "actors": names[-_KEEP:]})


def _iso(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds")
