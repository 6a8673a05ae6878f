"""How a daily brief is gathered (``Options``) and where its store lives by default.

Its own small module, free of pydantic, so that ``briefer brief`` can answer an unchanged rerun
(``replay``) without importing the schemas or the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import ClassVar
from pathlib import Path

from ..config import FETCH_KEYS, FETCH_TIMEOUT, FetchOptions, Settings, cache_dir, resolve


@dataclass
class Options:
    """How a daily brief is gathered."""

    since: str | None = None
    max_articles: int | None = None
    concurrency: int = 8
    budget: int | None = None  # tokens
    new_only: bool = False
    store: str | None = None
    allow_private: bool = False
    timeout: float = FETCH_TIMEOUT
    prices: tuple[float, float] | None = None
    page_cache: bool = True  # keep fetched pages in the on-disk cache (--no-cache turns it off)
    processes: int = 0  # 0: as many as useful (see parallel.processes_for); 1: this process only
    executor: str = "local"  # where articles are briefed: local (threads/processes) | dask (parallel.py)
    scheduler: str | None = None  # a dask scheduler address; None: a LocalCluster of this machine
    max_input_tokens: int | None = None  # per article (None: limits.max_input_tokens())

    # FetchOptions field → this class's field: how articles are read, as ``config.resolve`` decided
    _FETCH_FIELDS: ClassVar[dict[str, str]] = {"timeout": "timeout", "allow_private": "allow_private", "cache": "page_cache",
                     "max_input_tokens": "max_input_tokens"}

    def fetching(self, fetch: FetchOptions, only: Iterable[str] | None = None) -> Options:
        """These options with ``fetch``'s values (``only``: just those FetchOptions keys)."""
        keys = self._FETCH_FIELDS if only is None else only
        return replace(self, **{self._FETCH_FIELDS[k]: getattr(fetch, k) for k in keys})


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
