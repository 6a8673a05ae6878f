"""``briefer brief``: feeds from a real server on 127.0.0.1, the store, failures, budget, resume."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from briefer.schemas import Brief

from briefer.daily.schemas import ArticleEntry, DailyBrief, daily_json_schema
from briefer.daily.stories import build_stories
from conftest import run_cli
from briefer.testing import FakeOpenAI, Reply
from helpers import article_html, open_in_chromium, wait_until, with_two_people

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = with_two_people(  # each makes one model call
    [json.loads(line) for line in (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1:4]])  # its first three FRANK rows


def seed_body(seed_path: Path) -> str:
    return "\n".join(seed_path.read_text().split("\n")[1:22])


def rss(items: list[tuple[str, str]]) -> str:
    """An RSS 2.0 feed; links may be relative (resolved against the feed's URL)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><pubDate>Mon, 23 Nov 2026 0{i}:00:00 GMT</pubDate></item>"
        for i, (t, u) in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>{entries}</channel></rss>'


def serve_feed(web, seed_path: Path) -> str:
    items = [("Gallant meets Austin", web.add("/a/gallant", article_html(seed_body(seed_path), "Gallant meets Austin")))]
    for a in ARTICLES:
        title = a["text"].split(". ")[0][:60]
        items.append((title, web.add(f"/a/{a['id']}", article_html(a["text"], title))))
    web.add("/a/broken", "oops", status=500)
    items.append(("Broken story", "/a/broken"))  # a relative link
    return web.add("/feed.xml", rss(items), content_type="application/rss+xml")


def brief_cli(*args: str, fake: FakeOpenAI, store: Path) -> subprocess.CompletedProcess:
    """A brief against the fake endpoint, its requests all per-article ones: stories keep their facts' own
    sentences (``--story-writer extractive``; the story writer has its own tests, test_story_writer.py)."""
    return run_cli("brief", *args, "--store", str(store), "--allow-private", "--base-url", fake.base_url,
                   "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                   "--story-writer", "extractive")


def test_feed_to_html_lists_failures_and_rerun_makes_no_model_calls(web, fake, seed_path, tmp_path):
    feed = serve_feed(web, seed_path)
    out, store = tmp_path / "brief.html", tmp_path / "store.sqlite"
    first = brief_cli(feed, "--format", "html", "-o", str(out), fake=fake, store=store)
    err = first.stderr.decode()
    assert first.returncode == 1, err  # partial: the broken article
    assert "/a/broken (fetch): " in err and "HTTP 500" in err
    page = out.read_text()
    for path in ["/a/gallant"] + [f"/a/{a['id']}" for a in ARTICLES]:
        assert f'href="{web.url(path)}"' in page
    assert "Broken" not in page.split("<h2>Failed</h2>")[0] and "HTTP 500" in page.split("<h2>Failed</h2>")[1]
    assert "Yoav Gallant" in page and "<script" not in page
    calls = len(fake.requests)
    assert calls == 4
    hits = dict(web.hits)
    again = brief_cli(feed, "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake, store=store)
    assert again.returncode == 1
    assert len(fake.requests) == calls  # no model calls for unchanged articles
    assert web.hits["/a/gallant"] == hits["/a/gallant"]  # nor refetches
    data = json.loads((tmp_path / "b.json").read_text())
    jsonschema.validate(data, daily_json_schema())
    assert data["usage"]["reused"] == 4 and data["usage"]["model_calls"] == 0
    assert all(not a["new"] for a in data["articles"])


def test_html_renders_in_headless_chromium(web, fake, seed_path, tmp_path):
    out = tmp_path / "brief.html"
    assert brief_cli(serve_feed(web, seed_path), "--format", "html", "-o", str(out), fake=fake,
                     store=tmp_path / "s.sqlite").returncode == 1
    shot = tmp_path / "shot.png"
    open_in_chromium(out, tmp_path, f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a rendered page, not a blank one


def test_dead_and_malformed_feeds_do_not_stop_the_brief(web, fake, seed_path, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?><rss><channel><item><title>x</title></item>')
    good = tmp_path / "articles"
    good.mkdir()
    (good / "gallant.txt").write_text(seed_path.read_text())
    result = brief_cli("http://127.0.0.1:9/feed.xml", str(bad), str(good), "-o", str(tmp_path / "o.md"),
                       fake=fake, store=tmp_path / "s.sqlite")
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "127.0.0.1:9/feed.xml (source)" in err and "bad.xml (source)" in err
    md = (tmp_path / "o.md").read_text()
    assert "Gallant" in md and "## Failed" in md and "bad.xml" in md


def test_killed_run_resumes_without_redoing_finished_articles(seed_path, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    store = tmp_path / "s.sqlite"
    with FakeOpenAI(latency=1.5) as slow:
        exe = Path(sys.executable).parent / "briefer"
        proc = subprocess.Popen([str(exe), "brief", str(folder), "--store", str(store), "--base-url", slow.base_url,
                                 "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                                 "--concurrency", "1", "-o", str(tmp_path / "x.md")], stderr=subprocess.PIPE)
        wait_until(lambda: _stored_briefs(store) >= 2, "two briefs committed to the store")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        finished = _stored_briefs(store)
        assert 2 <= finished < 4 and not (tmp_path / "x.md").exists()
        before = len(slow.requests)
    with FakeOpenAI() as fake:
        result = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "y.json"), fake=fake, store=store)
        assert result.returncode == 0, result.stderr.decode()
        assert len(fake.requests) == 4 - finished
    data = json.loads((tmp_path / "y.json").read_text())
    assert data["usage"]["reused"] == finished and len(data["articles"]) == 4
    assert before >= finished


def _stored_briefs(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(store, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_new_only_dry_run_and_budget(fake, seed_path, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    store = tmp_path / "s.sqlite"
    assert brief_cli(str(folder), "-o", str(tmp_path / "1.md"), fake=fake, store=store).returncode == 0
    (folder / f"{ARTICLES[0]['id']}.txt").write_text(ARTICLES[0]["text"])
    (folder / f"{ARTICLES[1]['id']}.txt").write_text(ARTICLES[1]["text"])
    calls = len(fake.requests)
    dry = brief_cli(str(folder), "--dry-run", "--price", "0.15", "0.60", fake=fake, store=store)
    assert dry.returncode == 0, dry.stderr.decode()
    assert len(fake.requests) == calls and "stored brief" in dry.stderr.decode() and "≈ $" in dry.stderr.decode()
    budget = brief_cli(str(folder), "--budget", "1", "--concurrency", "1", "--new-only", "--format", "json",
                       "-o", str(tmp_path / "2.json"), fake=fake, store=store)
    assert budget.returncode == 1 and "token budget 1 reached" in budget.stderr.decode()
    data = json.loads((tmp_path / "2.json").read_text())
    assert data["usage"]["budget_exhausted"] and len(data["articles"]) == 1 and data["articles"][0]["new"]
    assert [f["stage"] for f in data["failed"]] == ["budget"]
    rest = brief_cli(str(folder), "--new-only", "--format", "json", "-o", str(tmp_path / "3.json"), fake=fake, store=store)
    assert rest.returncode == 0
    newest = [a["location"] for a in json.loads((tmp_path / "3.json").read_text())["articles"]]
    assert len(newest) == 1 and newest[0] != data["articles"][0]["location"] and "gallant" not in newest[0]


def test_rate_limits_mid_run_still_complete(fake, seed_path, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    fake.script(Reply(429, {"error": {"message": "slow down"}}, headers={"Retry-After": "0"}),
                Reply(500, {"error": {"message": "oops"}}))
    result = brief_cli(str(folder), "--concurrency", "3", "-o", str(tmp_path / "o.md"), fake=fake, store=tmp_path / "s.db")
    assert result.returncode == 0, result.stderr.decode()
    assert "3 articles: 3 briefed, 0 reused, 0 failed" in result.stderr.decode()


def _entry(i: int, title: str, points: list[str], actors: list[tuple[str, str]], site: str) -> ArticleEntry:
    text = " ".join(points + [f"{n} spoke." for n, _ in actors])
    ev = lambda s: [{"quote": s, "start": text.index(s), "end": text.index(s) + len(s)}]  # noqa: E731
    brief = Brief.model_validate({
        "title": title, "source": {"title": title},
        "summary": [{"text": p, "evidence": ev(p)} for p in points],
        "key_actors": [{"name": n, "role": r, "evidence": ev(f"{n} spoke.")} for n, r in actors],
        "open_questions": [], "grounding": {"rate": 1.0, "checked": 1, "repaired": 0, "dropped": []},
        "usage": {},
    })
    return ArticleEntry(id=f"a{i}", location=f"https://{site}/{i}", title=title, site_name=site, brief=brief)


def test_stories_cluster_and_merge_aliases():
    entries = [
        _entry(1, "Gallant meets Austin at the Pentagon", ["Defense Minister Yoav Gallant met Lloyd Austin at the Pentagon on Tuesday."],
               [("Yoav Gallant", "Defense Minister"), ("Lloyd Austin", "US Secretary of Defense")], "jpost.com"),
        _entry(2, "Gallant and Austin discuss Gaza at Pentagon", ["Gallant and Austin met at the Pentagon to discuss Gaza."],
               [("Gallant", "Israeli defense minister")], "reuters.com"),
        _entry(3, "Prison uses cherry picker to clear drugs", ["Warders used a cherry picker to clear drugs from a prison roof."],
               [("Dave Thompson", "director")], "bbc.co.uk"),
    ]
    stories = build_stories(entries)
    assert [s.articles for s in stories] == [["a1", "a2"], ["a3"]]
    top = stories[0]
    assert top.sources == 2
    gallant = next(a for a in top.actors if a.name == "Yoav Gallant")
    assert gallant.aliases == ["Gallant"] and gallant.articles == ["a1", "a2"]
    assert set(gallant.roles) == {"Defense Minister", "Israeli defense minister"}
    assert all(e.article in ("a1", "a2") for p in top.points for e in p.evidence)
    DailyBrief.model_validate({"title": "t", "generated": "now", "stories": [s.model_dump() for s in stories],
                               "articles": [e.model_dump() for e in entries], "failed": [], "usage": {}})


@pytest.mark.parametrize("since, kept", [("2h", 0), ("100000d", 5)])
def test_since_filters_feed_entries(web, fake, seed_path, tmp_path, since, kept):
    feed = serve_feed(web, seed_path)
    result = brief_cli(feed, "--since", since, "--dry-run", fake=fake, store=tmp_path / "s.sqlite")
    err = result.stderr.decode()
    if kept:
        assert f"dry run: {kept - 1} articles" in err  # the broken one cannot be read
    else:
        assert result.returncode == 2 and "no article found newer than --since 2h" in err


@pytest.mark.parametrize("processes", ["1", "2"])
def test_batch_mode_submits_one_job_and_resumes_it(fake, seed_path, tmp_path, monkeypatch, processes):
    """Killed while its job runs, a --batch run resumes the same job (in threads, or with both
    passes on worker processes), pays once, and counts the answers as calls."""
    monkeypatch.setenv("BRIEFER_BATCH_POLL", "0.05")
    monkeypatch.setenv("BRIEFER_PROCESSES", processes)
    folder = tmp_path / "articles"
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    store = tmp_path / "s.sqlite"
    fake.polls_until_done = 10**9  # the first invocation never sees the job finish: it is killed
    exe = Path(sys.executable).parent / "briefer"
    cmd = [str(exe), "brief", str(folder), "--batch", "--store", str(store), "--base-url", fake.base_url,
           "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache"]
    proc = subprocess.Popen(cmd + ["-o", str(tmp_path / "x.md")], stderr=subprocess.PIPE)
    # polled only once its id is in the store: the kill then interrupts a job that can be resumed
    fake.wait_until(lambda f: any(b["polls"] for b in f.batches.values()), "poll of the batch job")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert len(fake.batches) == 1 and not fake.requests
    fake.polls_until_done = 1
    result = subprocess.run(cmd + ["--format", "json", "-o", str(tmp_path / "y.json")], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert len(fake.batches) == 1  # resumed the same job, did not pay twice
    assert len(fake.requests) == 3  # every request went through the batch, none directly
    data = json.loads((tmp_path / "y.json").read_text())
    assert len(data["articles"]) == 3 and all(a["brief"]["summary"] for a in data["articles"])
    assert data["usage"]["model_calls"] == 3 and data["usage"]["tokens"] > 0  # paid through the batch, not "cached"
    again = subprocess.run(cmd + ["-o", str(tmp_path / "z.md")], capture_output=True, timeout=120)
    assert again.returncode == 0 and len(fake.batches) == 1 and len(fake.requests) == 3


@pytest.mark.parametrize("processes", ["1", "2"])
def test_batch_mode_splits_a_round_over_jobs_the_api_accepts(seed_path, tmp_path, monkeypatch, processes):
    """A round with more requests than one job may hold (50,000 at OpenAI; here an endpoint that
    takes 2, told by BRIEFER_BATCH_MAX_REQUESTS) goes out as several jobs, each within the limit;
    every article is answered and the rerun pays for nothing."""
    monkeypatch.setenv("BRIEFER_BATCH_POLL", "0.05")
    monkeypatch.setenv("BRIEFER_BATCH_MAX_REQUESTS", "2")
    monkeypatch.setenv("BRIEFER_PROCESSES", processes)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    n = len(ARTICLES) + 1
    with FakeOpenAI(max_batch_requests=2) as fake:
        fake.polls_until_done = 1
        out = brief_cli(str(folder), "--batch", "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake,
                        store=tmp_path / "s.sqlite")
        assert out.returncode == 0, out.stderr.decode()
        sizes = [len(fake.files[b["input_file_id"]].decode().splitlines()) for b in fake.batches.values()]
        assert sizes == [2] * (n // 2) + [1] * (n % 2) and len(fake.requests) == n
        assert all(b["status"] == "completed" for b in fake.batches.values())
        data = json.loads((tmp_path / "b.json").read_text())
        assert data["usage"]["summarized"] == n and not data["failed"]
        again = brief_cli(str(folder), "--batch", "-o", str(tmp_path / "c.md"), fake=fake, store=tmp_path / "s.sqlite")
        assert again.returncode == 0 and len(fake.requests) == n and len(fake.batches) == len(sizes)


@pytest.mark.parametrize("processes", ["1", "2"])
def test_batch_mode_asks_for_every_chunk_of_a_long_article_in_one_round(tmp_path, monkeypatch, processes):
    """A long article's chunks are independent requests: one Batch API job carries all of them.
    Asked one chunk per round, an article of more chunks than rounds failed the whole run
    ("requests still unanswered after 4 rounds"), and each round can take hours."""
    monkeypatch.setenv("BRIEFER_BATCH_POLL", "0.05")
    monkeypatch.setenv("BRIEFER_PROCESSES", processes)
    parts = [f"Part {i} of the report. " + a["text"] for i in range(24) for a in ARTICLES]
    (tmp_path / "report.txt").write_text("\n\n".join(parts))
    with FakeOpenAI() as fake:
        fake.polls_until_done = 1
        out = brief_cli(str(tmp_path / "report.txt"), "--batch", "--format", "json", "-o", str(tmp_path / "b.json"),
                        fake=fake, store=tmp_path / "s.sqlite")
        assert out.returncode == 0, out.stderr.decode()
        assert len(fake.batches) == 1 and len(fake.requests) >= 5  # five chunks or more, all in one job
        data = json.loads((tmp_path / "b.json").read_text())
        assert data["usage"]["summarized"] == 1 and data["usage"]["model_calls"] == len(fake.requests)


def test_worker_processes_brief_the_same_and_commit_to_the_store(fake, seed_path, tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    single = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "one.json"), fake=fake,
                       store=tmp_path / "one.sqlite")
    assert single.returncode == 0, single.stderr.decode()
    monkeypatch.setenv("BRIEFER_PROCESSES", "2")
    multi = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "two.json"), fake=fake,
                      store=tmp_path / "two.sqlite")
    assert multi.returncode == 0, multi.stderr.decode()
    one, two = (json.loads((tmp_path / n).read_text()) for n in ("one.json", "two.json"))
    assert [a["brief"]["summary"] for a in one["articles"]] == [a["brief"]["summary"] for a in two["articles"]]
    assert two["usage"]["summarized"] == 4 and _stored_briefs(tmp_path / "two.sqlite") == 4
    calls = len(fake.requests)
    again = brief_cli(str(folder), "-o", str(tmp_path / "again.md"), fake=fake, store=tmp_path / "two.sqlite")
    assert again.returncode == 0 and len(fake.requests) == calls


def test_story_actors_keep_the_briefs_prominence_order():
    first = _entry(1, "Gallant meets Austin at the Pentagon", ["Defense Minister Yoav Gallant met Lloyd Austin on Tuesday."],
                   [("Yoav Gallant", "Defense Minister"), ("Lloyd Austin", "US Secretary of Defense"),
                    ("Fuad Hussein", "Iraqi minister")], "jpost.com")
    story = build_stories([first])[0]
    assert [a.name for a in story.actors] == ["Yoav Gallant", "Lloyd Austin", "Fuad Hussein"]


@pytest.mark.parametrize("overrides", [
    {"model": "gpt-4o-mini"}, {"model": "smollm2-360m", "strategy": "auto"}, {"model": "m", "strategy": "abstractive"},
    {"model": "m", "strategy": "extractive", "temperature": 0.3, "seed": 7}, {"model": None},
])
def test_rerun_fingerprint_without_a_session_matches_the_sessions(overrides):
    """A rerun answered from the store makes no Session (no openai/httpx/jinja2); its fingerprint
    must be the one the Session-based path stored briefs under."""
    from briefer.config import load_settings
    from briefer.daily.keys import fingerprint, settings_fingerprint
    from briefer.pipeline import Session

    settings = load_settings(base_url="http://127.0.0.1:9/v1", api_key="k", cache=False, **overrides)
    with Session(settings, load_model=False) as session:
        assert settings_fingerprint(settings) == fingerprint(session)


def test_rerun_fingerprint_reads_a_computed_template_version_through_jinja(tmp_path):
    from briefer.config import load_settings
    from briefer.daily.keys import fingerprint, settings_fingerprint
    from briefer.resources import prompts_dir
    from briefer.pipeline import Session

    for name in ("extractive", "abstractive"):
        src = (prompts_dir() / f"{name}.j2").read_text()
        (tmp_path / f"{name}.j2").write_text(re.sub(rf'"{name}-v\d+"', f'"{name}-" ~ "v9"', src))
    settings = load_settings(base_url="http://127.0.0.1:9/v1", api_key="k", cache=False, model="m",
                             strategy="extractive", prompts_dir=str(tmp_path))
    with Session(settings, load_model=False) as session:
        assert session.template.version == "extractive-v9"
        assert settings_fingerprint(settings) == fingerprint(session)


@pytest.mark.parametrize("processes", ["1", "2"])
def test_briefing_starts_before_the_last_page_is_read(web, fake, seed_path, tmp_path, monkeypatch, processes):
    """Articles are briefed as they are read: the feed's last page is held back until the model has
    had a request, which a run that reads every page before briefing would never send (the page
    then gives up after 20 s and the test fails)."""
    items = [(a["text"].split(". ")[0][:60], web.add(f"/a/{a['id']}", article_html(a["text"], a["text"].split(". ")[0][:60])))
             for a in ARTICLES]
    feed = web.add("/feed.xml", rss(items + [("Gallant meets Austin", "/a/last")]), content_type="application/rss+xml")
    seen_request = []

    def last_page(handler):
        try:
            fake.wait_until(lambda f: bool(f.requests), "chat request before the last page was sent", timeout=20)
            seen_request.append(True)
        except AssertionError:
            seen_request.append(False)
        body = article_html(seed_body(seed_path), "Gallant meets Austin").encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    web.routes["/a/last"] = last_page
    monkeypatch.setenv("BRIEFER_PROCESSES", processes)
    res = brief_cli(feed, "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake,
                    store=tmp_path / "s.sqlite")
    assert res.returncode == 0, res.stderr.decode()
    assert seen_request == [True]
    data = json.loads((tmp_path / "b.json").read_text())
    assert data["usage"]["summarized"] == len(ARTICLES) + 1 and not data["failed"]
    assert _stored_briefs(tmp_path / "s.sqlite") == len(ARTICLES) + 1


def test_worker_processes_keep_to_the_concurrency_limit(seed_path, tmp_path, monkeypatch):
    """Worker processes run more article threads than request slots (the spare ones prepare the
    next article): ``--concurrency`` must still cap the model requests in flight, and be reached."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(f"Story number {i} begins here. " + seed_body(seed_path))
    monkeypatch.setenv("BRIEFER_PROCESSES", "2")
    with FakeOpenAI(latency=0.3) as slow:
        res = brief_cli(str(folder), "--concurrency", "4", "--format", "json", "-o", str(tmp_path / "b.json"),
                        fake=slow, store=tmp_path / "s.sqlite")
        assert res.returncode == 0, res.stderr.decode()
        assert slow.peak_in_flight == 4 and len(slow.requests) == 12


def test_ctrl_c_with_worker_processes_exits_at_once_and_keeps_what_finished(seed_path, tmp_path):
    """Ctrl-C (SIGINT to the process group) during a run on worker processes: exit 130 within
    seconds, nothing written, finished briefs kept in the store, no worker left behind. 60 articles
    of ~6 KB queued for 4 request slots is more than the task pipe holds: a driver that waited to
    flush that queue at exit never ended."""
    folder = _stories(tmp_path, seed_path, 60)
    store = tmp_path / "s.sqlite"
    env = {**os.environ, "BRIEFER_PROCESSES": "2"}
    with FakeOpenAI(latency=0.5) as slow:
        exe = Path(sys.executable).parent / "briefer"
        proc = subprocess.Popen([str(exe), "brief", str(folder), "--store", str(store), "--base-url", slow.base_url,
                                 "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                                 "--concurrency", "4", "-o", str(tmp_path / "x.md")], stderr=subprocess.PIPE,
                                env=env, start_new_session=True)
        wait_until(lambda: _stored_briefs(store) >= 1, "a brief committed to the store")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        assert proc.returncode == 130, err.decode()
        assert 1 <= _stored_briefs(store) < 60 and not (tmp_path / "x.md").exists()
        wait_until(lambda: not _in_session(proc.pid), "the run's worker processes to end", timeout=10)


def _in_session(sid: int) -> list[str]:
    """The processes still in session ``sid`` (a run started with ``start_new_session``)."""
    return subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True).stdout.split()


def _stories(tmp_path: Path, seed_path: Path, n: int) -> Path:
    """A folder of ``n`` distinct articles of the seed's length."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:02d}.txt").write_text(f"Story number {i} begins here. " + seed_path.read_text())
    return folder


def test_a_killed_worker_process_ends_the_run_in_one_line_and_a_rerun_resumes(seed_path, tmp_path):
    """A worker process killed mid-run (what the OOM killer does): exit 1 with one line that says
    so, finished briefs kept, no process left; the rerun briefs only what is missing."""
    folder = _stories(tmp_path, seed_path, 40)
    store = tmp_path / "s.sqlite"
    env = {**os.environ, "BRIEFER_PROCESSES": "2"}
    exe = Path(sys.executable).parent / "briefer"
    with FakeOpenAI(latency=0.3) as slow:
        cmd = [str(exe), "brief", str(folder), "--store", str(store), "--base-url", slow.base_url, "--model",
               "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache", "--concurrency", "4",
               "--story-writer", "extractive"]  # every request an article's: counted per article
        proc = subprocess.Popen(cmd + ["-o", str(tmp_path / "x.md")], stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        wait_until(lambda: _stored_briefs(store) >= 1, "a brief committed to the store")
        workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert workers, "no worker process found"
        os.kill(int(workers[-1]), signal.SIGKILL)
        try:
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        lines = err.decode().strip().splitlines()
        assert proc.returncode == 1, err.decode()
        assert len(lines) == 1 and "worker process ended unexpectedly" in lines[0] and "Traceback" not in lines[0]
        kept = _stored_briefs(store)
        assert 1 <= kept < 40 and not (tmp_path / "x.md").exists()
        assert _in_session(proc.pid) == []
        calls = len(slow.requests)
        again = subprocess.run(cmd + ["--format", "json", "-o", str(tmp_path / "y.json")], capture_output=True,
                               env=env, timeout=120)
        assert again.returncode == 0, again.stderr.decode()
        usage = json.loads((tmp_path / "y.json").read_text())["usage"]
        assert usage["reused"] == kept and usage["summarized"] == 40 - kept
        assert len(slow.requests) - calls == 40 - kept


def test_feeds_are_fetched_at_once_not_one_by_one(web, fake, seed_path, tmp_path):
    """Each feed is held until the other feed has been asked for too: fetching one feed after the
    other would never get there (the first gives up waiting after 10 s and the test fails)."""
    both = threading.Barrier(2, timeout=10)
    saw_both = []

    def feed_route(name: str, items):
        body = rss(items).encode()

        def route(handler):
            try:
                both.wait()  # until the other feed has been asked for too
                saw_both.append(True)
            except threading.BrokenBarrierError:
                saw_both.append(False)
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        return route

    a, b = ARTICLES[0], ARTICLES[1]
    web.routes["/one.xml"] = feed_route("one", [("A", web.add("/a/1", article_html(a["text"], "A")))])
    web.routes["/two.xml"] = feed_route("two", [("B", web.add("/a/2", article_html(b["text"], "B")))])
    res = brief_cli(web.url("/one.xml"), web.url("/two.xml"), "--format", "json", "-o", str(tmp_path / "b.json"),
                    fake=fake, store=tmp_path / "s.sqlite")
    assert res.returncode == 0, res.stderr.decode()
    assert saw_both == [True, True]
    data = json.loads((tmp_path / "b.json").read_text())
    assert data["usage"]["summarized"] == 2 and not data["failed"]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_page_given_as_a_source_is_fetched_once(web, fake, tmp_path, monkeypatch, processes):
    """A page URL on the command line is fetched to tell it from a feed; that fetch is the one read
    (by the driver's threads, or carried to a worker process with the read task)."""
    monkeypatch.setenv("BRIEFER_PROCESSES", processes)
    a, b = ARTICLES[0], ARTICLES[1]
    urls = [web.add("/p/1", article_html(a["text"], "A")), web.add("/p/2", article_html(b["text"], "B"))]
    web.add("/p/xml", "<?xml version='1.0'?><note>not a feed</note>", content_type="application/xml")
    res = brief_cli(*urls, web.url("/p/xml"), "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake,
                    store=tmp_path / "s.sqlite")
    assert res.returncode == 1, res.stderr.decode()  # the XML page is refused as a source: XML, not a feed
    data = json.loads((tmp_path / "b.json").read_text())
    assert data["usage"]["summarized"] == 2
    assert [f["stage"] for f in data["failed"]] == ["source"] and "not a feed" in data["failed"][0]["error"]
    assert web.hits["/p/1"] == web.hits["/p/2"] == 1


def test_a_rerun_does_not_fetch_page_sources_it_holds(web, fake, tmp_path):
    """Page URLs given as sources are in the store after the first run: a rerun neither fetches
    them (to tell page from feed) nor calls the model, and still briefs them if the site is gone."""
    a, b = ARTICLES[0], ARTICLES[1]
    urls = [web.add("/p/1", article_html(a["text"], "A")), web.add("/p/2", article_html(b["text"], "B"))]
    store = tmp_path / "s.sqlite"
    first = brief_cli(*urls, "--format", "json", "-o", str(tmp_path / "one.json"), fake=fake, store=store)
    assert first.returncode == 0, first.stderr.decode()
    calls = len(fake.requests)
    web.routes.clear()  # the site is gone
    for fmt in ("json", "md"):  # the stored finished brief, then the same rendered as Markdown
        again = brief_cli(*urls, "--format", fmt, "-o", str(tmp_path / f"two.{fmt}"), fake=fake,
                          store=store)
        assert again.returncode == 0, again.stderr.decode()
        assert len(fake.requests) == calls
    assert web.hits["/p/1"] == web.hits["/p/2"] == 1
    assert json.loads((tmp_path / "one.json").read_text())["usage"]["summarized"] == 2
    assert len(json.loads((tmp_path / "two.json").read_text())["articles"]) == 2


_DRIVER = """
import json, sys
from briefer.daily import Options, brief
out = brief([sys.argv[1]], options=Options(store=sys.argv[2], allow_private=True, page_cache=False, concurrency=4),
            base_url=sys.argv[3], model="fake-large", api_key="k", strategy="extractive", cache=False)
print(json.dumps({"summarized": out.usage.summarized, "failed": len(out.failed),
                  "extracted_here": "briefer.extraction._extract_html" in sys.modules}))
"""


@pytest.mark.parametrize("processes", ["1", "2"])
def test_worker_processes_read_the_pages_the_driver_does_not(web, fake, seed_path, tmp_path, monkeypatch, processes):
    """With worker processes the pages are fetched and extracted there (most of a real run's CPU),
    not in the driver, which only stores what comes back: the driver never loads the HTML
    extractor. In one process (the control) it must."""
    feed = serve_feed(web, seed_path)
    monkeypatch.setenv("BRIEFER_PROCESSES", processes)
    res = subprocess.run([sys.executable, "-c", _DRIVER, feed, str(tmp_path / "s.sqlite"), fake.base_url],
                         capture_output=True, timeout=120, env=os.environ.copy())
    assert res.returncode == 0, res.stderr.decode()
    got = json.loads(res.stdout.decode().splitlines()[-1])
    assert got["summarized"] == len(ARTICLES) + 1 and got["failed"] == 1  # the broken link, as before
    assert got["extracted_here"] is (processes == "1")
    assert all(web.hits[f"/a/{a['id']}"] == 1 for a in ARTICLES) and web.hits["/a/gallant"] == 1


def test_worker_processes_reuse_briefs_of_reread_articles_whose_text_is_unchanged(fake, seed_path, tmp_path,
                                                                                monkeypatch):
    """Files touched since the last run are read again (on the workers); the driver still finds
    their briefs by text and calls the model only for the one whose text changed."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    monkeypatch.setenv("BRIEFER_PROCESSES", "2")
    store = tmp_path / "s.sqlite"
    first = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "one.json"), fake=fake, store=store)
    assert first.returncode == 0, first.stderr.decode()
    calls = len(fake.requests)
    later = time.time() + 5
    for f in folder.iterdir():
        os.utime(f, (later, later))  # a new stamp: the stored copies are no longer current
    changed = folder / f"{ARTICLES[0]['id']}.txt"
    changed.write_text(ARTICLES[0]["text"] + " A sentence added since the first run.")
    again = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "two.json"), fake=fake, store=store)
    assert again.returncode == 0, again.stderr.decode()
    data = json.loads((tmp_path / "two.json").read_text())
    assert (data["usage"]["summarized"], data["usage"]["reused"]) == (1, len(ARTICLES))
    assert len(fake.requests) == calls + 1


def test_pages_to_fetch_bring_in_worker_processes_sooner(monkeypatch):
    """A page to fetch and extract is ~3 briefs of CPU: 30 of them already pay for worker
    processes (bench/daily.py --pages), where text files need 100."""
    from briefer.config import load_settings
    from briefer.daily.parallel import cores, processes_for

    monkeypatch.delenv("BRIEFER_PROCESSES", raising=False)
    settings = load_settings(base_url="http://127.0.0.1:9/v1", api_key="k", cache=False, model="m")
    many = max(1, min(cores(), 8))
    assert processes_for(40, settings, None) == 1 and processes_for(99, settings, None) == 1
    assert processes_for(100, settings, None) == many
    assert processes_for(40, settings, None, pages=30) == many and processes_for(20, settings, None, pages=20) == 1
    assert processes_for(40, settings, 1000, pages=40) == 1  # a token budget keeps one process, as before


def test_saved_pages_are_named_by_their_site_and_text_files_by_their_name(fake, tmp_path):
    """Issue 32: a web page saved as a file is its outlet by the site name its metadata gives (og:site_name,
    or JSON-LD publisher), else by the host of the URL it names as its own (canonical); a text file by
    its file name. The names reach the story's points as the outlets that report them."""
    from test_synthesis import CNBC, FOX, GUARDIAN

    def page(text: str, head: str) -> str:
        title, body = text.split("\n", 1)
        return article_html(body, title).replace("</head>", head + "</head>")

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.html").write_text(page(CNBC, '<meta property="og:site_name" content="CNBC">'))
    (folder / "two.html").write_text(page(FOX, '<script type="application/ld+json">{"@type": "NewsArticle", '
                                               '"headline": "Deadly earthquake hits Iran", '
                                               '"publisher": {"@type": "Organization", "name": "Fox News"}}</script>'))
    (folder / "three.html").write_text(page(GUARDIAN, '<link rel="canonical" href="https://www.theguardian.com/world/quake">'))
    (folder / "four.txt").write_text(GUARDIAN.replace("Iranian media said", "state media reported"))
    result = brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake, store=tmp_path / "s.db")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads((tmp_path / "b.json").read_text())
    sites = {Path(a["location"]).name: a["site_name"] for a in data["articles"]}
    assert sites == {"one.html": "CNBC", "two.html": "Fox News", "three.html": "theguardian.com", "four.txt": None}
    story = max(data["stories"], key=lambda s: len(s["articles"]))
    assert len(story["articles"]) == 4
    outlets = {o for p in story["points"] + story["differences"] for o in p["outlets"]}
    assert outlets <= {"CNBC", "Fox News", "theguardian.com", "four.txt"}
    assert {"CNBC", "Fox News", "theguardian.com"} <= set(story["points"][0]["outlets"])  # the ten dead: all report it
