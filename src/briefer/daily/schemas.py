"""The daily brief's language: articles, stories and failures (``briefer schema daily``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..schemas import Brief, published_schema


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
    return published_schema(DailyBrief, "daily")


