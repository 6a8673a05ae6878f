"""``choice.Choice`` must be the pydantic model it replaces: same strict schema, same results."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from briefer.pipeline import Choice
from briefer.model import strict_schema

FIELDS = [
    {"points": ([0, 1, 2, 5], 3), "actors": (["Yoav Gallant", "Lloyd Austin"], 2), "questions": ([3], 3)},
    {"points": ([7], 1)},
    {"actors": (["Ann Lee", "Ann Lee", "Bo Li"], 12)},  # a repeated value, as Literal drops it
    {"questions": ([4, 9], 3), "points": ([4, 9, 11], 2)},
]
REPLIES = [
    {"points": [0, 5], "actors": ["Lloyd Austin"], "questions": []},
    {"points": [0, 1, 2, 5], "actors": [], "questions": []},  # too many
    {"points": [0, "1"], "actors": [], "questions": []},  # a string id
    {"points": [True], "actors": [], "questions": [3]},  # a bool is not an id
    {"points": [1.0], "actors": [], "questions": [3]},
    {"points": [4], "actors": [], "questions": []},  # not offered
    {"points": [0], "actors": ["yoav gallant"], "questions": []},
    {"points": [0], "questions": []},  # missing
    {"points": [0], "actors": [], "questions": [], "extra": 1},
    {"points": [7]}, {"points": [7, 7]}, {"points": []}, {"points": 7}, {"actors": ["Bo Li", "Ann Lee"]},
    {"questions": [9, 4], "points": [11]}, [], None, "x", {},
]


def outcome(model, reply):
    try:
        return ("ok", model.model_validate(reply).model_dump())
    except ValidationError as exc:
        return ("error", json.dumps(exc.errors(include_url=False), default=str))


@pytest.mark.parametrize("fields", FIELDS)
def test_choice_writes_the_strict_schema_of_its_pydantic_model_key_for_key(fields):
    choice = Choice("Selection", fields)
    direct = strict_schema(choice)
    assert json.dumps(direct) == json.dumps(strict_schema(choice.pydantic_model()))
    assert strict_schema(choice) is not direct  # a fresh dict: a caller may change it


@pytest.mark.parametrize("fields", FIELDS)
def test_choice_accepts_and_refuses_exactly_what_pydantic_does(fields):
    for reply in REPLIES:
        fresh = Choice("Selection", fields)  # before its pydantic model exists
        assert outcome(fresh, reply) == outcome(Choice("Selection", fields).pydantic_model(), reply), reply
