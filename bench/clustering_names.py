"""Do capitalised names and numbers help? ``NAME_WEIGHT`` against the shipped clustering, leave-topics-out.

    python bench/clustering_names.py [--data ../shared/data/clustering/ecbplus-dev] [--weight 2] [--gap 0,2]

Names and numbers (terms written capitalised or as digits in at least half their occurrences) weigh
``--weight`` times as much in the tf-idf vectors. Both variants under the same 5-fold leave-topics-out
cross-validation (threshold chosen on the other folds), once without times and once with the times of
``bench/clustering_days.py``; per-topic B-cubed F1, paired bootstrap 95% interval over topics.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import clustering as bench  # noqa: E402
import clustering_days as days  # noqa: E402
from briefer.daily import clustering  # noqa: E402
from briefer.daily.clustering import article_text  # noqa: E402
from _scope import inner_only  # noqa: E402


def main() -> None:
    inner_only("briefer.daily.clustering on texts read here")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=bench.DATA)
    ap.add_argument("--weight", type=float, default=2.0)
    ap.add_argument("--gap", default="1,10")
    args = ap.parse_args()
    days.GAP_DAYS = tuple(int(v) for v in args.gap.split(","))
    docs, gold, topic = bench.load(args.data)
    texts = [article_text(d) for d in docs]
    times = days.assign_times(gold, topic, 0)
    grid = np.round(np.arange(0.04, 0.201, 0.01), 3)
    for label, when in (("no times", None), (f"times, gap {args.gap} days", times)):
        per = {}
        for w in (1.0, args.weight):
            clustering.NAME_WEIGHT = w

            def run(idx, t):
                return clustering.cluster_with_stats([texts[i] for i in idx], threshold=t,
                                                     times=None if when is None else [when[i] for i in idx])[0]
            per[w], chosen = days.cv_per_topic(gold, topic, grid, run, bench.bcubed, bench.FOLDS)
            print(f"{label:<22} NAME_WEIGHT {w:g}: mean per-topic F1 {np.mean(list(per[w].values())):.3f} thresholds {chosen}")
        d = [per[args.weight][t] - per[1.0][t] for t in sorted(per[1.0])]
        print(f"{label:<22} names - shipped {np.mean(d):+.3f}, paired 95% CI over topics {bench.paired_ci(d)}")


if __name__ == "__main__":
    main()
