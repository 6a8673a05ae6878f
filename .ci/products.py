"""The three products run the way a user runs them, on the embedded default, with what they wrote
checked (issue 31: ``briefer brief FOLDER`` once briefed nothing and exited 0, and CI looked only at
exit codes). ``.ci/run`` runs this after the set-up; it prints one line per check and exits 1 if any
failed. Then the same three through the Python API in this process (the model's responses cached by
the commands: the API path, not the model, is what is checked there). About 15 s of CPU on 2 cores.
``tests/test_products_local.py`` runs the same (the API uncached) under pytest, so a developer sees a
failure before CI does.

    .venv/bin/python .ci/products.py [--briefer .venv/bin/briefer]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from helpers import ecb_day, live_suite, shown_in_chromium, user_env  # noqa: E402

SEED = ROOT.parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt"


class Checks:
    def __init__(self):
        self.failed: list[str] = []

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}" + ("" if ok or not detail else f": {detail}"), flush=True)
        if not ok:
            self.failed.append(what)
        return ok


def run(exe: str, *args: str, env: dict) -> tuple[int, str]:
    done = subprocess.run([exe, *args], capture_output=True, env=env, timeout=600)
    return done.returncode, done.stdout.decode() + done.stderr.decode()


def load(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def api(c: Checks, folder: Path, n: int, suite: Path, work: Path) -> None:
    import briefer
    from briefer.daily import Options

    seed = briefer.summarize(str(SEED))
    c.check(len(seed.key_actors) >= 5 and bool(seed.summary), "briefer.summarize: points and >= 5 key actors")
    opts = Options(store=str(work / "api-store.sqlite"))
    day = briefer.brief([str(folder)], options=opts)
    c.check(len(day.articles) == n and not day.failed and len(day.stories) >= 2,
            f"briefer.brief: all {n} articles, >= 2 stories", f"{len(day.articles)} articles, {len(day.failed)} failed")
    again = briefer.brief([str(folder)], options=opts)
    c.check(again.usage.model_calls == 0 and [s.articles for s in again.stories] == [s.articles for s in day.stories],
            "briefer.brief again: 0 model calls, the same stories")
    result = briefer.run_suite(suite, rows_path=work / "eval" / "api-rows.jsonl")
    c.check(result.passed and len(result.rows) == 5, "briefer.run_suite: 5 articles, passed",
            str(result.report["gate"]["failures"])[:300])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--briefer", default=str(ROOT / ".venv" / "bin" / "briefer"))
    exe = ap.parse_args().briefer
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="briefer-ci-") as tmp:
        work = Path(tmp)
        env = user_env(work)

        print("== summarize the seed article (JSON)")
        rc, out = run(exe, "summarize", str(SEED), "--format", "json", "-o", str(work / "seed.json"), env=env)
        seed = load(work / "seed.json")
        raw = SEED.read_text()
        quotes = [e["quote"] for k in ("summary", "key_actors", "open_questions") for i in seed.get(k, [])
                  for e in i["evidence"]]
        c.check(rc == 0 and "Traceback" not in out, "exit 0", out[-300:])
        c.check(len(seed.get("key_actors", [])) >= 5 and bool(seed.get("summary")), "summary points and >= 5 key actors",
                f"{len(seed.get('key_actors', []))} actors")
        c.check(bool(quotes) and all(q in raw for q in quotes), "every quote is in the article")

        folder = work / "articles"
        events = ecb_day(folder)
        store = str(work / "store.sqlite")
        print(f"== brief a folder of {len(events)} saved articles ({len(set(events.values()))} events, ECB+ dev)")
        rc, out = run(exe, "brief", str(folder), "--format", "json", "-o", str(work / "day.json"), "--store", store,
                      env=env)
        day = load(work / "day.json")
        names = sorted(Path(a["location"]).name for a in day.get("articles", []))
        in_stories = sorted(a for s in day.get("stories", []) for a in s["articles"])
        c.check(rc == 0 and "Traceback" not in out, "exit 0", out[-300:])
        c.check(names == sorted(events), f"all {len(events)} articles briefed",
                f"{len(names)} briefed, failed: {[f['source'] for f in day.get('failed', [])][:3]} ({out.strip()[-200:]})")
        c.check(day.get("failed") == [], "none failed", str(day.get("failed"))[:300])
        c.check(len(day.get("stories", [])) >= 2, ">= 2 stories", f"{len(day.get('stories', []))} stories")
        c.check(in_stories == sorted(a["id"] for a in day.get("articles", [])), "every article in exactly one story")

        print("== the same brief again (unchanged articles)")
        rc, out = run(exe, "brief", str(folder), "--format", "json", "-o", str(work / "again.json"), "--store", store,
                      env=env)
        again = load(work / "again.json")
        c.check(rc == 0, "exit 0", out[-300:])
        c.check(again.get("usage", {}).get("model_calls") == 0, "0 model calls", str(again.get("usage")))
        c.check([s["articles"] for s in again.get("stories", [])] == [s["articles"] for s in day.get("stories", [])]
                and len(again.get("articles", [])) == len(events), "the same stories of the same articles")

        print("== the brief as HTML, opened in headless Chromium")
        rc, out = run(exe, "brief", str(folder), "--format", "html", "-o", str(work / "day.html"), "--store", store,
                      env=env)
        c.check(rc == 0, "exit 0", out[-300:])
        try:
            shown = shown_in_chromium(work / "day.html", "section.story h2", work)
        except (AssertionError, OSError, subprocess.SubprocessError) as exc:
            shown = []
            c.check(False, "Chromium rendered the page", str(exc)[:300])
        titles = [" ".join(s["title"].split()) for s in day.get("stories", [])]
        missing = [t for t in titles if t not in shown]
        c.check(bool(titles) and not missing, f"all {len(titles)} story titles visible", f"not shown: {missing}")

        print("== a live eval of 5 articles on the embedded model")
        suite = live_suite(work / "eval", rows=5)
        rc, out = run(exe, "eval", "run", str(suite), "--rows", str(work / "eval" / "rows.jsonl"),
                      "--json", str(work / "eval" / "result.json"), env=env)
        result = load(work / "eval" / "result.json")
        rows = result.get("rows", [])
        c.check(rc == 0 and "PASS (ci-live)" in out, "exit 0 and PASS printed", out[-400:])
        c.check(len(rows) == 5 and not [r for r in rows if r.get("error") or not r.get("passed")],
                "5 articles scored, each above the suite's floors", str([r.get("error") for r in rows])[:300])
        c.check("grounding_rate" in out and "faithfulness" in out, "the printed table has the metrics")

        print("== the same three through the Python API (this process; the model's responses cached by the runs above)")
        os.environ.clear()
        os.environ.update(env)
        try:
            api(c, folder, len(events), suite, work)
        except Exception as exc:  # noqa: BLE001 - any error is a failed check, reported in one line
            c.check(False, "the Python API ran", f"{type(exc).__name__}: {exc}"[:300])
    if c.failed:
        print(f"products: {len(c.failed)} check(s) failed: {c.failed}")
        return 1
    print("products: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
