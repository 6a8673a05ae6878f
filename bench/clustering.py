"""Story clustering against human event labels (ECB+ dev), side by side in one run. Prints numbers; asserts nothing.

    .venv/bin/python bench/clustering.py [--data ../shared/data/clustering/ecbplus-dev]
    .venv/bin/python bench/clustering.py --scale 10000
    .venv/bin/python bench/clustering.py --no-cv --set NEIGHBOURS=3     # a variant, same protocols
    .venv/bin/python bench/clustering.py --days [--gap 0,2]              # a week of feeds: publication times
    .venv/bin/python bench/clustering.py --product [--product-articles 60]  # through `briefer brief` (bench/_product.py)

Every mode but ``--product`` measures the inner function (``briefer.daily.clustering`` on texts this
script reads), not the product, and its output says so; ``--product`` runs ``briefer brief`` on a
folder of the articles and scores the JSON it wrote.

Dev: every article read as ``briefer brief`` reads it (``load_document``), then clustered by
1. briefer (``briefer.daily.cluster``, its shipped threshold),
2. tf-idf of the whole text, cosine, average link over all pairs, at its best threshold on dev,
3. title-word Jaccard, average link, at its best threshold on dev.
Figures: B-cubed P/R/F1, clusters, the share of same-topic/other-event pairs kept apart, seconds per
1k articles. Then leave-topics-out cross-validation (5 folds of the 23 topics: each method's
threshold chosen on the other folds' articles, the held-out fold's articles clustered alone) with a
paired bootstrap 95% interval over topics of briefer minus tf-idf F1. Before it, subsets of dev with
fewer articles per event (``draw``: random 60/160/250 articles, "news" ~3 per event with both events of
every topic, "topics" 8 topics x 2 events x up to 10), ``--draws`` per shape with fixed seeds, each
method at its dev threshold, with a paired bootstrap 95% interval over draws of briefer minus tf-idf.
``--set NAME=VALUE`` overrides a constant of ``briefer.daily.clustering`` for the whole run.
``--scale N``: N articles made from dev articles with words dropped and shuffled per copy (so no two
are equal), each given a publication time within one week, timed end to end; the pairs scored show
there is no n² scan. ``--days``: the multi-day protocol of ``bench/clustering_days.py`` (dev spread
over two weeks with assigned publication times; briefer with and without times, tf-idf with and
without the same decay; paired 95% intervals over topics; leave-topics-out with times unless
``--no-cv``); a full run ends with it too, unless ``--no-days``. The last line is one JSON object of
the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefer.text import STOPWORDS, WORD, jaccard, word_set  # noqa: E402
from briefer.daily import clustering, timing  # noqa: E402
from briefer.daily.clustering import THRESHOLD, _average_link, article_text, cluster_with_stats  # noqa: E402
from briefer.extraction import load_document  # noqa: E402
from _scope import inner_only  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "clustering" / "ecbplus-dev"
FOLDS = 5


def load(data: Path):
    labels = json.loads((data / "labels.json").read_text())
    topics = json.loads((data / "topics.json").read_text())
    names = sorted(labels)
    docs = [load_document(str(data / "articles" / n)) for n in names]
    return docs, [labels[n] for n in names], [topics[n] for n in names]


def bcubed(groups: list[list[int]], gold: list[str], only: list[int] | None = None) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 (Bagga & Baldwin 1998), averaged over ``only`` (default: all)."""
    size = Counter(gold)
    p, r = {}, {}
    for g in groups:
        c = Counter(gold[i] for i in g)
        for i in g:
            p[i], r[i] = c[gold[i]] / len(g), c[gold[i]] / size[gold[i]]
    idx = range(len(gold)) if only is None else only
    P = sum(p[i] for i in idx) / len(idx)
    R = sum(r[i] for i in idx) / len(idx)
    return P, R, 2 * P * R / (P + R) if P + R else 0.0


def kept_apart(groups, gold, topic) -> float:
    where = {i: k for k, g in enumerate(groups) for i in g}
    n = len(gold)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if topic[i] == topic[j] and gold[i] != gold[j]]
    return sum(where[i] != where[j] for i, j in pairs) / len(pairs) if pairs else 1.0


# -- baselines ---------------------------------------------------------------------------------
def tfidf_pairs(texts: list[str]) -> dict[tuple[int, int], float]:
    """Cosine of every pair's tf-idf vectors (whole text, sublinear tf): the all-pairs baseline."""
    tfs = [Counter(w for w in map(str.lower, WORD.findall(t)) if w not in STOPWORDS) for t in texts]
    df = Counter(t for tf in tfs for t in tf)
    vocab = {t: k for k, t in enumerate(df)}
    m = np.zeros((len(texts), len(vocab)), np.float32)
    for i, tf in enumerate(tfs):
        for t, c in tf.items():
            m[i, vocab[t]] = (1 + math.log(c)) * math.log(len(texts) / df[t])
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-9
    s = m @ m.T
    i, j = np.triu_indices(len(texts), 1)
    keep = s[i, j] > 0
    return dict(zip(zip(i[keep].tolist(), j[keep].tolist()), s[i, j][keep].tolist()))


def title_pairs(titles: list[str]) -> dict[tuple[int, int], float]:
    sets = [word_set(t) - STOPWORDS for t in titles]
    n = len(sets)
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            s = jaccard(sets[i], sets[j])
            if s > 0:
                out[(i, j)] = s
    return out


METHODS = {
    "briefer": (np.round(np.arange(0.06, 0.201, 0.01), 3), None),
    "tfidf_avg": (np.round(np.arange(0.06, 0.301, 0.01), 3), tfidf_pairs),
    "title_jaccard": (np.round(np.arange(0.05, 0.501, 0.025), 3), title_pairs),
}


def run(method: str, texts: list[str], titles: list[str], threshold: float) -> list[list[int]]:
    if method == "briefer":
        return cluster_with_stats(texts, threshold=threshold)[0]
    pairs = METHODS[method][1](titles if method == "title_jaccard" else texts)
    return _average_link(len(texts), pairs, threshold)


def sweep(method, idx, texts, titles, gold):
    """(threshold, F1) of the best threshold of ``method`` on the articles ``idx``."""
    sub_t, sub_h, sub_g = [texts[i] for i in idx], [titles[i] for i in idx], [gold[i] for i in idx]
    grid, make = METHODS[method]
    if make is not None:  # the pairs do not depend on the threshold: score once
        pairs = make(sub_h if method == "title_jaccard" else sub_t)
        scored = [(t, bcubed(_average_link(len(idx), pairs, t), sub_g)[2]) for t in grid]
    else:
        scored = [(t, bcubed(cluster_with_stats(sub_t, threshold=t)[0], sub_g)[2]) for t in grid]
    return max(scored, key=lambda x: (x[1], -abs(x[0] - grid[len(grid) // 2])))


def dev_table(texts, titles, gold, topic) -> dict:
    n = len(texts)
    rows = {}
    for method in METHODS:
        thr = THRESHOLD if method == "briefer" else sweep(method, list(range(n)), texts, titles, gold)[0]
        t0 = time.perf_counter()
        groups = run(method, texts, titles, thr)
        secs = time.perf_counter() - t0
        P, R, F = bcubed(groups, gold)
        rows[method] = dict(threshold=float(thr), P=round(P, 3), R=round(R, 3), F1=round(F, 3), clusters=len(groups),
                            apart=round(kept_apart(groups, gold, topic), 3), s_per_1k=round(secs * 1000 / n, 3))
    return rows


def cross_validated(texts, titles, gold, topic, seed: int = 0) -> dict:
    topics = sorted(set(topic), key=lambda t: int("".join(c for c in t if c.isdigit()) or 0))
    fold_of = {t: k % FOLDS for k, t in enumerate(topics)}
    per_article = {m: ({}, {}) for m in ("briefer", "tfidf_avg")}
    chosen = {m: [] for m in per_article}
    apart_pairs = {m: [0, 0] for m in per_article}
    for f in range(FOLDS):
        train = [i for i in range(len(texts)) if fold_of[topic[i]] != f]
        test = [i for i in range(len(texts)) if fold_of[topic[i]] == f]
        for m in per_article:
            thr = sweep(m, train, texts, titles, gold)[0]
            chosen[m].append(float(thr))
            groups = run(m, [texts[i] for i in test], [titles[i] for i in test], thr)
            g = [[test[k] for k in grp] for grp in groups]
            size = Counter(gold[i] for i in test)
            for grp in g:
                c = Counter(gold[i] for i in grp)
                for i in grp:
                    per_article[m][0][i], per_article[m][1][i] = c[gold[i]] / len(grp), c[gold[i]] / size[gold[i]]
            where = {i: k for k, grp in enumerate(g) for i in grp}
            for a in test:
                for b in test:
                    if a < b and topic[a] == topic[b] and gold[a] != gold[b]:
                        apart_pairs[m][0] += where[a] != where[b]
                        apart_pairs[m][1] += 1

    def f1(m, tps):
        idx = [i for t in tps for i in range(len(texts)) if topic[i] == t]
        P = sum(per_article[m][0][i] for i in idx) / len(idx)
        R = sum(per_article[m][1][i] for i in idx) / len(idx)
        return P, R, 2 * P * R / (P + R)

    out = {}
    for m in per_article:
        P, R, F = f1(m, topics)
        out[m] = dict(P=round(P, 3), R=round(R, 3), F1=round(F, 3), thresholds=chosen[m],
                      apart=round(apart_pairs[m][0] / apart_pairs[m][1], 3))
    rng = random.Random(seed)
    diffs = []
    for _ in range(2000):
        sample = [rng.choice(topics) for _ in topics]
        diffs.append(f1("briefer", sample)[2] - f1("tfidf_avg", sample)[2])
    diffs.sort()
    out["briefer_minus_tfidf"] = dict(F1=round(out["briefer"]["F1"] - out["tfidf_avg"]["F1"], 3),
                                      ci95=[round(diffs[49], 3), round(diffs[1949], 3)])
    return out


def draw(kind: str, gold, topic, rng: random.Random) -> list[int]:
    """One subset of dev. ``random-N``: N articles at random. ``news``: every event with 1-5 of its
    articles (about 3 per event, both events of every topic present), like a few weeks of news from
    a few outlets. ``topics``: 8 topics, both their events, up to 10 articles per event, like ECB+
    test topics."""
    events: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        events.setdefault(g, []).append(i)
    if kind.startswith("random-"):
        return sorted(rng.sample(range(len(gold)), int(kind.split("-")[1])))
    if kind == "news":
        return sorted(i for ev in sorted(events) for i in rng.sample(events[ev], min(len(events[ev]), rng.randint(1, 5))))
    if kind == "topics":
        chosen = set(rng.sample(sorted(set(topic)), 8))
        return sorted(i for ev in sorted(events) if topic[events[ev][0]] in chosen
                      for i in rng.sample(events[ev], min(len(events[ev]), 10)))
    raise ValueError(kind)


SHAPES = ("random-60", "random-160", "random-250", "news", "topics")


def paired_ci(diffs: list[float], seed: int = 0, reps: int = 2000) -> list[float]:
    """Paired bootstrap 95% interval of the mean of per-draw differences."""
    rng = random.Random(seed)
    means = sorted(sum(rng.choice(diffs) for _ in diffs) / len(diffs) for _ in range(reps))
    return [round(means[int(0.025 * reps)], 3), round(means[int(0.975 * reps) - 1], 3)]


def subsets(texts, titles, gold, topic, thresholds: dict, draws: int = 20, seed: int = 1, shapes=SHAPES) -> dict:
    """Subsets of dev with fewer articles per event (see ``draw``), ``draws`` per shape with fixed
    seeds, each method at its dev threshold: mean P / R / F1 / apart per method, and the paired
    bootstrap 95% interval over draws of briefer minus tf-idf (F1 and apart)."""
    out = {}
    for shape in shapes:
        rng = random.Random(f"{seed}-{shape}")
        rows = {m: [] for m in thresholds}
        sizes = []
        for _ in range(draws):
            idx = draw(shape, gold, topic, rng)
            sizes.append(len(idx))
            sub_g, sub_t = [gold[i] for i in idx], [topic[i] for i in idx]
            for m, thr in thresholds.items():
                groups = run(m, [texts[i] for i in idx], [titles[i] for i in idx], thr)
                rows[m].append((*bcubed(groups, sub_g), kept_apart(groups, sub_g, sub_t)))
        res = {m: dict(zip(("P", "R", "F1", "apart"), np.round(np.mean(v, axis=0), 3).tolist())) for m, v in rows.items()}
        res["articles"] = round(sum(sizes) / len(sizes), 1)
        if "briefer" in rows and "tfidf_avg" in rows:
            for k, name in ((2, "F1"), (3, "apart")):
                d = [a[k] - b[k] for a, b in zip(rows["briefer"], rows["tfidf_avg"])]
                res[f"{name}_diff"] = round(sum(d) / len(d), 3)
                res[f"{name}_ci95"] = paired_ci(d)
        out[shape] = res
    return out


def perturbed(texts: list[str], n: int, seed: int = 0) -> list[str]:
    """``n`` articles from ``texts``: per copy 15% of the words dropped and one sentence moved."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        words = texts[k % len(texts)].split()
        kept = [w for w in words if rng.random() > 0.15]
        cut = rng.randrange(len(kept)) if kept else 0
        out.append(" ".join(kept[cut:] + kept[:cut]))
    return out


def scale(texts: list[str], n: int) -> dict:
    arts = perturbed(texts, n)
    rng = random.Random(1)
    times = [f"2026-11-{1 + int(h // 24):02d}T{int(h % 24):02d}:{rng.randrange(60):02d}:00+00:00"
             for h in (rng.uniform(0, 7 * 24) for _ in arts)]  # a week of feeds: times parsed and decayed too
    t0, c0 = time.perf_counter(), time.process_time()
    groups, stats = cluster_with_stats(arts, times=times)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(articles=n, seconds=round(secs, 2), cpu_seconds=round(cpu, 2), postings_visited=stats.visited, cosines=stats.pairs, all_pairs=n * (n - 1) // 2,
                clusters=len(groups), peak_rss_mb=round(rss))


def print_subsets(sub: dict, draws: int) -> None:
    print(f"subsets of dev, {draws} draws per shape, each method at its dev threshold (mean P / R / F1 / apart;"
          " briefer - tf-idf, paired bootstrap 95% CI over draws):")
    for shape, r in sub.items():
        b, t = r["briefer"], r["tfidf_avg"]
        print(f"  {shape:<11}{r['articles']:>6.0f} art  briefer {b['P']:.3f} {b['R']:.3f} {b['F1']:.3f} {b['apart']:.3f}"
              f"   tfidf {t['P']:.3f} {t['R']:.3f} {t['F1']:.3f} {t['apart']:.3f}"
              f"   dF1 {r['F1_diff']:+.3f} [{r['F1_ci95'][0]:+.3f}, {r['F1_ci95'][1]:+.3f}]"
              f"  dapart {r['apart_diff']:+.3f} [{r['apart_ci95'][0]:+.3f}, {r['apart_ci95'][1]:+.3f}]")


def run_days(result: dict, texts, gold, topic, draws: int, cv: bool = True) -> None:
    """The multi-day protocol (bench/clustering_days.py), tf-idf at its best dev threshold."""
    import clustering_days as days

    n = len(texts)
    thresholds = {"briefer": THRESHOLD, "tfidf_avg": float(sweep("tfidf_avg", list(range(n)), texts, texts, gold)[0])}
    result["days"] = days.multi_day(texts, gold, topic, thresholds, bcubed=bcubed, kept_apart=kept_apart, draw=draw,
                                    tfidf_pairs=tfidf_pairs, paired_ci=paired_ci, draws=draws)
    result["days"]["thresholds"] = thresholds
    days.print_multi_day({k: v for k, v in result["days"].items() if k != "thresholds"})
    if cv:
        result["days_cv"] = days.cross_validated_days(texts, gold, topic, bcubed=bcubed, tfidf_pairs=tfidf_pairs,
                                                      paired_ci=paired_ci, folds=FOLDS)
        print(f"leave-topics-out with times ({FOLDS} folds; mean per-topic F1; minus tf-idf without times, paired 95% CI over topics):")
        for m, r in result["days_cv"].items():
            extra = f"  {r['minus_tfidf']:+.3f} [{r['ci95_over_topics'][0]:+.3f}, {r['ci95_over_topics'][1]:+.3f}]" if "minus_tfidf" in r else ""
            print(f"  {m:<14} F1 {r['F1_topic_mean']:.3f} thresholds {r['thresholds']}{extra}")
    print(json.dumps(result))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--scale", type=int, default=0, help="also time this many perturbed articles")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a constant of briefer.daily.clustering (e.g. NEIGHBOURS=3) to measure a variant")
    ap.add_argument("--draws", type=int, default=20, help="subsets drawn per shape (default 20)")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation (it takes a few minutes)")
    ap.add_argument("--gap", default="", metavar="LO,HI",
                    help="--days: days between a topic's two events (default 1,10; e.g. 0,2 for a harder week)")
    ap.add_argument("--no-days", action="store_true", help="skip the multi-day protocol at the end")
    ap.add_argument("--days", action="store_true",
                    help="only the multi-day protocol: dev spread over weeks with publication times (bench/clustering_days.py)")
    ap.add_argument("--product", action="store_true", help="run `briefer brief` on a folder of the articles, score its JSON")
    ap.add_argument("--product-articles", type=int, default=0, help="--product: a fixed sample of N articles (default all)")
    ap.add_argument("--briefer", help="--product: the briefer executable (default: the one beside this Python)")
    args = ap.parse_args()
    if args.product:
        if args.set:
            ap.error("--set changes this process's constants, not those of the `briefer brief` that --product runs")
        from _product import main as product

        return product(args, bcubed, kept_apart)
    inner_only("briefer.daily.clustering on texts read here", "--product runs `briefer brief` and scores its JSON")
    for item in args.set:
        name, _, value = item.partition("=")
        module = timing if name.isupper() and hasattr(timing, name) else clustering
        if not hasattr(module, name) or not name.isupper():
            ap.error(f"--set: briefer.daily.clustering has no constant {name!r}")
        setattr(module, name, type(getattr(module, name))(value))
        if name == "THRESHOLD":
            globals()["THRESHOLD"] = clustering.THRESHOLD
    docs, gold, topic = load(args.data)
    texts = [article_text(d) for d in docs]
    titles = [d.title or d.text.split("\n", 1)[0] for d in docs]
    result: dict = {"measures": "the inner function briefer.daily.clustering", "articles": len(docs),
                    "events": len(set(gold)), "topics": len(set(topic))}
    if args.scale:
        result["scale"] = scale(texts, args.scale)
        print(f"{args.scale:,} perturbed articles: {result['scale']}")
        print(json.dumps(result))
        return
    if args.days:
        if args.gap:
            import clustering_days

            clustering_days.GAP_DAYS = tuple(int(x) for x in args.gap.split(","))
        run_days(result, texts, gold, topic, args.draws, cv=not args.no_cv)
        return
    result["dev"] = dev_table(texts, titles, gold, topic)
    print(f"ECB+ dev: {len(docs)} articles, {result['events']} events, {result['topics']} topics")
    print(f"{'method':<15}{'thr':>6}{'P':>7}{'R':>7}{'F1':>7}{'clusters':>10}{'apart':>8}{'s/1k':>8}")
    for m, r in result["dev"].items():
        print(f"{m:<15}{r['threshold']:>6.3f}{r['P']:>7.3f}{r['R']:>7.3f}{r['F1']:>7.3f}{r['clusters']:>10}"
              f"{r['apart']:>8.3f}{r['s_per_1k']:>8.3f}")
    sub = subsets(texts, titles, gold, topic, {m: r["threshold"] for m, r in result["dev"].items() if m != "title_jaccard"},
                  draws=args.draws)
    result["subsets"] = sub
    print_subsets(sub, args.draws)
    if not args.no_cv:
        cv = cross_validated(texts, titles, gold, topic)
        result["cross_validated"] = cv
        print(f"leave-topics-out ({FOLDS} folds, each fold clustered alone, threshold from the other folds):")
        for m in ("briefer", "tfidf_avg"):
            r = cv[m]
            print(f"  {m:<13} P {r['P']:.3f} R {r['R']:.3f} F1 {r['F1']:.3f} apart {r['apart']:.3f}"
                  f" thresholds {r['thresholds']}")
        d = cv["briefer_minus_tfidf"]
        print(f"  briefer - tfidf F1 {d['F1']:+.3f}, paired bootstrap over topics 95% CI [{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}]")
    if args.no_days:
        print(json.dumps(result))
        return
    run_days(result, texts, gold, topic, args.draws, cv=not args.no_cv)  # prints the JSON line


if __name__ == "__main__":
    main()
