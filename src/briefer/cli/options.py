"""Options shared by several commands, declared once (as simonw/llm does), and the one place that
turns parsed arguments into ``Settings``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Settings


def model_options() -> argparse.ArgumentParser:
    """How to reach a model: every command that calls one takes these."""
    from ..config import STRATEGIES
    from ..modes import CHOICES

    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("model")
    g.add_argument("--model", help="model name at the endpoint (env BRIEFER_MODEL)")
    g.add_argument("--base-url", help="any OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (env BRIEFER_BASE_URL)")
    g.add_argument("--api-key", help="API key (env OPENAI_API_KEY)")
    g.add_argument("--strategy", choices=STRATEGIES, help="extractive (small models), abstractive, or auto (default)")
    g.add_argument("--response-format", choices=CHOICES, metavar="MODE",
                   help="how to ask for JSON: auto (default: find what the endpoint accepts and remember it), "
                        + ", ".join(CHOICES[1:]) + " (env BRIEFER_RESPONSE_FORMAT)")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the on-disk caches")
    return p


def source_options() -> argparse.ArgumentParser:
    """How sources are read: commands that fetch pages take these."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--timeout", type=float, help="seconds a whole fetch (20) or model call (120) may take")
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


def settings_from(args: argparse.Namespace, **extra) -> Settings:
    """``Settings`` from whichever shared options this command has, then environment and config file."""
    from ..config import load_settings

    get = lambda name: getattr(args, name, None)  # noqa: E731
    return load_settings(
        model=get("model"), base_url=get("base_url"), api_key=get("api_key"), model_path=get("model_path"),
        strategy=get("strategy"), context_window=get("context_window"), timeout=get("timeout"),
        cache=False if get("no_cache") else None, prompts_dir=get("prompts_dir"),
        response_format=get("response_format"), **extra,
    )
