"""Summary quality of briefer's extractive selection on the dev sets, beside Lead-3, Lead-2 and TextRank.

    .venv/bin/python bench/summary_quality.py [--data ../shared/data] [--boot 2000] [--limit N]
    PYTHONPATH=OTHER/src .venv/bin/python bench/summary_quality.py --dump /tmp/before.json
    .venv/bin/python bench/summary_quality.py --against /tmp/before.json   # paired: this − the dump

Why this bench: issue 14 found the embedded default's brief scoring below the article's first
three sentences. The points of an extractive brief are chosen by ``briefer.pipeline._selection`` (the model
only adds an optional signal, weight 0 by default), so the selection alone is what is measured
here, with briefer's own sentence splitter, exactly as ``briefer summarize`` shows it.

Data (dev only): the 70 SummEval articles × 11 references (``faithfulness/summeval.jsonl``) and the
CNN/DM part of FRANK (``summaries/frank_references.jsonl``, one reference each). ROUGE-1/2/Lsum F
(rouge-score, stemming; max over references, mean over articles; Lsum over newline-separated
sentences) and words; a paired bootstrap over articles for briefer − Lead-3. The target (issue 14):
ROUGE-1 ≥ Lead-3 + 0.01 with ROUGE-2 no worse.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from briefer import pipeline as selection
from briefer.text import SELECTION_STOPWORDS, stem
from briefer.sentences import split_sentences
from _scope import inner_only  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def load(data: Path, name: str) -> list[dict]:
    """[{document, references}] for 'summeval' (one row per article) or 'frank' (its CNN/DM part)."""
    out: dict[str, dict] = {}
    if name == "summeval":
        for line in open(data / "faithfulness" / "summeval.jsonl"):
            r = json.loads(line)
            out.setdefault(r["doc_id"], {"document": r["document"], "references": r["references"]})
    else:
        for line in open(data / "summaries" / "frank_references.jsonl"):
            r = json.loads(line)
            if r["origin"] == "cnndm":
                out[r["id"]] = {"document": r["document"], "references": [r["reference"]]}
    return list(out.values())


def score(summary: list[str], refs: list[str]) -> dict:
    pred = "\n".join(summary)
    best = {"r1": 0.0, "r2": 0.0, "rl": 0.0}
    for ref in refs:
        s = _SCORER.score("\n".join(x for x in re.split(r"(?<=[.!?])\s+", ref.strip()) if x.strip()), pred)
        for key, metric in (("r1", "rouge1"), ("r2", "rouge2"), ("rl", "rougeLsum")):
            best[key] = max(best[key], s[metric].fmeasure)
    best["words"] = sum(len(x.split()) for x in summary)
    return best


def textrank(sentences: list[str], k: int = 3) -> list[int]:
    """Classic TextRank (Mihalcea & Tarau 2004): word overlap normalised by log lengths, PageRank
    with damping 0.85; the top k sentences in reading order."""
    bags = [{stem(w) for w in re.findall(r"[A-Za-z0-9']+", s) if w.lower() not in SELECTION_STOPWORDS}
            for s in sentences]
    n = len(bags)
    if n <= k:
        return list(range(n))
    w = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if len(bags[i]) > 1 and len(bags[j]) > 1:
                w[i, j] = w[j, i] = len(bags[i] & bags[j]) / (math.log(len(bags[i])) + math.log(len(bags[j])))
    out = w.sum(1)
    out[out == 0] = 1
    m = (w / out[:, None]).T
    r = np.full(n, 1 / n)
    for _ in range(50):
        r = 0.15 / n + 0.85 * m @ r
    return sorted(np.argsort(-r, kind="stable")[:k].tolist())


SYSTEMS = {
    "briefer (selection)": lambda ss: [ss[i][a:b] for i, a, b in selection.points(ss)],
    "Lead-3": lambda ss: ss[:3],
    "Lead-2": lambda ss: ss[:2],
    "TextRank-3": lambda ss: [ss[i] for i in textrank(ss)],
}


def paired_bootstrap(a: list[float], b: list[float], n: int, seed: int = 0) -> tuple[float, float, float]:
    """Mean of a − b and its 95% interval, resampling articles."""
    rng = random.Random(seed)
    d = [x - y for x, y in zip(a, b)]
    k = len(d)
    means = sorted(sum(d[rng.randrange(k)] for _ in range(k)) / k for _ in range(n))
    return sum(d) / k, means[int(0.025 * n)], means[int(0.975 * n) - 1]


def main() -> None:
    inner_only("briefer.pipeline.points, the extractive selection, without a model")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--limit", type=int, help="first N articles of each set (quick look)")
    ap.add_argument("--dump", type=Path, help="write briefer's per-article scores here (JSON)")
    ap.add_argument("--against", type=Path, help="a --dump of another version: paired interval of this − it")
    args = ap.parse_args()
    dumped: dict = {}
    other = json.loads(args.against.read_text()) if args.against else None
    for name, label in (("summeval", "SummEval (70 articles × 11 references)"),
                        ("frank", "FRANK CNN/DM (250 articles × 1 reference)")):
        rows_in = load(args.data, name)[: args.limit]
        data = [([s.text for s in split_sentences(d["document"])], d["references"]) for d in rows_in]
        rows = {sys_: [score(f(ss), refs) for ss, refs in data] for sys_, f in SYSTEMS.items()}
        print(f"### {label}\n\n| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | words |\n|---|---|---|---|---|")
        for sys_, r in rows.items():
            m = {k: sum(x[k] for x in r) / len(r) for k in ("r1", "r2", "rl", "words")}
            print(f"| {sys_} | {m['r1']:.4f} | {m['r2']:.4f} | {m['rl']:.4f} | {m['words']:.1f} |")
        print()
        for key, metric in (("r1", "ROUGE-1"), ("r2", "ROUGE-2"), ("rl", "ROUGE-Lsum")):
            a = [x[key] for x in rows["briefer (selection)"]]
            b = [x[key] for x in rows["Lead-3"]]
            d, lo, hi = paired_bootstrap(a, b, args.boot)
            print(f"briefer − Lead-3 {metric}: {d:+.4f} (95% CI {lo:+.4f} to {hi:+.4f})")
        dumped[name] = rows["briefer (selection)"]
        if other:
            for key, metric in (("r1", "ROUGE-1"), ("r2", "ROUGE-2"), ("rl", "ROUGE-Lsum")):
                a = [x[key] for x in rows["briefer (selection)"]]
                b = [x[key] for x in other[name]]
                d, lo, hi = paired_bootstrap(a, b, args.boot)
                print(f"briefer − against {metric}: {d:+.4f} (95% CI {lo:+.4f} to {hi:+.4f}); "
                      f"articles that differ: {sum(x != y for x, y in zip(a, b))}")
        print()
    if args.dump:
        args.dump.write_text(json.dumps(dumped))


if __name__ == "__main__":
    main()
