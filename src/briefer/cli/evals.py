"""``briefer eval run`` and ``briefer eval score-pairs``: argument parsing and output, nothing more.

Exit codes: 0 pass; 1 the gate failed (a regressed metric, a broken threshold, a gated metric
missing; with --strict also an inconclusive one); 2–5 as everywhere (bad input, fetch, model,
config); 130 interrupted (rows already scored are kept).
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

from ..errors import ConfigError, InputError
from ..errors import warn as print_warning


def add_parser(sub, help: str) -> None:  # noqa: A002 - argparse's name
    ev = sub.add_parser("eval", help=help)
    evsub = ev.add_subparsers(dest="eval_command", required=True)

    from .options import model_options, source_options

    r = evsub.add_parser("run", parents=[model_options(), source_options()],
                         help="run a suite: candidates side by side, scored, gated with paired statistics")
    r.add_argument("suite", help="suite file (TOML), e.g. eval/suites/ci.toml")
    r.add_argument("--candidate", nargs="+", action="append", metavar=("NAME", "KEY=VALUE"), default=[],
                   help="also run these settings beside the suite's own ('base'), e.g. --candidate new "
                        "prompts_dir=new-prompts temperature=0.2 (repeatable; keys: any summarize setting)")
    r.add_argument("--baseline", help="stored run to compare every candidate with (per-article values)")
    r.add_argument("--update-baseline", action="store_true", help="write this run's base candidate to --baseline")
    r.add_argument("--allow-drift", action="store_true",
                   help="compare with a baseline made from other dataset rows, prompts or checker weights")
    group = r.add_mutually_exclusive_group()
    group.add_argument("--record", metavar="CASSETTE", help="store every model response in this cassette")
    group.add_argument("--replay", metavar="CASSETTE", help="answer only from this cassette (offline, bit-identical)")
    r.add_argument("--repeat", type=int, default=1,
                   help="K samples per article and candidate (seed = candidate's seed + 0..K-1); the gate uses all")
    r.add_argument("--concurrency", type=int, help="articles in flight (default: the suite's, 1 for the local model)")
    r.add_argument("--points", type=int, metavar="N", help="summary points per brief (every candidate)")
    r.add_argument("--strict", action="store_true",
                   help="an inconclusive verdict fails too, and a malformed dataset line is fatal")
    r.add_argument("--json", dest="json_out",
                   help="write the full result (candidates, comparisons, gate, rows) as JSON (briefer schema eval)")
    r.add_argument("--report", help="write a Markdown (.md) or HTML (.html, inline SVG plots) report")
    r.add_argument("--junit", metavar="FILE", help="write the gate as JUnit XML for CI")
    r.add_argument("--rows", help="checkpoint JSONL of scored rows (default: <suite>.rows.jsonl here)")
    r.add_argument("--judge-model", help="also score summaries with this model as an LLM judge (judge_faithfulness)")
    r.add_argument("--judge-base-url", help="endpoint of --judge-model (default: --base-url)")
    r.add_argument("--judge-api-key", help="API key for --judge-model (default: --api-key)")

    p = evsub.add_parser("score-pairs", help="score (document, summary) pairs with the faithfulness checker")
    p.add_argument("input", help="JSONL with document and summary per line (other fields are kept)")
    p.add_argument("-o", "--output", required=True,
                   help="output JSONL: each row plus score and predicted_label (schema: briefer schema pairs)")
    p.add_argument("--threshold", type=float,
                   help="label threshold on the score of the method each row used (default: that method's own)")
    p.add_argument("--checker", choices=("lexical", "entail"), default="lexical",
                   help="for summaries of two or more sentences: lexical (default: the best measured on unseen pairs) "
                        "or entail (the trained model, SummaC-style; ~5 pairs/s on 2 cores; see bench/faithfulness.py)."
                        " Either way a one-sentence summary gets the claim check and an empty or non-text one 0 "
                        "(the row's method says which)")
    p.add_argument("--explain", action="store_true", help="add per-claim evidence and reasons")
    p.add_argument("--strict", action="store_true", help="a malformed line is fatal (default: report and skip)")
    p.add_argument("--judge-model", help="use this model as an LLM judge (claims + verdicts) instead")
    p.add_argument("--base-url", help="endpoint for --judge-model")
    p.add_argument("--api-key", help="API key for --judge-model")


def main(args, console) -> int:
    if args.eval_command == "score-pairs":
        return score_pairs(args, console)
    return run_suite(args, console)


def _daily_cluster(suite: str):
    """The daily brief's clustering for a days suite (evals do not import the daily package; the CLI
    sits over both), else None."""
    from ..evals import load_suite

    if load_suite(suite).kind != "days":
        return None
    from ..daily import cluster

    return cluster


def run_suite(args, console) -> int:
    import os

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..config import FETCH_KEYS, SETTING_KEYS
    from ..evals import html_report, junit_report, run_suite as evaluate, write_baseline
    from ..evals import reference_from_rows
    from ..evals import markdown, tables, to_json
    from ..evals import load_suite, parse_candidate
    from ..files import write_atomic

    if args.update_baseline and not args.baseline:
        raise ConfigError("--update-baseline needs --baseline FILE")
    if args.baseline and not args.update_baseline and not Path(args.baseline).exists():
        raise InputError(f"{args.baseline}: no such baseline (create it with --update-baseline)")
    candidates = dict(parse_candidate(words) for words in args.candidate)
    if len(candidates) < len(args.candidate):
        raise InputError("--candidate: each NAME may be given once")
    warn = partial(print_warning, console)
    judge = None
    if args.judge_model:
        def judge(cassette, settings):
            return _judge(args, args.judge_base_url or settings.base_url, args.judge_api_key or settings.api_key,
                          cache=cassette)
        judge.needs_cache = True
    # the command's own options: every summarize option, over the suite's settings for all candidates
    overrides = {k: getattr(args, k) for k in SETTING_KEYS | FETCH_KEYS if k != "cache" and hasattr(args, k)}
    overrides.update(cache=False if args.no_cache else None, allow_private=args.allow_private or None,
                     points=args.points)
    rows_path = Path(args.rows or f"{Path(args.suite).stem}.rows.jsonl")
    total = None
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(f"eval {Path(args.suite).stem}", total=total)

        def tick(row: dict) -> None:
            bar.advance(task)
            if row.get("error"):
                warn(f"{row['candidate']}: {row['id']}: {row['error']}")

        try:
            result = evaluate(
                args.suite, candidates=candidates, baseline=None if args.update_baseline else args.baseline,
                allow_drift=args.allow_drift, replay=args.replay, record=args.record, repeat=args.repeat,
                concurrency=args.concurrency, strict=args.strict, strict_dataset=args.strict, rows_path=rows_path,
                judge=judge, progress=tick, warn=warn, cluster=_daily_cluster(args.suite), **overrides,
            )
        except KeyboardInterrupt:
            done = sum(1 for _ in rows_path.open()) if rows_path.exists() else 0
            console.print(f"briefer: interrupted; {done} scored row(s) kept in {rows_path}", highlight=False)
            return 130
    report, rows = result.report, result.rows
    for t in tables(report):
        console.print(t)
    if args.json_out:
        write_atomic(args.json_out, to_json(result))
    if args.report:
        is_html = args.report.endswith((".html", ".htm"))
        write_atomic(args.report, html_report(report) if is_html else markdown(report))
    if args.junit:
        write_atomic(args.junit, junit_report(report, rows, load_suite(args.suite).thresholds))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:  # GitHub Actions shows this Markdown on the run's page
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(markdown(report) + "\n")
    if args.update_baseline:
        base = reference_from_rows("base", [r for r in rows if r["candidate"] == "base"])
        write_baseline(args.baseline, report["suite"], base, args.repeat, result.hashes)
        console.print(f"briefer: baseline written to {args.baseline}", highlight=False)
    for p in report["gate"]["failures"]:
        console.print(f"briefer: FAIL: {p}", highlight=False, markup=False, soft_wrap=True)
    if report["gate"]["passed"]:
        console.print(f"briefer: PASS ({report['suite']})", highlight=False)
    return 0 if report["gate"]["passed"] else 1


def score_pairs(args, console) -> int:
    """Stream rows through the checker (or judge); the output appears only when complete."""
    from ..evals import read_jsonl
    from ..grounding import check_many, text_problem
    from ..files import open_atomic

    from ..files import check_writable

    src = Path(args.input)
    if not src.exists():
        raise InputError(f"{src}: no such file")
    if not src.is_file():
        raise InputError(f"{src}: is a directory, expected a JSONL file")
    out = Path(args.output)
    check_writable(out)
    judge_fn = _judge(args) if args.judge_model else None
    by_model = args.checker == "entail" and judge_fn is None
    if by_model:
        from .. import grounding

        if not grounding.available():
            raise InputError(f"--checker entail: {grounding.why_unavailable()}")
    done = 0
    warn = partial(print_warning, console)
    try:
        with src.open("rb") as fin, open_atomic(out) as (fout, tmp):  # lines are decoded one by one
            rows = read_jsonl(fin, str(src), _check_pair, strict=args.strict, warn=warn)
            # the entailment model takes 64 rows at a time (full batches); the others go row by row
            for batch in _batches((row for _, row in rows), 64 if by_model else 1):
                if judge_fn is not None:
                    for row in batch:
                        # an empty or non-text summary is faithful to nothing: no judge is asked
                        judged = text_problem(row["summary"]) is None
                        verdict = (judge_fn(row["document"], row["summary"]) if judged
                                   else {"score": 0.0, "label": 0, "claims": []})
                        row.update(score=verdict["score"], predicted_label=verdict["label"],
                                   method="judge" if judged else "none")
                        if args.explain:
                            row["claims"] = verdict["claims"]
                else:
                    verdicts = check_many([r["document"] for r in batch], [r["summary"] for r in batch],
                                          threshold=args.threshold, checker=args.checker)
                    for row, v in zip(batch, verdicts):
                        row.update(score=v.score, predicted_label=v.label, method=v.method)
                        if args.explain:
                            row["claims"] = [c.__dict__ for c in v.claims]
                for row in batch:
                    fout.write(json.dumps(row, ensure_ascii=False) + "\n")
                    done += 1
    except KeyboardInterrupt:
        console.print(f"briefer: interrupted; {done} scored row(s) kept in {tmp}", highlight=False)
        return 130
    console.print(f"briefer: scored {done} pair(s) → {out}", highlight=False)
    return 0


def _batches(items, size: int):
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_pair(row: dict) -> None:
    missing = [k for k in ("document", "summary") if not isinstance(row.get(k), str)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if not row["document"].strip():
        raise ValueError("empty document")
    try:  # a lone surrogate (JSON "\\ud800") parses but can never be written back as UTF-8
        json.dumps(row, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text holds a lone surrogate (invalid Unicode)") from None


def _judge(args, base_url: str | None = None, api_key: str | None = None, cache=None):
    """``--judge-model`` as a ``judge(document, summary)`` callable."""
    from ..evals import make_judge

    return make_judge(args.judge_model, base_url=base_url or args.base_url, api_key=api_key or args.api_key,
                      cache=cache)
