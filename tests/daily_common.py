"""What the daily brief's tests share: a feed of real articles on 127.0.0.1 and a brief against the fake endpoint."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from conftest import run_cli
from briefer.daily.schemas import ArticleEntry
from briefer.schemas import Brief
from briefer.testing import FakeOpenAI
from helpers import article_html, with_two_people

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = with_two_people(  # each makes one model call
    [json.loads(line) for line in (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1:4]])  # its first three FRANK rows


def seed_body(seed_path: Path) -> str:
    return "\n".join(seed_path.read_text().split("\n")[1:22])


def rss(items: list[tuple[str, str]]) -> str:
    """An RSS 2.0 feed; links may be relative (resolved against the feed's URL)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link><pubDate>Mon, 23 Nov 2026 0{i}:00:00 GMT</pubDate></item>"
        for i, (t, u) in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>{entries}</channel></rss>'


def serve_feed(web, seed_path: Path) -> str:
    items = [("Gallant meets Austin", web.add("/a/gallant", article_html(seed_body(seed_path), "Gallant meets Austin")))]
    for a in ARTICLES:
        title = a["text"].split(". ")[0][:60]
        items.append((title, web.add(f"/a/{a['id']}", article_html(a["text"], title))))
    web.add("/a/broken", "oops", status=500)
    items.append(("Broken story", "/a/broken"))  # a relative link
    return web.add("/feed.xml", rss(items), content_type="application/rss+xml")


def brief_cli(*args: str, fake: FakeOpenAI, store: Path) -> subprocess.CompletedProcess:
    """A brief against the fake endpoint, its requests all per-article ones: stories keep their facts' own
    sentences (``--story-writer extractive``; the story writer has its own tests, test_story_writer.py)."""
    return run_cli("brief", *args, "--store", str(store), "--allow-private", "--base-url", fake.base_url,
                   "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                   "--story-writer", "extractive")


def _stored_briefs(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(store, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _in_session(sid: int) -> list[str]:
    """The processes still in session ``sid`` (a run started with ``start_new_session``)."""
    return subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True).stdout.split()


def _stories(tmp_path: Path, seed_path: Path, n: int) -> Path:
    """A folder of ``n`` distinct articles of the seed's length."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:02d}.txt").write_text(f"Story number {i} begins here. " + seed_path.read_text())
    return folder


def entry(i: int, title: str, points: list[str], actors: list[tuple[str, str]], site: str) -> ArticleEntry:
    """A briefed article of ``site`` whose points and actors quote its own text (for story tests)."""
    text = " ".join(points + [f"{n} spoke." for n, _ in actors])
    ev = lambda s: [{"quote": s, "start": text.index(s), "end": text.index(s) + len(s)}]  # noqa: E731
    brief = Brief.model_validate({
        "title": title, "source": {"title": title},
        "summary": [{"text": p, "evidence": ev(p)} for p in points],
        "key_actors": [{"name": n, "role": r, "evidence": ev(f"{n} spoke.")} for n, r in actors],
        "open_questions": [], "grounding": {"rate": 1.0, "checked": 1, "repaired": 0, "dropped": []},
        "usage": {},
    })
    return ArticleEntry(id=f"a{i}", location=f"https://{site}/{i}", title=title, site_name=site, brief=brief)
