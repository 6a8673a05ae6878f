"""The daily brief: many sources → per-article briefs (in parallel, remembered) → ranked stories.

``brief`` expands the sources, lets the driver (``dispatch``) read and brief the articles on an
executor — this process's threads, worker processes past ~100 articles, or a Dask cluster — and
assembles what came back into stories. Each finished article is committed to the ``Store`` at
once, so a rerun makes no model call for unchanged articles and a killed run resumes where it
stopped. Failures (dead feed, HTTP 500, model errors) are collected, never fatal; a token budget
stops new work cleanly and the brief of what was done is still written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

from ..config import Settings
from ..errors import ConfigError, InputError, ModelError, redact
from .schemas import ArticleEntry, DailyBrief, DailyUsage, Failure
from .sources import expand_sources
from . import continuity, dispatch, replay as replayed, warm
from .keys import heading
from .options import Options, default_store, resolve_daily
from .outcome import Progress, check_accounts
from .store import Store, location_key, text_hash
from .clustering import article_text
from .stories import build_stories
from .synthesis import site_of
from .writer import story_writer


def assemble(done, failures: list[Failure], opts: Options, seen: set[str], started: float,
             store: Store | None = None, listed: int | None = None, writer=None) -> DailyBrief:
    """The daily brief of ``done``; with ``store``, its stories followed from the store's earlier
    briefs (ids kept, new/updated/unchanged) and recorded there (``daily.continuity``). ``listed``:
    the articles the sources listed, which its counts must add up to (``outcome.check_accounts``).
    ``writer`` (``daily.writer.StoryWriter``): the model rewrites the stories' facts, its calls counted."""
    if listed is None:  # not from a driver: what was handed in
        listed = len(done) + sum(1 for f in failures if f.stage != "source")
    entries, texts, sources, kept = [], {}, {}, []
    for item in done:
        ref, doc, brief, _ = item
        key = text_hash(doc.text)[:10]  # the article's id (a hash of its whole text: once per article)
        texts[key] = article_text(doc)  # stories are grouped on the whole text
        sources[key] = doc.text  # and told from all their articles' sentences
        if why := brief.why_empty():  # no verified point: a failure, never a story
            failures = [*failures, Failure(source=ref.location, stage="model", error=why)]
            continue
        kept.append(item)
        entries.append(ArticleEntry(
            id=key, location=redact(ref.location), title=doc.title or brief.title,
            site_name=site_of(doc), published=doc.published, new=location_key(ref.location) not in seen, brief=brief,
        ))
    entries.sort(key=lambda e: e.location)
    if opts.new_only and store is None:  # no past stories to compare with: the articles not seen before
        entries = [e for e in entries if e.new]
    stories = build_stories(entries, [texts[e.id] for e in entries], [sources[e.id] for e in entries])
    if store is not None:
        stories = continuity.carry(stories, entries, store)
        if opts.new_only:  # per story: the new and the updated ones
            stories, entries = continuity.only_new(stories, entries)
    spent = sum(d.brief.usage.total_tokens for d in done if not d.reused)
    written = writer(stories, spent) if writer is not None else None  # after continuity: it records the facts
    usage = DailyUsage(
        listed=listed,
        articles=len(entries), summarized=sum(1 for d in kept if not d.reused), reused=sum(1 for d in kept if d.reused),
        failed=sum(1 for f in failures if f.stage != "source"),
        model_calls=sum(d.brief.usage.calls for d in done if not d.reused) + (written.calls if written else 0),
        tokens=spent + (written.tokens if written else 0),
        seconds=round(time.perf_counter() - started, 3),
        budget_exhausted=any(f.stage == "budget" for f in failures),
    )
    check_accounts(usage.listed, briefed=usage.summarized, reused=usage.reused, failed=usage.failed, where="brief")
    now = datetime.now(timezone.utc)
    return DailyBrief(
        title=heading(now), generated=now.isoformat(timespec="seconds"),
        since=opts.since, stories=stories, articles=entries, failed=failures, usage=usage,
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
    keyword overrides such as ``model=``, ``base_url=``, ``timeout=``; ``config.resolve``) choose the model and the fetch; ``batch`` sends the
    requests through the OpenAI Batch API (stories then keep their extractive points: ``daily.writer``). Failures are listed in ``DailyBrief.failed``; when no
    article can be read at all, ``InputError`` is raised. An unchanged rerun is answered from the
    brief stored by the last run (``replay``; ``replay=False`` rebuilds it); ``expanded`` is what
    ``replay.lookup`` already expanded the sources to.
    """
    started = time.perf_counter()
    opts, settings = resolve_daily(options, settings, overrides)
    sources = [sources] if isinstance(sources, str) else list(sources)
    if batch and settings.local:
        raise ConfigError("--batch needs an endpoint with the OpenAI Batch API (--base-url/--api-key), "
                          "not the embedded model")
    if replay and expanded is None:
        hit, expanded = replayed.lookup(sources, opts, settings, batch)
        if hit is not None:
            return DailyBrief.model_validate_json(hit.text)
    store = Store(opts.store or default_store())
    ahead = None
    try:
        refs, failures = expanded if expanded is not None else expand_sources(sources, opts, store)
        failures = list(failures)
        run = store.start_run()
        seen = store.seen_before(run)
        # the story synthesis's models load and its sentence vectors are made on a free core while the model briefs
        ahead = warm.start(vectors=True) if not batch and warm.worth_it(refs, settings, opts) else None
        try:
            got = dispatch.brief_refs(refs, settings, opts, store, on_progress, batch=batch, note=on_note,
                                      on_read=ahead.read if ahead else None)
        finally:
            if ahead is not None:
                ahead.stop()
        failures += got.unread
        require_articles(got.docs, failures, sources, opts)
        if not got.done and got.failed and all(f.stage == "model" for f in got.failed):
            raise ModelFailed(f"the model endpoint failed for all {len(got.failed)} article(s); no brief written",
                              failures + got.failed)
        writer = story_writer(settings, opts, batch=batch)
        result = assemble(got.done, failures + got.failed, opts, seen, started, store, listed=got.listed,
                          writer=writer)
        for line in writer.report.notes() if writer is not None and on_note is not None else ():
            on_note(line)
        result.failed = [f.model_copy(update={"source": redact(f.source), "error": redact(f.error)})
                         for f in result.failed]
        store.finish_run(run, [e.location for e in result.articles])
        fp = replayed.usable(opts, settings, batch)
        if fp is not None and (writer is None or writer.report.complete):  # a failed story request: not stored
            replayed.remember(result, fp, opts, [ref for ref, _ in got.docs], store)
        return result
    finally:
        if ahead is not None:  # its last load or article, if any, finishes: a thread inside onnxruntime or
            ahead.close()  # BLAS when the interpreter exits aborts the process ("terminate called ...")
        store.close()


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
