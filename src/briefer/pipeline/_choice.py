"""A response model for "pick from these values" replies, cheap enough to make once per chunk.

The extractive strategy asks, for every chunk, for lists of ids and names drawn from that chunk's
own values. Building that as a pydantic model (``create_model`` with ``Literal`` enums) and then
its JSON Schema cost ~0.45 ms a chunk, a tenth of the daily brief's CPU per article. ``Choice``
writes the same strict schema directly (the same dict, key for key, so request bodies and cache
keys do not change) and checks a well-formed reply itself. Anything it does not accept outright
goes to the pydantic model, built only then, so the accepted values and every validation error
(the text of a re-ask) stay exactly pydantic's.
"""

from __future__ import annotations

from typing import Annotated, Literal


class Picked:
    """A validated reply: ``model_dump()`` is the dict the pydantic model would dump."""

    __slots__ = ("_data",)

    def __init__(self, data: dict):
        self._data = data

    def model_dump(self) -> dict:
        return {k: list(v) for k, v in self._data.items()}


class Choice:
    """Required fields, each a list of at most ``max_items`` values out of ``values`` (ints or strs)."""

    def __init__(self, name: str, fields: dict[str, tuple[list, int]]):
        self.name = name
        # Literal[...] drops repeated values (typing does), so the enum and the check do too
        self.fields = {k: (list(dict.fromkeys(values)), n) for k, (values, n) in fields.items()}
        self._allowed = {k: (frozenset(v), n, int if v and type(v[0]) is int else str)
                         for k, (v, n) in self.fields.items()}
        self._model = None

    def strict_json_schema(self) -> dict:
        """``llm.strict_schema(self.pydantic_model())``, written directly (a fresh dict each call)."""
        props = {}
        for key, (values, n) in self.fields.items():
            kind = "integer" if values and type(values[0]) is int else "string"
            # pydantic writes a one-value Literal as "const", which strict_schema moves to a final "enum"
            items = {"type": kind, "enum": list(values)} if len(values) == 1 else {"enum": list(values), "type": kind}
            props[key] = {"items": items, "maxItems": n, "type": "array"}
        return {"properties": props, "required": list(props), "type": "object", "additionalProperties": False}

    def pydantic_model(self):
        """The equivalent pydantic model (built on first use: only for a reply the fast check refuses)."""
        if self._model is None:
            from pydantic import Field, create_model

            self._model = create_model(self.name, **{
                key: (Annotated[list[Literal[tuple(values)]], Field(max_length=n)], ...)  # type: ignore[valid-type]
                for key, (values, n) in self.fields.items()
            })
        return self._model

    def model_validate(self, obj):
        """A ``Picked`` when ``obj`` is plainly valid, else whatever the pydantic model makes of it
        (its object, or its ``ValidationError``)."""
        if type(obj) is dict and obj.keys() == self._allowed.keys():
            ok = True
            for key, (allowed, n, kind) in self._allowed.items():
                got = obj[key]
                if type(got) is not list or len(got) > n or not all(type(x) is kind and x in allowed for x in got):
                    ok = False
                    break
            if ok:
                return Picked({key: obj[key] for key in self._allowed})
        return self.pydantic_model().model_validate(obj)
