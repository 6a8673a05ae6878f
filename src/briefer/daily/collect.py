"""Building briefs around a Batch API round: requests are collected, not sent (``--batch``).

``Collector`` stands in for the response cache: it answers from what a batch (or the real
cache) already answered and, for anything else, records the request and raises ``Deferred``;
the brief is built again once the round's jobs are answered. The same piece serves both the
driver's threads (``batch.brief_all_batch``) and an executor's workers (``BatchBrief`` tasks,
answers sent with the task: a worker elsewhere shares no cache with the driver).
"""

from __future__ import annotations

from typing import NamedTuple

from .. import baton
from ..errors import Deferred
from ..schemas import Document


class Collector:
    """A response cache that answers from batch results or the real cache (``inner``), else collects."""

    def __init__(self, inner, results: dict[str, dict] | None = None):
        self.inner = inner
        self.results: dict[str, dict] = results if results is not None else {}
        self.pending: dict[str, dict] = {}

    def get(self, key: str, request: dict | None = None) -> dict | None:
        hit = self.results.get(key) or (self.inner.get(key) if self.inner is not None else None)
        if hit is not None:
            return hit
        self.pending[key] = request or {}
        raise Deferred(f"batch: deferred {key[:12]}")

    def put(self, key: str, model: str, response: dict, request: dict | None = None) -> None:
        """Keep an answer; one with ``usage`` (this run's batch: counted as a call when used) goes
        to the on-disk cache without it, so a later run counts it as cached."""
        self.results[key] = response
        if self.inner is not None:
            self.inner.put(key, model, without_usage(response), request=request)

    def close(self) -> None:
        pass


def without_usage(response: dict) -> dict:
    return {k: v for k, v in response.items() if k != "usage"}


class BatchBrief(NamedTuple):
    """A worker's task in a ``--batch`` round: brief ``doc`` from ``answers`` (request key → reply)."""

    doc: Document
    answers: dict[str, dict]


class Pending(NamedTuple):
    """What a ``BatchBrief`` still needs: its unanswered requests (key → request body)."""

    requests: dict[str, dict]


def build(session, task: BatchBrief) -> str | Pending:
    """The brief's JSON if every request it makes is answered, else the requests to put in a job."""
    collector = Collector(None, dict(task.answers))
    try:
        with baton.held():
            return session.using(collector).summarize_document(task.doc).model_dump_json()
    except Deferred:
        return Pending(dict(collector.pending))
