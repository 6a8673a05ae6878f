"""A small, real OpenAI-compatible HTTP server on 127.0.0.1 with scripted behaviour.

Tests (and bench/) queue replies — malformed JSON, 429 + Retry-After, 500, slow answers,
truncation, refusals — and the server plays them in order; with the queue empty it answers
with a valid instance of the requested JSON Schema (``auto_reply``). Every request is recorded.

``dialect=`` makes it answer structured-output requests the way a real server family does
(``DIALECTS``): e.g. ``FakeOpenAI(dialect="llama-cpp-python")`` rejects ``json_schema`` with the
HTTP 500 that server sends and honours ``{"type": "json_object", "schema": ...}``, so a client's
handling of each server can be tested in milliseconds.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ._dialects import DIALECTS


def instance_from_schema(schema: dict) -> object:
    """A minimal valid instance: enum arrays take their first allowed values, strings "x"."""
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return instance_from_schema(schema["anyOf"][0])
    kind = schema.get("type")
    if kind == "object":
        return {k: instance_from_schema(v) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        items = schema.get("items", {})
        if "enum" in items:
            n = min(len(items["enum"]), schema.get("maxItems", 3))
            return items["enum"][:n]
        n = max(1, schema.get("minItems", 0))
        return [instance_from_schema(items) for _ in range(n)]
    if kind == "integer":
        return schema.get("minimum", 0)
    if kind == "number":
        return 0.0
    if kind == "boolean":
        return False
    return "x"


def completion(content: str | None, *, finish_reason: str = "stop", refusal: str | None = None,
               prompt_tokens: int = 100, completion_tokens: int = 20, model: str = "fake",
               tool_call: str | None = None) -> dict:
    """A chat.completion body; ``tool_call="name"`` puts ``content`` in a call of that function."""
    message = {"role": "assistant", "content": content, "refusal": refusal}
    if tool_call:
        message.update(content=None, tool_calls=[{"id": "call_0", "type": "function",
                                                  "function": {"name": tool_call, "arguments": content}}])
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{
            "index": 0,
            "finish_reason": finish_reason,
            "message": message,
        }],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


_HINT = "JSON Schema:\n"


def requested_schema(request: dict) -> tuple[str | None, dict | None, str | None]:
    """(name, schema, tool) a request asks for, whichever way it asks (briefer.model._modes): a
    ``json_schema``, a ``json_object`` with ``schema``, a forced tool, or a schema in the prompt."""
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema") or {}
        return spec.get("name"), spec.get("schema"), None
    if fmt.get("type") == "json_object" and "schema" in fmt:
        return None, fmt["schema"], None
    for tool in request.get("tools") or []:
        fn = tool.get("function") or {}
        return fn.get("name"), fn.get("parameters"), fn.get("name")
    for m in request.get("messages", []):
        text = str(m.get("content") or "")
        if m.get("role") == "system" and _HINT in text:
            try:
                return None, json.loads(text.split(_HINT, 1)[1]), None
            except ValueError:
                pass
    return None, None, None


def auto_reply(request: dict) -> dict:
    """Answer with a schema-valid instance (as a tool call when a tool was forced), or an empty
    object when no schema was given (what a small model does with bare ``json_object``)."""
    _, schema, tool = requested_schema(request)
    prompt_tokens = sum(len(str(m.get("content", ""))) for m in request["messages"]) // 4
    content = json.dumps(instance_from_schema(schema or {"type": "object"}))
    return completion(content, prompt_tokens=prompt_tokens, tool_call=tool,
                      finish_reason="tool_calls" if tool else "stop")


class Reply:
    """One scripted reply: HTTP status, headers, JSON body, and an optional delay."""

    def __init__(self, status: int = 200, body: dict | str | None = None, headers: dict | None = None,
                 delay: float = 0.0):
        self.status, self.body, self.headers, self.delay = status, body, headers or {}, delay


class FakeOpenAI:
    """Run the server in a thread; ``.base_url`` is what briefer's ``--base-url`` takes."""

    def __init__(self, responder: Callable[[dict], dict] = auto_reply, *, latency: float = 0.0,
                 models: tuple[str, ...] = ("fake-large",), api_key: str | None = None,
                 hold_after: int | None = None, dialect: str = "any", reject_status: int | None = None,
                 max_batch_requests: int = 50_000):
        """``hold_after=N``: chat requests after the first N wait until ``release()`` (to interrupt
        a client at a known point, deterministically). ``dialect``: a key of ``DIALECTS``;
        ``reject_status`` replaces the status its rejections carry (400, 422, 500...).
        ``max_batch_requests``: a Batch API job with more requests fails validation, as OpenAI's do."""
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r} (choose from {', '.join(DIALECTS)})")
        self.dialect, default_status = DIALECTS[dialect]
        self.reject_status = reject_status or default_status
        self.statuses: list[int] = []  # the status of every chat-completion reply, in order
        self.queue: deque = deque()
        self.hold_after = hold_after
        self.released = threading.Event()
        self.requests: list[dict] = []
        self.arrivals: list[float] = []  # time.time() of each chat request's arrival (bench timelines)
        self.in_flight = self.peak_in_flight = 0  # chat requests being answered now / at most at once
        self.responder = responder
        self.latency = latency
        self.models = models
        self.api_key = api_key
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.polls_until_done = 2  # GET /batches/{id} answers in_progress this many times first
        self.max_batch_requests = max_batch_requests
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # notified on each request and batch call (``wait_until``)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def script(self, *replies: Reply | dict | Callable) -> None:
        """Queue replies: a ``Reply``, a completion body, or a callable(request) → body."""
        self.queue.extend(replies)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def wait_until(self, done: Callable[[FakeOpenAI], bool], what: str, timeout: float = 60.0) -> None:
        """Block until ``done(self)`` holds, checked now and after every request the server takes
        (chat, batch create, batch poll); an ``AssertionError`` naming ``what`` after ``timeout`` s.
        For tests that act at a known point of a client's run instead of sleeping."""
        with self._changed:
            if not self._changed.wait_for(lambda: done(self), timeout=timeout):
                raise AssertionError(f"FakeOpenAI: no {what} within {timeout:g} s")

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def release(self) -> None:
        """Let held requests through."""
        self.released.set()

    def __exit__(self, *exc) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def _next(self, request: dict) -> Reply:
        rejection = self.dialect(request, self.reject_status)
        with self._lock:
            self.requests.append(request)
            self.arrivals.append(time.time())
            self._changed.notify_all()
            if rejection is not None:
                self.statuses.append(rejection[0])
                return Reply(*rejection)
            item = self.queue.popleft() if self.queue else self.responder
        reply = self._as_reply(item, request)
        with self._lock:
            self.statuses.append(reply.status)
        return reply

    @property
    def failed(self) -> int:
        """How many chat-completion requests were answered with an error status."""
        return sum(1 for s in self.statuses if s >= 400)

    @staticmethod
    def _as_reply(item, request: dict) -> Reply:
        if isinstance(item, Reply):
            return item
        if callable(item):
            return Reply(200, item(request))
        return Reply(200, item)

    # -- the Batch API: files in, a batch that completes after a few polls, files out ---------------
    def _upload(self, content_type: str, raw: bytes) -> dict:
        from email.parser import BytesParser

        msg = BytesParser().parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
        data = next(p.get_payload(decode=True) for p in msg.get_payload() if p.get_filename())
        fid = f"file-{len(self.files) + 1}"
        self.files[fid] = data
        return {"id": fid, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                "filename": "batch.jsonl", "purpose": "batch", "status": "processed"}

    def _create_batch(self, request: dict) -> dict:
        bid = f"batch_{len(self.batches) + 1}"
        self.batches[bid] = {"id": bid, "object": "batch", "endpoint": request["endpoint"], "status": "validating",
                             "input_file_id": request["input_file_id"], "completion_window": "24h",
                             "created_at": int(time.time()), "polls": 0}
        self._notify()
        return {k: v for k, v in self.batches[bid].items() if k != "polls"}

    def _poll(self, bid: str) -> dict:
        batch = self.batches[bid]
        batch["polls"] += 1
        n = len(self.files[batch["input_file_id"]].decode().splitlines())
        if n > self.max_batch_requests:
            batch.update(status="failed", errors={"object": "list", "data": [
                {"code": "too_many_requests", "line": None, "param": None,
                 "message": f"{n} requests; a batch takes at most {self.max_batch_requests}"}]})
        if batch["status"] not in ("completed", "failed"):
            batch["status"] = "in_progress"
        if batch["polls"] > self.polls_until_done and batch["status"] == "in_progress":
            lines = []
            for line in self.files[batch["input_file_id"]].decode().splitlines():
                item = json.loads(line)
                with self._lock:
                    self.requests.append(item["body"])
                body = self.responder(item["body"])
                lines.append(json.dumps({"id": f"req_{len(lines)}", "custom_id": item["custom_id"], "error": None,
                                         "response": {"status_code": 200, "request_id": "r", "body": body}}))
            out = f"file-out-{bid}"
            self.files[out] = ("\n".join(lines) + "\n").encode()
            batch.update(status="completed", output_file_id=out,
                         request_counts={"total": len(lines), "completed": len(lines), "failed": 0})
        self._notify()
        return {k: v for k, v in batch.items() if k != "polls"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, reply: Reply) -> None:
                body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                data = body.encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _auth_ok(self) -> bool:
                if fake.api_key and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
                    self._send(Reply(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}))
                    return False
                return True

            def do_GET(self):
                if not self._auth_ok():
                    return
                if "/batches/" in self.path:
                    self._send(Reply(200, fake._poll(self.path.rsplit("/", 1)[-1])))
                elif self.path.endswith("/content") and "/files/" in self.path:
                    data = fake.files.get(self.path.split("/files/")[1].split("/")[0])
                    try:
                        self.send_response(200 if data is not None else 404)
                        self.send_header("Content-Type", "application/octet-stream")
                        self.send_header("Content-Length", str(len(data or b"")))
                        self.end_headers()
                        self.wfile.write(data or b"")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                else:
                    self._send(Reply(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]}))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if not self._auth_ok():
                    return
                if self.path.endswith("/files"):
                    self._send(Reply(200, fake._upload(self.headers.get("Content-Type", ""), raw)))
                    return
                request = json.loads(raw or b"{}")
                if self.path.endswith("/batches"):
                    self._send(Reply(200, fake._create_batch(request)))
                    return
                if not self.path.endswith("/chat/completions"):
                    self._send(Reply(404, {"error": {"message": f"no route {self.path}"}}))
                    return
                if request.get("model") not in fake.models:
                    self._send(Reply(404, {"error": {"message": f"The model '{request.get('model')}' does not exist",
                                                     "code": "model_not_found"}}))
                    return
                with fake._lock:
                    fake.in_flight += 1
                    fake.peak_in_flight = max(fake.peak_in_flight, fake.in_flight)
                try:
                    reply = fake._next(request)
                    if fake.hold_after is not None and len(fake.requests) > fake.hold_after:
                        fake.released.wait(timeout=120)
                    delay = reply.delay + fake.latency
                    if delay:
                        time.sleep(delay)
                    self._send(reply)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

        return Handler


def editor_reply(request: dict) -> dict:
    """A scripted model that follows briefer's abstractive prompt — and a worse one.

    It reads the "[id] sentence" lines of the prompt and writes one point per long sentence,
    copying it (grounded). If the system prompt tells it to use "your own words", it embellishes
    every point with a figure the article never gives, as an over-eager model would.
    For judge requests ("claims", "verdicts") it splits sentences and checks them verbatim.
    """
    _, schema, _ = requested_schema(request)
    fields = set((schema or {}).get("properties", {}))
    messages = request["messages"]
    system = " ".join(m["content"] for m in messages if m["role"] == "system")
    user = [m["content"] for m in messages if m["role"] == "user"][0]
    if fields == {"claims"}:
        summary = user.split("SUMMARY:\n", 1)[-1]
        claims = [c.strip() for c in summary.replace("\n", " ").split(". ") if c.strip()]
        return completion(json.dumps({"claims": [c.rstrip(".") + "." for c in claims]}))
    if fields == {"verdicts"}:
        source, _, listed = user.partition("\n\nCLAIMS:\n")
        source = source.removeprefix("SOURCE:\n")
        out = []
        for line in listed.splitlines():
            claim = line.split(". ", 1)[-1]
            ok = claim.rstrip(".") in source
            out.append({"claim": claim, "verdict": "supported" if ok else "not_in_source",
                        "quote": claim.rstrip(".") if ok else ""})
        return completion(json.dumps({"verdicts": out}))
    embellish = "your own words" in system
    sentences = []
    for line in user.splitlines():
        if line.startswith("[") and "] " in line:
            sid, text = line[1:].split("] ", 1)
            if sid.isdigit() and len(text.split()) >= 8 and len(text) < 340:
                sentences.append((int(sid), text))
    points = []
    for sid, text in sentences[:4]:
        if embellish:
            text = text.rstrip(".") + ", a plan said to cost 97 billion dollars."
        points.append({"text": text, "sentences": [sid]})
    body = {"points": points, "actors": [], "questions": []}
    return completion(json.dumps(body), prompt_tokens=len(user) // 4, completion_tokens=len(json.dumps(body)) // 4)
