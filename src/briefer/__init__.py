"""briefer: grounded, structured briefs of news articles.

    >>> import briefer
    >>> brief = briefer.summarize("article.html")      # embedded model, offline
    >>> brief.summary[0].evidence[0].quote               # every point cites the source

The pipeline, one module per stage: fetch → extract → chunk → llm → summarize → ground → render.
"""

__version__ = "0.1.0"

from .config import Settings, load_settings
from .errors import BrieferError, ConfigError, FetchError, InputError, ModelError
from .schemas import Actor, Brief, Evidence, Grounding, OpenQuestion, Source, SummaryPoint, Usage, brief_json_schema
from .summarize import Session, summarize

__all__ = [
    "Actor", "Brief", "BrieferError", "ConfigError", "Evidence", "FetchError", "Grounding", "InputError",
    "ModelError", "OpenQuestion", "Session", "Settings", "Source", "SummaryPoint", "Usage",
    "brief_json_schema", "load_settings", "summarize",
]
