"""``briefer`` command line: a thin layer over the Python API.

Errors a user can fix are printed as one line (``briefer: error: …``) with a nonzero exit and no
traceback (``-v`` shows one for unexpected errors). Output files are written atomically.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import sys
import threading
import traceback

from .. import __version__
from ..errors import BrieferError, InternalError, redact

# Each command imports what it needs in its own branch: ``briefer --help`` builds the parser with
# argparse alone, and ``briefer extract`` never loads pydantic, jinja2, httpx (for a file), rich or openai.


COMMANDS = {  # name → its line in ``briefer --help``
    "summarize": "summarize one article (path, URL or - for stdin)",
    "extract": "print an article's main text (and metadata with json: briefer schema extraction)",
    "brief": "one daily brief from feeds, URL lists, URLs or folders of articles",
    "eval": "regression evals and the faithfulness checker",
    "doctor": "check this installation: tokenizer, prompts, the embedded model (set-up runs it)",
    "schema": "print the JSON Schema of a JSON output (default: the brief)",
}


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line. When ``argv`` names a command, only that command's arguments are built
    (the others are a name and a help line, all that ``--help`` shows of them): start-up time."""
    argv = sys.argv[1:] if argv is None else argv
    named = next((a for a in argv if not a.startswith("-")), None)  # the top level has no option with a value

    p = argparse.ArgumentParser(prog="briefer", description="Grounded, structured briefs of news articles.")
    p.add_argument("--version", action="version", version=f"briefer {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        if name == named:
            _COMMAND_PARSERS[name](sub)
        else:
            sub.add_parser(name, help=COMMANDS[name])
    return p


def _one_article() -> argparse.ArgumentParser:
    from .options import source_options

    src = argparse.ArgumentParser(add_help=False, parents=[source_options()])  # one article in
    src.add_argument("source", help="a .html/.htm/.txt/.md file, an http(s) URL, or - for stdin")
    src.add_argument("-v", "--verbose", action="store_true", help="report details on stderr")
    return src


def _add_summarize(sub) -> None:
    from ..pipeline import FORMATS
    from .options import model_options, output_options

    s = sub.add_parser("summarize", parents=[_one_article(), model_options(), output_options(FORMATS, "md")],
                       help=COMMANDS["summarize"])
    s.add_argument("--points", type=int, metavar="N", help="summary points (default: 3, fewer for a short article)")


def _add_extract(sub) -> None:
    from .options import cache_options, output_options

    sub.add_parser("extract", parents=[_one_article(), output_options(("text", "md", "json"), "text"), cache_options()],
                   help=COMMANDS["extract"])


def _add_brief(sub) -> None:
    from .daily import add_parser

    add_parser(sub, COMMANDS["brief"])


def _add_eval(sub) -> None:
    from .evals import add_parser

    add_parser(sub, COMMANDS["eval"])


def _add_doctor(sub) -> None:
    sub.add_parser("doctor", help=COMMANDS["doctor"])


def _add_schema(sub) -> None:
    sc = sub.add_parser("schema", help=COMMANDS["schema"])
    sc.add_argument("which", nargs="?", choices=("brief", "extraction", "daily", "eval", "pairs"), default="brief",
                    help="brief (summarize), extraction (extract), daily (brief), eval (eval run --json), "
                         "pairs (a line of eval score-pairs)")


_COMMAND_PARSERS = {"summarize": _add_summarize, "extract": _add_extract, "brief": _add_brief, "eval": _add_eval,
                    "doctor": _add_doctor, "schema": _add_schema}


def main(argv: list[str] | None = None) -> int:
    args = _parser(argv).parse_args(argv)
    try:
        if args.command == "schema":
            from ..daily import daily_json_schema
            from ..evals import eval_json_schema, pairs_json_schema
            from ..schemas import brief_json_schema, extraction_json_schema

            schema = {"brief": brief_json_schema, "extraction": extraction_json_schema, "daily": daily_json_schema,
                      "eval": eval_json_schema, "pairs": pairs_json_schema}[args.which]()
            print(json.dumps(schema, indent=2))
            return 0
        if args.command == "extract":
            return _extract(args)
        if args.command == "doctor":
            return _doctor()
        if args.command == "brief":
            from rich.console import Console

            from .daily import main as daily_main

            return daily_main(args, Console(stderr=True))
        if args.command == "eval":
            from rich.console import Console

            from .evals import main as eval_main

            return eval_main(args, Console(stderr=True))
        return _summarize(args)
    except BrieferError as exc:
        print(f"briefer: error: {redact(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefer: interrupted", file=sys.stderr)
        return 130
    except InternalError as exc:  # briefer caught itself breaking a rule: one line, exit 70
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"briefer: internal error: {redact(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug: still one line unless -v
        if getattr(args, "verbose", False):
            traceback.print_exc()
        print(f"briefer: internal error: {type(exc).__name__}: {redact(str(exc))} (rerun with -v for details)",
              file=sys.stderr)
        return 70


def _doctor() -> int:
    from .doctor import run_checks

    checks = run_checks()
    for c in checks:
        print(f"{'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    bad = [c.name for c in checks if not c.ok]
    if bad:
        print(f"briefer: error: doctor found a problem with: {', '.join(bad)}", file=sys.stderr)
        return 5
    return 0


def _load(args, console, fetch=None):
    from ..errors import warn
    from ..extraction import load_document

    if fetch is None:  # ``extract``: no model options, the fetch options alone
        from .options import settings_from

        fetch = settings_from(args)[1]
    doc = load_document(args.source, fetch)
    for warning in doc.warnings:
        warn(console, warning)
    return doc


def _emit(args, text: str) -> None:
    if args.output:
        from ..files import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)


class _Stderr:
    """What ``briefer extract`` needs of a rich console: plain lines on stderr (rich costs start-up)."""

    def print(self, text: str, **_style) -> None:
        print(text, file=sys.stderr)


def _extract(args) -> int:
    from ..pipeline import render_extraction

    console = _Stderr()
    if args.output:
        from ..files import check_writable

        check_writable(args.output)  # before the fetch, not after it
    doc = _load(args, console)
    _emit(args, render_extraction(doc, args.format))
    if args.verbose:
        console.print(f"briefer: {len(doc.text.split())} words via {doc.extractor}", highlight=False)
    return 0


def _summarize(args) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from ..files import check_writable
    from ..pipeline import grounding_line, render
    from ..pipeline import Session, require_points
    from .options import settings_from

    console = Console(stderr=True)
    settings, fetch = settings_from(args)
    if args.output:
        check_writable(args.output)  # before the model work, not after it
    doc = _load(args, console, fetch)
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
                doc, progress=lambda done, total: progress.update(task, completed=done, total=total),
                points=args.points,
            )
    if args.verbose:  # before the check below: an empty brief's cost and drops are worth seeing too
        u, g = brief.usage, brief.grounding
        console.print(
            f"briefer: model {u.model} ({u.strategy}): {u.calls} call(s), {u.cached_calls} cached, "
            f"{u.retries} retries, {u.reasks} re-asks; tokens {u.prompt_tokens} prompt + "
            f"{u.completion_tokens} completion; response format {u.response_format or '-'} "
            f"({u.rejected} rejected); {u.seconds:.1f}s; grounding {grounding_line(g)}",
            highlight=False, soft_wrap=True,
        )
    _emit(args, render(require_points(brief), args.format))  # an empty brief: EmptyBrief, exit 4, nothing written
    return 0




def run() -> None:
    """The console script: ``main``, then end the process without tearing the interpreter down.

    Once the output is written, freeing every module, the token encoding and pydantic's schemas one
    object at a time took 0.1–0.3 s (a fifth of a 500-article daily brief's overhead beyond its
    model wait; docs/daily-profile.md). Everything briefer opens is closed by then; the atexit
    handlers still run. With another thread alive the normal exit (which waits for it) is kept."""
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``): nothing more can reach it
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
