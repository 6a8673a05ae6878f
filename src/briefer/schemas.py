"""The shared language of the pipeline: the brief and the pieces every stage passes on.

The brief's JSON keys are a public contract (``briefer schema`` prints it); change them only
with a version bump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class Evidence(BaseModel):
    """An exact quote from the extracted text and its character offsets there."""

    model_config = ConfigDict(extra="forbid")
    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SummaryPoint(BaseModel):
    """One point of the summary, backed by at least one quote."""

    model_config = ConfigDict(extra="forbid")
    text: str
    evidence: list[Evidence] = Field(min_length=1)


class Actor(BaseModel):
    """A key actor, named as in the source, with the quote that shows their role."""

    model_config = ConfigDict(extra="forbid")
    name: str
    role: str
    evidence: list[Evidence] = Field(min_length=1)


class OpenQuestion(BaseModel):
    """Something the article leaves unresolved, with the passage that raises it."""

    model_config = ConfigDict(extra="forbid")
    question: str
    why: str
    evidence: list[Evidence] = Field(default_factory=list)


class Dropped(BaseModel):
    """An item the verifier removed because it could not be grounded."""

    model_config = ConfigDict(extra="forbid")
    kind: str  # "point" | "actor" | "question"
    text: str
    reason: str


class Grounding(BaseModel):
    """How much of what the model proposed survived verification."""

    model_config = ConfigDict(extra="forbid")
    rate: float = Field(ge=0.0, le=1.0)
    checked: int = 0
    repaired: int = 0
    dropped: list[Dropped] = Field(default_factory=list)


class Usage(BaseModel):
    """Tokens and calls across every attempt, retries and re-asks included."""

    model_config = ConfigDict(extra="forbid")
    model: str = ""
    strategy: str = ""
    prompt: str | None = None  # the prompt template's version
    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_tokens: int = 0  # tokens the cached answers cost when they were made
    retries: int = 0
    reasks: int = 0
    seconds: float = 0.0  # wall time of the whole brief
    model_seconds: float = 0.0  # of which waiting for the model


class Source(BaseModel):
    """Where the article came from and what extraction found about it."""

    model_config = ConfigDict(extra="forbid")
    url: str | None = None
    path: str | None = None
    title: str | None = None
    published: str | None = None
    chars: int = 0
    tokens: int = 0
    authors: list[str] = Field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    paywall: bool = False


class Extraction(BaseModel):
    """What ``briefer extract --format json`` prints: the main text and the page's metadata."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="the article's main text, one paragraph per line")
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = Field(None, description="ISO 8601 publication date, when the page states one")
    url: str | None = Field(None, description="the URL fetched (after redirects)")
    canonical_url: str | None = None
    path: str | None = None
    site_name: str | None = None
    language: str | None = Field(None, description="ISO 639-1 code, e.g. en")
    word_count: int
    extractor: str = Field(description="which method produced the text (e.g. trafilatura+readability vote)")
    encoding: str | None = Field(None, description="how the bytes were decoded, e.g. utf-8, cp1252 (detected)")
    paywall: bool = Field(False, description="the page looks paywalled or a teaser")
    warnings: list[str] = Field(default_factory=list)


class Brief(BaseModel):
    """A grounded, structured brief of one article."""

    model_config = ConfigDict(extra="forbid")
    title: str
    source: Source
    summary: list[SummaryPoint]
    key_actors: list[Actor]
    open_questions: list[OpenQuestion]
    grounding: Grounding
    usage: Usage


def _published(model: type[BaseModel], name: str) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"briefer/{name}/v{SCHEMA_VERSION}"
    return schema


def brief_json_schema() -> dict:
    """JSON Schema of the brief, as printed by ``briefer schema``."""
    return _published(Brief, "brief")


def extraction_json_schema() -> dict:
    """JSON Schema of ``briefer extract --format json`` output."""
    return _published(Extraction, "extraction")


@dataclass
class Document:
    """Extracted article text (the text every offset refers to) plus metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    path: str | None = None
    warnings: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    site_name: str | None = None
    language: str | None = None
    extractor: str = "text"
    paywall: bool = False
    encoding: str | None = None


@dataclass
class Sentence:
    """A sentence of the document with its offsets; ``id`` is its number in the prompt."""

    id: int
    start: int
    end: int
    text: str


# -- the daily brief: many articles → stories -------------------------------------------------
class Failure(BaseModel):
    """A source or article that could not be used, and why."""

    model_config = ConfigDict(extra="forbid")
    source: str
    stage: str = Field(description="source | fetch | extract | model | budget")
    error: str


class ArticleEntry(BaseModel):
    """One article of the daily brief with its own grounded brief."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="stable id: hash of the extracted text")
    location: str = Field(description="URL or path it was read from")
    title: str
    site_name: str | None = None
    published: str | None = None
    new: bool = Field(True, description="not in any earlier daily brief from this store")
    brief: Brief


class Cited(BaseModel):
    """Evidence in one article: ``articles[article].brief`` source text at [start, end)."""

    model_config = ConfigDict(extra="forbid")
    article: str
    quote: str
    start: int
    end: int


class StoryPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    evidence: list[Cited]


class StoryActor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="the fullest form any article uses")
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    articles: list[str]
    evidence: list[Cited]


class StoryQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    why: str
    evidence: list[Cited]


class Story(BaseModel):
    """Articles about the same event, merged."""

    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    sources: int = Field(description="distinct sites (or articles, when sites are unknown) covering it")
    articles: list[str]
    points: list[StoryPoint]
    actors: list[StoryActor]
    open_questions: list[StoryQuestion]


class DailyUsage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: int = 0
    summarized: int = 0
    reused: int = Field(0, description="briefs taken from the store: unchanged articles, no model call")
    model_calls: int = 0
    tokens: int = 0
    seconds: float = 0.0
    budget_exhausted: bool = False


class DailyBrief(BaseModel):
    """``briefer brief`` output: stories ranked by coverage, each line traceable to its articles."""

    model_config = ConfigDict(extra="forbid")
    title: str
    generated: str
    since: str | None = None
    stories: list[Story]
    articles: list[ArticleEntry]
    failed: list[Failure]
    usage: DailyUsage


def daily_json_schema() -> dict:
    """JSON Schema of ``briefer brief --format json``."""
    return _published(DailyBrief, "daily")


# -- evals (briefer eval run --json, briefer eval score-pairs) ---------------------------------
class EvalReport(BaseModel):
    """A suite's aggregate: metric means, threshold failures and, with --repeat, pass^N and spread."""

    suite: str
    articles: int
    repeat: int
    metrics: dict[str, float]
    threshold_failures: list[str]
    pass_all_repeats: float | None = Field(None, description="share of articles passing in every repeat")
    spread: dict[str, float] | None = Field(None, description="max − min of each metric across repeats")


class EvalRow(BaseModel):
    """One article in one repeat: its metrics and brief, or the error that stopped it."""

    id: str
    repeat: int
    metrics: dict[str, float] | None = None
    passed: bool | None = None
    violations: list[str] = []
    summary: list[str] | None = None
    usage: Usage | None = None
    error: str | None = None


class EvalResult(BaseModel):
    """``briefer eval run --json``: the report, regressions against the baseline, every row."""

    report: EvalReport
    regressions: list[str]
    rows: list[EvalRow]


class CheckedClaim(BaseModel):
    """The checker's finding for one summary sentence (``--explain``)."""

    text: str
    start: int
    end: int
    support: float
    evidence: dict | None = Field(None, description="{quote, start, end} of the best-supporting source sentence")
    reasons: list[str]


class JudgedClaim(BaseModel):
    """The LLM judge's verdict on one claim (``--judge-model --explain``)."""

    claim: str
    verdict: Literal["supported", "contradicted", "not_in_source"]
    quote: str


class ScoredPair(BaseModel):
    """One line of ``briefer eval score-pairs`` output: the input row (all its fields) plus the verdict."""

    model_config = ConfigDict(extra="allow")
    document: str
    summary: str
    score: float = Field(ge=0, le=1, description="1 = consistent")
    predicted_label: Literal[0, 1] = Field(description="1 consistent / 0 not, at the threshold")
    claims: list[CheckedClaim] | list[JudgedClaim] | None = None


def eval_json_schema() -> dict:
    """JSON Schema of ``briefer eval run --json``."""
    return _published(EvalResult, "eval")


def pairs_json_schema() -> dict:
    """JSON Schema of one line of ``briefer eval score-pairs`` output."""
    return _published(ScoredPair, "pairs")
