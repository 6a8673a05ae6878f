"""Stage 4: a thin layer over the openai client — schema-constrained JSON in, pydantic out.

Like instructor: the response model's JSON Schema reaches the endpoint in one of several modes
(``modes.py``: json_schema strict or not, json_object with the schema, tools, prompt-only); in
``auto`` a rejection of the mode steps down to the next one at once (whatever the HTTP status), and
the accepted mode is remembered per endpoint. The reply is validated with pydantic, an invalid
reply is re-asked with the validation error (bounded), and transient failures are retried by
tenacity with exponential backoff + jitter, honouring Retry-After; the same error twice for the
same request is not transient and stops the retries. Every attempt's tokens are counted in
``Usage``; identical requests come from the cache.
"""

from __future__ import annotations

import copy
import json
import re
import time
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from .. import baton
from ._cache import request_key
from ..errors import ModelError
from ._modes import ORDER, Mode, ModeMemory, apply, is_rejection, next_mode, parse_mode
from ._replies import ModelReply, ResponseStore
from ..schemas import Usage
from ..text import shorten

if TYPE_CHECKING:
    import openai

T = TypeVar("T", bound=BaseModel)
MAX_RETRY_AFTER = 60.0
# Statuses where the same error again is normal (rate limits, a gateway while the server restarts):
# they are retried up to the budget; any other repeated error is deterministic and stops at once.
_REPEATABLE = (429, 502, 503, 504)


class _Invalid(Exception):
    """The reply cannot be used as is; the message goes back to the model in a re-ask."""


class _Rejected(Exception):
    """The endpoint refused how the request asked for JSON (not transient: never retried as such)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def inline_refs(schema: dict) -> dict:
    """Resolve ``$ref``s into ``$defs`` so every grammar converter can read the schema."""
    defs = schema.get("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                target = defs[node["$ref"].split("/")[-1]]
                return walk(copy.deepcopy(target))
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def strict_schema(model: type[BaseModel]) -> dict:
    """The model's schema, refs inlined, every object closed and fully required (strict mode).

    A model that writes its strict schema itself (``choice.Choice``) is asked for it instead."""
    direct = getattr(model, "strict_json_schema", None)
    if direct is not None:
        return direct()
    schema = inline_refs(model.model_json_schema())

    def close(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
                node["required"] = list(node["properties"])
            node.pop("title", None)
            node.pop("default", None)
            if "const" in node:  # a one-value Literal; enum is understood by every grammar engine
                node["enum"] = [node.pop("const")]
            for v in node.values():
                close(v)
        elif isinstance(node, list):
            for v in node:
                close(v)

    close(schema)
    return schema


def parse_json(content: str) -> object:
    """Parse a JSON reply, tolerating a Markdown code fence around it."""
    text = content.strip()
    fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.DOTALL)
    if fence:
        text = fence.group(1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Invalid(f"reply is not valid JSON ({exc.msg} at char {exc.pos})") from None


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _transient(exc: BaseException) -> bool:
    import openai

    if isinstance(exc, openai.APIStatusError) and exc.status_code not in (401, 403, 404, 429) \
            and is_rejection(_api_message(exc)):
        return False  # a format rejection: the caller steps down instead of retrying
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(exc, openai.APIStatusError) and (exc.status_code in (408, 409) or exc.status_code >= 500)


class StructuredLLM:
    """Ask a model for JSON matching a pydantic model, with re-asks, retries, cache and usage."""

    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        *,
        cache: ResponseStore | None = None,
        usage: Usage | None = None,
        max_attempts: int = 5,
        max_reasks: int = 2,
        backoff_initial: float = 0.5,
        backoff_max: float = 20.0,
        response_format: str | Mode = "auto",
        memory: ModeMemory | None = None,
        seed: int | None = 0,
        temperature: float = 0.0,
        retry_timeouts: bool = True,  # False: a timed-out call fails at once (the embedded model: as slow again)
    ):
        self.client = client
        self.model = model
        self.cache = cache
        self.usage = usage or Usage(model=model)
        self.max_attempts = max_attempts
        self.max_reasks = max_reasks
        self._wait_exp = wait_exponential_jitter(multiplier=backoff_initial, max=backoff_max, jitter=backoff_initial)
        mode = response_format if isinstance(response_format, Mode) else parse_mode(response_format)
        self.auto = mode is None
        self.memory = memory
        remembered = memory.get() if (self.auto and memory is not None) else None
        self.mode: Mode = mode or remembered or Mode.JSON_SCHEMA_STRICT
        self.seed, self.temperature, self.retry_timeouts = seed, temperature, retry_timeouts

    # -- public -----------------------------------------------------------------
    def complete(
        self,
        messages: list[dict],
        response_model: type[T],
        *,
        name: str,
        max_tokens: int = 512,
        temperature: float | None = None,
    ) -> T:
        """One validated object of ``response_model``; raises ``ModelError`` when it cannot."""
        schema = strict_schema(response_model)
        temperature = self.temperature if temperature is None else temperature
        messages = list(messages)
        last_error, cut_off = "", False  # a reply cut off at max_tokens is asked again once, not till re-asks run out
        for attempt in range(self.max_reasks + 1):
            reply = self._request(messages, schema, name, max_tokens, temperature)
            content = reply.content or ""
            try:
                if reply.refusal:
                    raise ModelError(f"model '{self.model}' refused: {shorten(reply.refusal)}")
                if reply.finish_reason == "content_filter":
                    raise ModelError(f"model '{self.model}' refused: output blocked by its content filter")
                if reply.finish_reason == "length" and cut_off:
                    raise ModelError(f"model '{self.model}' gave no complete {name}: cut off at max_tokens twice")
                if reply.finish_reason == "length":
                    cut_off = True
                    raise _Invalid(f"the reply was cut off at max_tokens={max_tokens}; answer more briefly")
                return response_model.model_validate(parse_json(content))
            except ValidationError as exc:
                last_error = _validation_summary(exc)
            except _Invalid as exc:
                last_error = str(exc)
            if attempt < self.max_reasks:
                self.usage.reasks += 1
                if reply.finish_reason == "length":
                    max_tokens = int(max_tokens * 1.5)
                messages = messages + [
                    {"role": "assistant", "content": content[:2000]},
                    {
                        "role": "user",
                        "content": f"That reply was invalid: {last_error}. "
                        "Reply again with only a JSON object that matches the schema.",
                    },
                ]
        raise ModelError(
            f"model '{self.model}' gave no valid {name} after {self.max_reasks + 1} attempts: {last_error}"
        )

    # -- one request, cached and retried -----------------------------------------
    def _body(self, messages, schema, name, max_tokens, temperature) -> dict:
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": temperature,
            "max_tokens": max_tokens,
        }
        if self.seed is not None:
            body["seed"] = self.seed
        return apply(body, self.mode, schema, name)

    def _request(self, messages, schema, name, max_tokens, temperature) -> ModelReply:
        import openai  # imported on first use: ``import briefer`` stays fast

        while True:
            body = self._body(messages, schema, name, max_tokens, temperature)
            key = request_key(body)
            if self.cache is not None:
                hit = self.cache.get(key, request=body)
                if hit is not None:
                    self.usage.response_format = self.mode.value
                    if hit.paid:  # answered by this run's Batch API job: a call paid for now
                        self.usage.calls += 1
                        self._count(*hit.paid)
                    else:
                        self.usage.cached_calls += 1
                        self.usage.cached_tokens += hit.tokens
                    return hit
            try:
                reply = self._call(body)
            except _Rejected as exc:
                self.usage.rejected += 1
                self._step_down(exc)
                continue
            except openai.BadRequestError as exc:
                raise ModelError(f"endpoint rejected the request (HTTP 400): {_api_message(exc)}") from None
            self.usage.response_format = self.mode.value
            if self.auto and self.memory is not None:
                self.memory.accepted(self.mode)
            if self.cache is not None and reply.finish_reason in ("stop", "length", "tool_calls", None):
                self.cache.put(key, self.model, reply, request=body)
            return reply

    def _step_down(self, exc: _Rejected) -> None:
        """``auto``: move to the next mode (modes.ORDER). An explicit mode, or the last one: a
        one-line error that names the flag to try."""
        lower = next_mode(self.mode, exc.message)
        if self.auto and lower is not None:
            # another thread of this endpoint may have stepped further already: never climb back up
            shared = self.memory.get() if self.memory is not None else None
            self.mode = shared if shared is not None and ORDER.index(shared) > ORDER.index(lower) else lower
            return
        hint = f"try --response-format {lower.value} (or auto)" if lower is not None and not self.auto \
            else "the endpoint takes none of briefer's structured-output modes"
        raise ModelError(
            f"endpoint rejected --response-format {self.mode.value} (HTTP {exc.status}: {exc.message}); {hint}"
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc) if exc else None
        if after is not None:
            return min(after, MAX_RETRY_AFTER)
        return self._wait_exp(state)

    def _before_sleep(self, state: RetryCallState) -> None:
        self.usage.retries += 1

    def _call(self, body: dict) -> dict:
        import openai
        from openai.types.chat import ChatCompletion

        seen: dict[tuple, int] = {}

        def retry_on(exc: BaseException) -> bool:
            if not _transient(exc) or (isinstance(exc, openai.APITimeoutError) and not self.retry_timeouts):
                return False
            if isinstance(exc, openai.APIStatusError) and exc.status_code not in _REPEATABLE \
                    and _retry_after(exc) is None:
                sig = (exc.status_code, _api_message(exc))
                seen[sig] = seen.get(sig, 0) + 1
                return seen[sig] < 2  # the same error for the same request twice: deterministic
            return True

        retrying = Retrying(
            retry=retry_if_exception(retry_on),
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        started = time.perf_counter()
        try:
            with baton.released():  # the wait (and any retry sleep) is not this thread's CPU turn
                resp = self._post(retrying, body)
        except openai.APIStatusError as exc:
            message = _api_message(exc)
            if exc.status_code not in (401, 403, 404, 429) and is_rejection(message):
                raise _Rejected(exc.status_code, message) from None
            raise self._error(exc, seen) from None
        except openai.APIConnectionError as exc:
            raise self._error(exc, seen) from None
        finally:
            self.usage.model_seconds += time.perf_counter() - started
        if not isinstance(resp, ChatCompletion):  # the client hands back text when the answer is not JSON
            raise ModelError(f"model endpoint {self.client.base_url} did not answer with JSON "
                             f"({shorten(str(resp), 80)!r}); is --base-url the API's /v1 address?")
        return self._record(resp)

    def _post(self, retrying, body: dict):
        from openai.types.chat import ChatCompletion

        for attempt in retrying:
            with attempt:
                self.usage.calls += 1
                # post() rather than chat.completions.create(): the body is already plain JSON,
                # and create()'s TypedDict transform costs ~2 ms of CPU per call (matters at 500 articles)
                with baton.request_slot():
                    resp = self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)
        return resp

    def _error(self, exc, seen: dict) -> Exception:
        """The one-line error for a request that failed for good (a plain 400 goes back as is)."""
        import openai

        url = self.client.base_url
        if isinstance(exc, openai.BadRequestError):
            return exc
        if isinstance(exc, openai.AuthenticationError):
            return ModelError(f"endpoint {url} rejected the API key (HTTP 401); check OPENAI_API_KEY")
        if isinstance(exc, openai.PermissionDeniedError):
            return ModelError(f"endpoint refused access (HTTP 403): {_api_message(exc)}")
        if isinstance(exc, openai.NotFoundError):
            return ModelError(f"model '{self.model}' not found at {url} (HTTP 404: {_api_message(exc)})")
        if isinstance(exc, openai.APITimeoutError):
            if not self.retry_timeouts:  # the client's timeout is a float or an httpx.Timeout
                return ModelError(f"model '{self.model}' did not finish within the {self.client.timeout} s timeout")
            return ModelError(f"model endpoint {url} timed out ({self.max_attempts} attempts)")
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(f"cannot reach model endpoint {url} ({self.max_attempts} attempts); is it running?")
        message = _api_message(exc)
        if seen.get((exc.status_code, message), 0) >= 2:
            return ModelError(
                f"model endpoint failed twice with the same HTTP {exc.status_code} for the same request "
                f"(not transient, so not retried further): {message}"
            )
        return ModelError(
            f"model endpoint failed with HTTP {exc.status_code} after {self.max_attempts} attempts: {message}"
        )

    def _count(self, prompt: int, completion: int) -> None:
        """Tokens of a call paid for (a reply now, or a Batch API job's answer)."""
        self.usage.prompt_tokens += prompt
        self.usage.completion_tokens += completion
        self.usage.total_tokens = self.usage.prompt_tokens + self.usage.completion_tokens

    def _record(self, resp) -> ModelReply:
        if resp.usage is not None:
            self._count(resp.usage.prompt_tokens or 0, resp.usage.completion_tokens or 0)
        if not resp.choices:
            raise ModelError(f"model '{self.model}' returned no choices")
        choice = resp.choices[0]
        usage = resp.usage.model_dump() if resp.usage is not None else None
        return ModelReply.answer(choice.message.model_dump(), choice.finish_reason, usage)


def _api_message(exc: openai.APIStatusError) -> str:
    body = getattr(exc, "body", None)
    msg = None
    if isinstance(body, dict):
        err = body.get("error")
        msg = err.get("message") if isinstance(err, dict) else body.get("message")
    return shorten(str(msg or getattr(exc, "message", exc)))


def _validation_summary(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)

