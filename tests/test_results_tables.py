"""Results tables and rankings: the clubs, cars and teams on them are no actors, the people are
(issue 32, item 4, tenth pass).

Sports pages list competitors with what they drive or play for, and results with their scorers.
A run right after a bracket on such a line is the other column (the car after the driver's country,
the other side after a scorer's minute), a side followed by a score is a team, also when a line
runs several results together after full stops or puts a country in brackets after each club.
The examples follow the shapes of Reuters results pages (CoNLL-2003's training split, dev half).
"""

from __future__ import annotations

import pytest

from briefer.extraction import RawSource, extract
from briefer.pipeline import find_people


def names(text: str) -> list[str]:
    return [p.name for p in find_people(text)]


RALLY = ("Leading positions in the rally which ended on Monday:\n"
         "1. Tommi Makinen (Finland) Mitsubishi Lancer 4 hours 4 minutes\n"
         "2. Juha Kankkunen (Finland) Toyota Celica 46 seconds behind\n"
         "3. Jarmo Kytolehto (Finland) Ford Escort 2:37\n"
         "4. Marcus Gronholm (Finland) Toyota Celica 2:42\n"
         "5. Kenneth Eriksson (Sweden) Subaru Impreza 3:22\n"
         "6. Sebastian Lindholm (Finland) Ford Escort 5:17\n"
         "8. Lasse Lampi (Finland) Mitsubishi Lancer 12:01\n"
         "Tommi Makinen leads the championship.")

DUTCH = ("Played on Saturday:\n"
         "Willem II Tilburg 0 Fortuna Sittard 1 (Hamming 65th). Halftime\n"
         "0-0. Attendance 7,250. NAC Breda 1 (Arnold 70th) Sparta Rotterdam 0. Halftime 0-0. Attendance 11,500.\n"
         "Played on Sunday:\n"
         "Vitesse Arnhem 2 (Vierklau 85th) Utrecht 1. Halftime 0-0. Attendance 6,150. Volendam 1 (Jongsma 85th) "
         "Sparta Rotterdam 3. Halftime 0-1. Attendance 6,000.")

CUP = ("Cup Winners' Cup, preliminary round, second leg:\n"
       "Gloria Bistrita (Romania) beat 2-1 (halftime 1-1) Valletta (Malta). Scorers:\n"
       "Gloria Bistrita - Ilie Lazar (32nd), Eugen Voica (84th)\n"
       "Attendance: 8,000\n"
       "In Sofia: Levski Sofia (Bulgaria) 1 Olimpija (Slovenia) 0\n"
       "Levski Sofia (Bulgaria) qualified 3-1 on aggregate.")

AFL = ("Results of Australian Rules matches played on Saturday:\n"
       "Carlton 13.18 (96) Footscray 9.12 (66)\n"
       "St Kilda 9. 9 (63) Hawthorn 12. 8 (80)\n"
       "Played on Sunday:\n"
       "Brisbane 10.11 (71) St Kilda 10.10 (70)")


@pytest.mark.parametrize("text, person, things", [
    (RALLY, "Tommi Makinen", ["Mitsubishi Lancer", "Toyota Celica", "Ford Escort", "Subaru Impreza"]),
    (DUTCH, None, ["Sparta Rotterdam", "Vitesse Arnhem"]),
    (CUP, None, ["Gloria Bistrita", "Levski Sofia"]),
    (AFL, None, ["St Kilda"]),
])
def test_what_a_results_or_rankings_line_names_after_a_bracket_or_before_a_score_is_no_actor(text, person, things):
    found = names(text)
    for thing in things:
        assert thing not in found, found
    if person:
        assert person in found, found


def test_a_basketball_score_makes_both_sides_teams_but_a_badminton_score_does_not():
    text = ("Philippine Basketball Association results on Sunday:\n"
            "Alaska Milk beat Purefoods Hotdogs 103-95 (34-48 half-time)\n"
            "Ginebra San Miguel beat Purefoods Hotdogs 120-103 (65-56)\n"
            "Badminton: Peter Gade beat Poul-Erik Hoyer-Larsen 15-10 15-5. Peter Gade meets Hoyer-Larsen again.")
    found = names(text)
    assert "Purefoods Hotdogs" not in found, found
    assert "Peter Gade" in found, found


def test_people_on_results_and_rankings_lines_stay():
    """A player in brackets' company: "beat 1 - Michael Chang (U.S.) 6-4" has a seed, not a score,
    after "beat"; a squad list with a comma missing ("Ramon Vega (Cagliari) Raphael Wicky (Sion)")
    has a bracket after the name too; a sprinter's line has a time and no second column."""
    text = ("Men's singles, first round:\n"
            "Karol Kucera (Slovakia) beat 1 - Michael Chang (U.S.) 6-4 6-4\n"
            "Michael Chang (U.S.) lost in the first round for the first time.\n"
            "Karol Kucera (Slovakia) beat Jonas Bjorkman (Sweden) 6-2 5-7 7-6\n"
            "Squad: Ramon Vega (Cagliari) Raphael Wicky (Sion), Murat Yakin (Grasshoppers).\n"
            "Raphael Wicky (Sion) is injured.\n"
            "Men's 100 metres:\n1. Osmond Ezinwa (Nigeria) 10.13 seconds\n2. Davidson Ezinwa (Nigeria) 10.18\n"
            "Osmond Ezinwa won again.")
    found = names(text)
    assert {"Karol Kucera", "Michael Chang", "Raphael Wicky", "Osmond Ezinwa"} <= set(found), found


def test_a_row_of_rates_or_a_tables_heading_is_no_actor_but_a_players_figures_are():
    """A percent or a signed change on a line with no word names a market series ("Gen'l
    Obligation"); a label before a colon that ends its line is a heading ("Balance Sheet Data:");
    a batting average's row has neither, so the batsman stays."""
    text = ("Balance Sheet Data:\nWorking Capital $5,755 ($881)\nBalance Sheet Data:\nTotal Assets 14,196 7,100\n"
            "Software Revenue 2,383 1,558 1,086 1,074\nSoftware Revenue 1,154 692 624 465\n"
            "Municipal bond yields, week ending August 30:\n"
            "10 Year A-rated Gen'l Obligation 4.90% 4.90% -----\n"
            "15 Year A-rated Gen'l Obligation 5.40% 5.35% +0.05\n"
            "Batting averages:\n"
            "Saeed Anwar 3 6 0 362 176 60.33\n"
            "Ijaz Ahmed 3 6 1 344 141 68.80\n"
            "Saeed Anwar scored 176 at The Oval.")
    found = names(text)
    assert not {"Gen'l Obligation", "Balance Sheet Data", "Software Revenue"} & set(found), found
    assert "Saeed Anwar" in found, found


@pytest.mark.parametrize("text, person, thing", [
    # a compass point's initial before a country: a headline's abbreviation, not an initial
    ("S. Korea buys wheat. SEOUL 1996-08-29\nS. Korea bought 50,000 tonnes, trader Kim Young-sam said. "
     "Kim Young-sam expects more.", "Kim Young-sam", "S. Korea"),
    # an industry or a broadcaster as the last word: a firm, not a surname
    ("Port conditions from Lloyds Shipping Intelligence Service. Lloyds Shipping said the port of Lattakia "
     "was open, Wasim Rajput told reporters. Wasim Rajput is an agent.", "Wasim Rajput", "Lloyds Shipping"),
    ("The talks were put off, official Kabul Radio said on Sunday. Kabul Radio said Hekmatyar Gulbuddin "
     "would attend. Hekmatyar Gulbuddin did not.", "Hekmatyar Gulbuddin", "Kabul Radio"),
    # a wildfire named after its place, an examiner's title (ECB+ dev)
    ("Palmer Fire grows to 200 acres. Crews fought Palmer Fire overnight, Medical Examiner Wasim Rajput said. "
     "Wasim Rajput warned of smoke.", "Wasim Rajput", "Palmer Fire"),
    # a news agency glued to the first name of the next clause ("told Tass Naina was")
    ("Doctor Sergei Mironov told Tass Naina was in contact with her husband. Mironov told Tass Naina was calm.",
     "Sergei Mironov", "Tass Naina"),
    # a headline's firm that the story names in full with its legal ending ("Guinness Peat Group Plc")
    ("Guinness Peat expects strong year. SYDNEY 1996-08-28\nInvestment company Guinness Peat Group Plc said "
     "profit would rise, chairman Ron Brierley said. Guinness Peat shares rose. Ron Brierley smiled.",
     "Ron Brierley", "Guinness Peat"),
    # a site named after a person (GUM: "Florence Place", "Fairway Market")
    ("Florence Place is busy at noon. Florence Place sells drinks, Nadia Kamal said. Nadia Kamal lives nearby.",
     "Nadia Kamal", "Florence Place"),
])
def test_a_compass_initial_or_a_firms_or_events_word_makes_no_person(text, person, thing):
    found = names(text)
    assert thing not in found, found
    assert person in found, found


def test_an_html_tables_rows_as_the_extractor_writes_them_are_results_too():
    """A real page's results come as an HTML table, which the extractor writes as "| Levski Sofia |
    2 | Lokomotiv Plovdiv | 1 |": the cell bars are read as the spaces of a wire's results line."""
    intro = ("<p>Results of Bulgarian first division matches played on Saturday, with the standings after the "
             "fifth round of the season, are given below, as supplied by the league's office in the capital.</p>")
    rows = ("<table><tr><td>Levski Sofia</td><td>2</td><td>Lokomotiv Plovdiv</td><td>1</td></tr>"
            "<tr><td>Chemlon Humenne</td><td>0</td><td>Spartak Varna</td><td>0</td></tr></table>"
            "<table><tr><td>Chemlon Humenne</td><td>5</td><td>4</td><td>1</td><td>0</td><td>12</td><td>3</td>"
            "<td>13</td></tr><tr><td>Lokomotiv Plovdiv</td><td>5</td><td>3</td><td>1</td><td>1</td><td>9</td>"
            "<td>5</td><td>10</td></tr></table>")
    coach = ("<p>Levski Sofia's coach Dimitar Dimitrov said the team played well. Dimitar Dimitrov was pleased with "
             "the second half of the match against the champions, and said the title race was open.</p>")
    html = f"<html><body><article><h1>Bulgarian league results</h1>{intro}{rows}{coach}</article></body></html>"
    doc = extract(RawSource(data=html.encode(), kind="html"))
    assert "| Chemlon Humenne | 0 |" in doc.text  # the extractor's table rows, as this test reads them
    found = names(doc.text)
    assert not {"Levski Sofia", "Lokomotiv Plovdiv", "Chemlon Humenne"} & set(found), found
    assert "Dimitar Dimitrov" in found, found
