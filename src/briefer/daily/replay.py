"""An unchanged rerun of the daily brief, answered from the store instead of rebuilt.

A rerun whose articles and settings have not changed would rebuild the same brief: the same
stored per-article briefs, the same stories. That work is cheap next to a first run, but what
it needs — pydantic, the schemas, 500 stored briefs parsed, clustering — is most of a rerun's
time. So a finished brief is kept in the store under a key of everything it was made from:

* the settings fingerprint (model, strategy, prompt version, sampling: ``keys``) and, when the model
  writes the stories, its prompt (``keys.story_key``),
* every article's location, the feed's title and date for it, and its stored extraction
  (which holds the text) — read only while current (a file's size and mtime unchanged),
* ``--since`` (shown in the brief) and ``KEY_VERSION`` (bumped when assembly or stories change).

On a hit, what differs between runs is set afresh: title and time, usage (everything reused, no
model call), and each article's ``new`` flag from the store's runs; the run is recorded as any
run is. Anything else — a changed or unreadable article, a failure, ``--new-only``, ``--batch`` —
goes the normal way, which stores the
result for next time. The brief is stored as the JSON pydantic writes for ``--format json`` and
those values are replaced in the text (``patch``), because re-serializing 500 briefs with ``json``
(indented: its pure-Python encoder) costs more than all the rest of a rerun; a brief is stored
only when ``patch`` reproduces pydantic's text from the brief's own values. Nothing here imports
pydantic; Markdown and HTML are rendered from the parsed JSON by the usual renderer.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import datetime, timezone

from ..config import Settings
from .keys import heading, settings_fingerprint, story_key
from .options import Options, default_store
from .sources import ArticleRef, expand_sources
from .store import Store, location_key

KEY_VERSION = "5"  # 2: an empty brief is a failure, not an article or a story (issue 27); 3: stories followed across briefs (status, new_*); 4: stories told fact by fact (outlets, differences; issue 32); 5: points marked written


def daily_key(fp: str, opts: Options, refs: list[ArticleRef], store: Store) -> str | None:
    """The key of the daily brief made from ``refs`` with settings ``fp``; None when an article
    has no current stored copy (it must be read, so the brief is rebuilt)."""
    digest = hashlib.sha256(json.dumps([KEY_VERSION, fp, opts.since]).encode())
    for ref in refs:
        doc = store.document_json(ref.location)
        if doc is None:
            return None
        published = ref.published.isoformat() if ref.published else None
        digest.update(json.dumps([ref.location, ref.title, published, doc]).encode())
    return digest.hexdigest()


def usable(opts: Options, settings: Settings, batch: bool = False) -> str | None:
    """The settings fingerprint when this run may be answered from a stored daily brief (and its
    brief stored for the next), else None: the one place that decides it."""
    if batch or opts.new_only:
        return None
    return settings_fingerprint(settings) + story_key(settings)


def lookup(sources: list[str], opts: Options, settings: Settings, batch: bool = False):
    """``(Replayed, None)`` for an unchanged rerun (the run is recorded), else ``(None, (refs,
    failures))``: the sources as expanded here, for the normal path to use (a feed is fetched once)."""
    started = time.perf_counter()
    store = Store(opts.store or default_store())
    try:
        refs, failures = expand_sources(sources, opts, store)
        fp = usable(opts, settings, batch)
        if fp is None or failures or not refs:
            return None, (refs, failures)
        key = daily_key(fp, opts, refs, store)
        stored = store.daily(key) if key is not None else None
        if stored is None:
            return None, (refs, failures)
        text, meta = stored[0], json.loads(stored[1])
        run = store.start_run()
        seen = store.seen_before(run)
        now = datetime.now(timezone.utc)
        usage = {**meta["usage"], "summarized": 0, "reused": len(refs), "model_calls": 0, "tokens": 0,
                 "budget_exhausted": False}
        usage["seconds"] = round(time.perf_counter() - started, 3)
        text = patch(text, heading(now), now.isoformat(timespec="seconds"), [location_key(loc) not in seen for loc in meta["locations"]],
                     usage)
        store.finish_run(run, meta["locations"] if text is not None else [])
        if text is None:  # not expected: ``remember`` stores only what ``patch`` can lay out
            return None, (refs, failures)
        return Replayed(text, meta["stories"], usage), None
    finally:
        store.close()


class Replayed:
    """A rerun's brief: its JSON exactly as ``render_daily(..., "json")`` writes it, and its counts."""

    def __init__(self, text: str, stories: int, usage: dict):
        self.text, self.stories, self.usage = text, stories, usage

    def data(self) -> dict:
        return json.loads(self.text)


def remember(result, fp: str, opts: Options, refs: list[ArticleRef], store: Store) -> None:
    """Store a finished brief (a ``DailyBrief`` with no failures) for ``lookup``: its JSON as pydantic
    writes it, kept only if ``patch`` reproduces that text exactly from its own values."""
    if result.failed:
        return
    key = daily_key(fp, opts, refs, store)
    if key is None:
        return
    text = result.model_dump_json(indent=2) + "\n"
    flags = [entry.new for entry in result.articles]
    usage = result.usage.model_dump(mode="json")
    if patch(text, result.title, result.generated, flags, usage) != text:
        return
    meta = {"locations": [entry.location for entry in result.articles], "stories": len(result.stories), "usage": usage}
    store.put_daily(key, text, json.dumps(meta))


def patch(text: str, title: str, generated: str, new: list[bool], usage: dict) -> str | None:
    """``text`` (a daily brief's JSON, pretty-printed) with the values that change between runs
    replaced: title and time (its first two keys), each article's ``new`` flag, and the usage (its
    last key). None when ``text`` is not laid out so: then nothing is stored."""
    first, title_line, generated_line, body = (text.split("\n", 3) + ["", "", ""])[:4]
    if first != "{" or not title_line.startswith('  "title": ') or not generated_line.startswith('  "generated": '):
        return None
    articles, tail = body.find('\n  "articles": ['), body.rfind('\n  "usage": {')
    if articles < 0 or tail < articles:
        return None
    flags = iter(new)
    count = 0

    def flag(_m) -> str:
        nonlocal count
        count += 1
        return _NEW[next(flags, None)]

    middle = _NEW_FLAG.sub(flag, body[articles:tail])
    if count != len(new) or None in new:
        return None
    usage_text = json.dumps(usage, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return "\n".join(["{", f'  "title": {_string(title)},', f'  "generated": {_string(generated)},',
                       body[:articles] + middle + f'\n  "usage": {usage_text}\n}}\n'])


_NEW_FLAG = re.compile(r'^      "new": (?:true|false),$', re.M)  # an article entry's own key (its brief is deeper)
_NEW = {True: '      "new": true,', False: '      "new": false,', None: '      "new": null,'}


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
