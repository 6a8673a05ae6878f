"""``briefer`` command line: a thin layer over the Python API.

Errors a user can fix are printed as one line (``briefer: error: …``) with a nonzero exit and no
traceback (``-v`` shows one for unexpected errors). Output files are written atomically.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback

from . import __version__
from .config import STRATEGIES, load_settings
from .errors import BrieferError, warn
from .render import FORMATS, render, write_atomic
from .schemas import (brief_json_schema, daily_json_schema, eval_json_schema, extraction_json_schema,
                      pairs_json_schema)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefer", description="Grounded, structured briefs of news articles.")
    p.add_argument("--version", action="version", version=f"briefer {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    src = argparse.ArgumentParser(add_help=False)  # options every command that reads a source shares
    src.add_argument("source", help="a .html/.htm/.txt/.md file, an http(s) URL, or - for stdin")
    src.add_argument("--timeout", type=float, help="seconds to wait for a fetch or a model reply (default 20 / 120)")
    src.add_argument("--allow-private", action="store_true",
                     help="allow URLs on private, loopback or link-local addresses (refused by default)")
    src.add_argument("--no-cache", action="store_true", help="neither read nor write the on-disk caches")
    src.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    src.add_argument("-v", "--verbose", action="store_true", help="report details on stderr")

    s = sub.add_parser("summarize", parents=[src], help="summarize one article (path, URL or - for stdin)")
    s.add_argument("--model", help="model name at the endpoint (env BRIEFER_MODEL)")
    s.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (env BRIEFER_BASE_URL)")
    s.add_argument("--api-key", help="API key (env OPENAI_API_KEY)")
    s.add_argument("--model-path", help="run this local GGUF file instead of the embedded SmolLM2-135M")
    s.add_argument("--strategy", choices=STRATEGIES, help="extractive (small models), abstractive, or auto (default)")
    s.add_argument("--context-window", type=int, help="the model's context window in tokens (sizes chunks)")
    s.add_argument("--format", choices=FORMATS, default="md", help="md (default), json or html")

    e = sub.add_parser("extract", parents=[src], help="print an article's main text (and metadata with json)")
    e.add_argument("--format", choices=("text", "md", "json"), default="text",
                   help="text (default), md (title and metadata header) or json (schema: briefer schema extraction)")

    from .daily_cli import add_parser as add_daily
    from .eval_cli import add_parser as add_eval

    add_daily(sub)
    add_eval(sub)

    sc = sub.add_parser("schema", help="print the JSON Schema of a JSON output (default: the brief)")
    sc.add_argument("which", nargs="?", choices=("brief", "extraction", "daily", "eval", "pairs"), default="brief",
                    help="brief (summarize), extraction (extract), daily (brief), eval (eval run --json), "
                         "pairs (a line of eval score-pairs)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "schema":
            schema = {"brief": brief_json_schema, "extraction": extraction_json_schema, "daily": daily_json_schema,
                      "eval": eval_json_schema, "pairs": pairs_json_schema}[args.which]()
            print(json.dumps(schema, indent=2))
            return 0
        if args.command == "extract":
            return _extract(args)
        if args.command == "brief":
            from rich.console import Console

            from .daily_cli import main as daily_main

            return daily_main(args, Console(stderr=True))
        if args.command == "eval":
            from rich.console import Console

            from .eval_cli import main as eval_main

            return eval_main(args, Console(stderr=True))
        return _summarize(args)
    except BrieferError as exc:
        print(f"briefer: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefer: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line unless -v
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"briefer: internal error: {type(exc).__name__}: {exc} (rerun with -v for details)", file=sys.stderr)
        return 70


def _load(args, console):
    from .extract import load_document

    doc = load_document(
        args.source, timeout=args.timeout or 20.0, allow_private=args.allow_private, cache=not args.no_cache
    )
    for warning in doc.warnings:
        warn(console, warning)
    return doc


def _emit(args, text: str) -> None:
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)


def _extract(args) -> int:
    from rich.console import Console

    from .render import render_extraction

    console = Console(stderr=True)
    doc = _load(args, console)
    _emit(args, render_extraction(doc, args.format))
    if args.verbose:
        console.print(f"briefer: {len(doc.text.split())} words via {doc.extractor}", highlight=False)
    return 0


def _summarize(args) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from .summarize import Session

    console = Console(stderr=True)
    settings = load_settings(
        model=args.model, base_url=args.base_url, api_key=args.api_key, model_path=args.model_path,
        strategy=args.strategy, context_window=args.context_window, cache=False if args.no_cache else None,
        timeout=args.timeout,
    )
    doc = _load(args, console)
    with Session(settings) as session:
        if settings.local:
            what = "a local GGUF" if settings.model_path else "the embedded SmolLM2-135M-Instruct"
            console.print(
                f"briefer: running {what} ({session.model}, llama.cpp, offline, {session.strategy} strategy); "
                "for better briefs use --base-url URL --model NAME (any OpenAI-compatible endpoint)",
                highlight=False, soft_wrap=True,
            )
        with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
            task = progress.add_task("summarizing", total=None)
            brief = session.summarize_document(
                doc, progress=lambda done, total: progress.update(task, completed=done, total=total)
            )
    _emit(args, render(brief, args.format))
    if args.verbose:
        u, g = brief.usage, brief.grounding
        console.print(
            f"briefer: model {u.model} ({u.strategy}): {u.calls} call(s), {u.cached_calls} cached, "
            f"{u.retries} retries, {u.reasks} re-asks; tokens {u.prompt_tokens} prompt + "
            f"{u.completion_tokens} completion; {u.seconds:.1f}s; grounding {g.rate:.0%} "
            f"({len(g.dropped)} dropped)",
            highlight=False, soft_wrap=True,
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
