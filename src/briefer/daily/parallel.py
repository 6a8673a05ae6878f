"""Where the daily brief's articles are read and briefed, past this process's threads.

Waiting for a model overlaps well in threads (``executor.Threads``), but the rest of a brief
(sentence split, people candidates, schema, HTTP handling, verification) is ~7 ms of Python per
article (docs/daily-profile.md), extracting a real page another ~15-25 ms, and one interpreter
runs Python on one core. So past ~100 articles (``choose``) the driver (``dispatch``) hands both
kinds of task to worker processes: a ``Read`` (fetch + extract; the worker returns the Document)
and a brief (a Document; the worker returns brief JSON).

* ``local`` (default): worker processes on this machine, threads inside each;
* ``dask``: the tasks of a dask.distributed cluster — a ``LocalCluster`` on this machine, or an
  existing scheduler (``--dask-scheduler tcp://host:8786``) whose workers run anywhere briefer
  and the model endpoint can be reached. No home-made scheduling: Dask places, balances and
  retries tasks on lost workers.

Both are ``executor.Executor``s: workers return each Document and each brief as JSON (or a
``Failure``) and the *driver* commits it to the SQLite store the moment it arrives. Workers need no
shared filesystem (the driver reads local files and sends their bytes) and never open the store; a
killed run keeps everything that arrived, and a rerun reuses it. Results are yielded as they
complete; closing the generator cancels what has not started.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_mod
import sys
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..config import Settings
from .. import baton
from ..errors import BrieferError, ConfigError
from .executor import Executor, Result, Threads, Window, _session, _sessions, work  # noqa: F401 (_sessions: tests)
from .options import Options
from .reading import Read

MIN_ARTICLES = 100  # articles to brief before worker processes pay for their start-up (~0.5 s) ...
PAGE_WEIGHT = 3  # ... where each page to fetch and extract counts three times: that is ~3 briefs of CPU
EXECUTORS = ("local", "dask")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def processes_for(n_articles: int, settings: Settings, budget: int | None, pages: int = 0) -> int:
    """How many local processes to use (1 = stay in this one, threads only); ``pages`` of the
    articles are web pages still to fetch and extract (crossover measured with ``bench/daily.py
    --pages``: processes win from ~30 pages, text files from ~100)."""
    if os.environ.get("BRIEFER_PROCESSES"):  # to force a count (tests use 2 on a handful of articles)
        return max(1, int(os.environ["BRIEFER_PROCESSES"]))
    if settings.local or budget is not None or n_articles + (PAGE_WEIGHT - 1) * pages < MIN_ARTICLES:
        return 1
    return max(1, min(cores(), 8))


def choose(opts: Options, n_articles: int, session, pages: int = 0, *, batch: bool = False) -> Executor:
    """The executor for a run of ``n_articles`` to read or brief, ``pages`` of them web pages to fetch
    (see ``processes_for``): this process's threads over ``session``, or worker processes.

    ``opts.processes=1`` means this process only, whatever the executor; ``--batch`` builds its
    briefs from answers (CPU only: a few threads are enough) and knows no token budget."""
    settings = session.settings
    if opts.executor not in EXECUTORS:
        raise ConfigError(f"unknown executor '{opts.executor}' (choose from {', '.join(EXECUTORS)})")
    if opts.scheduler and opts.executor != "dask":
        raise ConfigError("--dask-scheduler needs --executor dask")
    concurrency = max(1, opts.concurrency)
    if opts.processes != 1 and opts.executor == "dask":
        if settings.local:
            raise ConfigError("--executor dask needs a model endpoint (--base-url); the embedded model "
                              "runs in this process only")
        return DaskExecutor(opts.scheduler, concurrency)
    procs = 1 if opts.processes == 1 else processes_for(n_articles, settings, None if batch else opts.budget, pages)
    if procs > 1:
        return LocalProcesses(procs, concurrency)
    briefs = 1 if settings.local else min(concurrency, 4) if batch else concurrency
    return Threads(session, briefs, min(concurrency, 16))


# -- local: worker processes on this machine ---------------------------------------------------------
class LocalProcesses:
    """``processes`` worker processes (see ``_context``), ``concurrency / processes`` request slots
    in each, all taking tasks from one queue as the driver sends them.

    The workers are started before the first article is read, with the summarize stack already
    loaded, and read pages as well as brief them. One shared queue instead of fixed shards: a
    process that drew long articles does not finish last."""

    def __init__(self, processes: int, concurrency: int):
        self.processes = processes
        self.per = max(1, concurrency // processes)
        # the workers' request slots cap the model requests; the window only keeps their queue short
        self.reads, self.briefs = concurrency, 2 * concurrency

    def run(self, settings: Settings, window: Window) -> Iterator[Result]:
        ctx = _context()
        if ctx.get_start_method() == "fork":
            _preload()
        results, tasks = ctx.Queue(), ctx.Queue()
        with ProcessPoolExecutor(max_workers=self.processes, mp_context=ctx, initializer=_init,
                                 initargs=(results, tasks)) as pool:
            futures = [pool.submit(_serve, settings, self.per) for _ in range(self.processes)]  # forks them all now
            finished = False
            try:
                while True:
                    while (task := window.next()) is not None:
                        tasks.put(task)
                    if window.finished:
                        break
                    got = _poll(results, 0.2)
                    if got is None:
                        for f in futures:
                            if f.done() and f.exception() is not None:
                                _raise_for(f.exception())
                        continue
                    window.received(got)
                    yield got
                finished = True
            finally:
                if not finished:  # stopped early (Ctrl-C, an error): unstarted articles stay unstarted
                    tasks.cancel_join_thread()  # and what is still buffered for the pipe is dropped at exit
                    while _poll(tasks, 0) is not None:
                        pass
                tasks.put(None)  # the end mark; each worker thread passes it on


class WorkerLost(BrieferError):
    """A worker process ended without finishing (killed: out of memory, a signal, a crash)."""


def _raise_for(exc: BaseException) -> None:
    if isinstance(exc, BrokenProcessPool):  # the OOM killer, or a kill by hand: not briefer's bug
        raise WorkerLost("a worker process ended unexpectedly (killed? out of memory?); the briefs that "
                         "finished before are in the store: rerun to resume") from None
    raise exc


def _poll(q, timeout: float):
    """The next item of ``q`` (waiting up to ``timeout`` s), or None; a worker's crash is raised here."""
    try:
        got = q.get(timeout=timeout) if timeout else q.get_nowait()
    except queue_mod.Empty:
        return None
    if isinstance(got, tuple) and len(got) == 2 and isinstance(got[1], BaseException):
        raise got[1]
    return got


_results = _tasks = None  # the queues, in worker processes


def _context():
    """fork when this process has no other thread (Linux): workers start with briefer already
    imported, ~1.5 s less of a 500-article run on 2 cores (docs/daily-profile.md). With other
    threads alive (a live progress bar) a fork could copy a held lock: then a fork server that
    imports briefer once and forks every worker from that, or spawn where there is none."""
    if sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["briefer.pipeline._summarize", "briefer.daily.parallel"])
    return ctx


def _preload() -> None:
    """Before forking: what every worker needs before its first request — the summarize stack, the
    openai client's modules, the token encoding (~0.5 s of CPU per process) — loaded once here and
    shared by the forked workers, instead of once per worker on a core the driver also needs."""
    from ..extraction import encoding
    from ..pipeline import Session  # noqa: F401
    import openai  # noqa: F401

    encoding()


def _init(results, tasks) -> None:
    global _results, _tasks
    _results, _tasks = results, tasks
    # A worker exits only after the driver has received every result it waits for; if the driver
    # stopped early, a result still buffered must not keep the worker from exiting.
    results.cancel_join_thread()


def _serve(settings: Settings, threads: int) -> None:
    """A worker process: make the session first (before any article has arrived), then brief
    articles from the queue until the end mark (``None``) comes round, ``threads`` model requests
    at a time. Half as many threads again prepare the next articles meanwhile, so a request slot
    is refilled as soon as it frees (1.44-1.47x ideal against 1.49-1.52x without, alternated)."""
    try:
        _session(settings)
    except BrieferError:
        pass  # each article then reports the same problem as its Failure

    def loop() -> None:
        while (item := _tasks.get()) is not None:
            try:
                _results.put(work(settings, *item))
            except Exception as exc:  # not an article's failure: a bug; the driver raises it
                _results.put((item[0], exc))
        _tasks.put(None)  # the end mark goes round: every thread of every process sees it

    baton.limit_requests(threads)  # at most ``threads`` requests in flight; the extra threads prepare articles
    pool = [threading.Thread(target=loop, daemon=True) for _ in range(threads + threads // 2)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


# -- dask.distributed ----------------------------------------------------------------------------
class DaskExecutor:
    """Dask tasks on an existing scheduler, or on a LocalCluster of this machine's cores: one to
    read each article (fetch + extract), then one to brief it unless the store already has its brief.

    At most ``concurrency`` brief tasks are in flight (``Window``): ``--concurrency`` stays the cap
    on simultaneous model requests however many workers the cluster has, which is what an
    endpoint's rate limit cares about. Reads run at most as far ahead.
    """

    def __init__(self, scheduler: str | None, concurrency: int):
        self.scheduler, self.concurrency = scheduler, concurrency
        self.reads = self.briefs = concurrency

    def run(self, settings: Settings, window: Window) -> Iterator[Result]:
        concurrency = self.concurrency
        try:
            from dask.distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise ConfigError("--executor dask needs dask.distributed: pip install 'briefer[dask]'") from None
        cluster = None
        if self.scheduler:
            client = Client(self.scheduler, timeout="30s")
        else:
            n = max(1, min(cores(), 8))
            cluster = LocalCluster(n_workers=n, threads_per_worker=max(1, concurrency // n), processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        run = uuid.uuid4().hex[:12]  # task keys unique per run, also among drivers sharing a cluster
        try:
            running = as_completed()

            def submit() -> None:
                while (task := window.next()) is not None:
                    kind = "read" if isinstance(task[1], Read) else "brief"
                    running.add(client.submit(work, settings, task[0], task[1], pure=False,
                                              key=f"{kind}-{run}-{task[0]}"))

            submit()
            for future in running:
                got = future.result()
                future.release()
                window.received(got)
                submit()
                yield got
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
