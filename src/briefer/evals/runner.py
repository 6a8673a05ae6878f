"""Regression evals, the run: every candidate over the same articles, ``repeat`` seeds each.

Candidates run one after another on one response store (the cassette, or the on-disk response
cache), articles in parallel within a candidate. Repeat ``r`` of a candidate samples with seed
``(candidate's seed or 0) + r``, so a repeat is a fresh sample with its own cache key and a
replayed cassette reproduces every repeat. Rows already scored are never lost: each finished
article is appended to a JSONL checkpoint as it ends.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..config import FetchOptions, Settings, resolve
from ..errors import BrieferError, ConfigError
from ..schemas import Document
from .cassette import ReplayMiss
from .suite import BASE, Article, Suite, article_passes, check_candidate, document_for, score, violations


@dataclass(frozen=True)
class Candidate:
    """One set of settings to evaluate: ``base`` (the suite's) or a named alternative."""

    name: str
    settings: Settings
    fetch: FetchOptions
    points: int | None = None
    given: dict | None = None  # the keys that made it (for the report; no API key)


def candidates_for(suite: Suite, cli: dict[str, dict] | None = None, **overrides) -> list[Candidate]:
    """``base`` first, then the suite's ``[candidates.NAME]`` and the command line's ``--candidate``
    (the latter win on a name clash). Each is suite settings < ``overrides`` (the command's own
    options) < its own keys, resolved by ``config.resolve`` as every command's settings are."""
    if BASE in (cli or {}):
        raise ConfigError(f"candidate '{BASE}' is the suite's own settings; choose another name")
    given = {name: check_candidate(f"candidate {name}", dict(keys)) for name, keys in (cli or {}).items()}
    named = {BASE: {}, **suite.candidates, **given}
    out = []
    for name, keys in named.items():
        values = {**suite.settings, **{k: v for k, v in overrides.items() if v is not None}, **keys}
        points = values.pop("points", None)
        for key in ("cluster_threshold", "cluster_times"):  # days suites only (days.py); nothing to summarize
            values.pop(key, None)
        settings, fetch = resolve(values)
        shown = {k: v for k, v in {**suite.settings, **keys}.items() if k != "api_key"}
        out.append(Candidate(name, settings, fetch, points, shown))
    return out


def run(suite: Suite, articles: list[Article], candidate: Candidate, *, cache=None, concurrency: int | None = None,
        repeat: int = 1, checkpoint: Path | None = None, progress=None, judge=None) -> list[dict]:
    """Summarize and score every article ``repeat`` times with one candidate; rows carry metrics or an error."""
    from ..pipeline import Session

    settings = candidate.settings
    replaying = getattr(cache, "mode", None) == "replay"
    workers = max(1, concurrency or suite.concurrency)
    if settings.local and not replaying:
        workers = 1  # one in-process llama.cpp model: calls are serialized anyway
    rows: list[dict] = []
    docs: dict[str, Document | Exception] = {}
    for a in articles:
        try:
            docs[a.id] = document_for(a, suite.dataset.parent, candidate.fetch)
        except BrieferError as exc:
            docs[a.id] = exc
    with Session(settings, cache=cache, load_model=not replaying) as session:
        for r in range(repeat):
            seed = (settings.seed or 0) + r  # a fresh sample per repeat (and distinct cache keys)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(_one, session, a, docs[a.id], suite, seed, candidate.points, judge): a
                           for a in articles}
                try:
                    for fut in as_completed(futures):
                        row = {**fut.result(), "candidate": candidate.name, "repeat": r}
                        rows.append(row)
                        if checkpoint is not None:
                            with checkpoint.open("a", encoding="utf-8") as fh:
                                fh.write(json.dumps(row) + "\n")
                        if progress:
                            progress(row)
                except KeyboardInterrupt:
                    pool.shutdown(wait=False, cancel_futures=True)  # start nothing new; in-flight work ends
                    raise
    return sorted(rows, key=lambda row: (row["repeat"], row["id"]))


def _one(session, article: Article, doc, suite: Suite, seed: int, points: int | None, judge=None) -> dict:
    if isinstance(doc, Exception):
        return {"id": article.id, "error": str(doc)}
    try:
        brief = session.summarize_document(doc, seed=seed, points=points)
    except ReplayMiss:
        raise  # a stale cassette invalidates the whole run, not one article
    except BrieferError as exc:
        return {"id": article.id, "error": str(exc)}
    metrics = score(brief, doc, article.references, suite.prices)
    if judge is not None and brief.summary:
        try:
            metrics["judge_faithfulness"] = judge(doc.text, "\n".join(p.text for p in brief.summary))["score"]
        except ReplayMiss:
            raise
        except BrieferError as exc:
            return {"id": article.id, "error": f"judge: {exc}"}
    metrics = {k: round(v, 4) for k, v in metrics.items() if v is not None}  # None: undefined for this brief
    return {"id": article.id, "metrics": metrics, "passed": article_passes(metrics, suite.thresholds),
            "violations": violations(metrics, suite.thresholds),
            "summary": [p.text for p in brief.summary],
            "actors": [f"{a.name} ({a.role})" if a.role else a.name for a in brief.key_actors],
            "usage": brief.usage.model_dump()}


@dataclass
class SuiteResult:
    """What ``run_suite`` returns: the report (``schemas.EvalResult`` less the rows) and every row."""

    report: dict
    rows: list[dict]
    baseline: object | None = None  # the ``gate.Reference`` compared with, when --baseline was given
    hashes: dict | None = None  # of the dataset rows, prompts and checker weights (``baseline.hashes``)

    @property
    def passed(self) -> bool:
        return self.report["gate"]["passed"]


def run_suite(path: str | Path, *, candidates: dict[str, dict] | None = None, baseline: str | Path | None = None,
              allow_drift: bool = False, replay: str | None = None, record: str | None = None, repeat: int = 1,
              concurrency: int | None = None, strict: bool = False, strict_dataset: bool = False,
              rows_path: str | Path | None = None, judge=None, progress=None, warn=print, cluster=None,
              **overrides) -> SuiteResult:
    """Run an eval suite (``briefer eval run``): every candidate over its dataset, scored, gated.

    ``candidates`` are named settings beside the suite's own (``base``) and its ``[candidates.*]``;
    ``overrides`` are settings over the suite's for all of them (``model=``, ``timeout=`` ...).
    ``baseline``: a stored run every candidate is compared with (else: with ``base``).
    ``replay``/``record`` name a cassette (answer only from it / store every response in it).
    ``strict``: ``inconclusive`` fails too; ``strict_dataset``: a malformed dataset line is fatal.
    Scored rows are appended to ``rows_path`` as they finish (nothing is lost on Ctrl-C).
    A days suite (``kind = "days"``) scores the stories of each day instead (``days``), clustered
    with ``cluster`` (``briefer.daily.cluster``); it runs no model, so ``replay``/``record`` are unused.
    """
    from . import baseline as stored
    from .cassette import Cassette
    from .gate import summarize
    from .suite import load_dataset, load_suite

    if repeat < 1:
        raise ConfigError(f"--repeat {repeat}: give 1 or more")
    suite = load_suite(path)
    if suite.kind == "days":
        from .days import run_days_suite

        if replay or record or repeat > 1:
            warn(f"{suite.name}: a days suite runs no model; --replay, --record and --repeat do not apply")

        return SuiteResult(*run_days_suite(suite, cluster=cluster, candidates=candidates, baseline=baseline, allow_drift=allow_drift,
                              strict=strict, strict_dataset=strict_dataset, rows_path=rows_path, progress=progress,
                              warn=warn))
    articles = load_dataset(suite.dataset, strict=strict_dataset, warn=warn)
    chosen = candidates_for(suite, candidates, **overrides)
    digest = stored.hashes(articles, chosen[0].settings.prompts_dir)
    reference = stored.read(baseline, digest, allow_drift=allow_drift, warn=warn) if baseline else None
    cassette = Cassette(record, "record") if record else Cassette(replay, "replay") if replay else None
    checkpoint = Path(rows_path or f"{suite.name}.rows.jsonl")
    checkpoint.write_text("")
    rows: list[dict] = []
    for cand in chosen:
        judging = judge
        if callable(judge) and getattr(judge, "needs_cache", False):
            judging = judge(cassette, cand.settings)  # a factory: shares the cassette and the candidate's endpoint
        rows += run(suite, articles, cand, cache=cassette, concurrency=concurrency, repeat=repeat,
                    checkpoint=checkpoint, progress=progress, judge=judging)
    if cassette is not None:
        cassette.save()
    report = summarize(suite, rows, [c.name for c in chosen], repeat, reference, strict)
    report["settings"] = {c.name: c.given for c in chosen}
    return SuiteResult(report, rows, reference, digest)
