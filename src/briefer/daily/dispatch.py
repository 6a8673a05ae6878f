"""The one driver loop of a daily brief: decide what to read and brief, commit what comes back.

Whichever executor runs the tasks (``executor.Threads`` in this process, ``parallel.LocalProcesses``
on this machine's cores, ``parallel.DaskExecutor`` on a cluster), only the driver keeps the store:

* an article with a current stored copy and a stored brief for its text and settings is reused at
  once (no task); another stored copy goes out as a brief task, an article not read yet as a
  ``reading.Read`` task;
* each Document read is stored the moment it arrives and checked against the stored briefs before
  it goes back out as a brief task; each brief is committed as it arrives, so a killed run keeps
  everything that arrived and a rerun reuses it;
* the token budget stops new briefs (those in flight finish and are kept; the rest are listed);
* every article ends in exactly one state — reused, briefed, failed, turned away by the budget,
  unreadable (or read, for ``--dry-run``) — and ``outcome`` checks that each one the sources
  listed did (``outcome.check_accounts``): an executor that lost or doubled a result stops the run
  with an internal error instead of passing for a budget stop or a smaller brief;
* ``--batch`` is rounds of the same loop: a brief that needs requests nobody answered yet comes
  back as those requests, ``batch.answer`` gets them answered through the Batch API, and the next
  round sends the article again with its answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..errors import BrieferError, InternalError, ModelError
from ..text import is_url
from ..model import ModelReply
from ..schemas import Document
from . import batch as batch_api
from . import parallel, reading
from .collect import BatchBrief, Pending
from .executor import Executor, Task, Threads, Window
from .keys import settings_fingerprint
from .options import Options
from .outcome import Briefed, Progress, check_accounts, committed, reused
from .schemas import Failure
from .sources import ArticleRef
from .store import Store


@dataclass
class Outcome:
    """What a run of the driver did."""

    done: list[Briefed]  # briefed now, or reused from the store
    failed: list[Failure]  # at the model, or not started for the token budget
    unread: list[Failure]  # could not be fetched or extracted
    docs: list[tuple[ArticleRef, Document]]  # every article read, in the order of the refs
    listed: int = 0  # the articles the sources listed: len(done) + len(failed) + len(unread), checked


def brief_refs(refs: list[ArticleRef], settings, opts: Options, store: Store,
               on_progress: Callable[[Progress], None] | None = None, *, batch: bool = False,
               note: Callable[[str], None] | None = None, on_read: Callable[[Document], None] | None = None) -> Outcome:
    """Read and brief ``refs`` on the executor ``opts`` asks for (``parallel.choose``). When every
    article has a current stored copy and a stored brief no session is made (no client, no model
    imports). ``on_read`` is handed each Document as soon as it is read (``daily.warm``)."""
    driver = Driver(refs, settings_fingerprint(settings), opts, store, on_progress, batch=batch, on_read=on_read)
    if driver.tasks:
        from ..pipeline import Session

        with Session(settings, load_model=False) as session:
            pages = sum(1 for i in driver.missing if is_url(refs[i].location))
            executor = parallel.choose(opts, driver.tasks, session, pages, batch=batch)
            driver.run(executor, session, note)
    return driver.outcome()


def read_all(refs: list[ArticleRef], opts: Options, store: Store
             ) -> tuple[list[tuple[ArticleRef, Document]], list[Failure]]:
    """Every article of ``refs`` read (the stored copy where current), in order, and briefed by
    nobody: (documents, failures) for ``--dry-run``."""
    driver = Driver(refs, None, opts, store, read_only=True)
    if driver.missing:
        driver.round(Threads(None, 1, min(opts.concurrency, 16)), None, driver.first())
    out = driver.outcome()
    return out.docs, out.unread


class Driver:
    """One daily run's driver: the articles of ``refs``, what became of each, and the live counts.

    ``fp`` is the settings fingerprint briefs are stored under. ``read_only=True`` (``--dry-run``)
    reads the articles and briefs none; it must be asked for by name: a briefing driver without a
    fingerprint is refused, so a fingerprint that could not be worked out never turns a run into a
    silent read-only one (it once did, for the embedded model)."""

    def __init__(self, refs: list[ArticleRef], fp: str | None, opts: Options, store: Store,
                 on_progress: Callable[[Progress], None] | None = None, *, batch: bool = False,
                 read_only: bool = False, on_read: Callable[[Document], None] | None = None):
        if not read_only and not fp:
            raise ValueError("a briefing Driver needs the settings fingerprint (read_only=True only reads)")
        self.refs, self.fp, self.opts, self.store, self.on_progress = refs, fp, opts, store, on_progress
        self.read_only = read_only
        self.batch = batch
        self.progress = Progress(total=len(refs), stage="briefing")
        self.done: list[Briefed] = []
        self.failed: list[Failure] = []
        self.unread: list[Failure] = []
        self.briefing: dict[int, Document] = {}  # index → the document a brief task is (to be) sent for
        self.settled: dict[int, str] = {}  # index → how it ended: reused, briefed, failed, budget, unreadable, read
        self.asked: dict[int, set[str]] = {}  # --batch: per article, every request key it has needed
        self.answers: dict[str, ModelReply] = {}  # --batch: the answers so far, by request key
        found, self.missing = reading.stored_copies(refs, store)
        self.read: list[tuple[int, ArticleRef, Document]] = list(found)
        self.on_read = on_read
        for _, _, doc in found if on_read else ():
            on_read(doc)
        self.unbriefed: list[tuple[int, Document]] = []
        for i, ref, doc in found:
            if read_only:
                self._settle(i, "read")
            elif (kept := reused(store, fp, ref, doc)) is not None:
                self._settle(i, "reused")
                self.done.append(kept)
            else:
                self.unbriefed.append((i, doc))
        self.progress.reused = self.progress.done = len(self.done)
        self._show()
        self.tasks = len(self.unbriefed) + len(self.missing)  # articles that need an executor

    def run(self, executor: Executor, session, note: Callable[[str], None] | None = None) -> None:
        """Brief every article not reused: one round, or with ``batch`` up to ``batch.MAX_ROUNDS``."""
        todo: Iterable[Task] = self.first()
        for _ in range(batch_api.MAX_ROUNDS if self.batch else 1):
            pending = self.round(executor, session.settings, todo)
            if not pending:
                return
            self.answers.update(batch_api.answer(session, pending, self.store, note))
            todo = [(i, self._task(i, self.briefing[i])) for i in sorted(self.asked) if i not in self.settled]
        raise ModelError(f"batch: requests still unanswered after {batch_api.MAX_ROUNDS} rounds")

    def first(self) -> Iterator[Task]:
        """The first round's tasks: the stored copies to brief, then the articles to read (a local
        file is read here, so that workers elsewhere need no shared filesystem)."""
        for i, doc in self.unbriefed:
            yield i, self._task(i, doc)
        for i in self.missing:
            ref = self.refs[i]
            try:
                task = reading.read_task(ref.location, ref.take_fetched(), self.opts)
            except BrieferError as exc:  # a file that could not be read here
                self._unreadable(i, reading.read_failure(ref.location, exc))
                continue
            yield i, task

    def round(self, executor: Executor, settings, todo: Iterable[Task]) -> dict[str, dict]:
        """Send ``todo`` (and the briefs of what it reads) to ``executor``; keep every result as it
        arrives. Returns the requests still unanswered (``--batch``; key → request body)."""
        pending: dict[str, dict] = {}
        window = Window(todo, self._follow, executor.reads, executor.briefs, admit=self._admit)
        for i, got in executor.run(settings, window):
            if isinstance(got, Document):
                continue  # stored, and sent on to be briefed, by ``_follow``
            if isinstance(got, Pending):
                self.asked.setdefault(i, set()).update(got.requests)
                pending.update(got.requests)
                continue
            ref = self.refs[i]
            if isinstance(got, Failure) and got.stage != "model":
                self._unreadable(i, got)
                continue
            self._settle(i, "failed" if isinstance(got, Failure) else "briefed")
            with self.progress.lock:
                if isinstance(got, Failure):
                    self.failed.append(got.model_copy(update={"source": ref.location}))
                    self.progress.failed += 1
                else:
                    self.done.append(committed(self.store, self.fp, ref, self.briefing.pop(i), got))
                    self.progress.done += 1
                    self.progress.tokens += self.done[-1].brief.usage.total_tokens
            self._show()
        return pending

    def outcome(self) -> Outcome:
        """What was done, once every article the sources listed has ended in exactly one state
        (else ``InternalError``: see ``outcome.check_accounts``)."""
        lost = [i for i in range(len(self.refs)) if i not in self.settled]
        if lost:
            raise InternalError(f"{len(lost)} of {len(self.refs)} articles were neither briefed, reused, failed nor "
                                f"unreadable (lost by the executor?), first {self.refs[lost[0]].location}; "
                                f"nothing was written")
        ended = list(self.settled.values())
        failed = self.failed + [Failure(source=self.refs[i].location, stage="budget",
                                        error=f"not summarized: token budget {self.opts.budget or 0:,} reached")
                                for i, how in sorted(self.settled.items()) if how == "budget"]
        if self.read_only:
            check_accounts(len(self.refs), briefed=ended.count("read"), reused=0, failed=0,
                           unreadable=len(self.unread), where="reading")
        else:
            check_accounts(len(self.refs), briefed=ended.count("briefed"), reused=ended.count("reused"),
                           failed=len(failed), unreadable=len(self.unread), where="driver")
            if len(self.done) != ended.count("briefed") + ended.count("reused"):
                raise InternalError(f"the driver kept {len(self.done)} briefs for {ended.count('briefed')} briefed "
                                    f"and {ended.count('reused')} reused articles; nothing was written")
        read = sorted(self.read, key=lambda item: item[0])
        return Outcome(self.done, failed, self.unread, [(ref, doc) for _, ref, doc in read], len(self.refs))

    def _task(self, i: int, doc: Document) -> Document | BatchBrief:
        self.briefing[i] = doc
        if not self.batch:
            return doc
        return BatchBrief(doc, {k: self.answers[k] for k in self.asked.get(i, ()) if k in self.answers})

    def _follow(self, i: int, doc: Document) -> Document | BatchBrief | None:
        """A Document read: store it, then reuse its stored brief or brief it."""
        ref = self.refs[i]
        self.store.put_document(ref.location, doc)
        doc = reading.with_ref_metadata(ref, doc)
        self.read.append((i, ref, doc))
        if self.on_read:
            self.on_read(doc)
        if self.read_only:
            self._settle(i, "read")
            return None
        kept = reused(self.store, self.fp, ref, doc)
        if kept is None:
            return self._task(i, doc)
        self._settle(i, "reused")
        with self.progress.lock:
            self.done.append(kept)
            self.progress.reused += 1
            self.progress.done += 1
        self._show()
        return None

    def _admit(self, i: int) -> bool:
        """Whether the brief of article ``i`` may still start: not once the token budget is spent
        (never in ``--batch``); one turned away has ended, as a budget failure."""
        if self.batch or self.opts.budget is None or self.progress.tokens < self.opts.budget:
            return True
        self._settle(i, "budget")
        return False

    def _settle(self, i: int, how: str) -> None:
        """Article ``i`` has ended as ``how``; a second ending is an executor's or the driver's bug."""
        if i in self.settled:
            raise InternalError(f"article {self.refs[i].location} ended twice ({self.settled[i]}, then {how}); "
                                f"nothing was written")
        self.settled[i] = how

    def _unreadable(self, i: int, failure: Failure) -> None:
        self._settle(i, "unreadable")
        self.unread.append(failure)
        with self.progress.lock:
            self.progress.failed += 1
        self._show()

    def _show(self) -> None:
        if self.on_progress:
            self.on_progress(self.progress)
