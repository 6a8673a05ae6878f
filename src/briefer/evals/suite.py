"""Regression evals, the suite: parse it, read its dataset, score one brief.

A suite is TOML (see ``eval/suites/``): a dataset (JSONL of articles with optional reference
summaries), the summarize settings (model, strategy, prompts folder, temperature) — the reference
candidate ``base`` —, optional ``[candidates.NAME]`` tables of settings to compare with it, metric
thresholds and tolerances. ``runner`` runs it, ``gate`` decides. Scores are per article:

- ``grounding_rate``        verified items / items the model proposed (``Brief.grounding``); 0 for an
                            empty brief (no verified point), never the 1.0 of "0 of 0"
- ``faithfulness``          share of the points whose cited sentences entail them (``brief_faithfulness``)
- ``faithfulness_lexical``  the offline lexical checker's score of the summary points against the article
- ``judge_faithfulness``    with ``--judge-model``: share of the points' claims an LLM judge supports
- ``actor_grounding``       actors kept / actors proposed
- ``numbers_consistency``   numbers in points and questions that occur in the article
- ``questions_open``        open questions the article does not itself answer
- ``rouge1/2/L``            F-measure against the best reference (rouge-score), when present
- ``tokens``, ``cost``, ``latency``  usage totals (cost from the suite's per-million prices)

``failed`` (1 when the article produced no brief) and ``pass_rate`` (1 when it met every threshold)
are per-article too, so every metric gets the same paired statistics.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..config import FETCH_KEYS, SETTING_KEYS, FetchOptions
from ..errors import ConfigError, InputError
from ..schemas import Brief, Document

HIGHER_IS_BETTER = {"grounding_rate", "faithfulness", "faithfulness_lexical", "judge_faithfulness", "actor_grounding",
                    "numbers_consistency", "questions_open",
                    "rouge1", "rouge2", "rougeL", "pass_rate",
                    "bcubed_f1", "bcubed_precision", "bcubed_recall", "kept_apart"}  # the last four: days suites (days.py)
LOWER_IS_BETTER = {"tokens", "cost", "latency", "failed", "story_count_error"}
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
    candidates: dict[str, dict] = field(default_factory=dict)  # NAME → settings over ``settings``
    gate: list[str] | None = None  # the gated metrics (default: see ``gate.gated_metrics``)
    kind: str = "articles"  # or "days": a dataset of days with event labels, scored on stories (``days``)


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
    settings = check_candidate(f"{path} [settings]", dict(data.get("settings", {})), path.parent)
    candidates = {}
    for name, table in dict(data.get("candidates", {})).items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [candidates.{name}] must be a table of settings")
        if name == BASE:
            raise ConfigError(f"{path}: the suite's own [settings] are the candidate '{BASE}'; name yours otherwise")
        candidates[name] = check_candidate(f"{path} [candidates.{name}]", dict(table), path.parent)
    kind = data.get("kind", "articles")
    if kind not in ("articles", "days"):
        raise ConfigError(f"{path}: kind = {kind!r}: use \"articles\" or \"days\"")
    metrics = data.get("metrics", {})
    gate = data.get("gate")
    unknown = sorted((set(metrics) | set(gate or [])) - HIGHER_IS_BETTER - LOWER_IS_BETTER)
    if unknown:
        raise ConfigError(f"{path}: unknown metric(s) {', '.join(unknown)}")
    return Suite(
        name=data.get("name", path.stem), path=path, dataset=dataset, settings=settings,
        thresholds={k: v for k, v in metrics.items() if isinstance(v, dict)},
        tolerance=dict(data.get("tolerance", {})), prices=dict(data.get("prices", {})),
        concurrency=int(data.get("concurrency", 4)), candidates=candidates, gate=list(gate) if gate else None,
        kind=kind,
    )


BASE = "base"  # the reference candidate: the suite's own settings
CANDIDATE_KEYS = frozenset(SETTING_KEYS | FETCH_KEYS | {"points", "cluster_threshold", "cluster_times"})  # cluster_*: days suites
_TYPES = {"temperature": float, "timeout": float, "seed": int, "context_window": int, "max_attempts": int,
          "max_reasks": int, "points": int, "max_input_tokens": int, "cache": bool, "allow_private": bool,
          "cluster_threshold": float, "cluster_times": bool}


def check_candidate(where: str, values: dict, base: Path | None = None, error=ConfigError) -> dict:
    """A candidate's settings, checked (unknown keys name the allowed ones) and typed; a relative
    ``prompts_dir`` is resolved against ``base`` (the suite's folder; the working directory for the
    CLI). ``error``: ``ConfigError`` for a suite file, ``InputError`` (exit 2, a usage error) for
    the command line."""
    unknown = sorted(set(values) - CANDIDATE_KEYS)
    if unknown:
        raise error(f"{where}: unknown setting(s) {', '.join(unknown)} "
                          f"(allowed: {', '.join(sorted(CANDIDATE_KEYS))})")
    out = {}
    for key, value in values.items():
        kind = _TYPES.get(key, str)
        if isinstance(value, str) and kind is bool:
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise error(f"{where}: {key}={value} is not true or false")
            value = value.lower() in ("true", "1", "yes")
        try:
            value = kind(value)
        except (TypeError, ValueError):
            raise error(f"{where}: {key}={value} is not {'a number' if kind in (int, float) else kind.__name__}") from None
        if key == "prompts_dir":
            value = str(((base or Path.cwd()) / value).resolve())
        out[key] = value
    return out


def parse_candidate(words: list[str]) -> tuple[str, dict]:
    """``--candidate NAME KEY=VALUE ...`` → (name, checked settings)."""
    name, pairs = words[0], words[1:]
    if "=" in name:
        raise InputError(f"--candidate {name}: give a NAME first, then KEY=VALUE settings")
    if name == BASE:
        raise InputError(f"--candidate {BASE}: '{BASE}' is the suite's own settings; choose another name")
    values = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key:
            raise InputError(f"--candidate {name}: '{pair}' is not KEY=VALUE")
        values[key.strip().replace("-", "_")] = value
    if not values:
        raise InputError(f"--candidate {name}: no settings given (KEY=VALUE ...)")
    return name, check_candidate(f"--candidate {name}", values, error=InputError)


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


def document_for(article: Article, base: Path, fetch: FetchOptions | None = None) -> Document:
    """The article's document, read with the candidate's fetch options (deadline, input cap, cache)."""
    from ..extraction import extract, load_document
    from ..extraction import RawSource
    from ..text import is_url

    fetch = fetch or FetchOptions()
    cap = fetch.max_input_tokens
    if article.text is not None:
        doc = extract(RawSource(data=article.text.encode(), kind="text", path=f"{article.id}.txt"), max_tokens=cap)
    elif article.html is not None:
        doc = extract(RawSource(data=article.html.encode(), kind="html", path=f"{article.id}.html"), max_tokens=cap)
    else:
        src = article.source or ""
        doc = load_document(src if is_url(src) else str((base / src).resolve()), fetch)
    if article.title:
        doc.title = article.title
    return doc


def score(brief: Brief, doc: Document, references: list[str], prices: dict[str, float]) -> dict[str, float]:
    """Every metric for one brief."""
    from ..grounding import brief_faithfulness, lexical
    from ..grounding import numbers

    points = [p.text for p in brief.summary]
    m: dict[str, float] = {"grounding_rate": 0.0 if brief.why_empty() else brief.grounding.rate}  # empty: failed
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
    from ..sentences import split_sentences

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
    return not violations(metrics, thresholds)


def violations(metrics: dict[str, float], thresholds: dict[str, dict[str, float]]) -> list[str]:
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
