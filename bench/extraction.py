"""Article extraction quality and speed, side by side in one run (issue: Extraction).

    .venv/bin/python bench/extraction.py [--data ../shared/data/extraction] [--limit N]

Metric of the article-extraction-benchmark: word 4-gram shingles of predicted vs true body,
precision and recall per page (shingle counts, case kept, as the benchmark's evaluate.py),
each averaged over pages; F1 from the averaged P and R.
Prints F1, precision, recall and pages/s for briefer and for each library alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"


_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    """The benchmark's shingles: case-kept word n-grams, counted; short texts are one shingle."""
    tokens = _TOKEN.findall(text or "")
    grams = [tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def precision_recall(pred: str, true: str) -> tuple[float | None, float | None]:
    """Per-page precision and recall as the benchmark computes them (None: undefined, skipped)."""
    p, t = shingles(pred), shingles(true)
    tp = sum((p & t).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = None if tp + fp == 0 else tp / (tp + fp)
    recall = None if tp + fn == 0 else tp / (tp + fn)
    return precision, recall


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
    from briefer.extraction import extract, RawSource

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
    print(f"{'extractor':<18} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8}   {'F1 even/odd pages':>17}")
    speed: dict[str, float] = {}
    for name, fn in EXTRACTORS.items():
        try:
            fn(pages[ids[0]], truth[ids[0]].get("url", ""))  # warm up imports
        except ImportError as exc:
            print(f"{name:<18} not installed ({exc}); pip install -e '.[bench]'", file=sys.stderr)
            continue
        scores, elapsed = [], 0.0
        for i in ids:
            t0 = time.perf_counter()
            pred = fn(pages[i], truth[i].get("url", ""))
            elapsed += time.perf_counter() - t0
            scores.append(precision_recall(pred, truth[i]["articleBody"]))
        f1, P, R = aggregate(scores)
        halves = f"{aggregate(scores[0::2])[0]:.3f}/{aggregate(scores[1::2])[0]:.3f}"
        speed[name] = len(ids) / elapsed
        print(f"{name:<18} {f1:6.3f} {P:6.3f} {R:6.3f} {speed[name]:8.1f}   {halves:>17}")
    if "briefer" in speed and "trafilatura" in speed:
        print(f"briefer throughput = {speed['briefer'] / speed['trafilatura']:.2f}x trafilatura's")


def aggregate(scores: list[tuple[float | None, float | None]]) -> tuple[float, float, float]:
    """F1 of the mean precision and mean recall (pages where one is undefined are skipped for it)."""
    ps = [p for p, _ in scores if p is not None]
    rs = [r for _, r in scores if r is not None]
    P, R = sum(ps) / len(ps), sum(rs) / len(rs)
    return (2 * P * R / (P + R) if P + R else 0.0), P, R

if __name__ == "__main__":
    main()
