"""The model connection.

``_endpoint`` is the one place a client is built (the embedded model of ``_local``, or any
OpenAI-compatible server); ``_llm`` sends structured requests and validates the replies, stepping
through the answer formats of ``_modes``; ``_replies`` is the stored reply and the interface every
response store has; ``_cache`` keeps replies on disk.
"""

# --- public face: written by scripts/restructure.py from what other packages and tests import ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "CHOICES": "._modes", "default_model_path": "._local", "Deferred": "._replies", "Endpoint": "._endpoint",
    "Mode": "._modes", "ModelReply": "._replies", "ModeMemory": "._modes", "parse_mode": "._modes",
    "ResponseCache": "._cache", "ResponseStore": "._replies", "strict_schema": "._llm",
    "StructuredLLM": "._llm",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from ._cache import ResponseCache
    from ._endpoint import Endpoint
    from ._llm import strict_schema, StructuredLLM
    from ._local import default_model_path
    from ._modes import CHOICES, Mode, ModeMemory, parse_mode
    from ._replies import Deferred, ModelReply, ResponseStore

__all__ = [
    "CHOICES", "default_model_path", "Deferred", "Endpoint", "Mode", "ModelReply", "ModeMemory", "parse_mode",
    "ResponseCache", "ResponseStore", "strict_schema", "StructuredLLM",
]
# --- end of the public face ---
