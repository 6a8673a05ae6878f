"""Can a cheap judge tell which of a story's shown points restate one another (issue 32)? Measured on the
shown pairs labelled by hand, per judge: restated pairs it would catch, different facts it would drop.

A shown pair is two shown sentences (``points`` and ``differences``) of one synthesised story; every one of
them has already passed the selection's ``restated`` check, so a judge here is an add-on to it. Judges:
MiniLM cosine alone; cosine with shared content words; the entailment model's raw probability (no
name/number guard: ``grounding.score_pairs``), the larger or smaller of both directions; comparing every
outlet's wording of the two facts, not only the shown ones (``restated`` between any two mentions); and a
logistic model over all these features, fit on the pairs explored while choosing (ECB+ ``before`` labels
and Multi-News validation) and scored on the held-out ECB+ band. Also each feature's AUC per set.

Sets (labels are hand-made, ``same`` = 1 when the two tell the reader one fact twice, as
bench/data/fact_pairs.jsonl is labelled):
- ECB+ explored: bench/data/shown_pairs.jsonl rows drawn ``before, …`` (all 20 shown pairs with cosine ≥ 0.5, 30
  random below, 6 brought in by the entailment check); looked at while exploring these judges.
- ECB+ band (held out): the rows drawn ``every shown pair 0.40-0.50``: labelled after the judges and their
  thresholds were fixed; the reporting set.
- Multi-News validation (``--multinews=CSV``, the 250-cluster validation sample of docs/story-synthesis.md,
  first ``--clusters`` usable clusters, each one story): every shown pair with cosine ≥ 0.45 (explored) and 30
  random ones below (``random.Random(32)``, for the estimate only), labelled in
  bench/data/shown_pairs_multinews.jsonl by cluster and a hash of the two sentences (the licence is
  non-commercial: no text is committed).
With ``--multinews=CSV rouge``, also each drop rule of ``TRADES`` used in the selection: ROUGE-1 on those
clusters (in-process, each one story) against as shipped, and the labelled pairs still shown.
``--strict``: the borderline restatements count as different facts.
Run: ``python bench/paraphrase_judges.py [--strict] [--multinews=CSV [--clusters=60] [rouge]] [DATA_DIR]``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clustering_learned import fit as logistic  # noqa: E402  (plain L2 logistic regression, standardised features)
from story_continuity import entry  # noqa: E402
from _ecb import events  # noqa: E402
from _scope import inner_only  # noqa: E402

from briefer.daily import synthesis as syn  # noqa: E402
from briefer.extraction import load_document  # noqa: E402
from briefer.grounding import score_pairs  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"
HERE = Path(__file__).resolve().parent / "data"
BAND = "every shown pair 0.40-0.50"
FEATURES = ("cosine", "jaccard", "shared words", "shared names", "shared numbers", "entail max", "entail min",
            "same article", "first position", "other wordings")


STRICT = False  # --strict: a borderline restatement (``borderline`` in the labels) counts as different facts


def label(row: dict) -> int:
    return int(row["same"] and not (STRICT and row.get("borderline")))


def pair_key(a: str, b: str) -> str:
    """How a Multi-News pair is named in the committed labels: a hash of its two sentences, never the text."""
    return hashlib.sha1(f"{a}\n{b}".encode()).hexdigest()[:16]


def shown_pairs(told, story: str) -> list[dict]:
    """Every pair of a story's shown sentences, with the two facts they stand for."""
    facts = {syn.representative(f).text: f for f in told.facts}
    shown = [p.text for p in told.points + told.differences]
    return [{"story": story, "a": a, "b": b, "fa": facts[a], "fb": facts[b], "restates": told.restates}
            for a, b in combinations(shown, 2)]


def features(pairs: list[dict]) -> None:
    vecs = syn.similarities([t for p in pairs for t in (p["a"], p["b"])])
    ab = score_pairs([p["a"] for p in pairs], [p["b"] for p in pairs])
    ba = score_pairs([p["b"] for p in pairs], [p["a"] for p in pairs])
    for k, p in enumerate(pairs):
        ma, mb = syn.representative(p["fa"]), syn.representative(p["fb"])
        others = [(m, n) for m in p["fa"].mentions for n in p["fb"].mentions if (m, n) != (ma, mb)]
        p["x"] = {"cosine": float(vecs[2 * k, 2 * k + 1]), "jaccard": syn.jaccard(ma.words, mb.words),
                  "shared words": len(ma.words & mb.words), "shared names": len(ma.names & mb.names),
                  "shared numbers": len(ma.nums & mb.nums), "entail max": float(max(ab[k], ba[k])),
                  "entail min": float(min(ab[k], ba[k])), "same article": float(ma.article == mb.article),
                  "first position": float(min(ma.pos, mb.pos)),
                  "other wordings": float(any(p["restates"](m, n) for m, n in others))}


JUDGES = {
    **{f"cosine ≥ {t:.2f}": (lambda t: lambda x: x["cosine"] >= t)(t) for t in (0.40, 0.45, 0.50, 0.55, 0.60)},
    **{f"cosine ≥ 0.45, {k}+ shared words": (lambda k: lambda x: x["cosine"] >= 0.45 and x["shared words"] >= k)(k)
       for k in (1, 2)},
    **{f"cosine ≥ 0.45, entail max ≥ {t}": (lambda t: lambda x: x["cosine"] >= 0.45 and x["entail max"] >= t)(t)
       for t in (0.1, 0.3, 0.5)},
    "cosine ≥ 0.45, entail min ≥ 0.1": lambda x: x["cosine"] >= 0.45 and x["entail min"] >= 0.1,
    "other wordings restated": lambda x: x["other wordings"] > 0,
}


def auc(scores: list[float], gold: list[int]) -> float:
    pos = [s for s, g in zip(scores, gold) if g]
    neg = [s for s, g in zip(scores, gold) if not g]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / max(1, len(pos) * len(neg))


def ecb_sets(data: Path) -> dict[str, list[dict]]:
    rows = [json.loads(line) for line in (HERE / "shown_pairs.jsonl").read_text().splitlines() if line.strip()]
    labels = {(r["a"], r["b"]): r for r in rows}
    pairs = []
    for ev, names in events(data).items():
        if len(names) >= 2:
            names = names[:6]
            members = [entry(n, data / "articles" / n) for n in names]
            texts = [load_document(str(data / "articles" / n)).text for n in names]
            pairs += shown_pairs(syn.synthesize(members, texts), ev)
    out: dict[str, list[dict]] = {"ECB+ explored": [], "ECB+ band (held out)": []}
    for p in pairs:
        r = labels.get((p["a"], p["b"]))
        if r:
            p["same"] = label(r)
            out["ECB+ band (held out)" if r["drawn"] == BAND else "ECB+ explored"].append(p)
    return out


def multinews_set(csv_path: Path, clusters: int, keep: list | None = None) -> list[dict]:
    """The labelled shown pairs with cosine ≥ 0.45 of the first ``clusters`` usable clusters (each one story);
    prints an estimate of all restated shown pairs (the random sample's rate below 0.45)."""
    from _stories_rouge import load_clusters

    rows = [json.loads(line) for line in (HERE / "shown_pairs_multinews.jsonl").read_text().splitlines() if line.strip()]
    labels = {(r["cluster"], r["pair"]): r for r in rows}
    out, shown, low = [], 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for c in load_clusters(csv_path, clusters, 6):
            members, texts = [], []
            for i, text in enumerate(c["articles"]):
                path = Path(tmp) / f"{c['id']}_{i}.txt"
                path.write_text(text)
                members.append(entry(path.name, path))
                texts.append(text)
            if keep is not None:
                keep.append((c, members, texts))
            pairs = shown_pairs(syn.synthesize(members, texts), c["id"])
            shown += len(pairs)
            for p in pairs:
                r = labels.get((c["id"], pair_key(p["a"], p["b"])))
                if r and r["drawn"] == "random below 0.45":
                    low.append(label(r))
                elif r:
                    p["same"] = label(r)
                    out.append(p)
    rate = sum(low) / max(1, len(low))
    print(f"Multi-News validation: {shown} shown pairs; cosine ≥ 0.45: {len(out)} labelled, "
          f"{sum(p['same'] for p in out)} restated; below: {sum(low)} of {len(low)} random ones restated; "
          f"estimated restated among all shown: {sum(p['same'] for p in out) + rate * (shown - len(out)):.0f}")
    return out


def main(argv: list[str]) -> None:
    inner_only("judges of restated shown pairs on hand labels", "bench/shown_pairs.py, bench/stories.py")
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    rest = [a for a in argv if not a.startswith("--") and a != "rouge"]
    global STRICT
    STRICT = "--strict" in argv
    sets = ecb_sets(Path(rest[0]) if rest else DATA)
    kept: list = []
    if "multinews" in opts:
        sets["Multi-News validation"] = multinews_set(Path(opts["multinews"]), int(opts.get("clusters", 60)), kept)
    for pairs in sets.values():
        features(pairs)
    for name, pairs in sets.items():
        gold = [p["same"] for p in pairs]
        print(f"\n{name}: {len(pairs)} labelled shown pairs, {sum(gold)} restated")
        print("  AUC: " + ", ".join(f"{f} {auc([p['x'][f] for p in pairs], gold):.2f}" for f in FEATURES))
        for judge, rule in JUDGES.items():
            hit = [p["same"] for p in pairs if rule(p["x"])]
            print(f"  {judge:36} catches {sum(hit):3} restated, drops {len(hit) - sum(hit):3} different facts")
    explored = [p for n, ps in sets.items() if "held out" not in n for p in ps]
    held = sets["ECB+ band (held out)"]
    X = np.array([[p["x"][f] for f in FEATURES] for p in explored])
    score = logistic(X, np.array([p["same"] for p in explored], dtype=float))
    s = score(np.array([[p["x"][f] for f in FEATURES] for p in held]))
    gold = [p["same"] for p in held]
    order = np.argsort(-s)
    cos = [p["x"]["cosine"] for p in held]
    rng = np.random.default_rng(0)
    diffs = sorted(auc([s[i] for i in idx], [gold[i] for i in idx]) - auc([cos[i] for i in idx], [gold[i] for i in idx])
                   for idx in (rng.integers(0, len(held), len(held)) for _ in range(1000)))
    print(f"\nlogistic on every feature, fit on the {len(explored)} explored pairs, on the held-out band: AUC "
          f"{auc(list(s), gold):.2f} (cosine alone {auc(cos, gold):.2f}; difference paired bootstrap 95% "
          f"{diffs[25]:+.2f} .. {diffs[974]:+.2f}); "
          + ", ".join(f"its top {k}: {sum(gold[i] for i in order[:k])} restated" for k in (5, 10, 20)))


    if kept and "rouge" in argv:
        trade(kept)


TRADES = {  # the selection's restated, or also one of these (the judges above, as drop rules)
    "cosine ≥ 0.45, 2+ shared words": lambda a, b, cos: cos >= 0.45 and len(a.words & b.words) >= 2,
    "cosine ≥ 0.50, 2+ shared words": lambda a, b, cos: cos >= 0.50 and len(a.words & b.words) >= 2,
    "cosine ≥ 0.60": lambda a, b, cos: cos >= 0.60,
}


def trade(kept: list) -> None:
    """``--rouge``: each judge used in the selection (in-process, each cluster one story): story ROUGE-1 against
    the human summary (points and differences), minus as shipped, paired bootstrap 95% over clusters; and the
    labelled restated / different pairs still shown. The judges are patched into ``synthesis.restated``."""
    from summary_quality import score

    rows = [json.loads(line) for line in (HERE / "shown_pairs_multinews.jsonl").read_text().splitlines() if line.strip()]
    labels = {(r["cluster"], r["pair"]): label(r) for r in rows if r["drawn"] != "random below 0.45"}
    shipped, r1 = syn.restated, {}
    try:
        for name, extra in {"as shipped": None, **TRADES}.items():
            syn.restated = shipped if extra is None else (
                lambda e: lambda a, b, cos, entails=syn.entails_either:
                shipped(a, b, cos, entails) or (cos is not None and e(a, b, cos)))(extra)
            r1[name], left = [], [0, 0]
            for c, members, texts in kept:
                told = syn.synthesize(members, texts)
                shown = [p.text for p in told.points + told.differences]
                r1[name].append(score(shown, [c["summary"]])["r1"])
                for a, b in combinations(shown, 2):
                    same = labels.get((c["id"], pair_key(a, b)))
                    if same is not None:
                        left[1 - same] += 1
            line = f"  {name:32} ROUGE-1 {np.mean(r1[name]):.4f}; labelled pairs still shown: {left[0]} restated, {left[1]} different"
            if extra is not None:
                d = np.array(r1[name]) - np.array(r1["as shipped"])
                rng = np.random.default_rng(0)
                boot = sorted(float(d[rng.integers(0, len(d), len(d))].mean()) for _ in range(2000))
                line += f"; minus as shipped {d.mean():+.4f} [{boot[49]:+.4f}, {boot[1949]:+.4f}]"
            print(line)
    finally:
        syn.restated = shipped


if __name__ == "__main__":
    main(sys.argv[1:])
