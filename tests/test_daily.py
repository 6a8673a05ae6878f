"""``briefer brief``: feeds from a real server on 127.0.0.1, the store, failures, budget, resume, reruns."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest

from briefer.daily.schemas import daily_json_schema
from briefer.testing import FakeOpenAI, Reply
from helpers import article_html, open_in_chromium, wait_until
from daily_common import ARTICLES, _stored_briefs, brief_cli, rss, serve_feed


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


@pytest.mark.parametrize("since, kept", [("2h", 0), ("100000d", 5)])
def test_since_filters_feed_entries(web, fake, seed_path, tmp_path, since, kept):
    feed = serve_feed(web, seed_path)
    result = brief_cli(feed, "--since", since, "--dry-run", fake=fake, store=tmp_path / "s.sqlite")
    err = result.stderr.decode()
    if kept:
        assert f"dry run: {kept - 1} articles" in err  # the broken one cannot be read
    else:
        assert result.returncode == 2 and "no article found newer than --since 2h" in err


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
