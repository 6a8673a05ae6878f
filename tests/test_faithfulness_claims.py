"""Faithfulness that means something: nothing is faithful to an empty or non-text summary, a one-sentence
summary is judged as a claim, and the eval metric counts a brief's points its citations entail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

import briefer
from briefer.grounding import NOT_ENTAILED, brief_faithfulness
from briefer.evals.suite import score
from briefer.schemas import Brief, Document

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT.parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt").read_text()
NOT_TEXT = {"empty": "", "blank": " \n\t ", "200 KB of x": "x" * 200_000, "punctuation": "... -- !!! ???",
            "base64": "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBzdW1tYXJ5IGF0IGFsbA==" * 20}
TRUE_CLAIM = "Gallant met Austin."  # the article: "Defense Minister Yoav Gallant met with ... Lloyd Austin ..."
FALSE_CLAIM = "Austin met Haniyeh in Tehran."  # Haniyeh was in Tehran; Austin met Gallant


@pytest.mark.parametrize("checker", ["lexical", "entail"])
@pytest.mark.parametrize("name", sorted(NOT_TEXT))
def test_empty_or_non_text_summary_is_never_faithful(name, checker):
    verdict = briefer.check_faithfulness(SEED, NOT_TEXT[name], checker=checker)
    assert (verdict.label, verdict.score, verdict.method) == (0, 0.0, "none"), verdict
    assert verdict.reason


@pytest.mark.parametrize("summary", [None, 5, b"Gallant met Austin.", ["Gallant met Austin."]])
def test_a_summary_that_is_not_a_string_is_unfaithful_not_a_crash(summary):
    verdict = briefer.check_faithfulness(SEED, summary)
    assert verdict.label == 0 and verdict.reason.startswith("not text")


@pytest.mark.parametrize("checker", ["lexical", "entail"])
def test_one_sentence_summary_is_judged_by_the_claim_check(checker):
    true, false = (briefer.check_faithfulness(SEED, c, checker=checker) for c in (TRUE_CLAIM, FALSE_CLAIM))
    assert true.method == false.method == "claim"
    assert true.label == 1 and false.label == 0 and true.score > false.score
    assert any("not in the source" in r or "not entailed" in r for c in false.claims for r in c.reasons)


def test_score_pairs_never_calls_empty_or_x_faithful_and_accepts_a_true_claim(tmp_path):
    rows = [{"id": name, "document": SEED, "summary": text} for name, text in NOT_TEXT.items()]
    rows += [{"id": "true claim", "document": SEED, "summary": TRUE_CLAIM},
             {"id": "false claim", "document": SEED, "summary": FALSE_CLAIM},
             {"id": "number", "document": SEED, "summary": 42}]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for checker in ("lexical", "entail"):
        out = tmp_path / f"{checker}.jsonl"
        result = run_cli("eval", "score-pairs", str(pairs), "-o", str(out), "--checker", checker, "--explain")
        assert result.returncode == 0, result.stderr.decode()
        assert "pairs.jsonl:8: skipped: missing summary" in result.stderr.decode()  # a number is not a summary
        got = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
        assert set(got) == set(NOT_TEXT) | {"true claim", "false claim"}
        for name in NOT_TEXT:
            assert (got[name]["predicted_label"], got[name]["score"], got[name]["method"]) == (0, 0.0, "none")
        assert got["true claim"]["predicted_label"] == 1 and got["true claim"]["method"] == "claim"
        assert got["false claim"]["predicted_label"] == 0


def _brief(doc: str, points: list[tuple[str, str]], dropped: list[tuple[str, str]] = ()) -> Brief:
    """A brief whose points are (text, cited sentence of ``doc``)."""
    def ev(quote: str) -> list[dict]:
        start = doc.index(quote)
        return [{"quote": quote, "start": start, "end": start + len(quote)}]

    return Brief.model_validate({
        "title": "t", "source": {"title": "t"},
        "summary": [{"text": text, "evidence": ev(cited)} for text, cited in points],
        "key_actors": [], "open_questions": [],
        "grounding": {"rate": 1.0, "checked": len(points) + len(dropped), "repaired": 0,
                      "dropped": [{"kind": "point", "text": t, "reason": r} for t, r in dropped]},
        "usage": {},
    })


MET = "Defense Minister Yoav Gallant met with US Secretary of Defense Lloyd Austin at press time on Tuesday."
HANIYEH = ("He issued a statement noting that at the same time as his meeting, Hamas Chief Ismail Haniyeh was in "
           "Tehran meeting with the Iranian leadership.")


def test_brief_faithfulness_is_the_share_of_points_their_citations_entail():
    verbatim = _brief(SEED, [(MET, MET), (HANIYEH, HANIYEH)])
    assert brief_faithfulness(verbatim) == 1.0  # quoted points need no model
    mixed = _brief(SEED, [("Gallant met Austin on Tuesday.", MET), ("Austin met Haniyeh in Tehran.", HANIYEH)])
    assert brief_faithfulness(mixed) == 0.5
    # a point the pipeline already dropped for not being entailed counts against the brief; other drops do not
    dropped = _brief(SEED, [(MET, MET)], [("Gallant resigned.", f"{NOT_ENTAILED} (entailment 0.12)"),
                                          ("An actor.", "quote not found in the source")])
    assert brief_faithfulness(dropped) == 0.5
    assert brief_faithfulness(_brief(SEED, [])) == 0.0


def test_eval_metrics_carry_the_claim_faithfulness_beside_the_lexical_score():
    doc = Document(text=SEED, title="t")
    metrics = score(_brief(SEED, [("Gallant met Austin on Tuesday.", MET), ("Austin met Haniyeh in Tehran.", HANIYEH)]),
                    doc, [], {})
    assert metrics["faithfulness"] == 0.5
    assert 0.0 < metrics["faithfulness_lexical"] < 1.0
