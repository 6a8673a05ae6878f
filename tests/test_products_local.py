"""The three products run as a user runs them, on the embedded default (the real SmolLM2-135M through
llama.cpp, offline), with what they wrote checked, not only their exit codes: the daily brief of a
folder of 12 saved articles (ECB+ dev, 2 topics x 2 events x 3 reports), its rerun, its HTML in
headless Chromium; a live eval of 5 articles; and the same through the Python API. Issue 31: every
daily test talked to the fake server, so ``briefer brief`` of a folder on the embedded default briefed
nothing and exited 0 with no test failing. (``briefer summarize`` of the seed article on the embedded
model: ``tests/test_local_e2e.py``.) ``.ci/products.py`` runs the same commands in CI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

import briefer
from briefer.daily import Options
from conftest import run_cli
from helpers import ecb_day, live_suite, shown_in_chromium, user_env

@dataclass
class Day:
    folder: Path
    events: dict[str, str]  # file name -> ECB+ event
    topic_of: dict[str, str]
    work: Path
    runs: dict  # name -> (CompletedProcess, output path)


@pytest.fixture(scope="module")
def day(tmp_path_factory) -> Day:
    """``briefer brief FOLDER`` three times on one store: JSON, the unchanged rerun, then HTML."""
    work = tmp_path_factory.mktemp("day")
    events = ecb_day(work / "articles")
    env, store = user_env(work), str(work / "store.sqlite")
    runs = {}
    for name, fmt in (("first", "json"), ("rerun", "json"), ("html", "html")):
        out = work / f"{name}.{fmt}"
        runs[name] = (run_cli("brief", str(work / "articles"), "--format", fmt, "-o", str(out), "--store", store,
                              env=env, timeout=600), out)
    return Day(work / "articles", events, {n: e.rstrip("ab") for n, e in events.items()}, work, runs)


def _ok(result) -> str:
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err, err
    return err


def _by_file(daily: dict) -> dict[str, str]:
    return {Path(a["location"]).name: a["id"] for a in daily["articles"]}


def test_folder_on_the_embedded_model_briefs_every_article(day):
    assert len(day.events) == 12 and len(set(day.events.values())) == 4
    result, out = day.runs["first"]
    _ok(result)
    daily = json.loads(out.read_text())
    jsonschema.validate(daily, json.loads(run_cli("schema", "daily").stdout))
    assert daily["failed"] == []
    assert sorted(_by_file(daily)) == sorted(day.events)  # every saved article, each once
    assert daily["usage"]["articles"] == daily["usage"]["summarized"] == 12 and daily["usage"]["reused"] == 0
    assert daily["usage"]["model_calls"] >= 1 and daily["usage"]["tokens"] > 0
    for entry in daily["articles"]:  # a real brief of each: grounded quotes of the saved text
        raw = (day.folder / Path(entry["location"]).name).read_text()
        quotes = [e["quote"] for kind in ("summary", "key_actors", "open_questions")
                  for item in entry["brief"][kind] for e in item["evidence"]]
        assert entry["brief"]["summary"] and quotes, entry["location"]
        assert all(q in raw for q in quotes), entry["location"]
    # stories: every article in exactly one, at least one per topic, none mixing a rehab with a fire
    assert len(daily["stories"]) >= 2
    ids = [a for s in daily["stories"] for a in s["articles"]]
    assert sorted(ids) == sorted(_by_file(daily).values())
    topic_of_id = {i: day.topic_of[f] for f, i in _by_file(daily).items()}
    for story in daily["stories"]:
        assert len({topic_of_id[a] for a in story["articles"]}) == 1, story["title"]


def test_unchanged_rerun_makes_no_model_calls(day):
    first = json.loads(day.runs["first"][1].read_text())
    result, out = day.runs["rerun"]
    _ok(result)
    again = json.loads(out.read_text())
    assert again["usage"]["model_calls"] == 0 and again["failed"] == []
    assert len(again["articles"]) == 12
    assert [(s["id"], sorted(s["articles"])) for s in again["stories"]] == \
           [(s["id"], sorted(s["articles"])) for s in first["stories"]]


def test_html_shows_every_story_in_headless_chromium(day):
    daily = json.loads(day.runs["first"][1].read_text())
    result, page = day.runs["html"]
    _ok(result)
    shown = shown_in_chromium(page, "section.story h2", day.work)
    titles = [" ".join(s["title"].split()) for s in daily["stories"]]
    assert len(titles) >= 2 and len(shown) >= len(titles) + 1, shown  # the stories, then the article list
    assert [t for t in titles if t not in shown] == [], shown
    items = shown_in_chromium(page, "section.story li", day.work)  # the stories' points are shown too
    texts = [" ".join(p["text"].split()) for s in daily["stories"] for p in s["points"]]
    assert texts and [t for t in texts if not any(t in item for item in items)] == [], items


def test_a_folder_with_unreadable_files_briefs_the_rest_and_lists_them(tmp_path):
    folder = tmp_path / "articles"
    events = ecb_day(folder, topics=("ecb14",), per_event=2)
    (folder / "empty.txt").write_text("")
    (folder / "scan.html").write_bytes(bytes(range(256)) * 12)
    out = tmp_path / "day.json"
    result = run_cli("brief", str(folder), "--format", "json", "-o", str(out), "--store", str(tmp_path / "s.sqlite"),
                     env=user_env(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err, err  # partial: written, with failures
    daily = json.loads(out.read_text())
    assert sorted(Path(a["location"]).name for a in daily["articles"]) == sorted(events)
    assert sorted((Path(f["source"]).name, f["stage"]) for f in daily["failed"]) == \
           [("empty.txt", "extract"), ("scan.html", "extract")]
    assert "empty.txt (extract)" in err and "scan.html (extract)" in err
    assert sorted(a for st in daily["stories"] for a in st["articles"]) == sorted(a["id"] for a in daily["articles"])


def test_the_visibility_probe_sees_only_what_chromium_shows(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html><body><h2>Shown</h2><h2 style="display:none">Display none</h2>'
                    '<h2 style="visibility:hidden">Invisible</h2><details><summary>more</summary><h2>Folded</h2>'
                    '</details><h2 style="opacity:0">Transparent</h2><h2>Also   shown</h2></body></html>')
    assert shown_in_chromium(page, "h2", tmp_path) == ["Shown", "Also shown"]


@pytest.fixture(scope="module")
def suite(tmp_path_factory) -> Path:
    return live_suite(tmp_path_factory.mktemp("eval"), rows=5)


def test_live_eval_of_five_articles(suite, tmp_path):
    out = tmp_path / "result.json"
    result = run_cli("eval", "run", str(suite), "--rows", str(tmp_path / "rows.jsonl"), "--json", str(out),
                     env=user_env(tmp_path), timeout=600)
    printed = result.stdout.decode() + result.stderr.decode()
    assert result.returncode == 0, printed
    assert "PASS (ci-live)" in printed and "grounding_rate" in printed, printed
    report = json.loads(out.read_text())
    rows = report["rows"]
    assert len(rows) == 5 and not [r["id"] for r in rows if r.get("error")]
    assert all(r["passed"] and r["metrics"]["grounding_rate"] >= 0.75 for r in rows), rows
    assert report["gate"]["passed"] and report["articles"] == 5


# -- the same through the Python API ----------------------------------------------------------------------
def test_api_summarize_seed_on_the_embedded_model(seed_path):
    brief = briefer.summarize(str(seed_path))
    assert isinstance(brief, briefer.Brief)
    raw = seed_path.read_text()
    assert len(brief.key_actors) >= 5 and brief.summary
    assert all(e.quote in raw for item in brief.summary + brief.key_actors for e in item.evidence)
    assert brief.usage.model.startswith("SmolLM2-135M")


def test_api_brief_of_the_folder_then_its_rerun(day, tmp_path):
    opts = Options(store=str(tmp_path / "store.sqlite"))
    daily = briefer.brief([str(day.folder)], options=opts)
    assert isinstance(daily, briefer.DailyBrief)
    assert not daily.failed and len(daily.articles) == 12 and len(daily.stories) >= 2
    assert daily.usage.summarized == 12 and daily.usage.model_calls >= 1
    again = briefer.brief([str(day.folder)], options=opts)
    assert again.usage.model_calls == 0 and len(again.articles) == 12
    assert [s.articles for s in again.stories] == [s.articles for s in daily.stories]


def test_api_live_eval_of_five_articles(suite, tmp_path):
    result = briefer.run_suite(suite, rows_path=tmp_path / "rows.jsonl")
    assert isinstance(result, briefer.SuiteResult) and result.passed, result.report["gate"]["failures"]
    assert len(result.rows) == 5 and not [r["id"] for r in result.rows if r.get("error")]
