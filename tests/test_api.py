"""The typed Python API: each product is one call, the twin of its command."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import article_html

import briefer
from briefer.daily import Options
from briefer.testing import FakeOpenAI

ROOT = Path(__file__).resolve().parents[1]


def test_extract_reads_a_served_page(web, seed_path):
    text = seed_path.read_text()
    url = web.add("/story.html", article_html(text.split("\n\n")[0] + "\n" + text, title="Gallant at the Pentagon"))
    art = briefer.extract(url, allow_private=True)
    assert isinstance(art, briefer.Extraction)
    assert "Lloyd Austin" in art.text and "Subscribe" not in art.text and "tracking" not in art.text
    assert art.title == "Gallant at the Pentagon" and art.published.startswith("2024-03-26")


def test_brief_api_over_local_files(tmp_path, seed_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    (folder / "other.txt").write_text("The city council voted on Monday to expand the bus network. "
                                      "Mayor Ana Ruiz said the first new routes open in June. " * 8)
    with FakeOpenAI() as fake:
        daily = briefer.brief([str(folder)], options=Options(store=str(tmp_path / "s.sqlite")),
                              base_url=fake.base_url, model="fake-large", api_key="k", strategy="extractive")
    assert isinstance(daily, briefer.DailyBrief)
    assert daily.usage.articles == 2 and not daily.failed and daily.stories
    for entry in daily.articles:
        for point in entry.brief.summary:
            ev = point.evidence[0]
            text = (folder / Path(entry.location).name).read_text()
            assert ev.quote.split()[0] in text


def test_brief_api_names_the_problem_when_nothing_can_be_read(tmp_path):
    with pytest.raises(briefer.InputError, match="no article"):
        briefer.brief([str(tmp_path)], options=Options(store=str(tmp_path / "s.sqlite")),
                      base_url="http://127.0.0.1:9/v1", model="m", api_key="k")


def test_run_suite_replays_the_ci_suite(tmp_path):
    result = briefer.run_suite(ROOT / "eval" / "suites" / "ci.toml", replay=str(ROOT / "eval" / "cassettes" / "ci.json"),
                               baseline=ROOT / "eval" / "baselines" / "ci.json", rows_path=tmp_path / "rows.jsonl")
    assert isinstance(result, briefer.SuiteResult) and result.passed, result.report["gate"]["failures"]
    assert result.report["articles"] == len(result.rows) > 0 and result.report["reference"] == "baseline"
    assert (tmp_path / "rows.jsonl").read_text().count("\n") == len(result.rows)
