"""What the extractive strategy sends the model (issue 25, item 6): only what it chooses among.

The model's picks only rank actors and questions, so the request carries just the sentences that
name a candidate or state an open question, and no request is made when there is nothing to order.
A user's older template (a ``user`` macro over the whole chunk) still gets the older request.
"""

from __future__ import annotations

from briefer import Settings
from briefer.pipeline import find_people
from briefer.extraction import extract, RawSource, read_path
from briefer.sentences import split_sentences
from briefer.pipeline import question_sentences, EXCERPT_WORDS, candidate_sentences, Session
from briefer.testing import requested_schema
from helpers import SEED_PEOPLE


def settings(fake, **kw) -> Settings:
    return Settings(base_url=fake.base_url, model="fake-large", api_key="k", strategy="extractive", cache=False, **kw)


def text_doc(text: str):
    return extract(RawSource(data=text.encode(), kind="text", path="story.txt"))


def test_the_request_holds_only_the_sentences_that_carry_the_candidates(fake, seed_path):
    doc = extract(read_path(str(seed_path)))
    with Session(settings(fake)) as s:
        brief = s.summarize_document(doc)
    assert len(fake.requests) == 1 and brief.usage.calls == 1
    request = fake.requests[0]
    prompt = request["messages"][-1]["content"]
    _, schema, _ = requested_schema(request)
    assert set(schema["properties"]) == {"actors", "questions"}  # no point picks: selection does not use them
    offered = schema["properties"]["actors"]["items"]["enum"]
    assert set(SEED_PEOPLE) <= set(offered)

    sentences = split_sentences(doc.text)
    people = find_people(doc.text)
    cues = [s.id for s, *_ in question_sentences(sentences)]
    excerpts = candidate_sentences(sentences, people, cues, doc.title)
    sent = {s.id for s in excerpts}
    for s in sentences:
        assert (f"\n[{s.id}] " in prompt) == (s.id in sent), s.text
    for e in excerpts:  # each the sentence, or a cut of it of at most EXCERPT_WORDS words
        assert f"[{e.id}] {e.text}\n" in prompt
        assert len(e.text.strip("… ").split()) <= EXCERPT_WORDS and e.text.strip("… ") in doc.text[e.start:e.end]
    assert set(cues) <= sent and len(sent) < len(sentences) / 2
    for p in people:  # each person's first sentence naming them in full is sent, with the name in it
        first = min(start for start, end in p.mentions if doc.text[start:end] == p.name)
        assert any(e.start <= first < e.end and p.name in e.text for e in excerpts), p.name


def test_a_run_on_sentence_is_cut_around_the_name_it_is_sent_for():
    filler = " ".join(f"word{i}" for i in range(60))
    text = f"Nothing happened here today at all in the town hall.\n{filler} said Mayor Jonas Berg, and Ann Lee agreed {filler}."
    sentences = split_sentences(text)
    people = find_people(text)
    [excerpt] = candidate_sentences(sentences, [p for p in people if p.name == "Jonas Berg"], [])
    assert "Jonas Berg" in excerpt.text and excerpt.text.startswith("… ") and excerpt.text.endswith(" …")
    assert len(excerpt.text.split()) == EXCERPT_WORDS + 2


def test_an_article_with_nothing_to_order_makes_no_model_call(fake):
    doc = text_doc(
        "Harbour reopens after storm\n"
        "The harbour at Kell reopened on Monday after a storm closed it for three days last week.\n"
        "Port director Maria Olsen said the piers had been checked and found safe for ships again.\n"
        "Fishing boats returned to the water before dawn, and the ferry kept its usual timetable.\n"
        "Repairs to the sea wall will take most of the summer and cost about two million crowns.\n"
    )
    with Session(settings(fake)) as s:
        brief = s.summarize_document(doc)
    assert fake.requests == [] and brief.usage.calls == 0
    assert [a.name for a in brief.key_actors] == ["Maria Olsen"] and brief.summary  # still a brief


def test_two_people_are_ordered_by_the_model(fake):
    doc = text_doc(
        "Harbour reopens after storm\n"
        "The harbour at Kell reopened on Monday after a storm closed it for three days last week.\n"
        "Port director Maria Olsen said the piers had been checked and found safe for ships again.\n"
        "Fishing boats returned to the water before dawn, and the ferry kept its usual timetable.\n"
        "Mayor Jonas Berg said repairs to the sea wall will take most of the summer and cost millions.\n"
    )
    with Session(settings(fake)) as s:
        brief = s.summarize_document(doc)
    assert len(fake.requests) == 1 and brief.usage.calls == 1
    prompt = fake.requests[0]["messages"][-1]["content"]
    assert "Maria Olsen said" in prompt and "Jonas Berg said" in prompt and "Fishing boats" not in prompt


def test_a_template_without_choose_gets_the_whole_chunk_with_point_picks(fake, seed_path, tmp_path):
    (tmp_path / "extractive.j2").write_text(
        '{% set version = "mine-v1" %}'
        '{% macro system() %}Pick.{% endmacro %}'
        '{% macro user(title, sentences, people, questions, n_points) %}'
        '{% for s in sentences %}[{{ s.id }}] {{ s.text }}\n{% endfor %}{{ people | join("; ") }}{% endmacro %}'
    )
    doc = extract(read_path(str(seed_path)))
    with Session(settings(fake, prompts_dir=str(tmp_path))) as s:
        brief = s.summarize_document(doc)
    assert brief.usage.prompt == "mine-v1"
    prompt = fake.requests[0]["messages"][-1]["content"]
    assert all(f"[{s.id}] {s.text}" in prompt for s in split_sentences(doc.text))
    _, schema, _ = requested_schema(fake.requests[0])
    assert set(schema["properties"]) == {"points", "actors", "questions"}
