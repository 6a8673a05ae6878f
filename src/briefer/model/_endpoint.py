"""The one place a model connection is built: the embedded llama.cpp model or any OpenAI-compatible endpoint.

Summarizing, the daily brief, the batch path and the LLM judge all reach a model through an
``Endpoint``, so they share one way to pick the model, one openai client configuration (no
client-side retries: tenacity in ``llm.py`` owns them), and the same sampling settings (seed,
temperature, attempts, re-asks). The client is made on first use: a run answered entirely from a
cache or a store never imports openai.
"""

from __future__ import annotations

import threading

from ..config import LOCAL_CONTEXT, Settings
from ._llm import StructuredLLM
from ..schemas import Usage


class Endpoint:
    """A model connection: which model, how to reach it, and the settings every request uses."""

    def __init__(self, settings: Settings, *, http_client=None, load_model: bool = True):
        """``http_client`` replaces the transport (tests, users' own fakes); ``load_model=False``
        defers loading the embedded model until the first request (a replayed run never needs it)."""
        self.settings = settings
        self._transport = None
        if settings.local and http_client is None:
            from ._local import LOCAL_BASE_URL, LlamaTransport, default_model_path, local_http_client

            transport = LlamaTransport(settings.model_path or default_model_path(), n_ctx=settings.context_window or LOCAL_CONTEXT)
            if load_model:
                transport.load()
            self._transport = transport
            http_client = local_http_client(transport)
            self.base_url, api_key = LOCAL_BASE_URL, "local"
            self.model = transport.model_id
        else:
            self.base_url, api_key = settings.base_url, settings.api_key or "not-needed"
            self.model = settings.model or "default"
            if http_client is None:  # --timeout bounds a whole call, not each read (a trickling server)
                http_client = _deadline_client(settings.timeout)
        self.local = self._transport is not None
        # what ``--response-format auto`` found this endpoint accepts, shared by its threads and
        # remembered across runs (the embedded model takes json_schema: nothing to remember)
        from ..config import cache_dir
        from ._modes import ModeMemory

        memory = None if self.local or not settings.cache else cache_dir() / "endpoints.json"  # --no-cache: no file
        self.modes = ModeMemory(memory, self.base_url, self.model)
        self._api_key = api_key
        self._http_client = http_client
        self._client = None
        self._lock = threading.Lock()

    @property
    def client(self):
        """The openai client, made on first use (thread-safe)."""
        with self._lock:
            if self._client is None:
                import openai

                self._client = openai.OpenAI(base_url=self.base_url, api_key=self._api_key, max_retries=0,
                                             timeout=self.settings.timeout, http_client=self._http_client)
            return self._client

    def prepare(self) -> None:
        """Connect (and load the embedded model) now, before work fans out to threads: a bad
        model file is then one error, not one per article."""
        if self._transport is not None:
            self._transport.load()
        self.client  # noqa: B018 - creating it imports openai once, outside the worker threads

    def llm(self, *, cache=None, usage: Usage | None = None, seed: int | None = None) -> StructuredLLM:
        """A ``StructuredLLM`` on this endpoint with the settings' sampling and retry budget."""
        s = self.settings
        return StructuredLLM(
            self.client, self.model, cache=cache, usage=usage,
            max_attempts=s.max_attempts, max_reasks=s.max_reasks, seed=s.seed if seed is None else seed,
            temperature=s.temperature, response_format=s.response_format, memory=self.modes,
            retry_timeouts=not self.local,
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _deadline_client(total: float | None):
    """openai's default httpx client settings, on a transport where each request ends within ``total``."""
    import httpx

    from ..extraction import DeadlineTransport

    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
    return httpx.Client(transport=DeadlineTransport(total, limits=limits), follow_redirects=True)
