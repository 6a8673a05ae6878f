"""Settings: explicit arguments > environment > config file > defaults.

The config file is TOML at ``<user config dir>/briefer/config.toml`` (or ``$BRIEFER_CONFIG``),
with the same keys as ``Settings``, e.g. ``model = "gpt-4o-mini"``.

``resolve`` is the one settings path: every command (``summarize``, ``brief``, ``eval run``, each
eval candidate) and the Python API (``briefer.summarize``) hand it the values they were given
(argparse options or keyword arguments; ``None`` = not given) and get ``Settings`` plus the
``FetchOptions`` that say how articles are read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path

from .errors import ConfigError

FETCH_TIMEOUT = 20.0  # seconds a whole fetch may take unless --timeout says otherwise (the one place)


# The --response-format names (how JSON is asked for; model/_modes.py applies them): settings values, so here.
class Mode(str, Enum):
    """One way of asking for schema-shaped JSON; the value is the ``--response-format`` name."""

    JSON_SCHEMA_STRICT = "json-schema-strict"  # response_format json_schema, strict: true (OpenAI)
    JSON_SCHEMA = "json-schema"  # json_schema, strict: false (vLLM, Ollama, llama-server)
    JSON_OBJECT_WITH_SCHEMA = "json-object"  # {"type": "json_object", "schema": ...} (llama.cpp family)
    TOOLS = "tools"  # one function whose parameters are the schema, forced by tool_choice
    PROMPT = "prompt"  # no response_format: the schema is only in the prompt


ORDER = (Mode.JSON_SCHEMA_STRICT, Mode.JSON_SCHEMA, Mode.JSON_OBJECT_WITH_SCHEMA, Mode.TOOLS, Mode.PROMPT)
CHOICES = ("auto",) + tuple(m.value for m in ORDER)


def parse_mode(name: str) -> Mode | None:
    """``None`` for ``auto``; a ``Mode`` for a mode name (``json_schema``-style spellings too)."""
    key = name.strip().lower().replace("_", "-")
    if key == "auto":
        return None
    aliases = {"json-object-with-schema": Mode.JSON_OBJECT_WITH_SCHEMA, "json-schema-nonstrict": Mode.JSON_SCHEMA,
               "function-calling": Mode.TOOLS, "none": Mode.PROMPT}
    if key in aliases:
        return aliases[key]
    return Mode(key)  # ValueError for an unknown name: config.py turns it into a ConfigError


STRATEGIES = ("auto", "extractive", "abstractive")
SMALL_MODEL = re.compile(r"(?i)(135m|360m|0\.5b|\b1b|1\.5b|1\.7b|smol|tiny|mini-?lm)")


def choose_strategy(requested: str, model_id: str, local: bool) -> str:
    """``auto`` → extractive for the embedded or a small model, abstractive otherwise."""
    if requested != "auto":
        return requested
    return "extractive" if local or SMALL_MODEL.search(model_id) else "abstractive"


# Who tells a story of several articles (daily/writer.py): its facts' own sentences, or the model rewriting them.
STORY_WRITERS = ("auto", "model", "extractive")


def choose_story_writer(requested: str, local: bool, model_id: str | None = None) -> str:
    """``auto`` → ``model`` with a capable endpoint, ``extractive`` on the embedded model or a small one
    (as ``choose_strategy`` decides: SmolLM2-135M cannot write a faithful sentence, so every point would
    fail the entailment check and cost a call)."""
    if requested != "auto":
        return requested
    return "extractive" if local or SMALL_MODEL.search(model_id or "") else "model"


# Context windows of common hosted models (tokens); anything unknown gets DEFAULT_CONTEXT.
CONTEXT_WINDOWS = {
    "gpt-4.1": 1_000_000, "gpt-4o": 128_000, "gpt-4-turbo": 128_000, "gpt-3.5-turbo": 16_000,
    "o1": 200_000, "o3": 200_000, "o4": 200_000, "gpt-5": 400_000, "claude": 200_000,
    "llama-3": 8_192, "llama3": 8_192, "qwen2.5": 32_768, "mistral": 32_768,
}
DEFAULT_CONTEXT = 8_192
LOCAL_CONTEXT = 4_096  # the embedded model's window (``local.LlamaTransport``) unless --context-window says otherwise


def cache_dir() -> Path:
    """Where briefer keeps its SQLite caches (model responses, fetched pages)."""
    from platformdirs import user_cache_dir  # here, not at import: ``briefer --help`` needs no paths

    return Path(user_cache_dir("briefer"))


@dataclass(frozen=True)
class Settings:
    """Everything that decides which model runs and how."""

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    model_path: str | None = None
    strategy: str = "auto"
    cache: bool = True
    cache_path: str | None = None
    prompts_dir: str | None = None  # a folder of prompt templates replacing the shipped ones
    temperature: float = 0.0
    seed: int | None = 0
    context_window: int | None = None
    timeout: float = 120.0
    max_attempts: int = 5
    max_reasks: int = 2
    response_format: str = "auto"  # how JSON is asked for: auto or a modes.Mode name (modes.py)
    story_writer: str = "auto"  # the daily brief's stories: auto, model or extractive (choose_story_writer)

    @property
    def local(self) -> bool:
        """True when briefer runs its embedded llama.cpp model (no endpoint configured).

        An endpoint is configured by a base URL, or by an API key plus a model name (which
        means OpenAI's own API).
        """
        return not self.base_url and not (self.api_key and self.model)

    def resolved_cache_path(self) -> Path:
        return Path(self.cache_path or cache_dir() / "responses.sqlite")

    def window(self, model_id: str) -> int:
        if self.context_window:
            return self.context_window
        name = model_id.lower()
        for prefix, size in CONTEXT_WINDOWS.items():
            if name.startswith(prefix) or f"/{prefix}" in name:
                return size
        return DEFAULT_CONTEXT


@dataclass(frozen=True)
class FetchOptions:
    """How articles are read: the fetch deadline, private addresses, the page cache, the input cap."""

    timeout: float = FETCH_TIMEOUT
    allow_private: bool = False
    cache: bool = True  # the on-disk page cache (``--no-cache`` turns it off with the response cache)
    max_input_tokens: int | None = None  # per article (None: ``limits.max_input_tokens()``)


SETTING_KEYS = frozenset(f.name for f in fields(Settings))
FETCH_KEYS = frozenset({"timeout", "allow_private", "cache", "max_input_tokens"})


def resolve(given: Mapping[str, object] | None = None, /, **kwargs) -> tuple[Settings, FetchOptions]:
    """``Settings`` and ``FetchOptions`` from explicit values over environment over config file.

    ``given`` and ``kwargs`` are what a command or API call was handed (``None`` = not given);
    a key that is neither a setting nor a fetch option is a ``ConfigError`` naming it. ``timeout``
    given once bounds both a fetch and a model call; not given, each keeps its own default.
    """
    values = {k: v for k, v in {**(given or {}), **kwargs}.items() if v is not None}
    unknown = sorted(set(values) - SETTING_KEYS - FETCH_KEYS)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(SETTING_KEYS | FETCH_KEYS))})")
    settings = load_settings(**{k: v for k, v in values.items() if k in SETTING_KEYS})
    fetch = FetchOptions(timeout=float(values.get("timeout", FETCH_TIMEOUT)),
                         allow_private=bool(values.get("allow_private", False)), cache=settings.cache,
                         max_input_tokens=values.get("max_input_tokens"))
    return settings, fetch


def config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(os.environ.get("BRIEFER_CONFIG") or Path(user_config_dir("briefer")) / "config.toml")


def _from_file(path: Path) -> dict:
    if not path.exists():
        return {}
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid config file ({exc})") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return data


def _from_env() -> dict:
    env = {
        "model": os.environ.get("BRIEFER_MODEL"),
        "base_url": os.environ.get("BRIEFER_BASE_URL"),
        "api_key": os.environ.get("OPENAI_API_KEY"),
        "model_path": os.environ.get("BRIEFER_MODEL_PATH"),
        "strategy": os.environ.get("BRIEFER_STRATEGY"),
        "prompts_dir": os.environ.get("BRIEFER_PROMPTS"),
        "response_format": os.environ.get("BRIEFER_RESPONSE_FORMAT"),
        "story_writer": os.environ.get("BRIEFER_STORY_WRITER"),
    }
    return {k: v for k, v in env.items() if v}


def load_settings(**overrides) -> Settings:
    """Merge the config file, the environment and explicit overrides (``None`` = not given)."""
    values: dict = {}
    values.update(_from_file(config_path()))
    values.update(_from_env())
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = replace(Settings(), **values)
    if settings.strategy not in STRATEGIES:
        raise ConfigError(f"unknown strategy '{settings.strategy}' (choose from {', '.join(STRATEGIES)})")
    if settings.story_writer not in STORY_WRITERS:
        raise ConfigError(f"unknown story writer '{settings.story_writer}' (choose from {', '.join(STORY_WRITERS)})")
    try:
        parse_mode(settings.response_format)
    except ValueError:
        raise ConfigError(
            f"unknown response format '{settings.response_format}' (choose from {', '.join(CHOICES)})"
        ) from None
    if settings.model_path and not settings.local:
        raise ConfigError("--model-path runs a local model; it cannot be combined with --base-url")
    return settings
