"""Structured-output modes and the step-down, against the loopback fake speaking each server's dialect."""

from __future__ import annotations

import json

import openai
import pytest
from pydantic import BaseModel, Field

from briefer.errors import ModelError
from briefer.config import Mode
from briefer.model import ModeMemory, StructuredLLM
from briefer.testing import FakeOpenAI, Reply
from conftest import run_cli


class Pick(BaseModel):
    ids: list[int] = Field(max_length=3)
    label: str


MSG = [{"role": "user", "content": "pick"}]


def make_llm(fake, response_format="auto", memory=None, **kw) -> StructuredLLM:
    client = openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=5.0)
    return StructuredLLM(client, "fake-large", response_format=response_format, memory=memory,
                         backoff_initial=0.05, backoff_max=0.2, **kw)


def _hint(req) -> bool:
    return any("JSON Schema" in m["content"] for m in req["messages"] if m["role"] == "system")


@pytest.mark.parametrize("mode", list(Mode))
def test_each_mode_sends_its_shape_and_parses_the_reply(mode):
    with FakeOpenAI() as fake:
        llm = make_llm(fake, mode.value)
        assert llm.complete(MSG, Pick, name="pick") == Pick(ids=[0], label="x")
        req = fake.requests[0]
    fmt = req.get("response_format")
    if mode in (Mode.JSON_SCHEMA_STRICT, Mode.JSON_SCHEMA):
        assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is (mode is Mode.JSON_SCHEMA_STRICT)
        assert not _hint(req) and "tools" not in req
    elif mode is Mode.JSON_OBJECT_WITH_SCHEMA:
        assert fmt["type"] == "json_object" and fmt["schema"]["required"] == ["ids", "label"]
        assert _hint(req)
    elif mode is Mode.TOOLS:
        assert fmt is None and req["tools"][0]["function"]["parameters"]["required"] == ["ids", "label"]
        assert req["tool_choice"] == {"type": "function", "function": {"name": "pick"}}
    else:
        assert fmt is None and "tools" not in req and _hint(req)
    assert llm.usage.response_format == mode.value and llm.usage.rejected == 0


@pytest.mark.parametrize("status", [400, 422, 500])
def test_llama_cpp_dialect_steps_down_at_once_whatever_the_status(status):
    with FakeOpenAI(dialect="llama-cpp-python", reject_status=status) as fake:
        llm = make_llm(fake, max_attempts=5)
        assert llm.complete(MSG, Pick, name="pick").label == "x"
        assert fake.statuses == [status, 200]  # one rejection, then accepted; no retry of the rejection
    assert fake.requests[1]["response_format"]["type"] == "json_object"
    assert llm.usage.retries == 0 and llm.usage.rejected == 1 and llm.usage.response_format == "json-object"


@pytest.mark.parametrize("dialect, mode, failed", [
    ("any", "json-schema-strict", 0), ("openai", "json-schema-strict", 0), ("no-strict", "json-schema", 1),
    ("llama-cpp-python", "json-object", 1), ("tools-only", "tools", 3), ("prompt", "prompt", 4),
])
def test_auto_finds_what_each_dialect_accepts(dialect, mode, failed):
    with FakeOpenAI(dialect=dialect) as fake:
        llm = make_llm(fake)
        assert llm.complete(MSG, Pick, name="pick").label == "x"
        assert fake.failed == failed and len(fake.requests) == failed + 1
    assert llm.usage.response_format == mode


def test_openai_dialect_refuses_a_loose_schema_in_strict_mode():
    with FakeOpenAI(dialect="openai") as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0)
        llm = StructuredLLM(client, "fake-large", response_format="json-schema-strict")
        body = llm._body(MSG, {"type": "object", "properties": {"a": {"type": "string"}}}, "x", 10, 0.0)
        with pytest.raises(openai.BadRequestError, match="additionalProperties"):
            client.post("/chat/completions", body=body, cast_to=object)


def test_explicit_mode_never_steps_down():
    with FakeOpenAI(dialect="llama-cpp-python") as fake:
        llm = make_llm(fake, "json-schema-strict", max_attempts=5)
        with pytest.raises(ModelError) as err:
            llm.complete(MSG, Pick, name="pick")
        assert len(fake.requests) == 1
    msg = str(err.value)
    assert msg.startswith("endpoint rejected --response-format json-schema-strict (HTTP 500: 1 validation error")
    assert msg.endswith("try --response-format json-object (or auto)") and "\n" not in msg


def test_nothing_accepted_is_one_line():
    with FakeOpenAI(dialect="prompt") as fake:
        fake.script(*[Reply(422, {"error": {"message": "schema unsupported"}})] * 6)
        with pytest.raises(ModelError, match="takes none of briefer's structured-output modes"):
            make_llm(fake).complete(MSG, Pick, name="pick")
        assert fake.failed == 5


def test_a_plain_400_is_not_a_step_down(fake):
    fake.script(Reply(400, {"error": {"message": "context length exceeded"}}))
    with pytest.raises(ModelError, match=r"rejected the request \(HTTP 400\): context length exceeded"):
        make_llm(fake).complete(MSG, Pick, name="pick")
    assert len(fake.requests) == 1


def test_the_accepted_mode_is_remembered_per_endpoint_and_model(tmp_path):
    path = tmp_path / "endpoints.json"
    with FakeOpenAI(dialect="tools-only") as fake:
        make_llm(fake, memory=ModeMemory(path, fake.base_url, "fake-large")).complete(MSG, Pick, name="pick")
        assert fake.failed == 3
        again = make_llm(fake, memory=ModeMemory(path, fake.base_url, "fake-large"))
        assert again.complete(MSG, Pick, name="pick").label == "x"
        assert fake.failed == 3 and again.usage.rejected == 0  # the second run made no failed request
        other = ModeMemory(path, fake.base_url, "another-model")
        assert other.get() is None
    assert json.loads(path.read_text())[f"{fake.base_url} fake-large"]["mode"] == "tools"


def test_second_cli_run_makes_no_failed_request(seed_path, tmp_path):
    other = tmp_path / "other.txt"  # another article with another person: its request is not in the response cache
    other.write_text(seed_path.read_text() + "\n\nMinistry spokesman Daniel Orbach said a second meeting would follow next week.")
    with FakeOpenAI(dialect="llama-cpp-python") as fake:
        args = ["--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "-v"]
        first = run_cli("summarize", str(seed_path), *args)
        assert first.returncode == 0, first.stderr
        assert fake.failed == 1 and "response format json-object (1 rejected)" in first.stderr.decode()
        n = len(fake.requests)
        second = run_cli("summarize", str(other), *args)
        assert second.returncode == 0, second.stderr
        assert fake.failed == 1 and len(fake.requests) > n
        assert all(r["response_format"]["type"] == "json_object" for r in fake.requests[n:])
        assert "response format json-object (0 rejected)" in second.stderr.decode()


def test_cli_explicit_mode_and_bad_setting_are_one_line_errors(seed_path, tmp_path, monkeypatch):
    with FakeOpenAI(dialect="llama-cpp-python") as fake:
        res = run_cli("summarize", str(seed_path), "--base-url", fake.base_url, "--model", "fake-large",
                      "--response-format", "json-schema")
        err = res.stderr.decode()
        assert res.returncode == 4 and "Traceback" not in err and len(err.strip().splitlines()) == 1
        assert "try --response-format json-object (or auto)" in err and len(fake.requests) == 1
        monkeypatch.setenv("BRIEFER_RESPONSE_FORMAT", "tools")
        res = run_cli("summarize", str(seed_path), "--base-url", fake.base_url, "--model", "fake-large",
                      "--strategy", "extractive")
        assert res.returncode == 0, res.stderr
        assert "tools" in fake.requests[-1] and "response_format" not in fake.requests[-1]
    monkeypatch.setenv("BRIEFER_RESPONSE_FORMAT", "xml")
    res = run_cli("summarize", str(seed_path), "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert res.returncode == 5 and "unknown response format 'xml'" in res.stderr.decode()
