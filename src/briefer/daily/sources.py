"""Expand the daily brief's SOURCE arguments into articles to read.

A SOURCE is an RSS/Atom feed (URL or file, parsed by feedparser), a text file listing URLs (one
per line, ``#`` comments), a directory of .html/.htm/.txt/.md files, or a single article URL or
file. A source that cannot be read becomes a ``Failure`` — the brief goes on with the rest.

Links found inside a feed or a URL list are remote http(s) URLs only: a hostile feed item
``<link>/etc/passwd</link>`` must not make briefer read (and summarize, store, print) a local
file. Local paths come only from the command line; a refused link is listed as a failure.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import BrieferError, InputError, strip_userinfo
from ..config import FetchOptions
from ..extraction import is_remote
from ..text import is_url

if TYPE_CHECKING:
    from ..extraction import RawSource
    from .options import Options
    from .schemas import Failure
    from .store import Store

ARTICLE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".md", ".markdown", ".text"}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}  # a file or URL so named is a feed or an error, never an article
# root elements feedparser reads: RSS 0.9x/2.0, Atom 0.3/1.0, RDF (RSS 0.90/1.0: rdf:RDF), CDF
FEED_ROOTS = {"rss", "feed", "rdf", "channel"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_ROOT = re.compile(r"<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)")
_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")


@dataclass
class ArticleRef:
    """Where one article lives, and what its feed said about it."""

    location: str  # URL or file path, what ``extract.load_document`` reads
    title: str | None = None
    published: datetime | None = None
    feed: str | None = None
    # a page URL given as a SOURCE is fetched to tell it from a feed: its bytes, so it is not fetched again
    fetched: RawSource | None = field(default=None, repr=False, compare=False)

    def take_fetched(self) -> RawSource | None:
        """The bytes fetched while expanding the sources, handed over once (then dropped)."""
        fetched, self.fetched = self.fetched, None
        return fetched


def parse_since(value: str | None, now: datetime | None = None) -> datetime | None:
    """``24h``, ``90m``, ``2d``, ``1w`` or an ISO date → the earliest publication time to keep."""
    if not value:
        return None
    now = now or datetime.now(timezone.utc)
    m = _SINCE.match(value)
    if m:
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
        return now - timedelta(**{unit: float(m.group(1))})
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since {value!r}: use e.g. 24h, 90m, 2d, 1w or an ISO date") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def expand_sources(sources: list[str], opts: Options, store: Store) -> tuple[list[ArticleRef], list[Failure]]:
    """The article refs of ``sources`` as ``opts`` asks (``--since``, at most ``max_articles``), pages
    the store holds taken without a fetch; and the sources that failed."""
    refs, failures = expand(sources, opts.fetch, since=parse_since(opts.since), known=store.holds)
    return (refs[: opts.max_articles] if opts.max_articles else refs), failures


def expand(sources: list[str], fetch: FetchOptions | None = None, *, since: datetime | None = None,
           known: Callable[[str], bool] | None = None) -> tuple[list[ArticleRef], list[Failure]]:
    """All article refs from ``sources`` (duplicates dropped, feed order kept) and what failed; feeds
    and pages are fetched as ``fetch`` says (its deadline and address rule).

    Remote sources are fetched concurrently (a newsroom's twenty feeds used to be read one after
    another before the first article was); the order of the result is the order of ``sources``.
    ``known(url)``: true for a page URL whose extraction the store holds and is current (feeds are
    never stored so): it is an article, and is not fetched again just to tell it from a feed."""
    refs: list[ArticleRef] = []
    failures: list[Failure] = []

    def one(source: str) -> list[ArticleRef] | BrieferError:
        try:
            if known is not None and is_url(source) and known(source):
                return [ArticleRef(location=source)]
            return _expand_one(source, fetch or FetchOptions())
        except BrieferError as exc:
            return exc

    if sum(1 for s in sources if is_url(s)) > 1:  # feeds and pages are fetched at once, not one by one
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(len(sources), 16)) as pool:
            expanded = list(pool.map(one, sources))
    else:
        expanded = [one(s) for s in sources]
    for source, found in zip(sources, expanded):
        if isinstance(found, BrieferError):
            failures.append(_failure(source, str(found)))
            continue
        for ref in found:
            if ref.feed is None or is_remote(ref.location):
                refs.append(ref)
            else:
                failures.append(_failure(ref.location, f"link in {ref.feed} is not an http(s) URL; not read"))
    seen: set[str] = set()
    unique = []
    for ref in refs:
        if ref.location in seen:
            continue
        seen.add(ref.location)
        if since and ref.published and ref.published < since:
            continue
        unique.append(ref)
    return unique, failures


def _failure(source: str, error: str) -> Failure:
    from .schemas import Failure  # pydantic only when a source fails: ``replay`` expands sources without it

    return Failure(source=source, stage="source", error=error)


def _expand_one(source: str, fetch: FetchOptions) -> list[ArticleRef]:
    if is_url(source):
        from ..extraction import ARTICLE_TYPES, fetch_url

        raw = fetch_url(source, timeout=fetch.timeout, allow_private=fetch.allow_private, accept=ARTICLE_TYPES + FEED_TYPES)
        root = root_element(raw.data)
        if root in FEED_ROOTS:  # relative links resolve against the URL fetched, credentials kept (in memory)
            same = raw.url is None or strip_userinfo(raw.url) == strip_userinfo(source)  # not redirected
            return _feed(raw.data, source, base=source if same else raw.url)
        if root != "html" and (raw.mime.startswith(FEED_TYPES) or _suffix(urlsplit(source).path) in FEED_SUFFIXES):
            raise InputError(not_a_feed(source, root))
        article = not raw.mime or raw.mime.startswith(ARTICLE_TYPES)  # else reading it refuses it, as before
        return [ArticleRef(location=source, fetched=raw if article else None)]
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file or directory")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        if not files:
            raise InputError(f"{source}: no .html/.txt/.md files in this directory")
        return [ArticleRef(location=str(p)) for p in files]
    data = path.read_bytes()
    root = root_element(data)
    if root in FEED_ROOTS:
        return _feed(data, source)
    if path.suffix.lower() in FEED_SUFFIXES and root != "html":
        raise InputError(not_a_feed(source, root))
    if path.suffix.lower() in ARTICLE_SUFFIXES - {".txt", ".text"} or not _is_url_list(data):
        return [ArticleRef(location=str(path))]
    lines = [ln.strip() for ln in data.decode("utf-8-sig", "replace").splitlines()]
    return [ArticleRef(location=ln, feed=source) for ln in lines if ln and not ln.startswith("#")]


def root_element(data: bytes, limit: int = 65_536) -> str | None:
    """The local name, lower-case, of the document's first element ("rss", "feed", "rdf" for
    ``rdf:RDF``, "html", ...), read past a byte-order mark, whitespace, the XML declaration,
    processing instructions, comments and a DOCTYPE (with an internal subset); None when the
    first ``limit`` bytes do not reach an element (plain text, a URL list, an unclosed comment).

    Nearly every feed in feedparser's test corpus opens with a comment; a sniffer that looked
    only at the first bytes briefed them as one article of XML text."""
    head = data[:limit]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            text = head[len(bom):].decode(encoding, "replace")
            break
    else:  # UTF-16 without a BOM shows as "<\0?\0"; else bytes as latin-1: markup is ASCII either way
        text = head.decode("utf-16-le" if head[1:2] == b"\0" else "utf-16-be" if head[:1] == b"\0" else "latin-1",
                           "replace")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            pos = end + 3 if end >= 0 else -1
        elif text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            pos = end + 2 if end >= 0 else -1
        elif text[pos:pos + 9].upper() == "<!DOCTYPE":
            pos = _after_doctype(text, pos)
        else:
            m = _ROOT.match(text, pos)
            return m.group(1).rsplit(":", 1)[-1].lower() if m else None
        if pos < 0:
            return None


def _after_doctype(text: str, pos: int) -> int:
    """Where a DOCTYPE starting at ``pos`` ends (past an internal ``[ ... ]`` subset); -1 if it does not."""
    close, subset = text.find(">", pos), text.find("[", pos)
    if 0 <= subset < close:
        end = text.find("]", subset)
        close = text.find(">", end) if end >= 0 else -1
    return close + 1 if close >= 0 else -1


def not_a_feed(source: str, root: str | None) -> str:
    """The one line for a .xml/.rss/.atom file (or an XML page) that is neither a feed nor HTML."""
    what = f"its root element is <{root}>" if root else "no XML element found"
    return f"{source}: not a feed ({what}; expected <rss>, <feed>, <rdf:RDF> or <channel>)"


def _suffix(path: str) -> str:
    return Path(path).suffix.lower()


def _is_url_list(data: bytes) -> bool:
    lines = [ln.strip() for ln in data.decode("utf-8-sig", "replace").splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    return bool(lines) and all(re.match(r"^https?://\S+$", ln) for ln in lines)


def _feed(data: bytes, source: str, base: str | None = None) -> list[ArticleRef]:
    import feedparser

    # the feed's own URL is the base for relative entry links
    parsed = feedparser.parse(data, response_headers={"content-location": base} if base else None)
    if parsed.bozo and not parsed.entries:
        reason = type(parsed.bozo_exception).__name__ if parsed.get("bozo_exception") else "unreadable"
        raise InputError(f"{source}: malformed feed ({reason}: {parsed.get('bozo_exception')})")
    refs = []
    for entry in parsed.entries:
        link = entry.get("link")  # feedparser resolves xml:base and takes an RSS permalink guid
        if not link:
            continue  # nothing to read (a status update, a podcast without a page)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        when = datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc) if stamp else None
        refs.append(ArticleRef(location=link, title=entry.get("title"), published=when, feed=source))
    if not refs:
        raise InputError(f"{source}: feed has no entries with links ({len(parsed.entries)} entries)")
    return refs
