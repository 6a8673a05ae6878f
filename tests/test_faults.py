"""Faults outside briefer's control (endpoint down, bad output path, bad answers): each is a
one-line error with the documented exit code, and nothing partial is written. Loopback only."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from briefer.testing import FakeOpenAI, Reply, completion
from helpers import Lines, article_html


def model_args(fake) -> list[str]:
    return ["--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", "extractive"]


def one_line_error(r) -> str:
    err = r.stderr.decode()
    assert "Traceback" not in err, err
    return err


def test_every_article_failing_at_the_model_exits_4_and_keeps_the_old_brief(web, fake, seed_path, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(web.add(f"/a/{i}", article_html(seed_path.read_text(), f"Story {i}"))
                              for i in range(2)) + "\n")
    out = tmp_path / "brief.md"
    out.write_text("yesterday's brief\n")
    fake.script(*[Reply(400, {"error": {"message": "model is broken", "type": "invalid_request_error"}})] * 10)
    r = run_cli("brief", str(urls), "-o", str(out), "--store", str(tmp_path / "s.sqlite"), "--allow-private",
                "--no-cache", *model_args(fake))
    err = one_line_error(r)
    assert r.returncode == 4, err
    assert out.read_text() == "yesterday's brief\n"
    assert "failed for all 2 article(s)" in err and err.count("(model):") == 2


@pytest.mark.parametrize("url, why", [
    ("http://0177.0.0.1/", "Invalid IPv4"), ("http://[::1", "Invalid IPv6"), ("http://example.com:99999/", "Port"),
    ("http://[zz::1]/", "not a valid URL"), ("http://999.1.1.1/a", "Invalid IPv4"),
])
def test_malformed_urls_are_bad_input_not_internal_errors(url, why):
    r = run_cli("extract", url)
    err = one_line_error(r)
    assert r.returncode == 2, err
    assert err.startswith(f"briefer: error: {url}: not a valid URL") and why in err and err.count("\n") == 1


def test_output_that_is_a_directory_or_under_a_file_fails_before_any_fetch(web, seed_path, tmp_path):
    page = web.add("/a", article_html(seed_path.read_text()))
    (tmp_path / "plain").write_text("x")
    for out, why in ((tmp_path, "is a directory"), (tmp_path / "plain" / "b.md", "is not a directory")):
        for cmd in ("extract", "summarize"):
            r = run_cli(cmd, page, "--allow-private", "-o", str(out))
            err = one_line_error(r)
            assert r.returncode == 2 and why in err, err
    assert web.hits.get("/a") is None  # refused before the fetch


def test_endpoint_answering_html_is_an_endpoint_error(web, seed_path, tmp_path):
    web.add("/v1/chat/completions", "<html><body>Welcome to nginx!</body></html>")
    r = run_cli("summarize", str(seed_path), "--base-url", web.url("/v1"), "--model", "m", "--api-key", "k",
                "--strategy", "extractive")
    err = one_line_error(r)
    assert r.returncode == 4, err
    assert "did not answer with JSON" in err and err.count("\n") == 1


def test_score_pairs_bad_encodings_and_a_directory_are_bad_input(tmp_path):
    good = json.dumps({"document": "The council approved the budget on Monday.", "summary": "Budget approved."})
    src = tmp_path / "pairs.jsonl"
    src.write_bytes(b"\n".join([
        good.encode(), b'{"document": "Caf\xe9 owners met.", "summary": "Caf\xe9."}',  # latin-1 bytes
        b'{"document": "x \\ud800 y z", "summary": "x"}',  # a lone surrogate, escaped in JSON
    ]) + b"\n")
    out = tmp_path / "scored.jsonl"
    r = run_cli("eval", "score-pairs", str(src), "-o", str(out))
    err = one_line_error(r)
    assert r.returncode == 0, err
    assert ":2: skipped: not UTF-8" in err and ":3: skipped: text holds a lone surrogate" in err
    assert len(out.read_text().splitlines()) == 1
    strict = run_cli("eval", "score-pairs", str(src), "-o", str(tmp_path / "s2.jsonl"), "--strict")
    assert strict.returncode == 2 and not (tmp_path / "s2.jsonl").exists(), strict.stderr.decode()
    folder = run_cli("eval", "score-pairs", str(tmp_path), "-o", str(tmp_path / "s3.jsonl"))
    assert folder.returncode == 2 and "is a directory" in one_line_error(folder)
    assert run_cli("eval", "score-pairs", str(src), "-o", str(tmp_path)).returncode == 2


def trickle(body: bytes, every: float, content_type: str = "text/html; charset=utf-8"):
    """A route that sends its headers at once and then one byte every ``every`` seconds."""
    def handler(h):
        try:
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            for i in range(len(body)):
                h.wfile.write(body[i:i + 1])
                h.wfile.flush()
                time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            pass
    return handler


def test_timeout_is_a_deadline_for_a_trickling_page(web, seed_path):
    web.routes["/slow"] = trickle(article_html(seed_path.read_text()).encode()[:400], 0.1)  # ~40 s in all
    started = time.monotonic()
    r = run_cli("extract", web.url("/slow"), "--allow-private", "--timeout", "2", "--no-cache")
    took = time.monotonic() - started
    err = one_line_error(r)
    assert r.returncode == 3 and "timed out" in err, err
    assert took < 10, f"took {took:.1f}s with --timeout 2"


def test_timeout_is_a_deadline_for_a_trickling_model_endpoint(web, seed_path):
    body = b" " * 300 + json.dumps(completion("{}")).encode()  # valid JSON, ~30 s of leading spaces
    web.routes["/v1/chat/completions"] = trickle(body, 0.1, "application/json")
    started = time.monotonic()
    r = run_cli("summarize", str(seed_path), "--base-url", web.url("/v1"), "--model", "m", "--api-key", "k",
                "--strategy", "extractive", "--timeout", "1.5")
    took = time.monotonic() - started
    err = one_line_error(r)
    assert r.returncode == 4 and "timed out" in err, err
    assert took < 20, f"took {took:.1f}s with --timeout 1.5"


def _interruptible_brief(tmp_path, seed_path, fake):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(6):
        (folder / f"a{i}.txt").write_text(f"Story {i}\n" + seed_path.read_text())
    store = tmp_path / "s.sqlite"
    exe = Path(sys.executable).parent / "briefer"
    proc = subprocess.Popen([str(exe), "brief", str(folder), "--store", str(store), "-o", str(tmp_path / "b.md"),
                             "--concurrency", "1", "--no-cache", *model_args(fake)], stderr=subprocess.PIPE)
    fake.wait_until(lambda f: len(f.requests) >= 2, "second chat request (the first done, the second held)")
    return proc, store, Lines(proc.stderr)


def test_first_ctrl_c_stops_scheduling_keeps_what_is_done_and_exits_130(seed_path, tmp_path):
    with FakeOpenAI(hold_after=1) as fake:
        proc, store, stderr = _interruptible_brief(tmp_path, seed_path, fake)
        proc.send_signal(signal.SIGINT)
        stderr.wait_for("interrupted; finishing the articles in flight")  # it has stopped sending work
        fake.release()  # the article in flight may finish; nothing new starts
        proc.wait(timeout=30)
        err = stderr.text()
        calls = len(fake.requests)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and calls == 2  # not the whole queue of 6
    assert not (tmp_path / "b.md").exists()
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0] == 2  # both finished ones are kept


def test_second_ctrl_c_exits_at_once(seed_path, tmp_path):
    with FakeOpenAI(hold_after=1) as fake:  # the held request is never released
        proc, _, stderr = _interruptible_brief(tmp_path, seed_path, fake)
        proc.send_signal(signal.SIGINT)
        stderr.wait_for("interrupted; finishing the articles in flight")  # the second Ctrl-C's handler is set
        assert proc.poll() is None  # waiting for the article in flight
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
        assert time.monotonic() - started < 5
        err = stderr.text()
    assert proc.returncode == 130 and "Traceback" not in err, err


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_output_files_get_the_users_umask_and_no_temp_file_is_left(fake, seed_path, tmp_path, umask):
    """``-o`` files are written to a temp file and renamed; the result has the permissions any new
    file would (0666 less the umask), and a write that fails leaves no temp file behind."""

    from briefer.files import replace_bytes

    code = ("import os, sys; os.umask(int(sys.argv[1])); from briefer.cli import run; "
            "sys.argv = ['briefer'] + sys.argv[2:]; run()")
    out = tmp_path / "out" / "brief.md"
    out.parent.mkdir()
    r = subprocess.run([sys.executable, "-c", code, str(umask), "summarize", str(seed_path), "-o", str(out),
                        *model_args(fake)], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in out.parent.iterdir()] == ["brief.md"]

    blocked = tmp_path / "blocked"
    (blocked / "a-folder").mkdir(parents=True)
    (blocked / "a-folder" / "x").write_text("x")
    with pytest.raises(OSError):
        replace_bytes(blocked / "a-folder", b"data")  # a non-empty folder is in the way: the rename fails
    assert sorted(p.name for p in blocked.iterdir()) == ["a-folder"]


def test_a_ctrl_c_between_two_results_is_held_for_the_executor_to_handle():
    """A first Ctrl-C that lands while the driver handles a result (not while the executor waits) used to
    escape the executor's handling; now it is recorded and raised where the executor stops new work."""
    import os

    from briefer.daily.interrupt import Deferred

    before = signal.getsignal(signal.SIGINT)
    with Deferred() as ctrl_c:
        ctrl_c.check()  # nothing yet
        os.kill(os.getpid(), signal.SIGINT)  # lands "in the loop body": nothing is raised here
        time.sleep(0.05)
        with pytest.raises(KeyboardInterrupt):
            ctrl_c.check()
    assert signal.getsignal(signal.SIGINT) is before  # restored
