"""The one interface a daily run is driven over: an ``Executor`` runs tasks, the driver decides them.

Two kinds of task: a ``Read`` (fetch + extract; the result is the Document) and a brief (a
Document, or in a ``--batch`` round a ``BatchBrief``; the result is the brief, or the requests it
still needs). The driver (``dispatch``) puts what it wants done in a ``Window``: the tasks to
start with, what to brief once a document is read (``follow``), and whether anything may still
start (``admit``: the token budget). An executor takes tasks from the window as it has room
(``reads`` and ``briefs`` slots) and yields every result as it completes; the driver commits each
to the store the moment it arrives. So the reuse check, progress, budget and failures are written
once, whichever executor runs the tasks:

* ``Threads`` (this module): this process's threads, over the driver's own model session — the
  default below ~100 articles, with the embedded model, or with a token budget;
* ``parallel.LocalProcesses``: worker processes on this machine;
* ``parallel.DaskExecutor``: a dask.distributed cluster.
"""

from __future__ import annotations

import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Protocol

from .. import baton
from ..config import Settings
from ..errors import BrieferError
from ..schemas import Brief, Document
from .collect import BatchBrief, Pending, build
from .interrupt import Deferred, announce
from .reading import Pages, Read, read_failure, run_read
from .schemas import Failure

Task = tuple[int, "Document | Read | BatchBrief"]  # (article index, what to brief | to read | to brief from answers)
# (index, brief (JSON from a worker) | Document read | requests to batch | why not)
Result = tuple[int, "Brief | str | Document | Pending | Failure"]
Follow = Callable[[int, Document], "Document | BatchBrief | None"]  # a Document read → what to brief, or None


class Window:
    """The driver's flow control over one executor: which task to send next, and when.

    At most ``reads`` Read tasks and ``briefs`` brief tasks are out at once; briefs that follow a
    read go before unread articles, so the model is kept busy with what is already extracted
    instead of the workers extracting every page first, and extraction runs only a window ahead.
    ``admit(index)`` is asked just before each brief is sent: once it says no (the token budget is spent)
    no brief starts (reads go on, so every article is still stored), and the driver reports what
    it turned away."""

    def __init__(self, todo: Iterable[Task], follow: Follow, reads: int, briefs: int,
                 admit: Callable[[int], bool] = lambda index: True):
        self.todo, self.follow, self.admit = iter(todo), follow, admit
        self.caps = {"read": max(1, reads), "brief": max(1, briefs)}
        self.out = {"read": 0, "brief": 0}
        self.ready: deque[Task] = deque()  # briefs that follow a read, not yet sent
        self.exhausted = False

    def next(self) -> Task | None:
        """The next task to send now, or None (every slot taken, or nothing left)."""
        while True:
            if self.ready and self.out["brief"] < self.caps["brief"]:
                item = self.ready.popleft()
            elif self.exhausted or self.ready or self.out["read"] >= self.caps["read"] \
                    or self.out["brief"] >= self.caps["brief"]:
                return None
            else:
                item = next(self.todo, None)
                if item is None:
                    self.exhausted = True
                    return None
            if isinstance(item[1], Read) or self.admit(item[0]):
                return self._sent(item)
            # a brief not admitted (the budget is spent) is not sent: the driver reports it

    def _sent(self, item: Task) -> Task:
        self.out["read" if isinstance(item[1], Read) else "brief"] += 1
        return item

    def received(self, got: Result) -> None:
        """Account for a result; a Document read may bring a brief to send."""
        index, what = got
        if isinstance(what, Document):
            self.out["read"] -= 1
            task = self.follow(index, what)
            if task is not None:
                self.ready.append((index, task))
        elif isinstance(what, Failure) and what.stage in ("fetch", "extract"):
            self.out["read"] -= 1
        else:
            self.out["brief"] -= 1

    @property
    def finished(self) -> bool:
        return self.exhausted and not self.ready and not any(self.out.values())

    def close(self) -> None:
        """Send nothing more (Ctrl-C): the tasks out still complete and are received."""
        self.exhausted = True
        self.ready.clear()


class Executor(Protocol):
    """Runs the tasks of ``window`` somewhere, at most ``reads`` Read and ``briefs`` brief tasks at
    once; yields each (index, result) as it completes, after ``window.received`` has seen it.
    Closing the iterator cancels what has not started."""

    reads: int
    briefs: int

    def run(self, settings: Settings, window: Window) -> Iterator[Result]: ...


# -- what a worker does, whichever executor runs it ----------------------------------------------
_sessions: dict[bytes, object] = {}
_sessions_lock = threading.Lock()
_pages = Pages()  # a worker process's page cache, open for the process's life


def _session(settings: Settings):
    """One model session per worker process and settings, shared by its threads (like the driver's)."""
    from ..pipeline import Session

    key = pickle.dumps(settings)
    with _sessions_lock:
        if key not in _sessions:
            session = Session(settings, load_model=False)
            session.prepare()
            _sessions[key] = session
        return _sessions[key]


def work(settings: Settings, index: int, item: Document | Read | BatchBrief, session=None, pages: Pages = _pages,
         ) -> Result:
    """One task: read an article (its Document), brief one (its JSON; the Brief itself for the
    driver's own ``session``), or brief one from a Batch API round's answers (its JSON, or the
    requests it still needs); else a Failure the driver files under the article's location."""
    if isinstance(item, Read):
        try:
            return index, run_read(item, pages)
        except BrieferError as exc:
            return index, read_failure(item.location, exc)
    doc = item.doc if isinstance(item, BatchBrief) else item
    try:
        own = session or _session(settings)
        if isinstance(item, BatchBrief):
            return index, build(own, item)
        with baton.held():  # one thread of this process runs Python at a time (see briefer.baton)
            brief = own.summarize_document(item)
            return index, brief if session is not None else brief.model_dump_json()
    except BrieferError as exc:
        return index, Failure(source=doc.url or doc.path or "?", stage="model", error=str(exc))


# -- threads: this process --------------------------------------------------------------------------
class Threads:
    """This process's threads over the driver's own ``session`` (None: reads only): ``briefs``
    model requests and ``reads`` page reads at a time. Waiting for a model overlaps well in threads;
    the Python of a brief runs one thread at a time (``briefer.baton``).

    The first Ctrl-C stops new work and lets the tasks in flight finish (each is yielded, so the
    driver commits it and a rerun resumes); a second one ends the process at once (``interrupt``)."""

    def __init__(self, session, briefs: int, reads: int):
        self.session, self.briefs, self.reads = session, max(1, briefs), max(1, reads)

    def run(self, settings: Settings, window: Window) -> Iterator[Result]:
        pages = Pages()
        running: set = set()
        arrived: deque = deque()  # completed, not yet yielded
        pool = ThreadPoolExecutor(max_workers=self.briefs + self.reads)
        try:
            with Deferred() as ctrl_c:  # a Ctrl-C raises in here, never in the driver's loop body
                try:
                    while True:
                        ctrl_c.check()
                        while (task := window.next()) is not None:
                            running.add(pool.submit(work, settings, *task, self.session, pages))
                        if window.finished:
                            return
                        finished, running = wait(running, timeout=0.2 if ctrl_c.watching else None,
                                                 return_when=FIRST_COMPLETED)
                        ctrl_c.check()
                        arrived.extend(finished)
                        while arrived:
                            got = arrived.popleft().result()
                            window.received(got)
                            yield got
                except KeyboardInterrupt:
                    window.close()
                    announce()
                    for future in [*arrived, *running]:  # the articles in flight: finished, and committed by the driver
                        got = future.result()
                        window.received(got)
                        yield got
                    raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            pages.close()
