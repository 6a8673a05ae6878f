"""The story synthesis's work that can be done before the stories exist, done while the articles are briefed.

``daily.synthesis`` needs the MiniLM sentence model, the entailment checker (a restatement that shares only
a word) and the sentence vectors of each member's first ``SENTENCES`` candidate sentences. Done after the
briefing, on a day of 30 short ECB+ articles that was ~5 s, +38-44% of the brief (issue 32: at most 20%):
~0.2 s and ~0.3 s of loading, the rest vectors. But on the embedded default llama.cpp briefs with half the
cores (one on a 2-core machine), so a thread started with the brief loads both models and embeds each
article's candidates as soon as it is read (``dispatch.brief_refs``' ``on_read``), on the other core while
the model works; the synthesis then finds the vectors in ``embed_sentences``' cache. Some are never used (a
story of one article, a sentence ``synthesis.worth_embedding`` would skip): the spare core's time, not the
brief's. Only where the articles are briefed in this process: a thread alive when worker processes start
makes them fork-server children instead of forks (``parallel._context``).

Nothing here changes what is loaded, embedded or shown: a load that fails in the thread is dropped
silently, and the synthesis's own first use loads again and fails there as it always did; a load still
running when the synthesis needs the model makes it wait for that load, never load twice (each loader
holds its model's lock). A vector made here is the one the synthesis would have made, up to the float
rounding of a different batch width (stories byte-identical on the days measured: docs/story-synthesis.md).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable


class Warm:
    """The thread: each of ``loaders`` in turn (each one's error swallowed), then, with ``vectors``, the sentence
    vectors of each article handed to ``read`` (its first ``synthesis.SENTENCES`` candidate sentences, what
    the synthesis groups facts by) until ``stop``."""

    def __init__(self, loaders: list[Callable[[], object]], vectors: bool = False):
        self.loaders, self.vectors = loaders, vectors
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.stopped = threading.Event()
        self.done = threading.Event()  # the thread has returned
        self.embedded = 0  # sentences embedded ahead (bench/stories_cost.py, tests)
        self.seconds = 0.0  # the thread's CPU time, loads and vectors (bench/stories_cost.py)
        self.thread = threading.Thread(target=self._run, name="briefer-warm", daemon=True)
        self.thread.start()

    def read(self, doc) -> None:
        """An article just read (``dispatch.brief_refs``' ``on_read``): its candidates' vectors, when the
        thread gets to them."""
        if self.vectors and not self.stopped.is_set():
            self.queue.put((doc.text, doc.title))

    def stop(self) -> None:
        """No more vectors ahead: the briefing is done and the synthesis embeds what is still missing."""
        self.stopped.set()
        self.queue.put(None)

    def close(self) -> None:
        """``stop``, then wait for what the thread is doing (a load, one article's vectors: under a second).
        A Ctrl-C meanwhile is raised once the thread is done: a process that exits with the thread inside
        onnxruntime aborts ("terminate called …") instead of exiting 130."""
        self.stop()
        interrupted = False
        while True:  # not ``thread.is_alive()``: after an interrupted join it says False while the thread runs
            try:
                if self.done.wait(0.1):
                    break
            except KeyboardInterrupt:
                interrupted = True
        if interrupted:
            raise KeyboardInterrupt

    def _run(self) -> None:
        began = time.thread_time()
        try:
            self._work()
        finally:
            self.seconds = time.thread_time() - began
            self.done.set()

    def _work(self) -> None:
        for load in self.loaders:
            try:
                load()
            except BaseException:  # noqa: BLE001 (the synthesis reloads it and reports the error itself)
                pass
        while self.vectors and (item := self.queue.get()) is not None and not self.stopped.is_set():
            try:
                self.embedded += len(ahead(*item))
            except BaseException:  # noqa: BLE001 (the synthesis embeds them itself, and reports any error)
                pass


def ahead(text: str, title: str | None) -> list[str]:
    """Embed (into ``embed_sentences``' per-process cache) the article's first ``SENTENCES`` candidates: the
    sentences ``synthesis.similarities`` will ask for if the article is in a story of several outlets."""
    from types import SimpleNamespace

    from ..grounding import embed_sentences
    from .synthesis import SENTENCES, candidates

    # candidates reads only an entry's title and id when its text is given; the entry's title is the page's
    # (``run.assemble``), or the brief's when the page has none: then one sentence too many may be embedded
    (found,) = candidates([SimpleNamespace(title=title, id="", brief=None)], [text], SENTENCES)
    texts = [m.text for m in found]
    embed_sentences(texts)
    return texts


def start(loaders: list[Callable[[], object]] | None = None, vectors: bool = False) -> Warm | None:
    """The thread (see ``Warm``), loading ``loaders`` (default ``default_loaders()``); None when there is
    nothing to load (then no vectors either: the synthesis uses none)."""
    todo = default_loaders() if loaders is None else loaders
    return Warm(todo, vectors) if todo else None


def default_loaders() -> list[Callable[[], object]]:
    """The sentence model's and the checker's loaders, those installed (none without the sentence model:
    then the synthesis uses word overlap only and never asks the checker)."""
    from ..grounding import available, embedder_available, load_checker, load_embedder

    if not embedder_available():
        return []
    return [load_embedder] + ([load_checker] if available() else [])


def worth_it(refs: list, settings, opts) -> bool:
    """Whether a brief of ``refs`` should start the thread: two articles or more (a story of one needs no
    model), all briefed in this process (``parallel.choose``'s rule, counting every ref as one to do)."""
    if len(refs) < 2:
        return False
    if opts.processes == 1:
        return True
    from ..text import is_url
    from .parallel import processes_for

    pages = sum(1 for r in refs if is_url(r.location))
    return opts.executor != "dask" and processes_for(len(refs), settings, opts.budget, pages) == 1
