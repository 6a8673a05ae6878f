"""An unchanged rerun of ``briefer brief`` is answered from the stored daily brief (``daily.replay``):
the same output as rebuilding it, no model call, no pydantic; any change rebuilds."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import briefer.daily as daily
from briefer.config import load_settings
from briefer.daily.render import render_daily
from briefer.daily.replay import patch
from conftest import run_cli
from helpers import with_two_people

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = with_two_people(  # each makes one model call
    [json.loads(line) for line in (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1:4]])  # its first three FRANK rows


def folder_of_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"], encoding="utf-8")
    return folder


def brief(folder: Path, store: Path, fake, out: Path, *more: str) -> subprocess.CompletedProcess:
    done = run_cli("brief", str(folder), "--store", str(store), "--base-url", fake.base_url, "--model", "fake-large",
                   "--api-key", "k", "--strategy", "extractive", "--no-cache", "--format", "json", "-o", str(out), *more)
    assert done.returncode == 0, done.stderr.decode()
    return done


def timeless(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["generated"] = data["usage"]["seconds"] = None
    return data


def stored_dailies(store: Path) -> int:
    with sqlite3.connect(store) as db:
        return db.execute("SELECT COUNT(*) FROM dailies").fetchone()[0]


def test_unchanged_rerun_is_the_stored_brief_and_matches_a_rebuild_byte_for_byte(fake, tmp_path):
    folder, store = folder_of_articles(tmp_path), tmp_path / "store.sqlite"
    brief(folder, store, fake, tmp_path / "first.json")
    calls = len(fake.requests)
    assert calls > 0 and stored_dailies(store) == 1
    brief(folder, store, fake, tmp_path / "replayed.json")
    assert len(fake.requests) == calls  # no model call
    with sqlite3.connect(store) as db:
        db.execute("DELETE FROM dailies")  # the same rerun, rebuilt from the stored per-article briefs
    brief(folder, store, fake, tmp_path / "rebuilt.json")
    assert len(fake.requests) == calls
    replayed, rebuilt = (tmp_path / "replayed.json").read_text(), (tmp_path / "rebuilt.json").read_text()
    assert timeless(tmp_path / "replayed.json") == timeless(tmp_path / "rebuilt.json")
    strip = [line for line in replayed.splitlines() if '"generated"' not in line and '"seconds"' not in line]
    assert strip == [line for line in rebuilt.splitlines() if '"generated"' not in line and '"seconds"' not in line]
    first = timeless(tmp_path / "first.json")
    assert [a["new"] for a in first["articles"]] == [True] * len(ARTICLES)
    again = timeless(tmp_path / "replayed.json")
    assert [a["new"] for a in again["articles"]] == [False] * len(ARTICLES)  # seen in the first run
    assert again["usage"]["reused"] == len(ARTICLES) and again["usage"]["summarized"] == 0
    assert again["stories"] == first["stories"]


def test_a_changed_article_or_changed_settings_rebuild_the_brief(fake, tmp_path):
    folder, store = folder_of_articles(tmp_path), tmp_path / "store.sqlite"
    brief(folder, store, fake, tmp_path / "first.json")
    calls = len(fake.requests)
    changed = sorted(folder.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new closing sentence was added to this report today.",
                       encoding="utf-8")
    brief(folder, store, fake, tmp_path / "second.json")
    assert len(fake.requests) == calls + 1  # that article only
    second = json.loads((tmp_path / "second.json").read_text())
    assert second["usage"]["summarized"] == 1 and second["usage"]["reused"] == len(ARTICLES) - 1
    brief(folder, store, fake, tmp_path / "third.json", "--model", "fake-large")  # unchanged: replayed
    assert len(fake.requests) == calls + 1
    fake.models = ("fake-large", "fake-small")
    brief(folder, store, fake, tmp_path / "other.json", "--model", "fake-small")  # other settings: rebuilt
    assert len(fake.requests) > calls + 1
    assert json.loads((tmp_path / "other.json").read_text())["usage"]["summarized"] == len(ARTICLES)
    assert stored_dailies(store) == 3  # one per (articles, settings) seen, the newest few kept


def test_python_api_replays_too_and_patched_json_is_what_pydantic_writes(fake, tmp_path):
    folder = folder_of_articles(tmp_path)
    opts = daily.Options(store=str(tmp_path / "store.sqlite"), processes=1)
    settings = load_settings(base_url=fake.base_url, model="fake-large", api_key="k", strategy="extractive", cache=False)
    first = daily.brief([str(folder)], options=opts, settings=settings)
    calls = len(fake.requests)
    again = daily.brief([str(folder)], options=opts, settings=settings)
    assert len(fake.requests) == calls and again.usage.reused == len(ARTICLES)
    assert again.stories == first.stories
    # the text of one run, patched with the other's changing values, is the other's text
    for a, b in ((first, again), (again, first)):
        flags = [e.new for e in b.articles]
        assert patch(render_daily(a, "json"), b.title + " “x”\n", "2030-01-01T00:00:00+00:00", flags,
                     b.usage.model_dump(mode="json")) == render_daily(
            b.model_copy(update={"title": b.title + " “x”\n", "generated": "2030-01-01T00:00:00+00:00",
                                 "stories": a.stories}), "json")


def test_a_replayed_json_rerun_imports_no_pydantic(fake, tmp_path):
    folder, store = folder_of_articles(tmp_path), tmp_path / "store.sqlite"
    brief(folder, store, fake, tmp_path / "first.json")
    code = ("import sys; from briefer.cli.main import main; "
            f"sys.argv = ['briefer', 'brief', {str(folder)!r}, '--store', {str(store)!r}, '--base-url', "
            f"{fake.base_url!r}, '--model', 'fake-large', '--api-key', 'k', '--strategy', 'extractive', '--no-cache', "
            f"'--format', 'json', '-o', {str(tmp_path / 'again.json')!r}]; rc = main(); "
            "print(rc, sorted(m for m in sys.modules if m.startswith(('pydantic', 'openai', 'jinja2'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0 []"
