"""The daily brief: many sources → per-article briefs (parallel, remembered in a store) → ranked stories.

``brief(sources, ...)`` is the Python twin of ``briefer brief``; ``plan`` is its ``--dry-run``.
Names are imported on first use (PEP 562), so that ``briefer.daily.replay`` — an unchanged rerun
answered from the store — loads neither pydantic nor the pipeline.
"""

from importlib import import_module
from typing import TYPE_CHECKING

_LAZY = {
    **dict.fromkeys(("ModelFailed", "NoArticles", "brief"), ".run"),
    **dict.fromkeys(("Briefed", "Progress"), ".outcome"),
    **dict.fromkeys(("Estimate", "plan"), ".dryrun"),
    "Options": ".options",
    **dict.fromkeys(("cluster", "cluster_threads"), ".clustering"),
    **dict.fromkeys(("ArticleEntry", "DailyBrief", "Failure", "Story", "daily_json_schema"), ".schemas"),
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:
    from .options import Options
    from .clustering import cluster, cluster_threads
    from .dryrun import Estimate, plan
    from .outcome import Briefed, Progress
    from .run import ModelFailed, NoArticles, brief
    from .schemas import ArticleEntry, DailyBrief, Failure, Story, daily_json_schema

__all__ = ["ArticleEntry", "Briefed", "DailyBrief", "Estimate", "Failure", "ModelFailed", "NoArticles", "Options", "Progress",
           "Story", "brief", "cluster", "cluster_threads", "daily_json_schema", "plan"]
