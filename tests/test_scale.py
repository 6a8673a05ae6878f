"""``briefer brief --executor dask`` on a real multi-process Dask cluster on this machine.

A ``LocalCluster`` of two worker processes stands in for a cluster of machines: the CLI connects
to its scheduler by address, exactly as it would to one across a network, the workers call the
scripted endpoint on 127.0.0.1, and the driver commits each brief to the store. What must hold
at any scale: every article briefed once, every brief committed, a rerun makes no model call.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daily_common import ARTICLES, _stored_briefs, brief_cli, serve_feed

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture
def cluster():
    """Two worker processes, two threads each; started after the isolated environment so the
    workers inherit it (cache and config directories under tmp_path)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None) as c, \
            distributed.Client(c) as client:
        yield c, client


def _articles(folder: Path, seed_path: Path) -> int:
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    return 1 + len(ARTICLES)


def _briefs_in_workers(client) -> int:
    """Model sessions the worker processes opened: proof the work ran there, not in the driver."""
    return sum(client.run(lambda: len(__import__("briefer.daily.parallel", fromlist=["_"])._sessions)).values())


def test_dask_workers_brief_every_article_once_and_the_driver_commits(cluster, fake, seed_path, tmp_path):
    c, client = cluster
    n = _articles(tmp_path / "articles", seed_path)
    store = tmp_path / "store.sqlite"
    dask_args = ("--executor", "dask", "--dask-scheduler", c.scheduler_address, "--concurrency", "4")
    first = brief_cli(str(tmp_path / "articles"), *dask_args, "--format", "json", "-o", str(tmp_path / "a.json"),
                      fake=fake, store=store)
    assert first.returncode == 0, first.stderr.decode()
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["usage"]["summarized"] == n and not data["failed"]
    assert len({a["location"] for a in data["articles"]}) == n
    assert data["usage"]["model_calls"] == len(fake.requests) == n  # one extractive call each: briefed once
    assert _stored_briefs(store) == n
    assert _briefs_in_workers(client) >= 1

    again = brief_cli(str(tmp_path / "articles"), *dask_args, "--format", "json", "-o", str(tmp_path / "b.json"),
                      fake=fake, store=store)
    assert again.returncode == 0, again.stderr.decode()
    assert len(fake.requests) == n  # the rerun made no model call
    rerun = json.loads((tmp_path / "b.json").read_text())
    assert rerun["usage"]["reused"] == n and rerun["usage"]["model_calls"] == 0


def test_dask_workers_fetch_and_extract_the_pages(cluster, web, fake, seed_path, tmp_path):
    """Pages of a feed are fetched and extracted on the cluster (at 1M articles a day that is ~7
    cores of work no single driver has); the driver stores each document and brief as it comes
    back, so a rerun fetches nothing and calls no model."""
    c, client = cluster
    feed = serve_feed(web, seed_path)
    store = tmp_path / "store.sqlite"
    args = ("--executor", "dask", "--dask-scheduler", c.scheduler_address, "--concurrency", "4", "--format", "json")
    first = brief_cli(feed, *args, "-o", str(tmp_path / "a.json"), fake=fake, store=store)
    assert first.returncode == 1, first.stderr.decode()  # the feed's broken link is listed, the rest briefed
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["usage"]["summarized"] == len(ARTICLES) + 1 == len(fake.requests)
    assert [f["stage"] for f in data["failed"]] == ["fetch"]
    assert any(client.run(lambda: "briefer.extraction._extract_html" in __import__("sys").modules).values())
    hits = dict(web.hits)
    assert all(hits[f"/a/{a['id']}"] == 1 for a in ARTICLES)
    again = brief_cli(feed, *args, "-o", str(tmp_path / "b.json"), fake=fake, store=store)
    assert again.returncode == 1, again.stderr.decode()
    assert len(fake.requests) == len(ARTICLES) + 1
    assert {k: v for k, v in web.hits.items() if k.startswith("/a/") and k != "/a/broken"} == \
        {k: v for k, v in hits.items() if k.startswith("/a/") and k != "/a/broken"}


def test_dask_briefs_match_the_local_executor(cluster, fake, seed_path, tmp_path):
    c, _ = cluster
    _articles(tmp_path / "articles", seed_path)
    local = brief_cli(str(tmp_path / "articles"), "--format", "json", "-o", str(tmp_path / "local.json"),
                      fake=fake, store=tmp_path / "local.sqlite")
    assert local.returncode == 0, local.stderr.decode()
    dask = brief_cli(str(tmp_path / "articles"), "--executor", "dask", "--dask-scheduler", c.scheduler_address,
                     "--format", "json", "-o", str(tmp_path / "dask.json"), fake=fake, store=tmp_path / "dask.sqlite")
    assert dask.returncode == 0, dask.stderr.decode()
    one, two = (json.loads((tmp_path / f"{n}.json").read_text()) for n in ("local", "dask"))
    assert [(a["location"], a["brief"]["summary"]) for a in one["articles"]] == \
        [(a["location"], a["brief"]["summary"]) for a in two["articles"]]


def test_dask_budget_stops_new_work_and_keeps_what_arrived(cluster, fake, seed_path, tmp_path):
    c, _ = cluster
    n = _articles(tmp_path / "articles", seed_path)
    store = tmp_path / "store.sqlite"
    out = brief_cli(str(tmp_path / "articles"), "--executor", "dask", "--dask-scheduler", c.scheduler_address,
                    "--concurrency", "1", "--budget", "1", "--format", "json", "-o", str(tmp_path / "b.json"),
                    fake=fake, store=store)
    assert out.returncode == 1, out.stderr.decode()  # brief written, some articles stopped by the budget
    data = json.loads((tmp_path / "b.json").read_text())
    stopped = [f for f in data["failed"] if f["stage"] == "budget"]
    assert data["usage"]["summarized"] == _stored_briefs(store) >= 1
    assert data["usage"]["summarized"] + len(stopped) == n and data["usage"]["budget_exhausted"]


def test_batch_api_with_dask_builds_on_the_workers_and_pays_once(cluster, fake, seed_path, tmp_path):
    """--batch with Dask: both passes of each round run on the workers (the answers travel with
    the task), but every request goes through the batch job: a worker calling the endpoint
    directly would pay full price for every article, then the batch again."""
    c, client = cluster
    n = _articles(tmp_path / "articles", seed_path)
    fake.polls_until_done = 1
    out = brief_cli(str(tmp_path / "articles"), "--batch", "--executor", "dask", "--dask-scheduler",
                    c.scheduler_address, "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake,
                    store=tmp_path / "store.sqlite")
    assert out.returncode == 0, out.stderr.decode()
    assert len(fake.batches) == 1 and len(fake.requests) == n  # each request once, all through the batch
    usage = json.loads((tmp_path / "b.json").read_text())["usage"]
    assert usage["summarized"] == n and usage["model_calls"] == n
    assert _briefs_in_workers(client) >= 1


def test_dask_without_a_scheduler_starts_a_local_cluster(fake, seed_path, tmp_path):
    """The first thing a user tries: --executor dask alone (a LocalCluster of this machine's cores)."""
    n = _articles(tmp_path / "articles", seed_path)
    out = brief_cli(str(tmp_path / "articles"), "--executor", "dask", "--format", "json", "-o",
                    str(tmp_path / "b.json"), fake=fake, store=tmp_path / "store.sqlite")
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads((tmp_path / "b.json").read_text())["usage"]["summarized"] == n == len(fake.requests)
    assert _stored_briefs(tmp_path / "store.sqlite") == n


def test_dask_scheduler_without_the_dask_executor_is_a_usage_error(fake, tmp_path):
    (tmp_path / "a.txt").write_text("One sentence that is long enough to be a point in a brief. " * 3)
    out = brief_cli(str(tmp_path / "a.txt"), "--dask-scheduler", "tcp://127.0.0.1:1", "-o", str(tmp_path / "b.md"),
                    fake=fake, store=tmp_path / "store.sqlite")
    assert out.returncode == 5 and b"--dask-scheduler needs --executor dask" in out.stderr
