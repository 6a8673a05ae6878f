"""Regression evals: run briefer over a suite's dataset, score every brief, compare to a baseline.

A suite is TOML (see ``eval/suites/``): a dataset (JSONL of articles with optional reference
summaries), the summarize settings (model, strategy, prompts folder, temperature), metric
thresholds and baseline tolerances. Scores are per article, then averaged:

- ``grounding_rate``        verified items / items the model proposed (``Brief.grounding``)
- ``faithfulness``          share of the points whose cited sentences entail them (``brief_faithfulness``)
- ``faithfulness_lexical``  the offline lexical checker's score of the summary points against the article
- ``judge_faithfulness``    with ``--judge-model``: share of the points' claims an LLM judge supports
- ``actor_grounding``       actors kept / actors proposed
- ``numbers_consistency``   numbers in points and questions that occur in the article
- ``questions_open``        open questions the article does not itself answer
- ``rouge1/2/L``            F-measure against the best reference (rouge-score), when present
- ``tokens``, ``cost``, ``latency``  usage totals (cost from the suite's per-million prices)

Rows already scored are never lost: each finished article is appended to a JSONL checkpoint.
"""

from __future__ import annotations

import json
import re
import statistics
import tomllib
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .cassette import ReplayMiss
from ..config import Settings, load_settings
from ..errors import BrieferError, ConfigError, InputError
from ..schemas import Brief, Document

HIGHER_IS_BETTER = {"grounding_rate", "faithfulness", "faithfulness_lexical", "judge_faithfulness", "actor_grounding",
                    "numbers_consistency", "questions_open",
                    "rouge1", "rouge2", "rougeL", "pass_rate"}
LOWER_IS_BETTER = {"tokens", "cost", "latency", "failed"}
DEFAULT_TOLERANCE = {"tokens": 0.10, "cost": 0.10}  # relative for these; absolute 0.02 for scores
_UNCERTAIN = re.compile(r"\b(will|would|may|might|could|expected|plans?|unclear|whether|if|yet|pending|"
                        r"considering|possible|likely|unknown)\b", re.IGNORECASE)


@dataclass
class Suite:
    """A parsed suite file."""

    name: str
    path: Path
    dataset: Path
    settings: dict = field(default_factory=dict)
    thresholds: dict[str, dict[str, float]] = field(default_factory=dict)
    tolerance: dict[str, float] = field(default_factory=dict)
    prices: dict[str, float] = field(default_factory=dict)  # USD per million prompt / completion tokens
    concurrency: int = 4


@dataclass
class Article:
    """One dataset row."""

    id: str
    text: str | None = None
    html: str | None = None
    source: str | None = None  # a path (relative to the dataset) or URL
    title: str | None = None
    references: list[str] = field(default_factory=list)


def load_suite(path: str | Path) -> Suite:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such suite file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    if "dataset" not in data:
        raise ConfigError(f"{path}: the suite names no dataset (dataset = \"...\")")
    dataset = (path.parent / data["dataset"]).resolve()
    if not dataset.exists():
        raise ConfigError(f"{path}: dataset {data['dataset']} not found (looked at {dataset})")
    settings = dict(data.get("settings", {}))
    if "prompts_dir" in settings:
        settings["prompts_dir"] = str((path.parent / settings["prompts_dir"]).resolve())
    metrics = data.get("metrics", {})
    unknown = sorted(set(metrics) - HIGHER_IS_BETTER - LOWER_IS_BETTER)
    if unknown:
        raise ConfigError(f"{path}: unknown metric(s) {', '.join(unknown)}")
    return Suite(
        name=data.get("name", path.stem), path=path, dataset=dataset, settings=settings,
        thresholds={k: v for k, v in metrics.items() if isinstance(v, dict)},
        tolerance=dict(data.get("tolerance", {})), prices=dict(data.get("prices", {})),
        concurrency=int(data.get("concurrency", 4)),
    )


def read_jsonl(lines, name: str, check, *, strict: bool = False, warn=print):
    """Yield ``(line number, row)`` for each valid JSON-object line; ``check(row)`` raises
    ``ValueError`` to reject one. Rejected lines are reported with their number and skipped, or
    stop everything with an ``InputError`` when ``strict``."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            if isinstance(line, bytes):  # a binary file: a line that is not UTF-8 is one bad line, not a crash
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError:
                    raise ValueError("not UTF-8 text") from None
            if n == 1:
                line = line.lstrip("\ufeff")  # a UTF-8 BOM must not cost the first row
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            check(row)
        except (ValueError, TypeError) as exc:
            if strict:
                raise InputError(f"{name}:{n}: {exc}") from None
            warn(f"{name}:{n}: skipped: {exc}")
            continue
        yield n, row


def _check_article(row: dict) -> None:
    if not any(row.get(k) for k in ("text", "html", "source")):
        raise ValueError("needs one of text, html or source")


def load_dataset(path: Path, *, strict: bool = False, warn=print) -> list[Article]:
    """Articles from JSONL (see ``read_jsonl`` for bad lines)."""
    articles: list[Article] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, row in read_jsonl(lines, path.name, _check_article, strict=strict, warn=warn):
        refs = row.get("references") or ([row["reference"]] if row.get("reference") else [])
        articles.append(Article(id=str(row.get("id", n)), text=row.get("text"), html=row.get("html"),
                                source=row.get("source"), title=row.get("title"), references=list(refs)))
    if not articles:
        raise InputError(f"{path}: no usable articles")
    return articles


def document_for(article: Article, base: Path) -> Document:
    from ..extract import extract, load_document
    from ..fetch import RawSource, is_url

    if article.text is not None:
        doc = extract(RawSource(data=article.text.encode(), kind="text", path=f"{article.id}.txt"))
    elif article.html is not None:
        doc = extract(RawSource(data=article.html.encode(), kind="html", path=f"{article.id}.html"))
    else:
        src = article.source or ""
        doc = load_document(src if is_url(src) else str((base / src).resolve()))
    if article.title:
        doc.title = article.title
    return doc


def score(brief: Brief, doc: Document, references: list[str], prices: dict[str, float]) -> dict[str, float]:
    """Every metric for one brief."""
    from .faithfulness import brief_faithfulness, lexical
    from ..verify import numbers

    points = [p.text for p in brief.summary]
    m: dict[str, float] = {"grounding_rate": brief.grounding.rate}
    if (entailed := brief_faithfulness(brief)) is not None:  # absent without the entailment model: the gate says so
        m["faithfulness"] = entailed
    m["faithfulness_lexical"] = lexical(doc.text, "\n".join(points)).score if points else 0.0
    dropped_actors = sum(1 for d in brief.grounding.dropped if d.kind == "actor")
    m["actor_grounding"] = _ratio(len(brief.key_actors), len(brief.key_actors) + dropped_actors)
    claimed = set().union(*(numbers(t) for t in points + [q.question for q in brief.open_questions])) if points else set()
    m["numbers_consistency"] = _ratio(len(claimed & numbers(doc.text)), len(claimed))
    m["questions_open"] = _ratio(sum(1 for q in brief.open_questions if not _answered(q.question, doc.text)),
                                 len(brief.open_questions))
    if references:
        m.update(_rouge(" ".join(points), references))
    u = brief.usage
    m["tokens"] = float(u.total_tokens + u.cached_tokens)  # what the brief costs uncached
    m["cost"] = (u.prompt_tokens * prices.get("prompt", 0.0) + u.completion_tokens * prices.get("completion", 0.0)) / 1e6
    m["latency"] = u.seconds
    return m


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _answered(question: str, text: str) -> bool:
    """True if some sentence states the question's content without hedging (then it is not open)."""
    from ..chunk import split_sentences

    words = {w for w in re.findall(r"[a-z0-9]+", question.lower()) if len(w) > 3}
    if not words:
        return False
    for s in split_sentences(text):
        have = set(re.findall(r"[a-z0-9]+", s.text.lower()))
        if len(words & have) / len(words) >= 0.8 and not _UNCERTAIN.search(s.text):
            return True
    return False


def _rouge(summary: str, references: list[str]) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    best: dict[str, float] = {}
    for ref in references:
        for name, s in scorer.score(ref, summary).items():
            best[name] = max(best.get(name, 0.0), s.fmeasure)
    return best


def article_passes(metrics: dict[str, float], thresholds: dict[str, dict[str, float]]) -> bool:
    return not _violations(metrics, thresholds)


def _violations(metrics: dict[str, float], thresholds: dict[str, dict[str, float]]) -> list[str]:
    out = []
    for name, rule in thresholds.items():
        if name not in metrics:
            continue
        v = metrics[name]
        if "min" in rule and v < rule["min"]:
            out.append(f"{name} {v:.3f} < min {rule['min']}")
        if "max" in rule and v > rule["max"]:
            out.append(f"{name} {v:.3f} > max {rule['max']}")
    return out


def aggregate(rows: list[dict]) -> dict[str, float]:
    """Means over the articles that produced a brief, plus failures and pass rate."""
    ok = [r for r in rows if not r.get("error")]
    names = sorted({k for r in ok for k in r["metrics"]})
    agg = {n: round(statistics.fmean(r["metrics"][n] for r in ok if n in r["metrics"]), 4) for n in names}
    agg["failed"] = float(len(rows) - len(ok))
    agg["pass_rate"] = round(_ratio(sum(1 for r in ok if r.get("passed")), len(rows)), 4)
    return agg


def compare(current: dict[str, float], baseline: dict[str, float], tolerance: dict[str, float]) -> list[str]:
    """Regressions of ``current`` against ``baseline`` beyond tolerance (absolute for scores,
    relative for tokens and cost; latency only when the suite gives it a tolerance)."""
    out = []
    for name, base in baseline.items():
        if name not in current or (name == "latency" and "latency" not in tolerance):
            continue
        cur = current[name]
        tol = tolerance.get(name, tolerance.get("default", DEFAULT_TOLERANCE.get(name, 0.02)))
        if name in HIGHER_IS_BETTER and cur < base - tol:
            out.append(f"{name} fell {base:.4f} → {cur:.4f} (tolerance {tol})")
        elif name in LOWER_IS_BETTER:
            limit = base + tol if name == "failed" else base * (1 + tol) + 1e-9
            if cur > limit:
                out.append(f"{name} rose {base:.4f} → {cur:.4f} (tolerance {tol})")
    return out


def suite_settings(suite: Suite, **overrides) -> Settings:
    merged = {**suite.settings, **{k: v for k, v in overrides.items() if v is not None}}
    known = set(Settings.__dataclass_fields__)
    unknown = sorted(set(merged) - known)
    if unknown:
        raise ConfigError(f"{suite.path}: unknown setting(s) {', '.join(unknown)}")
    return load_settings(**merged)


def run(suite: Suite, articles: list[Article], settings: Settings, *, cache=None, concurrency: int | None = None,
        repeat: int = 1, checkpoint: Path | None = None, progress=None, judge=None) -> list[dict]:
    """Summarize and score every article ``repeat`` times; rows carry metrics or an error."""
    from ..summarize import Session

    replaying = getattr(cache, "mode", None) == "replay"
    workers = max(1, concurrency or suite.concurrency)
    if settings.local and not replaying:
        workers = 1  # one in-process llama.cpp model: calls are serialized anyway
    rows: list[dict] = []
    docs: dict[str, Document | Exception] = {}
    for a in articles:
        try:
            docs[a.id] = document_for(a, suite.dataset.parent)
        except BrieferError as exc:
            docs[a.id] = exc
    with Session(settings, cache=cache, load_model=not replaying) as session:
        for r in range(repeat):
            seed = (settings.seed or 0) + r  # a fresh sample per repeat (and distinct cache keys)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(_one, session, a, docs[a.id], suite, seed, judge): a for a in articles}
                try:
                    for fut in as_completed(futures):
                        row = {**fut.result(), "repeat": r}
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


def _one(session, article: Article, doc, suite: Suite, seed: int, judge=None) -> dict:
    if isinstance(doc, Exception):
        return {"id": article.id, "error": str(doc)}
    try:
        brief = session.summarize_document(doc, seed=seed)
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
    metrics = {k: round(v, 4) for k, v in metrics.items()}
    return {"id": article.id, "metrics": metrics, "passed": article_passes(metrics, suite.thresholds),
            "violations": _violations(metrics, suite.thresholds),
            "summary": [p.text for p in brief.summary], "usage": brief.usage.model_dump()}


def summarize_runs(rows: list[dict], suite: Suite, repeat: int) -> dict:
    """The report: aggregate metrics, threshold failures, and for --repeat the pass^N and spread."""
    runs = [[r for r in rows if r["repeat"] == i] for i in range(repeat)]
    per_run = [aggregate(run_rows) for run_rows in runs]
    report = {"suite": suite.name, "articles": len(runs[0]), "repeat": repeat, "metrics": per_run[0],
              "threshold_failures": _violations(per_run[0], suite.thresholds)}
    if repeat > 1:
        ids = {r["id"] for r in runs[0]}
        always = [i for i in ids if all(any(r["id"] == i and r.get("passed") for r in run_rows) for run_rows in runs)]
        report["pass_all_repeats"] = round(len(always) / len(ids), 4)  # pass^N
        report["spread"] = {k: round(max(p[k] for p in per_run) - min(p[k] for p in per_run), 4)
                            for k in per_run[0] if all(k in p for p in per_run)}
        report["metrics"] = {k: round(statistics.fmean(p[k] for p in per_run), 4)
                             for k in per_run[0] if all(k in p for p in per_run)}
    return report



@dataclass
class SuiteResult:
    """What ``run_suite`` returns: the report, regressions against the baseline, and every row."""

    report: dict
    rows: list[dict]
    regressions: list[str]
    baseline: dict | None

    @property
    def passed(self) -> bool:
        return not (self.report["threshold_failures"] or self.regressions)


def run_suite(path: str | Path, *, baseline: str | Path | None = None, replay: str | None = None,
              record: str | None = None, repeat: int = 1, concurrency: int | None = None, strict: bool = False,
              rows_path: str | Path | None = None, judge=None, progress=None, warn=print,
              **overrides) -> SuiteResult:
    """Run an eval suite (``briefer eval run``): summarize its dataset, score, compare to ``baseline``.

    ``replay``/``record`` name a cassette (answer only from it / store every response in it);
    ``overrides`` are settings (``model=``, ``base_url=``, ``prompts_dir=`` ...) over the suite's.
    Scored rows are appended to ``rows_path`` as they finish (nothing is lost on Ctrl-C).
    """
    from .cassette import Cassette

    suite = load_suite(path)
    articles = load_dataset(suite.dataset, strict=strict, warn=warn)
    settings = suite_settings(suite, **overrides)
    cassette = Cassette(record, "record") if record else Cassette(replay, "replay") if replay else None
    if callable(judge) and getattr(judge, "needs_cache", False):
        judge = judge(cassette, settings)  # a factory: the judge shares the cassette and the suite's endpoint
    checkpoint = Path(rows_path or f"{suite.name}.rows.jsonl")
    checkpoint.write_text("")
    rows = run(suite, articles, settings, cache=cassette, concurrency=concurrency, repeat=repeat,
               checkpoint=checkpoint, progress=progress, judge=judge)
    if cassette is not None:
        cassette.save()
    report = summarize_runs(rows, suite, repeat)
    base = read_baseline(baseline) if baseline and Path(baseline).exists() else None
    regressions = compare(report["metrics"], base, suite.tolerance) if base is not None else []
    return SuiteResult(report, rows, regressions, base)


def read_baseline(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: unreadable baseline ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a baseline is a JSON object of metric values")
    return data
