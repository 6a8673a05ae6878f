"""Stage 4: a thin layer over the openai client — schema-constrained JSON in, pydantic out.

Like instructor: the response model's JSON Schema goes in ``response_format`` (strict where the
endpoint takes it, with explicit fallbacks where it does not), the reply is validated with
pydantic, an invalid reply is re-asked with the validation error (bounded), and transient
failures are retried by tenacity with exponential backoff + jitter, honouring Retry-After.
Every attempt's tokens are counted in ``Usage``; identical requests come from the cache.
"""

from __future__ import annotations

import copy
import json
import re
import time
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from .cache import ResponseCache, request_key
from .errors import ModelError
from .schemas import Usage
from .clean import shorten

if TYPE_CHECKING:
    import openai

T = TypeVar("T", bound=BaseModel)
MAX_RETRY_AFTER = 60.0
_FORMATS = ("json_schema_strict", "json_schema", "json_object", "none")


class _Invalid(Exception):
    """The reply cannot be used as is; the message goes back to the model in a re-ask."""


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
    """The model's schema, refs inlined, every object closed and fully required (strict mode)."""
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
        cache: ResponseCache | None = None,
        usage: Usage | None = None,
        max_attempts: int = 5,
        max_reasks: int = 2,
        backoff_initial: float = 0.5,
        backoff_max: float = 20.0,
        response_format: str = "json_schema_strict",
        seed: int | None = 0,
        temperature: float = 0.0,
    ):
        self.client = client
        self.model = model
        self.cache = cache
        self.usage = usage or Usage(model=model)
        self.max_attempts = max_attempts
        self.max_reasks = max_reasks
        self._wait_exp = wait_exponential_jitter(multiplier=backoff_initial, max=backoff_max, jitter=backoff_initial)
        self.format = response_format
        self.seed = seed
        self.temperature = temperature

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
        last_error = ""
        for attempt in range(self.max_reasks + 1):
            reply = self._request(messages, schema, name, max_tokens, temperature)
            content = reply.get("content") or ""
            try:
                if reply.get("refusal"):
                    raise ModelError(f"model '{self.model}' refused: {shorten(reply['refusal'])}")
                if reply.get("finish_reason") == "content_filter":
                    raise ModelError(f"model '{self.model}' refused: output blocked by its content filter")
                if reply.get("finish_reason") == "length":
                    raise _Invalid(f"the reply was cut off at max_tokens={max_tokens}; answer more briefly")
                return response_model.model_validate(parse_json(content))
            except ValidationError as exc:
                last_error = _validation_summary(exc)
            except _Invalid as exc:
                last_error = str(exc)
            if attempt < self.max_reasks:
                self.usage.reasks += 1
                if reply.get("finish_reason") == "length":
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
        if self.format.startswith("json_schema"):
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": self.format.endswith("strict")},
            }
        elif self.format == "json_object":
            body["response_format"] = {"type": "json_object"}
        if self.format in ("json_object", "none"):
            hint = "Reply with only a JSON object matching this JSON Schema:\n" + json.dumps(schema)
            body["messages"] = [{"role": "system", "content": hint}, *messages]
        return body

    def _request(self, messages, schema, name, max_tokens, temperature) -> dict:
        import openai  # imported on first use: ``import briefer`` stays fast

        while True:
            body = self._body(messages, schema, name, max_tokens, temperature)
            key = request_key(body)
            if self.cache is not None:
                hit = self.cache.get(key, request=body)
                if hit is not None:
                    self.usage.cached_calls += 1
                    self.usage.cached_tokens += hit.get("tokens", 0)
                    return hit
            try:
                reply = self._call(body)
            except openai.BadRequestError as exc:
                if self._downgrade_format(exc):
                    continue
                raise ModelError(f"endpoint rejected the request (HTTP 400): {_api_message(exc)}") from None
            if self.cache is not None and reply.get("finish_reason") in ("stop", "length", None):
                self.cache.put(key, self.model, reply, request=body)
            return reply

    def _downgrade_format(self, exc: openai.BadRequestError) -> bool:
        """Step down strict schema → schema → json_object → prompt-only when the endpoint objects."""
        text = _api_message(exc).lower()
        if not any(w in text for w in ("response_format", "json_schema", "schema", "strict")):
            return False
        idx = _FORMATS.index(self.format)
        if idx + 1 >= len(_FORMATS):
            return False
        self.format = _FORMATS[idx + 1]
        return True

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

        retrying = Retrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        started = time.perf_counter()
        try:
            for attempt in retrying:
                with attempt:
                    self.usage.calls += 1
                    # post() rather than chat.completions.create(): the body is already plain JSON,
                    # and create()'s TypedDict transform costs ~2 ms of CPU per call (matters at 500 articles)
                    resp = self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)
        except openai.AuthenticationError:
            raise ModelError(
                f"endpoint {self.client.base_url} rejected the API key (HTTP 401); check OPENAI_API_KEY"
            ) from None
        except openai.PermissionDeniedError as exc:
            raise ModelError(f"endpoint refused access (HTTP 403): {_api_message(exc)}") from None
        except openai.NotFoundError as exc:
            raise ModelError(
                f"model '{self.model}' not found at {self.client.base_url} (HTTP 404: {_api_message(exc)})"
            ) from None
        except openai.BadRequestError:
            raise
        except openai.APITimeoutError:
            raise ModelError(
                f"model endpoint {self.client.base_url} timed out ({self.max_attempts} attempts)"
            ) from None
        except openai.APIConnectionError:
            raise ModelError(
                f"cannot reach model endpoint {self.client.base_url} ({self.max_attempts} attempts); is it running?"
            ) from None
        except openai.APIStatusError as exc:
            raise ModelError(
                f"model endpoint failed with HTTP {exc.status_code} after {self.max_attempts} attempts: "
                f"{_api_message(exc)}"
            ) from None
        finally:
            self.usage.model_seconds += time.perf_counter() - started
        if not isinstance(resp, ChatCompletion):  # the client hands back text when the answer is not JSON
            raise ModelError(f"model endpoint {self.client.base_url} did not answer with JSON "
                             f"({shorten(str(resp), 80)!r}); is --base-url the API's /v1 address?")
        return self._record(resp)

    def _record(self, resp) -> dict:
        if resp.usage is not None:
            self.usage.prompt_tokens += resp.usage.prompt_tokens or 0
            self.usage.completion_tokens += resp.usage.completion_tokens or 0
            self.usage.total_tokens = self.usage.prompt_tokens + self.usage.completion_tokens
        if not resp.choices:
            raise ModelError(f"model '{self.model}' returned no choices")
        choice = resp.choices[0]
        used = resp.usage
        return {
            "content": choice.message.content,
            "refusal": getattr(choice.message, "refusal", None),
            "finish_reason": choice.finish_reason,
            "tokens": (used.prompt_tokens or 0) + (used.completion_tokens or 0) if used is not None else 0,
        }


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

