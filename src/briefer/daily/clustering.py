"""Which articles report the same event: clustering on each article's whole text, no model.

Why this design (docs/clustering.md has the measurements, ``bench/clustering.py`` prints them):
- Words of the title and the WHOLE extracted text, tf-idf (sublinear tf, idf over the articles being
  clustered). Briefs' three points and actor names alone (the old clustering) miss most of what two
  reports of one event share.
- Candidates from an inverted index over each article's ``TOP_TERMS`` strongest terms, each posting
  list kept to its ``POSTINGS`` highest-weighted articles, then the exact cosine of each article's
  ``CANDIDATES`` best: the work grows with the number of articles, never with its square.
- First-order cosine alone joins two different events of one topic (two earthquakes in one Iranian
  province, two Klitschko title fights): their words overlap as much as two reports of one event.
  Reports of one event share their *nearest neighbours* though, so a pair's similarity is
  ``min(cosine, second-order cosine)``, the latter the cosine of the two articles' rows of
  similarities to their ``NEIGHBOURS`` nearest articles (those at least as similar as the
  threshold) and themselves. The minimum keeps the first-order cosine where neighbourhoods say
  nothing (a day with two articles on a topic).
- How many neighbours depends on how dense the set is: with ~3 articles per event, 5 nearest
  neighbours take in the topic's other event, the rows of two events look alike and the two merge.
  So the set's typical article's number of ``CLOSE`` partners (the median), kept within
  ``MIN_NEIGHBOURS``..``NEIGHBOURS``, is the row size: 5 on ECB+ dev (~11 per event), 3 on sparse
  subsets of it, where this lifted F1 from 0.856 to 0.889 and changed nothing on dense sets.
- Average link over that sparse graph (an absent pair counts as 0), stopped at ``THRESHOLD``: the
  best on ECB+ dev (topics 1-25), checked by leave-topics-out cross-validation.
- Publication times, when the caller has them (``times``; ``published`` of Documents and entries):
  the reports of one event come out within a day or so of each other, while the episodes of an
  ongoing story (three rulings of one court fight, a panel's vote and the authorization days later)
  are days apart and read alike. So a pair's cosine is multiplied by ``time_decay`` of the hours
  between the two articles (1 within ``timing.TIME_GRACE_H``, then falling by e every ``TIME_SCALE_H``),
  before the second order, and no story spans more than ``timing.MAX_SPAN_H`` (later episodes are new
  stories; ``continuity`` links a day's story to the earlier one). An article without a time gets no
  decay and no span limit: a missing date never splits a story.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import STOPWORDS, WORD
from . import timing
from .timing import hours, time_decay

THRESHOLD = 0.10
TOP_TERMS = 40
POSTINGS = 64
_CELLS = 4_000_000  # floats in one query block's dense arrays (16 MB each): memory stays bounded
CANDIDATES = 20
NEIGHBOURS = 5
MIN_NEIGHBOURS = 3
CLOSE = 0.20  # on ECB+ dev, 3/4 of one event's pairs are this similar and 3/4 of same-topic, other-event pairs are not
NAME_WEIGHT = 1.0  # > 1 weighs names and numbers more (bench: --set NAME_WEIGHT=2); 1: off, no gain measured
_FLOOR = 0.02  # weaker pairs barely move an average that must reach THRESHOLD: dropped, the graph stays small


@dataclass(frozen=True)
class Stats:
    """What one clustering did. No n² scan: ``visited`` (posting entries read while finding
    candidates) ≤ n × TOP_TERMS × POSTINGS, ``pairs`` (cosines computed) ≤ n × CANDIDATES."""

    articles: int
    visited: int
    pairs: int
    clusters: int
    neighbours: int = 0  # second-order row size chosen for this set's density (``_neighbours``)


def cluster(items: list[Any], *, threshold: float = THRESHOLD, times: list[Any] | None = None) -> list[list[int]]:
    """Group articles that report the same event; returns lists of indices into ``items``, each
    ascending, the largest group first (ties: lowest first index). Every index is in one group.

    ``items`` may be texts (``str``), ``briefer.Document``s (title + text), daily ``ArticleEntry``s
    or ``Brief``s (their title, points and actors: far less text, so weaker grouping; pass the
    documents when you have them). ``threshold``: higher splits more. ``times``: each item's
    publication time (ISO 8601 string, ``datetime``, or None), same order; by default the items'
    own ``published`` where they have one."""
    if times is None:
        times = [getattr(x, "published", None) for x in items]
    return cluster_with_stats([article_text(x) for x in items], threshold=threshold, times=times)[0]


def article_text(item: Any) -> str:
    """The text clustered for one item (see ``cluster``)."""
    if isinstance(item, str):
        return item
    brief = getattr(item, "brief", None) or (item if hasattr(item, "summary") else None)
    if brief is not None and not hasattr(item, "text"):
        parts = [getattr(item, "title", "") or brief.title] + [p.text for p in brief.summary]
        return "\n".join(parts + [a.name for a in brief.key_actors])
    text = getattr(item, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"cannot cluster a {type(item).__name__}: pass texts, Documents, ArticleEntry or Brief objects")
    title = getattr(item, "title", None)
    return f"{title}\n{text}" if title and not text.startswith(title) else text


def cluster_with_stats(texts: list[str], *, threshold: float = THRESHOLD,
                       times: list[Any] | None = None) -> tuple[list[list[int]], Stats]:
    """``cluster`` on texts, with what it did. ``times``: as for ``cluster`` (None: no decay)."""
    n = len(texts)
    if n == 0:
        return [], Stats(0, 0, 0, 0)
    when = hours(times, n)
    first, visited = _candidates(_vectors(texts), n)
    groups, k = _group(first, n, threshold, when)
    return groups, Stats(n, visited, len(first), len(groups), k)


def cluster_threads(items: list[Any], *, threshold: float = THRESHOLD,
                    times: list[Any] | None = None) -> tuple[list[list[int]], list[int | None]]:
    """``cluster`` plus the threads: ``(groups, continues)`` where ``continues[k]`` is the index of
    the group that group ``k`` continues (the previous episode of one ongoing story), or None.

    Two groups are episodes of one story when the times alone keep them apart: clustered without
    the times, most of their articles would be one story. A thread's groups are ordered by their
    earliest article; each continues the one before it."""
    if times is None:
        times = [getattr(x, "published", None) for x in items]
    texts = [article_text(x) for x in items]
    n = len(texts)
    when = hours(times, n)
    if n == 0:
        return [], []
    first, _ = _candidates(_vectors(texts), n)
    groups, _ = _group(first, n, threshold, when)
    if when is None:
        return groups, [None] * len(groups)
    undated, _ = _group(first, n, threshold, None)
    home = {i: u for u, g in enumerate(undated) for i in g}
    thread: dict[int, list[int]] = {}
    for k, g in enumerate(groups):
        u, c = Counter(home[i] for i in g).most_common(1)[0]
        if 2 * c > len(g):
            thread.setdefault(u, []).append(k)
    continues: list[int | None] = [None] * len(groups)
    for ks in thread.values():
        ks.sort(key=lambda k: (np.nanmin(when[groups[k]]) if not np.isnan(when[groups[k]]).all() else math.inf, k))
        for a, b in zip(ks, ks[1:]):
            continues[b] = a
    return groups, continues


def _group(first: dict[tuple[int, int], float], n: int, threshold: float,
           when: np.ndarray | None) -> tuple[list[list[int]], int]:
    """Decay (with times), second order, average link: the groups, largest first, and the row size."""
    if when is not None:
        first = _decayed(first, when)
    pairs, k = _second_order(first, n, threshold)
    groups = _average_link(n, pairs, threshold, when)
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups, k


# -- vectors ---------------------------------------------------------------------------------
@dataclass
class _Vectors:
    """Every article's tf-idf vector (sublinear tf, unit length), strongest terms first, as CSR rows."""

    start: np.ndarray  # article i's entries are [start[i], start[i + 1])
    term: np.ndarray
    weight: np.ndarray
    vocab: int


def _vectors(texts: list[str]) -> _Vectors:
    tfs = [Counter(w for w in WORD.findall(t.lower()) if w not in STOPWORDS and len(w) > 1) for t in texts]
    names = [_names(t) for t in texts] if NAME_WEIGHT != 1.0 else None
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    ids = {t: i for i, t in enumerate(df)}
    n = len(texts)
    idf = np.log1p(n / np.fromiter(df.values(), np.float64, len(df))).astype(np.float32)  # smoothed: 2 articles share words
    lengths = np.fromiter((len(tf) for tf in tfs), np.int64, n)
    term = np.fromiter((ids[t] for tf in tfs for t in tf), np.int64, int(lengths.sum()))
    count = np.fromiter((c for tf in tfs for c in tf.values()), np.float32, len(term))
    weight = (1 + np.log(count)) * idf[term]
    if names is not None:  # capitalised names and numbers weigh NAME_WEIGHT times as much (measured: not shipped)
        named = np.fromiter((t in nm for tf, nm in zip(tfs, names) for t in tf), bool, len(term))
        weight = weight * np.where(named, np.float32(NAME_WEIGHT), np.float32(1.0))
    doc = np.repeat(np.arange(n), lengths)
    order = np.lexsort((-weight, doc))  # per article, strongest term first
    term, weight = term[order], weight[order]
    start = np.r_[0, np.cumsum(lengths)]
    norm = np.sqrt(np.add.reduceat(weight * weight, start[:-1])) if len(weight) else np.zeros(n)
    weight = weight / np.repeat(np.where(norm > 0, norm, 1.0), lengths)
    return _Vectors(start, term, weight.astype(np.float32), len(df))


def _names(text: str) -> set[str]:
    """Lower-cased terms written capitalised or as digits in at least half their occurrences."""
    seen: Counter = Counter()
    upper: Counter = Counter()
    for w in WORD.findall(text):
        lw = w.lower()
        seen[lw] += 1
        upper[lw] += w[0].isupper() or w[0].isdigit()
    return {w for w, c in upper.items() if 2 * c >= seen[w]}


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenated ``arange(s, e)`` of every (s, e), without a Python loop."""
    lengths = ends - starts
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths) + np.repeat(starts, lengths)


def _candidates(v: _Vectors, n: int) -> tuple[dict[tuple[int, int], float], int]:
    """Exact cosine of each article with its ``CANDIDATES`` best partners found through an inverted index.

    The index holds each article's ``TOP_TERMS`` strongest terms, and a term's posting list only
    the ``POSTINGS`` articles that weigh it most; every article queries it with its own strongest
    terms. So the pairs looked at are at most n × TOP_TERMS × POSTINGS, and only the best
    ``CANDIDATES`` per article get their cosine over the full vectors."""
    rank = np.arange(len(v.term)) - np.repeat(v.start[:-1], np.diff(v.start))
    top = rank < TOP_TERMS
    doc = np.repeat(np.arange(n), np.diff(v.start))[top]
    term, weight = v.term[top], v.weight[top]
    order = np.lexsort((-weight, term))
    t_s = term[order]
    first = np.searchsorted(t_s, t_s)
    kept = np.arange(len(t_s)) - first < POSTINGS
    p_term, p_doc, p_w = t_s[kept], doc[order][kept], weight[order][kept]
    q_start = np.searchsorted(doc, np.arange(n + 1))
    block = max(1, _CELLS // max(n, v.vocab))  # articles per block: the block's dense arrays stay ≤ _CELLS
    dense = np.zeros((block, v.vocab), np.float32)
    out: dict[tuple[int, int], float] = {}
    visited = 0
    k = min(CANDIDATES, n - 1)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        qs = slice(q_start[lo], q_start[hi])
        qt, qd, qw = term[qs], doc[qs], weight[qs]
        at = _ranges(np.searchsorted(p_term, qt), np.searchsorted(p_term, qt, side="right"))
        q = np.repeat(np.arange(len(qt)), np.searchsorted(p_term, qt, side="right") - np.searchsorted(p_term, qt))
        visited += len(at)
        key = (qd[q] - lo) * n + p_doc[at]
        partial = np.bincount(key, weights=qw[q] * p_w[at], minlength=(hi - lo) * n).reshape(hi - lo, n)
        partial[np.arange(hi - lo), np.arange(lo, hi)] = 0.0  # not itself
        if k <= 0:
            continue
        best = np.argpartition(-partial, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(hi - lo), k)
        cols = best.ravel()
        found = partial[rows, cols] > 0
        rows, cols = rows[found], cols[found]
        # exact cosine over the full vectors: the block's articles scattered densely, partners gathered
        own = _ranges(v.start[lo:hi], v.start[lo + 1 : hi + 1])
        dense[np.repeat(np.arange(hi - lo), np.diff(v.start[lo : hi + 1])), v.term[own]] = v.weight[own]
        idx = _ranges(v.start[cols], v.start[cols + 1])
        sizes = v.start[cols + 1] - v.start[cols]
        prod = dense[np.repeat(rows, sizes), v.term[idx]] * v.weight[idx]
        sims = np.add.reduceat(prod, np.r_[0, np.cumsum(sizes)[:-1]]) if len(prod) else np.zeros(0)
        sims[sizes == 0] = 0.0
        dense[np.repeat(np.arange(hi - lo), np.diff(v.start[lo : hi + 1])), v.term[own]] = 0.0
        for i, j, s in zip((rows + lo).tolist(), cols.tolist(), sims.tolist()):
            if s >= _FLOOR:
                out[(i, j) if i < j else (j, i)] = s
    return out, visited


def _decayed(first: dict[tuple[int, int], float], when: np.ndarray) -> dict[tuple[int, int], float]:
    """Each candidate cosine times ``time_decay`` of its two articles' distance in hours (pairs
    that fall under ``_FLOOR`` dropped, as in ``_candidates``)."""
    if not first:
        return first
    keys = list(first)
    ij = np.array(keys)
    gap = np.abs(when[ij[:, 0]] - when[ij[:, 1]])
    sims = np.fromiter(first.values(), np.float64, len(keys)) * time_decay(gap)
    return {k: s for k, s in zip(keys, sims.tolist()) if s >= _FLOOR}


def _second_order(first: dict[tuple[int, int], float], n: int, threshold: float) -> tuple[dict[tuple[int, int], float], int]:
    """``min(cosine, second-order cosine)`` for each candidate pair (see the module docstring). A
    neighbour less similar than ``threshold`` (one that could not join on its own) has no say: on a
    day with few articles per event it would otherwise tie two events of one topic together."""
    near: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for (i, j), s in first.items():
        near[i].append((s, j))
        near[j].append((s, i))
    k = _neighbours(near)
    rows: list[dict[int, float]] = [{i: 1.0} for i in range(n)]
    for i, cand in enumerate(near):
        for s, j in heapq.nlargest(k, cand):
            if s < threshold:
                break
            for a, b in ((i, j), (j, i)):  # symmetric: the larger of the two directions
                if rows[a].get(b, 0.0) < s:
                    rows[a][b] = s
    norms = [math.sqrt(sum(v * v for v in r.values())) for r in rows]
    out = {}
    for (i, j), s in first.items():
        ri, rj = rows[i], rows[j]
        if len(ri) > len(rj):
            ri, rj = rj, ri
        second = sum(v * rj.get(m, 0.0) for m, v in ri.items()) / (norms[i] * norms[j])
        sim = min(s, second)
        if sim >= _FLOOR:
            out[(i, j)] = sim
    return out, k


def _neighbours(near: list[list[tuple[float, int]]]) -> int:
    """Row size of the second order for this set: the median article's number of partners at
    least ``CLOSE`` (about its event's other articles), within ``MIN_NEIGHBOURS``..``NEIGHBOURS``."""
    close = sorted(sum(s >= CLOSE for s, _ in cand) for cand in near)
    return max(MIN_NEIGHBOURS, min(NEIGHBOURS, close[len(close) // 2])) if close else NEIGHBOURS


def _average_link(n: int, pairs: dict[tuple[int, int], float], threshold: float,
                  when: np.ndarray | None = None) -> list[list[int]]:
    """Agglomerative average link on a sparse graph: merge the two groups with the highest mean
    pair similarity (absent pairs count 0) until it falls below ``threshold``. A heap with lazy
    deletion; a merged group's neighbour sums are folded smaller-into-larger. With ``when`` (hours,
    NaN where unknown) no merge makes a group whose dated articles span more than ``MAX_SPAN_H``."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    span = None if when is None else [(t, t) for t in when.tolist()]  # (earliest, latest); NaN: undated
    sums: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), s in pairs.items():
        sums[i][j] = s
        sums[j][i] = s
    version = [0] * n
    heap = [(-s, i, j, 0, 0) for (i, j), s in pairs.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, i, j, vi, vj = heapq.heappop(heap)
        if i not in members or j not in members or version[i] != vi or version[j] != vj:
            continue  # stale: one side merged since
        if span is not None:
            lo, hi = _join(span[i], span[j])
            if hi - lo > timing.MAX_SPAN_H:
                continue  # too far apart in time: re-offered only if one side changes
        if len(sums[i]) < len(sums[j]):
            i, j = j, i
        if span is not None:
            span[i] = (lo, hi)
        members[i] += members.pop(j)
        si, sj = sums[i], sums[j]
        sums[j] = {}
        si.pop(j, None)
        sj.pop(i, None)
        for k, s in sj.items():
            si[k] = si.get(k, 0.0) + s
            sk = sums[k]
            sk[i] = sk.get(i, 0.0) + sk.pop(j)
        version[i] += 1
        size = len(members[i])
        for k, s in si.items():
            mean = s / (size * len(members[k]))
            if mean >= threshold:
                a, b = (i, k) if i < k else (k, i)
                heapq.heappush(heap, (-mean, a, b, version[a], version[b]))
    return [sorted(m) for m in members.values()]


def _join(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """The time span of two groups together; NaN (no dated article) on one side takes the other."""
    lo = min((x for x in (a[0], b[0]) if x == x), default=math.nan)
    hi = max((x for x in (a[1], b[1]) if x == x), default=math.nan)
    return lo, hi
