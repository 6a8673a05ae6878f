"""On-disk SQLite caches: model responses (keyed by everything that shapes the answer) and
fetched pages (keyed by URL, with an age limit).

Identical requests (model, messages, schema, params) are answered from here, so a rerun of
the same article costs no model calls or fetches. WAL mode keeps concurrent readers and one
writer safe.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

from .errors import strip_userinfo
from .replies import ModelReply


def request_key(request: dict) -> str:
    """A stable hash of a chat-completion request body."""
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def open_db(path: Path, ddl: str) -> sqlite3.Connection:
    """A WAL-mode SQLite connection usable from threads, with ``ddl`` (one or more statements) run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, timeout=30)
    attempt = 0
    while True:  # switching to WAL ignores the busy timeout when processes race: retry for ~5 s
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across process kills
            db.executescript(ddl)
            db.commit()
            return db
        except sqlite3.OperationalError as exc:
            attempt += 1
            if "locked" not in str(exc) or attempt == 50:
                raise
            time.sleep(0.1)


_NO_USERINFO = 1  # ``PRAGMA user_version`` from which every URL in the file was written without userinfo


def forget_credentials(db: sqlite3.Connection, columns: dict[str, tuple[str, ...]], *, drop: bool = False) -> None:
    """Once per file: rows whose URL ``columns`` (table → columns) hold a ``user:password@`` (an
    older version wrote them) are rewritten without it (a row already under the bare URL gives
    way), or dropped (``drop``: a cache). The old bytes are zeroed (``secure_delete``) and the WAL
    checkpointed, so no copy of a password stays in a file. ``user_version`` then records that the
    file is clean: later opens cost one pragma, not a scan."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= _NO_USERINFO:
        return
    db.create_function("strip_userinfo", 1, strip_userinfo, deterministic=True)
    db.execute("PRAGMA secure_delete=ON")
    for table, cols in columns.items():
        stale = " OR ".join(f"({c} GLOB '*://*@*' AND strip_userinfo({c}) != {c})" for c in cols)
        if drop:
            db.execute(f"DELETE FROM {table} WHERE {stale}")
        else:
            sets = ", ".join(f"{c} = strip_userinfo({c})" for c in cols)
            db.execute(f"UPDATE OR REPLACE {table} SET {sets} WHERE {stale}")
    db.execute(f"PRAGMA user_version = {_NO_USERINFO}")
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA secure_delete=OFF")


class ResponseCache:
    """A tiny key → JSON store in one SQLite file: the on-disk ``replies.ResponseStore``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = open_db(
            self.path,
            "CREATE TABLE IF NOT EXISTS responses ("
            "key TEXT PRIMARY KEY, model TEXT, response TEXT NOT NULL, created REAL NOT NULL)",
        )

    def get(self, key: str, request: dict | None = None) -> ModelReply | None:
        with self._lock:
            row = self._db.execute("SELECT response FROM responses WHERE key = ?", (key,)).fetchone()
        return ModelReply.from_json(json.loads(row[0])) if row else None

    def put(self, key: str, model: str, reply: ModelReply, request: dict | None = None) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, model, response, created) VALUES (?, ?, ?, ?)",
                (key, model, json.dumps(reply.to_json()), time.time()),
            )
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()


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
