"""The daily brief: many sources → per-article briefs (parallel, remembered in a store) → ranked stories.

``brief(sources, ...)`` is the Python twin of ``briefer brief``; ``plan`` is its ``--dry-run``.
"""

from .run import Briefed, Estimate, ModelFailed, NoArticles, Options, Progress, brief, plan
from .schemas import ArticleEntry, DailyBrief, Failure, Story, daily_json_schema

__all__ = ["ArticleEntry", "Briefed", "DailyBrief", "Estimate", "Failure", "ModelFailed", "NoArticles", "Options", "Progress",
           "Story", "brief", "daily_json_schema", "plan"]
