"""Fetched pages by URL, in one SQLite file, so a second extract of a URL within a day does not refetch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ..errors import strip_userinfo
from ..db import forget_credentials, open_db


class PageCache:
    """Fetched pages by URL: a second extract of the same URL within ``max_age`` does not refetch.

    URLs are kept without their ``user:password@`` (a page fetched with credentials is cached
    under the bare URL); rows an older version wrote with credentials are dropped on open."""

    def __init__(self, path: str | Path, max_age: float = 24 * 3600):
        self.path = Path(path)
        self.max_age = max_age
        self._lock = threading.Lock()
        self._db = open_db(
            self.path,
            "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, final_url TEXT, content_type TEXT, "
            "charset TEXT, body BLOB NOT NULL, fetched REAL NOT NULL)",
        )
        forget_credentials(self._db, {"pages": ("url", "final_url")}, drop=True)

    def get(self, url: str) -> dict | None:
        with self._lock:
            row = self._db.execute(
                "SELECT final_url, content_type, charset, body, fetched FROM pages WHERE url = ?", (strip_userinfo(url),)
            ).fetchone()
        if not row or time.time() - row[4] > self.max_age:
            return None
        return {"url": row[0], "content_type": row[1], "charset": row[2], "body": row[3]}

    def put(self, url: str, final_url: str, content_type: str, charset: str | None, body: bytes) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                (strip_userinfo(url), strip_userinfo(final_url), content_type, charset, body, time.time()),
            )
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
