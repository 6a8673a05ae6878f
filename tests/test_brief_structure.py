"""Structure of extractive briefs (issue 14): concise points in reading order, no furniture, real
roles or none, questions only from explicit uncertainty. Numbers live in bench/summary_quality.py;
these tests check shape, with the real embedded model on shared articles and by rule elsewhere."""

from __future__ import annotations

import json
import re

import pytest

from briefer import Settings
from briefer.pipeline import find_people
from briefer.extraction import extract, read_path
from briefer.pipeline import phrase
from briefer.schemas import Document
from briefer.pipeline import caption_similarity, default_points, informativeness, is_furniture, points
from briefer.pipeline import Session
from conftest import SEED
from helpers import SEED_PEOPLE
from test_summarize import draft, settings

FURNITURE = re.compile(r"(?i)scroll down|click here|read more|published:|updated:|\(CNN\)|mentioned in the article")


def _dev_articles(n: int = 3) -> list[Document]:
    """SummEval articles with page furniture (datelines, "Scroll down for video", bylines)."""
    path = SEED.parents[1] / "faithfulness" / "summeval.jsonl"
    docs: dict[str, str] = {}
    for line in path.open():
        r = json.loads(line)
        if r["doc_id"] not in docs and re.search(r"\(CNN\)|Scroll down|PUBLISHED", r["document"]):
            docs[r["doc_id"]] = r["document"]
    return [Document(text=t) for t in list(docs.values())[:n]]


def check_structure(brief, doc: Document, cap: int) -> None:
    starts = [p.evidence[0].start for p in brief.summary]
    assert 1 <= len(brief.summary) <= cap and starts == sorted(starts)  # count, reading order
    for p in brief.summary:
        e = p.evidence[0]
        assert doc.text[e.start:e.end] == e.quote == p.text  # the point is its own exact quote
        assert not is_furniture(p.text) and not FURNITURE.search(p.text), p.text
    for a in brief.key_actors:
        assert a.name in doc.text and not FURNITURE.search(a.role)
        assert not a.role or a.role.lower() not in {"mentioned in the article", "person", "unknown"}
    for q in brief.open_questions:
        assert q.question.endswith("?") and not FURNITURE.search(q.question), q.question
        assert q.evidence and phrase(q.evidence[0].quote), q  # cites a sentence that states the uncertainty


def test_embedded_model_briefs_have_the_right_shape(tmp_path):
    seed = extract(read_path(str(SEED)))
    docs = [seed, *_dev_articles()]
    with Session(Settings(cache_path=str(tmp_path / "c.sqlite"))) as s:
        briefs = [s.summarize_document(d) for d in docs]
        short = s.summarize_document(seed, points=1)
    for doc, brief in zip(docs, briefs):
        from briefer.sentences import split_sentences

        check_structure(brief, doc, default_points([x.text for x in split_sentences(doc.text)]))
    assert len(briefs[0].summary) == 3 and len(short.summary) == 1
    named = {a.name for a in briefs[0].key_actors}
    assert len(named & set(SEED_PEOPLE)) >= 10, named
    roles = {a.name: a.role for a in briefs[0].key_actors}
    assert roles["Yoav Gallant"] == "Defense Minister" and roles["Tzahi Hanegbi"] == "senior aide"


def test_selection_skips_furniture_and_trims_datelines():
    text = ("Scroll down for video. By . Daily Mail Reporter . "
            "London (CNN) -- A fire destroyed a warehouse in east London on Monday night, forcing 200 people from "
            "their homes, the fire brigade said. Click here for more pictures. Crews from six stations fought the "
            "blaze for nine hours before it was brought under control early on Tuesday morning. The owner of the "
            "warehouse, a furniture company, said the building had passed a safety inspection in March. " * 1
            + "Residents were allowed back into their homes later on Tuesday after engineers checked the site. " * 3)
    sents = [s.strip() + "." for s in text.split(". ") if s.strip()]
    pts = points(sents)
    shown = [sents[i][a:b] for i, a, b in pts]
    assert shown[0].startswith("A fire destroyed a warehouse") and shown[0].endswith("homes")
    assert [i for i, _, _ in pts] == sorted(i for i, _, _ in pts)
    assert not any(is_furniture(x) for x in shown)


def test_captions_steer_the_choice_but_are_never_points():
    # A scene-setting lede, two fact sentences and a glued photo caption restating the story's key fact.
    sents = [
        "Baseball has long been considered the favourite pastime, so it should come as no surprise that most people feel strongly about it.",
        "The New York Yankees and Boston Red Sox come first and second in the number of fans who claim them as their favourite team.",
        "Also making an impressive showing are the Texas Rangers and Atlanta Braves, who have fans across a wide area of the South.",
        "Then there are a few teams who do not get as much love from the public, like the New York Mets in Queens.",
        "Scroll down for video A new Facebook graph reveals the favourite baseball teams by county (pictured) "
        "The map shows the New York Yankees and Boston Red Sox come first and second in fans across the country.",
        "The data was drawn from the likes of millions of Facebook users across the United States last season.",
    ] + ["Fans of other teams were spread thinly across the rest of the map, the company said in a statement."] * 4
    pts = points(sents)
    chosen = [i for i, _, _ in pts]
    assert chosen[0] == 1 and 0 not in chosen and 4 not in chosen  # the fact, not the lede or the caption
    assert not any(is_furniture(sents[i][a:b]) for i, a, b in pts)
    assert informativeness(sents[1]) > informativeness(sents[0])
    cap = caption_similarity(sents, None, {i: sents[i] for i in (0, 1, 2)})
    assert cap[1] > cap[2] and cap[1] > cap[0]
    assert set(caption_similarity(sents[:4], None, {0: sents[0]}).values()) == {0.0}


def test_short_item_gets_fewer_points():
    short = ["A fire broke out in a warehouse in Leeds on Monday night.", "No one was hurt in the fire.",
             "Crews from three stations attended and the blaze was under control by midnight."]
    assert default_points(short) == 1
    assert len(points(short)) == 1


def test_labels_places_and_missing_roles():
    text = ("Passenger Jin Pai said the plane shook violently. It landed at Hefei Xinqiao International Airport. "
            "Jin Pai was unhurt. Mary Jones, the airline's spokeswoman, said checks were under way. Jones added "
            "that Tom Baker had flown the route before. Tom Baker declined to comment.")
    people = {p.name: p.role for p in find_people(text)}
    assert people["Jin Pai"] == "passenger" and people["Mary Jones"] == "airline's spokeswoman"
    assert people["Tom Baker"] == ""  # no descriptor in the text: no role
    assert not any("Airport" in n or "Passenger" in n for n in people)


@pytest.mark.parametrize("sentence, question", [
    ("Police did not say what led to the crash on the M4 motorway on Monday night.",
     "What led to the crash on the M4 motorway on Monday night?"),
    ("The judge is expected to decide on the extradition request by Friday, officials said.",
     "What will the judge decide on the extradition request by Friday?"),
    ("The two men could face up to ten years in prison if they are convicted.",
     "Could the two men face up to ten years in prison if they are convicted?"),
    ("It remains unclear why the plane crashed shortly after take-off.",
     "Is it known yet why the plane crashed shortly after take-off?"),
    ("The cause of the fire is under investigation, the fire service said.",
     "What will the investigation into the cause of the fire find?"),
    # what the speaker did say is no part of the question (ECB+: "…at the time, but said no one else was injured?")
    ("Fanning couldn't say if anyone else was in the building at the time, but said no one else was injured.",
     "Was anyone else in the building at the time?"),
    ("Police did not say whether the driver had been drinking, and said the investigation continues.",
     "Had the driver been drinking?"),
    # ECB+ (CC BY 3.0): a name after "what" is the subject, not a noun of the question ("What Orozco was doing…?")
    ("Peavy could not say what Orozco was doing in the house, but said he had been living on the street.",
     "What was Orozco doing in the house?"),
    ("Officials did not disclose why he was fired from the post in March.", "Why was he fired from the post in March?"),
    ("Police did not say what weapon was used in the attack on Monday.", "What weapon was used in the attack on Monday?"),
])
def test_questions_from_explicit_uncertainty(sentence, question):
    assert phrase(sentence)[0] == question


@pytest.mark.parametrize("sentence", [
    "Scroll down for video Last week the mayor said he might resign over the scandal.",
    "He said the team may sign a new striker in the summer window.",
    "The company reported record profits for the third quarter in a row.",
])
def test_no_question_without_explicit_uncertainty(sentence):
    assert phrase(sentence) is None


def test_repair_never_adds_a_duplicate(fake, tmp_path, seed_path):
    from briefer.sentences import split_sentences

    doc = extract(read_path(str(seed_path)))
    sid = next(s.id for s in split_sentences(doc.text) if "approximately 70 living" in s.text)
    fake.script(
        draft([{"text": "Hamas is holding about 70 living Israeli hostages.", "sentences": [sid]},
               {"text": "Hamas holds 95 hostages.", "sentences": [sid]}]),
        draft([{"text": "Hamas is holding about 70 living Israeli hostages.", "sentences": [sid]}]),  # repeats a kept point
    )
    with Session(settings(fake, tmp_path)) as s:
        brief = s.summarize_document(doc)
    assert [p.text for p in brief.summary] == ["Hamas is holding about 70 living Israeli hostages."]
    assert brief.grounding.repaired == 0 and [d.text for d in brief.grounding.dropped] == ["Hamas holds 95 hostages."]
