"""The daily brief: many sources → per-article briefs (parallel, remembered in a store) → ranked stories.

``brief(sources, ...)`` is the Python twin of ``briefer brief``; ``plan`` is its ``--dry-run``.
Names are imported on first use (PEP 562), so that ``briefer.daily.replay`` — an unchanged rerun
answered from the store — loads neither pydantic nor the pipeline.
"""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_layout.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "brief": ".run", "cluster": ".clustering", "cluster_threads": ".clustering", "daily_json_schema": ".schemas",
    "DailyBrief": ".schemas", "lookup": ".replay", "Options": ".options", "plan": ".dryrun",
    "render_daily": ".render",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from .clustering import cluster, cluster_threads
    from .dryrun import plan
    from .options import Options
    from .render import render_daily
    from .replay import lookup
    from .run import brief
    from .schemas import daily_json_schema, DailyBrief

__all__ = [
    "brief", "cluster", "cluster_threads", "daily_json_schema", "DailyBrief", "lookup", "Options", "plan",
    "render_daily",
]
# --- end of the public face ---
