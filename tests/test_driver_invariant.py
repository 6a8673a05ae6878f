"""The daily driver's invariant: briefed + reused + failed (any stage, the budget included) +
unreadable = the articles the sources listed, on every executor and every kind of model.

A run that breaks it stops with exit 70 and one line (``briefer: internal error: …``), never a
silent exit 0: the embedded model once read 9 articles, briefed none, failed none and exited 0.
The closing line names the total: ``briefer: 5 articles: 3 briefed, 0 reused, 2 failed; …``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefer.daily import parallel
from briefer.schemas import Document
from briefer.testing import FakeOpenAI, auto_reply, completion
from daily_common import ARTICLES, brief_cli

CLOSING = re.compile(r"^briefer: (\d+) articles: (\d+) briefed, (\d+) reused, (\d+) failed(?:; (\d+) sources? failed)?; "
                     r"(\d+) stories; (\d+) model calls, [\d,]+ tokens, [\d.]+s", re.M)


def _folder(tmp_path: Path) -> tuple[Path, str]:
    """Five articles: three the fake model briefs, one it answers with nonsense (a model failure),
    and an empty file (unreadable). Returns the folder and words only the failing one's prompt has."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for a in ARTICLES:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    bad = ARTICLES[0]["text"] + "\nSpokesman Zebulon Quartz denied it. Spokeswoman Ottilie Fenwick declined to comment."
    (folder / "zebra.txt").write_text(bad)
    (folder / "empty.txt").write_text("")
    return folder, "Zebulon Quartz"


def _nonsense_for(marker: str):
    def reply(request: dict) -> dict:
        if any(marker in str(m.get("content", "")) for m in request["messages"]):
            return completion("this is not JSON at all")
        return auto_reply(request)
    return reply


def closing(stderr: str) -> tuple[int, ...]:
    m = CLOSING.search(stderr)
    assert m, stderr
    return tuple(int(g or 0) for g in m.groups())


def _check(out: Path, stderr: str, *, listed: int, briefed: int, reused: int, failed: int) -> dict:
    data = json.loads(out.read_text())
    u = data["usage"]
    assert (u["listed"], u["summarized"], u["reused"], u["failed"]) == (listed, briefed, reused, failed), u
    assert u["listed"] == u["summarized"] + u["reused"] + u["failed"]
    assert len(data["failed"]) == failed
    n, b, r, f, _sources, stories, _calls = closing(stderr)
    assert (n, b, r, f, stories) == (listed, briefed, reused, failed, len(data["stories"]))
    return data


@pytest.mark.parametrize("how", ["threads", "processes", "dask", "batch"])
def test_every_article_is_accounted_for_on_every_executor(tmp_path, monkeypatch, how):
    if how == "dask":
        pytest.importorskip("dask.distributed")
    monkeypatch.setenv("BRIEFER_PROCESSES", "2" if how == "processes" else "1" if how == "threads" else "")
    monkeypatch.setenv("BRIEFER_BATCH_POLL", "0.05")
    folder, marker = _folder(tmp_path)
    extra = {"dask": ("--executor", "dask", "--concurrency", "2"), "batch": ("--batch",)}.get(how, ())
    store = tmp_path / "s.sqlite"
    with FakeOpenAI(_nonsense_for(marker)) as fake:
        first = brief_cli(str(folder), *extra, "--format", "json", "-o", str(tmp_path / "a.json"), fake=fake, store=store)
        assert first.returncode == 1, first.stderr.decode()  # written, with failures
        data = _check(tmp_path / "a.json", first.stderr.decode(), listed=5, briefed=3, reused=0, failed=2)
        assert sorted((Path(f["source"]).name, f["stage"]) for f in data["failed"]) == [
            ("empty.txt", "extract"), ("zebra.txt", "model")]
        again = brief_cli(str(folder), *extra, "--format", "json", "-o", str(tmp_path / "b.json"), fake=fake, store=store)
        assert again.returncode == 1, again.stderr.decode()
        _check(tmp_path / "b.json", again.stderr.decode(), listed=5, briefed=0, reused=3, failed=2)


def test_the_token_budget_counts_as_failed_not_lost(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFER_PROCESSES", "1")
    folder, _ = _folder(tmp_path)
    with FakeOpenAI() as fake:
        r = brief_cli(str(folder), "--budget", "1", "--concurrency", "1", "--format", "json", "-o",
                      str(tmp_path / "a.json"), fake=fake, store=tmp_path / "s.sqlite")
    assert r.returncode == 1, r.stderr.decode()
    data = json.loads((tmp_path / "a.json").read_text())
    stages = sorted(f["stage"] for f in data["failed"])
    assert stages.count("budget") >= 2 and "extract" in stages  # the first brief spends the budget
    n, b, reused, f, *_ = closing(r.stderr.decode())
    assert n == 5 and b + reused + f == 5 and b >= 1


class _Losing:
    """An executor that loses (or doubles) the result of one brief: what the invariant is there to catch."""

    def __init__(self, inner, double: bool):
        self.inner, self.double = inner, double
        self.reads, self.briefs = inner.reads, inner.briefs

    def run(self, settings, window):
        briefs = 0
        for got in self.inner.run(settings, window):
            if not isinstance(got[1], Document):
                briefs += 1
                if briefs == 2:
                    if self.double:
                        yield got
                    else:
                        continue
            yield got


@pytest.mark.parametrize("double", [False, True], ids=["lost", "doubled"])
def test_an_executor_that_loses_a_result_stops_with_an_internal_error(tmp_path, monkeypatch, capsys, double):
    """In this process, so the executor can be swapped for a broken one: exit 70, one line, no file."""
    from briefer.cli.main import main

    real = parallel.choose
    monkeypatch.setattr(parallel, "choose", lambda *a, **kw: _Losing(real(*a, **kw), double))
    folder, _ = _folder(tmp_path)
    out = tmp_path / "a.md"
    with FakeOpenAI() as fake:
        rc = main(["brief", str(folder), "--store", str(tmp_path / "s.sqlite"), "--base-url", fake.base_url,
                   "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache", "-o", str(out)])
    err = capsys.readouterr().err
    assert rc == 70, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("briefer: internal error: ") and "Traceback" not in err
    assert ("ended twice" if double else "were neither briefed, reused, failed nor unreadable") in last
    assert not out.exists()


def test_the_embedded_model_accounts_for_every_article(tmp_path):
    """The embedded default (no endpoint): the run's closing line adds up to the articles listed,
    and a rerun reuses what it briefed (it once briefed nothing and said nothing)."""
    from conftest import run_cli

    folder = tmp_path / "articles"
    folder.mkdir()
    for a in ARTICLES[:2]:
        (folder / f"{a['id']}.txt").write_text(a["text"])
    (folder / "empty.txt").write_text("")
    args = ("brief", str(folder), "--store", str(tmp_path / "s.sqlite"), "--strategy", "extractive", "--format", "json")
    r = run_cli(*args, "-o", str(tmp_path / "a.json"))
    assert r.returncode == 1, r.stderr.decode()  # the empty file failed
    n, b, reused, f, *_ = closing(r.stderr.decode())
    data = json.loads((tmp_path / "a.json").read_text())
    assert n == 3 and b + reused + f == 3 and f >= 1 and data["usage"]["listed"] == 3
    assert b == data["usage"]["summarized"] == len(data["articles"])
    again = run_cli(*args, "-o", str(tmp_path / "b.json"))
    n2, b2, reused2, f2, *_ = closing(again.stderr.decode())
    assert (n2, b2, reused2) == (3, 0, b)
