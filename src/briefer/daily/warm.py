"""The story synthesis's two models, loaded while the articles are briefed instead of after (issue 32).

``daily.synthesis`` needs the MiniLM sentence model (same-fact vectors) and the entailment checker (a
restatement that shares only a word) for its first story of several outlets; each loads on first use,
~0.2 s and ~0.3 s of the synthesis' time on a day of 30 ECB+ articles. On the embedded default llama.cpp
briefs with half the cores (one on a 2-core machine), so a thread started with the brief loads both on
the other core while the model works. Only where the articles are briefed in this process: a thread alive
when worker processes start makes them fork server children instead of forks (``parallel._context``).

Nothing here changes what is loaded or how: a load that fails in the thread is dropped silently, and the
synthesis's own first use loads again and fails there as it always did (one line, no traceback); one that
is still running when the synthesis needs the model makes it wait for that load, never load twice (each
loader holds its model's lock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable


def start(loaders: list[Callable[[], object]] | None = None) -> threading.Thread | None:
    """A daemon thread running each of ``loaders`` in turn (default ``loaders()``), each one's error
    swallowed; None when there is nothing to load."""
    todo = default_loaders() if loaders is None else loaders
    if not todo:
        return None

    def run() -> None:
        for load in todo:
            try:
                load()
            except BaseException:  # noqa: BLE001 (the synthesis reloads it and reports the error itself)
                pass

    thread = threading.Thread(target=run, name="briefer-warm", daemon=True)
    thread.start()
    return thread


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
