"""Response stores: one record (``ModelReply``), one interface, and "not answered yet" as its own exception."""

from __future__ import annotations

import json
import sqlite3

import pytest

from briefer.model import ResponseCache
from briefer.daily.collect import Collector
from briefer.errors import BrieferError
from briefer.evals.cassette import Cassette
from briefer.model import Deferred, ModelReply
from briefer.testing import completion

BODY = completion('{"a": 1}', prompt_tokens=30, completion_tokens=7)


def test_a_reply_and_a_batch_answer_are_built_the_same_way():
    choice = BODY["choices"][0]
    reply = ModelReply.answer(choice["message"], choice["finish_reason"], BODY["usage"])
    paid = ModelReply.answer(choice["message"], choice["finish_reason"], BODY["usage"], paid=True)
    assert (reply.content, reply.finish_reason, reply.tokens, reply.paid) == ('{"a": 1}', "stop", 37, None)
    assert paid.paid == (30, 7) and paid.stored() == reply
    assert ModelReply.answer({"content": None, "refusal": "no"}, "stop", None).tokens == 0


def test_paid_is_never_stored(tmp_path):
    """A Batch API answer counts as a call in the run that paid for it, as cached in any later run."""
    choice = BODY["choices"][0]
    paid = ModelReply.answer(choice["message"], choice["finish_reason"], BODY["usage"], paid=True)
    cache = ResponseCache(tmp_path / "c.sqlite")
    cache.put("k", "m", paid)
    assert cache.get("k") == paid.stored() and cache.get("k").paid is None
    cache.close()
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        stored = json.loads(db.execute("SELECT response FROM responses").fetchone()[0])
    assert list(stored) == ["content", "refusal", "finish_reason", "tokens"]  # the on-disk form, as before

    cassette = Cassette(tmp_path / "c.json", "record")
    cassette.put("k", "m", paid, request={"model": "m", "messages": []})
    cassette.save()
    again = Cassette(tmp_path / "c.json", "replay")
    assert again.get("k") == paid.stored()


def test_the_collector_defers_what_nobody_answered(tmp_path):
    inner = ResponseCache(tmp_path / "c.sqlite")
    known = ModelReply("x", tokens=3)
    inner.put("cached", "m", known)
    answered = ModelReply("y", tokens=5, paid=(4, 1))
    collector = Collector(inner, {"answered": answered})
    assert collector.get("cached") == known and collector.get("answered") == answered
    with pytest.raises(Deferred) as caught:
        collector.get("new", request={"model": "m"})
    assert not isinstance(caught.value, BrieferError)  # not a user's error: caught where a round expects it
    assert collector.pending == {"new": {"model": "m"}}
    collector.put("new", "m", answered)
    assert collector.get("new") == answered and inner.get("new") == answered.stored()
    inner.close()
