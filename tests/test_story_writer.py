"""The story writer (issue 32): with an endpoint the model rewrites a story's facts, and nothing it writes is
shown unless the facts' cited sentences entail it; a bad or failed reply leaves the extractive story.

Real parts: the fake OpenAI server on 127.0.0.1 answers the story request as scripted (the per-article
briefs of these three short quake reports need no call), the daily brief runs whole (store, clustering,
synthesis), and every written point goes through the shipped entailment model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from briefer.config import Settings
from briefer.daily import Options, brief
from briefer.daily.keys import story_key
from briefer.daily.render import render_daily
from briefer.daily.schemas import daily_json_schema
from briefer.daily.writer import story_writer
from briefer.testing import FakeOpenAI, Reply, auto_reply, completion, requested_schema
from conftest import run_cli
from test_synthesis import CNBC, FOX, GUARDIAN

TEXTS = {"cnbc.txt": CNBC, "fox.txt": FOX, "guardian.txt": GUARDIAN}
FAITHFUL = "An earthquake of magnitude 5.6 killed ten people on Qeshm island on Sunday."


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text)
    return folder


class Writer:
    """Answers the story request with ``points(facts)`` (facts: id → text, as the prompt lists them), or
    with ``raw`` text; every other request as the fake server does by default."""

    def __init__(self, points=None, raw: str | None = None):
        self.points, self.raw, self.prompts = points, raw, []

    def __call__(self, request: dict) -> dict:
        if requested_schema(request)[0] != "story_draft":
            return auto_reply(request)
        user = request["messages"][1]["content"]
        self.prompts.append(user)
        if self.raw is not None:
            return completion(self.raw)
        facts = {int(k): text for k, text in re.findall(r"^\[(\d+)\] (.*) \(.*\)$", user, re.M)}
        return completion(json.dumps({"points": self.points(facts)}))


def _fact(facts: dict[int, str], word: str) -> int:
    return next(k for k, text in facts.items() if word in text)


def _brief(folder: Path, fake: FakeOpenAI, store: Path, notes: list | None = None, **settings):
    return brief(str(folder), base_url=fake.base_url, model="fake-large", api_key="k", strategy="extractive",
                 cache=False, options=Options(store=str(store)), on_note=(notes if notes is not None else []).append,
                 **settings)


def _story(result):
    multi = [s for s in result.stories if len(s.articles) > 1]
    assert len(multi) == 1, [s.articles for s in result.stories]  # the three reports are one story
    return multi[0]


def _extractive(folder: Path, tmp_path: Path) -> list:
    with FakeOpenAI() as fake:
        return _story(_brief(folder, fake, tmp_path / "plain.sqlite", story_writer="extractive")).points


def test_a_faithful_rewrite_is_shown_with_every_outlets_evidence(tmp_path):
    folder = _folder(tmp_path)
    writer = Writer(lambda facts: [{"text": FAITHFUL, "facts": [_fact(facts, "killed")]}])
    with FakeOpenAI(writer) as fake:
        result = _brief(folder, fake, tmp_path / "s.sqlite")
    assert len(writer.prompts) == 1  # one request for the one story of several articles
    story = _story(result)
    first = story.points[0]
    assert first.written and first.text == FAITHFUL
    assert first.outlets == ["fox.txt", "guardian.txt", "cnbc.txt"] or set(first.outlets) == set(TEXTS)
    assert len({c.article for c in first.evidence}) == 3  # still cites each outlet's own sentence
    by_id = {a.id: TEXTS[Path(a.location).name] for a in result.articles}
    for c in first.evidence:
        assert by_id[c.article][c.start:c.end] == c.quote and ("killed" in c.quote or "killing" in c.quote)
    assert not any(p.written for p in story.points[1:])  # the facts the model left out keep their sentences
    assert result.usage.model_calls == 1  # the story request, counted with the brief's calls
    data = json.loads(render_daily(result, "json"))
    jsonschema.validate(data, daily_json_schema())
    shown = next(s for s in data["stories"] if len(s["articles"]) > 1)["points"]
    assert [p["written"] for p in shown] == [p.written for p in story.points]
    md = render_daily(result, "md")
    assert FAITHFUL in md and by_id[first.evidence[0].article][first.evidence[0].start:][:40] in md  # its quote


def test_an_unfaithful_point_is_dropped_and_its_fact_keeps_its_sentence(tmp_path):
    folder = _folder(tmp_path)
    wrong = "An earthquake of magnitude 7.1 killed 40 people on Qeshm island on Sunday."  # numbers no outlet gives
    writer = Writer(lambda facts: [{"text": wrong, "facts": [_fact(facts, "killed")]}])
    notes: list[str] = []
    with FakeOpenAI(writer) as fake:
        story = _story(_brief(folder, fake, tmp_path / "s.sqlite", notes))
    assert len(writer.prompts) == 1
    assert not any(p.written for p in story.points) and all(wrong != p.text for p in story.points)
    assert [p.model_dump() for p in story.points] == [p.model_dump() for p in _extractive(folder, tmp_path)]
    assert any("0 of 1 stories written" in n and "1 dropped" in n for n in notes), notes


def test_a_point_naming_an_unknown_fact_is_dropped_and_the_others_kept(tmp_path):
    folder = _folder(tmp_path)
    hurt = "Around fifty people were injured and were taken to hospitals in Bandar Abbas."
    writer = Writer(lambda facts: [{"text": FAITHFUL, "facts": [99]},
                                   {"text": hurt, "facts": [_fact(facts, "fifty")]}])
    with FakeOpenAI(writer) as fake:
        story = _story(_brief(folder, fake, tmp_path / "s.sqlite"))
    plain = _extractive(folder, tmp_path)
    assert [p.written for p in story.points] == [False, True]
    assert story.points[0].model_dump() == plain[0].model_dump()  # fact 1 told by its own sentence
    assert story.points[1].text == hurt and {c.quote for c in story.points[1].evidence} == \
        {c.quote for c in plain[1].evidence}


def test_malformed_json_leaves_the_extractive_story_and_the_brief_is_written(tmp_path):
    folder, out = _folder(tmp_path), tmp_path / "brief.json"
    writer = Writer(raw="{'points': [oops")

    def cli():  # --no-cache: no stored reply, so each run that asks reaches the server
        return run_cli("brief", str(folder), "--store", str(tmp_path / "s.sqlite"), "--base-url", fake.base_url,
                       "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--format", "json",
                       "-o", str(out), "--no-cache")

    with FakeOpenAI(writer) as fake:
        run = cli()
        assert run.returncode == 0, run.stderr.decode()
        assert len(writer.prompts) == 3  # the request and its two re-asks
        assert "story writer failed, extractive points kept" in run.stderr.decode()
        data = json.loads(out.read_text())
        jsonschema.validate(data, daily_json_schema())
        story = next(s for s in data["stories"] if len(s["articles"]) > 1)
        assert story["points"] and not any(p["written"] for p in story["points"])
        writer.raw, writer.points = None, lambda facts: [{"text": FAITHFUL, "facts": [_fact(facts, "killed")]}]
        again = cli()
        assert again.returncode == 0, again.stderr.decode()
        assert len(writer.prompts) == 4  # the failed brief was not stored for replay: the story is asked again
        written = json.loads(out.read_text())["stories"]
        story = next(s for s in written if len(s["articles"]) > 1)
        assert story["points"][0]["written"] and story["points"][0]["text"] == FAITHFUL
        third = cli()  # a brief whose stories were all written is stored: an unchanged rerun asks nothing
        assert third.returncode == 0 and len(writer.prompts) == 4
        assert json.loads(out.read_text())["stories"] == written


def test_a_server_error_leaves_the_extractive_story(tmp_path):
    folder = _folder(tmp_path)
    notes: list[str] = []
    with FakeOpenAI() as fake:
        fake.script(*[Reply(500, {"error": {"message": "boom"}}) for _ in range(5)])
        result = _brief(folder, fake, tmp_path / "s.sqlite", notes)
        assert 2 <= fake.failed <= 5  # the same 500 twice is not transient: no more retries
    story = _story(result)
    assert [p.model_dump() for p in story.points] == [p.model_dump() for p in _extractive(folder, tmp_path)]
    assert any("story writer failed" in n and "500" in n for n in notes), notes
    assert not result.failed  # a story's request is no article's failure


def test_no_story_request_on_the_embedded_default_or_when_turned_off(tmp_path):
    assert story_writer(Settings(), Options()) is None  # the embedded model: facts' own sentences
    assert story_writer(Settings(base_url="http://127.0.0.1:9/v1"), Options()) is not None  # an endpoint: written
    assert story_key(Settings()) == "" and story_key(Settings(base_url="http://x/v1")).startswith("+story:")
    folder = _folder(tmp_path)
    writer = Writer(lambda facts: [{"text": FAITHFUL, "facts": [1]}])
    with FakeOpenAI(writer) as fake:
        story = _story(_brief(folder, fake, tmp_path / "s.sqlite", story_writer="extractive"))
    assert writer.prompts == [] and not any(p.written for p in story.points)
    # the embedded default itself, whole: these reports need no per-article call, and no story request is made
    result = brief(str(folder), cache=False, options=Options(store=str(tmp_path / "local.sqlite")))
    assert result.usage.model_calls == 0 and not any(p.written for p in _story(result).points)


def test_a_spent_token_budget_makes_no_story_request_and_the_brief_is_not_kept_for_replay(tmp_path):
    from briefer.daily.stories import build_stories
    from briefer.daily.writer import StoryWriter
    from test_synthesis import _quake

    entries, texts = _quake()
    stories = build_stories(entries, texts, texts)
    before = [p.model_dump() for p in stories[0].points]
    writer = Writer(lambda facts: [{"text": FAITHFUL, "facts": [1]}])
    with FakeOpenAI(writer) as fake:
        settings = Settings(base_url=fake.base_url, model="fake-large", api_key="k", cache=False)
        spent = StoryWriter(settings, Options(budget=500))(stories, spent=500)
        assert writer.prompts == [] and "budget" in spent.skipped and not spent.complete
        assert [p.model_dump() for p in stories[0].points] == before
        assert any("token budget" in n for n in spent.notes())
        fresh = StoryWriter(settings, Options(budget=10_000))(stories, spent=500)  # room left: written
    assert len(writer.prompts) == 1 and fresh.complete and stories[0].points[0].written


def test_auto_asks_only_a_capable_endpoint_to_write():
    """``auto``: the model writes with a capable endpoint; the embedded model and small endpoint models
    (the ones ``choose_strategy`` keeps extractive) keep the facts' own sentences; a choice is obeyed."""
    from briefer.config import choose_story_writer

    assert choose_story_writer("auto", False, "gpt-4o") == "model"
    assert choose_story_writer("auto", False, "SmolLM2-360M-Instruct") == "extractive"
    assert choose_story_writer("auto", True, None) == "extractive"
    assert choose_story_writer("model", False, "qwen2.5-0.5b") == "model"
    assert choose_story_writer("extractive", False, "gpt-4o") == "extractive"
