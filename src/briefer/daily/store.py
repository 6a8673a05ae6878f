"""The daily brief's memory: a SQLite file (WAL) of extracted articles, per-article briefs and runs.

Every finished article is committed at once, so a run killed with SIGKILL loses nothing it
finished, and a rerun makes no model call for an article whose text and settings are unchanged.
Files count as unchanged while their size and mtime are; URLs while their stored copy is younger
than ``max_age``. A URL's ``user:password@`` never reaches the file: locations are keyed and kept
without it (``location_key``), and a store written before that is rewritten when opened.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..db import forget_credentials, open_db
from ..errors import strip_userinfo as location_key  # what a location is stored under: no credentials
from ..text import is_url
from ..document import Document

if TYPE_CHECKING:
    from ..schemas import Brief

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
  location TEXT PRIMARY KEY, text_hash TEXT NOT NULL, stamp TEXT, doc TEXT NOT NULL, fetched REAL NOT NULL);
CREATE TABLE IF NOT EXISTS briefs (
  text_hash TEXT NOT NULL, fingerprint TEXT NOT NULL, brief TEXT NOT NULL, created REAL NOT NULL,
  PRIMARY KEY (text_hash, fingerprint));
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started REAL NOT NULL, finished REAL);
CREATE TABLE IF NOT EXISTS run_articles (run INTEGER NOT NULL, location TEXT NOT NULL, PRIMARY KEY (run, location));
CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, created REAL NOT NULL, closed REAL);
CREATE TABLE IF NOT EXISTS dailies (key TEXT PRIMARY KEY, brief TEXT NOT NULL, meta TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS story_briefs (key TEXT PRIMARY KEY, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS story_versions (
  story TEXT NOT NULL, brief TEXT NOT NULL, created REAL NOT NULL, state TEXT NOT NULL, PRIMARY KEY (story, brief));
CREATE INDEX IF NOT EXISTS story_versions_created ON story_versions (created);
"""


KEEP_STORIES = 60 * 24 * 3600  # seconds a story's versions are kept


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def file_stamp(location: str) -> str | None:
    """Size and mtime of a local file (None for URLs): what 'unchanged' means for files."""
    if is_url(location):
        return None
    try:
        st = Path(location).stat()
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


class Store:
    """Thread-safe access to one store file."""

    def __init__(self, path: str | Path, *, max_age: float = 24 * 3600):
        self.path = Path(path)
        self.max_age = max_age
        self._lock = threading.Lock()
        self._db = open_db(self.path, _SCHEMA)
        forget_credentials(self._db, {"articles": ("location",), "run_articles": ("location",)})  # an older store

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- articles --------------------------------------------------------------------------
    def document(self, location: str) -> Document | None:
        """The stored extraction of ``location`` if it is still current."""
        doc = self.document_json(location)
        return Document(**json.loads(doc)) if doc is not None else None

    def holds(self, location: str) -> bool:
        """Whether the store has a current extraction of ``location`` (a file or page; feeds are never stored)."""
        return self.document_json(location) is not None

    def document_json(self, location: str) -> str | None:
        """The stored extraction of ``location``, as stored (JSON), if it is still current."""
        with self._lock:
            row = self._db.execute("SELECT stamp, doc, fetched FROM articles WHERE location = ?",
                                   (location_key(location),)).fetchone()
        if row is None:
            return None
        stamp, doc, fetched = row
        if stamp is not None:
            if stamp != file_stamp(location):
                return None
        elif time.time() - fetched > self.max_age:
            return None
        return doc

    def put_document(self, location: str, doc: Document) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?)",
                (location_key(location), text_hash(doc.text), file_stamp(location), json.dumps(asdict(doc)),
                 time.time()),
            )
            self._db.commit()

    # -- briefs ----------------------------------------------------------------------------
    def brief(self, text: str, fingerprint: str) -> Brief | None:
        with self._lock:
            row = self._db.execute(
                "SELECT brief FROM briefs WHERE text_hash = ? AND fingerprint = ?", (text_hash(text), fingerprint)
            ).fetchone()
        if row is None:
            return None
        from ..schemas import Brief  # here: an unchanged rerun (``replay``) reads no brief, nor pydantic

        return Brief.model_validate_json(row[0])

    def put_brief(self, text: str, fingerprint: str, brief: Brief) -> None:
        self.put_brief_json(text, fingerprint, brief.model_dump_json())  # serialized outside the lock

    def put_brief_json(self, text: str, fingerprint: str, brief_json: str) -> None:
        """``put_brief`` of a brief already serialized (a worker's answer: not dumped again)."""
        row = (text_hash(text), fingerprint, brief_json, time.time())
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO briefs VALUES (?, ?, ?, ?)", row)
            self._db.commit()

    # -- finished daily briefs (``replay``) ---------------------------------------------------------
    def daily(self, key: str) -> tuple[str, str] | None:
        """(the brief's JSON, its meta JSON) stored under ``key``."""
        with self._lock:
            row = self._db.execute("SELECT brief, meta FROM dailies WHERE key = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else None

    def put_daily(self, key: str, brief_json: str, meta: str) -> None:
        """Keep a finished daily brief; only the newest few stay (each is a few MB)."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO dailies VALUES (?, ?, ?, ?)", (key, brief_json, meta, time.time()))
            self._db.execute("DELETE FROM dailies WHERE key NOT IN (SELECT key FROM dailies ORDER BY created DESC LIMIT 4)")
            self._db.commit()

    # -- stories across briefs (``daily.continuity``) -------------------------------------------
    def story_cutoff(self, key: str) -> float:
        """When the brief of articles ``key`` was first made (now, if never): only story versions
        older than that are its past, so remaking the same brief gives the same brief."""
        with self._lock:
            row = self._db.execute("SELECT created FROM story_briefs WHERE key = ?", (key,)).fetchone()
        return row[0] if row else time.time()

    def story_history(self, before: float, after: float, limit: int = 5000) -> list[tuple[str, float, float, str]]:
        """(story id, first seen, newest version's time, its state JSON) of each story with a version
        in ``[after, before)``, from its newest version before ``before``; newest stories first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT v.story, f.first, v.created, v.state FROM story_versions v JOIN ("
                "  SELECT story, MIN(created) AS first, MAX(created) AS last FROM story_versions WHERE created < ?"
                "  GROUP BY story HAVING MAX(created) >= ?) f ON v.story = f.story AND v.created = f.last "
                "ORDER BY v.created DESC, v.story LIMIT ?", (before, after, limit)).fetchall()
        out, seen = [], set()
        for row in rows:  # one per story (two versions of one time: the first)
            if row[0] not in seen:
                seen.add(row[0])
                out.append(row)
        return out

    def put_stories(self, key: str, cutoff: float, states: dict[str, str]) -> None:
        """Record the brief of articles ``key`` (first made at ``cutoff``) and each story's state in it."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO story_briefs VALUES (?, ?)", (key, cutoff))
            self._db.executemany(
                "INSERT INTO story_versions VALUES (?, ?, ?, ?) "
                "ON CONFLICT (story, brief) DO UPDATE SET state = excluded.state",
                [(story, key, cutoff, state) for story, state in states.items()])
            old = cutoff - KEEP_STORIES  # a story unseen for this long is not continued: its past goes
            self._db.execute("DELETE FROM story_versions WHERE created < ?", (old,))
            self._db.execute("DELETE FROM story_briefs WHERE created < ?", (old,))
            self._db.commit()

    # -- runs ------------------------------------------------------------------------------
    def start_run(self) -> int:
        with self._lock:
            cur = self._db.execute("INSERT INTO runs (started) VALUES (?)", (time.time(),))
            self._db.commit()
            return int(cur.lastrowid)

    def finish_run(self, run: int, locations: list[str]) -> None:
        with self._lock:
            self._db.executemany("INSERT OR IGNORE INTO run_articles VALUES (?, ?)",
                                 [(run, location_key(loc)) for loc in locations])
            self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.time(), run))
            self._db.commit()

    def seen_before(self, run: int) -> set[str]:
        """Locations included in any finished run before ``run``, as ``location_key`` writes them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT a.location FROM run_articles a JOIN runs r ON r.id = a.run "
                "WHERE r.finished IS NOT NULL AND r.id < ?", (run,)
            ).fetchall()
        return {r[0] for r in rows}

    # -- Batch API jobs (so an interrupted --batch run resumes the same jobs) ------------------
    def open_batches(self) -> list[str]:
        """Jobs submitted and not yet collected, oldest first (a round may need several)."""
        with self._lock:
            rows = self._db.execute("SELECT id FROM batches WHERE closed IS NULL ORDER BY created, rowid").fetchall()
        return [r[0] for r in rows]

    def save_batch(self, batch_id: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO batches VALUES (?, ?, NULL)", (batch_id, time.time()))
            self._db.commit()

    def close_batch(self, batch_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE batches SET closed = ? WHERE id = ?", (time.time(), batch_id))
            self._db.commit()
