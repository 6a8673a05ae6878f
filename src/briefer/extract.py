"""Stage 2: raw bytes → the article's main text (the text every evidence offset refers to).

HTML goes through trafilatura (precision first, then a recall-favouring retry); plain text and
Markdown are cleaned by the same rules that run after trafilatura: inline script/CSS residue,
trailing boilerplate (store links, "Read more", cookie notices) and exact duplicate paragraphs
never reach the model.
"""

from __future__ import annotations

import json
import re

from .errors import InputError
from .fetch import RawSource
from .schemas import Document

_CODE_HINTS = re.compile(
    r"document\.\w+|window\.\w+|getElementById|innerHTML|function\s*\(|=>|\bvar\s+\w+\s*=|"
    r"\blet\s+\w+\s*=|\bconst\s+\w+\s*=|!==|===|\}\s*\)|\w+\.style\.|^\s*[`{}]|;\s*$|"
    r"@media|\{[^}]*:[^}]*;"
)
_BOILERPLATE = re.compile(
    r"^(read more|related( articles| stories)?|advertisement|subscribe( now)?|sign up|"
    r"share( this( article)?)?|click here|follow us|all rights reserved|copyright|©|"
    r"we use cookies|accept( all)? cookies|cookie (policy|settings)|newsletter|"
    r"[\w .'-]{0,40}\b(store|shop)|continue reading|most (read|popular)|see also)\b",
    re.IGNORECASE,
)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def extract(raw: RawSource) -> Document:
    """Decode and extract ``raw`` into a ``Document``; raise ``InputError`` if nothing usable."""
    name = raw.url or raw.path or "stdin"
    _reject_binary(raw.data, name)
    if raw.kind == "html":
        doc = _extract_html(decode(raw.data, raw.charset, name, html=True), raw.url, name)
    else:
        text = decode(raw.data, raw.charset, name, html=False)
        is_md = bool(raw.path and raw.path.lower().endswith((".md", ".markdown")))
        doc = Document(text=clean_text(text, markdown=is_md))
        doc.title = _headline(doc.text)
    doc.url, doc.path = raw.url, raw.path
    if len(doc.text.split()) < 5:
        raise InputError(f"{name}: no article text found")
    return doc


def _reject_binary(data: bytes, name: str) -> None:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    head = data[:8192]
    if head.startswith(b"%PDF"):
        raise InputError(f"{name}: is a PDF; briefer reads HTML and plain text (convert it to text first)")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file, not text or HTML")


def decode(data: bytes, charset: str | None, name: str, *, html: bool) -> str:
    """Decode bytes: BOM, declared charset, UTF-8; HTML may also fall back to detection."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    candidates = [charset] if charset else []
    if html:
        meta = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
        if meta:
            candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for codec in candidates:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    if html:
        from charset_normalizer import from_bytes  # trafilatura's own dependency

        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    bad = _first_bad_utf8(data)
    raise InputError(
        f"{name}: not UTF-8 text (invalid byte at offset {bad}); convert it, e.g. iconv -f cp1252 -t utf-8"
    )


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _extract_html(html: str, url: str | None, name: str) -> Document:
    import trafilatura

    result = None
    for recall in (False, True):
        out = trafilatura.extract(
            html,
            url=url,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=recall,
        )
        if out:
            result = json.loads(out)
            if len((result.get("text") or "").split()) >= 30:
                break
    if not result or not (result.get("text") or "").strip():
        raise InputError(f"{name}: no article text found in the HTML")
    text = clean_text(result["text"])
    return Document(text=text, title=result.get("title") or _headline(text), published=result.get("date"))


def is_code_line(line: str) -> bool:
    """A line that is script or style residue rather than prose."""
    s = line.strip()
    if not s:
        return False
    hits = len(_CODE_HINTS.findall(s))
    symbols = sum(s.count(c) for c in "{};=()<>`$")
    words = len(re.findall(r"[^\W\d_]{2,}", s))
    return hits >= 2 or (hits >= 1 and symbols >= 4) or (symbols >= 6 and symbols > words / 2)


def _is_tail_junk(line: str) -> bool:
    s = line.strip()
    if not s:
        return True
    if is_code_line(s):
        return True
    return bool(_BOILERPLATE.search(s)) and len(s.split()) <= 8 and not s.endswith((".", '"', "”"))


def clean_text(text: str, *, markdown: bool = False) -> str:
    """Normalize newlines, drop code lines, trailing boilerplate and exact duplicate paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    if markdown:
        lines = [_strip_markdown(line) for line in lines]
    lines = [line for line in lines if not is_code_line(line)]
    while lines and _is_tail_junk(lines[-1]):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = " ".join(line.split()).lower()
        if key and len(key.split()) >= 12 and key in seen:
            continue  # a repeated paragraph; short lines (list items, recipe steps) may repeat legitimately
        if key:
            seen.add(key)
        if not key and kept and not kept[-1]:
            continue
        kept.append(line.strip() if key else "")
    return "\n".join(kept).strip()


def _strip_markdown(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_HEADING.sub("", line)
    return _MD_EMPHASIS.sub(r"\2", line)


def _headline(text: str) -> str | None:
    """The first line, if it reads like a headline (short, no closing period)."""
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= 160 and not first.endswith("."):
        return first
    return None
