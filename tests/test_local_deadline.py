"""``--timeout`` bounds every model call, the embedded llama.cpp model's included, and a reply cut
off at ``max_tokens`` is asked again once, not until the re-asks run out (issue 31, item 3).

The embedded model's generation stops at the deadline (a stopping criterion checked after each
token) and the call fails like a server's timeout: a one-line ``model`` error, not retried (the
same prompt on the same cores would take as long again).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import openai
import pytest
from pydantic import BaseModel, Field

from briefer.config import Settings
from briefer.errors import ModelError
from briefer.model import StructuredLLM
from briefer.testing import FakeOpenAI, completion
from conftest import run_cli
from helpers import long_article
from daily_common import ARTICLES


def _long(tmp_path, tokens: int = 1500) -> str:
    """A long article (``helpers.long_article``) grown from a news text of the repository's CI set."""
    seed = tmp_path / "seed.txt"
    seed.write_text("A title\n" + "\n".join(a["text"] for a in ARTICLES))
    return long_article(seed, tokens)


class Story(BaseModel):
    paragraphs: list[str] = Field(max_length=60)


class Word(BaseModel):
    word: str = Field(max_length=20)


LONG = [{"role": "user", "content": "Write a very long story about a lighthouse keeper, in sixty paragraphs "
                                    "of about a hundred words each."}]


def test_a_reply_cut_off_twice_is_not_asked_a_third_time():
    cut = completion('{"paragraphs": ["Once', finish_reason="length")
    with FakeOpenAI() as fake:
        fake.script(cut, cut, cut)
        client = openai.OpenAI(base_url=fake.base_url, api_key="k", max_retries=0, timeout=5)
        llm = StructuredLLM(client, "fake-large", max_reasks=2)
        with pytest.raises(ModelError, match="cut off at max_tokens twice"):
            llm.complete(LONG, Story, name="story", max_tokens=100)
        assert [r["max_tokens"] for r in fake.requests] == [100, 150]  # one re-ask, with more room


def test_the_embedded_model_stops_at_the_deadline_and_does_not_retry():
    from briefer.model import Endpoint

    with Endpoint(Settings(timeout=1.0, temperature=0.8, max_attempts=5)) as endpoint:
        endpoint.prepare()  # the model's load is not the call's time
        llm = endpoint.llm()
        started = time.monotonic()
        with pytest.raises(ModelError, match=r"did not finish within the 1\.0 s timeout"):
            llm.complete(LONG, Story, name="story", max_tokens=6000)
        took = time.monotonic() - started
        assert llm.usage.calls == 1 and llm.usage.retries == 0  # stopped once, not tried five times
        assert took < 5, took  # the deadline plus the prompt's evaluation, not the 6,000 tokens asked for
        # the same model answers the next call in full: the stopped generation left nothing behind
        patient = StructuredLLM(endpoint.client.with_options(timeout=120.0), endpoint.model)
        word = patient.complete([{"role": "user", "content": "Name a colour."}], Word, name="word", max_tokens=60)
        assert word.word and patient.usage.calls == 1


def test_summarize_on_the_embedded_model_times_out_in_one_line(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(_long(tmp_path))
    config = Path(os.environ["BRIEFER_CONFIG"])  # this test's own (conftest.isolated_env)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("temperature = 0.8\n")
    started = time.monotonic()
    r = run_cli("summarize", str(article), "--strategy", "abstractive", "--timeout", "1", "--no-cache")
    took = time.monotonic() - started
    err = r.stderr.decode().strip()
    assert r.returncode == 4, err
    assert err.splitlines()[-1].startswith("briefer: error: ") and "did not finish within the 1.0 s timeout" in err
    assert "Traceback" not in err
    assert took < 30, took  # model load and extraction included; the first draft is cut at 1 s


def test_a_daily_brief_on_the_embedded_model_lists_a_timed_out_article_as_a_model_failure(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "long.txt").write_text(_long(tmp_path))
    r = run_cli("brief", str(folder), "--store", str(tmp_path / "s.sqlite"), "--strategy", "abstractive",
                "--timeout", "1", "--no-cache", "-o", str(tmp_path / "a.md"))
    err = r.stderr.decode()
    assert r.returncode == 4, err  # every article failed at the model: no brief written
    assert "long.txt (model): " in err and "did not finish within the 1.0 s timeout" in err
    assert not (tmp_path / "a.md").exists()
