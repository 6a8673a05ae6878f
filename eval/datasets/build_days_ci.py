"""Build eval/datasets/days-ci.jsonl: the days suite of CI, from ECB+ dev (CC BY 3.0, Cybulska & Vossen 2014).

    .venv/bin/python eval/datasets/build_days_ci.py [--data ../shared/data/clustering/ecbplus-dev]

8 days. Each day holds 3 ECB+ dev topics (every topic once, one of them twice), both events of
each (two similar events: the shape of an ongoing story's episodes), 1-4 reports per event (a
sparse morning: ~15 articles a day). Publication times, as ECB+ has none (seeded, deterministic):
a topic's first event at 06:00-22:00 of the day before the brief, its second event 0-3 days later
(0: the same day, where only the wording can separate them), each report 0-30 hours after its
event. The text is each article as ``briefer brief`` reads it (``load_document``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from briefer.extraction import load_document  # noqa: E402

DAYS, TOPICS_PER_DAY, SEED = 8, 3, 33
START = datetime(2026, 11, 2, tzinfo=timezone.utc)


def build(data: Path) -> list[dict]:
    labels = json.loads((data / "labels.json").read_text())
    topic_of = json.loads((data / "topics.json").read_text())
    rng = random.Random(SEED)
    topics = sorted(set(topic_of.values()), key=lambda t: int(t[3:]))
    rng.shuffle(topics)
    topics += topics[: DAYS * TOPICS_PER_DAY - len(topics)]
    out = []
    for d in range(DAYS):
        day = START + timedelta(days=d)
        arts = []
        for topic in topics[d * TOPICS_PER_DAY:(d + 1) * TOPICS_PER_DAY]:
            at = day + timedelta(hours=rng.uniform(6, 22))
            for k, event in enumerate(sorted({e for n, e in labels.items() if topic_of[n] == topic})):
                if k:
                    at += timedelta(days=rng.randint(0, 3))
                names = sorted(n for n, e in labels.items() if e == event)
                for name in rng.sample(names, min(len(names), rng.randint(1, 4))):
                    doc = load_document(str(data / "articles" / name), cache=False)
                    when = at + timedelta(hours=rng.uniform(0, 30))
                    arts.append({"id": name.removesuffix(".txt"), "title": doc.title, "text": doc.text,
                                 "published": when.replace(microsecond=0).isoformat(), "event": event, "topic": topic})
        rng.shuffle(arts)
        out.append({"id": f"day-{d + 1:02d}", "articles": arts})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "clustering" / "ecbplus-dev")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("days-ci.jsonl"))
    args = ap.parse_args()
    days = build(args.data)
    args.out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in days), encoding="utf-8")
    print(f"{args.out}: {len(days)} days, {sum(len(d['articles']) for d in days)} articles")


if __name__ == "__main__":
    main()
