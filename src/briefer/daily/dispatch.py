"""The driver's side of a run on an executor: send reads and briefs, commit what comes back.

The workers fetch and extract (``reading.Read``) and brief; the driver keeps what only it can
do: the store. Each Document read is stored the moment it arrives and checked against the
stored briefs (same text, same settings: reused, no model call) before it goes back out as a
brief task, and each brief is committed as it arrives, so a killed run keeps everything that
arrived and a rerun reuses it, exactly as when the driver read the pages itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import BrieferError
from ..schemas import Document
from . import reading
from .options import Options
from .outcome import Progress, committed, reused
from .schemas import Failure
from .sources import ArticleRef
from .store import Store


def brief_on(executor, settings, fp: str, refs: list[ArticleRef], unbriefed: list[tuple[int, ArticleRef, Document]],
             missing: list[int], opts: Options, store: Store, progress: Progress, on_progress,
             failed: Callable[[Failure], None], read: list[tuple[int, ArticleRef, Document]]):
    """Brief ``unbriefed`` (stored copies) and read + brief ``refs[i] for i in missing`` on ``executor``.

    Returns (briefed, model failures); read failures go to ``failed`` and every document read to
    ``read`` as (index, ref, document). Stops sending new work once ``opts.budget`` tokens are used."""
    done: list = []
    more: list[Failure] = []
    briefing: dict[int, Document] = {}  # index → the document a brief task was sent for
    settled: set[int] = set()

    def note() -> None:
        if on_progress:
            on_progress(progress)

    def todo() -> Iterator[tuple[int, Document | reading.Read]]:
        for i, _, doc in unbriefed:
            briefing[i] = doc
            yield i, doc
        for i in missing:
            ref = refs[i]
            try:
                task = reading.read_task(ref.location, ref.take_fetched(), opts)
            except BrieferError as exc:  # a file that could not be read here
                settled.add(i)
                failed(reading.read_failure(ref.location, exc))
                continue
            yield i, task

    def follow(i: int, doc: Document) -> Document | None:
        ref = refs[i]
        store.put_document(ref.location, doc)
        doc = reading.with_ref_metadata(ref, doc)
        read.append((i, ref, doc))
        kept = reused(store, fp, ref, doc)
        if kept is None:
            briefing[i] = doc
            return doc
        settled.add(i)
        done.append(kept)
        with progress.lock:
            progress.reused += 1
            progress.done += 1
        note()
        return None

    results = executor.run(settings, todo(), opts.concurrency, follow)
    try:
        for i, got in results:
            if isinstance(got, Document):
                continue  # stored and sent on by ``follow``
            settled.add(i)
            ref = refs[i]
            if isinstance(got, Failure) and got.stage != "model":
                failed(got)
                continue
            with progress.lock:
                if isinstance(got, Failure):
                    more.append(got.model_copy(update={"source": ref.location}))
                    progress.failed += 1
                else:
                    done.append(committed(store, fp, ref, briefing.pop(i), got))
                    progress.done += 1
                    progress.tokens += done[-1].brief.usage.total_tokens
            note()
            if opts.budget is not None and progress.tokens >= opts.budget:
                break
    finally:
        results.close()  # cancels what has not started
    for i in [i for i, _, _ in unbriefed] + missing:
        if i not in settled:
            more.append(Failure(source=refs[i].location, stage="budget",
                                error=f"not summarized: token budget {opts.budget:,} reached"))
    return done, more
