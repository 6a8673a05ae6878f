"""The input-size cap: how much of an article briefer reads, in model tokens.

Without it a 5 MB single-line text became 238 model calls and 631 MB of memory. Text beyond
``max_input_tokens`` (default ``DEFAULT_MAX_INPUT_TOKENS``; ``--max-input-tokens`` or the
``BRIEFER_MAX_INPUT_TOKENS`` environment variable; 0 turns the cap off) is cut at the last
paragraph or sentence end before the cap, and the document carries a warning saying so. Counting
works on bounded pieces of text, so a huge unbroken line costs neither quadratic tokenizer time
nor memory beyond the cap.
"""

from __future__ import annotations

import os

from ..errors import ConfigError

DEFAULT_MAX_INPUT_TOKENS = 50_000  # ~200 KB of English: far beyond a long read, ~17 model calls at most
_PIECE = 2_000  # characters tokenized at a time (BPE cost grows fast with an unbroken piece's length)


def max_input_tokens(value: int | None = None) -> int:
    """The cap in force: ``value`` if given, else the environment, else the default (0: no cap)."""
    if value is None:
        raw = os.environ.get("BRIEFER_MAX_INPUT_TOKENS", "").strip()
        if not raw:
            return DEFAULT_MAX_INPUT_TOKENS
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"BRIEFER_MAX_INPUT_TOKENS={raw!r}: expected a whole number of tokens") from None
    if value < 0:
        raise ConfigError(f"--max-input-tokens {value}: expected 0 (no cap) or more")
    return value


def cap_tokens(text: str, limit: int) -> tuple[str, bool]:
    """``(text, False)`` if it fits in ``limit`` tokens, else ``(a prefix that fits, True)``."""
    if not limit or len(text.encode("utf-8")) <= limit:  # byte-level BPE: never more tokens than bytes
        return text, False
    from ._chunk import encoding

    enc = encoding()
    used, end = 0, 0
    while end < len(text):
        piece = text[end : end + _PIECE]
        n = len(enc.encode(piece, disallowed_special=()))
        if used + n > limit:
            tokens = enc.encode(piece, disallowed_special=())[: limit - used]
            end += len(enc.decode(tokens))
            break
        used += n
        end += len(piece)
    else:
        return text, False
    cut = text[:end]
    for mark in ("\n", ". ", "。", "! ", "? "):  # end on a paragraph, else a sentence, when one is near
        at = cut.rfind(mark)
        if at > len(cut) * 0.8:
            return cut[: at + len(mark)].rstrip(), True
    return cut.rstrip(), True
