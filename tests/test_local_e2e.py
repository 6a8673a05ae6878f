"""End to end through the real embedded llama.cpp model (SmolLM2-135M), offline."""

from __future__ import annotations

import json

import jsonschema

from briefer.extraction import extract, read_path
from conftest import run_cli
from helpers import SEED_PEOPLE


def test_seed_article_on_the_embedded_model(seed_path, tmp_path):
    out = tmp_path / "brief.json"
    result = run_cli("summarize", str(seed_path), "--format", "json", "-o", str(out), "-v")
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "embedded SmolLM2-135M-Instruct" in err and "--base-url" in err  # says what runs, how to upgrade
    brief = json.loads(out.read_text())
    jsonschema.validate(brief, json.loads(run_cli("schema").stdout))
    text = extract(read_path(str(seed_path))).text
    raw = seed_path.read_text()
    quotes = [e for kind in ("summary", "key_actors", "open_questions") for item in brief[kind] for e in item["evidence"]]
    assert quotes
    for e in quotes:
        assert text[e["start"]:e["end"]] == e["quote"]
        assert e["quote"] in raw
    for actor in brief["key_actors"]:
        assert actor["name"] in raw
    blob = json.dumps(brief)
    assert "getElementById" not in blob and "Jerusalem Post Store" not in blob
    named = {a["name"] for a in brief["key_actors"]}
    assert len(named & set(SEED_PEOPLE)) >= 8, named
    assert brief["usage"]["calls"] >= 1 and brief["usage"]["prompt_tokens"] > 0
    # the model gets only the sentences that carry the candidates, not the article (v1 sent 1230 tokens)
    assert brief["usage"]["prompt_tokens"] < 0.7 * brief["source"]["tokens"], brief["usage"]
    assert brief["usage"]["model"].startswith("SmolLM2-135M")

    again = run_cli("summarize", str(seed_path), "--format", "json")  # same request → on-disk cache
    assert json.loads(again.stdout)["usage"]["cached_calls"] >= 1
