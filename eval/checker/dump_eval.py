"""The exact model inputs the shipped checker would build for every dev/test item, as token ids, so candidate
weights can be scored on the GPU and judged with the shipped aggregation (issue #15, round 3).

    .venv/bin/python eval/checker/dump_eval.py --out .train/eval_ids.npz --labels /path/outside/the/tree/labels.json

Summary path (``entail.score_summaries``): FRANK valid+test and SummEval, per summary sentence its 2 most
word-sharing document windows, pairs cut to 128 tokens. Claim path (``entail.check_claim``): the dev and seed
claims, 3 windows, 256 tokens (claims the names/numbers guard zeroes are marked). Only dev labels travel in the
npz (test labels are -1 there); the full labels go to --labels, which stays on this machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from briefer.grounding import K_WINDOWS, MAX_LEN, WordPiece, base_model_dir, bigram_share as _bigram_share, checkable as _checkable, novel_terms, top_windows, windows, words
from briefer.sentences import checker_sentences as split_sentences

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "eval"))
from train_checker import summeval_dev  # noqa: E402  (the one dev/held-out split of SummEval)

DATA = ROOT.parent / "shared" / "data"
GROUPS = ["frank-valid-cnndm", "frank-valid-bbc", "summeval-dev", "frank-test-cnndm", "frank-test-bbc",
          "summeval-heldout", "claims-dev", "claims-seed"]


def items():
    """(group, evidence, text, label, kind): kind 's' = summary path, 'c' = claim path."""
    for r in map(json.loads, (DATA / "faithfulness" / "frank.jsonl").open()):
        yield f"frank-{r['split']}-{r['origin']}", r["document"], r["summary"], r["label"], "s"
    for r in map(json.loads, (DATA / "faithfulness" / "summeval.jsonl").open()):
        yield "summeval-" + ("dev" if summeval_dev(r["doc_id"]) else "heldout"), r["document"], r["summary"], r["label"], "s"
    gt = json.load((DATA / "extraction" / "ground-truth.json").open())
    dev_article = next(v["articleBody"] for k, v in gt.items() if k.startswith("833caf3b"))
    for r in map(json.loads, (ROOT / "eval" / "checker" / "dev_claims.jsonl").open()):
        yield "claims-dev", dev_article, r["claim"], r["label"], "c"
    seed = (DATA / "articles" / "jpost-gallant-pentagon.txt").read_text()
    for r in map(json.loads, (ROOT / "eval" / "checker" / "seed_claims.jsonl").open()):
        yield "claims-seed", seed, r["claim"], r["label"], "c"


def dump(rows, k: int = 2, window: int = 2, max_len: int = 128) -> dict:
    """rows: (group, evidence, text, label, kind) -> the arrays of the npz (all labels kept; main withholds test's)."""
    tok = WordPiece(base_model_dir() / "vocab.txt")
    ids, offs, nprem, pair_item, pair_sent = [], [0], [], [], []
    group, label, bigram, zero = [], [], [], []
    for n, (g, evidence, text, y, kind) in enumerate(rows):
        group.append(GROUPS.index(g)); label.append(y); bigram.append(_bigram_share(evidence, text))
        ok = _checkable(evidence, text) and not (kind == "c" and novel_terms(evidence, text))
        zero.append(not ok)
        sents = [s for s in split_sentences(text) if words(s)] if ok else []
        wins = windows(split_sentences(evidence), window if kind == "s" else 2)
        ww = [set(words(w)) for w in wins]
        kk, limit = (k, max_len) if kind == "s" else (K_WINDOWS, MAX_LEN)
        for j, s in enumerate(sents):
            for i in top_windows(wins, s, kk, ww):
                a, t = tok.pair(wins[i], s, max_len=limit)
                ids.extend(a); offs.append(len(ids)); nprem.append(t.index(1) if 1 in t else len(t))
                pair_item.append(n); pair_sent.append(j)
    return dict(ids=np.array(ids, dtype=np.uint16), offs=np.array(offs, dtype=np.int64),
                nprem=np.array(nprem, dtype=np.int32), pair_item=np.array(pair_item, dtype=np.int32),
                pair_sent=np.array(pair_sent, dtype=np.int32), group=np.array(group, dtype=np.int8),
                label=np.array(label, dtype=np.int8), bigram=np.array(bigram, dtype=np.float32),
                zero=np.array(zero, dtype=bool), groups=np.array(GROUPS))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--k", type=int, default=2, help="summary path: windows per sentence (shipped: 2)")
    ap.add_argument("--window", type=int, default=2, help="summary path: sentences per window (shipped: 2)")
    ap.add_argument("--max-len", type=int, default=128, help="summary path: tokens per pair (shipped: 128)")
    args = ap.parse_args()
    z = dump(items(), args.k, args.window, args.max_len)
    label = z["label"].copy()
    test = np.isin(z["group"], [GROUPS.index(g) for g in ("frank-test-cnndm", "frank-test-bbc", "summeval-heldout", "claims-seed")])
    z["label"] = np.where(test, -1, label).astype(np.int8)
    np.savez_compressed(args.out, **z)
    Path(args.labels).write_text(json.dumps({"label": label.tolist(), "group": z["group"].tolist()}))
    print(len(label), "items", len(z["nprem"]), "pairs", len(z["ids"]), "tokens")


if __name__ == "__main__":
    main()
