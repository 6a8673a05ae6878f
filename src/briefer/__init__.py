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

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING

# Public names → the module that defines them, imported on first use (PEP 562): ``briefer --help``
# and ``briefer extract`` must not pay for pydantic, jinja2, httpx, rich or openai up front.
_LAZY = {
    "Settings": ".config", "load_settings": ".config",
    "DailyBrief": ".daily", "brief": ".daily",
    "Endpoint": ".endpoint",
    "BrieferError": ".errors", "ConfigError": ".errors", "EmptyBrief": ".errors", "FetchError": ".errors",
    "InputError": ".errors", "ModelError": ".errors",
    "SuiteResult": ".evals", "check_faithfulness": ".evals", "run_suite": ".evals",
    "extract_article": ".extract",
    "Actor": ".schemas", "Brief": ".schemas", "Evidence": ".schemas", "Extraction": ".schemas",
    "Grounding": ".schemas", "OpenQuestion": ".schemas", "Source": ".schemas", "SummaryPoint": ".schemas",
    "Usage": ".schemas", "brief_json_schema": ".schemas",
    "Session": ".summarize", "summarize": ".summarize",
}
_ALIASES = {"extract": ("extract_article", ".extract")}  # ``briefer.extract(source)``: main text + metadata

# ``extract`` and ``summarize`` are functions here and submodules too: importing a submodule makes
# the import system set it as an attribute of this package, which would hide the function.
_FUNCTIONS = frozenset({"extract", "summarize"})


class _Package(types.ModuleType):
    """This package's module type: a submodule never replaces the public function of its name."""

    def __setattr__(self, name: str, value) -> None:
        if name in _FUNCTIONS and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable as sys.modules["briefer." + name]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _LAZY or name in _ALIASES:
        attr, module = _ALIASES.get(name, (name, _LAZY.get(name)))
        value = getattr(import_module(module, __name__), attr)
        globals()[name] = value  # once: later lookups are plain attribute reads
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from .config import Settings, load_settings
    from .daily import DailyBrief, brief
    from .endpoint import Endpoint
    from .errors import BrieferError, ConfigError, EmptyBrief, FetchError, InputError, ModelError
    from .evals import SuiteResult, check_faithfulness, run_suite
    from .extract import extract_article
    from .schemas import (Actor, Brief, Evidence, Extraction, Grounding, OpenQuestion, Source, SummaryPoint,
                          Usage, brief_json_schema)
    from .summarize import Session, summarize

    extract = extract_article

__all__ = [
    "Actor", "Brief", "BrieferError", "ConfigError", "DailyBrief", "EmptyBrief", "Endpoint", "Evidence", "Extraction",
    "FetchError",
    "Grounding", "InputError", "ModelError", "OpenQuestion", "Session", "Settings", "Source", "SuiteResult",
    "SummaryPoint", "Usage", "brief", "brief_json_schema", "check_faithfulness", "extract", "load_settings",
    "run_suite", "summarize",
]
