"""Brief many articles on every core: shards of articles in worker processes, threads inside each.

Waiting for a model overlaps well in threads, but the rest of a brief (sentence split, people
candidates, schema, HTTP handling, verification) is ~10 ms of Python per article, and one
interpreter runs Python on one core. Past ~100 articles that CPU, not the endpoint, sets the pace,
so ``daily.brief_all`` hands large runs here: each process opens its own store connection and
model session, commits every brief as it finishes (resume and reruns work as before) and reports
progress through a queue. Used only for remote endpoints without a token budget.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_mod
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from ..config import Settings
from ..errors import BrieferError
from ..schemas import Brief, Document
from .schemas import Failure

MIN_ARTICLES = 100
_progress = None  # the queue, in worker processes


def processes_for(n_articles: int, settings: Settings, budget: int | None) -> int:
    """How many processes to use (1 = stay in this one)."""
    if os.environ.get("BRIEFER_PROCESSES"):  # to force a count (tests use 2 on a handful of articles)
        return max(1, int(os.environ["BRIEFER_PROCESSES"]))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if settings.local or budget is not None or n_articles < MIN_ARTICLES:
        return 1
    return max(1, min(cores, 8))


def brief_in_processes(settings: Settings, store_path: str, fingerprint: str, todo: list[tuple[int, Document]],
                       concurrency: int, processes: int, on_event) -> list[tuple[int, str | Failure]]:
    """Brief ``todo`` (index, document) across ``processes``; ``on_event(kind, tokens)`` per article."""
    ctx = multiprocessing.get_context("spawn")
    events = ctx.Queue()
    shards = [todo[i::processes] for i in range(processes)]
    per = max(1, concurrency // processes)
    results: list[tuple[int, str | Failure]] = []
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_init, initargs=(events,)) as pool:
        futures = [pool.submit(_shard, settings, store_path, fingerprint, shard, per) for shard in shards if shard]
        while not all(f.done() for f in futures):
            _drain(events, on_event, timeout=0.1)
        for f in futures:
            results.extend(f.result())
        _drain(events, on_event, timeout=0)
    return results


def _drain(events, on_event, timeout: float) -> None:
    try:
        kind, tokens = events.get(timeout=timeout) if timeout else events.get_nowait()
        on_event(kind, tokens)
        while True:
            kind, tokens = events.get_nowait()
            on_event(kind, tokens)
    except queue_mod.Empty:
        pass


def _init(events) -> None:
    global _progress
    _progress = events


def _shard(settings: Settings, store_path: str, fp: str, items: list[tuple[int, Document]], concurrency: int):
    from .store import Store
    from ..summarize import Session

    store = Store(store_path)
    try:
        with Session(settings, load_model=False) as session:
            session.prepare()

            def one(item: tuple[int, Document]) -> tuple[int, str | Failure]:
                index, doc = item
                try:
                    brief: Brief = session.summarize_document(doc)
                except BrieferError as exc:
                    _progress.put(("failed", 0))
                    return index, Failure(source=doc.url or doc.path or "?", stage="model", error=str(exc))
                store.put_brief(doc.text, fp, brief)
                _progress.put(("done", brief.usage.total_tokens))
                return index, brief.model_dump_json()

            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                return list(pool.map(one, items))
    finally:
        store.close()
