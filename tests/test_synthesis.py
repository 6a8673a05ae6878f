"""Story synthesis (issue 32): a story of several outlets tells each fact once, cites every outlet that
reports it, says where the outlets differ, and stays unchanged when none of its articles is new.

Real parts throughout: the MiniLM sentence model (``entail.embed``), the pipeline's sentence cleaning and
evidence check, a real store file for continuity, Chromium for the HTML.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from briefer.daily import continuity, synthesis
from briefer.daily.render import render_daily
from briefer.daily.schemas import ArticleEntry, DailyBrief, DailyUsage
from briefer.daily.stories import build_stories, merge_actors
from briefer.daily.store import Store
from briefer.grounding import embed_sentences, embedder_available
from briefer.extraction import load_document
from briefer.schemas import Brief
from helpers import ECB_DEV

CNBC = """Quake strikes Iranian island
An earthquake of magnitude 5.6 struck Qeshm island off Iran's southern coast on Sunday, killing ten people.
Rescue teams were sent to the villages around the town of Dargahan, the provincial governor said.
About fifty people were injured and taken to hospitals in Bandar Abbas.
The island is home to more than 100,000 people and a free trade zone."""
FOX = """Deadly earthquake hits Iran's Qeshm island
Ten people were killed on Sunday when a 5.6-magnitude earthquake hit Qeshm island in southern Iran.
The quake destroyed mud-brick houses in several villages near Dargahan, state television reported.
About fifty people were injured and taken to hospitals in Bandar Abbas on the mainland.
Officials in Tehran said the army would fly tents and blankets to the island overnight."""
GUARDIAN = """Iran earthquake kills ten on Gulf island
A magnitude 5.6 earthquake killed ten people on Qeshm island in the Gulf on Sunday, Iranian media said.
Around fifty people were hurt, and many were taken to hospitals in the port city of Bandar Abbas.
Residents of Dubai, across the water, said they had felt buildings sway for several seconds.
The United States Geological Survey put the quake's depth at ten kilometres."""
TEXTS = {"cnbc.com": CNBC, "foxnews.com": FOX, "theguardian.com": GUARDIAN}
SITES = {"cnbc.com": "CNBC", "foxnews.com": "Fox News", "theguardian.com": "The Guardian"}


def _entry(site: str, text: str, people=(), name: str | None = None) -> ArticleEntry:
    """An article as the daily brief holds it: its brief's first point is its lead sentence."""
    title, body = text.split("\n", 1)
    lead = body.split("\n")[0]
    start = text.index(lead)
    ev = [{"quote": lead, "start": start, "end": start + len(lead)}]
    actors = [{"name": n, "role": "", "evidence": ev} for n in people]
    brief = Brief.model_validate({"title": title, "source": {"title": title}, "summary": [{"text": lead, "evidence": ev}],
                                  "key_actors": actors, "open_questions": [],
                                  "grounding": {"rate": 1.0, "checked": 1, "repaired": 0, "dropped": []}, "usage": {}})
    return ArticleEntry(id=(name or site.split(".")[0]), location=f"https://www.{site}/news/1", title=title,
                        site_name=SITES.get(site), brief=brief)


def _quake(sites=("cnbc.com", "foxnews.com", "theguardian.com")):
    entries = [_entry(s, TEXTS[s]) for s in sites]
    texts = [TEXTS[s] for s in sites]
    return entries, texts


def test_the_sentence_model_puts_a_paraphrase_nearer_than_another_fact():
    assert embedder_available()
    v = embed_sentences(["Ten people were killed when an earthquake hit Qeshm island.",
                     "An earthquake on Qeshm island killed ten people.",
                     "Residents of Dubai said they felt buildings sway."])
    assert abs(float(v[0] @ v[0]) - 1) < 1e-4
    assert float(v[0] @ v[1]) > 0.8 > float(v[0] @ v[2]) + 0.3


def test_a_fact_every_outlet_reports_leads_and_cites_each_outlet():
    entries, texts = _quake()
    story = build_stories(entries, texts, texts)[0]
    assert story.sources == 3
    first = story.points[0]
    assert set(first.outlets) == {"CNBC", "Fox News", "The Guardian"}  # site names from the metadata
    assert {c.article for c in first.evidence} == {"cnbc", "foxnews", "theguardian"}
    by_id = dict(zip((e.id for e in entries), texts))
    for p in story.points + story.differences:  # every quote is its own article's text at its offsets
        for c in p.evidence:
            assert by_id[c.article][c.start:c.end] == c.quote
        assert p.text == p.evidence[0].quote
    assert any("fifty" in p.text and len(p.outlets) == 3 for p in story.points)  # the injured: all three
    assert 1 < len(story.points) <= synthesis.MAX_POINTS
    assert sum(len(p.text.split()) for p in story.points) <= synthesis.MAX_WORDS + 5
    words = [synthesis.content_words(p.text) for p in story.points]
    assert all(synthesis.overlap(a, b) < 0.5 for i, a in enumerate(words) for b in words[i + 1:])  # one point a fact
    assert not any(p.text == e.title for p in story.points for e in entries)


def test_where_the_outlets_differ_names_the_one_outlet():
    entries, texts = _quake()
    story = build_stories(entries, texts, texts)[0]
    assert 1 <= len(story.differences) <= 2
    for d in story.differences:
        assert len(d.outlets) == 1 and len({c.article for c in d.evidence}) == 1
    told = {p.text for p in story.points}
    assert not told & {d.text for d in story.differences}
    two = build_stories(entries[:2], texts[:2], texts[:2])[0]
    assert two.differences == []  # only for stories of three or more outlets


FILLER = [  # usable sentences of another topic: they push an article's own report of the quake down
    "Date palm growers in the south said this year's harvest came in earlier than any they remember.",
    "The regional football league postponed its opening weekend because of a dispute over television rights.",
    "A new ferry timetable between the mainland ports starts next month, with two extra crossings a day.",
    "Teachers in the province have asked for smaller classes and better heating in older school buildings.",
    "The central bank kept its main interest rate unchanged and said inflation should ease next year.",
    "A film festival in the capital opened with a documentary about fishermen on the Caspian coast.",
    "Farmers complained that the price of fertiliser had doubled since the start of the spring season.",
    "The city council approved a plan to plant trees along the avenue leading to the old bazaar.",
    "Engineers began repairs on the motorway bridge that was closed after floods damaged its supports.",
    "Tourism officials expect more visitors from neighbouring countries during the spring holidays.",
    "A local museum reopened its gallery of ancient pottery after two years of restoration work.",
    "Students at the technical university won a regional contest for designing small solar cars.",
]


def test_a_point_cites_an_outlet_that_states_it_further_down():
    """Outlets order their facts differently: one that reports the dead only after a dozen sentences on
    other things still counts as reporting it (``support``), though its sentence is past the candidates."""
    title = "Round-up of the week in Iran"
    late = title + "\n" + "\n".join(FILLER) + "\nTen people were killed on Sunday when a 5.6-magnitude earthquake hit Qeshm island in southern Iran."
    assert len(FILLER) >= synthesis.SENTENCES
    entries = [_entry("cnbc.com", CNBC), _entry("foxnews.com", late)]
    texts = [CNBC, late]
    story = synthesis.synthesize(entries, texts)  # as build_stories tells a story of these two
    dead = next(p for p in story.points if "killing ten" in p.text)
    assert dead.outlets == ["CNBC", "Fox News"]
    fox = next(c for c in dead.evidence if c.article == "foxnews")
    assert fox.quote.startswith("Ten people were killed") and late[fox.start:fox.end] == fox.quote
    assert not any(p.text in FILLER for p in story.points if len(p.outlets) > 1)  # no other topic corroborated


def test_a_story_of_one_article_shows_its_brief():
    entries, texts = _quake(("cnbc.com",))
    story = build_stories(entries, texts, texts)[0]
    assert [p.text for p in story.points] == [e.brief.summary[0].text for e in entries]
    assert story.points[0].outlets == ["CNBC"] and story.differences == []


def test_actors_are_one_entry_per_person_across_titles_with_their_outlets():
    entries = [_entry("cnbc.com", CNBC, ["Joe Biden"]), _entry("foxnews.com", FOX, ["President Biden"]),
               _entry("theguardian.com", GUARDIAN, ["Biden", "Kamala Harris"])]
    actors = merge_actors(entries)
    assert [a.name for a in actors][:1] == ["Joe Biden"]
    biden = actors[0]
    assert set(biden.aliases) == {"President Biden", "Biden"}
    assert set(biden.outlets) == {"CNBC", "Fox News", "The Guardian"} and len(biden.outlets) == 3
    assert [a.name for a in actors[1:]] == ["Kamala Harris"]


def test_a_nickname_and_a_full_given_name_are_one_person_two_namesakes_are_two():
    """"Bill Hakim" in one outlet, "William Hakim" in another (ECB+'s Woodburn bombing): one entry;
    "Hillary Clinton" and "Bill Clinton" share only a surname: two."""
    entries = [_entry("cnbc.com", CNBC, ["William Hakim", "Bill Clinton"]),
               _entry("foxnews.com", FOX, ["Bill Hakim", "Hillary Clinton"])]
    actors = merge_actors(entries)
    assert sorted(a.name for a in actors) == ["Bill Clinton", "Hillary Clinton", "William Hakim"]
    hakim = next(a for a in actors if a.name == "William Hakim")
    assert hakim.aliases == ["Bill Hakim"] and set(hakim.outlets) == {"CNBC", "Fox News"}


REUTERS = """Iran quake island: army flies in tents after earthquake kills ten on Qeshm
The magnitude 5.6 earthquake killed ten people on Qeshm island off Iran's southern coast on Sunday.
About fifty people were injured and taken to hospitals in Bandar Abbas, officials said.
Engineers from Tehran began checking the island's desalination plant near Dargahan on Monday morning.
The plant supplies drinking water to most of the villages on Qeshm island, the governor said."""
PRISON = """Prison uses cherry picker to clear drugs
Warders used a cherry picker to clear drugs thrown onto the roof of a prison in Kent on Friday."""


def test_a_story_with_no_new_article_stays_unchanged(tmp_path):
    """Seen in full the day before: unchanged, nothing "new"; a new article makes it updated with the
    facts that article adds, not the ones told before."""
    entries, texts = _quake()
    other = _entry("bbc.co.uk", PRISON, name="prison")
    store = Store(tmp_path / "s.sqlite")
    try:
        first = continuity.carry(build_stories(entries + [other], texts + [PRISON], texts + [PRISON]),
                                 entries + [other], store)
        assert {s.status for s in first} == {"new"}
        today = continuity.carry(build_stories(entries, texts, texts), entries, store)  # the day after: same articles
        assert today[0].status == "unchanged" and today[0].new_points == [] and today[0].new_actors == []
        later = _entry("reuters.com", REUTERS, name="reuters")
        grown = continuity.carry(build_stories(entries + [later], texts + [REUTERS], texts + [REUTERS]),
                                 entries + [later], store)
        s = grown[0]
        assert s.status == "updated" and s.new_articles == ["reuters"]
        assert s.new_points and all({c.article for c in p.evidence} == {"reuters"} for p in s.new_points)
        assert any("desalination" in p.text for p in s.new_points)
        assert not any("Ten people" in p.text for p in s.new_points)  # the death toll: told before
    finally:
        store.close()


def _brief(stories, entries) -> DailyBrief:
    return DailyBrief(title="Daily brief", generated="2026-12-07T08:00:00+00:00", stories=stories, articles=entries,
                      failed=[], usage=DailyUsage())


def test_markdown_and_html_show_corroboration_and_differences(tmp_path):
    entries, texts = _quake()
    d = _brief(build_stories(entries, texts, texts), entries)
    md = render_daily(d, "md")
    lead = next(line for line in md.splitlines() if line.startswith("- Ten people"))
    assert "(reported by " in lead and all(o in lead for o in ("CNBC", "Fox News", "The Guardian"))
    assert "**Where the outlets differ**" in md
    html = render_daily(d, "html")
    assert 'class="by many"' in html and "Where the outlets differ" in html and 'title="3 outlets">✓ reported by' in html
    main = html.split("Where the outlets differ")[0]
    assert main.count('class="by many"') == len(d.stories[0].points)  # the shared facts lead, each with its outlets
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    assert chromium, "chromium is required (apt-get install chromium; .ci/run installs it)"
    page = tmp_path / "brief.html"
    page.write_text(html)
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1000,1400",
                    page.as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


def test_a_story_does_not_open_on_a_sentence_that_leans_on_an_unseen_one():
    """The fact most outlets share leads, unless it reads "They said…": then the best that stands alone."""
    texts = []
    for s in ("cnbc.com", "foxnews.com", "theguardian.com"):
        title, *lines = TEXTS[s].split("\n")
        injured = next(i for i, line in enumerate(lines) if "fifty" in line)
        sentence = lines.pop(injured)
        lines.insert(0, "They said " + sentence[0].lower() + sentence[1:])  # first, and by all three outlets
        texts.append("\n".join([title, *lines]))
    entries = [_entry(s, t) for s, t in zip(("cnbc.com", "foxnews.com", "theguardian.com"), texts)]
    story = build_stories(entries, texts, texts)[0]
    assert not story.points[0].text.startswith("They")
    assert len(story.points[0].outlets) >= 2
    assert any(p.text.startswith("They said") for p in story.points)  # still told, just not first


ARSON = ('Authorities described the fire as "suspicious and as potential arson."', "The blaze is being investigated as an arson.")


def test_a_restatement_sharing_no_name_is_shown_once():
    """Two outlets' sentences of one fact in other words (content-word Jaccard 0.11, no shared name), from
    ECB+ dev's Wasilla church fire as ``bench/stories.py`` builds the story (its first six articles, each its
    own outlet): the story used to show both; the selection's entailment check now drops the second."""
    names = sorted(n for n, ev in json.loads((ECB_DEV / "labels.json").read_text()).items() if ev == "ecb13a")[:6]
    docs = [load_document(str(ECB_DEV / "articles" / n)) for n in names]
    texts = [d.text for d in docs]
    entries = [ArticleEntry(id=n.removesuffix(".txt"), location=str(ECB_DEV / "articles" / n),
                            title=d.title or d.text.split("\n", 1)[0][:80], brief=_entry("cnbc.com", CNBC).brief)
               for n, d in zip(names, docs)]  # the brief is unused: a story's candidates come from its texts
    assert all(any(s in t for t in texts) for s in ARSON)
    story = synthesis.synthesize(entries, texts)
    shown = [p.text for p in story.points + story.differences]
    assert sum(s in shown for s in ARSON) == 1, shown
    assert len(story.points) == synthesis.MAX_POINTS  # another fact took its place


def test_the_entailment_check_drops_restatements_only():
    """``restated`` with nothing shared: cosine ≥ REDUNDANT is not enough (one topic's different facts are
    close); one sentence must entail the other."""
    pairs = [(ARSON, True),
             (("The pirates tried to reverse the course of the boats and tried to flee.",  # ECB+ dev: cosine 0.51
               "The warship immediately altered towards the suspicious vessels and challenged them."), False)]
    for (a, b), same in pairs:
        ma, mb = synthesis.mention(0, 0, a, []), synthesis.mention(1, 0, b, [])
        va, vb = embed_sentences([a, b])
        cos = float(va @ vb)
        assert cos >= synthesis.REDUNDANT and not ma.names & mb.names
        assert synthesis.restated(ma, mb, cos) is same
        assert synthesis.restated(ma, mb, cos, entails=None) is False  # what the selection decided before


def test_different_facts_that_paraphrase_judges_would_drop_are_both_shown():
    """Different facts of one story (ECB+ dev, labelled different in bench/data/shown_pairs.jsonl and
    fact_pairs.jsonl) that the judges tried for issue 32 flag: close vectors (≥ 0.45) with two shared content
    words, or the entailment model's raw probability ≥ 0.3 one way. ``restated`` keeps them apart: on the
    labelled pairs those judges dropped more different facts than restatements they caught, and each one tried
    in the selection lowered ROUGE-1 on Multi-News validation (docs/story-synthesis.md)."""
    from briefer.grounding import score_pairs

    pairs = [("The bomb detonated around 5:30 p.m. at the bank in the 2500 block of Oregon 214.",
              "The bank was evacuated and the device was moved inside at which time the bomb exploded."),
             ("Ten people are killed and about 50 hurt.", "As many as 80 people were also wounded."),
             ("Police said they pulled over the driver, Anthony LaSalle, a few blocks away after he had struck two "
              "other vehicles while fleeing the scene.", "A bystander tried to stop the driver, but he drove off.")]
    for a, b in pairs:
        ma, mb = synthesis.mention(0, 0, a, []), synthesis.mention(1, 0, b, [])
        va, vb = embed_sentences([a, b])
        cos = float(va @ vb)
        raw = max(score_pairs([a, b], [b, a]))
        assert cos >= 0.45 and (len(ma.words & mb.words) >= 2 or raw >= 0.3), (a, cos, raw)
        assert synthesis.restated(ma, mb, cos) is False, a


def test_a_speakers_words_without_their_quote_marks_are_no_point_or_difference():
    """ECB+: a judge's quote runs over a paragraph break, so its middle, "The jury has spoken and I respect
    the jury.", has no quote marks of its own; it was shown where the outlets differ, as if reported."""
    speech = "The rescue has gone as well as it could and I thank every volunteer who came to help."
    texts = list(_quake()[1])
    title, first, *rest = texts[2].split("\n")
    texts[2] = "\n".join([title, first, speech, *rest])
    entries = [_entry(s, t) for s, t in zip(TEXTS, texts)]
    (found,) = synthesis.candidates(entries[2:], texts[2:])
    assert len(found) == 4 and speech not in [m.text for m in found]  # the other four sentences stay
    story = build_stories(entries, texts, texts)[0]
    shown = [p.text for p in story.points] + [d.text for d in story.differences]
    assert shown and speech not in shown


def test_where_the_outlets_differ_shows_no_sentence_that_leans_on_an_unseen_one():
    """A difference is read alone, under its outlet's name: "They found him unconscious and unresponsive
    on his bed." (a Multi-News story) said too little. The outlet's next fact of its own stands instead."""
    entries, texts = _quake()
    story = build_stories(entries, texts, texts)[0]
    assert story.differences
    first = story.differences[0]
    i = next(i for i, t in enumerate(texts) if first.text in t)
    leaning = "They said " + first.text[0].lower() + first.text[1:]
    texts = list(texts)
    texts[i] = texts[i].replace(first.text, leaning)
    entries[i] = _entry(list(TEXTS)[i], texts[i])
    story = build_stories(entries, texts, texts)[0]
    assert all(not d.text.startswith("They") for d in story.differences)


def test_a_lead_in_a_second_headline_an_aside_or_a_photograph_caption_is_no_fact():
    """Days read (Multi-News): a story showed a lead-in ending in a colon as a point, a text file's second
    headline line and a "(LABEL: …)" promotion as points or differences, and "X, in this photograph provided
    by …, is seen …" where the outlets differ. None is shown; the article's other sentences stay."""
    junk = ["Officials in Bandar Abbas gave this account of the night on the island:",
            "Quake Survivors Camp Outside Homes After Night Of Aftershocks",
            "(READ MORE: How Iran builds its houses for earthquakes in the Gulf)",
            "A rescuer, in this photograph provided by the Red Crescent on Sunday, carries a child in Dargahan."]
    title, *rest = TEXTS["theguardian.com"].split("\n")
    text = "\n".join([title, junk[1], rest[0], junk[0], rest[1], junk[2], rest[2], junk[3], *rest[3:]])
    (found,) = synthesis.candidates([_entry("theguardian.com", text)], [text])
    (base,) = synthesis.candidates([_entry("theguardian.com", TEXTS["theguardian.com"])], [TEXTS["theguardian.com"]])
    assert [m.text for m in found] == [base[0].text, junk[0], *[m.text for m in base[1:]]]  # a lead-in may cite
    texts = [TEXTS["cnbc.com"], TEXTS["foxnews.com"], text]
    story = build_stories([_entry(s, t) for s, t in zip(TEXTS, texts)], texts, texts)[0]
    shown = [p.text for p in story.points] + [d.text for d in story.differences]
    assert shown and not set(shown) & set(junk)
