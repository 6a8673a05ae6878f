"""Reading the day's articles: the stored copy where it is current, else fetch + extract.

``stored_copies`` answers from the store in the driver; every other article becomes a ``Read``
task that an executor's worker runs (``run_read``: fetch unless the bytes came with the task, then
extract), so that reading starts while the first articles are already being briefed: on a
500-article run, reading all pages before the first model request left the model idle for a tenth
of the run (docs/daily-profile.md).
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from .. import baton
from ..errors import BrieferError
from ..extraction import RawSource, read_path
from ..text import is_url
from ..schemas import Document
from .options import Options
from .schemas import Failure
from .sources import ArticleRef
from .store import Store

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


def read_document(location: str, raw: RawSource | None, opts: Options, cache=None) -> Document:
    """Fetch (a URL, unless ``raw`` already holds its bytes) and extract one article.

    The fetch waits outside the baton; the extraction, CPU-bound Python, takes its turn in it."""
    from ..extraction import extract, load  # only when a page must be read: a rerun never imports it

    if raw is None:
        raw = load(location, opts.fetch, cache=cache)
    with baton.held():
        return extract(raw, max_tokens=opts.fetch.max_input_tokens)


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


class Pages:
    """A reader's page cache, opened on the first page that may use it and shared by its threads
    (a worker process keeps one for its life; ``executor.Threads`` one per run, then closed)."""

    def __init__(self):
        self._cache = None
        self._lock = threading.Lock()

    def for_task(self, task: Read):
        if not task.opts.fetch.cache or task.raw is not None:
            return None
        with self._lock:
            if self._cache is None:
                from ..extraction import open_page_cache

                self._cache = open_page_cache()
            return self._cache

    def close(self) -> None:
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None


def run_read(task: Read, pages: Pages) -> Document:
    """A worker's read of one task, with the reader's page cache."""
    return read_document(task.location, task.raw, task.opts, pages.for_task(task))


def with_ref_metadata(ref: ArticleRef, doc: Document) -> Document:
    """The feed's title and date fill what the page itself did not say."""
    if ref.title and not doc.title:
        doc.title = ref.title
    if ref.published and not doc.published:
        doc.published = ref.published.isoformat()
    return doc
