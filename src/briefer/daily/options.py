"""How a daily brief is gathered (``Options``) and where its store lives by default.

Its own small module, free of pydantic, so that ``briefer brief`` can answer an unchanged rerun
(``replay``) without importing the schemas or the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import FETCH_TIMEOUT, cache_dir


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


def default_store() -> Path:
    return cache_dir() / "daily.sqlite"

