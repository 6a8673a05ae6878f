"""Faithfulness checker vs lexical baselines on human-labeled pairs, side by side in one run.

    .venv/bin/python bench/faithfulness.py [--data ../shared/data/faithfulness] [--limit N]

Per origin (FRANK test CNN/DM, FRANK test XSum/BBC, SummEval): the lexical checker's balanced accuracy at
its fixed default threshold, ROC-AUC and ms/pair; the entailment model's summary score
(``briefer.grounding.score_summaries``: 0.3 × entailment + 0.7 × bigram overlap, weight and threshold fixed on dev;
``--entail-only`` scores the model alone at its own dev threshold), its AUC and pairs per second (skip it with
``--no-entail``: ~10 minutes on 2 cores for all sets); the bigram- and unigram-overlap baselines (share of the summary's
word n-grams found in the source) at their *best* threshold on that very set (an oracle they get
and the checker does not). The checker's weights come from FRANK's validation split and its
threshold also from the SummEval dev half (eval/train_checker.py): "SummEval held-out" is the
other half, unseen; "SummEval all" includes the dev half, for comparison with published numbers.

With ``--judge-model M --base-url URL`` it also measures the LLM judge (claims, then a verdict per
claim) on the same pairs: its balanced accuracy at its own label (every claim supported), AUC of its
score, and wall seconds per pair at ``--concurrency``. Use ``--limit`` to bound the cost.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from briefer.errors import BrieferError
from briefer.grounding import check_faithfulness as check, default_threshold
from briefer.evals.judge import make_judge

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval"), str(ROOT / "eval" / "checker")]
from train_checker import balanced_accuracy, summeval_dev  # noqa: E402  (one definition of the metric and split)
from judge_scores import auc as roc_auc  # noqa: E402  (one definition of AUC, numpy only)
from _scope import inner_only  # noqa: E402


def best_threshold_ba(labels: list[int], scores: list[float]) -> float:
    return max(balanced_accuracy(labels, [int(s >= t) for s in scores]) for t in sorted(set(scores)))


def overlap(document: str, summary: str, n: int) -> float:
    d, s = re.findall(r"\w+", document.lower()), re.findall(r"\w+", summary.lower())
    grams = {tuple(d[i : i + n]) for i in range(len(d) - n + 1)}
    mine = [tuple(s[i : i + n]) for i in range(len(s) - n + 1)]
    return sum(g in grams for g in mine) / len(mine) if mine else 1.0


def judged(judge, rows: list[dict], concurrency: int, name: str) -> tuple[list[dict | None], float]:
    """The judge's verdict per row (None where the endpoint failed for good) and wall seconds per pair."""
    out: list[dict | None] = [None] * len(rows)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool, Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(f"judging {name}", total=len(rows))
        futures = {pool.submit(judge, r["document"], r["summary"]): i for i, r in enumerate(rows)}
        for future in as_completed(futures):
            try:
                out[futures[future]] = future.result()
            except BrieferError as exc:
                print(f"judge failed on {rows[futures[future]].get('id', futures[future])}: {exc}", file=sys.stderr)
            progress.advance(task)
    return out, (time.perf_counter() - t0) / max(1, len(rows))


def main() -> None:
    inner_only("the faithfulness checker on labelled pairs")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "faithfulness")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--judge-model", help="also measure an LLM judge on this model (needs --base-url)")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint of --judge-model")
    parser.add_argument("--api-key", help="API key for --judge-model")
    parser.add_argument("--concurrency", type=int, default=4, help="judge requests in flight")
    parser.add_argument("--no-entail", action="store_true", help="skip the entailment model (the slow column)")
    parser.add_argument("--entail-only", action="store_true", help="the model's score without the bigram share")
    args = parser.parse_args()
    try:
        judge = make_judge(args.judge_model, base_url=args.base_url, api_key=args.api_key) if args.judge_model else None
    except BrieferError as exc:
        parser.error(str(exc))
    summeval = list(map(json.loads, (args.data / "summeval.jsonl").open()))
    frank_test = [r for r in map(json.loads, (args.data / "frank.jsonl").open()) if r["split"] == "test"]
    sets = {
        "FRANK test CNN/DM": [r for r in frank_test if r["origin"] == "cnndm"],
        "FRANK test XSum": [r for r in frank_test if r["origin"] != "cnndm"],
        "SummEval held-out": [r for r in summeval if not summeval_dev(r["doc_id"])],
        "SummEval all": summeval,
    }
    grounding = None
    if not args.no_entail:
        from briefer import grounding
        if not grounding.available():
            parser.error(f"entailment model: {grounding.why_unavailable()} (or pass --no-entail)")
        weight, threshold = grounding.SUMMARY_ENTAIL_WEIGHT, grounding.SUMMARY_THRESHOLD
        if args.entail_only:
            weight, threshold = 1.0, 0.77  # 0.77: its own dev optimum
        print(f"entailment: {weight} x model + {1 - weight:.1f} x "
              f"bigram overlap, threshold {threshold} (fixed; chosen on the same dev data)")
    print(f"default threshold {default_threshold()} (fixed; chosen on FRANK validation + the SummEval dev half)")
    print(f"{'set':<17} {'pairs':>5}  {'checker BA':>10} {'AUC':>6} {'ms/pair':>8}  {'entail BA':>9} {'AUC':>6} "
          f"{'pairs/s':>7}  {'bigram BA*':>10} {'AUC':>6}  {'unigram BA*':>11} {'AUC':>6}")
    for name, rows in sets.items():
        rows = rows[: args.limit or None]
        if not rows:
            print(f"{name:<17} {0:>5}  (no pairs)")
            continue
        labels = [r["label"] for r in rows]
        t0 = time.perf_counter()
        verdicts = [check(r["document"], r["summary"]) for r in rows]
        ms = (time.perf_counter() - t0) / len(rows) * 1000
        scores = [v.score for v in verdicts]
        bi = [overlap(r["document"], r["summary"], 2) for r in rows]
        uni = [overlap(r["document"], r["summary"], 1) for r in rows]
        ent = "      n/a    n/a     n/a"
        if grounding is not None and name != "SummEval all":  # "all" repeats the held-out half plus dev
            t0 = time.perf_counter()
            e = grounding.score_summaries([r["document"] for r in rows], [r["summary"] for r in rows], weight)
            rate = len(rows) / (time.perf_counter() - t0)
            e_ba = balanced_accuracy(labels, [int(x >= threshold) for x in e])
            ent = f"{e_ba:>9.3f} {roc_auc(labels, e):>6.3f} {rate:>7.1f}"
        print(f"{name:<17} {len(rows):>5}  {balanced_accuracy(labels, [v.label for v in verdicts]):>10.3f} "
              f"{roc_auc(labels, scores):>6.3f} {ms:>8.1f}  {ent}  {best_threshold_ba(labels, bi):>10.3f} "
              f"{roc_auc(labels, bi):>6.3f}  {best_threshold_ba(labels, uni):>11.3f} {roc_auc(labels, uni):>6.3f}")
        if judge is not None:
            verdicts_j, seconds = judged(judge, rows, args.concurrency, name)
            ok = [(y, v) for y, v in zip(labels, verdicts_j) if v is not None]
            ys = [y for y, _ in ok]
            both = 0 < sum(ys) < len(ys)
            ba = f"{balanced_accuracy(ys, [v['label'] for _, v in ok]):.3f}" if both else "n/a"
            auc = f"{roc_auc(ys, [v['score'] for _, v in ok]):.3f}" if both else "n/a"
            print(f"{'  judge':<17} {len(ok):>5}  {ba:>10} {auc:>6} {seconds * 1000:>8.0f}  "
                  f"({args.judge_model}; {len(rows) - len(ok)} failed)")
    print("* baselines at their best threshold on that set (oracle); pairs/s = (document, summary) pairs per second")


if __name__ == "__main__":
    main()
