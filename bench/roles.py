"""Good-role precision of the people finder: of the roles shown beside actors ("Name — role"), the
share that are a role of that one person, on the 507 ECB+ dev articles. Prints numbers; asserts nothing.

    .venv/bin/python bench/roles.py [--against OTHER_SRC]

``bench/data/ecb_role_labels.jsonl`` holds every (article, name, role) that ``find_people`` gave on
2026-12-08, before and after the role-cleaning rules (``pipeline/_roles.clean_role``), each judged
by reading it in its sentence: good is a title or a description of that one person ("Homeland
Security Secretary", "the team's coach", "a 23-year-old student"); bad is a clause ("trademark
could prove valuable"), a repeat ("Woodburn Police Chief Woodburn Police Chief"), junk words ("RIP
LA County Sheriff Deputy", "said Academy spokeswoman"), a plural or another's role, or a cut word
("Interior" of "Secretary of the Interior"). Articles are split by ECB+ topic: even topics dev
(where the rules were developed), odd topics test. A role shown now that is not labelled is printed:
judge it and add it before trusting the figure. With ``--against SRC`` the same runs on another
checkout's ``src`` (a subprocess) and a paired 95% bootstrap interval over articles is printed for
the difference in precision and in good roles shown (this minus SRC).
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
LABELS = Path(__file__).resolve().parent / "data" / "ecb_role_labels.jsonl"
_LIST = """
import json, sys
from pathlib import Path
from briefer.pipeline import find_people
print(json.dumps([[p.stem, x.name, x.role, list(x.role_span)] for p in sorted(Path(sys.argv[1]).glob("*.txt"))
                  for x in find_people(p.read_text(encoding="utf-8")) if x.role]))
"""


def shown(src: Path) -> list[tuple[str, str, str]]:
    """(article, name, role) for every role ``find_people`` of ``src`` gives; each span is checked."""
    out = subprocess.run([sys.executable, "-c", _LIST, str(ARTICLES)], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(src)})
    rows = []
    for art, name, role, (s, e) in json.loads(out.stdout):
        text = (ARTICLES / f"{art}.txt").read_text(encoding="utf-8")
        if text[s:e].lower() != role.lower():
            print(f"role span does not slice the source: {art} {name!r} {role!r}")
        rows.append((art, name, role))
    return rows


def per_article(rows, labels, arts):
    out = {a: [0, 0] for a in arts}
    for art, name, role in rows:
        if art in out:
            out[art][0] += 1
            out[art][1] += bool(labels.get((art, name, role)))
    return out


def paired(a, b, arts, n: int = 2000, seed: int = 0):
    """Precision and good-roles-shown of ``a`` minus ``b``, each with a 95% bootstrap interval over articles."""
    rng = random.Random(seed)

    def stats(m, idx):
        shown_, good = sum(m[arts[i]][0] for i in idx), sum(m[arts[i]][1] for i in idx)
        return good / max(shown_, 1), good

    full = range(len(arts))
    d_prec, d_good = [], []
    for _ in range(n):
        idx = [rng.randrange(len(arts)) for _ in full]
        (pa, ga), (pb, gb) = stats(a, idx), stats(b, idx)
        d_prec.append(pa - pb)
        d_good.append(ga - gb)
    d_prec.sort()
    d_good.sort()
    (pa, ga), (pb, gb) = stats(a, full), stats(b, full)
    lo, hi = int(0.025 * n), int(0.975 * n) - 1
    return (pa - pb, d_prec[lo], d_prec[hi]), (ga - gb, d_good[lo], d_good[hi])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--against", type=Path, help="another checkout's src/ to compare with")
    args = ap.parse_args()
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = {(r["article"], r["name"], r["role"]): r["good"] for r in rows}
    topic = json.loads((ARTICLES.parent / "labels.json").read_text(encoding="utf-8"))
    split = {p.stem: ("dev" if int("".join(c for c in topic[p.name][3:] if c.isdigit())) % 2 == 0 else "test")
             for p in ARTICLES.glob("*.txt")}
    versions = {"this": shown(ROOT / "src")}
    if args.against:
        versions["against"] = shown(args.against.resolve())
    print("| split | version | roles shown | good | bad | good-role precision |\n|---|---|---|---|---|---|")
    for half in ("dev", "test"):
        for label, got in versions.items():
            mine = [r for r in got if split[r[0]] == half]
            good = sum(bool(labels.get(r)) for r in mine)
            bad = sum(labels.get(r) is False for r in mine)
            print(f"| {half} | {label} | {len(mine)} | {good} | {bad} | {good / max(len(mine), 1):.3f} |")
    unknown = sorted({r for got in versions.values() for r in got} - set(labels))
    if unknown:
        print(f"unlabelled ({len(unknown)}): judge and add to {LABELS.name}:")
        for art, name, role in unknown:
            print(f"  {art} {name!r}: {role!r}")
    if args.against:
        for half in ("dev", "test"):
            arts = sorted(a for a, s in split.items() if s == half)
            a = per_article(versions["this"], labels, arts)
            b = per_article(versions["against"], labels, arts)
            (dp, lp, hp), (dg, lg, hg) = paired(a, b, arts)
            print(f"{half}: this − against good-role precision {dp:+.3f} (95% CI {lp:+.3f} to {hp:+.3f}); "
                  f"good roles shown {dg:+d} (95% CI {lg:+d} to {hg:+d})")


if __name__ == "__main__":
    main()
