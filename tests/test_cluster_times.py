"""Publication times in story clustering: episodes days apart split, one event's reports join,
a story's span stays bounded, undated articles cluster exactly as before.

Real ECB+ articles (tests/fixtures/ecbplus, two topics x two similar events), with times assigned
here the way ``bench/clustering_days.py`` assigns them.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

import briefer.daily
from briefer.daily import timing
from briefer.daily.clustering import cluster_threads, cluster_with_stats
from briefer.daily.schemas import daily_json_schema
from briefer.daily.stories import build_stories
from briefer.extraction import load_document

FIXTURE = Path(__file__).parent / "fixtures" / "ecbplus"
DAY0 = datetime(2026, 11, 2, 8, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def labelled():
    labels = json.loads((FIXTURE / "labels.json").read_text())
    names = sorted(labels)
    return [load_document(str(FIXTURE / n)) for n in names], [labels[n] for n in names]


def _sparse(docs, events, per_event=2):
    """The first ``per_event`` articles of every event: a sparse day, where wording alone is weakest."""
    seen: dict[str, int] = {}
    keep = []
    for i, e in enumerate(events):
        if seen.get(e, 0) < per_event:
            seen[e] = seen.get(e, 0) + 1
            keep.append(i)
    return [docs[i] for i in keep], [events[i] for i in keep]


def _times(events, gap_days=5):
    """Each topic's second event ``gap_days`` after its first; reports within hours of their event."""
    order = {e: k for k, e in enumerate(sorted(set(events)))}
    return [(DAY0 + timedelta(days=gap_days * (order[e] % 2), hours=3 * (i % 4))).isoformat()
            for i, e in enumerate(events)]


def test_episodes_days_apart_split_while_reports_of_one_event_join(labelled):
    docs, events = _sparse(*labelled)  # two reports per event: wording alone merges two similar events
    texts = [briefer.daily.clustering.article_text(d) for d in docs]
    undated, _ = cluster_with_stats(texts)
    assert any(len({events[i] for i in g}) > 1 for g in undated)
    dated, _ = cluster_with_stats(texts, times=_times(events))
    assert all(len({events[i] for i in g}) == 1 for g in dated), [[events[i] for i in g] for g in dated]
    assert len(dated) == len(set(events))  # and each event's reports, hours apart, still one story


def test_without_times_or_with_unparsable_ones_nothing_changes(labelled):
    docs, events = _sparse(*labelled)
    texts = [briefer.daily.clustering.article_text(d) for d in docs]
    plain = cluster_with_stats(texts)[0]
    assert cluster_with_stats(texts, times=[None] * len(texts))[0] == plain
    assert cluster_with_stats(texts, times=["not a date"] * len(texts))[0] == plain
    same = [DAY0.isoformat()] * len(texts)  # everything at one moment: no decay, no span limit
    assert cluster_with_stats(texts, times=same)[0] == plain


def test_a_story_never_spans_more_than_the_limit_but_an_undated_article_joins_any(labelled):
    docs, events = labelled
    same = [briefer.daily.clustering.article_text(docs[i]) for i, e in enumerate(events) if e == events[0]]
    texts = [same[i] for i in max(cluster_with_stats(same, threshold=0.0)[0], key=len)]
    assert len(texts) >= 4 and len(cluster_with_stats(texts, threshold=0.0)[0]) == 1  # undated: one story
    hours = [36.0 * k for k in range(len(texts))]  # a day and a half apart each: a chain no story may span
    groups = cluster_with_stats(texts, threshold=0.0, times=hours)[0]
    assert len(groups) > 1
    for g in groups:
        assert max(hours[i] for i in g) - min(hours[i] for i in g) <= timing.MAX_SPAN_H
    hours[-1] = None  # an undated report is never split off by the span rule
    groups = cluster_with_stats(texts, threshold=0.0, times=hours)[0]
    assert [len(texts) - 1] not in groups


def test_documents_and_entries_bring_their_own_published(labelled):
    docs, events = labelled
    times = _times(events)
    dated = [dataclasses.replace(d, published=t) for d, t in zip(docs, times)]
    texts = [briefer.daily.clustering.article_text(d) for d in docs]
    assert briefer.daily.cluster(dated, threshold=0.03) == cluster_with_stats(texts, threshold=0.03, times=times)[0]


def test_decay_and_bad_input():
    gaps = np.array([0.0, timing.TIME_GRACE_H, timing.TIME_GRACE_H + timing.TIME_SCALE_H, np.nan])
    assert np.allclose(timing.time_decay(gaps), [1.0, 1.0, np.exp(-1.0), 1.0])
    assert timing.hours(None, 2) is None and timing.hours([None, "x"], 2) is None
    assert timing.hours(["2026-01-01T00:00:00Z", "2026-01-01T06:00:00+00:00"], 2)[1] - \
        timing.hours(["2026-01-01T00:00:00Z", "2026-01-01T06:00:00+00:00"], 2)[0] == 6.0
    with pytest.raises(ValueError):
        cluster_with_stats(["a b", "c d"], times=[None])


def test_episodes_are_linked_as_one_thread_the_later_continuing_the_earlier(labelled):
    docs, events = _sparse(*labelled)
    times = _times(events)
    texts = [briefer.daily.clustering.article_text(d) for d in docs]
    groups, continues = cluster_threads(texts, times=times)
    assert groups == cluster_with_stats(texts, times=times)[0]
    links = [(k, c) for k, c in enumerate(continues) if c is not None]
    assert links  # the two events that wording alone merged are two stories, one thread
    topic = lambda k: {events[i][:-1] for i in groups[k]}  # noqa: E731 - ecb12a, ecb12b: topic ecb12
    for k, c in links:
        assert topic(k) == topic(c) and {events[i] for i in groups[k]} != {events[i] for i in groups[c]}
        assert min(times[i] for i in groups[k]) > max(times[i] for i in groups[c])  # the later one continues
    assert cluster_threads(texts)[1] == [None] * len(cluster_threads(texts)[0])  # no times: no threads


def test_the_daily_story_says_which_story_it_continues(labelled):
    from daily_common import entry as _entry

    docs, events = _sparse(*labelled)
    times = _times(events)
    entries = [_entry(i, d.title or f"article {i}", [d.text.split(".")[0] + "."], [], f"site{i % 3}.example")
               .model_copy(update={"published": t}) for i, (d, t) in enumerate(zip(docs, times))]
    stories = build_stories(entries, [briefer.daily.clustering.article_text(d) for d in docs])
    ids = {s.id: s for s in stories}
    later = [s for s in stories if s.continues]
    assert later and all(s.continues in ids and s.continues != s.id for s in later)
    when = {e.id: e.published for e in entries}
    for s in later:
        assert min(when[a] for a in s.articles) > max(when[a] for a in ids[s.continues].articles)
    assert "continues" in json.dumps(daily_json_schema())


def test_continues_follows_the_id_continuity_gives(tmp_path):
    from daily_common import entry as _entry

    from briefer.daily import continuity
    from briefer.daily.stories import _story
    from briefer.daily.store import Store

    e = [_entry(i, f"Court ruling {i}", [f"The court ruled on the law, episode {i}."], [], "a.example") for i in range(4)]
    store = Store(tmp_path / "s.sqlite")
    monday = continuity.carry([_story([e[0], e[1]])], e[:2], store)
    ruling, later = _story([e[1], e[2]]), _story([e[3]])
    later.continues = ruling.id  # as build_stories names it, before continuity gives ids
    tuesday = continuity.carry([ruling, later], e[1:], store)
    kept = next(s for s in tuesday if e[1].id in s.articles)
    assert kept.id == monday[0].id != _story([e[1], e[2]]).id  # the shared article carried the earlier id
    assert next(s for s in tuesday if s.articles == [e[3].id]).continues == kept.id


def test_briefer_brief_reads_published_times_from_pages_and_links_the_episodes(labelled, fake, tmp_path):
    """End to end: pages with ``article:published_time`` → ``briefer brief --format json``: the two
    similar events of a topic, five days apart, are two stories and the later says it continues the earlier."""
    import html

    from daily_common import brief_cli

    docs, events = _sparse(*labelled)
    times = _times(events)
    folder = tmp_path / "news"
    folder.mkdir()
    for i, (d, t) in enumerate(zip(docs, times)):
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in d.text.split("\n") if p.strip())
        (folder / f"{i:02d}-{events[i]}.html").write_text(
            f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(d.title or events[i])}</title>'
            f'<meta property="article:published_time" content="{t}"></head><body><article>{paras}</article></body></html>')
    done = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake, store=tmp_path / "s.sqlite")
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads((tmp_path / "b.json").read_text())
    event_of = {a["id"]: a["location"].rsplit("-", 1)[1].removesuffix(".html") for a in data["articles"]}
    assert len(event_of) == len(docs)
    stories = {s["id"]: s for s in data["stories"]}
    for s in stories.values():
        assert len({event_of[a] for a in s["articles"]}) == 1, [event_of[a] for a in s["articles"]]
    linked = [s for s in stories.values() if s["continues"]]
    assert linked
    for s in linked:
        earlier = stories[s["continues"]]
        assert {event_of[a][:-1] for a in s["articles"]} == {event_of[a][:-1] for a in earlier["articles"]}
    # and a reader sees it: the Markdown and HTML of the same run name the episode each story continues
    from briefer.daily import DailyBrief
    from briefer.daily.render import render_daily

    daily = DailyBrief.model_validate(data)
    md, page = render_daily(daily, "md"), render_daily(daily, "html")
    for s in linked:
        title = stories[s["continues"]]["title"]
        assert f"*Continues: {title}*" in md or f"*Continues: {title.replace('*', '')}" in md.replace("\\", "")
        assert f'continues <a href="#s-{s["continues"]}">' in page
