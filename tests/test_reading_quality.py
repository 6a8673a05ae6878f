"""Reading quality of a story: a title is never a point, roles keep their abbreviations, the story's
title is its most representative headline."""

from __future__ import annotations

import pytest

from briefer.pipeline import find_people
from briefer.sentences import ends_sentence
from briefer.daily.stories import _story, build_stories, representative_title
from briefer.extraction import extract, RawSource, read_path
from briefer.pipeline import Session
from helpers import article_html
from daily_common import entry as _entry
from briefer.sentences import split_sentences
from test_summarize import draft, settings

RULING = """Federal judge blocks Texas law that lets police arrest migrants
U.S. District Judge Robert Pitman blocked a Texas law on Thursday that would have let state police arrest migrants suspected of crossing the border illegally.
The law, signed by Gov. Greg Abbott in December, was due to take effect on March 5 and had been challenged by the Justice Department.
Pitman wrote that the law conflicted with the federal government's powers over immigration and could not be enforced while the case went on.
Abbott said the state would appeal the ruling to the Fifth Circuit in New Orleans, and Pitman's order was expected to be challenged within days.
Civil rights groups that joined the lawsuit said the ruling protected families across the state from being detained by local officers."""


@pytest.mark.parametrize("text, name, role", [
    ("U.S. District Judge Robert Pitman ruled on Tuesday. Pitman said the law was void.", "Robert Pitman", "U.S. District Judge"),
    ("The St. Louis mayor Tishaura Jones spoke on Monday. Jones said yes.", "Tishaura Jones", "St. Louis mayor"),
    ("Dr. Anthony Fauci, the U.S. government's top infectious disease expert, spoke. Fauci left.", "Anthony Fauci",
     "U.S. government's top infectious disease expert"),
    ("Lt. Gov. Dan Patrick agreed on Friday. Patrick said so.", "Dan Patrick", "Lt. Gov."),
    ("U.S. President Joe Biden spoke. Biden left.", "Joe Biden", "U.S. President"),
    ("Ambassador to the U.N. Linda Thomas-Greenfield spoke. Thomas-Greenfield said no.", "Linda Thomas-Greenfield", ""),
    ("Jane Doe, a St. Louis lawyer, said the ruling was wrong. Doe will appeal.", "Jane Doe", "St. Louis lawyer"),
])
def test_roles_are_not_cut_at_abbreviations(text, name, role):
    """"Robert Pitman — S. District Judge" came from "U.S. District Judge": an abbreviation's period is
    neither a sentence end (where a role's clause would begin) nor a name's first word."""
    people = {p.name: p.role for p in find_people(text)}
    assert people.get(name) == role, people


def test_one_sentence_end_rule_for_the_splitter_and_the_roles():
    text = "U.S. District Judge Robert Pitman ruled. He left."
    assert not ends_sentence(text, text.index(".")) and not ends_sentence(text, text.index(".", 2))
    assert ends_sentence(text, text.index("ruled.") + 5)


def test_a_txt_headline_is_the_title_never_a_point_and_the_judge_keeps_his_role(fake, tmp_path):
    """The first line of a .txt is its title; the extractive brief used to open with it as its first point."""
    path = tmp_path / "ruling.txt"
    path.write_text(RULING)
    doc = extract(read_path(str(path)))
    assert doc.title == RULING.split("\n")[0]
    with Session(settings(fake, tmp_path, strategy="extractive"), load_model=False) as session:
        brief = session.summarize_document(doc)
    assert brief.summary and all(doc.title not in p.text for p in brief.summary)
    assert brief.summary[0].text.startswith("U.S. District Judge Robert Pitman blocked")
    judge = next(a for a in brief.key_actors if a.name == "Robert Pitman")
    assert judge.role == "U.S. District Judge"


def test_a_model_that_writes_the_title_as_a_point_does_not_get_it_shown(fake, tmp_path):
    """Abstractive: the model may copy the headline as a point; it is grounded (the line is in the
    text), yet still the title, so it is not one of the brief's points."""
    path = tmp_path / "ruling.txt"
    path.write_text(RULING)
    doc = extract(read_path(str(path)))
    sents = split_sentences(doc.text)
    fake.script(draft([{"text": doc.title, "sentences": [0]},
                       {"text": "Judge Robert Pitman blocked the Texas law on Thursday.", "sentences": [1]}]))
    with Session(settings(fake, tmp_path, strategy="abstractive"), load_model=False) as session:
        brief = session.summarize_document(doc)
    assert sents[0].text == doc.title
    assert [p.text for p in brief.summary] == ["Judge Robert Pitman blocked the Texas law on Thursday."]


def test_an_html_h1_is_the_title_even_when_the_metadata_title_differs():
    """og:title "Texas law blocked" and <h1> "Federal judge blocks ...": the <h1> is a headline too,
    not the article's first paragraph (and so never its first point)."""
    body = RULING.split("\n", 1)[1]
    page = article_html(body, RULING.split("\n")[0]).replace(
        '<meta charset="utf-8">', '<meta charset="utf-8"><meta property="og:title" content="Texas law blocked">')
    doc = extract(RawSource(page.encode(), "html", url="https://example.com/ruling"))
    assert doc.title == "Texas law blocked"
    assert doc.text.startswith("U.S. District Judge Robert Pitman") and "Federal judge blocks" not in doc.text


def test_a_stored_brief_whose_point_is_its_title_does_not_show_it_in_the_story():
    title = "Federal judge blocks Texas law that lets police arrest migrants"
    entry = _entry(1, title, [title, "U.S. District Judge Robert Pitman blocked a Texas law on Thursday."],
                   [("Robert Pitman", "U.S. District Judge")], "apnews.com")
    story = build_stories([entry])[0]
    assert [p.text for p in story.points] == ["U.S. District Judge Robert Pitman blocked a Texas law on Thursday."]


def test_the_story_title_is_its_most_representative_headline():
    """The lead article (most points) has a columnist's headline; the story is the one the others report."""
    law = "U.S. District Judge Robert Pitman blocked the Texas immigration law on Thursday."
    entries = [
        _entry(1, "Opinion: what a weekend in Austin taught me", [law, "The ruling surprised many in the capital.",
                                                                 "Abbott said the state would appeal."],
               [("Robert Pitman", "judge")], "blog.example"),
        _entry(2, "Judge blocks Texas immigration law", [law], [("Robert Pitman", "judge")], "apnews.com"),
        _entry(3, "Texas immigration law blocked by federal judge", [law, "Abbott said the state would appeal."],
               [("Greg Abbott", "governor")], "reuters.com"),
    ]
    story = _story(entries)  # grouped by hand: this is not a test of the clustering
    assert story.articles[0] == "a1"  # the lead article is the opinion piece
    assert story.title in ("Judge blocks Texas immigration law", "Texas immigration law blocked by federal judge")
    assert representative_title([entries[0]]) == entries[0].title  # alone, an article's own title stands


JEWELS = """9 September 2013, 14:08

Paris thieves ram 4x4 into jewellery shop

Jewellery and watches worth £1.7m have been stolen during a heist in an upmarket central Paris shop. Four men drove a 4x4 through the front window of the store on Rue de Castiglione, before making off with the jewellery and watches.
They then set fire to the vehicle before fleeing in another car, police said."""


def test_a_dateline_line_is_never_an_articles_title(fake, tmp_path):
    """ECB+'s "9 September 2013, 14:08" heads some articles: the daily brief listed them by it. Over a
    headline line the headline is the title; over a paragraph the brief's title is its first sentence."""
    path = tmp_path / "jewels.txt"
    path.write_text(JEWELS)
    assert extract(read_path(str(path))).title == "Paris thieves ram 4x4 into jewellery shop"
    path.write_text(JEWELS.replace("Paris thieves ram 4x4 into jewellery shop\n\n", ""))
    doc = extract(read_path(str(path)))
    assert doc.title is None
    with Session(settings(fake, tmp_path, strategy="extractive"), load_model=False) as session:
        brief = session.summarize_document(doc)
    assert brief.title.startswith("Jewellery and watches worth") and "2013" not in brief.title


def test_a_story_is_titled_by_a_members_headline_before_a_members_first_words():
    law = "U.S. District Judge Robert Pitman blocked the Texas immigration law on Thursday."
    untitled = _entry(1, "U.S. District Judge Robert Pitman blocked the Texas immigration law…", [law], [], "a.example")
    untitled.brief.source.title = None  # a text file without a headline line: titled by its first words
    headed = _entry(2, "Judge blocks Texas law on migrants", [law], [], "apnews.com")
    assert representative_title([untitled, headed]) == "Judge blocks Texas law on migrants"
    assert representative_title([untitled, untitled]) == untitled.title  # none headed: as before


@pytest.mark.parametrize("first, title", [
    ("Two possible gang members are under arrest for the assassination-style murder of a Los Angeles County "
     "sheriff's deputy outside his house last summer, police said Saturday.",
     "Two possible gang members are under arrest for the assassination-style murder…"),
    ("Famous 1950s pin up star Betty Page has died in Los Angeles, aged 85, after she had a heart attack "
     "in hospital last week.", "Famous 1950s pin up star Betty Page has died in Los Angeles…"),
    ("Jewellery and watches worth £1.7m have been stolen in central Paris.",
     "Jewellery and watches worth £1.7m have been stolen in central Paris"),  # short: whole
])
def test_an_untitled_text_is_titled_by_its_first_words_cut_where_a_phrase_ends(fake, tmp_path, first, title):
    """ECB+ stories read "…the assassination-style murder of…" and "…in Los Angeles,…"."""
    path = tmp_path / "untitled.txt"
    path.write_text(first + " " + JEWELS.split("\n\n", 2)[2])
    doc = extract(read_path(str(path)))
    with Session(settings(fake, tmp_path, strategy="extractive"), load_model=False) as session:
        assert session.summarize_document(doc).title == title


def test_a_lead_in_ending_in_a_colon_is_no_title_and_no_point(fake, tmp_path):
    """Days read: a one-article story was titled "Full text of the general's remarks, as released by the air
    force:", and once that line was passed over for the title, it became the brief's first point."""
    path = tmp_path / "remarks.txt"
    path.write_text("Full text of the general's remarks, as released by the air force on Friday evening:\n\n"
                    "Air crews from two countries flew night missions over the peninsula this week, the air force said. "
                    "The drill ended on Friday after two weeks of flights over the sea and the mountains. "
                    "Both governments called it a success and said the crews would train together again next year.")
    doc = extract(read_path(str(path)))
    with Session(settings(fake, tmp_path, strategy="extractive"), load_model=False) as session:
        brief = session.summarize_document(doc)
    assert not brief.title.startswith("Full text") and brief.title.startswith("Air crews from two countries")
    assert brief.summary and not any(p.text.rstrip().endswith(":") for p in brief.summary)
