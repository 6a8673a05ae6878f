"""The multi-day protocol of ``bench/clustering.py --days``: ECB+ dev spread over weeks of feeds.

ECB+ dev articles carry no publication time, and each topic holds two similar events (two
earthquakes in one province, two title fights of one boxer), the shape of an ongoing story's
episodes. So times are assigned, deterministically from ``seed``:
- each topic's first event on a day drawn from 0..13 (two weeks of feeds), its second event
  1..10 days later (like three rulings of one court fight over three weeks);
- each event happens at an hour drawn from 06:00..22:00 of its day;
- each report of it comes out 0..30 hours after the event (outlets follow within a day or so).

Shapes (each clustered alone): ``full`` (all of dev, once per seed), ``news`` (every event with 1-5
of its articles, ~3 per event, like the held-out US news weeks) and ``topics`` (8 topics x 2
events x up to 10 articles), ``draws`` draws each. Methods, each at its dev threshold:
briefer with the times, briefer without them, tf-idf average link (no times: a bag of words), and
tf-idf with the same decay and span limit. Per topic the B-cubed F1 over its articles (averaged
over the draws), and the paired bootstrap 95% interval over topics of briefer minus tf-idf.
"""

from __future__ import annotations

import random
import numpy as np

from briefer.daily import clustering, timing

EVENT_HOURS = (6, 22)
REPORT_LAG_H = 30
FIRST_DAY = 14
GAP_DAYS = (1, 10)


def assign_times(gold: list[str], topic: list[str], seed: int = 0) -> list[float]:
    """Hours since day 0 for every article (see the module docstring); same seed, same times."""
    rng = random.Random(f"days-{seed}")
    by_topic: dict[str, list[str]] = {}
    for g, t in sorted(set(zip(gold, topic))):
        by_topic.setdefault(t, []).append(g)
    at: dict[str, float] = {}
    for t in sorted(by_topic):
        day = rng.randrange(FIRST_DAY)
        for k, ev in enumerate(sorted(by_topic[t])):
            if k:
                day += rng.randint(*GAP_DAYS)
            at[ev] = day * 24 + rng.uniform(*EVENT_HOURS)
    return [at[g] + rng.uniform(0, REPORT_LAG_H) for g in gold]


def _tfidf_timed(texts, times, threshold, tfidf_pairs):
    pairs = tfidf_pairs(texts)
    when = np.asarray(times, dtype=np.float64)
    keys = list(pairs)
    if keys:
        ij = np.array(keys)
        sims = np.fromiter(pairs.values(), np.float64, len(keys)) * timing.time_decay(np.abs(when[ij[:, 0]] - when[ij[:, 1]]))
        pairs = dict(zip(keys, sims.tolist()))
    return clustering._average_link(len(texts), pairs, threshold, when)


def methods(thresholds: dict[str, float], tfidf_pairs) -> dict:
    """name → function(texts, times) → groups."""
    b, t = thresholds["briefer"], thresholds["tfidf_avg"]
    return {
        "briefer+times": lambda x, w: clustering.cluster_with_stats(x, threshold=b, times=w)[0],
        "briefer": lambda x, w: clustering.cluster_with_stats(x, threshold=b)[0],
        "tfidf_avg": lambda x, w: clustering._average_link(len(x), tfidf_pairs(x), t),
        "tfidf+times": lambda x, w: _tfidf_timed(x, w, t, tfidf_pairs),
    }


def multi_day(texts, gold, topic, thresholds: dict[str, float], *, bcubed, kept_apart, draw, tfidf_pairs,
              paired_ci, draws: int = 20, seeds: int = 3) -> dict:
    """Per shape: each method's mean P / R / F1 / apart / stories, and per method the paired
    bootstrap 95% interval over topics of its F1 minus tf-idf's (per-topic F1 averaged over draws)."""
    run = methods(thresholds, tfidf_pairs)
    out = {}
    for shape in ("full", "news", "topics"):
        per_topic = {m: {} for m in run}
        rows = {m: [] for m in run}
        sizes = []
        threads = []
        for seed in range(seeds):
            times = assign_times(gold, topic, seed)
            rng = random.Random(f"days-{seed}-{shape}")
            for _ in range(1 if shape == "full" else draws):
                idx = list(range(len(gold))) if shape == "full" else draw(shape, gold, topic, rng)
                sub_x, sub_g, sub_t = [texts[i] for i in idx], [gold[i] for i in idx], [topic[i] for i in idx]
                sub_w = [times[i] for i in idx]
                sizes.append(len(idx))
                threads.append(thread_links(sub_x, sub_w, sub_g, sub_t, thresholds["briefer"]))
                for m, fn in run.items():
                    groups = fn(sub_x, sub_w)
                    rows[m].append((*bcubed(groups, sub_g), kept_apart(groups, sub_g, sub_t), len(groups) / len(set(sub_g))))
                    for tp in sorted(set(sub_t)):
                        only = [k for k, x in enumerate(sub_t) if x == tp]
                        per_topic[m].setdefault(tp, []).append(bcubed(groups, sub_g, only)[2])
        res = {m: dict(zip(("P", "R", "F1", "apart", "stories_per_event"), np.round(np.mean(v, axis=0), 3).tolist()))
               for m, v in rows.items()}
        topics = sorted(per_topic["tfidf_avg"])
        base = [float(np.mean(per_topic["tfidf_avg"][tp])) for tp in topics]
        for m in run:
            if m == "tfidf_avg":
                continue
            d = [float(np.mean(per_topic[m][tp])) - b for tp, b in zip(topics, base)]
            res[m]["F1_minus_tfidf"] = round(sum(d) / len(d), 3)
            res[m]["ci95_over_topics"] = paired_ci(d)
        res["articles"] = round(float(np.mean(sizes)), 1)
        linked = [t for t in threads if t[1]]
        res["threads"] = {"link_precision": round(sum(t[0] for t in linked) / max(1, sum(t[1] for t in linked)), 3),
                          "episodes_linked": round(sum(t[2] for t in threads) / max(1, sum(t[3] for t in threads)), 3),
                          "links": sum(t[1] for t in threads)}
        out[shape] = res
    return out


def thread_links(texts, times, gold, topic, threshold) -> tuple[int, int, int, int]:
    """``cluster_threads`` against the labels, a story named by its majority event: (links between
    two stories of one topic, links, same-topic other-event story pairs in one thread, such pairs)."""
    groups, continues = clustering.cluster_threads(texts, threshold=threshold, times=times)
    major = [max(sorted({gold[i] for i in g}), key=lambda e: sum(gold[i] == e for i in g)) for g in groups]
    top = {gold[i]: topic[i] for i in range(len(gold))}
    root = []
    for k in range(len(groups)):
        r = k
        while continues[r] is not None:
            r = continues[r]
        root.append(r)
    good = sum(top[major[k]] == top[major[c]] for k, c in enumerate(continues) if c is not None)
    links = sum(c is not None for c in continues)
    pairs = [(a, b) for a in range(len(groups)) for b in range(a + 1, len(groups))
             if top[major[a]] == top[major[b]] and major[a] != major[b]]
    return good, links, sum(root[a] == root[b] for a, b in pairs), len(pairs)


def print_multi_day(res: dict) -> None:
    print("multi-day (ECB+ dev with assigned publication times; see bench/clustering_days.py):"
          " P / R / F1 / apart / stories per event; F1 minus tf-idf [paired 95% CI over topics]")
    for shape, r in res.items():
        print(f"  {shape} ({r['articles']:.0f} articles)")
        for m, v in r.items():
            if not isinstance(v, dict):
                continue
            extra = (f"   dF1 {v['F1_minus_tfidf']:+.3f} [{v['ci95_over_topics'][0]:+.3f}, {v['ci95_over_topics'][1]:+.3f}]"
                     if "F1_minus_tfidf" in v else "")
            if m == "threads":
                print(f"    threads: {v['links']} links, {v['link_precision']:.3f} within one topic;"
                      f" {v['episodes_linked']:.3f} of a topic's two events' stories in one thread")
                continue
            print(f"    {m:<14} {v['P']:.3f} {v['R']:.3f} {v['F1']:.3f} {v['apart']:.3f} {v['stories_per_event']:.2f}{extra}")


def span_hours(groups: list[list[int]], times: list[float]) -> float:
    """The longest story's span in hours (a check that the span limit holds)."""
    return max((max(times[i] for i in g) - min(times[i] for i in g) for g in groups), default=0.0)



GRID = {"briefer+times": np.round(np.arange(0.04, 0.201, 0.01), 3), "tfidf+times": np.round(np.arange(0.06, 0.301, 0.01), 3),
        "tfidf_avg": np.round(np.arange(0.06, 0.301, 0.01), 3)}


def cv_per_topic(gold, topic, grid, clustered, bcubed, folds: int = 5) -> tuple[dict[str, float], list[float]]:
    """Leave-topics-out: ``clustered(indices, threshold)`` → groups; the threshold chosen on the other
    folds, the held-out fold clustered alone. Returns per-topic F1 and the thresholds chosen."""
    topics = sorted(set(topic), key=lambda t: int("".join(c for c in t if c.isdigit()) or 0))
    fold_of = {t: k % folds for k, t in enumerate(topics)}
    per, chosen = {}, []
    for f in range(folds):
        train = [i for i in range(len(gold)) if fold_of[topic[i]] != f]
        test = [i for i in range(len(gold)) if fold_of[topic[i]] == f]
        g_train = [gold[i] for i in train]
        thr = max(grid, key=lambda t: (bcubed(clustered(train, t), g_train)[2], -abs(t - grid[len(grid) // 2])))
        chosen.append(float(thr))
        groups = clustered(test, thr)
        sub_g, sub_t = [gold[i] for i in test], [topic[i] for i in test]
        for tp in sorted(set(sub_t)):
            per[tp] = bcubed(groups, sub_g, [k for k, x in enumerate(sub_t) if x == tp])[2]
    return per, chosen


def cross_validated_days(texts, gold, topic, *, bcubed, tfidf_pairs, paired_ci, folds: int = 5, seed: int = 0) -> dict:
    """Leave-topics-out on dev with assigned times (seed ``seed``): each method's threshold chosen on
    the other folds' articles, the held-out fold clustered alone; per-topic F1 and the paired
    bootstrap 95% interval over topics of each method minus tf-idf (no times)."""
    times = assign_times(gold, topic, seed)
    topics = sorted(set(topic), key=lambda t: int("".join(c for c in t if c.isdigit()) or 0))
    cache: dict[tuple, dict] = {}

    def pairs(x):  # the all-pairs cosines do not depend on the threshold: once per article set
        key = tuple(x)
        if key not in cache:
            cache[key] = tfidf_pairs(x)
        return dict(cache[key])

    def clustered(m, idx, thr):
        x, w = [texts[i] for i in idx], [times[i] for i in idx]
        return methods({"briefer": thr, "tfidf_avg": thr}, pairs)[m](x, w)

    per_topic: dict[str, dict[str, float]] = {}
    chosen: dict[str, list[float]] = {}
    for m, grid in GRID.items():
        per_topic[m], chosen[m] = cv_per_topic(gold, topic, grid, lambda idx, t, m=m: clustered(m, idx, t), bcubed, folds)
    out = {m: {"F1_topic_mean": round(float(np.mean(list(per_topic[m].values()))), 3), "thresholds": chosen[m]} for m in GRID}
    for m in ("briefer+times", "tfidf+times"):
        d = [per_topic[m][tp] - per_topic["tfidf_avg"][tp] for tp in topics]
        out[m]["minus_tfidf"] = round(sum(d) / len(d), 3)
        out[m]["ci95_over_topics"] = paired_ci(d)
    return out
