"""Article extraction quality and speed, side by side in one run (issue: Extraction).

    .venv/bin/python bench/extraction.py [--data ../shared/data/extraction] [--limit N]

Metric of the article-extraction-benchmark: word 4-gram shingles of predicted vs true body,
precision and recall per page, each averaged over pages; F1 from the averaged P and R.
Prints F1, precision, recall and pages/s for briefer and for each library alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", (text or "").lower())
    return {tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1))}


def precision_recall(pred: str, true: str) -> tuple[float, float]:
    p, t = shingles(pred), shingles(true)
    if not p and not t:
        return 1.0, 1.0
    if not p or not t:
        return (0.0, 0.0) if p or t else (1.0, 1.0)
    common = len(p & t)
    return common / len(p), common / len(t)


def run_trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_readability(html: str, url: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def run_briefer(html: str, url: str) -> str:
    from briefer.errors import InputError
    from briefer.extract import extract
    from briefer.fetch import RawSource

    try:
        return extract(RawSource(data=html.encode("utf-8"), kind="html", url=url)).text
    except InputError:
        return ""


EXTRACTORS = {"briefer": run_briefer, "trafilatura": run_trafilatura, "readability-lxml": run_readability}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text())
    ids = sorted(truth)[: args.limit or None]
    pages = {i: gzip.decompress((args.data / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8", "replace") for i in ids}
    print(f"{len(ids)} pages from {args.data}")
    print(f"{'extractor':<18} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8}")
    for name, fn in EXTRACTORS.items():
        try:
            fn(pages[ids[0]], truth[ids[0]].get("url", ""))  # warm up imports
        except ImportError as exc:
            print(f"{name:<18} not installed ({exc})", file=sys.stderr)
            continue
        ps, rs, elapsed = [], [], 0.0
        for i in ids:
            t0 = time.perf_counter()
            pred = fn(pages[i], truth[i].get("url", ""))
            elapsed += time.perf_counter() - t0
            p, r = precision_recall(pred, truth[i]["articleBody"])
            ps.append(p)
            rs.append(r)
        P, R = sum(ps) / len(ps), sum(rs) / len(rs)
        f1 = 2 * P * R / (P + R) if P + R else 0.0
        print(f"{name:<18} {f1:6.3f} {P:6.3f} {R:6.3f} {len(ids) / elapsed:8.1f}")


if __name__ == "__main__":
    main()
