"""The evals' output language: reports, rows and scored pairs (``briefer schema eval|pairs``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schemas import Usage, published_schema


class MetricStats(BaseModel):
    """A metric of one candidate: the mean over articles (of each article's mean over repeats)
    and its 95 % bootstrap interval (articles resampled, then seeds within them)."""

    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int = Field(description="articles with a value")


class CandidateResult(BaseModel):
    """One candidate's metrics and the thresholds of ``[metrics]`` its means break."""

    metrics: dict[str, MetricStats]
    threshold_failures: list[str]
    pass_all_repeats: float | None = Field(None, description="with --repeat: share of articles passing in every repeat")


Verdict = Literal["regressed", "improved", "same", "inconclusive", "missing"]


class Comparison(BaseModel):
    """A candidate against its reference on one gated metric, paired by article."""

    delta: float | None = Field(description="mean over articles of (candidate − reference)")
    ci_low: float | None
    ci_high: float | None
    verdict: Verdict
    n: int = Field(description="articles both sides have")
    tolerance: float | None = Field(None, description="in the metric's units (relative ones already scaled)")
    detectable_drop: float | None = Field(None, description="smallest drop called regressed with 80% power")
    deltas: dict[str, float] | None = Field(None, description="each article's difference")


class ArticleDrop(BaseModel):
    """An article whose metric dropped by more than the tolerance."""

    id: str
    metric: str
    delta: float


class BriefText(BaseModel):
    summary: list[str] = []
    actors: list[str] = []
    error: str | None = None


class BrokenArticle(BaseModel):
    """An article that regressed or flipped pass → fail, with both briefs side by side."""

    id: str
    flipped: bool
    deltas: dict[str, float]
    before: BriefText
    after: BriefText


class Gate(BaseModel):
    """The decision: ``passed`` is the exit code 0."""

    passed: bool
    failures: list[str]
    strict: bool = False
    failed_metrics: dict[str, dict[str, list[str]]] = Field(default_factory=dict,
                                                           description="candidate → metric → its failure lines")


class EvalRow(BaseModel):
    """One article, candidate and repeat: its metrics and brief, or the error that stopped it."""

    id: str
    candidate: str
    repeat: int
    metrics: dict[str, float] | None = None
    passed: bool | None = None
    violations: list[str] = []
    summary: list[str] | None = None
    actors: list[str] | None = None
    usage: Usage | None = None
    error: str | None = None


class EvalResult(BaseModel):
    """``briefer eval run --json``: candidates side by side, each compared with its reference, the gate."""

    suite: str
    articles: int
    repeat: int
    reference: Literal["base", "baseline"] = Field(description="what candidates are compared with")
    gated: list[str] = Field(description="the metrics the gate decides on")
    candidates: dict[str, CandidateResult] = Field(description="by name; 'base' is the suite's own settings")
    comparisons: dict[str, dict[str, Comparison]] = Field(description="candidate → metric → comparison")
    reference_of: dict[str, str]
    regressed_articles: dict[str, list[ArticleDrop]]
    broken: dict[str, list[BrokenArticle]]
    detectable_drop: dict[str, float | None] = Field(description="per gated metric, at 80% power")
    gate: Gate
    settings: dict[str, dict] = Field(description="each candidate's settings as given (no API key)")
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
    method: Literal["lexical", "entail", "claim", "judge", "none"] | None = Field(
        None, description="what scored the row: the lexical checker, the entailment summary score, the claim check "
                          "(one-sentence summaries), the LLM judge, or none (an empty or non-text summary: 0)")
    claims: list[CheckedClaim] | list[JudgedClaim] | None = None


def eval_json_schema() -> dict:
    """JSON Schema of ``briefer eval run --json``."""
    return published_schema(EvalResult, "eval")


def pairs_json_schema() -> dict:
    """JSON Schema of one line of ``briefer eval score-pairs`` output."""
    return published_schema(ScoredPair, "pairs")
