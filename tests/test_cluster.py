"""Story clustering (``briefer.daily.cluster``) on real labelled articles, its API, and its cost bound.

The fixture is 24 ECB+ articles (CC BY 3.0; tests/fixtures/ecbplus/README.md): two topics, each with
two similar events — two deaths of 1950s pin-up/screen stars, two Indian navy actions against
pirates — so a clustering that groups by topic fails here, and one that splits on wording fails too.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

import briefer.daily
from briefer.daily.clustering import CANDIDATES, MIN_NEIGHBOURS, NEIGHBOURS, POSTINGS, TOP_TERMS, cluster_with_stats
from briefer.extraction import load_document

FIXTURE = Path(__file__).parent / "fixtures" / "ecbplus"


@pytest.fixture(scope="module")
def labelled():
    labels = json.loads((FIXTURE / "labels.json").read_text())
    names = sorted(labels)
    return [load_document(str(FIXTURE / n)) for n in names], [labels[n] for n in names]


def _partition(groups, ids):
    return sorted(sorted(ids[i] for i in g) for g in groups)


def test_similar_events_of_one_topic_stay_apart_and_one_event_joins(labelled):
    docs, events = labelled
    groups = briefer.daily.cluster(docs)
    assert sorted(i for g in groups for i in g) == list(range(len(docs)))  # every article in exactly one story
    for g in groups:  # no story mixes two events (each topic's two events are alike)
        assert len({events[i] for i in g}) == 1, [events[i] for i in g]
    # each event's articles mostly in one story: the largest story holds >= 5 of its 6 articles
    for event, size in Counter(events).items():
        assert max(sum(events[i] == event for i in g) for g in groups) >= size - 1, (event, groups)
    assert len(groups) <= 6


def test_second_order_row_size_follows_articles_per_event(labelled):
    """Few articles per event: the set's second-order rows shrink (``neighbours``), so that an
    article's nearest neighbours are mostly its own event's, not the topic's other event."""
    docs, events = labelled
    texts = [briefer.daily.clustering.article_text(d) for d in docs]
    dense = cluster_with_stats(texts)[1].neighbours  # 6 articles per event
    by_event: dict[str, list[int]] = {}
    for i, e in enumerate(events):
        by_event.setdefault(e, []).append(i)
    sparse = cluster_with_stats([texts[i] for e in sorted(by_event) for i in by_event[e][:2]])[1].neighbours
    assert dense > sparse == MIN_NEIGHBOURS
    assert MIN_NEIGHBOURS <= dense <= NEIGHBOURS


def test_api_takes_texts_documents_and_entries_and_orders_largest_first(labelled):
    docs, _ = labelled
    from_docs = briefer.daily.cluster(docs)
    texts = [f"{d.title}\n{d.text}" if d.title and not d.text.startswith(d.title) else d.text for d in docs]
    assert briefer.daily.cluster(texts) == from_docs
    assert [len(g) for g in from_docs] == sorted((len(g) for g in from_docs), reverse=True)
    assert all(g == sorted(g) for g in from_docs)
    assert briefer.daily.cluster([]) == []
    assert briefer.daily.cluster(["One lone article about a council vote on the budget."]) == [[0]]
    assert briefer.daily.cluster(["", "!!!"]) == [[0], [1]]  # nothing to compare: nothing joined
    same = "The council voted on Tuesday to approve the new budget for the city's schools."
    assert briefer.daily.cluster([same, "Lakers beat Boston in overtime on Sunday night.", same]) == [[0, 2], [1]]
    # a higher threshold only splits
    strict = briefer.daily.cluster(docs, threshold=0.5)
    assert len(strict) > len(from_docs)
    with pytest.raises(TypeError, match="cannot cluster a int"):
        briefer.daily.cluster([3])


def test_deterministic_and_independent_of_input_order(labelled):
    docs, _ = labelled
    ids = list(range(len(docs)))
    first = briefer.daily.cluster(docs)
    assert briefer.daily.cluster(docs) == first
    order = ids[:]
    random.Random(7).shuffle(order)
    shuffled = briefer.daily.cluster([docs[i] for i in order])
    assert _partition(shuffled, order) == _partition(first, ids)


def _synthetic(n: int, seed: int = 0) -> list[str]:
    """Articles of 60 words from a 400-word vocabulary: every pair shares words, so an inverted
    index without caps would compare all n² pairs."""
    rng = random.Random(seed)
    vocab = [f"word{k}" for k in range(400)]
    return [" ".join(rng.choices(vocab, k=60)) for _ in range(n)]


def test_candidate_search_never_compares_all_pairs():
    small = cluster_with_stats(_synthetic(1500))[1]
    big = cluster_with_stats(_synthetic(3000))[1]
    for stats in (small, big):
        n = stats.articles
        assert stats.visited <= n * TOP_TERMS * POSTINGS
        assert stats.pairs <= n * CANDIDATES < n * (n - 1) // 2
    # twice the articles, about twice the work (all pairs would be four times)
    assert big.visited <= 2.2 * small.visited
    assert big.pairs <= 2.2 * small.pairs
