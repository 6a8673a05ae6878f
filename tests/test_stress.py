"""Extraction at concurrency: the same pages briefed over and over must never crash the process.

lxml parsers (and the string dictionaries their documents share) are not safe across threads;
a crash here is a segmentation fault or abort that loses a whole daily brief, so the test loops
the real CLI over real pages, bounded in time, and fails on any run that dies.
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from conftest import run_cli

HTML = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction" / "html"


@pytest.fixture
def pages(tmp_path) -> Path:
    files = sorted(HTML.glob("*.html.gz"))[:10]
    if len(files) < 5:
        pytest.skip(f"extraction pages missing under {HTML}")
    folder = tmp_path / "pages"
    folder.mkdir()
    for f in files:
        (folder / f.name.removesuffix(".gz")).write_bytes(gzip.decompress(f.read_bytes()))
    return folder


def test_brief_dry_run_survives_concurrent_extraction(pages, tmp_path):
    deadline = time.monotonic() + 30
    runs = 0
    while runs < 20 and time.monotonic() < deadline:
        store = tmp_path / f"s{runs}.sqlite"  # a fresh store: every run extracts every page again
        r = run_cli("brief", str(pages), "--store", str(store), "--dry-run", "--no-cache", "--concurrency", "8",
                    timeout=120)
        assert r.returncode in (0, 1), f"run {runs} died with {r.returncode}: {r.stderr.decode()[-500:]}"
        assert b"Fatal Python error" not in r.stderr
        runs += 1
    assert runs >= 10, f"only {runs} runs in the time allowed"
