"""The claim check the brief runs on model-written text: the shipped cross-encoder plus the names/numbers guard."""

from briefer import entail
from briefer.entail.text import novel_terms

EVIDENCE = "Defense Minister Yoav Gallant met with US Secretary of Defense Lloyd Austin at press time on Tuesday."


def test_a_faithful_short_claim_passes():
    score, label, _ = entail.check_claim(EVIDENCE, "Gallant met Austin.")
    assert label == 1 and score >= entail.model.CLAIM_THRESHOLD


def test_a_name_or_number_the_evidence_never_mentions_fails_whatever_the_model_says():
    for claim in ("Gallant met Haniyeh.", "Gallant met Austin on 12 March.", "Gallant met Austin in 2024."):
        score, label, details = entail.check_claim(EVIDENCE, claim)
        assert (score, label) == (0.0, 0) and details[0]["novel"], claim


def test_a_swapped_day_fails():
    assert entail.check_claim(EVIDENCE, "Gallant met Austin on Friday.")[1] == 0


def test_novel_terms_accepts_inflections_and_sentence_initial_words():
    assert novel_terms("Israel's defense minister met 1,200 troops.", "The minister is Israeli and met 1200 troops.") == []
    assert novel_terms("Talks went on.", "Negotiations resumed.") == []  # a first word is left to the model
    assert novel_terms(EVIDENCE, "Gallant met Austin and Blinken.") == ["Blinken"]
