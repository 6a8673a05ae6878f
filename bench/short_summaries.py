"""What ``score-pairs`` / ``check_faithfulness`` say about short and degenerate summaries, before and after the
routing (empty or non-text -> 0; one sentence -> the claim check), side by side in one run.

    .venv/bin/python bench/short_summaries.py [--data ../shared/data] [--no-frank] [--reps 2000]

"old lexical" is the lexical model on every summary (``faithfulness.lexical``, what ``check`` did before);
"old entail" is the entailment summary score at its dev threshold (``grounding.score_summaries``, what
``score-pairs --checker entail`` did); "new" is ``faithfulness.check_many`` with either checker. Sets:
- degenerate summaries (empty, blank, 200 KB of "x", punctuation, one word repeated): the label each gets;
- the 30 dev claims (eval/checker/dev_claims.jsonl: the claim threshold was chosen on them) and the 30 seed
  claims (eval/checker/seed_claims.jsonl, the held-out report), each a one-sentence summary of its article;
- with the FRANK data, its one-sentence summaries per split and origin: valid is dev (looked at when choosing
  the routing), test is held out (reported, never tuned on).
Balanced accuracy (BA) per column; "new - old" is the paired difference with a bootstrap 95% interval over
the pairs. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval"), str(ROOT / "eval" / "checker")]
from judge_scores import ba  # noqa: E402  (one definition of balanced accuracy)

from briefer.grounding import score_summaries  # noqa: E402
from briefer.grounding import SUMMARY_THRESHOLD  # noqa: E402
from briefer.grounding import check_many, one_sentence as _one_sentence, lexical  # noqa: E402  (the routing's own test)
from _scope import inner_only  # noqa: E402

DEV_ARTICLE = "833caf3b"
DEGENERATE = {"empty": "", "blank": "   \n ", "200 KB of x": "x" * 200_000, "punctuation": "... -- !!! ???",
              "one word repeated": "news " * 400}


def paired_ci(labels, old, new, reps: int, seed: int = 0) -> tuple[float, float, float]:
    """BA(new) - BA(old) and its bootstrap 95% interval, resampling pairs (both columns together)."""
    y, a, b = np.asarray(labels), np.asarray(old), np.asarray(new)
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(reps):
        i = rng.integers(0, len(y), len(y))
        if len(set(y[i])) == 2:
            diffs.append(ba(y[i], b[i]) - ba(y[i], a[i]))
    return ba(y, b) - ba(y, a), float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))


def columns(documents: list[str], summaries: list[str]) -> dict[str, list[int]]:
    return {
        "old lexical": [lexical(d, s).label for d, s in zip(documents, summaries)],
        "old entail": [int(x >= SUMMARY_THRESHOLD) for x in score_summaries(documents, summaries)],
        "new lexical": [v.label for v in check_many(documents, summaries, checker="lexical")],
        "new entail": [v.label for v in check_many(documents, summaries, checker="entail")],
    }


def report(name: str, labels: list[int], cols: dict[str, list[int]], reps: int, seconds: float) -> dict:
    out = {"n": len(labels), "positives": int(sum(labels))}
    line = f"{name:<28} {len(labels):>4} {sum(labels):>4}"
    for col, pred in cols.items():
        out[col] = round(float(ba(labels, pred)), 3)
        line += f" {out[col]:>11.3f}"
    for checker in ("lexical", "entail"):
        d, lo, hi = paired_ci(labels, cols[f"old {checker}"], cols[f"new {checker}"], reps)
        out[f"new-old {checker}"] = [round(d, 3), round(lo, 3), round(hi, 3)]
        line += f"  {d:+.3f} [{lo:+.2f}, {hi:+.2f}]"
    print(line + f"  {seconds * 1000 / max(1, len(labels)):>6.0f}", flush=True)
    return out


def main() -> None:
    inner_only("the faithfulness checker on short summaries")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--no-frank", action="store_true", help="skip the FRANK one-sentence summaries (the slow part)")
    ap.add_argument("--reps", type=int, default=2000)
    args = ap.parse_args()
    figures: dict = {"degenerate": {}}
    doc = "Defense Minister Yoav Gallant met US Defense Secretary Lloyd Austin at the Pentagon on Tuesday."
    print("degenerate summary       old lexical  old entail  new lexical  new entail   (1 = called faithful)")
    for name, summary in DEGENERATE.items():
        cols = columns([doc], [summary])
        figures["degenerate"][name] = {k: v[0] for k, v in cols.items()}
        print(f"{name:<24} " + "".join(f"{v[0]:>12}" for v in cols.values()))

    gt = json.load((args.data / "extraction" / "ground-truth.json").open())
    claim_sets = {
        "dev claims (tuned on)": (next(v["articleBody"] for k, v in gt.items() if k.startswith(DEV_ARTICLE)),
                                  ROOT / "eval" / "checker" / "dev_claims.jsonl"),
        "seed claims (held out)": ((args.data / "articles" / "jpost-gallant-pentagon.txt").read_text(),
                                   ROOT / "eval" / "checker" / "seed_claims.jsonl"),
    }
    print(f"\n{'set':<28} {'n':>4} {'pos':>4} {'old lexical':>11} {'old entail':>11} {'new lexical':>11} "
          f"{'new entail':>11}  {'new-old lexical [95% CI]':<24}  {'new-old entail [95% CI]':<24}  ms/pair")
    for name, (article, path) in claim_sets.items():
        rows = [json.loads(line) for line in path.open()]
        t0 = time.perf_counter()
        cols = columns([article] * len(rows), [r["claim"] for r in rows])
        figures[name.split()[0]] = report(name, [r["label"] for r in rows], cols, args.reps,
                                          (time.perf_counter() - t0) / 4)
    if not args.no_frank:
        frank = [json.loads(line) for line in (args.data / "faithfulness" / "frank.jsonl").open()]
        for split in ("valid", "test"):
            for origin in ("cnndm", "bbc"):
                rows = [r for r in frank
                        if r["split"] == split and r["origin"] == origin and _one_sentence(r["summary"])]
                if not rows:
                    continue
                t0 = time.perf_counter()
                cols = columns([r["document"] for r in rows], [r["summary"] for r in rows])
                figures[f"frank {split} {origin}"] = report(
                    f"FRANK {split} {origin}, 1 sentence", [r["label"] for r in rows], cols, args.reps,
                    (time.perf_counter() - t0) / 4)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
