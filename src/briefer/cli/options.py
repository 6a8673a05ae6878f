"""Options shared by several commands, declared once (as simonw/llm does), and the one place that
turns parsed arguments into ``Settings`` and ``FetchOptions`` (through ``config.resolve``, the
path the Python API takes too)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import FetchOptions, Settings


def model_options() -> argparse.ArgumentParser:
    """How to reach a model: every command that calls one takes these."""
    from ..config import STRATEGIES
    from ..config import CHOICES

    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("model")
    g.add_argument("--model", help="model name at the endpoint (env BRIEFER_MODEL)")
    g.add_argument("--base-url", help="any OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (env BRIEFER_BASE_URL)")
    g.add_argument("--api-key", help="API key (env OPENAI_API_KEY)")
    g.add_argument("--strategy", choices=STRATEGIES, help="extractive (small models), abstractive, or auto (default)")
    g.add_argument("--response-format", choices=CHOICES, metavar="MODE",
                   help="how to ask for JSON: auto (default: find what the endpoint accepts and remember it), "
                        + ", ".join(CHOICES[1:]) + " (env BRIEFER_RESPONSE_FORMAT)")
    g.add_argument("--prompts-dir", help="a folder of prompt templates replacing the shipped ones (env BRIEFER_PROMPTS)")
    g.add_argument("--model-path", help="run this local GGUF file instead of the embedded SmolLM2-135M")
    g.add_argument("--context-window", type=int, help="the model's context window in tokens (sizes chunks)")
    _add_no_cache(g)
    return p


def cache_options() -> argparse.ArgumentParser:
    """``--no-cache`` for a command without the model options (``extract``)."""
    p = argparse.ArgumentParser(add_help=False)
    _add_no_cache(p)
    return p


def _add_no_cache(parser) -> None:
    """The one declaration of ``--no-cache``, whichever commands take it."""
    parser.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the on-disk caches (responses, pages, what endpoints accept)")


def story_options() -> argparse.ArgumentParser:
    """How the daily brief tells a story of several articles."""
    from ..config import STORY_WRITERS

    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--story-writer", choices=STORY_WRITERS,
                   help="a story of several articles: model (the model rewrites its facts into short points, each "
                        "checked for entailment by every outlet's cited sentence), extractive (the facts' own "
                        "sentences), or auto (default: model with a capable endpoint, extractive on the embedded model or a small one; "
                        "env BRIEFER_STORY_WRITER)")
    return p


def source_options() -> argparse.ArgumentParser:
    """How sources are read: commands that fetch pages take these."""
    p = argparse.ArgumentParser(add_help=False)
    from ..config import FETCH_TIMEOUT, Settings

    p.add_argument("--timeout", type=float, help=f"seconds a whole fetch ({FETCH_TIMEOUT:g}) or model call "
                                                 f"({Settings.timeout:g}) may take")
    p.add_argument("--allow-private", action="store_true",
                   help="allow URLs on private, loopback or link-local addresses (refused by default)")
    p.add_argument("--max-input-tokens", type=int, metavar="N",
                   help="read at most N tokens of each article, cut with a warning (default 50000 or "
                        "$BRIEFER_MAX_INPUT_TOKENS; 0: no cap)")
    return p


def output_options(formats: tuple[str, ...], default: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    p.add_argument("--format", choices=formats, default=default, help=f"{', '.join(formats)} (default {default})")
    return p


def settings_from(args: argparse.Namespace) -> tuple[Settings, FetchOptions]:
    """``Settings`` and ``FetchOptions`` from whichever shared options this command has, then
    environment and config file (``config.resolve``)."""
    from ..config import FETCH_KEYS, SETTING_KEYS, resolve

    given = {k: getattr(args, k) for k in SETTING_KEYS | FETCH_KEYS if k != "cache" and hasattr(args, k)}
    return resolve(given, cache=False if getattr(args, "no_cache", False) else None)
