"""Where briefer's templates live: one place that finds them, installed or in a source checkout.

Prompt templates are ``prompts/`` at the repository root (shipped as ``briefer/prompts`` package
data); output templates (HTML brief, daily brief, eval reports) are ``briefer/templates``.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


def prompts_dir() -> Path:
    """The shipped prompt templates: the package's copy, or the repo's ``prompts/`` in a checkout."""
    packaged = resources.files("briefer") / "prompts"
    return Path(str(packaged)) if packaged.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


@functools.cache
def prompt_templates(folder: str | None = None) -> jinja2.Environment:
    """Prompt templates from ``folder`` (to try a prompt change) or the shipped ones; plain text."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder or prompts_dir())),
                              undefined=jinja2.StrictUndefined, autoescape=False)


@functools.cache
def html_templates() -> jinja2.Environment:
    """Output templates; HTML (and ``.html.j2``) autoescaped, Markdown not."""
    import jinja2

    from .text import is_url

    env = jinja2.Environment(loader=jinja2.PackageLoader("briefer", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "html.j2"]))
    env.tests["url"] = is_url
    return env
