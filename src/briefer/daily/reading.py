"""Reading the day's articles: the stored copy where it is current, else fetch + extract.

Two shapes of the same work. ``gather`` reads everything first (``--dry-run`` and ``--batch``
need the whole list). ``stored_copies`` + ``read_stream`` let ``brief`` start briefing the first
article while later ones are still being extracted: on a 500-article run, reading all pages
before the first model request left the model idle for a tenth of the run (docs/daily-profile.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from .. import baton
from ..errors import BrieferError
from ..fetch import RawSource, is_url, read_path
from ..schemas import Document
from .interrupt import stop_on_interrupt
from .options import Options
from .schemas import Failure
from .sources import ArticleRef
from .store import Store

ReadResult = tuple[ArticleRef, "Document | Failure"]


def stored_copies(refs: list[ArticleRef], store: Store) -> tuple[list[tuple[int, ArticleRef, Document]], list[int]]:
    """(index, ref, stored document) for refs whose stored copy is current, and the indexes of the rest.

    In this thread: a SQLite row and a stat each, which threads would only queue for the GIL."""
    found, missing = [], []
    for i, ref in enumerate(refs):
        doc = store.document(ref.location)
        if doc is None:
            missing.append(i)
        else:
            found.append((i, ref, with_ref_metadata(ref, doc)))
    return found, missing


def read_stream(refs: list[ArticleRef], opts: Options, store: Store) -> Iterator[ReadResult]:
    """Fetch + extract ``refs`` on a thread pool, yielding each (ref, document or Failure) in order.

    Every document read is stored (``Store.put_document``) before it is yielded, so an
    interrupted run keeps what it read."""
    if not refs:
        return
    pages = None
    if opts.page_cache and any(is_url(ref.location) for ref in refs):
        from ..extract import open_page_cache

        pages = open_page_cache()

    def read(ref: ArticleRef) -> ReadResult:
        try:
            doc = read_document(ref.location, ref.take_fetched(), opts, pages)
        except BrieferError as exc:
            return ref, read_failure(ref.location, exc)
        store.put_document(ref.location, doc)
        return ref, with_ref_metadata(ref, doc)

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(opts.concurrency, 16))) as pool, stop_on_interrupt(pool):
            yield from pool.map(read, refs)
    finally:
        if pages is not None:
            pages.close()


def read_document(location: str, raw: RawSource | None, opts: Options, cache=None) -> Document:
    """Fetch (a URL, unless ``raw`` already holds its bytes) and extract one article.

    The fetch waits outside the baton; the extraction, CPU-bound Python, takes its turn in it."""
    from ..extract import extract, load  # only when a page must be read: a rerun never imports it

    if raw is None:
        raw = load(location, timeout=opts.timeout, allow_private=opts.allow_private, cache=cache)
    with baton.held():
        return extract(raw, max_tokens=opts.max_input_tokens)


def read_failure(location: str, exc: BrieferError) -> Failure:
    """How a page that could not be read is reported: a network/HTTP problem (exit 3) is "fetch"."""
    return Failure(source=location, stage="fetch" if exc.exit_code == 3 else "extract", error=str(exc))


class Read(NamedTuple):
    """An article to read on an executor's worker: the bytes already in hand (a file the driver
    read, a page fetched while expanding the sources), else a URL the worker fetches.

    Reading is most of a daily brief's CPU on real pages (HTML extraction, ~15-25 ms a page
    against ~8 ms to brief one): done in the driver, it holds one interpreter to one core
    however many workers there are (docs/scale.md)."""

    location: str
    raw: RawSource | None
    opts: Options


def read_task(location: str, fetched: RawSource | None, opts: Options) -> Read:
    """The task for one article: a file is read here (workers elsewhere need no shared
    filesystem); a URL travels as itself unless it was fetched already."""
    if fetched is None and not is_url(location):
        fetched = read_path(location)
    return Read(location, fetched, opts)


_pages = None
_pages_lock = threading.Lock()


def run_read(task: Read) -> Document:
    """A worker's read of one task, with this process's own page cache (opened on first use)."""
    global _pages
    cache = None
    if task.opts.page_cache and task.raw is None:
        with _pages_lock:
            if _pages is None:
                from ..extract import open_page_cache

                _pages = open_page_cache()
        cache = _pages
    return read_document(task.location, task.raw, task.opts, cache)


def with_ref_metadata(ref: ArticleRef, doc: Document) -> Document:
    """The feed's title and date fill what the page itself did not say."""
    if ref.title and not doc.title:
        doc.title = ref.title
    if ref.published and not doc.published:
        doc.published = ref.published.isoformat()
    return doc


def read_missing(refs: list[ArticleRef], missing: list[int], opts: Options, store: Store,
                 failed: Callable[[Failure], None]) -> Iterator[tuple[int, ArticleRef, Document]]:
    """``read_stream`` over ``refs[i] for i in missing``: (index, ref, document) for each one read,
    in order; each one that could not be read goes to ``failed``."""
    for i, (ref, got) in zip(missing, read_stream([refs[i] for i in missing], opts, store)):
        if isinstance(got, Failure):
            failed(got)
        else:
            yield i, ref, got


def gather(refs: list[ArticleRef], opts: Options, store: Store) -> tuple[list[tuple[ArticleRef, Document]], list[Failure]]:
    """Every article of ``refs`` read, in order: (documents, failures)."""
    found, missing = stored_copies(refs, store)
    failures: list[Failure] = []
    got = found + list(read_missing(refs, missing, opts, store, failures.append))
    got.sort(key=lambda item: item[0])
    return [(ref, doc) for _, ref, doc in got], failures
