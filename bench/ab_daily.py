"""Two source trees side by side on the daily brief: prints numbers, asserts nothing.

    .venv/bin/python bench/ab_daily.py BASE_SRC NEW_SRC [--articles 500] [--pairs 3] [--processes 1|""]

``briefer brief`` over the FRANK articles (as in bench/daily.py: text files, a scripted endpoint on
127.0.0.1 with 0.2 s per reply, concurrency 32), run alternately with ``PYTHONPATH`` set to each
tree (e.g. a ``git archive`` of the last commit and the working tree). For each run: wall time,
CPU time (user + sys of the brief process and its workers: far steadier than wall time on a
shared machine), model calls and tokens; at the end whether the two trees' briefs are identical
apart from timing fields. ``--processes 1`` forces threads only; "" leaves the choice to briefer.
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path

from briefer.testing import FakeOpenAI

ROOT = Path(__file__).resolve().parents[1]
ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("base")
ap.add_argument("new")
ap.add_argument("--articles", type=int, default=500)
ap.add_argument("--pairs", type=int, default=3)
ap.add_argument("--processes", default="1")
args = ap.parse_args()
N, PAIRS, PROCS = args.articles, args.pairs, args.processes
SRC = {"base": args.base, "new": args.new}
rows = [json.loads(l) for l in open(ROOT.parent / "shared" / "data" / "summaries" / "frank_references.jsonl")][:N]
exe = str(Path(sys.executable).parent / "briefer")

def strip(d):
    if isinstance(d, dict):
        return {k: strip(v) for k, v in d.items() if k not in ("seconds", "model_seconds", "generated", "title")}
    if isinstance(d, list):
        return [strip(x) for x in d]
    return d

with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(latency=0.2) as fake:
    folder = Path(tmp) / "a"; folder.mkdir()
    for r in rows:
        (folder / f"{r['id']}.txt").write_text(r["document"])
    outs = {}
    res = {"base": [], "new": []}
    for i in range(PAIRS):
        for name in ("base", "new") if i % 2 == 0 else ("new", "base"):
            env = {**{k: v for k, v in os.environ.items() if k != "BRIEFER_PROCESSES"}, "PYTHONPATH": SRC[name], **({"BRIEFER_PROCESSES": PROCS} if PROCS else {})}
            out = f"{tmp}/{name}{i}.json"
            cmd = [exe, "brief", str(folder), "--store", f"{tmp}/{name}{i}.sqlite", "--base-url", fake.base_url,
                   "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                   "--concurrency", "32", "--format", "json", "-o", out]
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN); t0 = time.perf_counter()
            p = subprocess.run(cmd, env=env, capture_output=True)
            wall = time.perf_counter() - t0; r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            assert p.returncode in (0, 1), p.stderr.decode()[-500:]
            data = json.loads(Path(out).read_text())
            outs[name] = strip(data)
            res[name].append((wall, cpu))
            print(f"{name} run {i}: wall {wall:.2f}s cpu {cpu:.2f}s calls {data['usage']['model_calls']} tokens {data['usage']['tokens']}", flush=True)
    print("identical briefs (timing fields aside):", outs["base"] == outs["new"])
    for name in res:
        w = sorted(x[0] for x in res[name]); c = sorted(x[1] for x in res[name])
        print(f"{name}: wall median {w[len(w)//2]:.2f}s (min {w[0]:.2f}), cpu median {c[len(c)//2]:.2f}s (min {c[0]:.2f})")
