"""The arithmetic behind docs/scale.md, checked against runs on this machine. Prints numbers; asserts nothing.

    .venv/bin/python bench/scale_sim.py [--latency 1.5] [--window-h 1 24]

1. Measure here, with real ``briefer brief`` processes against ``FakeOpenAI`` on 127.0.0.1:
   per-article CPU and start-up (a fit over two runs of different size), prompt tokens per article
   (tiktoken over the requests the endpoint received), and what the driver pays per article for
   what only it does when workers read and brief: store the Document a worker read, look up a
   stored brief for its text, validate and commit the brief a worker returned.
2. Check the wall-time model ``start-up + max(N × latency / concurrency, N × CPU / cores)`` against a
   CPU-bound and a model-bound run of this machine (one process = one core for Python).
3. Project 10k, 100k and 1M articles a day for a real endpoint latency (``--latency``, default
   1.5 s for a ~900-token extractive call to a hosted small model — an assumption, not measured
   here) and the daily windows given. The last line is one JSON object of everything.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "summaries" / "frank_references.jsonl"

from briefer.testing import FakeOpenAI  # noqa: E402

HTML_EXTRACT_MS = 1000 / 44.9  # bench/extraction.py: briefer extracts 44.9 pages/s on one core (README)
FETCH_CPU_MS = 3.0  # httpx per page: 1.9 ms measured over loopback HTTP (docs/daily-profile.md); + a TLS allowance
COMPLETION_TOKENS = 60  # extractive picks: a JSON list of sentence ids and names (max_tokens 320)
PRICE = {"gpt-4o-mini": (0.15, 0.60), "gpt-4.1-mini": (0.40, 1.60)}  # USD per M tokens in/out
UTILISATION = 0.7  # plan workers to run at 70 % so a slow morning still finishes


def predict_wall(n: int, latency: float, concurrency: int, cpu_s: float, cores: float, startup_s: float) -> float:
    """Wall time of a run: start-up, then whichever is slower — the model or the CPU."""
    return startup_s + max(n * latency / concurrency, n * cpu_s / cores)


def project(daily: int, window_h: float, cpu_ms: float, latency: float, prompt: float, driver_ms: float,
            completion: float = COMPLETION_TOKENS) -> dict:
    """What ``daily`` articles inside ``window_h`` hours need: cores, requests in flight, tokens, dollars.

    ``cpu_ms`` is the whole article (fetch + extract + brief), all of it on the workers (local
    processes or Dask); the driver pays ``driver_ms`` per article (store, reuse look-up, commit) in
    one interpreter, with one SQLite writer.
    """
    window = window_h * 3600
    rate = daily / window  # articles per second
    cores = rate * cpu_ms / 1000 / UTILISATION  # every stage runs on workers
    in_flight = rate * latency  # Little's law: requests the endpoint must hold at once
    tpm = rate * 60 * (prompt + completion)
    driver = rate * driver_ms / 1000  # cores of Python the driver needs
    cost = {m: round(daily * (prompt * p + completion * c) / 1e6, 2) for m, (p, c) in PRICE.items()}
    if driver > UTILISATION:
        bottleneck = "driver: one interpreter storing every document and brief"
    elif cores > 16 * UTILISATION:
        bottleneck = "CPU: more than one 16-core host of workers"
    elif in_flight > 64:
        bottleneck = "model endpoint: requests in flight / tokens per minute"
    else:
        bottleneck = "model latency (one machine's threads and processes suffice)"
    return {
        "articles_per_day": daily, "window_h": window_h, "articles_per_s": round(rate, 2),
        "worker_cores": round(cores, 2), "requests_in_flight": round(in_flight, 1), "tokens_per_minute": round(tpm),
        "driver_cores": round(driver, 4),
        "usd_per_day": cost, "usd_per_day_batch_api": {m: round(v / 2, 2) for m, v in cost.items()},
        "bottleneck": bottleneck,
    }


def brief_run(folder: Path, store: str, fake: FakeOpenAI, concurrency: int, out: str) -> tuple[float, float, dict]:
    """One ``briefer brief`` in a single interpreter; (wall s, CPU s of the process, its JSON)."""
    exe = str(Path(sys.executable).parent / "briefer")
    cmd = [exe, "brief", str(folder), "--store", store, "--base-url", fake.base_url, "--model", "fake-large",
           "--api-key", "k", "--strategy", "extractive", "--no-cache", "--concurrency", str(concurrency),
           "--format", "json", "-o", out]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env={**os.environ, "BRIEFER_PROCESSES": "1"})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"brief failed: {proc.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(Path(out).read_text())


def driver_cost(briefs: list[str], texts: list[str], store_path: str) -> float:
    """ms per article for the driver of a parallel run: store the Document a worker read, look up a
    stored brief for its text (a miss), validate the worker's brief JSON and commit it."""
    from briefer.daily.store import Store
    from briefer.schemas import Brief, Document

    store = Store(store_path)
    docs = [Document(text=t, path=f"/articles/{i}.txt") for i, t in enumerate(texts)]
    t0 = time.process_time()
    for i, (raw, doc) in enumerate(zip(briefs, docs)):
        store.put_document(f"https://example.org/{i}", doc)
        if store.brief(doc.text, "fp") is None:
            Brief.model_validate_json(raw)
            store.put_brief_json(doc.text, "fp", raw)
    store.close()
    return 1000 * (time.process_time() - t0) / len(briefs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=1.5, help="real endpoint seconds per call, for projections")
    ap.add_argument("--window-h", type=float, nargs="+", default=[1.0, 24.0])
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--large", type=int, default=400)
    args = ap.parse_args()
    from briefer.extraction import count_tokens

    rows = [json.loads(line) for line in DATA.open()][: args.large]
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for n in (args.small, args.large):
            folders[n] = Path(tmp) / f"a{n}"
            folders[n].mkdir()
            for r in rows[:n]:
                (folders[n] / f"{r['id']}.txt").write_text(r["document"])
        runs = {}
        with FakeOpenAI(latency=0.05) as fake:  # CPU-bound: 0.05 s × N / 32 is well under N × CPU
            for n in (args.small, args.large):
                runs[n] = brief_run(folders[n], f"{tmp}/s{n}.sqlite", fake, 32, f"{tmp}/o{n}.json")
            prompts = [sum(count_tokens(str(m.get("content", ""))) for m in r["messages"]) for r in fake.requests]
        (_, ca, _), (wb, cb, data) = runs[args.small], runs[args.large]
        cpu = (cb - ca) / (args.large - args.small)  # seconds per article
        startup = ca - args.small * cpu
        with FakeOpenAI(latency=0.5) as fake:  # model-bound: 0.5 s × N / 8 ≫ N × CPU
            wm, _, _ = brief_run(folders[args.small], f"{tmp}/m.sqlite", fake, 8, f"{tmp}/m.json")
        texts = {r["id"]: r["document"] for r in rows}
        drv = driver_cost([json.dumps(a["brief"]) for a in data["articles"]],
                          [texts[Path(a["location"]).stem] for a in data["articles"]], f"{tmp}/driver.sqlite")
    checks = {
        "cpu_bound": {"n": args.large, "measured_s": round(wb, 2),
                      "predicted_s": round(predict_wall(args.large, 0.05, 32, cpu, 1, startup), 2)},
        "model_bound": {"n": args.small, "measured_s": round(wm, 2),
                        "predicted_s": round(predict_wall(args.small, 0.5, 8, cpu, 1, startup), 2)},
    }
    for c in checks.values():
        c["error"] = round(c["measured_s"] / c["predicted_s"] - 1, 3)
    prompt = sum(prompts) / len(prompts)
    cpu_ms = 1000 * cpu + HTML_EXTRACT_MS + FETCH_CPU_MS
    print(f"measured: {1000 * cpu:.1f} ms CPU per article (brief, files; fit over {args.small} and {args.large}), "
          f"start-up {startup:.2f} s CPU; {prompt:.0f} prompt tokens per article (tiktoken, {len(prompts)} requests); "
          f"driver (store document, look up, validate + commit brief) {drv:.2f} ms per article")
    for name, c in checks.items():
        print(f"check {name:11s}: measured {c['measured_s']:.2f} s, predicted {c['predicted_s']:.2f} s "
              f"({c['error']:+.0%})")
    print(f"projection: {cpu_ms:.1f} ms CPU per article with HTML extraction ({HTML_EXTRACT_MS:.1f} ms) and fetch "
          f"({FETCH_CPU_MS:.0f} ms, allowance); endpoint {args.latency:.1f} s per call (assumed)")
    projections = []
    for window in args.window_h:
        for daily in (10_000, 100_000, 1_000_000):
            p = project(daily, window, cpu_ms, args.latency, prompt, drv)
            projections.append(p)
            print(f"  {daily:>9,}/day in {window:>4.0f} h: {p['articles_per_s']:7.1f}/s, {p['worker_cores']:7.1f} "
                  f"worker cores, {p['requests_in_flight']:7.1f} requests in flight, {p['tokens_per_minute']:>10,} TPM, "
                  f"driver {p['driver_cores']:.2f} cores, ${p['usd_per_day']['gpt-4o-mini']:,.2f}/day "
                  f"gpt-4o-mini (Batch ${p['usd_per_day_batch_api']['gpt-4o-mini']:,.2f}); bottleneck: {p['bottleneck']}")
    print(json.dumps({"cpu_ms_per_article_brief": round(1000 * cpu, 2), "startup_cpu_s": round(startup, 3),
                      "prompt_tokens_per_article": round(prompt, 1), "driver_ms_per_article": round(drv, 3),
                      "cpu_ms_per_article_projected": round(cpu_ms, 2), "latency_s": args.latency,
                      "checks": checks, "projections": projections}))


if __name__ == "__main__":
    main()
