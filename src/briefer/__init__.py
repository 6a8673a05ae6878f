"""briefer: grounded, structured briefs of news articles.

    >>> import briefer
    >>> brief = briefer.summarize("article.html")      # embedded model, offline
    >>> brief.summary[0].evidence[0].quote               # every point cites the source
    >>> daily = briefer.brief(["feed.xml", "saved/"])    # the daily brief of many articles
    >>> result = briefer.run_suite("eval/suites/ci.toml", replay="eval/cassettes/ci.json")

Three products over one pipeline. The core stages, one module each: fetch → extract (+ clean,
metadata) → chunk → llm (through ``endpoint``, the one place a model connection is built) →
summarize (+ strategies, candidates) → verify → render, with ``schemas`` as the shared language.
``briefer.daily`` builds the daily brief, ``briefer.evals`` the regression evals and the
faithfulness checker, ``briefer.cli`` is a thin layer over all three, and ``briefer.testing``
ships the scripted OpenAI-compatible server the tests use (for your tests too).
"""

__version__ = "0.1.0"

from .config import Settings, load_settings
from .daily import DailyBrief, brief
from .endpoint import Endpoint
from .errors import BrieferError, ConfigError, FetchError, InputError, ModelError
from .evals import SuiteResult, check_faithfulness, run_suite
from .extract import extract_article
from .schemas import (Actor, Brief, Evidence, Extraction, Grounding, OpenQuestion, Source, SummaryPoint, Usage,
                      brief_json_schema)
from .summarize import Session, summarize

extract = extract_article  # ``briefer.extract(source)``: main text + metadata (bound after the submodule loads)

__all__ = [
    "Actor", "Brief", "BrieferError", "ConfigError", "DailyBrief", "Endpoint", "Evidence", "Extraction", "FetchError",
    "Grounding", "InputError", "ModelError", "OpenQuestion", "Session", "Settings", "Source", "SuiteResult",
    "SummaryPoint", "Usage", "brief", "brief_json_schema", "check_faithfulness", "extract", "load_settings",
    "run_suite", "summarize",
]
