"""Stage 1: get the raw bytes of a source — a file, an http(s) URL, or stdin.

Everything that can go wrong here becomes a one-line ``InputError``/``FetchError``; nothing
is decoded yet (that is ``extract``'s job, because charset detection needs the bytes).
URLs: http(s) only; hosts that resolve to private, loopback or link-local addresses are refused
(also after a redirect) unless ``allow_private``, and the connection goes to the very address
that was checked (``net.GuardedBackend``: no DNS rebinding); ``timeout`` is a deadline for the
whole fetch, retries and redirects included; responses that are not HTML or text are refused by
content type; successful fetches are kept in a ``PageCache`` when one is given (a page fetched
under ``allow_private`` only for runs that allow private addresses too). Credentials in a URL
(``user:pass@``) never appear in a message or an output: see ``redact``.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from ..text import shorten
from ..errors import FetchError, InputError, redact
from ..config import FETCH_TIMEOUT, FetchOptions
from ..text import is_url


if TYPE_CHECKING:
    from ._pagecache import PageCache

# httpx, tenacity and ``net`` (httpx + httpcore) are imported where a URL is fetched or checked:
# reading a file or stdin (``briefer extract page.html``) must not pay for them at start-up.

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36 briefer/0.1"
)
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TEXT_SUFFIXES = {".txt", ".md", ".markdown", "..text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown")


@dataclass
class RawSource:
    """Undecoded source bytes and what we know of their type."""

    data: bytes
    kind: str  # "html" | "text"
    url: str | None = None
    path: str | None = None
    charset: str | None = None
    mime: str = ""  # the server's content type, lower-case, without parameters ("" for files and stdin)


def is_remote(link: str) -> bool:
    """An absolute http(s) URL with a host: the only kind of link a feed or URL list may give."""
    try:
        parts = urlsplit(link.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and is_url(link)
    except ValueError:
        return False


def load(source: str, fetch: FetchOptions | None = None, *, max_bytes: int = MAX_BYTES,
         cache: PageCache | None = None) -> RawSource:
    """Read ``source``: ``-`` is stdin, a scheme-looking string is a URL, anything else a path; a URL
    within ``fetch``'s deadline and address rule (``cache``: an open page cache, or none)."""
    fetch = fetch or FetchOptions()
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(len(data), max_bytes, "stdin")
        return RawSource(data=data, kind=sniff_kind(data, None))
    if is_url(source):
        return fetch_url(source, timeout=fetch.timeout, max_bytes=max_bytes, allow_private=fetch.allow_private, cache=cache)
    return read_path(source, max_bytes=max_bytes)


def read_path(source: str, *, max_bytes: int = MAX_BYTES) -> RawSource:
    """Read a local file; the suffix decides html vs text, else the content does."""
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a directory, expected a file")
    size = path.stat().st_size
    _check_size(size, max_bytes, source)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    return RawSource(data=data, kind=kind or sniff_kind(data, None), path=str(path))


def sniff_kind(data: bytes, content_type: str | None) -> str:
    """Guess html vs text from a content type or the first bytes."""
    if content_type and "html" in content_type:
        return "html"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "html"
    return "text"


def _check_size(size: int, max_bytes: int, what: str) -> None:
    if size > max_bytes:
        raise InputError(f"{what}: too large ({size:,} bytes > limit {max_bytes:,})")


class _Transient(Exception):
    """A fetch failure worth retrying (5xx, connection reset, timeout)."""


_PRIVATE_KEY = "allow-private "  # cache key prefix of pages fetched under allow_private


def fetch_url(
    url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_BYTES, allow_private: bool = False,
    cache: PageCache | None = None, accept: tuple[str, ...] = ARTICLE_TYPES,
) -> RawSource:
    """GET an http(s) URL within a ``timeout`` deadline, with a redirect cap, a size cap and bounded retries."""
    check_url(url, allow_private=True)  # scheme and host only: a cached page needs no DNS (works offline)
    name = redact(url)
    if cache is not None:
        hit = (allow_private and cache.get(_PRIVATE_KEY + url)) or cache.get(url)
        if hit:
            return _raw(hit["body"], hit["content_type"], hit["url"], hit["charset"])
    from ._net import deadline

    try:  # addresses are checked on connecting (every hop, the first too); the deadline covers all attempts
        with deadline(timeout):
            data, ctype, final, charset = _fetch_with_retries(url, timeout, max_bytes, allow_private)
    except _Transient as exc:
        raise FetchError(f"{name}: {exc}") from None
    mime = ctype.split(";")[0].strip().lower()
    if mime and not mime.startswith(accept):
        raise FetchError(f"{name}: content type {mime} is not an article (expected HTML or text)")
    if cache is not None:
        cache.put(_PRIVATE_KEY + url if allow_private else url, final, ctype, charset, data)
    return _raw(data, ctype, final, charset)


def _raw(data: bytes, ctype: str, url: str, charset: str | None) -> RawSource:
    return RawSource(data=data, kind=sniff_kind(data, ctype), url=redact(url), charset=charset,
                     mime=ctype.split(";")[0].strip().lower())


def parse_url(url: str) -> SplitResult:
    """Split ``url``, or raise a one-line ``InputError`` for anything malformed.

    Malformed means what urllib or httpx would later choke on: an unclosed ``[``, a port outside
    0–65535, a host that is no valid name or address (``0177.0.0.1``-style octal/ambiguous IPv4
    is refused rather than guessed at, as browsers and curl disagree about it).
    """
    import httpx

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as exc:
        raise InputError(f"{redact(url)}: not a valid URL ({shorten(str(exc), 80)})") from None
    return parts


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse malformed and non-http(s) URLs and hosts resolving to non-public addresses.

    An early, clear refusal; the connection itself is guarded again in ``net.GuardedBackend``.
    """
    parts = parse_url(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{redact(url)}: unsupported URL scheme '{scheme}' (only http and https)")
    if not parts.hostname:
        raise FetchError(f"{redact(url)}: no host in URL")
    if allow_private:
        return
    from ._net import Refused, resolve_public

    try:
        resolve_public(parts.hostname, parts.port or (443 if scheme == "https" else 80))
    except Refused as exc:
        raise FetchError(f"{redact(url)}: {exc}") from None


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _Transient)


def _fetch_with_retries(url: str, timeout: float, max_bytes: int, allow_private: bool):
    """``_fetch_once`` with bounded retries of transient failures, never past the deadline. When the
    attempts failed differently, the first failure leads the message: a refused connection retried
    until the deadline ran out is a connection failure, not a slow site."""
    failures: list[str] = []
    try:
        return _retrying()(url, timeout, max_bytes, allow_private, failures)
    except _Transient:
        if len(failures) > 1 and failures[0] != failures[-1]:
            raise _Transient(f"{failures[0]}; retried, last attempt: {failures[-1]}") from None
        raise


def _attempt(url: str, timeout: float, max_bytes: int, allow_private: bool, failures: list[str]):
    try:
        return _fetch_once(url, timeout, max_bytes, allow_private)
    except _Transient as exc:
        failures.append(str(exc))
        raise


@functools.cache
def _retrying():
    from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential_jitter

    from ._net import remaining

    return retry(
        retry=retry_if_exception(_is_transient),
        stop=stop_after_attempt(3) | (lambda state: (remaining() or 1.0) < 0.5),  # no retry past the deadline
        wait=wait_exponential_jitter(multiplier=0.2, max=2.0, jitter=0.2),
        reraise=True,
    )(_attempt)


def _fetch_once(url: str, timeout: float, max_bytes: int, allow_private: bool):
    import httpx

    from ._net import Refused, guarded_transport

    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"}
    name = redact(url)

    def guard_redirect(request) -> None:  # every hop: a clear refusal before connecting
        check_url(str(request.url), allow_private=allow_private)

    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers=headers,
            event_hooks={"request": [guard_redirect]},
            transport=guarded_transport(allow_private=allow_private),  # connects to checked addresses only
        ) as client, client.stream("GET", url) as resp:
            if resp.status_code >= 500 or resp.status_code == 429:
                raise _Transient(f"server error HTTP {resp.status_code}")
            if resp.status_code >= 400:
                raise FetchError(f"{name}: HTTP {resp.status_code} {resp.reason_phrase}")
            declared = int(resp.headers.get("content-length") or 0)
            _check_fetch_size(name, declared, max_bytes)
            chunks, total = [], 0
            for chunk in resp.iter_bytes():
                total += len(chunk)
                _check_fetch_size(name, total, max_bytes)
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type", ""), str(resp.url), resp.charset_encoding
    except Refused as exc:
        raise FetchError(f"{name}: {exc}") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"{name}: too many redirects (limit {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise _Transient(f"timed out (--timeout {timeout:g}s is the limit for the whole fetch)") from None
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise _Transient(f"connection failed ({type(exc).__name__})") from None
    except httpx.DecodingError:
        raise FetchError(f"{name}: response body could not be decompressed") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{name}: {type(exc).__name__}: {redact(str(exc))}") from None


def _check_fetch_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FetchError(f"{name}: response too large (> {max_bytes:,} bytes)")
