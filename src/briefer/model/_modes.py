"""Structured-output modes: how the response model's JSON Schema reaches an endpoint.

OpenAI-compatible servers disagree on this (like instructor's ``Mode``): OpenAI and vLLM take
``response_format: json_schema`` (strict or not); the llama.cpp family (llama-cpp-python's server,
``llama-server``) wants ``{"type": "json_object", "schema": ...}`` and answers ``json_schema`` with
an error (llama-cpp-python: HTTP 500); some servers only constrain output through function calling;
some take no ``response_format`` at all. ``auto`` tries the modes in ``ORDER`` and steps down on a
*rejection* — an error whose message names the format — and ``ModeMemory`` remembers, per endpoint
and model, what was accepted, so the next run starts there and makes no failed request.
An explicit mode never steps down: a rejection is a one-line error naming the flag to try.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

from ..config import ORDER, Mode, parse_mode  # noqa: F401 - settings values (config.py), used here and re-exported


# Words an endpoint's error uses when it objects to how structured output was asked for.
_REJECTION = re.compile(r"response_format|json_schema|schema|tools?\b|tool_choice|strict|grammar", re.I)


def is_rejection(message: str) -> bool:
    """Does this error message object to the structured-output part of the request?"""
    return bool(_REJECTION.search(message or ""))


def next_mode(mode: Mode, message: str = "") -> Mode | None:
    """The mode to try after ``mode`` was rejected with ``message`` (``None``: none left).

    A strict schema refused for its *type* (the message names ``json_object`` or ``json_schema``
    but not ``strict``, as llama-cpp-python's does) skips non-strict ``json_schema``: that would
    only be refused the same way, one more failed request.
    """
    text = message.lower()
    if mode is Mode.JSON_SCHEMA_STRICT and "strict" not in text and ("json_object" in text or "json_schema" in text):
        return Mode.JSON_OBJECT_WITH_SCHEMA
    i = ORDER.index(mode)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def schema_hint(schema: dict) -> str:
    return "Reply with only a JSON object matching this JSON Schema:\n" + json.dumps(schema)


def apply(body: dict, mode: Mode, schema: dict, name: str) -> dict:
    """Add ``mode``'s way of asking for ``schema`` to a chat-completion body (in place).

    The strict body is byte-for-byte what briefer sent before modes existed, so recorded
    cassettes and response caches stay valid. Modes whose constraint a server may ignore
    (json_object's extra ``schema`` key, tools, prompt) also put the schema in the prompt.
    """
    if mode in (Mode.JSON_SCHEMA_STRICT, Mode.JSON_SCHEMA):
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": mode is Mode.JSON_SCHEMA_STRICT},
        }
        return body
    if mode is Mode.JSON_OBJECT_WITH_SCHEMA:
        body["response_format"] = {"type": "json_object", "schema": schema}
    elif mode is Mode.TOOLS:
        body["tools"] = [{"type": "function", "function": {
            "name": name, "description": f"Record the {name} as structured data.", "parameters": schema}}]
        body["tool_choice"] = {"type": "function", "function": {"name": name}}
    body["messages"] = [{"role": "system", "content": schema_hint(schema)}, *body["messages"]]
    return body


def reply_content(message: dict) -> str | None:
    """The JSON text of a reply: a forced tool call's arguments, else the message content."""
    for call in message.get("tool_calls") or []:
        args = (call.get("function") or {}).get("arguments")
        if args:
            return args if isinstance(args, str) else json.dumps(args)
    return message.get("content")


class ModeMemory:
    """What each endpoint accepted, per (base URL, model), in a small JSON file in the cache directory.

    Shared by every ``StructuredLLM`` of one ``Endpoint`` (threads of a daily brief step down
    together) and by later runs (the file). A stale entry only costs a step down, never an error.
    """

    def __init__(self, path: Path | None, base_url: str, model: str):
        self.path = path
        self.key = f"{str(base_url).rstrip('/')} {model}"
        self._lock = threading.Lock()
        self._mode: Mode | None = None
        self._loaded = False

    def get(self) -> Mode | None:
        with self._lock:
            if not self._loaded:
                self._loaded = True
                entry = self._read().get(self.key) or {}
                try:
                    self._mode = Mode(entry.get("mode"))
                except ValueError:
                    self._mode = None
            return self._mode

    def accepted(self, mode: Mode) -> None:
        """Record that ``mode`` was accepted (the file is written only when the choice changes)."""
        with self._lock:
            if self._mode is mode and self._loaded:
                return
            self._mode, self._loaded = mode, True
            if self.path is None:
                return
            data = self._read()
            if (data.get(self.key) or {}).get("mode") == mode.value:
                return
            data[self.key] = {"mode": mode.value, "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            try:
                from ..files import write_atomic

                write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
            except OSError:
                pass  # a read-only cache directory: the choice is then found again next run

    def _read(self) -> dict:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}
