"""Wall seconds per long article on the embedded model, abstractive at temperature 0.8 with
``--timeout 20``: each must end within 60 s. Prints numbers; asserts nothing.

    BRIEFER_DATA=/work/shared/data flock /tmp/heavy.lock nice -n 5 .venv/bin/python bench/local_deadline.py [--articles 4]

Why (issue 31): a call to the embedded model had no deadline — ``--timeout`` did not reach it,
``brief_draft`` asks for up to 1,800 tokens and, cut off, 1.5x more after each cut-off — and one
REALSumm-style CNN article still generated after 100 s with ``--timeout 20``; ``eval run`` spent
over 17 minutes on one. Now the generation stops at the deadline (``model._local``), a timed-out
call is not retried, and a cut-off reply is asked again once.

Each article is one ``briefer summarize FILE --strategy abstractive --timeout 20 --no-cache`` run
as a user would (a fresh process: model load and extraction included), temperature 0.8 from a
config file. Articles: the ``--articles`` longest CNN/DailyMail documents of
``frank_references.jsonl`` (``BRIEFER_DATA``, default ``../shared/data``). Per article: wall
seconds, exit code, and the last line on stderr; the last line is one JSON object of the figures.
``--src OTHER/src`` runs another checkout (the code before a change), ``--ids`` a few of the articles.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("BRIEFER_DATA") or ROOT.parent / "shared" / "data")
FRANK = DATA / "summaries" / "frank_references.jsonl"


def longest(n: int) -> list[dict]:
    rows = [json.loads(line) for line in FRANK.read_text().splitlines()]
    cnn = [r for r in rows if r["origin"] == "cnndm"]
    return sorted(cnn, key=lambda r: -len(r["document"].split()))[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--limit", type=float, default=300, help="seconds after which a run is killed (and reported)")
    ap.add_argument("--ids", help="comma-separated id prefixes: only these of the longest articles")
    ap.add_argument("--src", type=Path, default=ROOT / "src",
                    help="briefer's source to run (another checkout's src/: the code before a change)")
    args = ap.parse_args()
    exe = Path(sys.executable).parent / "briefer"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(f"temperature = {args.temperature}\n")
        env = {**os.environ, "BRIEFER_CONFIG": str(config), "PYTHONPATH": str(args.src.resolve())}
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; abstractive, temperature "
              f"{args.temperature}, --timeout {args.timeout:g}, BRIEFER_THREADS={os.environ.get('BRIEFER_THREADS', '(default)')}")
        wanted = args.ids.split(",") if args.ids else None
        for r in longest(args.articles):
            if wanted and not any(r["id"].startswith(w) for w in wanted):
                continue
            path = Path(tmp) / f"cnn-{r['id'][:12]}.txt"
            path.write_text(r["document"])
            started = time.perf_counter()
            try:
                out = subprocess.run([str(exe), "summarize", str(path), "--strategy", "abstractive", "--timeout",
                                      str(args.timeout), "--no-cache", "--format", "json"], env=env,
                                     capture_output=True, text=True, timeout=args.limit)
                rc, err, stdout = out.returncode, out.stderr.strip().splitlines(), out.stdout
            except subprocess.TimeoutExpired:
                rc, err, stdout = "killed", [f"still running after {args.limit:g} s"], ""
            seconds = round(time.perf_counter() - started, 1)
            usage = json.loads(stdout)["usage"] if rc == 0 and stdout else {}
            rows.append({"article": path.stem, "words": len(r["document"].split()), "seconds": seconds, "exit": rc,
                         "calls": usage.get("calls"), "reasks": usage.get("reasks"),
                         "last": (err[-1] if err else "")[:110]})
            print(f"{path.stem}  {rows[-1]['words']:>5} words  {seconds:>6.1f} s  exit {rc}  "
                  f"calls {usage.get('calls', '-')}  {rows[-1]['last']}", flush=True)
    worst = max(r["seconds"] for r in rows)
    print(f"slowest {worst:.1f} s; within 60 s: {sum(r['seconds'] <= 60 for r in rows)} of {len(rows)}; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(json.dumps({"timeout": args.timeout, "temperature": args.temperature, "rows": rows, "slowest": worst}))


if __name__ == "__main__":
    main()
