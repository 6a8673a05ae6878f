"""Points that start with page furniture (a dateline, a byline, "Advertisement", "(CNN) —") or are
fragments, on real pages, for this checkout and optionally another. Prints numbers; asserts nothing.

    .venv/bin/python bench/point_furniture.py [--against OTHER/src] [--show 10]

Data: the 507 ECB+ dev articles (``clustering/ecbplus-dev/articles``, many with datelines) and the
151 pages of the extraction benchmark (``extraction/html``), each read as ``briefer`` reads it
(``load_document`` / ``extract``) and split by ``split_sentences``. For each: the points
``selection.points`` picks (with the document's title, as ``briefer summarize`` does) and the
candidates (every sentence ``selection.trim`` keeps that is not furniture). A text is counted when
it starts with a dateline, byline or "Advertisement" (``briefer.furniture.prefix_end``), is one
(``briefer.furniture.is_stamp``), starts with "(CNN)", or starts in lowercase; one detector, this
checkout's, judges both versions. ``--against SRC`` runs the selection of another checkout's
``src`` in a subprocess (e.g. ``/work/main/src``) and prints both.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from _scope import inner_only  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def documents(data: Path):
    """(name, Document) for every ECB+ dev article and extraction-benchmark page."""
    from briefer.errors import InputError
    from briefer.extraction import RawSource, extract, load_document

    for path in sorted((data / "clustering" / "ecbplus-dev" / "articles").glob("*.txt")):
        yield f"ecb/{path.stem}", load_document(str(path))
    truth = json.loads((data / "extraction" / "ground-truth.json").read_text())
    for i in sorted(truth):
        html = gzip.decompress((data / "extraction" / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace")
        try:
            yield f"page/{i[:10]}", extract(RawSource(data=html.encode("utf-8"), kind="html", url=truth[i].get("url", "")))
        except InputError:
            continue


def run(data: Path) -> dict:
    """Selected points and candidate spans per document, from this interpreter's ``briefer``."""
    from briefer.sentences import split_sentences
    from briefer import pipeline as selection

    out = {}
    for name, doc in documents(data):
        sents = split_sentences(doc.text)
        ss = [s.text for s in sents]
        gaps = [doc.text[(sents[k - 1].end if k else 0):s.start] for k, s in enumerate(sents)]
        try:  # as ``selected_points`` calls it
            picked = selection.points(ss, title=doc.title, gaps=gaps)
        except TypeError:  # a checkout from before ``gaps``
            picked = selection.points(ss, title=doc.title)
        chosen = [ss[i][a:b] for i, a, b in picked]
        cands = []
        for s in ss:
            a, b = selection.trim(s)
            if not selection.is_furniture(s) and len(s[a:b].split()) >= 6:
                cands.append(s[a:b])
        out[name] = {"points": chosen, "candidates": cands}
    return out


def bad(text: str) -> str:
    """Why a point's text is furniture or a fragment ("" when it is neither)."""
    try:
        from briefer import furniture  # a core module since 2026-12-08
    except ImportError:  # --against an older checkout: the pipeline's face had it
        from briefer import pipeline as furniture

    if furniture.is_stamp(text):
        return "stamp"
    end = furniture.prefix_end(text)
    if end:
        return "dateline/byline/advert: " + text[:end].strip()
    if re.match(r"^\s*\(\s*CNN", text):
        return "(CNN)"
    if text[:1].islower() and not re.match(r"[a-z]{1,2}[A-Z]", text):
        return "lowercase start"
    return ""


def main() -> None:
    inner_only("briefer.pipeline.points and trim on texts read here")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--against", type=Path, help="another checkout's src/ to compare with")
    ap.add_argument("--show", type=int, default=10, help="examples of changed points to print")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    res = run(args.data)
    if args.json:
        print(json.dumps(res))
        return
    versions = {"this": res}
    if args.against:
        out = subprocess.run([sys.executable, __file__, "--data", str(args.data), "--json"], capture_output=True,
                             text=True, check=True, env={"PYTHONPATH": str(args.against.resolve())})
        versions["against"] = json.loads(out.stdout)
    print("| version | set | documents | points | points with furniture/fragment | candidates | "
          "candidates with furniture/fragment |\n|---|---|---|---|---|---|---|")
    for label, r in versions.items():
        for prefix in ("ecb/", "page/"):
            docs = {k: v for k, v in r.items() if k.startswith(prefix)}
            pts = [p for v in docs.values() for p in v["points"]]
            cands = [c for v in docs.values() for c in v["candidates"]]
            print(f"| {label} | {prefix[:-1]} | {len(docs)} | {len(pts)} | {sum(bool(bad(p)) for p in pts)} | "
                  f"{len(cands)} | {sum(bool(bad(c)) for c in cands)} |")
    for label, r in versions.items():
        left = [(k, p, bad(p)) for k, v in r.items() for p in v["points"] if bad(p)]
        print(f"\n{label}: points still flagged ({len(left)}), first {args.show}:")
        for k, p, why in left[: args.show]:
            print(f"  {k}: [{why}] {p[:110]!r}")
    flagged = [(k, c, bad(c)) for k, v in res.items() for c in v["candidates"] if bad(c)]
    print(f"\nthis: candidates still flagged ({len(flagged)}), first {args.show}:")
    for k, c, why in flagged[: args.show]:
        print(f"  {k}: [{why}] {c[:110]!r}")
    if "against" in versions:
        other = versions["against"]
        changed = [(k, other[k]["points"], res[k]["points"]) for k in res if k in other and res[k]["points"] != other[k]["points"]]
        print(f"\ndocuments whose points changed: {len(changed)} of {len(res)}; first {args.show}:")
        for k, before, after in changed[: args.show]:
            print(f"  {k}\n    before: {[p[:90] for p in before]}\n    after:  {[p[:90] for p in after]}")


if __name__ == "__main__":
    main()
