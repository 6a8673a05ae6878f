"""Stage 3: token counts and sentence-aligned chunks (the sentences themselves: ``briefer.sentences``).

Token counts use tiktoken with encodings shipped inside the package: tiktoken would download
them on first use, and briefer must work with no network. They are unpacked once into
tiktoken's own documented offline cache (``TIKTOKEN_CACHE_DIR``), which verifies their hash.
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import os
import threading
from importlib import resources
from pathlib import Path

from ..document import Sentence
from ..files import replace_bytes

ENCODING = "o200k_base"
_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    path = Path(user_cache_dir("briefer")) / "tiktoken"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


_encodings: dict = {}
_encodings_lock = threading.Lock()


def encoding(name: str = ENCODING):
    """A tiktoken encoding that loads with no network (from the files shipped in briefer), once per
    process: the daily brief's threads all ask at once, and must share one load."""
    enc = _encodings.get(name)
    if enc is None:
        with _encodings_lock:
            enc = _encodings.get(name)
            if enc is None:
                enc = _encodings[name] = _load_encoding(name)
    return enc


encoding.cache_clear = _encodings.clear  # type: ignore[attr-defined]  (as functools.cache offers; tests use it)


def _load_encoding(name: str):
    """Unpack the shipped rank file into tiktoken's offline cache, then build the encoding.

    tiktoken parses its 200k-line rank file in Python on every load (~0.24 s, in every process: a
    cold ``briefer summarize``, each daily worker). The parsed ranks, pattern and special tokens are
    kept beside it with ``marshal`` (~0.04 s to read), keyed by the file's size and mtime and the
    tiktoken version; the encoding
    built from them is the same object tiktoken builds (tests compare them)."""
    import tiktoken

    cache = _cache_dir()
    target = cache / hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()
    if not target.exists():
        packed = resources.files("briefer") / "data" / "tiktoken" / f"{name}.tiktoken.gz"
        cache.mkdir(parents=True, exist_ok=True)
        replace_bytes(target, gzip.decompress(packed.read_bytes()))
    st = target.stat()  # a replaced rank file is parsed afresh
    version = getattr(tiktoken, "__version__", "0")
    parsed = target.with_name(f"{target.name}.{name}.{st.st_size}-{st.st_mtime_ns}.tiktoken-{version}.marshal")
    try:
        pat_str, ranks, special = marshal.loads(parsed.read_bytes())
        return tiktoken.Encoding(name, pat_str=pat_str, mergeable_ranks=ranks, special_tokens=special)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    enc = tiktoken.get_encoding(name)
    try:
        replace_bytes(parsed, marshal.dumps((enc._pat_str, enc._mergeable_ranks, enc._special_tokens)))
    except (AttributeError, OSError):
        pass  # another tiktoken's internals, or a read-only cache: load the slow way next time too
    return enc


def count_tokens(text: str) -> int:
    """Tokens in ``text`` under the shipped encoding (special-token text counted as plain)."""
    return len(encoding().encode(text, disallowed_special=()))


def chunk_sentences(sentences: list[Sentence], budget: int) -> list[list[Sentence]]:
    """Group consecutive sentences into chunks of at most ``budget`` tokens each.

    A single sentence longer than the budget becomes a chunk of its own (it is cut by the
    prompt builder if it must be); ids stay global so evidence maps straight back.
    """
    if budget <= 0:
        raise ValueError("chunk budget must be positive")
    # a token is at least one UTF-8 byte: when the bytes already fit, so do the tokens, and the
    # article is one chunk without encoding each sentence (the usual case on a large window)
    if sum(len(s.text.encode("utf-8", "surrogatepass")) + 4 for s in sentences) <= budget:
        return [list(sentences)] if sentences else []
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    used = 0
    enc = encoding()
    for sent in sentences:
        cost = len(enc.encode(sent.text, disallowed_special=())) + 4  # "[12] " and newline
        if current and used + cost > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(sent)
        used += cost
    if current:
        chunks.append(current)
    return chunks
