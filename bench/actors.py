"""Precision and recall of the people finder (``find_people``, the brief's actors) against human
person-name labels, and its time per article. Prints numbers; asserts nothing.

    .venv/bin/python bench/actors.py --conll PATH/eng.train [--show 30] [--against OTHER_SRC]

Data: the training split of CoNLL-2003 English (``eng.train``, 946 Reuters articles, 1996; research
use only, so it is not in the repository: pass a local copy). Its ``testa``/``testb`` splits are
held out and never read here. Articles alternate between a dev half (even position) and a test
half (odd): rules are developed on dev, and test is reported beside it.

Each article's tokens are joined back into running text (no space before ",", "." or "'s", quotes
paired), its PER spans kept as character spans, then ``find_people`` runs on the text as it does
on an article. Figures:
* strict precision: listed actors whose name is exactly a labelled person span of the article
  ("Instead Joubert", "Iraq's Aziz" are wrong; so is a place or a club);
* stray word: the share of listed actors that contain a labelled name plus a word glued on;
* recall@2: of the people named at least twice (mentions grouped by the longest labelled name
  that ends with them: "Clinton" is "Bill Clinton"), the share whose name (or a labelled spelling
  of it) is listed. Reported for people with a multi-word name (``find_people`` only lists names
  of 2-4 words by design) and for all;
* ms per article for ``find_people`` (on CoNLL, and best of 3 on the 507 ECB+ dev articles).
``--against SRC`` runs the same on another checkout's ``src`` (a subprocess) and prints a paired
95% bootstrap interval over articles of the difference (this checkout minus SRC).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "%", "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "'"}
_NO_SPACE_AFTER = {"(", "[", "$"}


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Articles, each a list of sentences of (token, NER tag)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sent: list[tuple[str, str]] = []
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if not parts:
            if sent and docs:
                docs[-1].append(sent)
            sent = []
            continue
        if parts[0] == "-DOCSTART-":
            docs.append([])
            continue
        sent.append((parts[0], parts[-1]))
    if sent and docs:
        docs[-1].append(sent)
    return [d for d in docs if d]


def detokenize(doc: list[list[tuple[str, str]]]) -> tuple[str, list[tuple[int, int]]]:
    """Running text and the character spans of its PER entities (IOB1 or IOB2)."""
    out: list[str] = []
    pos = 0
    spans: list[tuple[int, int]] = []
    for k, sent in enumerate(doc):
        if k:
            prev = out[-1] if out else ""
            sep = " " if prev[-1:] in ".!?\"" else "\n"
            out.append(sep)
            pos += 1
        quote_open = False
        prev_tok = None
        ent: list[int] | None = None
        prev_tag = "O"
        for tok, tag in sent:
            space = prev_tok is not None
            if tok in _NO_SPACE_BEFORE or (tok == '"' and quote_open) or prev_tok in _NO_SPACE_AFTER:
                space = False
            if prev_tok == '"' and quote_open:
                space = False  # just after an opening quote
            if tok == '"':
                quote_open = not quote_open
            if space:
                out.append(" ")
                pos += 1
            start = pos
            out.append(tok)
            pos += len(tok)
            kind = tag[2:] if tag != "O" else "O"
            begins = tag.startswith("B-") or (kind != "O" and prev_tag[2:] != kind)
            if ent is not None and (kind != "PER" or begins):
                spans.append((ent[0], ent[1]))
                ent = None
            if kind == "PER":
                if ent is None:
                    ent = [start, pos]
                else:
                    ent[1] = pos
            prev_tag, prev_tok = tag, tok
        if ent is not None:
            spans.append((ent[0], ent[1]))
    return "".join(out), spans


def clusters(text: str, spans: list[tuple[int, int]]) -> dict[str, dict]:
    """Labelled people: head name → {"names": spellings, "n": mentions}. A mention joins the
    longest labelled name that ends with it ("Clinton" → "Bill Clinton")."""
    names = [text[a:b] for a, b in spans]
    heads = sorted(set(names), key=lambda n: (-len(n), n))
    out: dict[str, dict] = {}
    for n in names:
        head = next((h for h in heads if h == n or h.endswith(" " + n)), n)
        c = out.setdefault(head, {"names": set(), "n": 0})
        c["names"].add(n)
        c["n"] += 1
    return out


def score_doc(text: str, spans: list[tuple[int, int]], listed: list[str]) -> dict:
    gold = {text[a:b] for a, b in spans}
    strict = [n for n in listed if n in gold]
    stray = [n for n in listed if n not in gold and any(f" {g} " in f" {n} " for g in gold)]
    cl = clusters(text, spans)
    twice = [h for h, c in cl.items() if c["n"] >= 2]
    multi = [h for h in twice if " " in h]
    found = {h for h in twice if cl[h]["names"] & set(listed)}
    return {"listed": len(listed), "strict": len(strict), "stray": len(stray), "twice": len(twice),
            "twice_found": len(found & set(twice)), "multi": len(multi), "multi_found": len(found & set(multi)),
            "wrong": [n for n in listed if n not in gold]}


def is_prose(doc: list[list[tuple[str, str]]]) -> bool:
    """A news story rather than a results table or a market report: at least 8 sentences, and
    at least 80% of them end with terminal punctuation and have 6 or more words."""
    body = doc[1:]
    if len(body) < 8:
        return False
    good = sum(len(s) >= 6 and s[-1][0] in (".", "!", "?", '"') for s in body)
    return good >= 0.8 * len(body)


def run(conll: Path) -> dict:
    """Per-article scores and timings for this interpreter's ``briefer``."""
    from briefer.pipeline import find_people

    raw = read_conll(conll)
    docs = [detokenize(d) for d in raw]
    rows, elapsed = [], 0.0
    for (text, spans), d in zip(docs, raw):
        t = time.perf_counter()
        people = find_people(text)
        elapsed += time.perf_counter() - t
        rows.append({**score_doc(text, spans, [p.name for p in people]), "prose": is_prose(d)})
    return {"rows": rows, "ms": 1000 * elapsed / max(len(docs), 1), "ms_ecb": _time_ecb()}


def _time_ecb(repeat: int = 3) -> float | None:
    """ms per article of ``find_people`` on the ECB+ dev articles (longer, real page text), best of 3."""
    from briefer.pipeline import find_people

    folder = ROOT.parent / "shared" / "data" / "clustering" / "ecbplus-dev" / "articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        return None
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for text in texts:
            find_people(text)
        best = min(best, time.perf_counter() - t)
    return 1000 * best / len(texts)


def summary(rows: list[dict]) -> dict:
    tot = {k: sum(r[k] for r in rows) for k in ("listed", "strict", "stray", "twice", "twice_found", "multi", "multi_found")}
    return {
        "articles": len(rows), "listed": tot["listed"],
        "precision": tot["strict"] / max(tot["listed"], 1), "stray": tot["stray"] / max(tot["listed"], 1),
        "recall_multi": tot["multi_found"] / max(tot["multi"], 1), "people_multi": tot["multi"],
        "recall_all": tot["twice_found"] / max(tot["twice"], 1), "people_all": tot["twice"],
    }


def paired(a: list[dict], b: list[dict], num: str, den: str, n: int = 2000, seed: int = 0):
    """Difference of two ratio-of-sums metrics over the same articles, 95% bootstrap interval."""
    rng = random.Random(seed)
    k = len(a)

    def ratio(rows, idx):
        d = sum(rows[i][den] for i in idx)
        return sum(rows[i][num] for i in idx) / d if d else 0.0

    full = list(range(k))
    diffs = []
    for _ in range(n):
        idx = [rng.randrange(k) for _ in range(k)]
        diffs.append(ratio(a, idx) - ratio(b, idx))
    diffs.sort()
    return ratio(a, full) - ratio(b, full), diffs[int(0.025 * n)], diffs[int(0.975 * n) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conll", type=Path, required=True, help="CoNLL-2003 eng.train (never testa/testb)")
    ap.add_argument("--show", type=int, default=0, help="print N wrong names of the dev half")
    ap.add_argument("--against", type=Path, help="another checkout's src/ to compare with")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the subprocess's answer
    args = ap.parse_args()
    if args.conll.name in ("eng.testa", "eng.testb"):
        sys.exit("bench/actors.py: only the training split (eng.train) is used here")
    res = run(args.conll)
    if args.json:
        print(json.dumps(res))
        return
    other = None
    if args.against:
        env = {"PYTHONPATH": str(args.against.resolve())}
        out = subprocess.run([sys.executable, __file__, "--conll", str(args.conll), "--json"],
                             capture_output=True, text=True, check=True, env=env)
        other = json.loads(out.stdout)
    halves = {"dev": lambda i, r: i % 2 == 0, "test": lambda i, r: i % 2 == 1,
              "dev prose": lambda i, r: i % 2 == 0 and r["prose"], "test prose": lambda i, r: i % 2 == 1 and r["prose"]}
    print("| split | version | articles | listed | strict precision | stray word | recall@2 (multi-word) | "
          "recall@2 (all) | ms/article |\n|---|---|---|---|---|---|---|---|---|")
    for split, keep in halves.items():
        for label, r in (("this", res), ("against", other)):
            if r is None:
                continue
            s = summary([row for i, row in enumerate(r["rows"]) if keep(i, row)])
            print(f"| {split} | {label} | {s['articles']} | {s['listed']} | {s['precision']:.3f} | {s['stray']:.3f} | "
                  f"{s['recall_multi']:.3f} ({s['people_multi']}) | {s['recall_all']:.3f} ({s['people_all']}) | {r['ms']:.2f} |")
    for label, r in (("this", res), ("against", other)):
        if r is not None and r.get("ms_ecb") is not None:
            print(f"find_people on the 507 ECB+ dev articles ({label}): {r['ms_ecb']:.2f} ms/article (best of 3)")
    if other:
        print()
        for split, keep in halves.items():
            a = [row for i, row in enumerate(res["rows"]) if keep(i, row)]
            b = [row for i, row in enumerate(other["rows"]) if keep(i, row)]
            for name, num, den in (("precision", "strict", "listed"), ("recall@2 multi-word", "multi_found", "multi")):
                d, lo, hi = paired(a, b, num, den)
                print(f"{split}: this − against {name}: {d:+.3f} (95% CI {lo:+.3f} to {hi:+.3f})")
    if args.show:
        wrong = [(n, i, row["prose"]) for i, row in enumerate(res["rows"]) if i % 2 == 0 for n in row["wrong"]]
        print(f"\nwrong names on dev ({len(wrong)}), first {args.show}:")
        for n, i, prose in wrong[: args.show]:
            print(f"  {i}{'p' if prose else ''}: {n!r}")


if __name__ == "__main__":
    main()
