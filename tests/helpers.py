"""Test helpers shared by several test files."""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path

SEED_PEOPLE = [
    "Yoav Gallant", "Lloyd Austin", "Ismail Haniyeh", "Sabrina Singh", "Joe Biden", "Benjamin Netanyahu",
    "Tzahi Hanegbi", "Ron Demer", "Benny Gantz", "Antony J. Blinken", "Fuad Hussein",
]


_SPOKESPEOPLE = ["Tom Reed", "Ann Lee", "Raj Patel", "Eva Novak", "Sam Ortiz", "Mia Chen", "Leo Grant", "Ida Moss"]


def with_two_people(rows: list[dict]) -> list[dict]:
    """Dataset rows whose text ends naming two people of its own, so the extractive strategy asks
    the model once per article (an article with at most one person and one open question is
    briefed without a call): tests that count calls per article need every article to make one."""
    out = []
    for i, row in enumerate(rows):
        a, b = _SPOKESPEOPLE[(2 * i) % len(_SPOKESPEOPLE)], _SPOKESPEOPLE[(2 * i + 1) % len(_SPOKESPEOPLE)]
        out.append({**row, "text": f"{row['text']}\nSpokesman {a} said more details would follow. Spokeswoman {b} agreed."})
    return out


def article_html(text: str, title: str = "Test article") -> str:
    """A news-like page: navigation, the article's paragraphs, a related-links aside, a script."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="article:published_time" content="2024-03-26T10:00:00Z">
<script>var tracking = {{a: 1}}; function x() {{ return 2; }}</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<main><article><h1>{html.escape(title)}</h1>
{paras}
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Another story</a></li><li><a href="/b">More news</a></li></ul></aside></main>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def long_article(seed: Path, target_tokens: int) -> str:
    """A long article made of the seed's paragraphs, repeated with numbered variations."""
    from briefer.extraction import count_tokens, clean_text

    base = clean_text(seed.read_text()).split("\n")[1:]
    out, i = [], 0
    while count_tokens("\n".join(out)) < target_tokens:
        para = base[i % len(base)]
        out.append(f"{para} (Update {i}: reported in part {i // len(base) + 1}.)")
        i += 1
    return "\n".join(out)


def wait_until(done, what: str, timeout: float = 60.0, every: float = 0.02) -> None:
    """Poll ``done()`` until it holds; fail the test, naming ``what``, once ``timeout`` s pass first.
    For a state only visible by looking (rows another process commits to its SQLite store, processes
    left behind); a server hit is waited for with ``FakeOpenAI.wait_until``, a line with ``Lines``."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


class Lines:
    """A running process's output pipe, read line by line in a thread, so that a test can wait for a
    line (``wait_for``) instead of sleeping; ``text()`` is all of it once the process has ended."""

    def __init__(self, pipe):
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._ended = False
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe) -> None:
        for raw in iter(pipe.readline, b""):
            with self._changed:
                self.lines.append(raw.decode("utf-8", "replace"))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        """Block until a line holds ``text``; fail the test if the pipe ends or ``timeout`` s pass first."""
        def seen() -> bool:
            return any(text in line for line in self.lines)

        with self._changed:
            self._changed.wait_for(lambda: seen() or self._ended, timeout=timeout)
            if not seen():
                raise AssertionError(f"no line with {text!r} within {timeout:g} s; got {''.join(self.lines)!r}")

    def text(self, timeout: float = 30.0) -> str:
        self._thread.join(timeout)
        return "".join(self.lines)
