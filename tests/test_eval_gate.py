"""``briefer eval run`` as a merge gate: candidates side by side, the paired verdicts, the articles
that broke, JUnit/HTML/Markdown/JSON output, baselines with hashes — against a scripted endpoint
(``FakeOpenAI`` on 127.0.0.1) whose "worse" model breaks a known subset of 60 generated articles."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import run_cli
from briefer.testing import FakeOpenAI, completion, requested_schema
from test_cli import assert_clean_failure
from test_eval import assert_schema

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Anna", "Boris", "Chloe", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
LAST = ["Berg", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Quispe", "Novak", "Haddad", "Silva", "Kowalski"]
CITIES = ["Riverton", "Eastport", "Maple Falls", "Northgate", "Lakeside", "Stonebridge"]
BROKEN = {f"a{i:02d}" for i in range(60) if i % 3 == 0}  # the articles the worse model breaks


def article(i: int) -> str:
    """A small news article; sentence 1 carries the article's number, which the fake reads."""
    a = f"{FIRST[i % 10]} {LAST[(i * 3) % 10]}"
    b = f"{FIRST[(i + 4) % 10]} {LAST[(i * 7 + 1) % 10]}"
    city = CITIES[i % len(CITIES)]
    n = 10 + i
    return " ".join([
        f"The {city} council report, numbered {1000 + i}, was published on Monday after months of debate.",
        f"Mayor {a} said the council would review {n} proposals for new housing near the river.",
        f"Council member {b} argued that the plan needed {n * 2} more inspectors before any work begins.",
        f"Residents of {city} filled the hall on Tuesday evening to hear both sides of the argument.",
        f"The housing office counted {n * 10} families on its waiting list at the end of last year.",
        f"{a} promised that construction would start in spring if the budget vote succeeds next month.",
        f"{b} warned that costs had risen by {n % 9 + 3} percent since the first estimate in January.",
        f"A final decision on the proposals is expected at the council meeting in {city} next month.",
    ])


def gate_reply(request: dict) -> dict:
    """A careful editor (model ``fake-large``; any other name behaves the same) — except
    ``fake-worse``, which, on the articles of ``BROKEN``, replaces every second point and actor
    with an invention (verification then drops them: half the points and actors are gone)."""
    _, schema, _ = requested_schema(request)
    users = [m["content"] for m in request["messages"] if m["role"] == "user"]
    if "could not be verified" in users[-1]:  # the re-ask: nothing better to offer
        return completion(json.dumps({"points": [], "actors": [], "questions": []}))
    sentences = [(int(sid), text) for sid, text in re.findall(r"^\[(\d+)\] (.+)$", users[0], re.M)]
    number = re.search(r"numbered 10(\d\d)\b", users[0])
    broken = request["model"] == "fake-worse" and number and f"a{number.group(1)}" in BROKEN
    limit = (schema or {}).get("properties", {}).get("points", {}).get("maxItems", 4)
    points = [{"text": text, "sentences": [sid]} for sid, text in sentences[1:][:limit]]
    actors = []
    for sid, text in sentences:
        for name in re.findall(r"(?:Mayor|member) ([A-Z][a-z]+ [A-Z][a-z]+)", text):
            actors.append({"name": name, "role": "", "sentences": [sid]})
    if broken:
        for k in range(0, len(points), 2):
            points[k] = {"text": "Officials secretly agreed to a 97 billion dollar tunnel under the harbour.",
                         "sentences": points[k]["sentences"]}
        for k in range(0, len(actors), 2):
            actors[k] = {"name": "Zebulon Quartermaine", "role": "", "sentences": actors[k]["sentences"]}
    body = {"points": points, "actors": actors, "questions": []}
    return completion(json.dumps(body), prompt_tokens=len(users[0]) // 4, completion_tokens=len(json.dumps(body)) // 4)


def write_suite(tmp_path: Path, base_url: str, n: int = 60, extra: str = "", settings: str = "") -> Path:
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps({"id": f"a{i:02d}", "text": article(i)}) + "\n" for i in range(n)))
    suite = tmp_path / "gate.toml"
    suite.write_text(f'''name = "gate"
dataset = "data.jsonl"
concurrency = 8
[settings]
base_url = "{base_url}"
model = "fake-large"
api_key = "k"
strategy = "abstractive"
{settings}
[metrics]
numbers_consistency = {{ min = 1.0 }}
grounding_rate = {{ min = 0.9 }}
failed = {{ max = 0 }}
{extra}''')
    return suite


def test_worse_candidate_regresses_and_names_exactly_the_broken_articles(tmp_path, monkeypatch):
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out, junit, page = tmp_path / "o.json", tmp_path / "junit.xml", tmp_path / "report.html"
    with FakeOpenAI(gate_reply, models=("fake-large", "fake-worse")) as fake:
        suite = write_suite(tmp_path, fake.base_url)
        result = run_cli("eval", "run", str(suite), "--candidate", "worse", "model=fake-worse",
                         "--candidate", "twin", "seed=7", "--no-cache", "--json", str(out), "--junit", str(junit),
                         "--report", str(page), "--rows", str(tmp_path / "rows.jsonl"))
        models = {r["model"] for r in fake.requests}
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert models == {"fake-large", "fake-worse"}
    data = json.loads(out.read_text())
    assert_schema(data, "eval")
    assert set(data["candidates"]) == {"base", "worse", "twin"} and data["articles"] == 60
    for name in ("base", "worse", "twin"):
        stats = data["candidates"][name]["metrics"]["grounding_rate"]
        assert stats["n"] == 60 and stats["ci_low"] <= stats["mean"] <= stats["ci_high"]
    worse, twin = data["comparisons"]["worse"], data["comparisons"]["twin"]
    assert worse["grounding_rate"]["verdict"] == "regressed" and worse["grounding_rate"]["ci_high"] < 0
    assert worse["actor_grounding"]["verdict"] == "regressed"
    assert {m: c["verdict"] for m, c in twin.items()} == {m: "same" for m in twin}
    regressed = data["regressed_articles"]
    assert {r["id"] for r in regressed["worse"] if r["metric"] == "grounding_rate"} == BROKEN
    assert {r["id"] for r in regressed["worse"] if r["metric"] == "actor_grounding"} == BROKEN
    assert regressed["twin"] == []
    broken = {b["id"]: b for b in data["broken"]["worse"]}
    assert set(broken) == BROKEN
    one = broken["a03"]
    assert "Zebulon Quartermaine" not in " ".join(one["after"]["actors"])  # dropped by verification
    assert one["after"]["summary"] != one["before"]["summary"] and one["flipped"]  # grounding 0.5 < min 0.9
    assert "97 billion" not in " ".join(one["after"]["summary"]) and one["before"]["actors"]
    assert not data["gate"]["passed"] and all(f.startswith("worse: ") for f in data["gate"]["failures"])
    assert "FAIL: worse: grounding_rate regressed against base" in err
    assert "articles that broke" in err  # the terminal shows them, before and after

    root = ET.parse(junit).getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"gate.base", "gate.worse", "gate.twin"}
    cases = list(suites["gate.worse"].iter("testcase"))
    assert len(cases) == 60 * len(data["gated"]) + len(data["gated"])
    gate_fail = {c.get("name") for c in cases if c.get("classname") == "gate.worse.gate" and c.find("failure") is not None}
    assert {"grounding_rate", "actor_grounding"} <= gate_fail
    article_fail = {c.get("classname").split(".")[-1] for c in cases
                    if c.get("name") == "grounding_rate" and c.find("failure") is not None
                    and c.get("classname") != "gate.worse.gate"}
    assert article_fail == BROKEN
    assert not any(c.find("failure") is not None for c in suites["gate.twin"].iter("testcase"))
    assert int(suites["gate.worse"].get("failures")) > 0 and suites["gate.twin"].get("failures") == "0"

    html = page.read_text()
    assert "<script" not in html.lower() and "<svg" in html and "<circle" in html and "<line" in html
    assert html.count("<svg") == sum(1 for comp in data["comparisons"].values() for c in comp.values()
                                     if c["verdict"] != "missing")
    md = summary.read_text()
    assert "**FAIL**" in md and "| grounding_rate *" in md and "worse: articles that broke (20)" in md


def test_repeat_uses_every_run_and_nests_seeds(tmp_path):
    with FakeOpenAI(gate_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url, n=6, settings="seed = 3")
        result = run_cli("eval", "run", str(suite), "--repeat", "3", "--json", str(tmp_path / "o.json"),
                         "--rows", str(tmp_path / "r.jsonl"))
        seeds = sorted({r.get("seed") for r in fake.requests})
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads((tmp_path / "o.json").read_text())
    assert_schema(data, "eval")
    assert seeds == [3, 4, 5] and len(data["rows"]) == 18
    assert data["candidates"]["base"]["pass_all_repeats"] == 1.0
    assert data["candidates"]["base"]["metrics"]["grounding_rate"]["n"] == 6
    # one candidate, three seeds: the detectable drop comes from the between-seed spread (0 here: the
    # fake answers every seed alike), so it is the tolerance itself
    assert data["detectable_drop"]["grounding_rate"] == 0.02


def test_baseline_stores_articles_and_refuses_drift(tmp_path):
    baseline = tmp_path / "baseline.json"
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    with FakeOpenAI(gate_reply, models=("fake-large", "fake-worse")) as fake:
        suite = write_suite(tmp_path, fake.base_url, n=12)
        made = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--update-baseline",
                       "--rows", str(tmp_path / "r.jsonl"))
        assert made.returncode == 0, made.stderr.decode()
        stored = json.loads(baseline.read_text())
        assert set(stored["hashes"]) == {"dataset", "prompts", "checker"} and len(stored["articles"]) == 12
        assert stored["articles"]["a00"]["values"]["grounding_rate"] == [1.0] and stored["articles"]["a00"]["summary"]
        same = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--rows", str(tmp_path / "r.jsonl"),
                       "--json", str(tmp_path / "o.json"))
        assert same.returncode == 0, same.stderr.decode()
        data = json.loads((tmp_path / "o.json").read_text())
        assert data["reference"] == "baseline" and data["comparisons"]["base"]["grounding_rate"]["verdict"] == "same"
        worse = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--model", "fake-worse",
                        "--rows", str(tmp_path / "r.jsonl"), "--json", str(tmp_path / "w.json"))
        assert worse.returncode == 1 and "base: grounding_rate regressed against baseline" in worse.stderr.decode()
        w = json.loads((tmp_path / "w.json").read_text())
        assert {r["id"] for r in w["regressed_articles"]["base"] if r["metric"] == "grounding_rate"} == \
            {f"a{i:02d}" for i in range(12) if i % 3 == 0}

        (prompts / "abstractive.j2").write_text((prompts / "abstractive.j2").read_text().replace("careful", "thorough"))
        drift = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--prompts-dir", str(prompts),
                        "--rows", str(tmp_path / "r.jsonl"))
        assert_clean_failure(drift, "the baseline was made with other prompts")
        assert drift.returncode == 2 and "--allow-drift" in drift.stderr.decode()
        allowed = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--prompts-dir", str(prompts),
                          "--allow-drift", "--rows", str(tmp_path / "r.jsonl"))
        assert allowed.returncode == 0 and "drift in prompts" in allowed.stderr.decode()
        data_file = tmp_path / "data.jsonl"
        data_file.write_text(data_file.read_text().replace("Monday", "Sunday", 1))
        rows_drift = run_cli("eval", "run", str(suite), "--baseline", str(baseline), "--rows", str(tmp_path / "r.jsonl"))
        assert_clean_failure(rows_drift, "other dataset")
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"grounding_rate": 1.0}))
    assert_clean_failure(run_cli("eval", "run", str(suite), "--baseline", str(old)), "not a per-article baseline")


def test_a_gated_metric_missing_from_the_run_fails(tmp_path):
    with FakeOpenAI(gate_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url, n=4, extra='judge_faithfulness = { min = 0.5 }\n')
        result = run_cli("eval", "run", str(suite), "--candidate", "other", "seed=2", "--junit", str(tmp_path / "j.xml"),
                         "--rows", str(tmp_path / "r.jsonl"))
        alone = run_cli("eval", "run", str(suite), "--rows", str(tmp_path / "r.jsonl"))  # no comparison at all
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "FAIL: base: gated metric judge_faithfulness is missing from the run" in err
    assert "FAIL: other: gated metric judge_faithfulness is missing from the run" in err
    assert alone.returncode == 1 and "gated metric judge_faithfulness is missing" in alone.stderr.decode()
    gate_cases = [c for c in ET.parse(tmp_path / "j.xml").getroot().iter("testcase")
                  if c.get("classname") == "gate.other.gate" and c.get("name") == "judge_faithfulness"]
    assert len(gate_cases) == 1 and gate_cases[0].find("failure") is not None


def test_candidate_settings_reach_the_requests(tmp_path):
    prompts = tmp_path / "p"
    shutil.copytree(ROOT / "prompts", prompts)
    (prompts / "abstractive.j2").write_text((prompts / "abstractive.j2").read_text().replace(
        "You are a careful news editor", "You are a MARKED news editor"))
    with FakeOpenAI(gate_reply, models=("fake-large", "fake-b")) as fake:
        suite = write_suite(tmp_path, fake.base_url, n=2)
        result = run_cli("eval", "run", str(suite), "--no-cache", "--candidate", "t", "model=fake-b", "temperature=0.7",
                         "seed=11", "response_format=json-object", "points=2", f"prompts_dir={prompts}",
                         "--rows", str(tmp_path / "r.jsonl"))
        cand = [r for r in fake.requests if r["model"] == "fake-b"]
        base = [r for r in fake.requests if r["model"] == "fake-large"]
    assert result.returncode == 0, result.stderr.decode()
    assert len(cand) == 2 and len(base) == 2
    for r in cand:
        assert r["temperature"] == 0.7 and r["seed"] == 11 and r["response_format"]["type"] == "json_object"
        text = " ".join(m["content"] for m in r["messages"])
        assert "MARKED" in text and "up to 2 summary points" in text
    for r in base:
        assert r["temperature"] == 0.0 and r["seed"] == 0 and r["response_format"]["type"] == "json_schema"
        assert "MARKED" not in " ".join(m["content"] for m in r["messages"])


def test_bad_candidates_are_one_line_errors(tmp_path):
    suite = write_suite(tmp_path, "http://127.0.0.1:9/v1", n=2)
    bad = run_cli("eval", "run", str(suite), "--candidate", "x", "temprature=0.3")
    assert_clean_failure(bad, "unknown setting(s) temprature (allowed: ")
    assert bad.returncode == 2 and "temperature" in bad.stderr.decode()
    assert_clean_failure(run_cli("eval", "run", str(suite), "--candidate", "x", "seed=abc"), "seed=abc is not a number")
    assert_clean_failure(run_cli("eval", "run", str(suite), "--candidate", "x", "oops"), "'oops' is not KEY=VALUE")
    assert_clean_failure(run_cli("eval", "run", str(suite), "--candidate", "base", "seed=1"), "'base' is the suite's")
    (tmp_path / "gate.toml").write_text((tmp_path / "gate.toml").read_text() + '[candidates.y]\nmodle = "m"\n')
    assert_clean_failure(run_cli("eval", "run", str(suite)), "[candidates.y]: unknown setting(s) modle")


def test_paired_bootstrap_nests_seeds_and_power_formula():
    from briefer.evals import stats

    import random
    rng = random.Random(1)
    ref = {f"a{i}": [0.5 + 0.3 * rng.random()] for i in range(40)}
    shifted = {a: [v[0] - 0.1] for a, v in ref.items()}
    p = stats.paired(shifted, ref)
    assert p["delta"] == -0.1 and p["ci_low"] == p["ci_high"] == -0.1 and p["sd"] == 0.0  # paired: no article spread
    noisy = {a: [v[0] + rng.gauss(0, 0.1) for _ in range(3)] for a, v in ref.items()}
    one_seed = {a: v[:1] for a, v in noisy.items()}
    collapsed = {a: [sum(v) / 3] for a, v in noisy.items()}  # the same article means, seeds forgotten
    wide, flat = stats.paired(noisy, ref), stats.paired(collapsed, ref)
    assert wide["delta"] == flat["delta"] and wide["sd"] == flat["sd"] and wide["n"] == 40
    assert wide["ci_low"] < wide["delta"] < wide["ci_high"]
    # resampling the seeds inside each article adds their noise: the nested interval is wider
    assert wide["ci_high"] - wide["ci_low"] > 1.1 * (flat["ci_high"] - flat["ci_low"])
    assert stats.paired(one_seed, ref)["n"] == 40
    assert stats.detectable_drop(0.1, 25, 0.02) == round(2.801585 * 0.1 / 5, 4)
    assert stats.detectable_drop(0.01, 100, 0.02) == round(0.02 + 0.841621 * 0.001, 4)
    assert abs(stats.seed_sd({"a": [0.0, 1.0], "b": [1.0, 0.0]}) - (2 * 0.5 / 2) ** 0.5) < 1e-9


def test_candidates_from_the_suite_file(tmp_path):
    prompts = tmp_path / "alt-prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    (prompts / "abstractive.j2").write_text((prompts / "abstractive.j2").read_text().replace(
        "You are a careful news editor", "You are a MARKED news editor"))
    with FakeOpenAI(gate_reply) as fake:
        suite = write_suite(tmp_path, fake.base_url, n=3,
                            extra='[candidates.alt]\nseed = 5\nprompts_dir = "alt-prompts"\n')  # relative to the suite
        result = run_cli("eval", "run", str(suite), "--no-cache", "--json", str(tmp_path / "o.json"),
                         "--rows", str(tmp_path / "r.jsonl"))
        alt = [r for r in fake.requests if r.get("seed") == 5]
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads((tmp_path / "o.json").read_text())
    assert set(data["candidates"]) == {"base", "alt"} and set(data["comparisons"]) == {"alt"}
    assert data["settings"]["alt"]["prompts_dir"] == str(prompts.resolve()) and "api_key" not in data["settings"]["base"]
    assert len(alt) == 3 and all("MARKED" in json.dumps(r) for r in alt)
