"""Cross-validation by article of ``briefer.pipeline._selection``'s weights on the dev sets (issue 14, item 1).

    .venv/bin/python bench/selection_cv.py [--data ../shared/data] [--seeds 5]   # ~3 min on one core

Why: the dev sets are small (70 + 250 articles) and the selector will be scored again on articles
the repo does not have, so a weight is only worth shipping if it also wins on articles it was not
tuned on. For each of 5 folds by article (per set), the grid point with the best mean ROUGE-1 gain
over Lead-3 (averaged over SummEval and FRANK CNN/DM) on the training articles is scored on the
held-out ones; repeated over fold seeds. Prints each seed's held-out gains and the chosen points,
then the held-out gains averaged over seeds with a paired bootstrap over articles. Scoring is
``bench/summary_quality.py``'s (rouge-score, stemming, max over references); a summary is scored
once per distinct set of points.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summary_quality import ROOT, load, paired_bootstrap, score  # noqa: E402

from briefer import pipeline as selection  # noqa: E402
from briefer.sentences import split_sentences  # noqa: E402
from _scope import inner_only  # noqa: E402

GRID = [
    {"window": w, "tau": t, "w_central": c, "w_caption": cap, "w_info": info}
    for w, t, c, cap, info in itertools.product((4, 5), (1.5, 2.5), (0.0, 0.4), (0.0, 0.8, 1.5, 2.5), (0.0, 0.4, 0.8, 1.2))
]


def main() -> None:
    inner_only("briefer.pipeline.points' weights")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--boot", type=int, default=2000)
    args = ap.parse_args()
    sets = {}
    for name in ("summeval", "frank"):
        docs = load(args.data, name)
        sets[name] = [([s.text for s in split_sentences(d["document"])], d["references"]) for d in docs]
    lead3 = {n: [score(ss[:3], refs) for ss, refs in rows] for n, rows in sets.items()}
    gains = {n: [] for n in sets}  # gains[n][grid point][article] = (ΔR-1, ΔR-2) over Lead-3
    for n, rows in sets.items():
        cache: dict = {}
        for params in GRID:
            g = []
            for k, (ss, refs) in enumerate(rows):
                pts = tuple(selection.points(ss, params=params))
                if (k, pts) not in cache:
                    cache[k, pts] = score([ss[i][a:b] for i, a, b in pts], refs)
                s = cache[k, pts]
                g.append((s["r1"] - lead3[n][k]["r1"], s["r2"] - lead3[n][k]["r2"]))
            gains[n].append(g)
    held_all = {n: [[0.0, 0.0] for _ in rows] for n, rows in sets.items()}
    for seed in range(args.seeds):
        folds = {}
        for n, rows in sets.items():
            f = [k % 5 for k in range(len(rows))]
            random.Random(seed).shuffle(f)
            folds[n] = f
        held = {n: [None] * len(rows) for n, rows in sets.items()}
        chosen = collections.Counter()
        for fold in range(5):
            def train_gain(gi: int) -> float:
                tot = 0.0
                for n in sets:
                    idx = [k for k, f in enumerate(folds[n]) if f != fold]
                    tot += sum(gains[n][gi][k][0] for k in idx) / len(idx)
                return tot / len(sets)
            best = max(range(len(GRID)), key=train_gain)
            chosen[json.dumps(GRID[best])] += 1
            for n in sets:
                for k, f in enumerate(folds[n]):
                    if f == fold:
                        held[n][k] = gains[n][best][k]
        line = []
        for n in sets:
            r1 = sum(x[0] for x in held[n]) / len(held[n])
            r2 = sum(x[1] for x in held[n]) / len(held[n])
            line.append(f"{n} R-1 {r1:+.4f} R-2 {r2:+.4f}")
            for k, x in enumerate(held[n]):
                held_all[n][k][0] += x[0] / args.seeds
                held_all[n][k][1] += x[1] / args.seeds
        print(f"seed {seed}: held-out gain over Lead-3: " + " | ".join(line))
        for p, c in chosen.most_common():
            print(f"    chosen in {c}/5 folds: {p}")
    print(f"\nheld-out gain over Lead-3, averaged over {args.seeds} seeds (95% paired bootstrap over articles):")
    for n in sets:
        for j, metric in ((0, "ROUGE-1"), (1, "ROUGE-2")):
            d, lo, hi = paired_bootstrap([x[j] for x in held_all[n]], [0.0] * len(held_all[n]), args.boot)
            print(f"  {n} {metric}: {d:+.4f} ({lo:+.4f} to {hi:+.4f})")


if __name__ == "__main__":
    main()
