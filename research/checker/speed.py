"""Speed of entail.check on 2 cores: N FRANK-test/SummEval summaries end to end (tokenize, onnxruntime, features)."""
import json, random, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import entail
N = int(sys.argv[1]) if len(sys.argv) > 1 else 150
D = Path(__file__).resolve().parents[3] / "shared" / "data" / "faithfulness"
rows = [json.loads(l) for l in open(D / "frank.jsonl")] + [json.loads(l) for l in open(D / "summeval.jsonl")]
random.Random(0).shuffle(rows)
rows = rows[:N]
entail.check(rows[0]["document"], rows[0]["summary"])  # load
npairs = sum(len(entail.sentence_pairs(r["document"], r["summary"], entail.calibration()["k"])[2]) for r in rows)
t = time.time()
for r in rows:
    entail.check(r["document"], r["summary"])
dt = time.time() - t
print(f"backend {entail.backend()}: {N} summaries, {npairs} window pairs ({npairs / N:.1f}/summary) in {dt:.1f}s: "
      f"{npairs / dt:.1f} pairs/s, {N / dt:.2f} summaries/s -> 1,000 summaries in {1000 * dt / N:.0f}s")
