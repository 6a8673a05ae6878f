"""The evals' output language: reports, rows and scored pairs (``briefer schema eval|pairs``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schemas import Usage, published_schema


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
