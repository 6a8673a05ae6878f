"""``briefer brief`` with worker processes: the same briefs, the concurrency limit, Ctrl-C, a killed worker, pages read early."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefer.testing import FakeOpenAI
from helpers import article_html, wait_until
from daily_common import ARTICLES, _in_session, _stored_briefs, _stories, brief_cli, rss, seed_body, serve_feed


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


_DRIVER = """
import json, sys
from briefer.config import FetchOptions
from briefer.daily import Options, brief
out = brief([sys.argv[1]], options=Options(store=sys.argv[2], fetch=FetchOptions(allow_private=True, cache=False), concurrency=4),
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
