"""What the story writer's grounding costs and keeps, through a whole ``briefer brief`` (issue 32).

Copies ``--events`` ECB+ dev events × ``--per-event`` articles (default 10 × 3) into a temporary folder and
runs ``briefer.daily.brief`` twice against the fake OpenAI server on 127.0.0.1 (the per-article briefs are
the extractive strategy's, answered by the fake's schema-valid replies): ``--story-writer extractive`` and
``--story-writer model``. The fake "writes" each story as a model that restates every fact ("Reports say
that ...") plus one unfaithful point (the first fact with a number changed, or a name added): so the
figures are the checker's cost per story and what it keeps and drops of known-good and known-bad points,
not any real model's writing quality (no capable endpoint here). Prints both runs' seconds, the stories
and points written, and the drops; the last line is JSON.
Run under the shared lock: ``flock /tmp/heavy.lock nice -n 5 python bench/story_writer.py [DATA_DIR]``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from briefer.daily import brief, run as daily_run
from briefer.daily.options import Options
from briefer.testing import FakeOpenAI, auto_reply, completion, requested_schema
from _ecb import events as ecb_events

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"


def restate(text: str) -> str:
    return "Reports say that " + text[0].lower() + text[1:] if text[:2] != "I " else "Reports say " + text


def corrupt(text: str) -> str:
    """The fact with a number its sentences lack (its first number + 7), or, without one, a name added."""
    m = re.search(r"\d+", text)
    if m:
        return text[:m.start()] + str(int(m.group()) + 7) + text[m.end():]
    return text.rstrip(".") + ", Senator Jonathan Whitcombe said."


def respond(request: dict) -> dict:
    if requested_schema(request)[0] != "story_draft":
        return auto_reply(request)
    user = request["messages"][1]["content"]
    facts = re.findall(r"^\[(\d+)\] (.*) \((.*)\)$", user, re.M)
    points = [{"text": restate(text), "facts": [int(k)]} for k, text, _ in facts[1:]]
    if facts:
        points.insert(0, {"text": corrupt(facts[0][1]), "facts": [int(facts[0][0])]})
    return completion(json.dumps({"points": points}))


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    data = Path(args[0]) if args else DATA
    n_events, per_event = int(opts.get("events", 10)), int(opts.get("per-event", 3))
    chosen = [names[:per_event] for names in ecb_events(data).values() if len(names) >= per_event][:n_events]
    out: dict = {}
    made = []
    inner = daily_run.story_writer

    def keep(*a, **kw):  # the run's writer, for its report's reasons
        w = inner(*a, **kw)
        made.append(w)
        return w

    daily_run.story_writer = keep
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(respond) as fake:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        folder = Path(tmp) / "news"
        folder.mkdir()
        for names in chosen:
            for n in names:
                shutil.copy(data / "articles" / n, folder / n)
        for n, writer in enumerate(("extractive", "model", "extractive", "model")):  # the last two: models loaded
            notes: list[str] = []  # the warm runs reuse their store: the articles' briefs, not the stories
            t = time.perf_counter()
            d = brief(str(folder), base_url=fake.base_url, model="fake-large", api_key="k", strategy="extractive",
                      cache=False, story_writer=writer, on_note=notes.append, replay=False,
                      options=Options(store=str(Path(tmp) / f"{writer}.sqlite"), processes=1))
            seconds = time.perf_counter() - t
            multi = [s for s in d.stories if len(s.articles) > 1]
            points = [p for s in multi for p in s.points]
            key = writer + (" (warm)" if n >= 2 else "")
            out[key] = {"seconds": round(seconds, 2), "stories": len(multi), "points": len(points),
                        "written": sum(p.written for p in points),
                        "stories_written": sum(any(p.written for p in s.points) for s in multi),
                        "notes": notes, "dropped": made[-1].report.dropped if writer == "model" else []}
            print(f"{key}: {seconds:.1f} s, {len(multi)} stories of several articles, {len(points)} points, "
                  f"{out[key]['written']} written; " + " | ".join(notes))
            for why in out[key]["dropped"] if n == 1 else ():
                print("   dropped:", why)
    drops = out["model (warm)"]["dropped"]
    kinds = {"unfaithful (changed)": sum("Reports say" not in d for d in drops),
             "restatement: entailment": sum("Reports say" in d and "entailment" in d for d in drops),
             "restatement: length or word budget": sum("Reports say" in d and "entailment" not in d for d in drops)}
    print("dropped:", kinds)
    print(json.dumps({**out, "dropped_kinds": kinds}))


if __name__ == "__main__":
    main(sys.argv[1:])
