"""The simple baseline for a learned filter: the rules' own knob. ``find_people`` lists a name with
no role when it has 2+ mentions; ask for K+ instead and see what precision that buys at what
recall, on dev and test, against the rules (K=2). A learned filter has to beat this trade.

    PYTHONPATH=src:research/actors .venv/bin/python research/actors/mention_knob.py --conll /tmp/points/eng.train
"""

from __future__ import annotations

import argparse
from pathlib import Path

from learned_filter import _bench, conll_candidates, rows_for


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conll", type=Path, required=True)
    args = ap.parse_args()
    bench = _bench()
    docs = conll_candidates(bench, args.conll)
    for split, sel in (("dev prose", lambda d: d["i"] % 2 == 0 and d["prose"]), ("test prose", lambda d: d["i"] % 2 == 1 and d["prose"])):
        part = [d for d in docs if sel(d)]
        base = rows_for(bench, part, lambda d, k: True)
        for need in (3, 4):
            keep = (lambda n: lambda d, k: bool(d["people"][k].role) or len(d["people"][k].mentions) >= n)(need)
            a = rows_for(bench, part, keep)
            s = bench.summary(a)
            dp = bench.paired(a, base, "strict", "listed")
            dr = bench.paired(a, base, "multi_found", "multi")
            print(f"{split}: roleless names need {need}+ mentions: listed {s['listed']}, precision {s['precision']:.3f} "
                  f"({dp[0]:+.3f}, {dp[1]:+.3f} to {dp[2]:+.3f}), recall@2 multi {s['recall_multi']:.3f} ({dr[0]:+.3f}, {dr[1]:+.3f} to {dr[2]:+.3f})")


if __name__ == "__main__":
    main()
