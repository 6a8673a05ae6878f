"""The seed brief, cold, on the embedded model, against its prefill limit (issue 16). Prints numbers; asserts nothing.

    .venv/bin/python bench/seed_cold.py [--rounds 3] [ARTICLE]

*Cold*: ``briefer summarize --no-cache --format json ARTICLE`` in a fresh process (imports, model
load, extraction, the model call, rendering: what a user waits for), default article
``../shared/data/articles/jpost-gallant-pentagon.txt``. *Prefill limit*: in another fresh
process, llama-cpp-python alone, with the model loaded the way briefer loads it (same file,
context and threads) before the clock starts, evaluating as many tokens as the brief's request
actually had (``usage.prompt_tokens``; the article's own tokens, repeated if short). The two are
interleaved round by round, so both see the same load on this shared machine; medians are
reported. The target is cold ≤ 1.15 × prefill. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt"

PREFILL = r"""
import json, sys, time
from llama_cpp import Llama
from briefer.config import LOCAL_CONTEXT
from briefer.model import LlamaTransport, default_model_path

n, article = int(sys.argv[1]), sys.argv[2]
t = LlamaTransport(default_model_path(), n_ctx=LOCAL_CONTEXT)  # briefer's file, context and threads
llm = t.load()
tokens = llm.tokenize(open(article, encoding="utf-8").read().encode())
while len(tokens) < n:
    tokens = tokens + tokens
llm.reset()
start = time.perf_counter()
llm.eval(tokens[:n])
print(json.dumps({"prefill_s": time.perf_counter() - start, "threads": t.n_threads}))
"""


def cold(article: Path, out: Path) -> tuple[float, dict]:
    exe = Path(sys.executable).parent / "briefer"
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "summarize", "--no-cache", "--format", "json", str(article), "-o", str(out)],
                          capture_output=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"briefer summarize failed: {proc.stderr.decode()[-2000:]}")
    return wall, json.loads(out.read_text())["usage"]


def prefill(n: int, article: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", PREFILL, str(n), str(article)], capture_output=True, check=True)
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", nargs="?", default=str(ARTICLE))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    article = Path(args.article)
    colds, prefills, usage, threads = [], [], {}, 0
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            wall, usage = cold(article, Path(tmp) / "brief.json")
            got = prefill(usage["prompt_tokens"], article)
            colds.append(wall)
            prefills.append(got["prefill_s"])
            threads = got["threads"]
            print(f"round {r + 1}: cold {wall:.2f} s (model call {usage['model_seconds']:.2f} s: "
                  f"{usage['prompt_tokens']} prompt + {usage['completion_tokens']} completion tokens); "
                  f"prefill of {usage['prompt_tokens']} tokens {got['prefill_s']:.2f} s → {wall / got['prefill_s']:.2f}x")
    c, p = statistics.median(colds), statistics.median(prefills)
    n = usage["prompt_tokens"]
    print(f"median: cold {c:.2f} s, prefill limit {p:.2f} s ({n / p:.0f} tok/s on {threads} threads) → "
          f"{c / p:.2f}x (target ≤ 1.15x)")
    print(json.dumps({"article": article.name, "rounds": args.rounds, "prompt_tokens": n,
                      "completion_tokens": usage["completion_tokens"], "cold_s": round(c, 3),
                      "prefill_s": round(p, 3), "prefill_tok_s": round(n / p, 1), "ratio_to_prefill": round(c / p, 3),
                      "cold_all_s": [round(x, 3) for x in colds], "prefill_all_s": [round(x, 3) for x in prefills]}))


if __name__ == "__main__":
    main()
