"""How a daily brief is gathered (``Options``) and where its store lives by default.

Its own small module, free of pydantic, so that ``briefer brief`` can answer an unchanged rerun
(``replay``) without importing the schemas or the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import FETCH_KEYS, FetchOptions, Settings, cache_dir, resolve


@dataclass
class Options:
    """How a daily brief is gathered."""

    since: str | None = None
    max_articles: int | None = None
    concurrency: int = 8
    budget: int | None = None  # tokens
    new_only: bool = False
    store: str | None = None
    fetch: FetchOptions = field(default_factory=FetchOptions)  # how articles are read (deadline, private
    # addresses, the page cache, the input cap per article): the same object ``briefer summarize`` reads with
    prices: tuple[float, float] | None = None
    processes: int = 0  # 0: as many as useful (see parallel.processes_for); 1: this process only
    executor: str = "local"  # where articles are briefed: local (threads/processes) | dask (parallel.py)
    scheduler: str | None = None  # a dask scheduler address; None: a LocalCluster of this machine

    def fetching(self, fetch: FetchOptions, only: Iterable[str] | None = None) -> Options:
        """These options reading as ``fetch`` says (``only``: just those of its fields, the rest kept)."""
        if only is not None:
            fetch = replace(self.fetch, **{k: getattr(fetch, k) for k in only})
        return replace(self, fetch=fetch)


def default_store() -> Path:
    return cache_dir() / "daily.sqlite"


def resolve_daily(options: Options | None, settings: Settings | None, overrides: dict) -> tuple[Options, Settings]:
    """``briefer.brief``/``plan``'s keyword arguments through the one settings path (``config.resolve``):
    model keys become ``Settings`` (unless ``settings`` is given whole), fetch keys (``timeout``,
    ``allow_private``, ``cache``, ``max_input_tokens``) replace those of ``options``; an unknown key
    is a ``ConfigError`` naming it, as on the command line."""
    resolved, fetch = resolve(overrides)
    opts = options or Options()
    given = [k for k, v in overrides.items() if k in FETCH_KEYS and v is not None]
    return opts.fetching(fetch, only=given), settings or resolved
