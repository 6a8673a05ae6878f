"""Stage 2: raw bytes → the article's main text (the text every evidence offset refers to).

Bytes are decoded (BOM, valid UTF-8, declared charset, <meta> charset, then detection); HTML
goes through ``extract_html`` (two extractors vote) and ``metadata``; plain text and Markdown
through ``clean`` only. A page that looks paywalled or like a teaser is flagged, not refused.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ._clean import clean_text
from ..document import Document
from ..errors import InputError
from ..config import FETCH_TIMEOUT, FetchOptions
from ..text import is_url
from ._fetch import RawSource, load

if TYPE_CHECKING:  # imported where used: ``briefer extract`` of a file needs neither sqlite3 nor pydantic
    from ._pagecache import PageCache
    from ..schemas import Extraction

MIN_WORDS = 5
SHORT_DETECTION = 4096  # bytes: under this, charset detection is a guess (see _plain_latin)
SHORT_BODY = 80  # words (and under 500 characters): probably a teaser or a stub
_PAYWALL = re.compile(
    r"subscribe (now )?to (continue|read|keep reading|unlock)|to continue reading|(already|become) a subscriber|"
    r"subscribers? only|for subscribers|(sign|log) in to (continue|read|keep reading)|create a free account|"
    r"register to (continue|read)|(is|are) (only )?(available|reserved) (to|for) (subscribers|members)|"
    r"unlock (this|the full) (article|story)|start your (free )?trial",
    re.IGNORECASE,
)
_PAYWALL_HINTS = ("subscri", "continue reading", "sign in", "log in", "free account", "register to", "unlock", "trial")
# WHATWG: these labels mean windows-1252 in practice
_LATIN1_LABELS = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "us-ascii", "ascii", "l1"}


def load_document(source: str, fetch: FetchOptions | None = None) -> Document:
    """Fetch or read ``source`` (path, URL or ``-``) and extract it, as ``fetch`` says (deadline, private
    addresses, page cache, input cap; default ``FetchOptions()``). Fetched pages are cached on disk unless
    ``fetch.cache`` is off."""
    fetch = fetch or FetchOptions()
    cache = open_page_cache() if fetch.cache and is_url(source) else None
    try:
        return extract(load(source, fetch, cache=cache), max_tokens=fetch.max_input_tokens)
    finally:
        if cache is not None:
            cache.close()


def open_page_cache() -> PageCache:
    from ._pagecache import PageCache
    from ..config import cache_dir

    return PageCache(cache_dir() / "pages.sqlite")


def extract_article(
    source: str, *, timeout: float = FETCH_TIMEOUT, allow_private: bool = False, cache: bool = True
) -> Extraction:
    """Public API: the main text and metadata of a path, URL or ``-`` (stdin)."""
    return to_extraction(load_document(source, FetchOptions(timeout=timeout, allow_private=allow_private, cache=cache)))


def extract(raw: RawSource, *, max_tokens: int | None = None) -> Document:
    """Decode and extract ``raw`` into a ``Document``; raise ``InputError`` if nothing usable.

    Text beyond ``max_tokens`` (default: ``limits.max_input_tokens()``) is cut, with a warning."""
    from ._limits import cap_tokens, max_input_tokens

    limit = max_input_tokens(max_tokens)
    name = raw.url or raw.path or "stdin"
    _reject_binary(raw.data, name)
    text, encoding = decode(raw.data, raw.charset, name, html=raw.kind == "html")
    precut = raw.kind != "html" and bool(limit) and len(text) > limit * 12  # memory: never clean what is cut
    if precut:
        text = text[: limit * 12]
    if raw.kind == "html":
        doc = _extract_html(text, raw.url, name)
    else:
        is_md = bool(raw.path and raw.path.lower().endswith((".md", ".markdown")))
        doc = Document(text=clean_text(text, markdown=is_md), extractor="markdown" if is_md else "text")
        doc.title = _headline(doc.text)
    doc.url, doc.path, doc.encoding = raw.url, raw.path, encoding
    if "detected" in encoding:
        doc.warnings.append(f"{name}: no usable charset declared; decoded as {encoding}")
    if word_count(doc.text) < MIN_WORDS:
        raise InputError(f"{name}: no article text found")
    doc.text, cut = cap_tokens(doc.text, limit)
    if cut or precut:
        doc.warnings.append(f"{name}: longer than the input cap; only the first {limit:,} tokens are read "
                            "(--max-input-tokens N raises it, 0 removes it)")
    return doc


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_FIRST_CJK = "\u3040"  # every _CJK range starts at or above it


@functools.cache
def _word_pattern() -> re.Pattern:
    return re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")  # ~2 ms to compile (large classes): only when needed


def word_count(text: str) -> int:
    """Words, counting each CJK character as one: Chinese and Japanese put no spaces between words,
    so ``split()`` sees a whole paragraph as one "word" and real articles looked empty."""
    if not text or max(text) < _FIRST_CJK:  # no CJK: runs of non-space (``\s`` is ``str.isspace`` here)
        return len(text.split())
    return len(_word_pattern().findall(text))


def to_extraction(doc: Document) -> Extraction:
    """The JSON view of an extracted document."""
    from ..schemas import Extraction

    return Extraction(
        text=doc.text, title=doc.title, authors=doc.authors, published=doc.published, url=doc.url,
        canonical_url=doc.canonical_url, path=doc.path, site_name=doc.site_name, language=doc.language,
        word_count=word_count(doc.text), extractor=doc.extractor, encoding=doc.encoding, paywall=doc.paywall,
        warnings=doc.warnings,
    )


def _reject_binary(data: bytes, name: str) -> None:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    head = data[:8192]
    if head.startswith(b"%PDF"):
        raise InputError(f"{name}: is a PDF; briefer reads HTML and plain text (convert it to text first)")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file, not text or HTML")


def decode(data: bytes, charset: str | None, name: str, *, html: bool) -> tuple[str, str]:
    """Decode bytes; return (text, how). Valid UTF-8 wins over a label (mislabeled pages are common)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec.replace("-sig", "") + " (BOM)"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = [("declared", charset)] if charset else []
    if html:
        meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
        if meta:
            declared.append(("meta", meta.group(1).decode("ascii", "ignore")))
    for how, label in declared:
        codec = "cp1252" if label.lower() in _LATIN1_LABELS else label
        if codec.lower().replace("_", "-") in ("utf-8", "utf8"):
            continue  # already failed above: the label is wrong
        try:
            return data.decode(codec), f"{codec.lower()} ({how})"
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes  # trafilatura's own dependency

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            # the web's usual undeclared charset, when it reads the bytes identically
            codec = "cp1252" if best.encoding != "cp1252" and _same(data, text, "cp1252") else best.encoding
            if codec != "cp1252" and len(data) < SHORT_DETECTION and _plain_latin(data):
                return data.decode("cp1252"), "cp1252 (detected)"
            return text, f"{codec} (detected)"
    raise InputError(f"{name}: cannot tell the text encoding; convert it to UTF-8 (e.g. iconv -f cp1252 -t utf-8)")


def _plain_latin(data: bytes) -> bool:
    """Short undeclared text whose every non-ASCII byte is a Western European letter in cp1252.

    Detection needs a few kilobytes to tell cp1252 from cp1250/cp1257; on a sentence it guessed
    "crčme brūlée". Latin-1/cp1252 is by far the commonest undeclared 8-bit charset, so short
    text that reads as accented Latin letters there is taken as cp1252."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(ch.isascii() or ("\u00c0" <= ch <= "\u00ff" and ch.isalpha()) for ch in text)


def _same(data: bytes, text: str, codec: str) -> bool:
    try:
        return data.decode(codec) == text
    except UnicodeDecodeError:
        return False


def _extract_html(html: str, url: str | None, name: str) -> Document:
    from ._extract_html import main_text, parse
    from ._metadata import read_metadata

    try:
        tree = parse(html)
    except Exception:  # lxml gives up only on hopeless input
        tree = None
    if tree is None:
        raise InputError(f"{name}: not parseable as HTML")
    md = read_metadata(tree, url)
    links = _link_text(tree)  # before main_text, which prunes the tree
    body, method = main_text(html, tree, url, md.title)
    text = clean_text(body)
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    if _all_links(text, links):
        raise InputError(f"{name}: no article text (the page holds only links: a front page or a menu?)")
    doc = Document(
        text=text, title=md.title or _headline(text), published=md.published, authors=md.authors,
        canonical_url=md.canonical_url, site_name=md.site_name, language=md.language, extractor=method,
    )
    _check_paywall(doc, html, md.accessible_for_free, name)
    return doc


def _link_text(tree) -> str:
    """Every link's text on the page, squashed, one per line (for ``_all_links``)."""
    from ._clean import squash

    return "\n".join(k for a in tree.iter("a") if (k := squash(a.text_content() or "")))


def _all_links(text: str, links: str, share: float = 0.9) -> bool:
    """Is (nearly) every paragraph the text of a link? Then the page is navigation — a section
    front, a menu, a list of headlines — and briefing it would summarize other articles' titles."""
    from ._clean import squash

    if not links:
        return False
    total = linked = 0
    for para in text.split("\n"):
        key = squash(para)
        total += len(key)
        if key and key in links:
            linked += len(key)
    return total > 0 and linked / total >= share


def _check_paywall(doc: Document, html: str, free: bool | None, name: str) -> None:
    words = word_count(doc.text)
    marker = _PAYWALL.search(doc.text) or (words < SHORT_BODY * 2 and _paywall_in_page(html))
    if marker or (free is False and words < SHORT_BODY * 2):
        doc.paywall = True
        why = f'"{marker.group(0)}"' if marker else "isAccessibleForFree=false"
        doc.warnings.append(f"{name}: looks paywalled ({why}); only {words} words of article text")
    elif words < SHORT_BODY and len(doc.text) < 500:
        doc.warnings.append(f"{name}: only {words} words of article text; this may be a teaser or a stub")


def _paywall_in_page(html: str) -> re.Match | None:
    """Paywall wording anywhere in the page: the full pattern only around cheap keyword hits."""
    low = html.lower()
    for hint in _PAYWALL_HINTS:
        at = low.find(hint)
        while at != -1:
            found = _PAYWALL.search(html, max(0, at - 40), at + 60)
            if found:
                return found
            at = low.find(hint, at + 1)
    return None


def _headline(text: str) -> str | None:
    """The first line, if it reads like a headline (short, no closing period); a dateline or byline
    line above it is passed over ("9 September 2013, 14:08" heads ECB+ articles), and so is a photo
    caption: neither is an article's title, and the daily brief would list the article by it."""
    from ..furniture import is_caption, is_page_note, is_stamp  # its patterns compile on first use: only text files need them

    lines = (line.strip() for line in text.split("\n") if line.strip())
    # two stamps or captions at most ("Photo Advertisement Continue reading the main story", "CLOSE Four
    # Reno dispensaries begin sales…": a scraped page's widget text)
    first = next((line for line, _ in zip(lines, range(3))
                  if not is_stamp(line) and not is_caption(line)
                  and not _PAGE_LINE.search(line) and not is_page_note(line)), "")
    if first and len(first) <= 160 and not first.endswith("."):
        return first
    return None


# a first line that heads no article (Multi-News days read): a page's note (``furniture.is_page_note``), a
# lead-in ("Reactions to the speech:", "Full transcript of the remarks, as released:") or
# CNN's "Story highlights …" box
_PAGE_LINE = re.compile(r":\s*$|^Story highlights\b")
