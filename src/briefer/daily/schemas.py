"""The daily brief's language: articles, stories and failures (``briefer schema daily``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

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
    """One fact of a story: its text is an exact span of the first cited article (or, ``written``, the model's
    wording of one or two facts, checked for entailment); ``evidence`` holds every member article's own
    sentence that states it."""

    model_config = ConfigDict(extra="forbid")
    text: str
    evidence: list[Cited]
    outlets: list[str] = Field(default_factory=list, description="the outlets whose articles state it (site name, "
                                                                  "else the URL's host), in the order of evidence")
    written: bool = Field(False, description="true: the model wrote this text from the facts it states (a story of "
                                             "several articles with --story-writer model); it is entailed by its "
                                             "evidence, which is every cited sentence of those facts. false: a cited "
                                             "sentence itself (or, in a story of one article, its brief's point)")


class StoryActor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="the fullest form any article uses")
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    articles: list[str]
    evidence: list[Cited]
    outlets: list[str] = Field(default_factory=list, description="the outlets whose articles name them")


class StoryQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    why: str
    evidence: list[Cited]


class Story(BaseModel):
    """Articles about the same event, merged; followed across the briefs made from one store."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="stable across briefs from one store: a story that continues (shares articles with, "
                                "or reads like, a story of an earlier brief) keeps the id it was first given")
    title: str = Field(description="the most representative headline of its articles: the one nearest to what "
                                   "all of them say")
    status: Literal["new", "updated", "unchanged"] = Field(
        "new", description="new: in no earlier brief from this store; updated: in one, and since then it has new "
                           "articles, points or people (new_articles, new_points, new_actors); unchanged: nothing new")
    first_seen: str | None = Field(None, description="when a brief from this store first had it (ISO 8601); "
                                                     "null for a new story")
    previous: str | None = Field(None, description="when the last earlier brief with this story was made (ISO 8601): "
                                                   "what new_* is new against; null for a new story")
    continues: str | None = Field(None, description="the id of the story in this brief that this one continues: the "
                                                    "previous episode of one ongoing story (the same subject, kept "
                                                    "apart by publication time); null if none")
    sources: int = Field(description="distinct sites (or articles, when sites are unknown) covering it")
    articles: list[str]
    new_articles: list[str] = Field(default_factory=list, description="articles not in the story when it was last "
                                                                      "briefed (every article of a new story)")
    points: list[StoryPoint] = Field(description="the story as a whole: one point per fact, the facts most outlets "
                                                 "report first (then the earliest told); at most 5 points, ~120 words")
    differences: list[StoryPoint] = Field(default_factory=list, description="stories of 3+ outlets: up to two early "
                                          "facts that only one outlet reports (its name in outlets)")
    new_points: list[StoryPoint] = Field(default_factory=list, description="updated story: what its articles say that "
                                         "no earlier brief said (new articles first); what an updated story shows")
    actors: list[StoryActor]
    new_actors: list[StoryActor] = Field(default_factory=list, description="updated story: people no earlier brief "
                                                                           "named in it")
    open_questions: list[StoryQuestion]
    _facts: object = PrivateAttr(default=None)  # its daily.synthesis.Synthesis: what continuity picks new points from


class DailyUsage(BaseModel):
    """What a run did; ``listed`` = ``summarized`` + ``reused`` + ``failed``, always (a run whose counts
    do not add up stops with an internal error instead of writing a brief)."""

    model_config = ConfigDict(extra="forbid")
    listed: int = Field(0, description="articles the sources listed (after --since and --max-articles)")
    articles: int = Field(0, description="articles in this brief (with --new-only, the new and updated ones)")
    summarized: int = Field(0, description="articles briefed now, with at least one verified point")
    reused: int = Field(0, description="briefs taken from the store: unchanged articles, no model call")
    failed: int = Field(0, description="articles that failed at any stage: fetch, extract, model (an empty brief "
                                       "included) or the token budget; failed sources are not articles")
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


