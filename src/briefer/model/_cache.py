"""Model responses on disk, keyed by everything that shapes the answer (model, messages, schema,
params): a rerun of the same article costs no model calls. ``ResponseCache`` is one SQLite file;
WAL mode keeps concurrent readers and one writer safe.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path

from ._replies import ModelReply
from ..db import open_db


def request_key(request: dict) -> str:
    """A stable hash of a chat-completion request body."""
    blob = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


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


