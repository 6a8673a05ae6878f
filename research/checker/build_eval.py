"""Window pairs of every evaluation summary (FRANK valid+test, SummEval), for scoring on the GPU in one go.

Writes eval_pairs.json.gz: premises (unique windows), premise_idx, hypotheses, meta [row_key, sent_idx, win_idx]
with K=4 windows per summary sentence (entail.sentence_pairs). Only the texts travel; labels stay here.
"""
import gzip, json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from entail import sentence_pairs

D = Path(__file__).resolve().parents[3] / "shared" / "data" / "faithfulness"
rows = [json.loads(l) for l in open(D / "frank.jsonl")] + [json.loads(l) for l in open(D / "summeval.jsonl")]
prem, pidx, hyps, meta = {}, [], [], []
for r in rows:
    sents, wins, pairs = sentence_pairs(r["document"], r["summary"], 4)
    for j, i, w, s in pairs:
        pidx.append(prem.setdefault(w, len(prem)))
        hyps.append(s)
        meta.append([r["id"], j, i])
json.dump({"premises": list(prem), "premise_idx": pidx, "hypotheses": hyps, "meta": meta},
          gzip.open("eval_pairs.json.gz", "wt"))
print(len(rows), "summaries", len(hyps), "pairs", len(prem), "windows")
