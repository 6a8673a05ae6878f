"""The role beside an actor is a role of that one person (``pipeline._roles.clean_role``): not a
clause, a repeat, junk words, a plural or a cut word. Each case is a sentence of an ECB+ dev article
(CC BY 3.0, ../shared/data/clustering/ecbplus-dev) or of the seed article; each failed before the
role rules, and every role's span still slices the source to the role text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.pipeline import find_people

ECB = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev" / "articles"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt"


def roles(text: str) -> dict[str, str]:
    people = find_people(text)
    for p in people:
        if p.role:  # the role is an exact span of the source (a lowercased label such as "passenger" aside)
            assert text[p.role_span[0]:p.role_span[1]].lower() == p.role.lower(), (p.name, p.role)
    return {p.name: p.role for p in people}


@pytest.mark.parametrize("text, name, role", [
    # a clause before the name: what follows its verb, subordinator or preposition is the role
    ("Anyhow, THR is saying that director Gary Ross is in talks to return. Gary Ross said nothing.",
     "Gary Ross", "director"),
    ("She met police officer Jerry Tibbs in 1950. Tibbs later left.", "Jerry Tibbs", "police officer"),
    ("The rule marks yet another reversal of former president George W. Bush and his team.",
     "George W. Bush", "former president"),
    ("He had become a rival of the party, which was loyal to former president Saparmurat Niyazov until he died.",
     "Saparmurat Niyazov", "former president"),
    # the same words twice in a row (a photo caption glued to the text)
    ("Courtesy of The Woodburn IndependentScott Russell, Woodburn Police Chief Woodburn Police Chief Scott Russell "
     "received the call.", "Scott Russell", "Woodburn Police Chief"),
    # junk words before the role: a condolence, a verb of saying, a conjunction
    ("RIP LA County Sheriff Deputy Jerry Ortiz, who was killed on duty.", "Jerry Ortiz", "LA County Sheriff Deputy"),
    ('"We are saddened," said Academy spokeswoman Leslie Unger. Unger added more.', "Leslie Unger", "Academy spokeswoman"),
    ("Smith praised the plan, and the interior secretary Ken Salazar agreed.", "Ken Salazar", "interior secretary"),
    # a title that names its office after "of the" is whole, not its last word
    ('"It is a good rule," said Secretary of the Interior Dirk Kempthorne.', "Dirk Kempthorne", "Secretary of the Interior"),
    # a possessive cut at its apostrophe (ECB+ spaces it): "s lawyer" is no role
    ("It came after a court hearing where Lohan ’ s lawyer Mark Heller said she would go.", "Mark Heller", "lawyer"),
    # ... and one with a typographic apostrophe, as news pages write it (three of 21 briefs read in
    # "Pages read, 2026-12-08" showed "s incumbent president", "s deputy leader", "s former chairman")
    ("Beijing is wary of Taiwan’s incumbent president, Tsai Ing-wen, who leads the polls.", "Tsai Ing-wen",
     "incumbent president"),
    ("Anas Haqqani is the younger brother of the Taliban’s deputy leader, Sirajuddin Haqqani. Haqqani spoke.",
     "Sirajuddin Haqqani", "deputy leader"),
    # a plural given to one person: the singular, without the counting words
    ("Netanyahu canceled a visit by two of his most senior aides, Tzahi Hanegbi and Ron Demer, who were due.",
     "Tzahi Hanegbi", "senior aide"),
    ("Bill Condon, the new producers of the televised show, said the host was picked.", "Bill Condon", "new producer"),
])
def test_role_is_a_role_of_that_person(text, name, role):
    assert roles(text).get(name) == role


def test_a_role_noun_inside_a_word_is_no_role():
    """"Agnes Moorhead, Thelma Ritter": "head" ends "Moorhead", not a role; with no role and one
    mention Thelma Ritter is not listed, as any once-named run without a role."""
    text = ("The cast included Henry Fonda, Alan Alda, Claudette Colbert, Fredric March, Agnes Moorhead, "
            "Thelma Ritter, Fred Astaire and Charlton Heston.")
    assert "head" not in roles(text).values()


def test_a_role_after_the_name_must_name_a_person():
    """"Mark Teixeira, the trade rumor being reported" is a clause about a thing: no role is shown
    (he stays listed: named twice, with a given name); "Bettie Page, a woman known only for her
    sexuality" keeps its role."""
    text = ("There is talk about Mark Teixeira, the trade rumor being reported today. Mark Teixeira has not signed. "
            "So here was Bettie Page, a woman known only for her sexuality, who had been abused.")
    got = roles(text)
    assert got["Mark Teixeira"] == ""
    assert got["Bettie Page"] == "woman known only for her sexuality"


def test_a_thing_stays_dropped_when_its_role_is_cleaned():
    """"Bandar Abbas, a major port": the role says it is a place, so ``find_people`` drops the run;
    cleaning the role (a port is no person) must not bring it back as a role-less name."""
    text = ("There were reports of people fleeing buildings in the larger city of Bandar Abbas, a major port, "
            "but no damage. Bandar Abbas was calm later.")
    assert "Bandar Abbas" not in roles(text)


@pytest.mark.parametrize("article, name, role", [
    ("a0197983df0", "Scott Russell", "Woodburn Police Chief"),
    ("a03d542d456", "Dirk Kempthorne", "Secretary of the Interior"),
    ("a172d78627a", "Jerry Ortiz", "LA County Sheriff Deputy"),
    ("a861df42698", "Jerry Tibbs", "police officer"),
])
def test_ecb_articles_show_clean_roles(article, name, role):
    """The whole article, as the daily brief reads it; every role there slices the source."""
    assert roles((ECB / f"{article}.txt").read_text(encoding="utf-8"))[name] == role


def test_seed_article_gives_hanegbi_one_aides_role():
    got = roles(SEED.read_text(encoding="utf-8"))
    assert got["Tzahi Hanegbi"] == "senior aide" and got["Yoav Gallant"] == "Defense Minister"


@pytest.mark.parametrize("text", [
    # Multi-News: "president" alone made two candidates presidents
    "Two Republican senators who are running or considering running for president, Ted Cruz and Rand Paul, voted "
    "against the plan. Cruz said the plan spent too much, and Paul agreed with Cruz.",
    "The party's candidate for mayor, Ted Cruz, voted against the plan. Cruz said it spent too much.",
])
def test_a_post_sought_is_no_role(text):
    found = roles(text)
    assert "Ted Cruz" in found and found["Ted Cruz"] == ""


def test_a_post_held_after_for_stays_a_role():
    text = "Voters turned out for President Barack Obama in Ohio. Obama thanked them."
    assert roles(text)["Barack Obama"] == "President"
