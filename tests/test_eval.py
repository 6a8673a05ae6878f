"""``briefer eval``: suites, replay determinism, regression detection, score-pairs, judge, bad input."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
from conftest import run_cli
from briefer.testing import FakeOpenAI, editor_reply
from test_cli import assert_clean_failure

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "eval" / "suites" / "ci.toml"
CASSETTE = ROOT / "eval" / "cassettes" / "ci.json"
BASELINE = ROOT / "eval" / "baselines" / "ci.json"


def assert_schema(data, which: str) -> None:
    """``data`` validates against ``briefer schema WHICH`` (what programs reading the output rely on)."""
    schema = json.loads(run_cli("schema", which).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)


def write_suite(tmp_path: Path, base_url: str, *, prompts_dir: Path | None = None, extra: str = "") -> Path:
    rows = [json.loads(line) for line in (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()]
    rows = [r for r in rows if "text" in r][:3]
    (tmp_path / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    suite = tmp_path / "suite.toml"
    prompts = f'prompts_dir = "{prompts_dir}"\n' if prompts_dir else ""
    suite.write_text(f'''name = "t"
dataset = "data.jsonl"
concurrency = 3
[settings]
base_url = "{base_url}"
model = "fake-large"
api_key = "k"
strategy = "abstractive"
{prompts}
[metrics]
numbers_consistency = {{ min = 1.0 }}
failed = {{ max = 0 }}
{extra}''')
    return suite


def worse_prompts(tmp_path: Path) -> Path:
    """The shipped prompts with the abstractive one loosened: 'in your own words', no rule on numbers."""
    folder = tmp_path / "worse-prompts"
    shutil.copytree(ROOT / "prompts", folder)
    p = folder / "abstractive.j2"
    p.write_text(p.read_text().replace(
        "Use only facts stated in the article.", "Write lively points in your own words, adding useful context."))
    return folder


def test_committed_suite_replays_deterministically_and_passes(tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"r{i}.json"
        result = run_cli("eval", "run", str(SUITE), "--replay", str(CASSETTE), "--baseline", str(BASELINE),
                         "--json", str(out), "--rows", str(tmp_path / "rows.jsonl"))
        assert result.returncode == 0, result.stderr.decode()
        assert "PASS" in result.stderr.decode()
        data = json.loads(out.read_text())
        assert_schema(data, "eval")
        for row in data["rows"]:
            row["metrics"].pop("latency")
            row["usage"].pop("seconds"), row["usage"].pop("model_seconds")
        data["candidates"]["base"]["metrics"].pop("latency")
        assert "latency" not in data["gated"]  # it measures the machine, not the brief
        for name in data["comparisons"]["base"]:
            data["comparisons"]["base"][name].pop("deltas")
        outs.append(data)
    assert outs[0] == outs[1]
    assert outs[0]["articles"] >= 60 and outs[0]["candidates"]["base"]["metrics"]["tokens"]["mean"] > 0
    assert {c["verdict"] for c in outs[0]["comparisons"]["base"].values()} == {"same"}  # the baseline is this run


def test_worse_prompt_fails_against_baseline_and_side_by_side(tmp_path):
    with FakeOpenAI(editor_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        baseline = tmp_path / "baseline.json"
        good = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--update-baseline", "--no-cache",
                       "--rows", str(tmp_path / "r.jsonl"))
        assert good.returncode == 0, good.stderr.decode()
        assert json.loads(baseline.read_text())["metrics"]["grounding_rate"] == 1.0
        again = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--rows", str(tmp_path / "r.jsonl"))
        assert again.returncode == 0, again.stderr.decode()
        folder = worse_prompts(tmp_path)
        drift = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--no-cache",
                        "--prompts-dir", str(folder), "--rows", str(tmp_path / "r.jsonl"))
        assert drift.returncode == 2 and "made with other prompts" in drift.stderr.decode()
        worse = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--no-cache", "--allow-drift",
                        "--prompts-dir", str(folder), "--report", str(tmp_path / "report.md"),
                        "--rows", str(tmp_path / "r.jsonl"))
        side = run_cli("eval", "run", str(suite), "--no-cache", "--candidate", "loose", f"prompts_dir={folder}",
                       "--rows", str(tmp_path / "r.jsonl"))
    err = worse.stderr.decode()
    assert worse.returncode == 1, err
    assert "FAIL: base: grounding_rate regressed against baseline: Δ -" in err
    report = (tmp_path / "report.md").read_text()
    assert "**FAIL**" in report and "grounding_rate regressed" in report
    assert side.returncode == 1 and "FAIL: loose: grounding_rate regressed against base" in side.stderr.decode()


def test_record_then_replay_offline_and_miss_names_request(tmp_path):
    cassette = tmp_path / "c.json"
    with FakeOpenAI(editor_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        rec = run_cli("eval", "run", str(suite), "--record", str(cassette), "--no-cache", "--json", str(tmp_path / "a.json"),
                      "--rows", str(tmp_path / "r.jsonl"))
        assert rec.returncode == 0, rec.stderr.decode()
        calls = len(fake.requests)
    # the server is gone: replay must not need it
    rep = run_cli("eval", "run", str(suite), "--replay", str(cassette), "--no-cache", "--json", str(tmp_path / "b.json"),
                  "--rows", str(tmp_path / "r.jsonl"))
    assert rep.returncode == 0, rep.stderr.decode()
    a, b = (json.loads((tmp_path / n).read_text())["rows"] for n in ("a.json", "b.json"))
    assert [r["summary"] for r in a] == [r["summary"] for r in b] and calls == 3
    miss = run_cli("eval", "run", str(suite), "--replay", str(cassette), "--no-cache",
                   "--prompts-dir", str(worse_prompts(tmp_path)), "--rows", str(tmp_path / "r.jsonl"))
    assert_clean_failure(miss, "cassette c.json has no response for model 'fake-large', json_schema, prompt 'Article")
    assert miss.returncode == 4 and "re-record with --record" in miss.stderr.decode()


def test_repeat_reports_pass_all_and_intervals(tmp_path):
    with FakeOpenAI(editor_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        result = run_cli("eval", "run", str(suite), "--repeat", "2", "--json", str(tmp_path / "o.json"),
                         "--rows", str(tmp_path / "r.jsonl"))
        seeds = {r.get("seed") for r in fake.requests}
    assert result.returncode == 0, result.stderr.decode()
    result = json.loads((tmp_path / "o.json").read_text())
    assert_schema(result, "eval")
    base = result["candidates"]["base"]
    assert result["repeat"] == 2 and base["pass_all_repeats"] == 1.0 and len(result["rows"]) == 6
    assert base["metrics"]["grounding_rate"] == {"mean": 1.0, "ci_low": 1.0, "ci_high": 1.0, "n": 3}
    assert seeds == {0, 1}


def test_bad_suites_and_datasets(tmp_path):
    with FakeOpenAI(editor_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        data = tmp_path / "data.jsonl"
        good = data.read_text()
        data.write_text(good + "{not json\n" + '{"id": "x", "title": "no text"}\n')
        skipped = run_cli("eval", "run", str(suite), "--rows", str(tmp_path / "r.jsonl"))
        err = skipped.stderr.decode()
        assert skipped.returncode == 0, err
        assert "data.jsonl:4: skipped" in err and "data.jsonl:5: skipped: needs one of text, html or source" in err
        strict = run_cli("eval", "run", str(suite), "--strict", "--rows", str(tmp_path / "r.jsonl"))
        assert_clean_failure(strict, "data.jsonl:4:")
        data.write_text(good + '{"id": "empty", "text": "   "}\n')
        failed = run_cli("eval", "run", str(suite), "--rows", str(tmp_path / "r.jsonl"))
        assert failed.returncode == 1 and "empty: " in failed.stderr.decode() and "failed" in failed.stderr.decode()
    missing = tmp_path / "missing.toml"
    missing.write_text('dataset = "nope.jsonl"\n')
    assert_clean_failure(run_cli("eval", "run", str(missing)), "dataset nope.jsonl not found")
    assert_clean_failure(run_cli("eval", "run", str(suite), "--replay", str(tmp_path / "none.json")), "no such cassette")


def test_interrupt_keeps_scored_rows(tmp_path):
    # the first article is answered; every later request waits until the signal has been sent
    with FakeOpenAI(editor_reply, hold_after=1) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        rows = tmp_path / "rows.jsonl"
        exe = Path(sys.executable).parent / "briefer"
        proc = subprocess.Popen([str(exe), "eval", "run", str(suite), "--concurrency", "1", "--no-cache",
                                 "--rows", str(rows)], stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and not (rows.exists() and rows.read_text().strip()):
            time.sleep(0.1)
        while time.time() < deadline and len(fake.requests) < 2:  # the second article is now held
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        fake.release()  # the in-flight article may finish; nothing new starts
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    kept = [json.loads(line) for line in rows.read_text().splitlines()]
    assert len(kept) >= 1 and "metrics" in kept[0]
    assert "Traceback" not in err.decode() and "kept in" in err.decode()


def test_score_pairs_and_bad_lines(tmp_path):
    doc = (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1]
    document = json.loads(doc)["text"]
    first = document.split(". ")[0] + "."
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({"id": "a", "document": document, "summary": first}) + "\n"
        + json.dumps({"id": "b", "document": document, "summary": "The minister resigned after 400 prisoners escaped in Paris."}) + "\n"
        + "not json\n" + json.dumps({"id": "c", "summary": "x"}) + "\n")
    out = tmp_path / "out.jsonl"
    result = run_cli("eval", "score-pairs", str(pairs), "-o", str(out), "--explain")
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "pairs.jsonl:3: skipped" in err and "pairs.jsonl:4: skipped: missing document" in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    for row in rows:
        assert_schema(row, "pairs")
    assert rows[0]["predicted_label"] == 1 and rows[1]["predicted_label"] == 0 and rows[0]["score"] > rows[1]["score"]
    reasons = " ".join(" ".join(c["reasons"]) for c in rows[1]["claims"])
    assert "number 400 is not in the source" in reasons

    strict_out = tmp_path / "strict.jsonl"
    assert_clean_failure(run_cli("eval", "score-pairs", str(pairs), "-o", str(strict_out), "--strict"),
                         "pairs.jsonl:3:", strict_out)


def test_score_pairs_with_the_entailment_model(tmp_path):
    """``--checker entail``: a sentence of the document passes, an invented one and an empty summary fail."""
    document = json.loads((ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1])["text"]
    rows = [{"id": "a", "document": document, "summary": document.split(". ")[0] + "."},
            {"id": "b", "document": document, "summary": "The minister resigned after 400 prisoners escaped in Paris."},
            {"id": "c", "document": document, "summary": ""}]
    pairs, out = tmp_path / "pairs.jsonl", tmp_path / "out.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run_cli("eval", "score-pairs", str(pairs), "-o", str(out), "--checker", "entail")
    assert result.returncode == 0, result.stderr.decode()
    got = [json.loads(line) for line in out.read_text().splitlines()]
    for row in got:
        assert_schema(row, "pairs")
    assert [r["predicted_label"] for r in got] == [1, 0, 0] and got[0]["score"] > got[1]["score"] and got[2]["score"] == 0


def test_judge_mode_through_endpoint(tmp_path):
    document = "The council approved the budget on Tuesday. The mayor said taxes will not rise."
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(json.dumps({"document": document, "summary": "The council approved the budget on Tuesday."}) + "\n"
                     + json.dumps({"document": document, "summary": "The council approved the budget. Taxes will rise."}) + "\n")
    out = tmp_path / "o.jsonl"
    with FakeOpenAI(editor_reply) as fake:
        result = run_cli("eval", "score-pairs", str(pairs), "-o", str(out), "--judge-model", "fake-large",
                         "--base-url", fake.base_url, "--api-key", "k", "--explain")
        names = [r["response_format"]["json_schema"]["name"] for r in fake.requests]
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert (rows[0]["score"], rows[0]["predicted_label"]) == (1.0, 1)
    for row in rows:
        assert_schema(row, "pairs")
        assert row["claims"] and "verdict" in row["claims"][0]
    assert rows[1]["predicted_label"] == 0 and rows[1]["score"] == 0.5
    assert names == ["claims", "verdicts", "claims", "verdicts"]


def test_checker_weights_are_reproducible_from_the_dev_split(tmp_path):
    committed = ROOT / "src" / "briefer" / "data" / "checker.json"
    assert committed.stat().st_size < 5_000_000
    out = tmp_path / "checker.json"
    result = subprocess.run([sys.executable, str(ROOT / "eval" / "train_checker.py"), "--out", str(out)],
                            capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(out.read_text()) == json.loads(committed.read_text())
    assert "valid" in json.loads(committed.read_text())["trained_on"].lower()


def test_eval_run_with_llm_judge_records_and_replays(tmp_path):
    cassette = tmp_path / "c.json"
    with FakeOpenAI(editor_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        live = run_cli("eval", "run", str(suite), "--judge-model", "fake-large", "--record", str(cassette), "--no-cache",
                       "--json", str(tmp_path / "a.json"), "--rows", str(tmp_path / "r.jsonl"))
        assert live.returncode == 0, live.stderr.decode()
        names = {r["response_format"]["json_schema"]["name"] for r in fake.requests}
    assert {"claims", "verdicts", "brief_draft"} <= names
    metrics = json.loads((tmp_path / "a.json").read_text())["candidates"]["base"]["metrics"]
    assert metrics["judge_faithfulness"]["mean"] == 1.0  # the editor copies sentences; the judge finds them
    replay = run_cli("eval", "run", str(suite), "--judge-model", "fake-large", "--replay", str(cassette), "--no-cache",
                     "--json", str(tmp_path / "b.json"), "--rows", str(tmp_path / "r.jsonl"))
    assert replay.returncode == 0, replay.stderr.decode()
    assert json.loads((tmp_path / "b.json").read_text())["candidates"]["base"]["metrics"]["judge_faithfulness"]["mean"] == 1.0


def test_faithfulness_bench_measures_the_llm_judge_beside_the_checker(tmp_path):
    """bench/faithfulness.py --judge-model: the judge's accuracy on labeled pairs, next to the checker's."""
    document = ("The council approved the budget on Tuesday. The mayor said taxes will not rise. "
                "Schools get four new buses next year.")
    pairs = [("The council approved the budget on Tuesday.", 1), ("Schools get four new buses next year.", 1),
             ("The council rejected the budget on Friday.", 0), ("The mayor said taxes will double.", 0)]
    data = tmp_path / "data"
    data.mkdir()
    (data / "frank.jsonl").write_text("".join(
        json.dumps({"id": f"f{i}", "split": "test", "origin": "cnndm", "document": document, "summary": s,
                    "label": y}) + "\n"
        for i, (s, y) in enumerate(pairs)))
    (data / "summeval.jsonl").write_text("".join(
        json.dumps({"id": f"s{i}", "doc_id": f"d{i}", "document": document, "summary": s, "label": y}) + "\n"
        for i, (s, y) in enumerate(pairs)))
    with FakeOpenAI(editor_reply) as fake:
        result = subprocess.run([sys.executable, str(ROOT / "bench" / "faithfulness.py"), "--data", str(data),
                                 "--judge-model", "fake-large", "--base-url", fake.base_url, "--api-key", "k"],
                                capture_output=True, timeout=120)
        calls = len(fake.requests)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    lines = out.splitlines()
    frank = lines.index(next(line for line in lines if line.startswith("FRANK test")))
    judge_line = lines[frank + 1].split()
    assert judge_line[:3] == ["judge", "4", "1.000"], out  # the fake judge checks claims verbatim: all four right
    assert "0 failed" in lines[frank + 1]
    assert calls >= 2 * 4  # claims + verdicts per pair (SummEval all repeats pairs: served from the cache)


def test_faithfulness_bench_refuses_a_judge_without_an_endpoint(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "faithfulness.py"), "--judge-model", "x"],
                            capture_output=True, timeout=60)
    assert result.returncode == 2 and b"needs an endpoint" in result.stderr and b"Traceback" not in result.stderr
