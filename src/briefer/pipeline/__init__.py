"""``Document`` → ``Brief``, the second stage.

``_summarize`` runs it (``Session``): each chunk goes through a strategy of ``_strategies``
(extractive: the model picks among the spans of ``_candidates`` — less what ``_not_people`` finds to be
teams, clubs or groups — and ``_questions``, in
``_choice``'s schema; abstractive: it writes and cites), ``_selection`` chooses the points on the
whole article (never someone's words: ``_speech``), ``briefer.grounding`` checks every item against
the source, ``_render`` writes Markdown, JSON or HTML.
"""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_layout.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "candidate_sentences": "._strategies", "caption_similarity": "._selection", "Choice": "._choice",
    "ChunkItems": "._strategies", "default_points": "._selection", "EXCERPT_WORDS": "._strategies",
    "find_people": "._candidates", "FORMATS": "._render", "grounding_line": "._render",
    "informativeness": "._selection", "is_fragment": "._selection", "is_furniture": "._selection",
    "is_speech": "._speech", "is_title": "._selection", "md_link": "._render", "md_text": "._render",
    "merge": "._summarize", "phrase": "._questions", "points": "._selection",
    "question_sentences": "._questions", "render": "._render", "render_extraction": "._render",
    "require_points": "._summarize", "Session": "._summarize", "strategy_for": "._strategies",
    "summarize": "._summarize", "TITLE_WORDS": "._candidates", "trim": "._selection",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from ._candidates import find_people, TITLE_WORDS
    from ._choice import Choice
    from ._questions import phrase, question_sentences
    from ._render import FORMATS, grounding_line, md_link, md_text, render, render_extraction
    from ._selection import (
        caption_similarity, default_points, informativeness, is_fragment, is_furniture, is_title, points, trim,
    )
    from ._speech import is_speech
    from ._strategies import candidate_sentences, ChunkItems, EXCERPT_WORDS, strategy_for
    from ._summarize import merge, require_points, Session, summarize

__all__ = [
    "candidate_sentences", "caption_similarity", "Choice", "ChunkItems", "default_points", "EXCERPT_WORDS",
    "find_people", "FORMATS", "grounding_line", "informativeness", "is_fragment", "is_furniture",
    "is_speech", "is_title", "md_link", "md_text", "merge", "phrase", "points", "question_sentences", "render",
    "render_extraction", "require_points", "Session", "strategy_for", "summarize", "TITLE_WORDS", "trim",
]
# --- end of the public face ---
