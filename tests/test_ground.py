from __future__ import annotations

from briefer.grounding import NormText, check_actor, check_evidence, check_point, check_question, numbers
from briefer.schemas import Actor, Evidence, OpenQuestion, SummaryPoint

SRC = "Minister Jane Roe said “the deal is done.”\nShe added that  70 hostages and 60 remains were held."


def ev(quote: str) -> Evidence:
    i = SRC.find(quote)
    return Evidence(quote=quote, start=i, end=i + len(quote))


def test_exact_quote_passes_and_normalizes_quotes_and_space():
    src = NormText(SRC)
    assert check_evidence(ev("Jane Roe"), src).reason is None
    e = Evidence(quote='said "the deal is done."', start=SRC.find("said"), end=SRC.find("\n"))
    assert check_evidence(e, src).reason is None
    e = Evidence(quote="that 70 hostages", start=SRC.find("that"), end=SRC.find(" hostages") + 9)
    assert check_evidence(e, src).reason is None


def test_wrong_offsets_are_repaired_missing_quote_fails():
    src = NormText(SRC)
    e = Evidence(quote="60 remains", start=0, end=10)
    result = check_evidence(e, src)
    assert result.repaired and SRC[e.start:e.end] == "60 remains"
    assert "not found" in check_evidence(Evidence(quote="80 remains", start=0, end=10), src).reason


def test_numbers_must_be_in_evidence():
    src = NormText(SRC)
    good = SummaryPoint(text="Roe said 70 hostages are held.", evidence=[ev("70 hostages and 60 remains")])
    bad = SummaryPoint(text="Roe said 75 hostages are held.", evidence=[ev("70 hostages and 60 remains")])
    assert check_point(good, src).reason is None
    assert "75" in check_point(bad, src).reason
    assert numbers("about 1,000 people and 3.5% on 12 May.") == {"1000", "3.5", "12"}


def test_invented_names_fail():
    src = NormText(SRC)
    p = SummaryPoint(text="Prime Minister Haniyeh said the deal is done.", evidence=[ev("the deal is done.")])
    assert "Haniyeh" in check_point(p, src).reason
    assert check_actor(Actor(name="Jane Roe", role="Minister", evidence=[ev("Minister Jane Roe")]), src).reason is None
    assert "not in the source" in check_actor(Actor(name="John Roe", role="Minister", evidence=[ev("Jane Roe")]), src).reason
    q = OpenQuestion(question="Will Smith release the 70 hostages?", why="x", evidence=[ev("70 hostages")])
    assert "Smith" in check_question(q, src).reason
