"""Stories of a daily brief built from briefs: clustering, aliases merged, actors in the briefs' order."""

from __future__ import annotations

import pytest

from briefer.daily.schemas import DailyBrief
from briefer.daily.stories import build_stories
from briefer.pipeline import is_furniture
from daily_common import entry as _entry


def test_stories_cluster_and_merge_aliases():
    entries = [
        _entry(1, "Gallant meets Austin at the Pentagon", ["Defense Minister Yoav Gallant met Lloyd Austin at the Pentagon on Tuesday."],
               [("Yoav Gallant", "Defense Minister"), ("Lloyd Austin", "US Secretary of Defense")], "jpost.com"),
        _entry(2, "Gallant and Austin discuss Gaza at Pentagon", ["Gallant and Austin met at the Pentagon to discuss Gaza."],
               [("Gallant", "Israeli defense minister")], "reuters.com"),
        _entry(3, "Prison uses cherry picker to clear drugs", ["Warders used a cherry picker to clear drugs from a prison roof."],
               [("Dave Thompson", "director")], "bbc.co.uk"),
    ]
    stories = build_stories(entries)
    assert [s.articles for s in stories] == [["a1", "a2"], ["a3"]]
    top = stories[0]
    assert top.sources == 2
    gallant = next(a for a in top.actors if a.name == "Yoav Gallant")
    assert gallant.aliases == ["Gallant"] and gallant.articles == ["a1", "a2"]
    assert set(gallant.roles) == {"Defense Minister", "Israeli defense minister"}
    assert all(e.article in ("a1", "a2") for p in top.points for e in p.evidence)
    DailyBrief.model_validate({"title": "t", "generated": "now", "stories": [s.model_dump() for s in stories],
                               "articles": [e.model_dump() for e in entries], "failed": [], "usage": {}})


def test_story_actors_keep_the_briefs_prominence_order():
    first = _entry(1, "Gallant meets Austin at the Pentagon", ["Defense Minister Yoav Gallant met Lloyd Austin on Tuesday."],
                   [("Yoav Gallant", "Defense Minister"), ("Lloyd Austin", "US Secretary of Defense"),
                    ("Fuad Hussein", "Iraqi minister")], "jpost.com")
    story = build_stories([first])[0]
    assert [a.name for a in story.actors] == ["Yoav Gallant", "Lloyd Austin", "Fuad Hussein"]


@pytest.mark.parametrize("line", [
    "Enlarge this image toggle caption Jane Roe/NPR Jane Roe/NPR",
    "toggle caption Pew Research Center/NPR",
])
def test_a_photo_boxs_toggle_is_no_point(line):
    """NPR's photo box ("Enlarge this image toggle caption <credit> <credit>") was a one-article story's
    point in a daily brief of Multi-News clusters (days read, 2026-12-08)."""
    assert is_furniture(line)
    assert not is_furniture("The photo box on the page could be enlarged, the designer said on Monday.")
