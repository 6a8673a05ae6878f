"""What the edge tests share: three FRANK rows of the CI suite, a feed comment, the fake endpoint options."""

from __future__ import annotations

import json
from pathlib import Path

from briefer.testing import FakeOpenAI

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = [json.loads(line) for line in (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1:4]]  # its first three FRANK rows

TEXT = ARTICLES[0]["text"]


def model_args(fake: FakeOpenAI, strategy: str = "abstractive") -> list[str]:
    return ["--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", strategy]

COMMENT = "<!--\nDescription: a feed that opens with a comment, as feedparser's test corpus does\n-->\n"
