"""Story synthesis side by side on the same clusters (issue 32): does a story tell each fact once, say
which outlets report it, and stay short?

Data: ECB+ dev (../shared/data/clustering/ecbplus-dev, CC BY 3.0): each gold event with 2+ articles is
one story (at most ``--per-event`` articles, first by file name), so every method sees the same
clusters. ECB+ has no outlet metadata: each article counts as its own outlet (its file name). Briefs
are made without a model, as the embedded default's extractive strategy builds them
(``selection.points``, ``candidates.find_people``; see bench/story_continuity.py).

Methods, each a list of points per story:
- synthesis: ``daily.synthesis`` (what ``briefer brief`` now shows for a multi-article story);
- before: the members' own brief points one after another (``stories.gather_points``, what it showed);
- first sentence: the first usable sentence of each article; first point: each brief's first point;
- lead-3: the first three sentences of the story's first article.

Printed per method: points per story, words per story, redundancy (point pairs of one story sharing at
least half their content words — |A∩B| / min(|A|, |B|) ≥ 0.5 — and pairs ``same_fact`` judges one
fact), share of points citing 2+ outlets, and the seconds synthesis took. ``--sample=N`` (``--seed=S``) prints N
random same-story point pairs of the synthesis to check by hand. ECB+ has no human summaries, so no
ROUGE here: ``--multinews=CSV`` instead runs the ROUGE protocol of ``bench/_stories_rouge.py`` (the
product's story against Multi-News human summaries, beside the same baselines; ``--clusters=N``).
``--html=FILE`` also writes the daily brief of the first three stories as HTML (the docs' screenshot).
Run: ``python bench/stories.py [DATA_DIR] [--per-event=6] [--events=N] [--sample=N] [--html=FILE]``, or
``python bench/stories.py --multinews=CSV [--clusters=60] [--per-event=6] [--briefer=PATH]``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_continuity import entry  # noqa: E402  (briefs without a model, as the extractive strategy makes them)
from _ecb import events as ecb_events  # noqa: E402

from briefer.daily import synthesis  # noqa: E402
from briefer.daily.stories import gather_points  # noqa: E402
from briefer.extraction import load_document  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"


def overlapping(a: str, b: str) -> bool:
    """The issue's redundancy test: two points sharing at least half their content words."""
    wa, wb = synthesis.content_words(a), synthesis.content_words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    data = Path(args[0]) if args else DATA
    per_event, n_events, n_sample = int(opts.get("per-event", 6)), int(opts.get("events", 0)), int(opts.get("sample", 0))
    if "multinews" in opts:
        import _stories_rouge

        briefer = opts.get("briefer") or str(Path(sys.executable).parent / "briefer")
        _stories_rouge.main(Path(opts["multinews"]), int(opts.get("clusters", 60)), per_event, briefer, overlapping)
        return
    stories = [names[:per_event] for names in ecb_events(data).values() if len(names) >= 2]
    if n_events:
        stories = stories[:n_events]
    methods: dict[str, list[list]] = defaultdict(list)  # method -> per story: [(text, n_outlets)]
    spent = 0.0
    built = 0.0
    shown: list = []
    for names in stories:
        t = time.perf_counter()
        members = [entry(n, data / "articles" / n) for n in names]
        texts = [load_document(str(data / "articles" / n)).text for n in names]
        built += time.perf_counter() - t
        t = time.perf_counter()
        told = synthesis.synthesize(members, texts)
        spent += time.perf_counter() - t
        methods["synthesis"].append([(p.text, len(p.outlets)) for p in told.points])
        if "html" in opts and len(shown) < 3:
            shown.append((members, texts))
        methods["before"].append([(p.text, len({c.article for c in p.evidence})) for p in gather_points(members)])
        firsts = synthesis.candidates(members, texts)
        methods["first sentence"].append([(ms[0].text, 1) for ms in firsts if ms])
        methods["first point"].append([(e.brief.summary[0].text, 1) for e in members if e.brief.summary])
        methods["lead-3"].append([(m.text, 1) for m in firsts[0][:3]])
    print(f"{len(stories)} stories (ECB+ dev gold events, ≤{per_event} articles each; each article its own outlet)")
    print(f"{'method':16} {'points':>7} {'words':>7} {'overlap':>8} {'same-fact':>9} {'≥2 outlets':>10}")
    for name, per_story in methods.items():
        pts = [p for s in per_story for p in s]
        pairs = [(a, b) for s in per_story for a, b in combinations([t for t, _ in s], 2)]
        over = sum(overlapping(a, b) for a, b in pairs)
        vecs = synthesis.similarities([t for a_b in pairs for t in a_b]) if pairs else None
        same = 0
        for k, (a, b) in enumerate(pairs):
            cos = float(vecs[2 * k, 2 * k + 1]) if vecs is not None else None
            same += synthesis.same_fact(synthesis.mention(0, 0, a, []), synthesis.mention(1, 0, b, []), cos)
        words = sum(len(synthesis._WORD.findall(t)) for t, _ in pts) / max(1, len(per_story))
        multi = sum(n >= 2 for _, n in pts) / max(1, len(pts))
        print(f"{name:16} {len(pts) / len(per_story):7.2f} {words:7.1f} {over / max(1, len(pairs)):8.3f} "
              f"{same / max(1, len(pairs)):9.3f} {multi:10.3f}   ({len(pairs)} pairs)")
    print(f"synthesis: {spent:.2f} s for {len(stories)} stories ({spent / len(stories) * 1000:.0f} ms each; "
          f"briefs without a model took {built:.2f} s)")
    if shown:
        from briefer.daily.render import render_daily
        from briefer.daily.schemas import DailyBrief, DailyUsage
        from briefer.daily.stories import build_stories

        entries = [e for m, _ in shown for e in m]
        texts = [t for _, ts in shown for t in ts]
        d = DailyBrief(title="Daily brief (ECB+ dev)", generated="2026-12-07T08:00:00+00:00",
                       stories=build_stories(entries, texts, texts), articles=entries, failed=[], usage=DailyUsage())
        Path(opts["html"]).write_text(render_daily(d, "html"))
    if n_sample:
        rng = random.Random(int(opts.get("seed", 32)))
        pairs = [(a, b) for s in methods["synthesis"] for (a, _), (b, _) in combinations(s, 2)]
        for a, b in rng.sample(pairs, min(n_sample, len(pairs))):
            print(json.dumps({"a": a, "b": b}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
