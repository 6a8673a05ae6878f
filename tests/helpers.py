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


# -- the products as a user runs them: a clean environment, a day of saved articles, a real browser -------------
_SETTINGS_ENV = ("BRIEFER_MODEL", "BRIEFER_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFER_CONFIG",
                 "BRIEFER_MODEL_PATH", "BRIEFER_STRATEGY", "BRIEFER_RESPONSE_FORMAT", "BRIEFER_PROMPTS",
                 "BRIEFER_STORY_WRITER")


def user_env(home: Path) -> dict:
    """This process's environment as a new user's: no endpoint, model or config file set, and empty
    caches under ``home`` — so a command runs on the embedded default."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_ENV}
    env.update(XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               BRIEFER_CONFIG=str(home / "config" / "briefer.toml"), NO_PROXY="127.0.0.1,localhost")
    return env


ECB_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "clustering" / "ecbplus-dev"
DAY_TOPICS = ("ecb1", "ecb14")  # two rehab check-ins (Tara Reid, Lindsay Lohan); two Waitrose fires (Banstead, Wellington)


def ecb_day(dst: Path, topics: tuple[str, ...] = DAY_TOPICS, per_event: int = 3, data: Path = ECB_DEV) -> dict[str, str]:
    """A folder of saved articles as a user keeps them: the ``per_event`` articles of median length
    (by size, ties by name) of each event of ``topics`` from ECB+ dev, copied into ``dst``; returns
    {file name: event}. ECB+ articles are short (0.2-2 kB), so 12 take ~5 s on the embedded model;
    the shortest would need almost no model call (an article naming at most one person is briefed
    without one). The choice is deterministic: every run (the tests, ``.ci/products.py``) briefs
    the same articles."""
    import json
    import shutil

    labels = json.loads((data / "labels.json").read_text())
    topic_of = json.loads((data / "topics.json").read_text())
    events: dict[str, list[str]] = {}
    for name in sorted(labels):
        if topic_of[name] in topics:
            events.setdefault(labels[name], []).append(name)
    dst.mkdir(parents=True, exist_ok=True)
    picked = {}
    for event, names in sorted(events.items()):
        by_size = sorted(names, key=lambda n: ((data / "articles" / n).stat().st_size, n))
        start = max(0, len(by_size) // 2 - per_event // 2)
        for name in by_size[start:start + per_event]:
            shutil.copy(data / "articles" / name, dst / name)
            picked[name] = event
    return picked


def chromium() -> str:
    import shutil

    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert exe, "chromium is required (apt-get install chromium; scripts/setup installs it)"
    return exe


def open_in_chromium(page: Path, work: Path, *args: str):
    """Load ``page`` in headless Chromium (its own profile under ``work``, no network chatter) with
    ``args`` (``--screenshot=FILE``, ``--dump-dom``); the finished process, stdout captured."""
    import subprocess

    return subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={work / 'chromium-profile'}", "--window-size=1200,2400", *args,
                           page.as_uri()], capture_output=True, timeout=120)


_PROBE = """<script>(() => {
  const shown = [...document.querySelectorAll(%s)].filter(e => {
    const r = e.getBoundingClientRect();
    const seen = e.checkVisibility ? e.checkVisibility({opacityProperty: true, visibilityProperty: true})
                                   : getComputedStyle(e).visibility !== "hidden";  /* Chromium before 105 */
    return seen && r.width > 0 && r.height > 0;
  }).map(e => e.innerText);
  const out = document.createElement("pre"); out.id = "probe-result"; out.textContent = JSON.stringify(shown);
  document.body.appendChild(out);
})();</script>"""


def shown_in_chromium(page: Path, selector: str, work: Path) -> list[str]:
    """The text of each element matching ``selector`` that Chromium lays out visibly (not hidden by
    CSS, not collapsed in a closed ``<details>``, not zero-sized) when it renders ``page``. A copy of
    the page with a probe script appended is what is opened (the page itself has no script), and the
    probe's answer is read back from the DOM Chromium dumps."""
    import html as html_lib
    import json
    import re

    probe = work / f"probe-{page.name}"
    text = page.read_text(encoding="utf-8")
    script = _PROBE % json.dumps(selector)
    probe.write_text(text.replace("</body>", script + "</body>") if "</body>" in text else text + script, encoding="utf-8")
    done = open_in_chromium(probe, work, "--dump-dom")
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', done.stdout.decode("utf-8", "replace"), re.S)
    assert found, f"Chromium rendered no probe result (exit {done.returncode}): {done.stderr.decode()[-500:]}"
    return [" ".join(t.split()) for t in json.loads(html_lib.unescape(found.group(1)))]


def live_suite(dst: Path, rows: int = 5) -> Path:
    """The CI eval suite cut to its first ``rows`` articles, written into ``dst`` (suite + dataset),
    for a live run on the embedded model: same settings and the same per-article floors as
    ``eval/suites/ci.toml``, no cassette. A row's ``source`` is made absolute (it is relative to
    the dataset's folder)."""
    import json
    import re

    root = Path(__file__).resolve().parents[1]
    src = root / "eval" / "datasets" / "ci.jsonl"
    out = []
    for line in src.read_text(encoding="utf-8").splitlines()[:rows]:
        row = json.loads(line)
        if row.get("source") and "://" not in row["source"]:
            row["source"] = str((src.parent / row["source"]).resolve())
        out.append(json.dumps(row))
    dst.mkdir(parents=True, exist_ok=True)
    (dst / "live.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    suite = (root / "eval" / "suites" / "ci.toml").read_text(encoding="utf-8")
    suite = re.sub(r'(?m)^name = .*$', 'name = "ci-live"', suite)
    suite = re.sub(r'(?m)^dataset = .*$', 'dataset = "live.jsonl"', suite)
    (dst / "live.toml").write_text(suite, encoding="utf-8")
    return dst / "live.toml"
