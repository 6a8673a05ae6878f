"""What extraction hands on: the article's text with its metadata, and the sentences of it.

Plain dataclasses with no pydantic, so that ``briefer extract`` starts fast; ``schemas`` re-exports
them with the rest of the pipeline's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
