"""The story synthesis's models loaded in a background thread while a daily brief's articles are briefed
(``daily.warm``): the models must be right when they are needed before the thread is done, a failed load
must stay silent there (the synthesis loads again and reports it), and no thread where worker processes
would fork."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from briefer.config import Settings
from briefer.daily import synthesis, warm
from briefer.daily.options import Options
from briefer.daily.schemas import ArticleEntry
from briefer.daily.sources import ArticleRef
from briefer.extraction import load_document
from briefer.schemas import Brief
from helpers import ECB_DEV

# in a fresh process, so the models are not loaded yet: the thread starts, and the synthesis' own first uses
# (a sentence vector, an entailment check) come at once, before it can have finished
_SCRIPT = """
import json, sys
from briefer import grounding
from briefer.daily import warm
if sys.argv[1] == "warm":
    thread = warm.start().thread
    assert thread.is_alive()
v = grounding.embed_sentences(["Ten people were killed when an earthquake hit Qeshm island.",
                               "An earthquake on Qeshm island killed ten people."])
score = grounding.check_claim("An earthquake on Qeshm island killed ten people on Sunday.", "Ten people died.")[0]
if sys.argv[1] == "warm":
    thread.join(60)
    assert not thread.is_alive()
print(json.dumps({"v": v.tolist(), "score": score, "loads": grounding.checker_session.cache_info().misses}))
"""


def _run(mode: str) -> dict:
    got = subprocess.run([sys.executable, "-c", _SCRIPT, mode], capture_output=True, text=True, timeout=120,
                         env=os.environ.copy())
    assert got.returncode == 0, got.stderr
    assert got.stderr == ""
    return json.loads(got.stdout)


def test_models_needed_before_the_thread_is_done_are_the_same_and_load_once():
    cold, warmed = _run("cold"), _run("warm")
    assert warmed["v"] == cold["v"]  # bit for bit
    assert warmed["score"] == cold["score"] > 0.5
    assert warmed["loads"] == cold["loads"] == 1  # the thread's load and check_claim's: one checker session


def test_a_failed_load_in_the_thread_is_silent_and_the_rest_still_load(capfd):
    loaded = []

    def broken():
        raise OSError("model.safetensors: truncated file")

    thread = warm.start([broken, lambda: loaded.append("next")]).thread
    thread.join(10)
    assert not thread.is_alive() and loaded == ["next"]
    out, err = capfd.readouterr()
    assert out == err == ""  # no thread traceback: the synthesis' own load raises it, as it did without the thread
    assert warm.start([]) is None


def test_the_thread_starts_only_where_the_articles_are_briefed_in_this_process(monkeypatch):
    refs = [ArticleRef(location=f"/news/{k}.txt") for k in range(3)]
    local, endpoint = Settings(), Settings(base_url="http://127.0.0.1:9/v1", api_key="x", model="m")
    assert warm.worth_it(refs, local, Options())
    assert not warm.worth_it(refs[:1], local, Options())  # a story of one article needs no model
    monkeypatch.setenv("BRIEFER_PROCESSES", "2")  # worker processes: they would fork from a threaded process
    assert not warm.worth_it(refs, endpoint, Options())
    assert warm.worth_it(refs, endpoint, Options(processes=1))
    monkeypatch.delenv("BRIEFER_PROCESSES")
    many = [ArticleRef(location=f"https://example.com/{k}") for k in range(400)]
    assert not warm.worth_it(many, endpoint, Options())
    assert warm.worth_it(many, local, Options())  # the embedded model briefs in this process only


def test_vectors_ahead_are_the_sentences_the_synthesis_groups_by():
    # the first article with a headline line (some open with a dateline only) and a full set of candidates
    for path in sorted((ECB_DEV / "articles").iterdir()):
        doc = load_document(str(path))
        if not doc.title:
            continue
        brief = Brief.model_validate({"title": doc.title, "source": {"title": doc.title}, "summary": [], "key_actors": [],
                                      "open_questions": [], "usage": {},
                                      "grounding": {"rate": 1.0, "checked": 0, "repaired": 0, "dropped": []}})
        (found,) = synthesis.candidates([ArticleEntry(id="a", location=str(path), title=doc.title, brief=brief)],
                                        [doc.text])
        if len(found) == synthesis.SENTENCES:
            break
    ahead = warm.start([lambda: None], vectors=True)
    ahead.read(doc)
    ahead.read(doc)  # read twice: computed once, from the cache the second time
    waited = time.monotonic()
    while ahead.embedded < 2 * len(found) and time.monotonic() - waited < 60:
        time.sleep(0.05)
    ahead.stop()
    ahead.read(doc)  # after stop: nothing more
    ahead.thread.join(60)
    assert not ahead.thread.is_alive()
    assert ahead.embedded == 2 * len(found)
    assert warm.ahead(doc.text, doc.title) == [m.text for m in found] and len(found) == synthesis.SENTENCES


def test_a_brief_with_the_thread_tells_the_same_stories_and_waits_for_it(fake, tmp_path, monkeypatch):
    from briefer.daily import Options, brief
    from helpers import ecb_day

    folder = tmp_path / "news"
    folder.mkdir()
    ecb_day(folder)
    settings = Settings(base_url=fake.base_url, api_key="k", model="fake-large", strategy="extractive", cache=False,
                        story_writer="extractive")
    threads = []
    start = warm.start
    monkeypatch.setattr(warm, "start", lambda *a, **kw: threads.append(start(*a, **kw)) or threads[-1])

    def stories(n: int) -> list:
        day = brief(str(folder), options=Options(store=str(tmp_path / f"{n}.sqlite")), settings=settings, replay=False)
        return [s.model_dump(mode="json", include={"id", "articles", "points", "differences"}) for s in day.stories]

    with_thread = stories(1)
    assert len(threads) == 1 and not threads[0].thread.is_alive()  # the brief returned after the thread's end
    assert threads[0].embedded > 0
    # without the thread (the vectors are in this process's cache by now: byte-identical stories across
    # processes, vectors made afresh, are bench/stories_cost.py --dump's check, docs/story-synthesis.md#cost)
    monkeypatch.setattr(warm, "worth_it", lambda *a: False)
    assert stories(2) == with_thread and len(threads) == 1
    assert any(len(s["articles"]) > 1 for s in with_thread)


def test_a_ctrl_c_while_the_brief_waits_for_the_thread_is_raised_once_the_thread_is_done():
    """Exiting with the thread inside onnxruntime aborts the process; the Ctrl-C waits for its item."""
    import signal
    import threading

    loaded = threading.Event()
    ahead = warm.start([lambda: (time.sleep(0.6), loaded.set())])
    threading.Timer(0.1, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)).start()  # as a terminal does
    with pytest.raises(KeyboardInterrupt):
        ahead.close()
    assert loaded.is_set()  # not is_alive(): an interrupted join makes it say False while the thread still runs
