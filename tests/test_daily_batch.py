"""``briefer brief --batch``: rounds of Batch API jobs against the fake endpoint, resumed and split as the API allows."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefer.testing import FakeOpenAI
from daily_common import ARTICLES, brief_cli

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
