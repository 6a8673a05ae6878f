"""Seed-claims test: 30 short claims about ../shared/data/articles/jpost-gallant-pentagon.txt (15 true paraphrases,
15 with one swapped entity/number/place/negation), plus the degenerate inputs."""
import json, sys, time
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
import entail
from evaluate import ba, auc
art = open(Path(__file__).resolve().parents[3] / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt").read()
cl = [json.loads(l) for l in open(Path(__file__).resolve().parents[2] / "eval" / "checker" / "seed_claims.jsonl")]
y = np.array([c["label"] for c in cl])
for name, fn in (("check_claim (raw entailment, 0.5)", entail.check_claim), ("check (calibrated summary model)", entail.check)):
    t = time.time(); res = [fn(art, c["claim"]) for c in cl]; dt = time.time() - t
    print(f"{name:<36} BA {ba(y, [r[1] for r in res]):.3f}  AUC {auc(y, [r[0] for r in res]):.3f}  ({dt:.1f}s)")
for label, s in (("empty summary", ""), ("200 KB of 'x'", "x" * 200_000), ("200 KB of 'xxxx '", "xxxx " * 40_000)):
    print(f"{label:<20} check -> {entail.check(art, s)[:2]}  check_claim -> {entail.check_claim(art, s)[:2]}")
