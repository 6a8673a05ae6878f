"""The model connection.

``_endpoint`` is the one place a client is built (the embedded model of ``_local``, or any
OpenAI-compatible server); ``_llm`` sends structured requests and validates the replies, stepping
through the answer formats of ``_modes``; ``_replies`` is the stored reply and the interface every
response store has; ``_cache`` keeps replies on disk.
"""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_layout.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "default_model_path": "._local", "Deferred": "._replies", "Endpoint": "._endpoint", "LlamaTransport": "._local",
    "ModelReply": "._replies", "ModeMemory": "._modes", "ResponseCache": "._cache", "ResponseStore": "._replies",
    "strict_schema": "._llm", "StructuredLLM": "._llm",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from ._cache import ResponseCache
    from ._endpoint import Endpoint
    from ._llm import strict_schema, StructuredLLM
    from ._local import default_model_path, LlamaTransport
    from ._modes import ModeMemory
    from ._replies import Deferred, ModelReply, ResponseStore

__all__ = [
    "default_model_path", "Deferred", "Endpoint", "LlamaTransport", "ModelReply", "ModeMemory", "ResponseCache",
    "ResponseStore", "strict_schema", "StructuredLLM",
]
# --- end of the public face ---
