"""The offline checker on errors that reuse the source's own words: each is caught and explained."""

from __future__ import annotations

import pytest

from briefer.grounding import check_faithfulness as check, default_threshold

SOURCE = (
    "The city council approved a budget of 42 million dollars on Tuesday. "
    "Mayor Anna Kovacs said the plan would not raise property taxes. "
    "Opposition leader Peter Hall criticized the cuts to public transport. "
    "The new library on Main Street will open in March, officials said. "
    "Construction of the stadium was delayed by two years after a funding dispute."
)
FAITHFUL = ("The city council approved a budget of 42 million dollars on Tuesday. "
            "Mayor Anna Kovacs said the plan would not raise property taxes.")
ERRORS = {
    "number": ("The city council approved a budget of 48 million dollars on Tuesday. "
               "Mayor Anna Kovacs said the plan would not raise property taxes.", "number 48 is not in the source"),
    "negation": ("The city council approved a budget of 42 million dollars on Tuesday. "
                 "Mayor Anna Kovacs said the plan would raise property taxes.", "negation differs"),
    "swapped name": ("The city council approved a budget of 42 million dollars on Tuesday. "
                     "Mayor Peter Hall said the plan would not raise property taxes.",
                     "not in or just before the supporting sentence"),
    "invented name": ("The city council approved a budget of 42 million dollars on Tuesday. "
                      "Mayor John Smith said the plan would not raise property taxes.", "'john' is not in the source"),
    "fused facts": ("The city council approved a budget of 42 million dollars on Tuesday. "
                    "The new library on Main Street was delayed by two years after a funding dispute.",
                    "joins phrases from different source sentences"),
}


def test_faithful_summary_passes_with_evidence_offsets():
    verdict = check(SOURCE, FAITHFUL)
    assert verdict.label == 1 and verdict.threshold == default_threshold()
    for claim in verdict.claims:
        assert claim.reasons == []
        ev = claim.evidence
        assert SOURCE[ev["start"] : ev["end"]] == ev["quote"] == claim.text  # copied sentence is its own support


@pytest.mark.parametrize("kind", list(ERRORS))
def test_error_reusing_source_words_is_explained_and_scored_lower(kind):
    summary, reason = ERRORS[kind]
    verdict = check(SOURCE, summary)
    reasons = [r for c in verdict.claims for r in c.reasons]
    assert any(reason in r for r in reasons), (kind, reasons)
    assert verdict.score < check(SOURCE, FAITHFUL).score


def test_number_error_flips_the_label():
    assert check(SOURCE, ERRORS["number"][0]).label == 0
