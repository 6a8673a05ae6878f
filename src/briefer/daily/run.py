"""The daily brief: many sources → per-article briefs (in parallel, remembered) → ranked stories.

Articles are read and briefed concurrently (threads over one openai client; the embedded model
takes one at a time). Each finished article is committed to the ``Store`` at once, so a rerun
makes no model call for unchanged articles and a killed run resumes where it stopped. Failures
(dead feed, HTTP 500, model errors) are collected, never fatal; a token budget stops new work
cleanly and the brief of what was done is still written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from ..config import Settings, load_settings
from .. import baton
from ..errors import BrieferError, ConfigError, InputError, ModelError, redact
from ..schemas import Brief, Document
from .schemas import ArticleEntry, DailyBrief, DailyUsage, Failure
from ..fetch import is_url
from .sources import ArticleRef, expand, parse_since
from . import parallel
from .interrupt import stop_on_interrupt
from .keys import fingerprint, heading, settings_fingerprint
from .options import Options, default_store
from .store import Store, text_hash
from .stories import build_stories

# USD per million (prompt, completion) tokens, for --dry-run estimates; override with --price.
PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00), "gpt-4.1-mini": (0.40, 1.60),
          "gpt-4.1": (2.00, 8.00), "gpt-5-mini": (0.25, 2.00), "gpt-5": (1.25, 10.00)}


class Briefed(NamedTuple):
    """One article that made it into the brief: where from, its text, its brief, reused from the store?"""

    ref: ArticleRef
    doc: Document
    brief: Brief
    reused: bool


@dataclass
class Progress:
    """Live counters for the progress bar (``stage``: reading, then briefing)."""

    total: int = 0
    stage: str = "reading"
    done: int = 0
    failed: int = 0
    reused: int = 0
    tokens: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Estimate:
    """One article in a --dry-run."""

    location: str
    title: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool


def expand_sources(sources: list[str], opts: Options) -> tuple[list[ArticleRef], list[Failure]]:
    """The article refs of ``sources`` (at most ``max_articles``), and the sources that failed."""
    refs, failures = expand(sources, since=parse_since(opts.since), timeout=opts.timeout,
                            allow_private=opts.allow_private)
    return (refs[: opts.max_articles] if opts.max_articles else refs), failures


def gather(sources: list[str], opts: Options, store: Store, expanded=None
           ) -> tuple[list[tuple[ArticleRef, Document]], list[Failure]]:
    """Expand sources (unless ``expanded`` already holds ``expand_sources``' answer) and read every
    article (stored copy if current, else fetch + extract)."""
    refs, failures = expanded if expanded is not None else expand_sources(sources, opts)
    failures = list(failures)
    docs: list[tuple[ArticleRef, Document]] = []

    def read(ref: ArticleRef) -> tuple[ArticleRef, Document | Failure]:
        from ..extract import load_document  # only when a page must be read: a rerun never imports it

        try:
            doc = load_document(ref.location, timeout=opts.timeout, allow_private=opts.allow_private,
                                cache=pages if pages is not None else False, max_tokens=opts.max_input_tokens)
        except BrieferError as exc:
            stage = "fetch" if exc.exit_code == 3 else "extract"
            return ref, Failure(source=ref.location, stage=stage, error=str(exc))
        store.put_document(ref.location, doc)
        return ref, doc

    # stored copies first, in this thread (a SQLite row and a stat each: threads would only queue
    # for the GIL); only the articles without a current copy go to the pool
    results: list[tuple[ArticleRef, Document | Failure] | None] = [None] * len(refs)
    for i, ref in enumerate(refs):
        doc = store.document(ref.location)
        if doc is not None:
            results[i] = (ref, doc)
    missing = [i for i, got in enumerate(results) if got is None]
    pages = None
    if missing and opts.page_cache and any(is_url(refs[i].location) for i in missing):
        from ..extract import open_page_cache

        pages = open_page_cache()
    try:
        if missing:
            with ThreadPoolExecutor(max_workers=max(1, min(opts.concurrency, 16))) as pool, stop_on_interrupt(pool):
                for i, got in zip(missing, pool.map(read, [refs[i] for i in missing])):
                    results[i] = got
    finally:
        if pages is not None:
            pages.close()
    for ref, got in results:
        if isinstance(got, Failure):
            failures.append(got)
            continue
        if ref.title and not got.title:
            got.title = ref.title
        if ref.published and not got.published:
            got.published = ref.published.isoformat()
        docs.append((ref, got))
    return docs, failures


def stored_briefs(docs: list[tuple[ArticleRef, Document]], store: Store, fp: str
                  ) -> tuple[list[Briefed], list[tuple[ArticleRef, Document]]]:
    """(articles whose brief is in the store for ``fp``, articles still to brief)."""
    done: list[Briefed] = []
    todo: list[tuple[ArticleRef, Document]] = []
    for ref, doc in docs:
        stored = store.brief(doc.text, fp)
        if stored is not None:
            done.append(Briefed(ref, doc, stored, True))
        else:
            todo.append((ref, doc))
    return done, todo


def estimate(docs: list[tuple[ArticleRef, Document]], store: Store, session_fp: str | None) -> list[Estimate]:
    """Tokens an article would cost: the source plus briefer's prompt overhead, ~150 out per chunk."""
    from ..chunk import count_tokens

    out = []
    for ref, doc in docs:
        src = count_tokens(doc.text)
        chunks = max(1, -(-src // 3000))
        cached = session_fp is not None and store.brief(doc.text, session_fp) is not None
        out.append(Estimate(redact(ref.location), doc.title or redact(ref.location), 0 if cached else int(src * 1.25) + 350 * chunks,
                            0 if cached else 150 * chunks, cached))
    return out


def prices_for(model: str, override: tuple[float, float] | None, local: bool) -> tuple[float, float]:
    if override:
        return override
    if local:
        return (0.0, 0.0)
    name = model.lower()
    for prefix in sorted(PRICES, key=len, reverse=True):
        if name.startswith(prefix):
            return PRICES[prefix]
    return (0.0, 0.0)


def brief_all(session, docs: list[tuple[ArticleRef, Document]], opts: Options, store: Store,
              progress: Progress, on_progress: Callable[[Progress], None] | None = None
              ) -> tuple[list[Briefed], list[Failure], bool]:
    """Brief every document (stored brief if unchanged); returns (done, failures, budget_hit)."""
    fp = fingerprint(session)
    failures: list[Failure] = []
    done, todo = stored_briefs(docs, store, fp)
    progress.reused += len(done)
    progress.done += len(done)
    if on_progress:
        on_progress(progress)
    executor = parallel.choose(opts.executor, opts.scheduler, len(todo), session.settings, opts.budget,
                               opts.processes) if todo else None
    if executor is not None:
        return _brief_with(executor, session, todo, opts, store, progress, on_progress, done, failures)
    if todo:
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


def _brief_with(executor, session, todo, opts: Options, store: Store, progress: Progress, on_progress,
                done: list, failures: list[Failure]):
    """Brief ``todo`` on ``executor``; commit each brief here, in the driver, as it arrives."""
    fp = fingerprint(session)
    results = executor.brief(session.settings, [(i, doc) for i, (_, doc) in enumerate(todo)], opts.concurrency)
    left = set(range(len(todo)))
    try:
        for i, got in results:
            ref, doc = todo[i]
            left.discard(i)
            with progress.lock:
                if isinstance(got, Failure):
                    failures.append(got.model_copy(update={"source": ref.location}))
                    progress.failed += 1
                else:
                    brief = Brief.model_validate_json(got)
                    store.put_brief_json(doc.text, fp, got)  # committed before anything else can go wrong
                    done.append(Briefed(ref, doc, brief, False))
                    progress.done += 1
                    progress.tokens += brief.usage.total_tokens
            if on_progress:
                on_progress(progress)
            if opts.budget is not None and progress.tokens >= opts.budget:
                break
    finally:
        results.close()  # cancels what has not started
    for i in sorted(left):
        failures.append(Failure(source=todo[i][0].location, stage="budget",
                                error=f"not summarized: token budget {opts.budget:,} reached"))
    return done, failures, bool(left)


def assemble(done, failures: list[Failure], opts: Options, seen: set[str], started: float) -> DailyBrief:
    entries = []
    for ref, doc, brief, _ in done:
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
        since=opts.since, stories=build_stories(entries), articles=entries, failed=failures, usage=usage,
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
        docs, failures = gather(sources, opts, store, expanded)
        _require_articles(docs, failures, sources, opts)
        run = store.start_run()
        seen = store.seen_before(run)
        progress = Progress(total=len(docs), stage="briefing")
        fp = None if batch else settings_fingerprint(settings)
        done, todo = stored_briefs(docs, store, fp) if fp is not None else ([], docs)
        if fp is not None and not todo:  # every brief stored: no session, no client, no model imports
            progress.reused = progress.done = len(done)
            if on_progress:
                on_progress(progress)
            more = []
        else:
            from ..summarize import Session

            with Session(settings, load_model=False) as session:
                if batch:
                    from .batch import brief_all_batch

                    done, more, _ = brief_all_batch(session, docs, opts, store, progress, on_progress, note=on_note)
                else:
                    done, more, _ = brief_all(session, docs, opts, store, progress, on_progress)
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


def plan(sources: str | list[str], *, options: Options | None = None, settings: Settings | None = None,
         **overrides) -> tuple[list[Estimate], list[Failure], str, tuple[float, float]]:
    """A dry run: (estimates per article, failures, model, (USD in, out) per M tokens); no model call."""
    from ..summarize import Session

    opts = options or Options()
    sources = [sources] if isinstance(sources, str) else list(sources)
    settings = settings or load_settings(**overrides)
    store = Store(opts.store or default_store())
    try:
        docs, failures = gather(sources, opts, store)
        _require_articles(docs, failures, sources, opts)
        with Session(settings, load_model=False) as session:
            rows = estimate(docs, store, fingerprint(session))
            return rows, failures, session.model, prices_for(session.model, opts.prices, settings.local)
    finally:
        store.close()


def _require_articles(docs, failures: list[Failure], sources: list[str], opts: Options) -> None:
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
