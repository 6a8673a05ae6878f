"""Hostile input: what a feed, a URL list or a URL may make briefer do. Loopback only."""

from __future__ import annotations

import json

from conftest import run_cli
from helpers import article_html

SECRET = "The vault code is 4711 and the launch password is swordfish, said nobody at all today."


def rss(links: list[str]) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>{u}</link></item>" for i, u in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def test_feed_links_to_local_files_are_refused(web, fake, seed_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    page = web.add("/a/ok", article_html(seed_path.read_text()))
    feed = tmp_path / "feed.xml"  # a local feed (named on the command line) whose items name local files
    feed.write_text(rss([str(secret), f"file://{secret}", "secret.txt", page]))
    out = tmp_path / "b.json"
    r = run_cli("brief", str(feed), "--store", str(tmp_path / "s.sqlite"), "--allow-private", "--no-cache",
                "--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", "extractive",
                "--format", "json", "-o", str(out), cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 1, err  # the brief is written; the refused links are failures
    data = json.loads(out.read_text())
    assert [a["location"] for a in data["articles"]] == [page]
    assert "swordfish" not in out.read_text() and "swordfish" not in json.dumps(fake.requests)
    assert err.count("not an http(s) URL; not read") == 3
