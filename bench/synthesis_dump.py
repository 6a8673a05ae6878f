"""Every ``daily.synthesis.synthesize`` output on the ECB+ dev stories, as JSON: to compare two trees byte for byte.

A change meant to make the synthesis cheaper must not change what it says (issue 32). This builds the stories
as ``bench/stories.py`` does (each gold event with 2+ articles, at most ``--per-event`` of them, briefs made
without a model), synthesizes each in this process, and writes per story its points, differences, facts (each
mention's article, rank and text, and the later sentences cited as support), outlets, and two continuity
updates (``Synthesis.added``). ``--multinews=CSV [--clusters=N]`` adds the first N Multi-News clusters (up to 3
articles each). Prints the seconds spent. Run it with each tree's ``src`` first on PYTHONPATH and ``cmp`` the
files: ``PYTHONPATH=A/src python bench/synthesis_dump.py a.json; PYTHONPATH=B/src python bench/synthesis_dump.py
b.json; cmp a.json b.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_continuity import entry  # noqa: E402
from _ecb import events as ecb_events  # noqa: E402

from briefer.daily import synthesis  # noqa: E402
from briefer.extraction import load_document  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    out, data, per = Path(args[0]), Path(args[1]) if len(args) > 1 else DATA, int(opts.get("per-event", 6))
    stories = []
    for names in ecb_events(data).values():
        if len(names) >= 2:
            names = names[:per]
            stories.append(("ecb:" + names[0], [entry(n, data / "articles" / n) for n in names],
                            [load_document(str(data / "articles" / n)).text for n in names]))
    tmp = Path(tempfile.mkdtemp())
    if "multinews" in opts:
        from _stories_rouge import load_clusters

        for c in load_clusters(Path(opts["multinews"]), int(opts.get("clusters", 30)), 3):
            paths = []
            for j, text in enumerate(c["articles"]):
                paths.append(tmp / f"{c['id']}-{j}.txt")
                paths[-1].write_text(text)
            stories.append(("mn:" + c["id"], [entry(p.name, p) for p in paths], [load_document(str(p)).text for p in paths]))
    told = {}
    began = time.perf_counter()
    for key, members, texts in stories:
        s = synthesis.synthesize(members, texts)
        told[key] = {
            "points": [p.model_dump(mode="json") for p in s.points],
            "differences": [p.model_dump(mode="json") for p in s.differences],
            "facts": [[[m.article, m.pos, m.text] for m in f.mentions] + [["support", m.text, o] for m, o in f.support]
                      for f in s.facts],
            "outlets": s.outlets,
            "added_last": [p.model_dump(mode="json") for p in s.added({members[-1].id}, [p.text for p in s.points[:1]])],
            "added_rest": [p.model_dump(mode="json") for p in s.added({m.id for m in members[1:]}, [])],
        }
    print(f"{len(told)} stories synthesized in {time.perf_counter() - began:.1f} s")
    out.write_text(json.dumps(told, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
