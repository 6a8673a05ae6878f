"""bench/stories.py --multinews: the ROUGE protocol end to end on the real product (briefer brief of a
folder, embedded default), on a tiny CSV of the Multi-News shape made from two ECB+ dev articles."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT.parent / "shared" / "data" / "clustering" / "ecbplus-dev" / "articles"


def test_multinews_rouge_protocol(tmp_path):
    a, b = [(ECB / n).read_text() for n in ("a163affb279.txt", "a2be930128f.txt")]
    summary = " ".join(a.split()[:60])  # a "human summary" taken from the first article's opening
    path = tmp_path / "mn.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["documents", "num_documents", "summary"])
        w.writerow([repr(["Tweet with a location. Learn more", a]), 2, "– dropped: one article of 80+ words"])
        w.writerow([repr([a, b]), 2, "– " + summary])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "stories.py"), f"--multinews={path}", "--clusters=5"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["clusters"] == 1  # the cluster with a single usable article is left out
    methods = figures["methods"]
    assert set(methods) >= {"story (all)", "first sentence", "first point", "lead-3", "lead (story's length)"}
    assert methods["story (all)"]["points"] > 0 and methods["story (all)"]["words"] > 0
    assert all(0 <= m[k] <= 1 for m in methods.values() for k in ("r1", "r2", "rl"))
    assert methods["lead-3"]["r1"] > 0.5  # the summary is the first article's opening
    assert "story (all) - lead-3 | all | r1" in figures["paired"]
