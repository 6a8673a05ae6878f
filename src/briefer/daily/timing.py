"""Publication times for story clustering: parsed once, turned into a similarity decay.

Why: two reports of one event come out within a day or so of each other; two episodes of an
ongoing story (a court's rulings weeks apart, an advisory panel's vote and the authorization days
later) read alike but are days apart. tf-idf cannot see that, a daily brief can: feeds and pages
carry ``published`` (``ArticleEntry.published``, ``Document.published``). The constants are set
from the multi-day protocol of ``bench/clustering.py`` (docs/clustering.md), not fitted per set.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

import numpy as np

TIME_GRACE_H = 24.0  # reports of one event: no decay within a day of each other
TIME_SCALE_H = 12.0  # beyond the grace, similarity falls by a factor e every 12 hours
MAX_SPAN_H = 72.0  # a story's dated articles lie within 3 days; a later episode is a new story


def hours(times: list[Any] | None, n: int) -> np.ndarray | None:
    """Hours since the epoch per article (NaN where unknown or unparsable), or None when no
    article has a time (then clustering is exactly the undated one). Accepts ISO 8601 strings,
    ``datetime``s and numbers (already hours)."""
    if times is None:
        return None
    if len(times) != n:
        raise ValueError(f"times: {len(times)} given for {n} articles")
    out = np.array([_hour(t) for t in times], dtype=np.float64)
    return None if np.isnan(out).all() else out


def _hour(value: Any) -> float:
    if value is None:
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return math.nan
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp() / 3600.0
    return math.nan


def time_decay(gap_hours: np.ndarray) -> np.ndarray:
    """The factor on a pair's similarity for ``gap_hours`` between the two articles: 1 up to
    ``TIME_GRACE_H``, then ``exp(-(gap - grace) / TIME_SCALE_H)``; NaN gaps (an undated article) 1."""
    gap = np.nan_to_num(np.asarray(gap_hours, dtype=np.float64), nan=0.0)
    return np.exp(-np.maximum(0.0, gap - TIME_GRACE_H) / TIME_SCALE_H)
