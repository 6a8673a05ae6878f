"""Precision of the people finder (``find_people``, the brief's actors) on modern news: the 507 ECB+
dev articles, against names judged by hand. Prints numbers; asserts nothing.

    .venv/bin/python bench/actors_ecb.py [--against OTHER_SRC]

CoNLL-2003 (``bench/actors.py``) is Reuters 1996 with many results and market tables; ECB+'s dev
articles (2005-2013 web news, CC BY 3.0) are what briefer briefs. They carry no person labels, so
``bench/data/ecb_actor_labels.json`` holds every name ``find_people`` listed there on 2026-12-07
(before and after the name-evidence rules), each judged person or not by reading its sentence. A
name listed now that is in neither list is printed: judge it and add it before trusting the figure.
Precision counts every listing (a name listed in three articles counts three times). With
``--against SRC`` the same runs on another checkout's ``src`` (a subprocess), and the names one lists
and the other does not are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "clustering" / "ecbplus-dev" / "articles"
LABELS = Path(__file__).resolve().parent / "data" / "ecb_actor_labels.json"
_LIST = """
import json, sys
from pathlib import Path
from briefer.pipeline import find_people
print(json.dumps([[p.name, x.name] for p in sorted(Path(sys.argv[1]).glob("*.txt"))
                  for x in find_people(p.read_text(encoding="utf-8"))]))
"""


def listed(src: Path) -> list[tuple[str, str]]:
    """(article, name) for every name ``find_people`` of ``src`` lists."""
    out = subprocess.run([sys.executable, "-c", _LIST, str(ARTICLES)], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(src)})
    return [tuple(x) for x in json.loads(out.stdout)]


def report(label: str, rows: list[tuple[str, str]], people: set[str], things: set[str]) -> None:
    wrong = sum(name in things for _, name in rows)
    unknown = sorted({name for _, name in rows} - people - things)
    print(f"{label}: {len(rows)} listed, {wrong} not a person, precision {1 - wrong / max(len(rows), 1):.3f}, "
          f"people listed {sum(name in people for _, name in rows)}" + (f"; unlabelled: {unknown}" if unknown else ""))


def paired(a: list[tuple[str, str]], b: list[tuple[str, str]], things: set[str], n: int = 2000) -> tuple[float, float, float]:
    """Precision of ``a`` minus ``b`` and its 95% bootstrap interval over articles."""
    arts = sorted({x for x, _ in a} | {x for x, _ in b})

    def per(rows):
        out = {x: [0, 0] for x in arts}
        for art, name in rows:
            out[art][0] += 1
            out[art][1] += name in things
        return out

    pa, pb = per(a), per(b)

    def prec(p, idx):
        listed = sum(p[arts[i]][0] for i in idx)
        return 1 - sum(p[arts[i]][1] for i in idx) / max(listed, 1)

    rng = random.Random(0)
    full = range(len(arts))
    diffs = sorted(prec(pa, idx) - prec(pb, idx) for idx in ([rng.randrange(len(arts)) for _ in full] for _ in range(n)))
    return prec(pa, full) - prec(pb, full), diffs[int(0.025 * n)], diffs[int(0.975 * n) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", type=Path, help="another checkout's src folder")
    args = ap.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    people, things = set(labels["person"]), set(labels["not_person"])
    this = listed(ROOT / "src")
    report("this", this, people, things)
    if args.against:
        other = listed(args.against)
        report("against", other, people, things)
        d, lo, hi = paired(this, other, things)
        print(f"precision this − against: {d:+.3f} (95% CI {lo:+.3f} to {hi:+.3f}, bootstrap over articles)")
        lost, gained = sorted(set(other) - set(this)), sorted(set(this) - set(other))
        print("listed by against only:", [(n, "person" if n in people else "not") for _, n in lost])
        print("listed by this only:", [(n, "person" if n in people else "not") for _, n in gained])


if __name__ == "__main__":
    main()
