"""Seconds per article on the embedded model with 1 and 2 llama.cpp threads, on an idle machine and
with one core taken by another process, side by side. Prints numbers; asserts nothing.

    BRIEFER_DATA=/work/shared/data flock /tmp/heavy.lock nice -n 5 .venv/bin/python bench/local_threads.py [--articles 4]

Why: llama.cpp's threads wait for each other at every step, so a thread whose core another process
holds stalls the others; on a 2-core machine two threads were measured at 35-68 s per article while
another process was busy, one thread at 7.5 s (issue 31). ``_local.default_threads`` is chosen from
these figures.

Each configuration runs in a fresh worker process (``--worker``: the model loaded once, then the
articles one by one through ``Session.summarize_document``, without the response cache; the load is
not counted). The configurations alternate per round (1 idle, 2 idle, 1 busy, 2 busy, then the
reverse), so the other tenants of a shared machine slow all alike. *busy* is a ``while True: pass``
process this script starts before the worker and kills after it (at most ``--limit`` seconds).
Articles: the first ``--articles`` documents of 420-600 words in ``frank_references.jsonl``
(``BRIEFER_DATA``, default ``../shared/data``); those briefed without a model call (nothing to ask)
are left out of the figures. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]
DATA = Path(os.environ.get("BRIEFER_DATA") or ROOT.parent / "shared" / "data")
FRANK = DATA / "summaries" / "frank_references.jsonl"


def articles(n: int) -> list[str]:
    rows = [json.loads(line) for line in FRANK.read_text().splitlines()]
    return [r["document"] for r in rows if 420 <= len(r["document"].split()) <= 600][:n]


def worker(n: int) -> None:
    """In a fresh process with BRIEFER_THREADS set: seconds per article, as one JSON line."""
    from briefer.config import Settings
    from briefer.extraction import RawSource, extract
    from briefer.pipeline import Session

    seconds = []
    with Session(Settings(cache=False)) as session:
        session.prepare()
        for i, text in enumerate(articles(n)):
            doc = extract(RawSource(data=text.encode(), kind="text", path=f"article-{i}.txt"))
            started = time.perf_counter()
            calls = 1
            try:
                calls = session.summarize_document(doc).usage.calls
            except Exception as exc:  # an empty brief still cost its time
                print(f"  ({type(exc).__name__}: {exc})", file=sys.stderr)
            # an article with nothing to ask the model is briefed without a call: not a measure of threads
            seconds.append(round(time.perf_counter() - started, 2) if calls else None)
    print(json.dumps(seconds))


def run(threads: int, busy: bool, n: int, limit: float) -> list[float]:
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
    try:
        env = {**os.environ, "BRIEFER_THREADS": str(threads), "PYTHONPATH": str(ROOT / "src")}
        out = subprocess.run([sys.executable, __file__, "--worker", "--articles", str(n)], env=env,
                             capture_output=True, text=True, timeout=limit)
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=float, default=600, help="seconds one configuration may take")
    ap.add_argument("--worker", action="store_true")
    args = ap.parse_args()
    if args.worker:
        return worker(args.articles)
    configs = [(1, False), (2, False), (1, True), (2, True)]
    got: dict[tuple[int, bool], list[list[float]]] = {c: [] for c in configs}
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start; "
          f"{args.articles} articles, {args.rounds} rounds")
    for r in range(args.rounds):
        for threads, busy in configs if r % 2 == 0 else configs[::-1]:
            seconds = run(threads, busy, args.articles, args.limit)
            got[(threads, busy)].append(seconds)
            print(f"round {r + 1}: {threads} thread(s), {'busy' if busy else 'idle'}: {seconds}", flush=True)
    summary = {}
    print(f"\n{'threads':>7} {'machine':>7} {'median s/article':>17} {'mean':>6} {'max':>6}")
    asked = [i for i, col in enumerate(zip(*got[configs[0]])) if None not in col]
    print(f"{len(asked)} of {args.articles} articles made a model call; the figures are theirs")
    for threads, busy in configs:
        per_article = [statistics.median(col) for i, col in enumerate(zip(*got[(threads, busy)])) if i in asked]
        key = f"{threads}t_{'busy' if busy else 'idle'}"
        summary[key] = {"median": round(statistics.median(per_article), 2),
                        "mean": round(statistics.mean(per_article), 2), "max": round(max(per_article), 2)}
        s = summary[key]
        print(f"{threads:>7} {'busy' if busy else 'idle':>7} {s['median']:>17.2f} {s['mean']:>6.2f} {s['max']:>6.2f}")
    for t in (1, 2):
        summary[f"{t}t_slowdown"] = round(summary[f"{t}t_busy"]["mean"] / summary[f"{t}t_idle"]["mean"], 2)
    print(f"busy/idle: 1 thread {summary['1t_slowdown']}x, 2 threads {summary['2t_slowdown']}x; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
