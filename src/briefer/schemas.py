"""The shared language of the pipeline: the brief and the pieces every stage passes on.

The brief's JSON keys are a public contract (``briefer schema`` prints it); change them only
with a version bump.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .document import Document, Sentence  # noqa: F401  (pydantic-free, for ``briefer extract``)

SCHEMA_VERSION = "1"
# The most items a brief holds: points (``selection.default_points`` asks for fewer), key actors, open questions.
MAX_POINTS, MAX_ACTORS, MAX_QUESTIONS = 7, 12, 4


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
    """A key actor, named as in the source, with the quote that shows their role.

    ``role`` is the text's own descriptor ("Defense Minister", "passenger"); empty when the text
    gives none (never a placeholder)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    role: str = Field(description="the source's descriptor of this person; empty when it gives none")
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
    rate: float | None = Field(ge=0.0, le=1.0, description="items verified / items checked; null when nothing was "
                                                            "checked (0 of 0 is no evidence of anything)")
    checked: int = 0
    repaired: int = 0
    dropped: list[Dropped] = Field(default_factory=list)
    entailment: str | None = Field(
        None, description="model-written items (abstractive): 'checked' when each was checked for entailment by "
                          "its cited text, else why not; absent when every item is a verbatim quote")


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
    response_format: str | None = None  # the structured-output mode the endpoint accepted (modes.py)
    rejected: int = 0  # requests the endpoint rejected for how they asked for JSON (auto stepped down)
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

    def why_empty(self) -> str | None:
        """Why this brief has nothing to show — no summary point survived verification — in one
        line; None when it has one. A brief without points is never a success: ``briefer.summarize``
        raises ``EmptyBrief``, the CLI exits 4, an eval scores it as failed, a daily brief lists it
        as a failure instead of a story."""
        if self.summary:
            return None
        g = self.grounding
        dropped = [d for d in g.dropped if d.kind == "point"]
        if not g.checked:
            return "the model produced nothing usable: it proposed no summary point, actor or question"
        if not dropped:
            return f"the model produced nothing usable: it proposed no summary point ({g.checked} other item(s) checked)"
        return (f"the model produced nothing usable: none of its {len(dropped)} summary point(s) could be verified "
                f"against the source (first: {' '.join(dropped[0].reason.split())})")


def published_schema(model: type[BaseModel], name: str) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"briefer/{name}/v{SCHEMA_VERSION}"
    return schema


def brief_json_schema() -> dict:
    """JSON Schema of the brief, as printed by ``briefer schema``."""
    return published_schema(Brief, "brief")


def extraction_json_schema() -> dict:
    """JSON Schema of ``briefer extract --format json`` output."""
    return published_schema(Extraction, "extraction")
