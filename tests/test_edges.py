"""Honest output at the edges (issue 27): an empty brief is a failure, not "100% of 0", in every product."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import briefer
from briefer.daily.run import assemble
from briefer.daily.options import Options
from briefer.daily.outcome import Briefed
from briefer.daily.sources import ArticleRef
from briefer.document import Document
from briefer.errors import ModelError
from briefer.evals.suite import score
from briefer.schemas import Brief, brief_json_schema
from briefer.testing import FakeOpenAI, completion, editor_reply
from conftest import run_cli
from edges_common import ARTICLES, TEXT, model_args


def empty_draft(_request: dict) -> dict:
    """What the embedded 135M model answered for CNN/DM articles: a valid, empty draft."""
    return completion(json.dumps({"points": [], "actors": [], "questions": []}))


# -- 1. an empty brief ----------------------------------------------------------------------------
def test_summarize_of_an_empty_draft_exits_4_with_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    out = tmp_path / "brief.md"
    with FakeOpenAI(empty_draft) as fake:
        r = run_cli("summarize", str(article), *model_args(fake), "-v", "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 4, err
    errors = [ln for ln in err.splitlines() if ln.startswith("briefer: error:")]
    assert errors == [err.splitlines()[-1]] and "the model produced nothing usable" in errors[0]
    assert "proposed no summary point" in errors[0] and "--strategy extractive" in errors[0]
    assert "grounding 0 of 0 items verified against the source (nothing to check)" in err  # -v
    assert "100%" not in err and "Traceback" not in err
    assert not out.exists() and r.stdout == b""  # nothing written as if it were a brief


def test_points_that_all_fail_verification_are_an_empty_brief_too(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)

    def invented(request: dict) -> dict:  # a point with a figure the article never gives, every time
        return completion(json.dumps({"points": [{"text": "The plan will cost 97 billion dollars.", "sentences": [0]}],
                                      "actors": [], "questions": []}))

    with FakeOpenAI(invented) as fake:
        r = run_cli("summarize", str(article), *model_args(fake), "--format", "json")
    err = r.stderr.decode()
    assert r.returncode == 4, err
    assert "none of its 1 summary point(s) could be verified against the source (first: " in err
    assert r.stdout == b""


def test_the_python_api_raises_empty_brief_and_keeps_what_came_back(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    with FakeOpenAI(empty_draft) as fake, pytest.raises(briefer.EmptyBrief) as caught:
        briefer.summarize(str(article), base_url=fake.base_url, model="fake-large", api_key="k",
                          strategy="abstractive", cache=False)
    exc = caught.value
    assert isinstance(exc, ModelError) and exc.exit_code == 4
    assert str(exc).startswith("the model produced nothing usable")
    brief = exc.brief
    assert brief.summary == [] and brief.grounding.rate is None and brief.grounding.checked == 0
    assert brief.usage.calls == 1  # what it cost is still there


def test_zero_of_zero_renders_as_such_and_validates_against_the_schema(tmp_path):
    from briefer.pipeline import render

    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    with FakeOpenAI(empty_draft) as fake, pytest.raises(briefer.EmptyBrief) as caught:
        briefer.summarize(str(article), base_url=fake.base_url, model="fake-large", api_key="k",
                          strategy="abstractive", cache=False)
    brief = caught.value.brief
    data = json.loads(render(brief, "json"))
    assert data["grounding"]["rate"] is None and data["grounding"]["checked"] == 0
    jsonschema.validate(data, brief_json_schema())
    md, html = render(brief, "md"), render(brief, "html")
    for text in (md, html):
        assert "0 of 0 items verified against the source (nothing to check)" in text and "100%" not in text
    schema = json.loads(run_cli("schema").stdout)  # ``briefer schema`` says rate may be null
    rate = schema["$defs"]["Grounding"]["properties"]["rate"]
    assert {"type": "null"} in rate["anyOf"] and "null" in rate["description"]
    assert "rate" in schema["$defs"]["Grounding"]["required"]


def test_a_brief_that_names_no_one_is_valid_and_says_so(tmp_path):
    """editor_reply copies sentences as points and names no actor: a legitimate brief, exit 0."""
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    with FakeOpenAI(editor_reply) as fake:
        r = run_cli("summarize", str(article), *model_args(fake))
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    actors = out.split("## Key actors", 1)[1].split("---", 1)[0]
    assert actors.strip() == "*None found in the source.*"
    checked = out.count("\n- ")
    assert f"Grounding: {checked} of {checked} items verified against the source (100%)" in out


def _brief(points: int, dropped: int = 0) -> Brief:
    ev = {"quote": "The council met.", "start": 0, "end": 16}
    return Brief.model_validate({
        "title": "t", "source": {}, "key_actors": [], "open_questions": [], "usage": {"total_tokens": 10},
        "summary": [{"text": "The council met.", "evidence": [ev]} for _ in range(points)],
        "grounding": {"rate": (points / (points + dropped)) if points + dropped else None, "checked": points + dropped,
                      "dropped": [{"kind": "point", "text": "x", "reason": "quote not found"}] * dropped},
    })


def test_eval_scores_an_empty_brief_as_failed_not_perfect():
    doc = Document(text="The council met. It approved the budget.")
    assert score(_brief(0), doc, [], {})["grounding_rate"] == 0.0  # "0 of 0": was 1.0
    assert score(_brief(0, dropped=2), doc, [], {})["grounding_rate"] == 0.0
    assert score(_brief(1, dropped=1), doc, [], {})["grounding_rate"] == 0.5
    assert score(_brief(2), doc, [], {})["grounding_rate"] == 1.0


def test_a_daily_brief_never_shows_an_empty_brief_as_a_story():
    ref_ok, ref_empty = ArticleRef("https://example.com/ok"), ArticleRef("https://example.com/empty")
    done = [Briefed(ref_ok, Document(text="The council met."), _brief(1), False),
            Briefed(ref_empty, Document(text="Nothing."), _brief(0, dropped=1), False)]
    daily = assemble(done, [], Options(), set(), 0.0)
    assert [a.location for a in daily.articles] == ["https://example.com/ok"]
    assert {i for s in daily.stories for i in s.articles} == {daily.articles[0].id}  # the one story is the good one
    assert [(f.source, f.stage) for f in daily.failed] == [("https://example.com/empty", "model")]
    assert "nothing usable" in daily.failed[0].error


def test_daily_brief_end_to_end_lists_the_empty_article_as_failed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLES[1]["text"])
    (folder / "silent.txt").write_text(ARTICLES[2]["text"])
    silent_words = ARTICLES[2]["text"].split(". ")[0][:40]

    def reply(request: dict) -> dict:
        user = [m["content"] for m in request["messages"] if m["role"] == "user"][0]
        return empty_draft(request) if silent_words in user else editor_reply(request)

    out = tmp_path / "daily.json"
    with FakeOpenAI(reply) as fake:
        r = run_cli("brief", str(folder), *model_args(fake), "--store", str(tmp_path / "s.sqlite"),
                    "--format", "json", "-o", str(out))
    assert r.returncode == 1, r.stderr.decode()  # partial, as with any failed article
    data = json.loads(out.read_text())
    assert [Path(a["location"]).name for a in data["articles"]] == ["good.txt"]
    assert {i for s in data["stories"] for i in s["articles"]} == {data["articles"][0]["id"]}
    assert [(Path(f["source"]).name, f["stage"]) for f in data["failed"]] == [("silent.txt", "model")]
    assert "silent.txt (model): the model produced nothing usable" in r.stderr.decode()
