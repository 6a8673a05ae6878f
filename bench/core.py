"""Benchmarks for the core path (issue: Core). Prints numbers; asserts nothing.

    .venv/bin/python bench/core.py            # all three
    .venv/bin/python bench/core.py --skip-local

1. The seed article on the embedded default, cold (new process, no cache): wall time, model
   calls, prompt and completion tokens.
2. Non-LLM overhead per article (extract, chunk, schema, validate, verify) against a
   zero-latency scripted endpoint on 127.0.0.1: median over repeated runs.
3. Prompt tokens sent per source token on a ~1k- and a ~20k-token article, for the embedded
   model's window (extractive) and a 128k-window model (abstractive).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt"

from briefer.testing import FakeOpenAI  # noqa: E402

from briefer import Settings  # noqa: E402
from briefer.extraction import count_tokens  # noqa: E402
from briefer.extraction import extract  # noqa: E402
from briefer.extraction import read_path  # noqa: E402
from briefer.schemas import Document  # noqa: E402
from briefer.pipeline import Session  # noqa: E402


def bench_local_cold() -> None:
    exe = Path(sys.executable).parent / "briefer"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": tmp, "XDG_CONFIG_HOME": tmp}
        t0 = time.perf_counter()
        out = subprocess.run([str(exe), "summarize", str(SEED), "--format", "json"], capture_output=True, env=env)
        wall = time.perf_counter() - t0
    if out.returncode != 0:
        print(f"local: failed: {out.stderr.decode().strip()}")
        return
    u = json.loads(out.stdout)["usage"]
    print(f"seed on embedded {u['model']}, cold process, no cache: wall {wall:.1f} s (target <= 20 s); "
          f"{u['calls']} model call(s); {u['prompt_tokens']} prompt + {u['completion_tokens']} completion tokens; "
          f"model time {u['seconds']:.1f} s")


def bench_overhead(fake: FakeOpenAI, repeats: int = 30) -> None:
    settings = Settings(base_url=fake.base_url, model="fake-large", api_key="k", cache=False, strategy="extractive")
    total, own = [], []
    with Session(settings) as session:
        session.summarize_document(extract(read_path(str(SEED))))  # warm imports and encodings
        for _ in range(repeats):
            t0 = time.perf_counter()
            doc = extract(read_path(str(SEED)))
            brief = session.summarize_document(doc)
            elapsed = time.perf_counter() - t0
            total.append(elapsed)
            own.append(elapsed - brief.usage.model_seconds)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"seed vs a zero-latency endpoint, median of {repeats}: non-LLM overhead (extract, chunk, prompt, "
          f"validate, verify) {ms(own):.1f} ms (target <= 20 ms); with the loopback call through the openai "
          f"client {ms(total):.1f} ms")


def _article(tokens: int) -> Document:
    from helpers import long_article

    return Document(text=long_article(SEED, tokens), title="Benchmark article")


def grounded_reply(request: dict) -> dict:
    """A well-behaved model: cites the first sentences it was shown, writes nothing unsupported."""
    import re

    from briefer.testing import auto_reply, completion

    schema = request["response_format"]["json_schema"]
    if schema["name"] != "brief_draft":
        return auto_reply(request)
    lines = re.findall(r"^\[(\d+)\] (.+)$", request["messages"][1]["content"], re.M)
    points = [{"text": text[:390], "sentences": [int(i)]} for i, text in lines[:5]]
    return completion(json.dumps({"points": points, "actors": [], "questions": []}))


def bench_prompt_ratio(fake: FakeOpenAI) -> None:
    for tokens in (1_000, 20_000):
        doc = _article(tokens)
        source_tokens = count_tokens(doc.text)
        for label, kw in (
            ("extractive, 4k window", dict(strategy="extractive", context_window=4096)),
            ("abstractive, 128k window", dict(strategy="abstractive", context_window=128_000)),
        ):
            fake.requests.clear()
            settings = Settings(base_url=fake.base_url, model="fake-large", api_key="k", cache=False, **kw)
            with Session(settings) as session:
                session.summarize_document(doc)
            sent = sum(count_tokens(m["content"]) + 4 for r in fake.requests for m in r["messages"])
            print(f"{source_tokens:>6} source tokens, {label:<25}: {len(fake.requests):>2} call(s), "
                  f"{sent} prompt tokens sent = {sent / source_tokens:.2f} per source token (target <= 1.3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-local", action="store_true", help="skip the embedded-model run")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if not args.skip_local:
        bench_local_cold()
    with FakeOpenAI() as fake:
        bench_overhead(fake)
    with FakeOpenAI(grounded_reply) as fake:
        bench_prompt_ratio(fake)


if __name__ == "__main__":
    main()
