"""scripts/train-checker: it names the snapshots it lacks, refuses a half set, and builds the same data twice.

The real sources are six GitHub snapshots a test machine does not have; here they are small bare git
repositories in the same layout (owner+name/repo), holding files of the real formats."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "train-checker"
REPOS = ["salesforce/factualNLG", "asappresearch/scale-score", "salesforce/DocNLI",
         "decompositional-semantics-initiative/DNC", "swarnaHub/ConjNLI", "ZhengxiangShi/PowerfulPromptFT"]


def train_checker(*args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHON": sys.executable, "PYTHONHASHSEED": seed}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300)


def snapshot(mirror: Path, repo: str, files: dict[str, str]) -> None:
    """A bare repository with ``files`` committed, where the workplace's ``fetch`` would leave it."""
    work = mirror / "work" / repo.replace("/", "+")
    for path, text in files.items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(work)], check=True)
    subprocess.run([*git, "-C", str(work), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(work), "commit", "-qm", "data"], check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirror / repo.replace("/", "+") / "repo")], check=True)


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def all_sources(mirror: Path, dnc: str | None = None) -> None:
    doc = ("The council approved the budget on Tuesday. Mayor Ann Lee said taxes will not rise. Schools get four "
           "new buses next year. The vote was 7 to 2. Critics in Springfield called the plan too costly.")
    edit = {"doc": doc, "summary": "The council approved the budget. Taxes will rise.",
            "original_summary": "The council approved the budget. Taxes will not rise.", "label": 0}
    snapshot(mirror, REPOS[0], {f"data/summedits/summedits_{d}.json": json.dumps([edit])
                                for d in ("news", "podcast", "qmsumm", "sales_call", "sales_email", "samsum",
                                          "scitldr", "ectsum")})
    true = csv_text([{"grounding": doc, "generated_text": "The vote was 7 to 2.", "label": "1.0"},
                     {"grounding": doc, "generated_text": "The vote was 9 to 0.", "label": "0.0"}])
    snapshot(mirror, REPOS[1], {f"data/true/{n}.csv": true for n in ("paws", "dialfact", "q2", "begin")})
    nli = "entailment\tA man sleeps on a bench.\tA man sleeps.\nnot_entailment\tA man sleeps.\tA woman runs.\n"
    snapshot(mirror, REPOS[2], {f"Data/binary-{n}/{p}.txt": nli for n in ("MNLI", "FEVER-NLI") for p in ("dev", "test")})
    dnc = dnc or json.dumps([{"context": "She said he left.", "hypothesis": "He left.", "binary-label": True}])
    snapshot(mirror, REPOS[3], {f"{p}/recast_factuality_data.json": dnc for p in ("dev", "test")})
    tsv = "A cat and a dog ran.\tA cat ran.\tentailment\nA cat ran.\tA dog ran.\tneutral\n"
    snapshot(mirror, REPOS[4], {"data/NLI/adversarial_train_15k.tsv": tsv, "data/NLI/conj_dev.tsv": tsv})
    glue = json.dumps({"0": {"text_a": "Birds fly south.", "text_b": "Birds fly.", "label": "entailment"},
                       "1": {"text_a": "Birds fly south.", "text_b": "Fish fly.", "label": "contradiction"}})
    snapshot(mirror, REPOS[5], {f"data/glue_pretrain/{n}/{p}.json": glue for n in ("MNLI", "SNLI") for p in ("train", "dev")})


def test_missing_snapshots_are_named_with_the_fetch_line_that_brings_each(tmp_path):
    snapshot(tmp_path, REPOS[0], {"data/summedits/summedits_news.json": "[]"})  # one file of eight
    result = train_checker("--stage", "data", "--mirror", str(tmp_path), "--work", str(tmp_path / "w"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "salesforce/factualNLG: 7 files absent" in result.stdout
    assert re.findall(r"^  fetch (github:\S+)$", result.stdout, re.M) == [f"github:{r}" for r in REPOS]
    assert json.loads(result.stdout.splitlines()[-1]) == {"sources": "missing", "data": "not run"}
    assert not (tmp_path / "w" / "train.jsonl.gz").exists()  # never built from half the sources


def test_an_unknown_stage_is_one_line_and_exit_2(tmp_path):
    result = train_checker("--stage", "sources,fit", "--mirror", str(tmp_path))
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0 and "'fit'" in result.stderr


def test_the_data_stage_builds_the_same_bytes_under_any_string_hash_seed(tmp_path):
    """Entity sets used to be walked in hash order, so two builds differed by a few synthetic pairs."""
    all_sources(tmp_path)
    digests = []
    for seed in ("1", "2"):
        result = train_checker("--stage", "data", "--mirror", str(tmp_path), "--work", str(tmp_path / f"w{seed}"),
                               seed=seed)
        assert "Traceback" not in result.stderr, result.stderr
        assert re.search(r"^\[data\] true:paws +2 pairs, +1 entailed", result.stdout, re.M), result.stdout
        digests.append(re.search(r"^\[data\] sha256 ([0-9a-f]{64}) != recorded", result.stdout, re.M).group(1))
        assert result.returncode == 1  # these are not the recorded sources: the hash differs, and it says so
    assert digests[0] == digests[1]
    assert (tmp_path / "w1" / "train.jsonl.gz").read_bytes() == (tmp_path / "w2" / "train.jsonl.gz").read_bytes()


def test_a_snapshot_file_it_cannot_read_fails_the_stage_in_one_line(tmp_path):
    all_sources(tmp_path, dnc="[{not json")
    result = train_checker("--stage", "data", "--mirror", str(tmp_path), "--work", str(tmp_path / "w"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("data failed: JSONDecodeError") and result.stderr.strip().count("\n") == 0
    assert json.loads(result.stdout.splitlines()[-1]) == {"sources": "ok", "data": "failed"}
