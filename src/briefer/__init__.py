"""briefer: grounded, structured briefs of news articles.

    >>> import briefer
    >>> brief = briefer.summarize("article.html")      # embedded model, offline
    >>> brief.summary[0].evidence[0].quote               # every point cites the source
    >>> daily = briefer.brief(["feed.xml", "saved/"])    # the daily brief of many articles
    >>> result = briefer.run_suite("eval/suites/ci.toml", replay="eval/cassettes/ci.json")

Three products over one pipeline, and the tree says so. The stages are packages:
``briefer.extraction`` (fetch → extract + clean, metadata → chunk: input to ``Document``),
``briefer.model`` (the model connection: ``llm`` over ``endpoint``, the one place a connection is
built, with the response cache and the embedded model) and ``briefer.pipeline`` (summarize +
strategies, selection, candidates, questions → grounding → render: ``Document`` to ``Brief``), with
``schemas``, ``text``, ``sentences`` and ``errors`` as the shared language and ``briefer.grounding``
as the one place a claim meets its source (quotes at offsets, the entailment model, faithfulness).
``briefer.daily`` builds the daily brief, ``briefer.evals`` the regression evals, ``briefer.cli`` is a thin layer over all three, and ``briefer.testing``
ships the scripted OpenAI-compatible server the tests use (for your tests too). Each package's
``__init__`` is its public face; its modules are private.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from ._lazy import lazy

# Public names → the package face (or core module) that defines them, imported on first use (PEP 562):
# ``briefer --help`` and ``briefer extract`` must not pay for pydantic, jinja2, httpx, rich or openai up front.
_LAZY = {
    "Settings": ".config", "load_settings": ".config",
    "DailyBrief": ".daily", "brief": ".daily",
    "Endpoint": ".model",
    "BrieferError": ".errors", "ConfigError": ".errors", "EmptyBrief": ".errors", "FetchError": ".errors",
    "InputError": ".errors", "InternalError": ".errors", "ModelError": ".errors",
    "SuiteResult": ".evals", "run_suite": ".evals",
    "check_faithfulness": ".grounding",
    "extract_article": ".extraction", "extract": ".extraction:extract_article",  # ``briefer.extract(source)``
    "Actor": ".schemas", "Brief": ".schemas", "Evidence": ".schemas", "Extraction": ".schemas",
    "Grounding": ".schemas", "OpenQuestion": ".schemas", "Source": ".schemas", "SummaryPoint": ".schemas",
    "Usage": ".schemas", "brief_json_schema": ".schemas",
    "Session": ".pipeline", "summarize": ".pipeline",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from .config import Settings, load_settings
    from .daily import DailyBrief, brief
    from .errors import BrieferError, ConfigError, EmptyBrief, FetchError, InputError, InternalError, ModelError
    from .evals import SuiteResult, run_suite
    from .extraction import extract_article, extract_article as extract
    from .grounding import check_faithfulness
    from .model import Endpoint
    from .pipeline import Session, summarize
    from .schemas import (Actor, Brief, Evidence, Extraction, Grounding, OpenQuestion, Source, SummaryPoint,
                          Usage, brief_json_schema)

__all__ = [
    "Actor", "Brief", "BrieferError", "ConfigError", "DailyBrief", "EmptyBrief", "Endpoint", "Evidence", "Extraction",
    "FetchError", "Grounding", "InputError", "InternalError", "ModelError", "OpenQuestion", "Session", "Settings",
    "Source", "SuiteResult", "SummaryPoint", "Usage", "brief", "brief_json_schema", "check_faithfulness", "extract",
    "extract_article", "load_settings", "run_suite", "summarize",
]
