"""Stories across days: a continuing story keeps its id and shows what is new; ``--new-only`` per story.

The end-to-end tests run ``briefer brief`` twice against a real feed on 127.0.0.1 and the scripted
endpoint, a day of news apart (``--since``, and a folder whose files change); the unit tests drive
``daily.continuity`` on briefs made by hand, against a real store file.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from briefer.daily import continuity
from briefer.daily.render import render_daily
from briefer.daily.schemas import DailyBrief, daily_json_schema
from briefer.daily.stories import _story
from briefer.daily.store import Store
from conftest import run_cli
from helpers import article_html
from daily_common import ARTICLES, entry as _entry, brief_cli, seed_body

FOLLOW_UP = """Gallant meets Austin again at the Pentagon as Hamas chief stays in Tehran
Defense Minister Yoav Gallant, who met with US Secretary of Defense Lloyd Austin at the Pentagon on Tuesday while Hamas Chief Ismail Haniyeh was in Tehran meeting with the Iranian leadership, ended two days of talks with Austin on Wednesday.
Jake Sullivan, the US national security adviser, joined Gallant and Austin for the final session on Rafah and the hostages held in Gaza.
Gallant told reporters that Israel would send a delegation to Washington next week to hear American alternatives to an offensive in Rafah.
Austin said the United States would keep pressing Israel to let more humanitarian aid into Gaza, and that protecting Palestinian civilians was a moral imperative.
Sullivan said the talks had been "constructive" and that the two governments would meet again before the end of the month.
Gallant said the war against Hamas would go on until the hostages came home."""


def _rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><pubDate>{d}</pubDate></item>" for t, u, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{entries}</channel></rss>'


def _stories(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text())
    jsonschema.validate(data, daily_json_schema())
    return {s["title"]: s for s in data["stories"]}


def test_two_mornings_of_one_feed_follow_the_continuing_story(web, fake, seed_path, tmp_path):
    """Day two (``--since`` keeps only its entries) shares no article with day one, yet the
    Pentagon talks continue: same id, marked updated, showing only what is new; the other story of
    day two is new. ``--new-only`` then drops the unchanged stories and keeps the updated one."""
    day1 = [("Gallant meets Austin", web.add("/a/gallant", article_html(seed_body(seed_path), "Gallant meets Austin")),
             "Mon, 23 Nov 2026 07:00:00 GMT"),
            ("Cherry picker", web.add("/a/prison", article_html(ARTICLES[0]["text"], "Cherry picker clears drugs")),
             "Mon, 23 Nov 2026 08:00:00 GMT")]
    day2 = [("Gallant and Austin end talks", web.add("/a/talks", article_html(FOLLOW_UP.split("\n", 1)[1],
                                                                                 FOLLOW_UP.split("\n")[0])),
             "Tue, 24 Nov 2026 07:00:00 GMT"),
            ("City refunds", web.add("/a/city", article_html(ARTICLES[1]["text"], "City apologise to fans")),
             "Tue, 24 Nov 2026 08:00:00 GMT")]
    store = tmp_path / "s.sqlite"
    web.add("/feed.xml", _rss(day1), content_type="application/rss+xml")
    first = brief_cli(web.url("/feed.xml"), "--format", "json", "-o", str(tmp_path / "1.json"), fake=fake, store=store)
    assert first.returncode == 0, first.stderr.decode()
    monday = _stories(tmp_path / "1.json")
    assert {s["status"] for s in monday.values()} == {"new"}
    talks = next(s for t, s in monday.items() if "Gallant" in t)

    web.add("/feed.xml", _rss(day1 + day2), content_type="application/rss+xml")  # the feed a day later
    second = brief_cli(web.url("/feed.xml"), "--since", "2026-11-24", "--format", "json", "-o", str(tmp_path / "2.json"),
                       fake=fake, store=store)
    assert second.returncode == 0, second.stderr.decode()
    tuesday = _stories(tmp_path / "2.json")
    assert len(json.loads((tmp_path / "2.json").read_text())["articles"]) == 2  # no article of Monday's
    same = next(s for s in tuesday.values() if s["id"] == talks["id"])
    assert same["status"] == "updated" and same["first_seen"] and same["previous"]
    assert same["new_articles"] == same["articles"]
    told = {p["text"] for p in talks["points"]}
    assert same["new_points"] and not told & {p["text"] for p in same["new_points"]}
    told_people = {a["name"] for a in talks["actors"]}
    assert "Jake Sullivan" in {a["name"] for a in same["new_actors"]}
    assert not told_people & {a["name"] for a in same["new_actors"]}
    other = next(s for s in tuesday.values() if s["id"] != talks["id"])
    assert other["status"] == "new" and other["new_articles"] == other["articles"]

    md = tmp_path / "2.md"
    again = brief_cli(web.url("/feed.xml"), "--since", "2026-11-24", "-o", str(md), fake=fake, store=store)
    assert again.returncode == 0, again.stderr.decode()
    text = md.read_text()
    head = text.index(f"## {same['title']}")
    body = text[head:text.index("\n## ", head + 3)]
    assert "Updated since" in body and "**New people**" in body and "Jake Sullivan" in body
    assert not any(p in body for p in told)  # Monday's points are not told again

    everything = brief_cli(web.url("/feed.xml"), "--new-only", "--format", "json", "-o", str(tmp_path / "3.json"),
                           fake=fake, store=store)
    assert everything.returncode == 0, everything.stderr.decode()
    assert _stories(tmp_path / "3.json") == {}  # all four articles were briefed before: nothing new


def test_new_only_keeps_new_and_updated_stories_of_a_folder(fake, seed_path, tmp_path):
    """Files: the Pentagon story gains an article (same story, shared article → updated), the prison
    story stays as it was (left out by ``--new-only``, listed as unchanged otherwise)."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "gallant.txt").write_text(seed_path.read_text())
    (folder / "prison.txt").write_text(ARTICLES[0]["text"])
    store = tmp_path / "s.sqlite"
    assert brief_cli(str(folder), "--format", "json", "-o", str(tmp_path / "1.json"), fake=fake,
                     store=store).returncode == 0
    before = _stories(tmp_path / "1.json")
    (folder / "talks.txt").write_text(FOLLOW_UP)
    new_only = brief_cli(str(folder), "--new-only", "--format", "json", "-o", str(tmp_path / "2.json"), fake=fake,
                         store=store)
    assert new_only.returncode == 0, new_only.stderr.decode()
    data = json.loads((tmp_path / "2.json").read_text())
    jsonschema.validate(data, daily_json_schema())
    statuses = {s["id"]: s["status"] for s in data["stories"]}
    prison = next(s for t, s in before.items() if "Gallant" not in t and "Pentagon" not in t)
    assert prison["id"] not in statuses and "unchanged" not in statuses.values()
    assert set(statuses.values()) <= {"new", "updated"} and statuses
    cited = {a for s in data["stories"] for a in s["articles"]}
    assert {a["id"] for a in data["articles"]} == cited  # every article a shown story cites, none other
    full = brief_cli(str(folder), "-o", str(tmp_path / "2.md"), fake=fake, store=store)
    assert full.returncode == 0
    assert "## Nothing new since the last brief" in (tmp_path / "2.md").read_text()


# -- daily.continuity on hand-made briefs ----------------------------------------------------------
def _talks(i: int, title: str, points: list[str], people: list[tuple[str, str]], site: str = "jpost.com"):
    return _entry(i, title, points, people, site)


MONDAY = [
    _talks(1, "Gallant meets Austin at the Pentagon", ["Defense Minister Yoav Gallant met Lloyd Austin at the Pentagon on Tuesday."],
           [("Yoav Gallant", "Defense Minister"), ("Lloyd Austin", "US Secretary of Defense")]),
    _talks(2, "Gallant and Austin discuss Gaza at Pentagon", ["Gallant and Austin met at the Pentagon to discuss Gaza."],
           [("Gallant", "Israeli defense minister")], "reuters.com"),
    _talks(3, "Prison uses cherry picker to clear drugs", ["Warders used a cherry picker to clear drugs from a prison roof."],
           [("Dave Thompson", "director")], "bbc.co.uk"),
]


def _carry(store: Store, *groups) -> list:
    """``continuity.carry`` of stories grouped by hand (this is not a test of the clustering)."""
    return continuity.carry([_story(list(g)) for g in groups], [e for g in groups for e in g], store)


def _by_first(stories) -> dict:
    return {s.articles[0]: s for s in stories}


def test_a_shared_article_carries_the_id_and_only_the_new_is_new(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    first = _by_first(_carry(store, MONDAY[:2], MONDAY[2:]))
    assert {s.status for s in first.values()} == {"new"} and first["a1"].first_seen is None
    later = _talks(4, "Sullivan joins Gallant and Austin", ["Jake Sullivan joined Gallant and Austin for a last session on Rafah.",
                                                            "Defense Minister Yoav Gallant met Lloyd Austin at the Pentagon on Tuesday."],
                   [("Jake Sullivan", "national security adviser"), ("Yoav Gallant", "Defense Minister")], "nytimes.com")
    second = _carry(store, [MONDAY[1], later])
    talks = second[0]
    assert talks.id == first["a1"].id and talks.status == "updated" and talks.new_articles == ["a4"]
    assert talks.first_seen and talks.previous
    assert [p.text for p in talks.new_points] == ["Jake Sullivan joined Gallant and Austin for a last session on Rafah."]
    assert [a.name for a in talks.new_actors] == ["Jake Sullivan"]
    third = _carry(store, [MONDAY[1], later])  # the same brief made again: the same brief
    assert [(s.id, s.status, s.new_articles, s.new_points) for s in third] == \
           [(s.id, s.status, s.new_articles, s.new_points) for s in second]
    fourth = _carry(store, MONDAY[2:], [MONDAY[1], later])
    assert {s.id: s.status for s in fourth} == {first["a1"].id: "unchanged", first["a3"].id: "unchanged"}
    store.close()


def test_new_and_updated_stories_rank_before_unchanged_ones(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    _carry(store, MONDAY[:2])
    fresh = _talks(8, "Storm hits the coast", ["A storm hit the coast on Wednesday, cutting power to thousands."],
                   [("Mary Smith", "mayor")], "cnn.com")
    ranked = _carry(store, MONDAY[:2], [fresh])  # the unchanged story has more sources, yet comes last
    assert [s.status for s in ranked] == ["new", "unchanged"]
    store.close()


def test_a_story_without_shared_articles_continues_only_when_it_reads_alike(tmp_path):
    """``--since`` leaves yesterday's articles out: the talks continue by what they say and who is in
    them; another event of the same place and kind (a different ruling by another judge) does not."""
    store = Store(tmp_path / "s.sqlite")
    judge = _talks(5, "Judge blocks Texas immigration law",
                   ["U.S. District Judge Robert Pitman blocked a Texas law on Thursday that let police arrest migrants."],
                   [("Robert Pitman", "U.S. District Judge"), ("Greg Abbott", "Gov.")], "apnews.com")
    first = _by_first(_carry(store, MONDAY[:2], MONDAY[2:], [judge]))
    talks = _talks(6, "Gallant leaves the Pentagon", ["Gallant and Austin ended two days of Pentagon talks on Gaza on Wednesday."],
                   [("Yoav Gallant", "Defense Minister")], "nytimes.com")
    other = _talks(7, "Judge sentences Texas man in migrant smuggling case",
                   ["A federal judge in Texas sentenced a man to 20 years on Friday for smuggling migrants in a truck."],
                   [("Maria Lopez", "prosecutor")], "apnews.com")
    second = _by_first(_carry(store, [talks], [other]))
    assert second["a6"].id == first["a1"].id and second["a6"].status == "updated"
    assert second["a7"].status == "new" and second["a7"].id != first["a5"].id
    store.close()


def test_a_split_story_keeps_its_id_in_the_larger_part_and_the_rest_is_not_news(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    a, b, c = MONDAY
    whole = _carry(store, [a, b])[0]
    stories = _carry(store, [a], [b], [c])  # a later day's clustering puts the two articles apart
    parts = [s for s in stories if s.articles != ["a3"]]
    assert whole.id in [s.id for s in parts] and len({s.id for s in parts}) == 2
    assert all(s.status == "unchanged" for s in parts)  # what they say was told when they were one
    store.close()


def test_render_shows_an_updated_story_by_what_is_new(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    _carry(store, MONDAY[:2])
    later = _talks(4, "Sullivan joins Gallant and Austin", ["Jake Sullivan joined Gallant and Austin for a last session on Rafah."],
                   [("Jake Sullivan", "national security adviser")], "nytimes.com")
    stories = _carry(store, MONDAY[:2] + [later])
    d = DailyBrief(title="t", generated="now", stories=stories, articles=MONDAY[:2] + [later], failed=[], usage={})
    html = render_daily(d, "html")
    story = html[html.index('<section class="story"'):html.index("</section>")]
    assert "updated</span>" in story and "New people" in story and "Jake Sullivan" in story
    told = "Defense Minister Yoav Gallant met Lloyd Austin at the Pentagon on Tuesday."
    shown, earlier = story.split("<details><summary>what the story said before</summary>")
    assert told not in shown and told in earlier  # the known points only behind a click
    md = render_daily(d, "md")
    assert "Updated since" in md and "Jake Sullivan" in md and told not in md
    store.close()


def test_schema_daily_describes_the_story_fields():
    out = run_cli("schema", "daily")
    assert out.returncode == 0, out.stderr.decode()
    story = json.loads(out.stdout)["$defs"]["Story"]["properties"]
    for field in ("status", "first_seen", "previous", "new_articles", "new_points", "new_actors"):
        assert story[field].get("description"), field
    assert set(story["status"]["enum"]) == {"new", "updated", "unchanged"}


def test_a_store_from_before_gains_the_story_tables_on_open(tmp_path):
    """Stores written by an earlier briefer have no story tables: opening one adds them, keeps what is
    there, and its first brief's stories are all new."""
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE articles (location TEXT PRIMARY KEY, text_hash TEXT NOT NULL, stamp TEXT, doc TEXT NOT NULL, "
            "fetched REAL NOT NULL);"
            "CREATE TABLE runs (id INTEGER PRIMARY KEY, started REAL NOT NULL, finished REAL);"
            "INSERT INTO runs (started, finished) VALUES (1.0, 2.0);")
    store = Store(path)
    assert [s.status for s in _carry(store, MONDAY[:2], MONDAY[2:])] == ["new", "new"]
    assert [s.status for s in _carry(store, MONDAY[2:])] == ["unchanged"]
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(DISTINCT story) FROM story_versions").fetchone()[0] == 2
