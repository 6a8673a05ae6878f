"""ECB+ dev's human event labels as the story benchmarks read them: one place that groups the files."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path


def events(data: Path) -> dict[str, list[str]]:
    """Event label → its article file names, both sorted (``labels.json``: {file: event})."""
    labels = json.loads((data / "labels.json").read_text())
    out: dict[str, list[str]] = defaultdict(list)
    for name in sorted(labels):
        out[labels[name]].append(name)
    return dict(sorted(out.items()))
