"""The one SQLite opener (WAL mode, usable from threads, retried while processes race to create it)
and what every briefer database needs on open.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from .errors import strip_userinfo


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
