"""When do two outlets' sentences state one fact? ``daily.synthesis.same_fact`` against word overlap,
on sentence pairs labelled by hand.

Data: bench/data/fact_pairs.jsonl — 150 pairs of sentences from two different articles of one ECB+ dev
event (text from ECB+, CC BY 3.0), sampled across four bands of MiniLM cosine (<0.45, 0.45-0.6, 0.6-0.72,
≥0.72) so that hard pairs are common, and labelled ``same`` = 1 when, shown as two points of one story,
they would tell the reader one fact twice (one states the other's main claim, in other words or with
more detail; two different figures for one quantity are labelled 0). Split by event: ``dev`` (75
pairs) to choose thresholds, ``test`` (75) to report. A pair's ``common`` terms (the story's subject:
names and numbers used by half its articles) come from the event's first five articles, as
``synthesize`` computes them.

Prints, per rule, dev F1 at its best threshold and test precision/recall/F1, then test F1 of
``same_fact`` (as shipped) minus the word-overlap baseline with a paired bootstrap 95% interval.
Then the selection's looser test (``restated``: two points that must not both be shown) with and
without its entailment check for pairs that share nothing (the shipped checker, both directions), dev
and test precision/recall, and the test precision difference with a paired bootstrap 95% interval.
Run: ``python bench/fact_pairs.py [DATA_DIR]``.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_continuity import entry  # noqa: E402

from briefer.daily import synthesis as syn  # noqa: E402
from briefer.extraction import load_document  # noqa: E402
from _scope import inner_only  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"
PAIRS = Path(__file__).resolve().parent / "data" / "fact_pairs.jsonl"


def f1(pred: list[int], gold: list[int]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(pred, gold))
    prec = tp / max(1, sum(pred))
    rec = tp / max(1, sum(gold))
    return prec, rec, 2 * prec * rec / max(1e-9, prec + rec)


def main(argv: list[str]) -> None:
    inner_only("briefer.daily.synthesis.same_fact on labelled pairs")
    data = Path(argv[0]) if argv else DATA
    rows = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    labels = json.loads((data / "labels.json").read_text())
    events: dict[str, list[str]] = defaultdict(list)
    for name in sorted(labels):
        events[labels[name]].append(name)
    common = {}
    for ev in {r["event"] for r in rows}:
        names = events[ev][:5]
        members = [entry(n, data / "articles" / n) for n in names]
        texts = [load_document(str(data / "articles" / n)).text for n in names]
        common[ev] = syn.common_terms(syn.candidates(members, texts))
    vecs = syn.similarities([t for r in rows for t in (r["a"], r["b"])])
    for k, r in enumerate(rows):
        r["cos"] = float(vecs[2 * k, 2 * k + 1])
        r["ma"], r["mb"] = syn.mention(0, 0, r["a"], []), syn.mention(1, 0, r["b"], [])
        r["jac"] = syn.jaccard(r["ma"].words, r["mb"].words)
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    grid = [x / 100 for x in range(10, 96, 2)]

    def best(rule, part):
        return max(grid, key=lambda t: (f1([rule(r, t) for r in part], [r["same"] for r in part])[2], -abs(t - 0.5)))

    rules = {
        "word overlap (Jaccard)": lambda r, t: int(r["jac"] >= t),
        "cosine": lambda r, t: int(r["cos"] >= t),
    }
    print(f"{len(rows)} pairs: dev {len(dev)} ({sum(r['same'] for r in dev)} same), "
          f"test {len(test)} ({sum(r['same'] for r in test)} same)")
    print(f"{'rule':34} {'thr':>5} {'dev F1':>7} {'test P':>7} {'test R':>7} {'test F1':>8}")
    preds = {}
    for name, rule in rules.items():
        t = best(rule, dev)
        d = f1([rule(r, t) for r in dev], [r["same"] for r in dev])[2]
        preds[name] = [rule(r, t) for r in test]
        p, rc, f = f1(preds[name], [r["same"] for r in test])
        print(f"{name:34} {t:5.2f} {d:7.3f} {p:7.3f} {rc:7.3f} {f:8.3f}")
    shipped = lambda r: int(syn.same_fact(r["ma"], r["mb"], r["cos"], common[r["event"]]))  # noqa: E731
    d = f1([shipped(r) for r in dev], [r["same"] for r in dev])[2]
    preds["same_fact"] = [shipped(r) for r in test]
    p, rc, f = f1(preds["same_fact"], [r["same"] for r in test])
    print(f"{'same_fact (as shipped)':34} {'':5} {d:7.3f} {p:7.3f} {rc:7.3f} {f:8.3f}")
    gold = [r["same"] for r in test]
    rng = random.Random(0)
    for base in ("word overlap (Jaccard)", "cosine"):
        diffs = []
        for _ in range(2000):
            idx = [rng.randrange(len(test)) for _ in test]
            g = [gold[i] for i in idx]
            diffs.append(f1([preds["same_fact"][i] for i in idx], g)[2] - f1([preds[base][i] for i in idx], g)[2])
        diffs.sort()
        delta = f1(preds["same_fact"], gold)[2] - f1(preds[base], gold)[2]
        print(f"test F1 same_fact - {base}: {delta:+.3f} (paired bootstrap 95% CI {diffs[49]:+.3f} .. {diffs[1949]:+.3f})")
    selection(dev, test, rng)


def selection(dev: list[dict], test: list[dict], rng: random.Random) -> None:
    """``restated`` (must not both be shown) without and with its entailment check (issue 32)."""
    rules = {"restated, no entailment (before)": lambda r: int(syn.restated(r["ma"], r["mb"], r["cos"], entails=None)),
             "restated (shipped)": lambda r: int(syn.restated(r["ma"], r["mb"], r["cos"]))}
    print(f"{'selection rule':34} {'dev P':>6} {'dev R':>6} {'test P':>7} {'test R':>7} {'test F1':>8}")
    preds = {}
    for name, rule in rules.items():
        d = f1([rule(r) for r in dev], [r["same"] for r in dev])
        preds[name] = [rule(r) for r in test]
        p, rc, f = f1(preds[name], [r["same"] for r in test])
        print(f"{name:34} {d[0]:6.3f} {d[1]:6.3f} {p:7.3f} {rc:7.3f} {f:8.3f}")
    gold = [r["same"] for r in test]
    new, old = preds["restated (shipped)"], preds["restated, no entailment (before)"]
    for k, what in ((0, "precision"), (1, "recall")):
        diffs = []
        for _ in range(2000):
            idx = [rng.randrange(len(test)) for _ in test]
            g = [gold[i] for i in idx]
            diffs.append(f1([new[i] for i in idx], g)[k] - f1([old[i] for i in idx], g)[k])
        diffs.sort()
        print(f"test {what} shipped - before: {f1(new, gold)[k] - f1(old, gold)[k]:+.3f} "
              f"(paired bootstrap 95% CI {diffs[49]:+.3f} .. {diffs[1949]:+.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
