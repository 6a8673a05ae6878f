"""The daily brief's stories in the eval gate: a days suite (eval/suites/days-ci.toml, 8 labelled
days of ECB+ dev articles) is clustered as ``briefer brief`` groups stories and gated per day with
the paired statistics of an article suite. A change that merges stories must be called
``regressed``; the stored baseline must pass unchanged; bad input fails in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_cli
from test_cli import assert_clean_failure

import briefer.daily
import briefer.evals
from briefer.evals.days import bcubed, kept_apart, load_days, run_days_suite
from briefer.evals.suite import load_suite

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "eval" / "suites" / "days-ci.toml"
BASELINE = ROOT / "eval" / "baselines" / "days-ci.json"


def test_bcubed_and_kept_apart_by_hand():
    gold = ["a", "a", "b", "b"]
    assert bcubed([[0, 1], [2, 3]], gold) == (1.0, 1.0, 1.0)
    P, R, F = bcubed([[0, 1, 2, 3]], gold)  # one story for two events: precision 1/2, recall 1
    assert (P, R) == (0.5, 1.0) and abs(F - 2 / 3) < 1e-9
    assert kept_apart([[0, 1, 2, 3]], gold, ["t"] * 4) == 0.0
    assert kept_apart([[0, 1], [2], [3]], gold, ["t"] * 4) == 1.0
    assert kept_apart([[0, 1, 2, 3]], gold, [None] * 4) == 1.0  # no topic labels: no such pairs


def test_ci_suite_passes_its_baseline_and_a_merging_change_regresses(tmp_path):
    rows = tmp_path / "rows.jsonl"
    junit = tmp_path / "days.xml"
    ok = run_cli("eval", "run", str(SUITE), "--baseline", str(BASELINE), "--rows", str(rows), "--junit", str(junit))
    assert ok.returncode == 0, ok.stdout.decode() + ok.stderr.decode()
    assert "PASS (days-ci)" in ok.stdout.decode() + ok.stderr.decode()
    scored = [json.loads(line) for line in rows.read_text().splitlines()]
    assert len(scored) == 8 and all(r["metrics"]["bcubed_f1"] >= 0.7 for r in scored)
    merged = run_cli("eval", "run", str(SUITE), "--baseline", str(BASELINE), "--rows", str(rows),
                     "--candidate", "merged", "cluster_threshold=0.03", "--json", str(tmp_path / "r.json"))
    assert merged.returncode == 1
    out = merged.stdout.decode() + merged.stderr.decode()
    assert "merged: bcubed_precision regressed against baseline" in out and "kept_apart regressed" in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["comparisons"]["merged"]["bcubed_precision"]["n"] == 8  # days are the unit


def test_ignoring_publication_times_is_caught_too(tmp_path):
    """Without the times the two same-topic events of a day merge more: the gate sees it."""
    result = briefer.evals.run_suite(SUITE, cluster=briefer.daily.cluster, candidates={"untimed": {"cluster_times": "false"}},
                                     rows_path=tmp_path / "rows.jsonl", warn=lambda _: None)
    comparison = result.report["comparisons"]["untimed"]
    assert comparison["bcubed_precision"]["verdict"] == "regressed", comparison["bcubed_precision"]
    assert not result.passed
    report = run_days_suite(load_suite(SUITE), cluster=briefer.daily.cluster, rows_path=tmp_path / "rows.jsonl")[0]
    assert report["unit"] == "days" and report["gate"]["passed"]  # the base alone: nothing to compare, nothing broken


def test_a_bad_days_dataset_fails_in_one_line(tmp_path):
    shutil.copy(SUITE, tmp_path / "days.toml")
    text = (tmp_path / "days.toml").read_text().replace("../datasets/days-ci.jsonl", "days.jsonl")
    (tmp_path / "days.toml").write_text(text)
    (tmp_path / "days.jsonl").write_text('{"id": "d1", "articles": [{"text": "no label"}]}\n')
    bad = run_cli("eval", "run", str(tmp_path / "days.toml"), "--rows", str(tmp_path / "rows.jsonl"), "--strict")
    assert_clean_failure(bad, "days.jsonl:1: article 0: needs an 'event' label")
    warned = []
    (tmp_path / "days.jsonl").write_text('{"id": "d1", "articles": [{"text": "x", "event": "e"}]}\nnot json\n')
    assert [d.id for d in load_days(tmp_path / "days.jsonl", warn=warned.append)] == ["d1"]
    assert warned and "days.jsonl:2: skipped" in warned[0]


def test_a_baseline_of_other_days_is_refused(tmp_path):
    days = tmp_path / "days.jsonl"
    lines = (ROOT / "eval" / "datasets" / "days-ci.jsonl").read_text().splitlines()
    days.write_text("\n".join(lines[:-1]) + "\n")  # one day fewer: another experiment
    suite = tmp_path / "days.toml"
    suite.write_text(SUITE.read_text().replace("../datasets/days-ci.jsonl", "days.jsonl"))
    bad = run_cli("eval", "run", str(suite), "--baseline", str(BASELINE), "--rows", str(tmp_path / "rows.jsonl"))
    assert_clean_failure(bad, "the baseline was made with other dataset")


def test_a_folder_of_day_folders_is_a_days_suite(tmp_path):
    """Each day a folder of article files and a labels.json (file → event, or {event, topic, published})."""
    fixture = ROOT / "tests" / "fixtures" / "ecbplus"
    labels = json.loads((fixture / "labels.json").read_text())
    for k, day in enumerate(("mon", "tue")):
        folder = tmp_path / "days" / day
        folder.mkdir(parents=True)
        mine = {}
        for name, event in sorted(labels.items())[k::2]:
            shutil.copy(fixture / name, folder / name)
            mine[name] = {"event": event, "topic": event[:-1],
                          "published": f"2026-11-0{2 + k + 4 * (event.endswith('b'))}T09:00:00+00:00"}
        (folder / "labels.json").write_text(json.dumps(mine))
    suite = tmp_path / "days.toml"
    suite.write_text('name = "folders"\nkind = "days"\ndataset = "days"\n')
    result = briefer.evals.run_suite(suite, cluster=briefer.daily.cluster, rows_path=tmp_path / "rows.jsonl",
                                     candidates={"merged": {"cluster_threshold": "0.0", "cluster_times": "false"}})
    rows = {(r["candidate"], r["id"]): r for r in result.rows}
    assert set(rows) == {(c, d) for c in ("base", "merged") for d in ("mon", "tue")}
    assert all(rows[("base", d)]["metrics"]["kept_apart"] == 1.0 for d in ("mon", "tue"))
    assert all(rows[("merged", d)]["metrics"]["bcubed_precision"] < 1.0 for d in ("mon", "tue"))
    (tmp_path / "days" / "tue" / "labels.json").write_text(json.dumps({"missing.txt": "e1"}))
    bad = run_cli("eval", "run", str(suite), "--rows", str(tmp_path / "rows.jsonl"))
    assert_clean_failure(bad, "missing.txt: no such file")
