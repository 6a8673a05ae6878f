"""The LLM layer against a real scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time

import openai
import pytest
from pydantic import BaseModel, Field

from briefer.model import ResponseCache
from briefer.errors import ModelError
from briefer.model import StructuredLLM, strict_schema
from briefer.testing import FakeOpenAI, Reply, completion


class Pick(BaseModel):
    ids: list[int] = Field(max_length=3)
    label: str


MSG = [{"role": "user", "content": "pick"}]
GOOD = completion(json.dumps({"ids": [1, 2], "label": "ok"}), prompt_tokens=50, completion_tokens=10)


def make_llm(fake, *, timeout=5.0, cache=None, **kw) -> StructuredLLM:
    client = openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=timeout)
    return StructuredLLM(client, "fake-large", cache=cache, backoff_initial=0.05, backoff_max=0.2, **kw)


def test_schema_is_strict_and_inlined():
    schema = strict_schema(Pick)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"ids", "label"}
    assert schema["properties"]["ids"]["maxItems"] == 3
    assert "$defs" not in json.dumps(schema)


def test_valid_reply_and_usage(fake):
    fake.script(GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick") == Pick(ids=[1, 2], label="ok")
    req = fake.requests[0]
    assert req["response_format"]["type"] == "json_schema"
    assert req["response_format"]["json_schema"]["strict"] is True
    assert (llm.usage.calls, llm.usage.prompt_tokens, llm.usage.completion_tokens) == (1, 50, 10)


def test_malformed_json_is_reasked_with_the_error(fake):
    fake.script(completion('{"ids": [1, 2], "label": "ok"', prompt_tokens=40, completion_tokens=9), GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    second = fake.requests[1]["messages"]
    assert "not valid JSON" in second[-1]["content"]
    assert llm.usage.reasks == 1 and llm.usage.calls == 2
    assert llm.usage.prompt_tokens == 90  # every attempt counted


def test_schema_violation_is_reasked(fake):
    fake.script(completion(json.dumps({"ids": [1, 2, 3, 4], "label": "ok"})), GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick").ids == [1, 2]
    assert "ids" in fake.requests[1]["messages"][-1]["content"]


def test_reasks_are_bounded(fake):
    fake.script(*[completion("not json")] * 5)
    llm = make_llm(fake, max_reasks=2)
    with pytest.raises(ModelError, match="no valid pick after 3 attempts"):
        llm.complete(MSG, Pick, name="pick")
    assert len(fake.requests) == 3


def test_429_honours_retry_after(fake):
    fake.script(Reply(429, {"error": {"message": "slow down"}}, headers={"Retry-After": "1"}), GOOD)
    llm = make_llm(fake)
    t0 = time.monotonic()
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    assert time.monotonic() - t0 >= 0.95
    assert llm.usage.retries == 1


def test_500_then_success(fake):
    fake.script(Reply(500, {"error": {"message": "boom"}}), Reply(503, {"error": {"message": "busy"}}), GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    assert llm.usage.retries == 2 and len(fake.requests) == 3


def test_persistent_500_gives_one_line_error(fake):
    fake.script(*[Reply(500, {"error": {"message": f"boom {i}"}}) for i in range(3)])
    llm = make_llm(fake, max_attempts=3)
    with pytest.raises(ModelError, match="HTTP 500 after 3 attempts: boom 2"):
        llm.complete(MSG, Pick, name="pick")
    assert len(fake.requests) == 3


def test_identical_error_twice_is_not_transient(fake):
    fake.script(*[Reply(500, {"error": {"message": "model crashed: bad token"}})] * 5)
    llm = make_llm(fake, max_attempts=5)
    with pytest.raises(ModelError, match=r"failed twice with the same HTTP 500 .*not transient.*bad token$"):
        llm.complete(MSG, Pick, name="pick")
    assert len(fake.requests) == 2 and llm.usage.retries == 1


def test_identical_busy_replies_are_still_retried(fake):
    fake.script(*[Reply(503, {"error": {"message": "busy"}})] * 3, GOOD)
    llm = make_llm(fake, max_attempts=5)
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    assert len(fake.requests) == 4 and llm.usage.retries == 3


def test_timeout_is_retried(fake):
    fake.script(Reply(200, GOOD, delay=1.5), GOOD)
    llm = make_llm(fake, timeout=0.5)
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    assert llm.usage.retries == 1


def test_truncation_reasks_with_more_room(fake):
    fake.script(completion('{"ids": [1', finish_reason="length"), GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick", max_tokens=100).label == "ok"
    assert fake.requests[1]["max_tokens"] == 150
    assert "cut off" in fake.requests[1]["messages"][-1]["content"]


def test_refusal_is_an_error(fake):
    fake.script(completion(None, refusal="I can't help with that."))
    with pytest.raises(ModelError, match="refused: I can't help with that"):
        make_llm(fake).complete(MSG, Pick, name="pick")


def test_endpoint_without_json_schema_falls_back(fake):
    fake.script(Reply(400, {"error": {"message": "response_format json_schema is not supported"}}), GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    assert fake.requests[1]["response_format"] == {"type": "json_object", "schema": strict_schema(Pick)}


def test_endpoint_without_strict_mode_falls_back_to_plain_schema(fake):
    fake.script(Reply(400, {"error": {"message": "'strict' is not permitted"}}), GOOD)
    llm = make_llm(fake)
    assert llm.complete(MSG, Pick, name="pick").label == "ok"
    assert fake.requests[1]["response_format"]["json_schema"]["strict"] is False


def test_wrong_key_model_and_down_endpoint():
    with FakeOpenAI(api_key="right") as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="wrong", max_retries=0)
        with pytest.raises(ModelError, match="rejected the API key"):
            StructuredLLM(client, "fake-large").complete(MSG, Pick, name="pick")
        client = openai.OpenAI(base_url=fake.base_url, api_key="right", max_retries=0)
        with pytest.raises(ModelError, match="model 'nope' not found"):
            StructuredLLM(client, "nope").complete(MSG, Pick, name="pick")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="k", max_retries=0)
    with pytest.raises(ModelError, match="cannot reach model endpoint"):
        StructuredLLM(client, "m", max_attempts=2, backoff_initial=0.01).complete(MSG, Pick, name="pick")


def test_identical_requests_come_from_cache(fake, tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite")
    fake.script(GOOD)
    first = make_llm(fake, cache=cache).complete(MSG, Pick, name="pick")
    again = make_llm(fake, cache=cache)
    assert again.complete(MSG, Pick, name="pick") == first
    assert len(fake.requests) == 1
    assert again.usage.cached_calls == 1 and again.usage.calls == 0
