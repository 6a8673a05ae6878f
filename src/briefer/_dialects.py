"""How real server families answer structured-output requests, for ``briefer.testing.FakeOpenAI(dialect=...)``.

Each check returns the rejection that family sends (its status, and an error body whose message is
in its words: the step-down in ``briefer.model._llm`` reads the message) or ``None`` when it accepts the
request. Kept apart from the server so each dialect stays a few readable lines; plain (status,
body) pairs, so that this module needs nothing of ``testing`` (which wraps them in a ``Reply``).
"""

from __future__ import annotations

from collections.abc import Callable

Rejection = tuple[int, dict]  # (HTTP status, JSON body): ``testing`` sends it as its ``Reply``


def _error(status: int, message: str) -> Rejection:
    return status, {"error": {"message": message, "type": "invalid_request_error", "param": None}}


def _strict_ok(schema: dict) -> bool:
    """OpenAI's strict mode: every object closed, every property required."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            if schema.get("additionalProperties") is not False or set(schema.get("required", [])) != set(schema["properties"]):
                return False
        return all(_strict_ok(v) for v in schema.values())
    if isinstance(schema, list):
        return all(_strict_ok(v) for v in schema)
    return True


def _openai(req: dict, status: int) -> Rejection | None:
    fmt = req.get("response_format") or {}
    spec = fmt.get("json_schema") or {}
    if spec.get("strict") and not _strict_ok(spec.get("schema") or {}):
        return _error(status, "Invalid schema for response_format 'x': In context=(), 'additionalProperties' "
                              "is required to be supplied and to be false.")
    if fmt.get("type") == "json_object" and "schema" in fmt:
        return _error(status, "Additional properties are not allowed ('schema' was unexpected) - 'response_format'")
    return None


def _llama_cpp_python(req: dict, status: int) -> Rejection | None:
    if (req.get("response_format") or {}).get("type") == "json_schema":
        # what llama-cpp-python 0.3.x's server answers (pydantic validation, reported as HTTP 500)
        return _error(status, "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', "
                              "'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}")
    return None


def _no_strict(req: dict, status: int) -> Rejection | None:
    if ((req.get("response_format") or {}).get("json_schema") or {}).get("strict"):
        return _error(status, "json_schema.strict is not supported")
    return None


def _tools_only(req: dict, status: int) -> Rejection | None:
    if req.get("response_format"):
        return _error(status, "response_format is not supported by this model; use tools")
    return None


def _prompt_only(req: dict, status: int) -> Rejection | None:
    for field in ("response_format", "tools", "tool_choice"):
        if field in req:
            return _error(status, f"Unrecognized request argument supplied: {field}")
    return None


# dialect name → (check(request, status) → a rejection or None, the status that server rejects with)
DIALECTS: dict[str, tuple[Callable[[dict, int], Rejection | None], int]] = {
    "any": (lambda req, status: None, 400),  # accepts every structured-output mode
    "openai": (_openai, 400),  # strict json_schema validated; json_object takes no schema
    "llama-cpp-python": (_llama_cpp_python, 500),  # json_schema refused; json_object + schema honoured
    "no-strict": (_no_strict, 400),  # json_schema without strict only
    "tools-only": (_tools_only, 400),  # no response_format; function calling works
    "prompt": (_prompt_only, 422),  # neither response_format nor tools
}
