"""Short claims against a real article: the entailment check the brief runs on every model-written point and role,
side by side with word overlap and the lexical checker, in one run.

    .venv/bin/python bench/claims.py [--data ../shared/data]

Two sets of 30 claims (15 true paraphrases, 15 with one swapped entity, number, date, place, speaker or negation):
- dev: eval/checker/dev_claims.jsonl about an article of the extraction benchmark (833caf3b…, US policy on Israeli
  settlements; its sentences were among stage 1's synthetic pairs, these claims were not);
  ``briefer.grounding.CLAIM_THRESHOLD`` was chosen on it;
- seed (test): eval/checker/seed_claims.jsonl about ../shared/data/articles/jpost-gallant-pentagon.txt, scored, never
  tuned on.
The overlap baselines get their best threshold on each set (an oracle the model does not get). The last line is
one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLE = "833caf3b"
sys.path.insert(0, str(ROOT / "bench"))
from faithfulness import balanced_accuracy, best_threshold_ba, overlap, roc_auc  # noqa: E402  (one definition each)
from _scope import inner_only  # noqa: E402


def main() -> None:
    inner_only("the entailment check, briefer.pipeline.check_entailed")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    from briefer import grounding
    from briefer.grounding import CLAIM_THRESHOLD
    from briefer.grounding import check_faithfulness as check

    gt = json.load((args.data / "extraction" / "ground-truth.json").open())
    sets = {
        "dev (settlements)": (next(v["articleBody"] for k, v in gt.items() if k.startswith(DEV_ARTICLE)),
                              ROOT / "eval" / "checker" / "dev_claims.jsonl"),
        "seed (Gallant), test": ((args.data / "articles" / "jpost-gallant-pentagon.txt").read_text(),
                                 ROOT / "eval" / "checker" / "seed_claims.jsonl"),
    }
    print(f"entailment threshold {CLAIM_THRESHOLD} (chosen on dev); baselines at their best threshold per set (oracle)")
    print(f"{'set':<22} {'claims':>6}  {'entail BA':>9} {'AUC':>6} {'ms/claim':>8}  {'bigram BA*':>10} {'AUC':>6}  "
          f"{'lexical BA':>10} {'AUC':>6}")
    figures = {}
    for name, (article, path) in sets.items():
        rows = [json.loads(line) for line in path.open()]
        labels = [r["label"] for r in rows]
        t0 = time.perf_counter()
        verdicts = [grounding.check_claim(article, r["claim"]) for r in rows]
        ms = (time.perf_counter() - t0) / len(rows) * 1000
        bi = [overlap(article, r["claim"], 2) for r in rows]
        lex = [check(article, r["claim"]) for r in rows]
        e_ba, e_auc = balanced_accuracy(labels, [v[1] for v in verdicts]), roc_auc(labels, [v[0] for v in verdicts])
        print(f"{name:<22} {len(rows):>6}  {e_ba:>9.3f} {e_auc:>6.3f} {ms:>8.0f}  {best_threshold_ba(labels, bi):>10.3f} "
              f"{roc_auc(labels, bi):>6.3f}  {balanced_accuracy(labels, [v.label for v in lex]):>10.3f} "
              f"{roc_auc(labels, [v.score for v in lex]):>6.3f}")
        figures[name.split()[0]] = {"entail_ba": round(e_ba, 3), "entail_auc": round(e_auc, 3),
                                    "bigram_best_ba": round(best_threshold_ba(labels, bi), 3)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
