"""Shared fixtures: an isolated environment, a real web server and a scripted model endpoint,
all on 127.0.0.1. Nothing here touches any other address."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefer.testing import FakeOpenAI  # noqa: E402

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """No user config, cache or endpoint leaks into a test."""
    for var in ("BRIEFER_MODEL", "BRIEFER_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFER_CONFIG",
                "BRIEFER_MODEL_PATH", "BRIEFER_STRATEGY", "BRIEFER_RESPONSE_FORMAT", "BRIEFER_STORY_WRITER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("BRIEFER_CONFIG", str(tmp_path / "config" / "briefer.toml"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield


@pytest.fixture
def seed_path() -> Path:
    assert SEED.exists(), f"seed article missing: {SEED}"
    return SEED


class WebServer:
    """Serve routes: path → (status, headers, body bytes) or callable(handler) for special cases."""

    def __init__(self):
        self.routes: dict = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self):  # the same routes (an endpoint that answers with a web page, say)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def add(self, path: str, body: bytes | str, status: int = 200, content_type: str = "text/html; charset=utf-8",
            headers: dict | None = None) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, data)
        return self.url(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def web():
    server = WebServer()
    yield server
    server.close()


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def slow_route(seconds: float):
    def handler(h):
        time.sleep(seconds)
        try:
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", "2")
            h.end_headers()
            h.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass
    return handler


def redirect_loop(h):
    h.send_response(302)
    h.send_header("Location", h.path)
    h.send_header("Content-Length", "0")
    h.end_headers()


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 300, cwd=None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``briefer`` console script as a user would (in ``env``, default this process's)."""
    exe = Path(sys.executable).parent / "briefer"
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, timeout=timeout,
                          env=os.environ.copy() if env is None else env, cwd=cwd)
