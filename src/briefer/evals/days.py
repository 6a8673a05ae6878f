"""Regression evals of the daily brief's stories: a suite of days, each with event labels.

A days suite (``kind = "days"`` in the TOML, see ``eval/suites/days-ci.toml``) names a JSONL
dataset with one day per line::

    {"id": "day-01", "articles": [{"id": "...", "title": "...", "text": "...",
                                   "published": "2026-11-02T09:15:00+00:00", "event": "e1", "topic": "t1"}]}

(``source`` or ``html`` instead of ``text`` work as in an article suite; ``topic`` is optional.) Or
``dataset`` names a folder of day folders, each with its articles and a ``labels.json`` (``_folder_days``).
Each day's articles are read as ``briefer brief`` reads them and grouped into stories by the
daily brief's clustering on their whole text and publication times. The grouping does not depend
on the per-article briefs (``daily.run.assemble`` groups on the text), so no model runs and there
is no cassette: the suite is exact and replayable as it stands. Scores per day (the unit of the
paired statistics, as an article is in an article suite):

- ``bcubed_f1``, ``bcubed_precision``, ``bcubed_recall``  B-cubed against the event labels
- ``kept_apart``          share of same-topic, other-event pairs in different stories (1 without any)
- ``story_count_error``   |stories − events| / events

A candidate may set ``cluster_threshold`` (higher splits more) and ``cluster_times`` (false:
ignore publication times). The clustering function is passed in (``cluster``): evals sit beside
the daily package, not over it; the CLI passes ``briefer.daily.cluster``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import BrieferError, ConfigError, InputError
from .suite import BASE, Article, Suite, article_passes, check_candidate, document_for, read_jsonl, violations

DAY_METRICS = ("bcubed_f1", "bcubed_precision", "bcubed_recall", "kept_apart", "story_count_error")
CLUSTER_KEYS = {"cluster_threshold", "cluster_times"}


@dataclass
class Day:
    """One day of articles with their event labels."""

    id: str
    articles: list[Article]
    events: list[str]
    topics: list[str | None] = field(default_factory=list)
    published: list[str | None] = field(default_factory=list)


def _check_day(row: dict) -> None:
    arts = row.get("articles")
    if not isinstance(arts, list) or not arts:
        raise ValueError("needs a non-empty list 'articles'")
    for k, a in enumerate(arts):
        if not isinstance(a, dict) or not any(a.get(x) for x in ("text", "html", "source")):
            raise ValueError(f"article {k}: needs one of text, html or source")
        if not a.get("event"):
            raise ValueError(f"article {k}: needs an 'event' label")


def load_days(path: Path, *, strict: bool = False, warn=print) -> list[Day]:
    """Days from JSONL (bad lines as in ``suite.read_jsonl``), or from a folder of day folders."""
    if path.is_dir():
        return _folder_days(path)
    days = []
    for n, row in read_jsonl(path.read_text(encoding="utf-8").splitlines(), path.name, _check_day,
                             strict=strict, warn=warn):
        arts = row["articles"]
        days.append(Day(
            id=str(row.get("id", n)),
            articles=[Article(id=str(a.get("id", k)), text=a.get("text"), html=a.get("html"), source=a.get("source"),
                              title=a.get("title")) for k, a in enumerate(arts)],
            events=[str(a["event"]) for a in arts], topics=[a.get("topic") for a in arts],
            published=[a.get("published") for a in arts]))
    if not days:
        raise InputError(f"{path}: no usable days")
    return days


def _folder_days(path: Path) -> list[Day]:
    """A folder of days: each subfolder is a day, its ``labels.json`` maps each article file (a path
    relative to the day's folder: .txt, .html, .md ...) to its event, or to ``{"event", "topic",
    "published"}``. Files the labels do not name are not part of the day."""
    days = []
    for folder in sorted(p for p in path.iterdir() if p.is_dir()):
        labels_file = folder / "labels.json"
        try:
            labels = json.loads(labels_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{labels_file}: unreadable labels ({exc})") from None
        if not isinstance(labels, dict) or not labels:
            raise InputError(f"{labels_file}: give an object of file name → event label")
        rows = [(name, v if isinstance(v, dict) else {"event": v}) for name, v in sorted(labels.items())]
        for name, row in rows:
            if not row.get("event") or not (folder / name).is_file():
                raise InputError(f"{labels_file}: {name}: " + ("no event label" if not row.get("event") else "no such file"))
        days.append(Day(id=folder.name,
                        articles=[Article(id=name, source=str((folder / name).relative_to(path.parent))) for name, _ in rows],
                        events=[str(r["event"]) for _, r in rows], topics=[r.get("topic") for _, r in rows],
                        published=[r.get("published") for _, r in rows]))
    if not days:
        raise InputError(f"{path}: no day folders (each a folder of articles with a labels.json)")
    return days


def bcubed(groups: list[list[int]], gold: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 (Bagga & Baldwin 1998) of ``groups`` against labels ``gold``."""
    size = Counter(gold)
    p = r = 0.0
    for g in groups:
        c = Counter(gold[i] for i in g)
        for i in g:
            p += c[gold[i]] / len(g)
            r += c[gold[i]] / size[gold[i]]
    n = len(gold)
    P, R = p / n, r / n
    return P, R, 2 * P * R / (P + R) if P + R else 0.0


def kept_apart(groups: list[list[int]], gold: list[str], topic: list[str | None]) -> float:
    """Share of the pairs of one topic but different events that are in different stories."""
    where = {i: k for k, g in enumerate(groups) for i in g}
    pairs = [(i, j) for i in range(len(gold)) for j in range(i + 1, len(gold))
             if topic[i] is not None and topic[i] == topic[j] and gold[i] != gold[j]]
    return sum(where[i] != where[j] for i, j in pairs) / len(pairs) if pairs else 1.0


def score_day(groups: list[list[int]], day: Day) -> dict[str, float]:
    P, R, F = bcubed(groups, day.events)
    events = len(set(day.events))
    return {"bcubed_f1": F, "bcubed_precision": P, "bcubed_recall": R,
            "kept_apart": kept_apart(groups, day.events, day.topics or [None] * len(day.events)),
            "story_count_error": abs(len(groups) - events) / events}


def day_candidates(suite: Suite, cli: dict[str, dict] | None) -> dict[str, dict]:
    """``base`` (the suite's settings), the suite's ``[candidates.*]`` and the command line's, each
    reduced to the clustering keys (a days suite runs no model)."""
    if BASE in (cli or {}):
        raise ConfigError(f"candidate '{BASE}' is the suite's own settings; choose another name")
    given = {name: check_candidate(f"candidate {name}", dict(keys)) for name, keys in (cli or {}).items()}
    named = {BASE: {}, **suite.candidates, **given}
    return {name: {k: v for k, v in {**suite.settings, **keys}.items() if k in CLUSTER_KEYS} for name, keys in named.items()}


def run_day(day: Day, base: Path, settings: dict, cluster: Callable) -> dict:
    """One day clustered with one candidate's settings, scored; a row as an article suite's."""
    try:
        docs = [document_for(a, base) for a in day.articles]
    except BrieferError as exc:
        return {"id": day.id, "error": str(exc)}
    times = day.published if settings.get("cluster_times", True) else [None] * len(docs)
    kwargs = {"threshold": settings["cluster_threshold"]} if "cluster_threshold" in settings else {}
    groups = cluster(docs, times=times, **kwargs)
    metrics = {k: round(v, 4) for k, v in score_day(groups, day).items()}
    stories = [f"{docs[g[0]].title or day.articles[g[0]].id} ({len(g)}: {', '.join(sorted({day.events[i] for i in g}))})"
               for g in groups]
    return {"id": day.id, "metrics": metrics, "passed": True, "summary": stories, "actors": []}


def digest(days: list[Day], base: Path) -> dict[str, str]:
    """The baseline's drift check: a hash of the days' rows and of the local files they name (no
    prompts or checker take part)."""
    from ..text import is_url
    from .baseline import _digest

    rows = json.dumps([{**d.__dict__, "articles": [a.__dict__ for a in d.articles]} for d in days],
                      sort_keys=True, ensure_ascii=False).encode()
    files = [(base / a.source) for d in days for a in d.articles if a.source and not is_url(a.source)]
    return {"dataset": _digest([rows, *(f.read_bytes() for f in files if f.is_file())])}


def run_days_suite(suite: Suite, *, cluster: Callable | None, candidates: dict[str, dict] | None = None,
                   baseline: str | Path | None = None, allow_drift: bool = False, strict: bool = False,
                   strict_dataset: bool = False, rows_path: str | Path | None = None, progress=None, warn=print):
    """``briefer eval run`` on a days suite: every candidate clusters every day; the gate is the
    article suite's (``gate.summarize``), with days as the unit. Returns what ``runner.SuiteResult``
    holds: (report, rows, the baseline compared with, the dataset's hashes)."""
    from . import baseline as stored
    from .gate import summarize

    if cluster is None:
        raise ConfigError(f"{suite.path}: a days suite needs the daily brief's clustering (cluster=briefer.daily.cluster)")
    days = load_days(suite.dataset, strict=strict_dataset, warn=warn)
    chosen = day_candidates(suite, candidates)
    hashes = digest(days, suite.dataset.parent)
    reference = stored.read(baseline, hashes, allow_drift=allow_drift, warn=warn) if baseline else None
    checkpoint = Path(rows_path or f"{suite.name}.rows.jsonl")
    checkpoint.write_text("")
    rows = []
    for name, settings in chosen.items():
        for day in days:
            row = {**run_day(day, suite.dataset.parent, settings, cluster), "candidate": name, "repeat": 0}
            if "metrics" in row:
                row["violations"] = violations(row["metrics"], suite.thresholds)
                row["passed"] = article_passes(row["metrics"], suite.thresholds)
            rows.append(row)
            with checkpoint.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")
            if progress:
                progress(row)
    report = summarize(suite, rows, list(chosen), 1, reference, strict)
    report["settings"] = chosen
    report["unit"] = "days"
    return report, rows, reference, hashes
