"""What a daily run has done so far: the articles briefed (``Briefed``) and the live counters
(``Progress``), as the driver (``dispatch``) keeps them; and the rule every run's counts obey
(``check_accounts``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import InternalError
from ..schemas import Brief, Document
from .sources import ArticleRef


class Briefed(NamedTuple):
    """One article that made it into the brief: where from, its text, its brief, reused from the store?"""

    ref: ArticleRef
    doc: Document
    brief: Brief
    reused: bool


def reused(store, fp: str, ref: ArticleRef, doc: Document) -> Briefed | None:
    """The article as reused from the store, if a brief of its text under settings ``fp`` is there."""
    stored = store.brief(doc.text, fp)
    return Briefed(ref, doc, stored, True) if stored is not None else None


def committed(store, fp: str, ref: ArticleRef, doc: Document, brief: Brief | str) -> Briefed:
    """A brief an executor returned (as JSON from a worker process): committed to the store first
    (before anything else can go wrong), then parsed for the daily brief."""
    if isinstance(brief, Brief):
        store.put_brief(doc.text, fp, brief)
        return Briefed(ref, doc, brief, False)
    store.put_brief_json(doc.text, fp, brief)
    return Briefed(ref, doc, Brief.model_validate_json(brief), False)


@dataclass
class Progress:
    """Live counters for the progress bar (``stage``: reading, then briefing)."""

    total: int = 0
    stage: str = "reading"
    done: int = 0
    failed: int = 0
    reused: int = 0
    tokens: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def check_accounts(listed: int, *, briefed: int, reused: int, failed: int, unreadable: int = 0,
                   where: str = "run") -> None:
    """The daily brief's invariant: every article the sources listed is briefed, reused, failed
    (at any stage, the token budget included) or unreadable — exactly once. A run whose counts do
    not add up is a bug that would otherwise end in a silent, plausible exit 0 (it once did: 9
    articles in, 0 out, 0 failed); it stops with ``InternalError`` (exit 70) and one line instead."""
    total = briefed + reused + failed + unreadable
    if total != listed:
        raise InternalError(
            f"the {where}'s accounting does not add up: {listed} articles listed, but {briefed} briefed + "
            f"{reused} reused + {failed} failed + {unreadable} unreadable = {total}; nothing was written")
