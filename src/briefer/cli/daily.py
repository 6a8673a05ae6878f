"""``briefer brief SOURCE... -o FILE``: argument parsing, progress and output for the daily brief.

Exit codes: 0 every source and article made it into the brief; 1 the brief was written but some
sources or articles failed (listed in the brief and on stderr) or the token budget stopped work;
2–5 as everywhere when nothing could be done (bad input, fetch, model endpoint, configuration);
4 also when every article failed at the model; 70 when the run's own counts do not add up (every
article listed must end briefed, reused or failed: a bug, one line, nothing written). With an
exit ≥ 2 no ``-o`` file is written (an existing one is left as it was).
"""

from __future__ import annotations

from ..errors import warn


def add_parser(sub, help: str) -> None:  # noqa: A002 - argparse's name
    from .options import model_options, output_options, source_options, story_options

    b = sub.add_parser("brief", parents=[source_options(), model_options(), story_options(),
                                         output_options(("md", "html", "json"), "md")],
                       help=help)
    b.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="RSS/Atom feed (URL or file), text file of URLs, article URL or file, or a directory")
    b.add_argument("--since", help="only feed entries newer than this: 24h, 90m, 2d, 1w or an ISO date")
    b.add_argument("--max-articles", type=int, help="at most N articles (in source order)")
    b.add_argument("--concurrency", type=int, default=8, help="articles in flight (default 8; 1 for the local model)")
    b.add_argument("--budget", type=int, help="stop starting new articles once this many tokens are spent")
    b.add_argument("--dry-run", action="store_true", help="list articles, estimated tokens and cost; call no model")
    b.add_argument("--price", nargs=2, type=float, metavar=("PROMPT", "COMPLETION"),
                   help="USD per million prompt/completion tokens for --dry-run (known OpenAI models built in)")
    b.add_argument("--new-only", action="store_true",
                   help="only stories new or updated since an earlier brief from this store (an updated one shows "
                        "only what is new)")
    b.add_argument("--store", help="SQLite store of articles and briefs (default: in the user cache directory)")
    b.add_argument("--batch", action="store_true", help="submit per-article requests through the OpenAI Batch API")
    b.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where articles are briefed: local (threads, worker processes from 100 articles or ~34 pages to fetch; default) "
                        "or dask (a dask.distributed cluster; pip install 'briefer[dask]')")
    b.add_argument("--dask-scheduler", metavar="ADDRESS",
                   help="an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")


def main(args, console) -> int:
    from ..daily import Options  # not ``brief``/``plan`` yet: ``replay`` may answer without them
    from ..files import check_writable
    from .options import settings_from

    settings, fetch = settings_from(args)
    opts = Options(
        since=args.since, max_articles=args.max_articles, concurrency=args.concurrency, budget=args.budget,
        new_only=args.new_only, store=args.store, prices=tuple(args.price) if args.price else None,
        executor=args.executor, scheduler=args.dask_scheduler,
    ).fetching(fetch)
    if args.output:
        check_writable(args.output)  # before any work, not after it
    if args.dry_run:
        from ..daily import plan

        rows, failures, model, prices = _with_failures(console, plan, args.sources, options=opts, settings=settings)
        return _dry_run(console, rows, failures, model, prices)
    def note(msg: str) -> None:
        console.print(f"briefer: {msg}", highlight=False, soft_wrap=True)

    from ..daily import lookup

    hit, expanded = lookup(args.sources, opts, settings, args.batch)  # an unchanged rerun: the stored brief
    if hit is not None:  # (for JSON, its text as is: no pydantic)
        return _replayed(console, args, hit)
    from ..daily import brief
    from ..daily import render_daily

    if not console.is_terminal:  # no progress bar to draw: rich.progress is not even imported
        result = _with_failures(console, brief, args.sources, options=opts, settings=settings, batch=args.batch,
                                on_note=note, replay=False, expanded=expanded)
    else:
        from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        with Bar(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"),
                 TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("reading sources", total=None, counts="")

            def show(p) -> None:
                bar.update(task, description=p.stage, total=p.total, completed=p.done + p.failed,
                           counts=f"{p.done} done · {p.failed} failed · {p.reused} cached · {p.tokens:,} tokens")

            result = _with_failures(console, brief, args.sources, options=opts, settings=settings, batch=args.batch,
                                    on_progress=show, on_note=note, replay=False, expanded=expanded)
    _write(console, args, render_daily(result, args.format))
    _warn_failures(console, result.failed)
    u = result.usage
    sources_failed = sum(1 for f in result.failed if f.stage == "source")
    _summary(console, args, u.model_dump(), len(result.stories), sources_failed)
    return 1 if result.failed else 0


def _replayed(console, args, hit) -> int:
    """Output for a rerun answered from the stored brief (no failures: ``replay`` stores none)."""
    if args.format == "json":
        text = hit.text
    else:
        from ..daily import DailyBrief
        from ..daily import render_daily

        text = render_daily(DailyBrief.model_validate_json(hit.text), args.format)
    _write(console, args, text)
    u = hit.usage
    _summary(console, args, {**u, "listed": u.get("listed", u["reused"]), "failed": 0}, hit.stories, 0)
    return 0


def _write(console, args, text: str) -> None:
    from ..files import write_atomic

    if args.output:
        write_atomic(args.output, text)
    else:
        console.file.flush()
        print(text, end="")


def _summary(console, args, u: dict, stories: int, sources_failed: int) -> None:
    """The closing line, which names the total and what became of each article (``listed`` =
    briefed + reused + failed, checked before anything is written), e.g.
    ``briefer: 12 articles: 11 briefed, 0 reused, 1 failed; 1 source failed; 4 stories; 11 model
    calls, 20,483 tokens, 9.1s → brief.md`` (the ``source failed`` part only when one did)."""
    sources = f"; {sources_failed} source{'s' if sources_failed != 1 else ''} failed" if sources_failed else ""
    console.print(
        f"briefer: {u['listed']} articles: {u['summarized']} briefed, {u['reused']} reused, {u['failed']} failed"
        f"{sources}; {stories} stories; {u['model_calls']} model calls, {u['tokens']:,} tokens, {u['seconds']:.1f}s"
        + (f" → {args.output}" if args.output else ""), highlight=False, soft_wrap=True)


def _with_failures(console, fn, *a, **kw):
    """Run ``fn``; when no article could be read or briefed, list each failure before the error."""
    from ..errors import BrieferError

    try:
        return fn(*a, **kw)
    except BrieferError as exc:
        _warn_failures(console, getattr(exc, "failures", []))
        raise


def _dry_run(console, rows, failures, model: str, prices: tuple[float, float]) -> int:
    from rich.table import Table

    price_in, price_out = prices
    t = Table(title=f"dry run: {len(rows)} articles for {model} (no model called)")
    for col in ("article", "prompt tokens", "completion tokens", "note"):
        t.add_column(col, justify="right" if "tokens" in col else "left")
    for r in rows:
        t.add_row(r.title[:70], f"{r.prompt_tokens:,}", f"{r.completion_tokens:,}", "stored brief" if r.cached else "")
    p = sum(r.prompt_tokens for r in rows)
    c = sum(r.completion_tokens for r in rows)
    cost = (p * price_in + c * price_out) / 1e6
    t.add_row("total", f"{p:,}", f"{c:,}", f"≈ ${cost:.4f} at ${price_in}/${price_out} per M tokens")
    console.print(t)
    _warn_failures(console, failures)
    return 1 if failures else 0


def _warn_failures(console, failures) -> None:
    for f in failures:
        warn(console, f"{f.source} ({f.stage}): {f.error}")
