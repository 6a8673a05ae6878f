"""The claim check the brief runs on model-written text: the shipped cross-encoder plus the names/numbers guard."""

from briefer import grounding
from briefer.grounding import novel_terms

EVIDENCE = "Defense Minister Yoav Gallant met with US Secretary of Defense Lloyd Austin at press time on Tuesday."


def test_a_faithful_short_claim_passes():
    score, label, _ = grounding.check_claim(EVIDENCE, "Gallant met Austin.")
    assert label == 1 and score >= grounding.CLAIM_THRESHOLD


def test_a_name_or_number_the_evidence_never_mentions_fails_whatever_the_model_says():
    for claim in ("Gallant met Haniyeh.", "Gallant met Austin on 12 March.", "Gallant met Austin in 2024."):
        score, label, details = grounding.check_claim(EVIDENCE, claim)
        assert (score, label) == (0.0, 0) and details[0]["novel"], claim


def test_a_swapped_day_fails():
    assert grounding.check_claim(EVIDENCE, "Gallant met Austin on Friday.")[1] == 0


def test_novel_terms_accepts_inflections_and_sentence_initial_words():
    assert novel_terms("Israel's defense minister met 1,200 troops.", "The minister is Israeli and met 1200 troops.") == []
    assert novel_terms("Talks went on.", "Negotiations resumed.") == []  # a first word is left to the model
    assert novel_terms(EVIDENCE, "Gallant met Austin and Blinken.") == ["Blinken"]
    # a name inside a hyphenated evidence word is in the evidence ("AK" of "AK-47"); absent, it is novel
    assert novel_terms("Police found two AK-47 rifles in the car.", "Officers seized two AK-47 Rifles.") == []
    assert novel_terms("Police found two rifles in the car.", "Officers seized two AK Rifles.") == ["AK"]


def test_the_training_machines_judge_scores_exactly_what_the_shipped_checker_scores():
    """eval/checker/dump_eval.py + judge_scores.py pick trained weights on a GPU from token ids alone; if they drifted
    from ``grounding.score_summaries`` / ``check_claim``, a round would be chosen on a checker briefer does not run."""
    import sys
    from pathlib import Path

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval" / "checker"))
    from dump_eval import dump
    from judge_scores import item_scores

    doc = (EVIDENCE + " Austin urged Israel to protect civilians in Gaza. The two men spoke for an hour. "
           "Gallant flew home on Wednesday.")
    rows = [("frank-valid-cnndm", doc, "Gallant met Austin on Tuesday. They spoke for an hour.", 1, "s"),
            ("frank-valid-bbc", doc, "Austin urged Israel to leave Gaza.", 0, "s"),
            ("frank-valid-cnndm", doc, "", 0, "s"),
            ("claims-dev", doc, "Gallant met Austin.", 1, "c"),
            ("claims-dev", doc, "Gallant met Haniyeh.", 0, "c"),
            ("claims-dev", doc, "Gallant flew home on Tuesday.", 0, "c")]
    z = dump(rows)
    lengths = np.diff(z["offs"])
    emb_ids = [z["ids"][a:b].astype(np.int64) for a, b in zip(z["offs"][:-1], z["offs"][1:])]
    tok, emb, session, _ = grounding.checker_session()
    probs = np.array([session.run(None, {"emb": emb[ids][None], "types": (np.arange(n) >= p).astype(np.int64)[None],
                                          "mask": np.ones((1, n), np.int64)})[0][0]
                      for ids, n, p in zip(emb_ids, lengths, z["nprem"])])
    summary, claim = item_scores(z, probs, grounding.SUMMARY_ENTAIL_WEIGHT)
    shipped = grounding.score_summaries([r[1] for r in rows[:3]], [r[2] for r in rows[:3]])
    assert np.allclose(summary[:3], shipped, atol=1e-4) and shipped[2] == 0.0
    claims = [grounding.check_claim(r[1], r[2])[0] for r in rows[3:]]
    assert np.allclose(claim[3:], claims, atol=1e-3) and claims[1] == 0.0
    assert claim[3] > claim[5]  # the swapped day scores lower: the test can tell a real score from a constant


def test_score_pairs_is_the_models_probability_without_the_guard():
    """``score_pairs``: the cross-encoder's P(entailed) alone, which ``bench/paraphrase_judges.py`` measures as a
    judge of restated story points. Two outlets' sentences of one fact (ECB+ dev, labelled one fact in
    bench/data/fact_pairs.jsonl, the claim given the warship's name): the guard zeroes the claim ("Sunayna" is
    nowhere in the evidence), the model alone calls it entailed, and not the other way round (the claim has
    details the evidence lacks)."""
    claim = ("In their five operations so far, the personnel on board the warship INS Sunayna have confiscated 14 "
             "AK-47 Rifles, 31 magazines and 923 rounds of ammunition")
    evidence = ("The Navy confiscated 14 AK-47 rifles, 31 magazines and 923 rounds from the boat along with grapnels, "
                "ladders and rope-handling gloves")
    assert grounding.check_claim(evidence, claim)[0] == 0.0
    assert grounding.check_claim(evidence, claim.replace(" INS Sunayna", ""))[0] >= 0.8  # "AK" of "AK-47" is no novel name
    forward, backward = grounding.score_pairs([evidence, claim], [claim, evidence])
    assert forward >= 0.8 and backward < 0.5
