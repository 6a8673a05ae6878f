"""Daily brief at scale (issue: Daily brief). Prints numbers; asserts nothing.

    .venv/bin/python bench/daily.py [--articles 500] [--latency 0.2] [--concurrency 32] [--profile]

500 articles (FRANK's CNN/DM and XSum documents, written as files) briefed by ``briefer brief``
in a fresh process against a scripted OpenAI-compatible endpoint on 127.0.0.1 that takes
``--latency`` seconds per reply. Reports the first run's wall time against the ideal
articles × latency / concurrency, the process's peak memory, and a rerun's time and model calls
(the rerun should answer everything from the store). ``--profile`` adds a third, in-process run
under per-stage timers (see bench/daily_profile.py). The last line printed is one JSON object of
the figures, for programs (CI, docs/daily-profile.md, bench/scale_sim.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "summaries" / "frank_references.jsonl"

from briefer.testing import FakeOpenAI  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))


def run(cmd: list[str]) -> tuple[float, int, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; max over children so far
    if proc.returncode not in (0, 1):
        sys.exit(f"brief failed: {proc.stderr.decode()[-2000:]}")
    return wall, max(peak, before), json.loads(Path(cmd[cmd.index("-o") + 1]).read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--executor", default=None, help="passed to briefer brief --executor (default: its own)")
    ap.add_argument("--profile", action="store_true", help="also brief once in-process under per-stage timers")
    args = ap.parse_args()
    rows = [json.loads(line) for line in DATA.open()][: args.articles]
    exe = str(Path(sys.executable).parent / "briefer")
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(latency=args.latency) as fake:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for r in rows:
            (folder / f"{r['id']}.txt").write_text(r["document"])
        base = [exe, "brief", str(folder), "--store", f"{tmp}/store.sqlite", "--base-url", fake.base_url,
                "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                "--concurrency", str(args.concurrency), "--format", "json"]
        if args.executor:
            base += ["--executor", args.executor]
        ideal = len(rows) * args.latency / args.concurrency
        first, peak, data = run(base + ["-o", f"{tmp}/first.json"])
        calls = len(fake.requests)
        second, _, again = run(base + ["-o", f"{tmp}/second.json"])
        print(f"{len(rows)} articles, {args.latency * 1000:.0f} ms per model reply, concurrency {args.concurrency}")
        print(f"first run:  {first:6.2f} s wall (ideal {ideal:.2f} s → {first / ideal:.2f}x); "
              f"{calls} model calls; {data['usage']['summarized']} briefs, {len(data['stories'])} stories; "
              f"in-process {data['usage']['seconds']:.2f} s")
        print(f"peak memory: {peak / 1024:.0f} MiB (max RSS of the brief process)")
        rerun_calls = len(fake.requests) - calls
        print(f"rerun:      {second:6.2f} s wall ({second / first:.1%} of the first); "
              f"{rerun_calls} model calls; {again['usage']['reused']} briefs reused")
        figures = {"articles": len(rows), "latency_s": args.latency, "concurrency": args.concurrency,
                   "ideal_s": round(ideal, 3), "first_s": round(first, 3), "ratio_to_ideal": round(first / ideal, 3),
                   "first_in_process_s": data["usage"]["seconds"], "model_calls": calls,
                   "tokens": data["usage"]["tokens"], "rerun_s": round(second, 3),
                   "rerun_fraction": round(second / first, 4), "rerun_model_calls": rerun_calls,
                   "peak_rss_mib": round(peak / 1024)}
        if args.profile:
            from daily_profile import print_table

            before = len(fake.requests)
            out = subprocess.run([sys.executable, str(ROOT / "bench" / "daily_profile.py"), str(folder),
                                  f"{tmp}/profile.sqlite", fake.base_url, str(args.concurrency)],
                                 capture_output=True, check=True)
            prof = json.loads(out.stdout.decode().strip().splitlines()[-1])
            print(f"imports before any work (import briefer.cli): {prof['import_s']:.2f} s")
            print_table(prof["first"])
            print_table(prof["rerun"], "rerun")
            figures["profile"] = {**prof, "model_calls": len(fake.requests) - before}
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
