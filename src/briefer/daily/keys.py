"""What makes stored work reusable: the fingerprint of the settings a brief was made with.

A stored per-article brief is reused while its text hash and this fingerprint match, and a
finished daily brief (``replay``) while every article's stored copy and the fingerprint do.
Free of pydantic and of the pipeline, so that an unchanged rerun can be recognised cheaply.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from ..config import Settings, choose_story_writer, choose_strategy


def heading(now: datetime) -> str:
    """The daily brief's title for a run at ``now`` (UTC)."""
    return f"Daily brief — {now:%A %d %B %Y}"


def fingerprint(session) -> str:  # noqa: D401
    """What makes a stored brief reusable: model, strategy, prompt, sampling."""
    return _brief_key(session.model, session.strategy, str(getattr(session.template, "version", "")), session.settings)


def _brief_key(model: str, strategy: str, prompt_version: str, s: Settings) -> str:
    """The one formula both fingerprints use (a change here invalidates every stored brief)."""
    parts = [model, strategy, prompt_version, str(s.prompts_dir), str(s.temperature), str(s.seed)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def settings_fingerprint(settings: Settings) -> str:
    """``fingerprint(Session(settings))`` without making the session (no openai/httpx client, no
    model loaded, and no jinja2 when the prompt template's ``version`` is a plain literal). The
    embedded model's id is its file's stem, as ``LlamaTransport`` names it; a missing embedded
    model is the ``ConfigError`` the session would raise."""
    if settings.local:
        from ..model import default_model_path

        model = Path(settings.model_path or default_model_path()).stem
    else:
        model = settings.model or "default"
    strategy = choose_strategy(settings.strategy, model, settings.local)
    return _brief_key(model, strategy, _template_version(strategy, settings.prompts_dir), settings)


_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_VERSION = re.compile(r'\{%-?\s*set\s+version\s*=\s*"([^"\\{}%]*)"\s*-?%\}')


def _template_version(strategy: str, prompts_dir: str | None) -> str:
    """The prompt template's ``version``: read off its source when it is one top-level
    ``{% set version = "..." %}`` with only comments before it, else from the compiled template."""
    from ..resources import prompts_dir as shipped

    try:
        source = (Path(prompts_dir or shipped()) / f"{strategy}.j2").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        source = ""
    m = _VERSION.search(source)
    before = _COMMENT.sub("", source[:m.start()]) if m else ""
    if m and source.count("version") == 1 and "{%" not in before and "{#" not in before:
        return m.group(1)
    from ..pipeline import strategy_for

    return str(getattr(strategy_for(strategy, prompts_dir).tpl, "version", ""))



def story_key(settings: Settings) -> str:
    """What the story writer (``daily.writer``) adds to a daily brief's replay key: nothing when it does
    not run; else its prompt's text (a change to the prompt is a different brief)."""
    if choose_story_writer(settings.story_writer, settings.local, settings.model) != "model":
        return ""
    from ..resources import prompts_dir

    folder = settings.prompts_dir
    mine = Path(folder) / "story.j2" if folder else None
    path = mine if mine is not None and mine.is_file() else prompts_dir() / "story.j2"
    return "+story:" + hashlib.sha256(path.read_bytes()).hexdigest()[:12]
