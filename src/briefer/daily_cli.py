"""``briefer brief SOURCE... -o FILE``: argument parsing, progress and output for the daily brief.

Exit codes: 0 every source and article made it into the brief; 1 the brief was written but some
sources or articles failed (listed in the brief and on stderr) or the token budget stopped work;
2–5 as everywhere when nothing could be done (bad input, fetch, model endpoint, configuration).
"""

from __future__ import annotations

import time
from contextlib import nullcontext

from .errors import ConfigError, InputError, warn


def add_parser(sub) -> None:
    b = sub.add_parser("brief", help="one daily brief from feeds, URL lists, URLs or folders of articles")
    b.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="RSS/Atom feed (URL or file), text file of URLs, article URL or file, or a directory")
    b.add_argument("-o", "--output", help="write here (atomically) instead of stdout")
    b.add_argument("--format", choices=("md", "html", "json"), default="md")
    b.add_argument("--since", help="only feed entries newer than this: 24h, 90m, 2d, 1w or an ISO date")
    b.add_argument("--max-articles", type=int, help="at most N articles (in source order)")
    b.add_argument("--concurrency", type=int, default=8, help="articles in flight (default 8; 1 for the local model)")
    b.add_argument("--budget", type=int, help="stop starting new articles once this many tokens are spent")
    b.add_argument("--dry-run", action="store_true", help="list articles, estimated tokens and cost; call no model")
    b.add_argument("--price", nargs=2, type=float, metavar=("PROMPT", "COMPLETION"),
                   help="USD per million prompt/completion tokens for --dry-run (known OpenAI models built in)")
    b.add_argument("--new-only", action="store_true", help="only articles not in an earlier brief from this store")
    b.add_argument("--store", help="SQLite store of articles and briefs (default: in the user cache directory)")
    b.add_argument("--allow-private", action="store_true", help="allow private/loopback addresses")
    b.add_argument("--timeout", type=float, help="seconds per fetch (20) or model reply (120)")
    b.add_argument("--model", help="model name at the endpoint (env BRIEFER_MODEL)")
    b.add_argument("--base-url", help="any OpenAI-compatible endpoint (env BRIEFER_BASE_URL)")
    b.add_argument("--api-key", help="API key (env OPENAI_API_KEY)")
    b.add_argument("--strategy", choices=("auto", "extractive", "abstractive"))
    b.add_argument("--no-cache", action="store_true", help="do not answer model requests from the response cache")
    b.add_argument("--batch", action="store_true", help="submit per-article requests through the OpenAI Batch API")


def main(args, console) -> int:
    from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeElapsedColumn

    from . import daily
    from .config import load_settings
    from .render import write_atomic
    from .render_daily import render_daily
    from .store import Store
    from .summarize import Session

    started = time.perf_counter()
    opts = daily.Options(
        since=args.since, max_articles=args.max_articles, concurrency=args.concurrency, budget=args.budget,
        new_only=args.new_only, store=args.store, allow_private=args.allow_private, timeout=args.timeout or 20.0,
        prices=tuple(args.price) if args.price else None, page_cache=not args.no_cache,
    )
    settings = load_settings(model=args.model, base_url=args.base_url, api_key=args.api_key, strategy=args.strategy,
                             cache=False if args.no_cache else None, timeout=args.timeout)
    store = Store(args.store or daily.default_store())
    try:
        with console.status("reading sources…", spinner="dots") if console.is_terminal else nullcontext():
            docs, failures = daily.gather(args.sources, opts, store)
        if not docs:
            _warn_failures(console, failures)
            why = "could be read" if failures else "found" + (f" newer than --since {args.since}" if args.since else "")
            raise InputError(f"no article {why} in {len(args.sources)} source(s)")
        if args.dry_run:
            return _dry_run(console, docs, failures, settings, store, opts)
        if args.batch and settings.local:
            raise ConfigError("--batch needs an endpoint with the OpenAI Batch API (--base-url/--api-key), "
                              "not the embedded model")
        run = store.start_run()
        seen = store.seen_before(run)
        with Session(settings, load_model=False) as session, Bar(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
            console=console, transient=True, disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("briefing", total=len(docs), counts="")

            def show(p: daily.Progress) -> None:
                bar.update(task, completed=p.done + p.failed,
                           counts=f"{p.done} done · {p.failed} failed · {p.reused} cached · {p.tokens:,} tokens")

            progress = daily.Progress(total=len(docs))
            if args.batch:
                from .batch import brief_all_batch

                done, more, _ = brief_all_batch(session, docs, opts, store, progress, show, console=console)
            else:
                done, more, _ = daily.brief_all(session, docs, opts, store, progress, show)
        failures += more
        result = daily.assemble(done, failures, opts, seen, started)
        text = render_daily(result, args.format)
        if args.output:
            write_atomic(args.output, text)
        else:
            console.file.flush()
            print(text, end="")
        store.finish_run(run, [e.location for e in result.articles])
    finally:
        store.close()
    _warn_failures(console, failures)
    u = result.usage
    console.print(
        f"briefer: {len(result.stories)} stories from {u.articles} articles ({u.summarized} summarized, "
        f"{u.reused} reused, {len(failures)} failed); {u.model_calls} model calls, {u.tokens:,} tokens, {u.seconds:.1f}s"
        + (f" → {args.output}" if args.output else ""), highlight=False, soft_wrap=True)
    return 1 if failures else 0


def _dry_run(console, docs, failures, settings, store, opts) -> int:
    from . import daily
    from .summarize import Session

    with Session(settings, load_model=False) as session:
        rows = daily.estimate(docs, store, daily.fingerprint(session))
        price_in, price_out = daily.prices_for(session.model, opts.prices, settings.local)
        model = session.model
    from rich.table import Table

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
