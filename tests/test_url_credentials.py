"""A URL's credentials never reach a file (the store, the page cache), and older stores are cleaned on open (issue 27)."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path


from briefer.extraction import PageCache
from briefer.daily.store import Store
from briefer.errors import strip_userinfo
from briefer.testing import FakeOpenAI
from conftest import run_cli
from helpers import article_html
from edges_common import ARTICLES, COMMENT, model_args


# -- 3. credentials at rest ------------------------------------------------------------------------
USER, SECRET = "reader", "s3cretTOKEN"


def guarded(web, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
    """A route that answers only with the right Basic credentials (so a fetch must use them)."""
    want = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    data = body.encode()

    def handler(h):
        ok = h.headers.get("Authorization") == want
        h.send_response(200 if ok else 401)
        h.send_header("Content-Type", content_type if ok else "text/plain")
        h.send_header("Content-Length", str(len(data) if ok else 6))
        h.end_headers()
        h.wfile.write(data if ok else b"denied")

    web.routes[path] = handler


def files_holding(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_credentials_in_feed_urls_never_reach_the_store_or_the_cache(web, tmp_path, monkeypatch):
    creds = f"{USER}:{SECRET}@"
    base = web.url("").replace("http://", f"http://{creds}")
    guarded(web, "/private/a1", article_html(ARTICLES[0]["text"], "private one"))
    guarded(web, "/private/a2", article_html(ARTICLES[1]["text"], "private two"))
    guarded(web, "/private/feed.xml", COMMENT + '<rss version="2.0"><channel><title>p</title>'
            f'<item><title>p1</title><link>{base}/private/a1</link></item>'  # credentials in the link
            '<item><title>p2</title><link>a2</link></item>'  # relative: the feed URL's credentials
            '</channel></rss>', "application/rss+xml")
    store, out = tmp_path / "state" / "store.sqlite", tmp_path / "out" / "brief.json"
    args = ["brief", f"{base}/private/feed.xml", "--store", str(store), "--allow-private", "--format", "json"]
    with FakeOpenAI() as fake:
        first = run_cli(*args, "-o", str(out), *model_args(fake, "extractive"))
        assert first.returncode == 0, first.stderr.decode()
        assert web.hits["/private/a1"] == 1 and web.hits["/private/a2"] == 1  # fetched, with the credentials
        again = run_cli(*args, "-o", str(tmp_path / "out" / "again.json"), *model_args(fake, "extractive"))
        assert again.returncode == 0, again.stderr.decode()
    data = json.loads(out.read_text())
    assert sorted(a["title"] for a in data["articles"]) == ["private one", "private two"]
    assert all(a["new"] for a in data["articles"])
    rerun = json.loads((tmp_path / "out" / "again.json").read_text())
    assert not any(a["new"] for a in rerun["articles"])  # seen before: the store's keys match without userinfo
    cache = tmp_path / "cache"  # XDG_CACHE_HOME (conftest): the page cache, the response cache
    assert list(cache.rglob("pages.sqlite")), "the page cache was not written: the test would prove nothing"
    assert files_holding(tmp_path / "state", SECRET.encode()) == []
    assert files_holding(cache, SECRET.encode()) == []
    assert files_holding(tmp_path / "out", SECRET.encode()) == []
    with sqlite3.connect(store) as db:
        stored = {row[0] for row in db.execute("SELECT location FROM articles")}
    assert stored == {web.url("/private/a1"), web.url("/private/a2")}


def test_an_older_store_and_page_cache_are_cleaned_on_open(tmp_path):
    url = f"https://{USER}:{SECRET}@example.com/story"
    path = tmp_path / "old.sqlite"
    Store(path).close()  # the schema, then rows as a version before this one wrote them
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 0")
        db.execute("INSERT INTO articles VALUES (?, 'h', NULL, ?, 1e12)", (url, json.dumps({"text": "Old text."})))
        db.execute("INSERT INTO runs (id, started, finished) VALUES (1, 1, 2)")
        db.execute("INSERT INTO run_articles VALUES (1, ?)", (url,))
    db.close()
    assert files_holding(tmp_path, SECRET.encode())  # the bytes are there before
    store = Store(path)
    try:
        assert store.document_json(url) is not None  # found under the stripped key, with or without credentials
        assert store.holds(strip_userinfo(url))
        assert store.seen_before(2) == {"https://example.com/story"}
    finally:
        store.close()
    assert files_holding(tmp_path, SECRET.encode()) == []

    pages_path = tmp_path / "pages.sqlite"
    PageCache(pages_path).close()
    with sqlite3.connect(pages_path) as db:
        db.execute("PRAGMA user_version = 0")
        db.execute("INSERT INTO pages VALUES (?, ?, 'text/html', NULL, ?, 1e12)", (url, url, b"<p>page</p>"))
    db.close()
    pages = PageCache(pages_path)
    try:
        assert pages.get(url) is None  # dropped: a cache, refetched when next needed
        pages.put(url, url, "text/html", None, b"<p>again</p>")
        assert pages.get(strip_userinfo(url))["url"] == "https://example.com/story"
    finally:
        pages.close()
    assert files_holding(tmp_path, SECRET.encode()) == []
