"""Recorded model responses for deterministic, offline evals (``briefer eval run --record/--replay``).

A cassette is a JSON file mapping the same request key the response cache uses (a hash of model,
messages, schema and sampling params) to the response. ``record`` answers from the model and
keeps every response; ``replay`` answers only from the file, and a request it has not seen is an
error that names the request — never a silent model call. Saved atomically, keys sorted, so a
re-recording diffs cleanly.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ConfigError, ModelError
from ..model import ModelReply


class ReplayMiss(ModelError):
    """A replayed run asked for a response the cassette does not hold."""


class Cassette:
    """A ``replies.ResponseStore`` (``get``/``put``/``close``) kept in a JSON file."""

    def __init__(self, path: str | Path, mode: str):
        if mode not in ("record", "replay"):
            raise ValueError(mode)
        self.path, self.mode = Path(path), mode
        self.entries: dict[str, dict] = {}
        self.used: set[str] = set()
        if mode == "replay" or self.path.exists():
            self.entries = _read(self.path) if self.path.exists() else {}
            if mode == "replay" and not self.path.exists():
                raise ConfigError(f"{self.path}: no such cassette (record one with --record)")

    def get(self, key: str, request: dict | None = None) -> ModelReply | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
            return ModelReply.from_json(entry["response"])
        if self.mode == "replay":
            raise ReplayMiss(f"cassette {self.path.name} has no response for {describe(request)} (key {key[:12]}); "
                             "re-record with --record")
        return None

    def put(self, key: str, model: str, reply: ModelReply, request: dict | None = None) -> None:
        if self.mode == "record":
            self.entries[key] = {"request": describe(request), "response": reply.to_json()}
            self.used.add(key)

    def save(self) -> None:
        """Write the cassette (record mode): only the responses this run used, keys sorted."""
        if self.mode != "record":
            return
        from ..files import write_atomic

        kept = {k: self.entries[k] for k in sorted(self.used)}
        write_atomic(self.path, json.dumps({"version": 1, "responses": kept}, indent=1, sort_keys=True) + "\n")

    def close(self) -> None:
        pass


def describe(request: dict | None) -> str:
    """A short human name for a request: model, prompt start, response format."""
    if not request:
        return "an unknown request"
    users = [m.get("content", "") for m in request.get("messages", []) if m.get("role") == "user"]
    first = " ".join(str(users[-1]).split())[:80] if users else ""
    fmt = (request.get("response_format") or {}).get("type", "text")
    return f"model {request.get('model')!r}, {fmt}, prompt {first!r}"


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data["responses"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a briefer cassette ({type(exc).__name__})") from None
