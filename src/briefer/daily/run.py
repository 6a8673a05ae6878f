"""The daily brief: many sources → per-article briefs (in parallel, remembered) → ranked stories.

Articles are read and briefed concurrently: in this process's threads (over one openai client;
the embedded model takes one at a time), or, past ~100 articles, by an executor's workers, which
fetch, extract and brief while this process stores what they return (``dispatch``). Each
finished article is committed to the ``Store`` at once, so a rerun
makes no model call for unchanged articles and a killed run resumes where it stopped. Failures
(dead feed, HTTP 500, model errors) are collected, never fatal; a token budget stops new work
cleanly and the brief of what was done is still written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timezone

from ..config import Settings, load_settings
from .. import baton
from ..errors import BrieferError, ConfigError, InputError, ModelError, redact
from ..fetch import is_url
from ..schemas import Document
from .schemas import ArticleEntry, DailyBrief, DailyUsage, Failure
from .sources import ArticleRef, expand_sources
from . import parallel
from .dispatch import brief_on
from .outcome import Briefed, Progress, reused
from .interrupt import stop_on_interrupt
from .keys import fingerprint, heading, settings_fingerprint
from . import reading
from .options import Options, default_store
from .store import Store, text_hash
from .clustering import article_text
from .stories import build_stories


def brief_all(session, docs: Iterable[tuple[ArticleRef, Document]], opts: Options, store: Store,
              progress: Progress, on_progress: Callable[[Progress], None] | None = None,
              ) -> tuple[list[Briefed], list[Failure], bool]:
    """Brief every document (stored brief if unchanged) in this process's threads; returns (done,
    failures, budget_hit). ``docs`` may be a stream: each is briefed as soon as it arrives."""
    fp = fingerprint(session)
    failures: list[Failure] = []
    done: list[Briefed] = []
    todo = _unstored(docs, store, fp, done, progress, on_progress)
    session.prepare()
    budget_hit = threading.Event()

    def one(ref: ArticleRef, doc: Document):
        if opts.budget is not None and progress.tokens >= opts.budget:
            budget_hit.set()
            return ref, doc, Failure(source=ref.location, stage="budget",
                                     error=f"not summarized: token budget {opts.budget:,} reached")
        try:
            with baton.held():  # one article thread runs Python at a time (see briefer.baton)
                brief = session.summarize_document(doc)
        except BrieferError as exc:
            return ref, doc, Failure(source=ref.location, stage="model", error=str(exc))
        store.put_brief(doc.text, fp, brief)  # committed before anything else can go wrong
        with progress.lock:
            progress.tokens += brief.usage.total_tokens  # counted before the next article may start
        return ref, doc, brief

    workers = 1 if session.settings.local else max(1, opts.concurrency)
    with ThreadPoolExecutor(max_workers=workers) as pool, stop_on_interrupt(pool):
        futures = [pool.submit(one, ref, doc) for ref, doc in todo]
        for fut in as_completed(futures):
            ref, doc, got = fut.result()
            with progress.lock:
                if isinstance(got, Failure):
                    failures.append(got)
                    progress.failed += 1
                else:
                    done.append(Briefed(ref, doc, got, False))
                    progress.done += 1
            if on_progress:
                on_progress(progress)
    return done, failures, budget_hit.is_set()


def _unstored(docs, store: Store, fp: str, done: list[Briefed], progress: Progress, on_progress
              ) -> Iterator[tuple[ArticleRef, Document]]:
    """The documents of ``docs`` without a stored brief for ``fp``; the others go to ``done`` (reused)."""
    for ref, doc in docs:
        kept = reused(store, fp, ref, doc)
        if kept is None:
            yield ref, doc
            continue
        with progress.lock:
            done.append(kept)
            progress.reused += 1
            progress.done += 1
        if on_progress:
            on_progress(progress)


def assemble(done, failures: list[Failure], opts: Options, seen: set[str], started: float) -> DailyBrief:
    entries, texts = [], {}
    for ref, doc, brief, _ in done:
        texts[text_hash(doc.text)[:10]] = article_text(doc)  # stories are grouped on the whole text
        entries.append(ArticleEntry(
            id=text_hash(doc.text)[:10], location=redact(ref.location), title=doc.title or brief.title,
            site_name=doc.site_name, published=doc.published, new=redact(ref.location) not in seen, brief=brief,
        ))
    if opts.new_only:
        entries = [e for e in entries if e.new]
    entries.sort(key=lambda e: e.location)
    usage = DailyUsage(
        articles=len(entries), summarized=sum(1 for d in done if not d.reused), reused=sum(1 for d in done if d.reused),
        model_calls=sum(d.brief.usage.calls for d in done if not d.reused),
        tokens=sum(d.brief.usage.total_tokens for d in done if not d.reused),
        seconds=round(time.perf_counter() - started, 3),
        budget_exhausted=any(f.stage == "budget" for f in failures),
    )
    now = datetime.now(timezone.utc)
    return DailyBrief(
        title=heading(now), generated=now.isoformat(timespec="seconds"),
        since=opts.since, stories=build_stories(entries, [texts[e.id] for e in entries]), articles=entries, failed=failures, usage=usage,
    )


def brief(
    sources: str | list[str],
    *,
    options: Options | None = None,
    settings: Settings | None = None,
    batch: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    replay: bool = True,
    expanded=None,
    **overrides,
) -> DailyBrief:
    """One daily brief from feeds, URL lists, article URLs or files, and folders (``briefer brief``).

    Every finished article is committed to the store (``options.store``, default in the cache
    directory) as it completes, so a rerun reuses it and a killed run resumes. ``settings`` (or
    keyword overrides such as ``model=``, ``base_url=``) choose the model; ``batch`` sends the
    requests through the OpenAI Batch API. Failures are listed in ``DailyBrief.failed``; when no
    article can be read at all, ``InputError`` is raised. An unchanged rerun is answered from the
    brief stored by the last run (``replay``; ``replay=False`` rebuilds it); ``expanded`` is what
    ``replay.lookup`` already expanded the sources to.
    """
    started = time.perf_counter()
    opts = options or Options()
    sources = [sources] if isinstance(sources, str) else list(sources)
    settings = settings or load_settings(**overrides)
    if batch and settings.local:
        raise ConfigError("--batch needs an endpoint with the OpenAI Batch API (--base-url/--api-key), "
                          "not the embedded model")
    from . import replay as replayed

    if replay and expanded is None:
        hit, expanded = replayed.lookup(sources, opts, settings)
        if hit is not None:
            return DailyBrief.model_validate_json(hit.text)
    store = Store(opts.store or default_store())
    try:
        refs, failures = expanded if expanded is not None else expand_sources(sources, opts, store)
        failures = list(failures)
        run = store.start_run()
        seen = store.seen_before(run)
        if batch:
            from ..summarize import Session
            from .batch import brief_all_batch, brief_batch_on

            docs, unread = reading.gather(refs, opts, store)
            failures += unread
            require_articles(docs, failures, sources, opts)
            progress = Progress(total=len(docs), stage="briefing")
            with Session(settings, load_model=False) as session:
                executor = parallel.choose(opts.executor, opts.scheduler, len(docs), session.settings, None,
                                           opts.processes)
                if executor is not None:  # both passes of every round on the workers
                    done, more, _ = brief_batch_on(executor, session, docs, opts, store, progress, on_progress,
                                                   note=on_note)
                else:
                    done, more, _ = brief_all_batch(session, docs, opts, store, progress, on_progress, note=on_note)
        else:
            done, more, docs = _brief_as_read(refs, settings, opts, store, failures, on_progress)
            require_articles(docs, failures, sources, opts)
        if not done and more and all(f.stage == "model" for f in more):
            raise ModelFailed(f"the model endpoint failed for all {len(more)} article(s); no brief written",
                              failures + more)
        result = assemble(done, failures + more, opts, seen, started)
        result.failed = [f.model_copy(update={"source": redact(f.source), "error": redact(f.error)})
                         for f in result.failed]
        store.finish_run(run, [e.location for e in result.articles])
        fp = replayed.usable(opts, settings, batch)
        if fp is not None:
            replayed.remember(result, fp, opts, [ref for ref, _ in docs], store)
        return result
    finally:
        store.close()


def _brief_as_read(refs: list[ArticleRef], settings: Settings, opts: Options, store: Store, failures: list[Failure],
                   on_progress) -> tuple[list[Briefed], list[Failure], list[tuple[ArticleRef, Document]]]:
    """Brief ``refs``, each as soon as it is read: (done, model failures, documents read in ``refs`` order).

    Read failures are appended to ``failures``. When every article has a current stored copy and
    a stored brief no session is made (no client, no model imports)."""
    progress = Progress(total=len(refs), stage="briefing")
    fp = settings_fingerprint(settings)
    found, missing = reading.stored_copies(refs, store)
    read: list[tuple[int, ArticleRef, Document]] = list(found)
    kept: list[Briefed] = []
    unbriefed: list[tuple[int, ArticleRef, Document]] = []
    for i, ref, doc in found:
        stored = reused(store, fp, ref, doc)
        if stored is None:
            unbriefed.append((i, ref, doc))
        else:
            kept.append(stored)
    progress.reused = progress.done = len(kept)
    if on_progress:
        on_progress(progress)

    def failed(failure: Failure) -> None:
        failures.append(failure)
        with progress.lock:
            progress.failed += 1
        if on_progress:
            on_progress(progress)

    def stream() -> Iterator[tuple[ArticleRef, Document]]:
        yield from ((ref, doc) for _, ref, doc in unbriefed)
        for i, ref, doc in reading.read_missing(refs, missing, opts, store, failed):
            read.append((i, ref, doc))
            yield ref, doc

    done, more = kept, []
    n = len(unbriefed) + len(missing)
    if n:  # otherwise no session: no client, no model imports
        from ..summarize import Session

        with Session(settings, load_model=False) as session:
            pages = sum(1 for i in missing if is_url(refs[i].location))
            executor = parallel.choose(opts.executor, opts.scheduler, n, session.settings, opts.budget, opts.processes,
                                       pages)
            if executor is not None:  # the workers read the pages too (see daily.dispatch)
                briefed, more = brief_on(executor, session.settings, fp, refs, unbriefed, missing, opts, store,
                                         progress, on_progress, failed, read)
            else:
                briefed, more, _ = brief_all(session, stream(), opts, store, progress, on_progress)
        done = kept + briefed
    read.sort(key=lambda item: item[0])
    return done, more, [(ref, doc) for _, ref, doc in read]


def require_articles(docs, failures: list[Failure], sources: list[str], opts: Options) -> None:
    if not docs:
        why = "could be read" if failures else "found" + (f" newer than --since {opts.since}" if opts.since else "")
        raise NoArticles(f"no article {why} in {len(sources)} source(s)", failures)


class NoArticles(InputError):
    """Nothing could be briefed; ``failures`` says why for each source."""

    def __init__(self, message: str, failures: list[Failure]):
        super().__init__(message)
        self.failures = failures


class ModelFailed(ModelError):
    """Every article failed at the model: an endpoint problem (exit 4), not a brief of nothing.

    Raised instead of returning an empty brief so that the CLI keeps an existing ``-o`` file."""

    def __init__(self, message: str, failures: list[Failure]):
        super().__init__(message)
        self.failures = failures
