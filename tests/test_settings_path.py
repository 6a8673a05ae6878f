"""One settings path (``config.resolve``): every summarize option reaches the request or the fetch,
whether it is given to ``briefer summarize``, ``briefer brief``, ``briefer eval run`` or the
Python API. Requests are read from ``FakeOpenAI``'s record, fetches from a loopback web server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import briefer
from conftest import run_cli, slow_route
from briefer.testing import FakeOpenAI, editor_reply

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("summarize", "brief", "eval")
SENTENCE = ("The regional council in {place} approved a plan on Monday to build {n} new schools over the next "
            "decade, officials said.")


def long_article(words_at_end: str = "") -> str:
    places = ["Arden", "Bexley", "Corran", "Dunmore", "Elsworth", "Fenwick", "Garrow", "Holcombe"]
    body = " ".join(SENTENCE.format(place=places[i % 8], n=i + 3) for i in range(120))
    return body + (f" The last speaker was {words_at_end} of the harbour board, who said the plan was sound." if words_at_end else "")


def invoke(cmd: str, tmp_path: Path, source: str, *options: str, run: str = "0"):
    """Run ``cmd`` on one source with ``options``; a fresh output, store and rows file per call."""
    out = tmp_path / f"{cmd}-{run}"
    if cmd == "summarize":
        return run_cli("summarize", source, *options, "-o", str(out) + ".md")
    if cmd == "brief":
        return run_cli("brief", source, *options, "-o", str(out) + ".md", "--store", str(out) + ".sqlite")
    suite = tmp_path / f"suite-{run}.toml"
    (tmp_path / f"data-{run}.jsonl").write_text(json.dumps({"id": "one", "source": source}) + "\n")
    suite.write_text(f'name = "s"\ndataset = "data-{run}.jsonl"\n[metrics]\nfailed = {{ max = 0 }}\n')
    return run_cli("eval", "run", str(suite), *options, "--rows", str(out) + ".rows.jsonl")


def marked_prompts(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", folder)
    p = folder / "abstractive.j2"
    p.write_text(p.read_text().replace("You are a careful news editor", "You are a MARKED news editor"))
    return folder


@pytest.mark.parametrize("cmd", COMMANDS)
def test_model_options_reach_the_request(cmd, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(long_article())
    with FakeOpenAI(editor_reply, models=("fake-large", "fake-b"), api_key="sekrit") as fake:
        result = invoke(cmd, tmp_path, str(article), "--base-url", fake.base_url, "--api-key", "sekrit",
                        "--model", "fake-b", "--strategy", "abstractive", "--response-format", "json-object",
                        "--prompts-dir", str(marked_prompts(tmp_path)), "--no-cache")
        requests = list(fake.requests)
    assert result.returncode == 0, result.stderr.decode()
    assert requests and fake.failed == 0  # the key was accepted
    for r in requests:
        text = " ".join(str(m["content"]) for m in r["messages"])
        assert r["model"] == "fake-b" and r["response_format"]["type"] == "json_object"
        assert "MARKED" in text and '"points"' in text  # the abstractive prompt, from --prompts-dir


@pytest.mark.parametrize("cmd", COMMANDS)
def test_input_cap_and_context_window_reach_the_request(cmd, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(long_article("Zanzibarian Quill"))
    common = ("--strategy", "abstractive", "--model", "fake-large", "--no-cache")
    with FakeOpenAI(editor_reply) as fake:
        whole = invoke(cmd, tmp_path, str(article), "--base-url", fake.base_url, *common, run="whole")
        seen_whole = [json.dumps(r) for r in fake.requests]
        fake.requests.clear()
        capped = invoke(cmd, tmp_path, str(article), "--base-url", fake.base_url, *common, "--max-input-tokens", "200",
                        run="capped")
        seen_capped = [json.dumps(r) for r in fake.requests]
        fake.requests.clear()
        small = invoke(cmd, tmp_path, str(article), "--base-url", fake.base_url, *common, "--context-window", "4096",
                       run="small")
        chunks = len(fake.requests)
    for result in (whole, capped, small):
        assert result.returncode == 0, result.stderr.decode()
    assert len(seen_whole) == 1 and "Zanzibarian" in seen_whole[0]
    assert seen_capped and not any("Zanzibarian" in r for r in seen_capped)
    assert chunks > 1  # a 4,096-token window (less the prompt and the answer) splits the ~3,500-token article


@pytest.mark.parametrize("cmd", COMMANDS)
def test_timeout_and_allow_private_reach_the_fetch(cmd, tmp_path, web):
    web.routes["/slow"] = slow_route(3)
    url = web.url("/slow")
    with FakeOpenAI(editor_reply) as fake:
        refused = invoke(cmd, tmp_path, url, "--base-url", fake.base_url, "--model", "fake-large", run="refused")
        slow = invoke(cmd, tmp_path, url, "--base-url", fake.base_url, "--model", "fake-large", "--allow-private",
                      "--timeout", "0.5", "--no-cache", run="slow")
    assert refused.returncode != 0 and "private" in refused.stderr.decode()
    err = slow.stderr.decode()
    assert slow.returncode != 0 and "--timeout 0.5s is the limit" in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("cmd", COMMANDS)
def test_no_cache_neither_reads_nor_writes(cmd, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(long_article())
    cache = tmp_path / "cache" / "briefer"  # XDG_CACHE_HOME (conftest)
    with FakeOpenAI(editor_reply) as fake:
        opts = ("--base-url", fake.base_url, "--model", "fake-large", "--strategy", "abstractive")
        for run in ("a", "b"):
            assert invoke(cmd, tmp_path, str(article), *opts, "--no-cache", run=run).returncode in (0, 1)
        uncached = len(fake.requests)
        assert not (cache / "endpoints.json").exists() and not (cache / "responses.sqlite").exists()
        for run in ("c", "d"):
            assert invoke(cmd, tmp_path, str(article), *opts, run=run).returncode in (0, 1)
        cached = len(fake.requests) - uncached
    assert uncached == 2 and cached == 1  # the second cached run is answered from the cache
    assert (cache / "endpoints.json").exists()


def test_python_api_takes_the_same_options(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(long_article("Zanzibarian Quill"))
    with FakeOpenAI(editor_reply, models=("fake-b",)) as fake:
        brief = briefer.summarize(str(article), base_url=fake.base_url, model="fake-b", strategy="abstractive",
                                  cache=False, max_input_tokens=200, timeout=7.5, response_format="json-object",
                                  prompts_dir=str(marked_prompts(tmp_path)), temperature=0.3, seed=9)
        r = fake.requests[0]
    assert brief.summary and r["temperature"] == 0.3 and r["seed"] == 9
    assert r["response_format"]["type"] == "json_object" and "Zanzibarian" not in json.dumps(r)
    assert "MARKED" in json.dumps(r)
    from briefer.config import FETCH_TIMEOUT, resolve

    settings, fetch = resolve(timeout=7.5)
    assert (settings.timeout, fetch.timeout) == (7.5, 7.5)
    settings, fetch = resolve()
    assert (settings.timeout, fetch.timeout) == (120.0, FETCH_TIMEOUT)
    with pytest.raises(briefer.ConfigError, match="unknown setting.*temprature"):
        briefer.summarize(str(article), temprature=0.3)


def test_daily_api_takes_the_same_options(tmp_path):
    """``briefer.brief`` resolves its keywords as ``summarize`` does: model keys reach the request,
    ``max_input_tokens`` the reading of the article, an unknown key is refused by name."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(long_article("Zanzibarian Quill"))
    store = tmp_path / "daily.sqlite"
    with FakeOpenAI(editor_reply, models=("fake-b",)) as fake:
        daily = briefer.brief(str(folder), options=briefer.daily.Options(store=str(store)), base_url=fake.base_url,
                              model="fake-b", strategy="abstractive", cache=False, max_input_tokens=200,
                              timeout=7.5, response_format="json-object", temperature=0.3, seed=9)
        r = fake.requests[0]
    assert daily.articles and r["temperature"] == 0.3 and r["seed"] == 9
    assert r["response_format"]["type"] == "json_object" and "Zanzibarian" not in json.dumps(r)
    with pytest.raises(briefer.ConfigError, match="unknown setting.*temprature"):
        briefer.brief(str(folder), options=briefer.daily.Options(store=str(store)), temprature=0.3)
