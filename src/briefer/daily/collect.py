"""Building briefs around a Batch API round: requests are collected, not sent (``--batch``).

``Collector`` stands in for the response cache (a ``replies.ResponseStore``): it answers from
what a batch or the real cache already answered and, for anything else, records the request and
raises ``Deferred``; the brief is built again once the round's jobs are answered. Every executor
runs the same task (``BatchBrief``: the article and the answers it asked for so far, sent with the
task because a worker elsewhere shares no memory with the driver) through ``build``.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import baton
from ..model import Deferred, ModelReply, ResponseStore
from ..schemas import Document


class Collector:
    """A response store that answers from batch results or the real cache (``inner``), else collects."""

    def __init__(self, inner: ResponseStore | None, results: dict[str, ModelReply] | None = None):
        self.inner = inner
        self.results: dict[str, ModelReply] = results if results is not None else {}
        self.pending: dict[str, dict] = {}

    def get(self, key: str, request: dict | None = None) -> ModelReply | None:
        hit = self.results.get(key) or (self.inner.get(key) if self.inner is not None else None)
        if hit is not None:
            return hit
        self.pending[key] = request or {}
        raise Deferred(f"batch: deferred {key[:12]}")

    def put(self, key: str, model: str, reply: ModelReply, request: dict | None = None) -> None:
        """Keep an answer; the real cache keeps it as cached (``ModelReply.stored``), so a later run
        does not count it as a call paid for."""
        self.results[key] = reply
        if self.inner is not None:
            self.inner.put(key, model, reply.stored(), request=request)

    def close(self) -> None:
        pass


class BatchBrief(NamedTuple):
    """A worker's task in a ``--batch`` round: brief ``doc`` from ``answers`` (request key → reply)."""

    doc: Document
    answers: dict[str, ModelReply]


class Pending(NamedTuple):
    """What a ``BatchBrief`` still needs: its unanswered requests (key → request body)."""

    requests: dict[str, dict]


def build(session, task: BatchBrief) -> str | Pending:
    """The brief's JSON if every request it makes is answered (by ``task.answers`` or the session's
    own response cache), else the requests to put in a job."""
    collector = Collector(session.cache, dict(task.answers))
    try:
        with baton.held():
            return session.using(collector).summarize_document(task.doc).model_dump_json()
    except Deferred:
        return Pending(dict(collector.pending))
