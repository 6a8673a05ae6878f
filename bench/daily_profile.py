"""Where a daily brief's time goes, per stage, split into CPU and waiting (``bench/daily.py --profile``).

A sampling profiler over 32 threads blurs "waiting for the model" with "waiting for the GIL", so
instead each stage's function is wrapped with a timer that records, per call, wall time and the
calling thread's CPU time (``time.thread_time``) *exclusive* of the stages nested inside it. The
stages then add up to the work done, and ``wall − CPU`` is time the thread spent not running: on
the network, on a lock, or queued behind the GIL. The brief runs in this process with threads only
(``processes=1``): worker processes would be invisible to the timers, and the per-article CPU
measured here is what the process or Dask executors divide between cores. It runs as its own
process (``python bench/daily_profile.py FOLDER STORE BASE_URL CONCURRENCY``, printing JSON) so
that the fake endpoint's server threads, which live in bench/daily.py, are not counted.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path


class StageTimer:
    """Exclusive wall and CPU seconds per stage, summed over threads."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._local = threading.local()

    def wrap(self, owner, attr: str, stage: str) -> None:
        inner = getattr(owner, attr)
        timer = self

        @functools.wraps(inner)
        def timed(*a, **kw):
            stack = timer._local.__dict__.setdefault("stack", [])
            frame = [0.0, 0.0]  # wall, cpu spent in nested stages
            stack.append(frame)
            w0, c0 = time.perf_counter(), time.thread_time()
            try:
                return inner(*a, **kw)
            finally:
                w, c = time.perf_counter() - w0, time.thread_time() - c0
                stack.pop()
                if stack:
                    stack[-1][0] += w
                    stack[-1][1] += c
                with timer._lock:
                    timer.wall[stage] += w - frame[0]
                    timer.cpu[stage] += c - frame[1]
                    timer.calls[stage] += 1

        setattr(owner, attr, timed)


STAGES = ("fetch/read", "extract", "store", "chunk", "select (candidates, schema, prompt)", "model request (client)",
          "model wait (HTTP)", "merge/verify", "brief (pydantic, other)", "stories", "render", "run (other)")


def instrument(timer: StageTimer) -> None:
    import importlib

    import openai._base_client as base
    from briefer.daily.store import Store
    from briefer.model import StructuredLLM

    # import_module, not attribute access: the modules are private (extraction._extract, pipeline._summarize)
    # and the CLI imports most of them lazily, so none may be loaded yet
    ex, sm, run, render = (importlib.import_module(f"briefer.{m}")
                           for m in ("extraction._extract", "pipeline._summarize", "daily.run", "daily.render"))
    timer.wrap(ex, "load", "fetch/read")
    timer.wrap(ex, "extract", "extract")
    for name in ("document", "put_document", "brief", "put_brief", "start_run", "finish_run", "seen_before"):
        timer.wrap(Store, name, "store")
    for name in ("split_sentences", "chunk_sentences", "count_tokens"):
        timer.wrap(sm, name, "chunk")
    st = importlib.import_module("briefer.pipeline._strategies")
    timer.wrap(st, "selected_points", "select (candidates, schema, prompt)")
    timer.wrap(st.candidates, "find_people", "select (candidates, schema, prompt)")
    timer.wrap(st, "run_extractive", "select (candidates, schema, prompt)")
    timer.wrap(StructuredLLM, "complete", "model request (client)")
    timer.wrap(base.SyncAPIClient, "post", "model wait (HTTP)")
    timer.wrap(sm, "merge", "merge/verify")
    timer.wrap(sm, "verify_items", "merge/verify")
    timer.wrap(sm.Session, "summarize_document", "brief (pydantic, other)")
    timer.wrap(run, "build_stories", "stories")
    timer.wrap(render, "render_daily", "render")
    timer.wrap(importlib.import_module("briefer.daily.dispatch").Driver, "round", "run (other)")
    timer.wrap(run, "assemble", "run (other)")


def profile(folder: Path, store: str, base_url: str, concurrency: int, timer: StageTimer) -> dict:
    """Brief ``folder`` once in this process under ``timer`` (instrumented); return the table as a dict."""
    import briefer.daily as daily
    from briefer.config import FetchOptions, load_settings

    for d in (timer.wall, timer.cpu, timer.calls):
        d.clear()
    import importlib

    render = importlib.import_module("briefer.daily.render")
    settings = load_settings(base_url=base_url, model="fake-large", api_key="k", strategy="extractive", cache=False)
    opts = daily.Options(concurrency=concurrency, store=store, fetch=FetchOptions(cache=False), processes=1)
    w0, c0 = time.perf_counter(), time.process_time()
    result = daily.brief([str(folder)], options=opts, settings=settings)
    render.render_daily(result, "json")
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    n = max(1, result.usage.articles)
    rows = {s: {"wall_s": round(timer.wall[s], 3), "cpu_s": round(timer.cpu[s], 3),
                "wait_s": round(timer.wall[s] - timer.cpu[s], 3), "cpu_ms_per_article": round(1000 * timer.cpu[s] / n, 2),
                "calls": timer.calls[s]} for s in STAGES if timer.calls[s]}
    return {"articles": result.usage.articles, "wall_s": round(wall, 3), "process_cpu_s": round(cpu, 3),
            "cpu_ms_per_article": round(1000 * cpu / n, 2), "stages": rows}


def print_table(p: dict, what: str = "first run") -> None:
    print(f"profile of the {what} (threads only, in-process): {p['articles']} articles, {p['wall_s']:.2f} s wall, "
          f"{p['process_cpu_s']:.2f} s CPU ({p['cpu_ms_per_article']:.1f} ms CPU per article)")
    print(f"  {'stage':38s} {'wall Σthreads':>13s} {'CPU':>8s} {'waiting':>9s} {'CPU/article':>12s}")
    for stage, r in p["stages"].items():
        print(f"  {stage:38s} {r['wall_s']:12.2f}s {r['cpu_s']:7.2f}s {r['wait_s']:8.2f}s {r['cpu_ms_per_article']:9.2f} ms")


if __name__ == "__main__":
    t0 = time.perf_counter()
    import briefer.cli  # noqa: F401  (what `briefer brief` imports before it starts)

    imports = time.perf_counter() - t0
    timer = StageTimer()
    instrument(timer)
    first = profile(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), timer)
    rerun = profile(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), timer)
    print(json.dumps({"import_s": round(imports, 3), "first": first, "rerun": rerun}))
