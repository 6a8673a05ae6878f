"""Stories across days on ECB+ dev: does a continuing story keep its id when no article is shared?

``briefer brief FEED --since 24h`` each morning shares no article with the day before, so a story
continues only by what it says (``daily.continuity``: tf-idf of headlines, points and people, a
person in common or a strong cosine). ECB+ dev (../shared/data/clustering/ecbplus-dev: 46 events
in 23 topics of two similar events each) stands in for two mornings: each event's articles are
split in two halves, "day one" and "day two"; each half is one story (the clustering is not what
is measured here). A day-two story should take the id of its own event's day-one story and never
that of another event, above all not the other event of its topic (two different rehab stays of
one actress). Briefs are made without a model: ``selection.points`` and ``candidates.find_people``
(what the extractive strategy builds them from).

Prints, for each threshold (alone, or with a person in common) and the baselines (no content
match; any match), the share of
day-two stories continued correctly (recall), the share of continuations that are right
(precision), and the wrong ones to the other event of the same topic; the last line is one JSON
object. ``--scale=N`` also times matching N of today's stories against N earlier ones.
Run: ``python bench/story_continuity.py [DATA_DIR] [--scale=5000]``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from briefer.pipeline import find_people
from briefer.text import same_person
from briefer.sentences import split_sentences
from briefer.daily import continuity
from briefer.daily.schemas import ArticleEntry
from briefer.daily.stories import _story
from briefer.daily.store import Store
from briefer.extraction import load_document
from briefer.schemas import Brief
from briefer import pipeline as selection
from _scope import inner_only  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"


def entry(name: str, path: Path) -> ArticleEntry:
    doc = load_document(str(path))
    sents = split_sentences(doc.text)
    ev = lambda a, b: [{"quote": doc.text[a:b], "start": a, "end": b}]  # noqa: E731
    points = []
    for i, a, b in selection.points([s.text for s in sents], title=doc.title):
        s = sents[i]
        points.append({"text": doc.text[s.start + a:s.start + b], "evidence": ev(s.start + a, s.start + b)})
    actors = [{"name": p.name, "role": p.role, "evidence": ev(*p.mentions[0])} for p in find_people(doc.text)[:8]]
    title = doc.title or doc.text.split("\n", 1)[0][:80]
    brief = Brief.model_validate({"title": title, "source": {"title": title}, "summary": points, "key_actors": actors,
                                  "open_questions": [], "grounding": {"rate": 1.0, "checked": 1, "repaired": 0,
                                                                     "dropped": []}, "usage": {}})
    return ArticleEntry(id=name.removesuffix(".txt"), location=str(path), title=title, brief=brief)


def scenarios(by_event: dict[str, list[ArticleEntry]], topic_of: dict[str, str]) -> list[tuple[dict, dict]]:
    """Two mornings, four ways. In half of the topics (by parity) one event continues on day two while
    the other event of the topic first appears that day (a new story beside its continuing
    neighbour); in the other half day one has one event and day two only the other (a new story whose
    only earlier story is its neighbour: the trap). Swapping which event is which, and the parity,
    makes every event play every part once."""
    topics = sorted(set(topic_of.values()))
    events = defaultdict(list)
    for ev in sorted(by_event):
        events[topic_of[ev]].append(ev)
    out = []
    for parity in (0, 1):
        for swap in (False, True):
            day1, day2 = {}, {}
            for n, topic in enumerate(topics):
                evs = events[topic][::-1] if swap else events[topic]
                if len(evs) < 2:
                    continue
                old, new = evs[0], evs[1]
                members = by_event[old]
                half = (len(members) + 1) // 2
                day1[old] = members[:half]
                if n % 2 == parity and members[half:]:
                    day2[old] = members[half:]  # continues
                day2[new] = by_event[new][len(by_event[new]) // 2:]
            out.append((day1, day2))
    return out


def run(days: list[tuple[dict, dict]], topic_of: dict[str, str], cont: float, person: bool = False) -> dict:
    """Continuation at cosine ≥ ``cont`` (``person``: and only with a person in common)."""
    continuity.CONTINUE = cont
    share = continuity._similarities
    if person:
        def share(stories, by_id, past):  # noqa: F811 - the variant: drop pairs with nobody in common
            sims = _SIMS(stories, by_id, past)
            return {n: {k: v for k, v in row.items() if _person(stories[n], past[k])} for n, row in sims.items()}
    continuity._similarities = share
    right = wrong = trap = missed = expected = fresh = 0
    for day1, day2 in days:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "s.sqlite")
            monday = sorted(day1)  # one brief a day, every story of the day at once
            earlier = [_story(day1[ev]) for ev in monday]
            continuity.carry(earlier, [e for ev in monday for e in day1[ev]], store)
            first = {s.id: ev for ev, s in zip(monday, earlier)}
            evs = sorted(day2)
            stories = [_story(day2[ev]) for ev in evs]
            continuity.carry(stories, [e for ev in evs for e in day2[ev]], store)
            store.close()
        for ev, story in zip(evs, stories):
            got = first.get(story.id)
            if ev in day1:
                expected += 1
                right += got == ev
                missed += got is None
            else:
                fresh += 1
            if got is not None and got != ev:
                wrong += 1
                trap += topic_of[got] == topic_of[ev]
    linked = right + wrong
    continuity._similarities = _SIMS
    return {"continue": cont, "person": person, "recall": round(right / expected, 3),
            "precision": round(right / linked, 3) if linked else 1.0, "wrong": wrong, "wrong_same_topic": trap,
            "missed": missed, "continuing": expected, "new": fresh}


def scale(entries: list[ArticleEntry], n: int) -> float:
    """Seconds to match ``n`` of today's stories against ``n`` earlier ones (dev articles repeated,
    their points' words shuffled and cut, so no two are equal): the cost of a big store's morning."""
    rng = random.Random(1)

    def variant(e: ArticleEntry, i: int) -> ArticleEntry:
        b = e.brief.model_copy(deep=True)
        for p in b.summary:
            words = p.text.split()
            rng.shuffle(words)
            p.text = " ".join(words[: max(3, len(words) - 3)]) + f" v{i}"
        return e.model_copy(update={"id": f"{e.id}-{i}", "location": f"{e.location}#{i}", "brief": b})

    reps = n // len(entries) + 1
    today = [variant(e, i) for i in range(reps) for e in entries][:n]
    past = []
    for k, e in enumerate([variant(e, i + reps) for i in range(reps) for e in entries][:n]):
        s = _story([e])
        past.append(continuity.Past(id=f"p{k}", first=0.0, last=float(k), title=s.title, articles={e.id},
                                    locations={e.location}, points=[p.text for p in s.points],
                                    actors=[a.name for a in s.actors]))
    stories = [_story([e]) for e in today]
    started = time.perf_counter()
    continuity.match(stories, {e.id: e for e in today}, past)
    return time.perf_counter() - started


def main() -> None:
    inner_only("briefer.daily.continuity on briefs made without a model")
    args = [a for a in sys.argv[1:] if not a.startswith("--scale")]
    data = Path(args[0]) if args else DATA
    labels = json.loads((data / "labels.json").read_text())
    topics = json.loads((data / "topics.json").read_text())
    by_event: dict[str, list[ArticleEntry]] = defaultdict(list)
    topic_of = {}
    for name in sorted(labels):
        by_event[labels[name]].append(entry(name, data / "articles" / name))
        topic_of[labels[name]] = topics[name]
    days = scenarios(by_event, topic_of)
    rows = [run(days, topic_of, 9.0)]  # baseline: shared articles only (none here): every story new
    rows.append(run(days, topic_of, 0.0))  # baseline: any earlier story sharing two strong terms
    for cont in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
        rows += [run(days, topic_of, cont), run(days, topic_of, cont, person=True)]
    print(f"{'cosine':>6} {'person':>6} {'recall':>7} {'precision':>9} {'wrong':>5} {'same topic':>10} {'missed':>6}")
    for r in rows:
        print(f"{r['continue']:>6.2f} {'yes' if r['person'] else '-':>6} {r['recall']:>7.3f} {r['precision']:>9.3f} "
              f"{r['wrong']:>5} {r['wrong_same_topic']:>10} {r['missed']:>6}")
    shipped = run(days, topic_of, SHIPPED)
    print(f"continuing stories {shipped['continuing']}, new stories {shipped['new']} (4 scenarios); "
          f"shipped: cosine >= {SHIPPED}")
    n = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--scale=")), 0)
    seconds = scale([e for members in by_event.values() for e in members], n) if n else None
    if seconds is not None:
        print(f"matching {n:,} stories against {n:,} earlier ones: {seconds:.2f} s")
    print(json.dumps({"articles": len(labels), "events": len(by_event), "rows": rows, "shipped": shipped,
                      "scale": {"stories": n, "seconds": round(seconds, 2)} if n else None}))


def _person(story, past) -> bool:
    names = [n for a in story.actors for n in (a.name, *a.aliases)]
    return any(same_person(a, b) for a in names for b in past.actors)


SHIPPED = continuity.CONTINUE
_SIMS = continuity._similarities


if __name__ == "__main__":
    main()
