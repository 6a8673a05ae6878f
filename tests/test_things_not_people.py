"""Runs that name a thing by how the sentence uses them (issue 32, item 4, eleventh session).

Two general cues, each from grammar rather than from a list of names: "the" opens a whole list
("the Boston Red Sox, Baltimore Orioles and Washington Nationals": every member is a team, as the
first is), and a run between "the" and a lowercase noun is a modifier of a thing ("the old Mat
Maid building"). Texts from the ECB+ dev articles, cut to what the rule reads. Each case fails on
the people finder before this session.
"""

from __future__ import annotations

from briefer.pipeline import find_people


def names(text: str) -> list[str]:
    return [p.name for p in find_people(text)]


def test_the_opens_a_list_of_teams():
    text = ("Three other teams in the Teixeira sweepstakes -- the Boston Red Sox, Baltimore Orioles and "
            "Washington Nationals -- have offered more. The Boston Red Sox and Baltimore Orioles have offers "
            "on the table. Washington Nationals officials declined to comment. Mark Teixeira met Scott "
            "Boras. Mark Teixeira said he would decide soon.")
    got = names(text)
    assert "Baltimore Orioles" not in got and "Washington Nationals" not in got
    assert "Mark Teixeira" in got


def test_a_list_after_a_title_is_still_people():
    text = ("The march was led by the Rev. Jesse Jackson and Peter Roberts, who spoke at the rally. "
            "Later Peter Roberts said the crowd was calm, and Peter Roberts thanked the police.")
    assert "Peter Roberts" in names(text)


def test_a_run_between_the_and_a_noun_is_a_thing():
    text = ("Fire destroyed the old Mat Maid building in Palmer. The Mat Maid building dated back to the "
            "1930s. Firemen were hosing down the rubble of the historic Mat Maid warehouse, and Mat Maid "
            "was faltering by the mid-1980s.")
    assert "Mat Maid" not in names(text)


def test_one_modifier_use_of_two_keeps_a_person():
    text = ("The Angels are out of the Mark Teixeira derby, the team said. The Red Sox made an offer to "
            "Mark Teixeira on Thursday.")
    assert "Mark Teixeira" in names(text)


def test_a_verb_after_the_run_keeps_a_person():
    text = ("The embattled Gary Lindsey said he would stay. Critics of the embattled Gary Lindsey "
            "told reporters he had to go.")
    assert "Gary Lindsey" in names(text)
