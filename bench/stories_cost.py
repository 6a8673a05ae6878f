"""What the story synthesis adds to a whole ``briefer brief`` on the embedded default (issue 32: at most 20%).

Copies ``--events`` ECB+ dev events × ``--per-event`` articles (default 10 × 3 = 30 articles, so most
stories have several outlets) into a temporary folder, runs ``briefer.daily.brief`` on it with the
embedded model (no endpoint; a fresh store and response cache, no replay, this process only), and times
``daily.synthesis.synthesize`` inside it (sentence model loading included: the first story pays it).
Prints the whole brief's seconds, the synthesis seconds and their ratio; the last line is JSON.
Run under the shared lock: ``flock /tmp/heavy.lock nice -n 5 python bench/stories_cost.py [DATA_DIR]``.

``--multinews=CSV [--clusters=20]``: the day is instead the first ``--clusters`` clusters of a Multi-News
CSV (up to 3 articles each, as ``bench/stories.py --multinews`` reads them; not committed, non-commercial
licence): news articles of real length (~700 words), where the model's time per article is what a
newsroom's day costs; ECB+ dev articles are 0.2-2 kB, so there the synthesis' share is the largest.

The brief loads the synthesis's models and embeds each article's candidate sentences in a thread while the
articles are briefed (``daily.warm``): the thread's sentences and CPU seconds are printed too, and
``--no-warm`` briefs without it (the synthesis then loads and embeds everything itself).

``--dump=FILE``: also writes the day's stories (ids, articles, points with their evidence and outlets,
differences) as JSON, so two trees' outputs can be compared byte for byte (``cmp``): a change that makes the
synthesis cheaper must leave them identical.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from briefer.daily import run as daily_run, stories, synthesis, warm
from briefer.daily.options import Options
from _ecb import events as ecb_events

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    data = Path(args[0]) if args else DATA
    n_events, per_event = int(opts.get("events", 10)), int(opts.get("per-event", 3))
    texts: dict[str, str] = {}
    if "multinews" in opts:
        from _stories_rouge import load_clusters

        for c in load_clusters(Path(opts["multinews"]), int(opts.get("clusters", 20)), 3):
            texts.update({f"{c['id']}-{j}.txt": text for j, text in enumerate(c["articles"])})
    else:
        chosen = [names[:per_event] for names in ecb_events(data).values() if len(names) >= per_event][:n_events]
    spent = [0.0, 0]
    inner = synthesis.synthesize

    def timed(*a, **kw):
        t = time.perf_counter()
        try:
            return inner(*a, **kw)
        finally:
            spent[0] += time.perf_counter() - t
            spent[1] += 1

    stories.synthesize = timed  # stories imported the name: time it where it is called
    threads = []
    start = warm.start

    def started(*a, **kw):
        threads.append(start(*a, **kw))
        return threads[-1]

    warm.start = started
    if "--no-warm" in argv:
        warm.worth_it = lambda *a: False
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # no model answer cached by an earlier run
        folder = Path(tmp) / "news"
        folder.mkdir()
        for name, text in texts.items():  # --multinews
            (folder / name).write_text(text)
        for names in [] if texts else chosen:  # noqa: F821 (set when not --multinews)
            for n in names:
                shutil.copy(data / "articles" / n, folder / n)
        t = time.perf_counter()
        d = daily_run.brief(str(folder), options=Options(store=str(Path(tmp) / "s.sqlite"), processes=1), replay=False)
        total = time.perf_counter() - t
    multi = sum(len(s.articles) > 1 for s in d.stories)
    if "dump" in opts:
        told = [s.model_dump(mode="json", include={"id", "title", "articles", "points", "differences"}) for s in d.stories]
        Path(opts["dump"]).write_text(json.dumps(told, indent=1, sort_keys=True))
    print(f"{len(d.articles)} articles, {len(d.stories)} stories ({multi} of several articles), "
          f"{d.usage.model_calls} model calls")
    print(f"whole brief {total:.1f} s; synthesis {spent[0]:.1f} s in {spent[1]} stories "
          f"= {spent[0] / max(total - spent[0], 1e-9) * 100:.1f}% added")
    ahead = [t for t in threads if t is not None]
    print(f"ahead (daily.warm): {sum(t.embedded for t in ahead)} sentences, {sum(t.seconds for t in ahead):.1f} s of its thread's CPU")
    print(json.dumps({"articles": len(d.articles), "stories": len(d.stories), "multi": multi, "total_s": round(total, 2),
                      "synthesis_s": round(spent[0], 2), "added": round(spent[0] / max(total - spent[0], 1e-9), 4),
                      "ahead_sentences": sum(t.embedded for t in ahead), "ahead_cpu_s": round(sum(t.seconds for t in ahead), 2)}))


if __name__ == "__main__":
    main(sys.argv[1:])
