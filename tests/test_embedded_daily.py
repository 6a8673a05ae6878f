"""The daily brief on the embedded default (issue 31, item 1).

It once read every article, briefed none and exited 0: the driver took a fingerprint of None
(the embedded model's, then) to mean "read only". These tests run the real embedded model and the
real driver, so that regression cannot come back unseen.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ECB = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev" / "articles"
# two events of two topics, two reports each (short articles: a few seconds on the embedded model)
FILES = ("a007ed4207a", "a146450d23f", "a00f0aba5e1", "a0ce5b88d98")


@pytest.mark.parametrize("strategy", ["auto", "abstractive"])
def test_embedded_fingerprint_is_the_sessions(strategy):
    """Worked out without a session (no model loaded), and the same as the session's."""
    from briefer.config import load_settings
    from briefer.daily.keys import fingerprint, settings_fingerprint
    from briefer.pipeline import Session

    settings = load_settings(cache=False, strategy=strategy)
    assert settings.local
    with Session(settings, load_model=False) as session:
        assert settings_fingerprint(settings) == fingerprint(session)


def test_a_briefing_driver_needs_a_fingerprint(tmp_path):
    from briefer.daily.dispatch import Driver
    from briefer.daily.options import Options
    from briefer.daily.store import Store

    store = Store(tmp_path / "store.db")
    try:
        with pytest.raises(ValueError, match="fingerprint"):
            Driver([], None, Options(), store)
        assert Driver([], None, Options(), store, read_only=True).read_only
    finally:
        store.close()


def test_daily_brief_on_the_embedded_model_briefs_every_article(tmp_path):
    import briefer

    folder = tmp_path / "day"
    folder.mkdir()
    for name in FILES:
        shutil.copy(ECB / f"{name}.txt", folder / f"{name}.txt")
    daily = briefer.brief(str(folder))
    assert len(daily.articles) == len(FILES), [f.error for f in daily.failed]
    assert not daily.failed
    assert daily.usage.summarized == len(FILES)
    assert len(daily.stories) >= 2
    again = briefer.brief(str(folder))
    assert again.usage.model_calls == 0 and len(again.articles) == len(FILES)


def test_a_loopback_feed_on_the_embedded_model_links_and_briefs_every_article(web, tmp_path):
    """The issue's third symptom: a feed of 5 articles on 127.0.0.1 linked 0 of them. Through the CLI,
    as a user runs it: every article briefed and listed in the output, the closing line adds up."""
    import json

    from conftest import run_cli
    from helpers import article_html
    from daily_common import rss

    items = []
    for name in FILES + ("a1cfa2ba74b",):
        title, _, body = (ECB / f"{name}.txt").read_text().partition("\n\n")
        items.append((title.strip()[:80], web.add(f"/a/{name}", article_html(body, title.strip()))))
    feed = web.add("/feed.xml", rss(items), content_type="application/rss+xml")
    out = tmp_path / "day.json"
    done = run_cli("brief", feed, "--allow-private", "--format", "json", "-o", str(out), "--store", str(tmp_path / "s.db"))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    data = json.loads(out.read_text())
    assert {a["location"] for a in data["articles"]} == {url for _, url in items}
    assert not data["failed"] and data["usage"]["listed"] == len(items)
    assert f"briefer: {len(items)} articles: {len(items)} briefed, 0 reused, 0 failed" in err
