"""What a response store keeps, and the one interface every response store has.

A model request is answered by the endpoint or by a *response store*: the on-disk cache
(``cache.ResponseCache``), an eval cassette (``evals.cassette.Cassette``), or a ``--batch``
round's collector (``daily.collect.Collector``). All three hold ``ModelReply`` records under the
same request key, so ``llm.StructuredLLM`` asks any of them the same way (``ResponseStore``).

A collector may not have the answer *yet*: it records the request for a Batch API job and raises
``Deferred``. That is not an error (the brief is built again once the job has answered), so
``Deferred`` is no ``BrieferError``: it is caught where a round expects it
(``summarize.Session.summarize_document`` keeps the other chunks' requests coming,
``daily.collect.build`` turns it into the requests still pending) and anywhere else it is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol


class Deferred(Exception):
    """A model request set aside to be answered later (``briefer brief --batch`` collects them for a
    Batch API job); raised by a store's ``get`` instead of an answer."""


@dataclass(frozen=True)
class ModelReply:
    """One answer of the model: its text (or refusal), why it stopped, and the tokens its call cost.

    ``paid`` is set only on an answer this run paid for and no call has counted yet (a Batch API
    job's answer, used in the next round): the tokens are then counted as a call, not as cached.
    It is never stored, so a later run counts the same answer as cached."""

    content: str | None
    refusal: str | None = None
    finish_reason: str | None = None
    tokens: int = 0
    paid: tuple[int, int] | None = None  # (prompt, completion) tokens

    @classmethod
    def answer(cls, message: dict, finish_reason: str | None, usage: dict | None, *, paid: bool = False) -> ModelReply:
        """The record of a chat completion's first choice (``message`` and ``usage`` as the API's JSON)."""
        from ._modes import reply_content

        prompt, completion = ((usage or {}).get("prompt_tokens") or 0), ((usage or {}).get("completion_tokens") or 0)
        return cls(reply_content(message), message.get("refusal"), finish_reason, prompt + completion,
                   (prompt, completion) if paid else None)

    def stored(self) -> ModelReply:
        """This answer as a store keeps it for later runs: cached, not paid."""
        return replace(self, paid=None) if self.paid else self

    def to_json(self) -> dict:
        """The stored form (the response cache's and a cassette's JSON); ``paid`` is never in it."""
        return {"content": self.content, "refusal": self.refusal, "finish_reason": self.finish_reason,
                "tokens": self.tokens}

    @classmethod
    def from_json(cls, data: dict) -> ModelReply:
        return cls(data.get("content"), data.get("refusal"), data.get("finish_reason"), data.get("tokens") or 0)


class ResponseStore(Protocol):
    """Answers model requests by key (``cache.request_key`` of the request body).

    ``get``: the stored answer, None when there is none (the request then goes to the endpoint),
    or ``Deferred`` (answered later, by a Batch API job). ``put``: keep an answer the endpoint (or
    a job) gave. ``request`` is the body itself, for stores that name it (a cassette's miss)."""

    def get(self, key: str, request: dict | None = None) -> ModelReply | None: ...

    def put(self, key: str, model: str, reply: ModelReply, request: dict | None = None) -> None: ...

    def close(self) -> None: ...
