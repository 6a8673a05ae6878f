"""Reading the day's articles: the stored copy where it is current, else fetch + extract.

Two shapes of the same work. ``gather`` reads everything first (``--dry-run`` and ``--batch``
need the whole list). ``stored_copies`` + ``read_stream`` let ``brief`` start briefing the first
article while later ones are still being extracted: on a 500-article run, reading all pages
before the first model request left the model idle for a tenth of the run (docs/daily-profile.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from ..errors import BrieferError
from ..fetch import is_url
from ..schemas import Document
from .interrupt import stop_on_interrupt
from .options import Options
from .schemas import Failure
from .sources import ArticleRef
from .store import Store

Read = tuple[ArticleRef, "Document | Failure"]


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


def read_stream(refs: list[ArticleRef], opts: Options, store: Store) -> Iterator[Read]:
    """Fetch + extract ``refs`` on a thread pool, yielding each (ref, document or Failure) in order.

    Every document read is stored (``Store.put_document``) before it is yielded, so an
    interrupted run keeps what it read."""
    if not refs:
        return
    pages = None
    if opts.page_cache and any(is_url(ref.location) for ref in refs):
        from ..extract import open_page_cache

        pages = open_page_cache()

    def read(ref: ArticleRef) -> Read:
        from ..extract import extract, load_document  # only when a page must be read: a rerun never imports it

        fetched, ref.fetched = ref.fetched, None  # fetched while expanding the sources: not fetched twice
        try:
            if fetched is not None:
                doc = extract(fetched, max_tokens=opts.max_input_tokens)
            else:
                doc = load_document(ref.location, timeout=opts.timeout, allow_private=opts.allow_private,
                                    cache=pages if pages is not None else False, max_tokens=opts.max_input_tokens)
        except BrieferError as exc:
            stage = "fetch" if exc.exit_code == 3 else "extract"
            return ref, Failure(source=ref.location, stage=stage, error=str(exc))
        store.put_document(ref.location, doc)
        return ref, with_ref_metadata(ref, doc)

    try:
        with ThreadPoolExecutor(max_workers=max(1, min(opts.concurrency, 16))) as pool, stop_on_interrupt(pool):
            yield from pool.map(read, refs)
    finally:
        if pages is not None:
            pages.close()


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
