"""Input → ``Document``, the first stage.

``_fetch`` reads a URL (through ``_net``: public addresses only, one deadline), a file or stdin;
``_pagecache`` keeps fetched pages for a day; ``_extract`` turns a page into its main text
(``_extract_html``: two extractors vote) and metadata (``_metadata``), cleaned (``_clean``) and
capped (``_limits``); ``_chunk`` counts tokens and cuts sentences (``briefer.sentences``) into token-sized chunks.
"""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_layout.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "ARTICLE_TYPES": "._fetch", "check_url": "._fetch", "chunk_sentences": "._chunk", "clean_text": "._clean",
    "CODE_HINTS": "._clean", "count_tokens": "._chunk", "DeadlineTransport": "._net", "decode": "._extract",
    "encoding": "._chunk", "extract": "._extract", "extract_article": "._extract", "fetch_url": "._fetch",
    "guarded_transport": "._net", "is_code_line": "._clean", "is_remote": "._fetch", "load": "._fetch",
    "load_document": "._extract", "open_page_cache": "._extract", "PageCache": "._pagecache",
    "public_address": "._net", "RawSource": "._fetch", "read_path": "._fetch", "squash": "._clean",
    "TEASER_TAG": "._clean", "tls_context": "._net", "to_extraction": "._extract",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from ._chunk import chunk_sentences, count_tokens, encoding
    from ._clean import clean_text, CODE_HINTS, is_code_line, squash, TEASER_TAG
    from ._extract import decode, extract, extract_article, load_document, open_page_cache, to_extraction
    from ._fetch import ARTICLE_TYPES, check_url, fetch_url, is_remote, load, RawSource, read_path
    from ._net import DeadlineTransport, guarded_transport, public_address, tls_context
    from ._pagecache import PageCache

__all__ = [
    "ARTICLE_TYPES", "check_url", "chunk_sentences", "clean_text", "CODE_HINTS", "count_tokens",
    "DeadlineTransport", "decode", "encoding", "extract", "extract_article", "fetch_url", "guarded_transport",
    "is_code_line", "is_remote", "load", "load_document", "open_page_cache", "PageCache", "public_address",
    "RawSource", "read_path", "squash", "TEASER_TAG", "tls_context", "to_extraction",
]
# --- end of the public face ---
