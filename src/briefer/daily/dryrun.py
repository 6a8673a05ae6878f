"""``briefer brief --dry-run``: what a daily brief would cost, without a model call.

Kept apart from ``run`` (the brief itself): it reads every article the same way (``dispatch.read_all``),
then only counts tokens and looks up stored briefs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..errors import redact
from ..schemas import Document
from .keys import fingerprint
from .dispatch import read_all
from .options import Options, default_store, resolve_daily
from .run import require_articles
from .schemas import Failure
from .sources import ArticleRef, expand_sources
from .store import Store

# USD per million (prompt, completion) tokens, for --dry-run estimates; override with --price.
PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4o": (2.50, 10.00), "gpt-4.1-mini": (0.40, 1.60),
          "gpt-4.1": (2.00, 8.00), "gpt-5-mini": (0.25, 2.00), "gpt-5": (1.25, 10.00)}


@dataclass
class Estimate:
    """One article in a --dry-run."""

    location: str
    title: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool


def estimate(docs: list[tuple[ArticleRef, Document]], store: Store, session_fp: str | None) -> list[Estimate]:
    """Tokens an article would cost: the source plus briefer's prompt overhead, ~150 out per chunk."""
    from ..extraction import count_tokens

    out = []
    for ref, doc in docs:
        src = count_tokens(doc.text)
        chunks = max(1, -(-src // 3000))
        cached = session_fp is not None and store.brief(doc.text, session_fp) is not None
        out.append(Estimate(redact(ref.location), doc.title or redact(ref.location), 0 if cached else int(src * 1.25) + 350 * chunks,
                            0 if cached else 150 * chunks, cached))
    return out


def prices_for(model: str, override: tuple[float, float] | None, local: bool) -> tuple[float, float]:
    if override:
        return override
    if local:
        return (0.0, 0.0)
    name = model.lower()
    for prefix in sorted(PRICES, key=len, reverse=True):
        if name.startswith(prefix):
            return PRICES[prefix]
    return (0.0, 0.0)


def plan(sources: str | list[str], *, options: Options | None = None, settings: Settings | None = None,
         **overrides) -> tuple[list[Estimate], list[Failure], str, tuple[float, float]]:
    """A dry run: (estimates per article, failures, model, (USD in, out) per M tokens); no model call."""
    from ..pipeline import Session

    opts, settings = resolve_daily(options, settings, overrides)
    sources = [sources] if isinstance(sources, str) else list(sources)
    store = Store(opts.store or default_store())
    try:
        refs, failures = expand_sources(sources, opts, store)
        docs, unread = read_all(refs, opts, store)
        failures = list(failures) + unread
        require_articles(docs, failures, sources, opts)
        with Session(settings, load_model=False) as session:
            rows = estimate(docs, store, fingerprint(session))
            return rows, failures, session.model, prices_for(session.model, opts.prices, settings.local)
    finally:
        store.close()
