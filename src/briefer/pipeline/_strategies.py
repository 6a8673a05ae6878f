"""The two ways to ask a model for one chunk's brief items.

* ``extractive`` (small models, the default offline): the model only ranks candidate names and
  question sentences from enums, seeing just the sentences that carry them; texts, names and roles
  are exact source spans. The points are chosen by ``selection`` on the whole article (position,
  centrality, caption similarity, informativeness, a word budget); an older template's point picks
  are kept in ``ChunkItems.picks`` as one optional signal.
* ``abstractive`` (capable models): the model writes points, roles and questions but must cite
  sentence ids; evidence is those sentences, and ``ground`` verifies names and numbers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Annotated, Literal

import jinja2
from pydantic import BaseModel, Field, create_model

from . import _candidates as candidates, _questions as questions, _selection as selection
from ._choice import Choice
from ..resources import prompt_templates
from ..grounding import evidence_at
from ..model import StructuredLLM
from ..errors import ConfigError
from ..schemas import (
    MAX_ACTORS, MAX_QUESTIONS, Actor, Document, Evidence, OpenQuestion, Sentence, SummaryPoint,
)

from ..config import choose_strategy  # noqa: F401 - in config so a rerun needs no jinja2/pydantic here


def template(name: str, folder: str | None = None):
    try:
        return prompt_templates(folder).get_template(f"{name}.j2").module
    except jinja2.TemplateNotFound:
        raise ConfigError(f"prompt template {name}.j2 not found in {folder}") from None


@dataclass
class ChunkItems:
    """What one chunk contributed, with scores used to rank items when chunks merge."""

    points: list[tuple[SummaryPoint, float]] = field(default_factory=list)
    actors: list[tuple[Actor, float]] = field(default_factory=list)
    questions: list[tuple[OpenQuestion, float]] = field(default_factory=list)
    picks: list[int] = field(default_factory=list)  # the model's point picks (sentence ids), best first


def _ids_type(ids: list[int]):
    return Literal[tuple(ids)]  # type: ignore[valid-type]


def _sentence_evidence(doc: Document, sentences: list[Sentence]) -> list[Evidence]:
    return [evidence_at(doc.text, s.start, s.end) for s in sentences]


# -- extractive ----------------------------------------------------------------------------
MAX_PICKS = 5  # actors the model ranks in one request (all present people are kept, ranked by score)


def run_extractive(
    llm: StructuredLLM, doc: Document, chunk: list[Sentence], people: list[candidates.Person],
    n_points: int, *, tpl,
) -> ChunkItems:
    """Every present person and question cue of the chunk, scored; the model's picks rank them.

    The shipped template (``choose``) sends only the sentences that carry the candidates and asks
    only for actors and questions: the point picks had weight 0 in ``selection``, and reading the
    whole chunk was most of the embedded model's time (docs/embedded-cost.md). When there is
    nothing to order (at most one person and one question) no request is made. A template with
    only the older ``user`` macro (a user's own ``--prompts-dir``) gets the older request: the
    whole chunk, point picks included."""
    lo, hi = chunk[0].start, chunk[-1].end
    present = [p for p in people if any(lo <= s < hi for s, _ in p.mentions)]
    cue = {s.id: (strength, why, q) for s, strength, q, why in questions.question_sentences(chunk)}
    if hasattr(tpl, "choose"):
        picks = _choose(llm, tpl, doc, chunk, present, cue)
    else:
        picks = _choose_in_chunk(llm, tpl, doc, chunk, present, cue, n_points)
    items = ChunkItems(picks=list(dict.fromkeys(picks.get("points", []))))
    by_id = {s.id: s for s in chunk}
    picked_people = _rank_bonus(picks.get("actors", []))
    for p in present:
        score = picked_people.get(p.name, 0) + len(p.mentions) / 10 + (0.5 if p.role else 0)
        items.actors.append((_person_actor(doc, p), score))
    picked_q = _rank_bonus(picks.get("questions", []))
    for sid, (strength, why, question) in cue.items():
        q = OpenQuestion(question=question, why=why, evidence=_sentence_evidence(doc, [by_id[sid]]))
        items.questions.append((q, strength + picked_q.get(sid, 0)))
    return items


def candidate_sentences(chunk: list[Sentence], present: list[candidates.Person], cue_ids,
                        title: str | None = None) -> list[Sentence]:
    """What the model chooses among, in reading order: the sentence where each present person is
    first named in full in the chunk (after the headline, which the prompt already shows), and
    each sentence that states an open question. A long sentence is cut to ``EXCERPT_WORDS`` words
    from a few before its first such name (a question's from its start), marked with "…"."""
    starts = [s.start for s in chunk]
    lo, hi = chunk[0].start, chunk[-1].end
    anchor: dict[int, int] = {}  # sentence id → the offset its excerpt is cut around
    by_id = {s.id: s for s in chunk}
    for sid in cue_ids:
        anchor[sid] = by_id[sid].start
    for p in present:
        where = [(chunk[bisect.bisect_right(starts, s) - 1], s, e - s == len(p.name))
                 for s, e in p.mentions if lo <= s < hi]
        where = [w for w in where if w[0].text != title]
        named = [w for w in where if w[2]] or where  # the full name, else a surname
        if named:
            sent, at, _ = min(named, key=lambda w: w[1])
            anchor[sent.id] = min(anchor.get(sent.id, at), at)
    return [_excerpt(s, anchor[s.id]) for s in chunk if s.id in anchor]


EXCERPT_WORDS = 30  # ~40 tokens; a run-on "sentence" (XSum's glued ones reach 200 words) costs no more


def _excerpt(s: Sentence, at: int, before: int = 8) -> Sentence:
    words = s.text.split()
    if len(words) <= EXCERPT_WORDS:
        return s
    first = max(0, min(len(s.text[: at - s.start].split()) - before, len(words) - EXCERPT_WORDS))
    last = first + EXCERPT_WORDS
    text = ("… " if first else "") + " ".join(words[first:last]) + (" …" if last < len(words) else "")
    return Sentence(id=s.id, start=s.start, end=s.end, text=text)


def _choose(llm: StructuredLLM, tpl, doc: Document, chunk: list[Sentence], present, cue) -> dict:
    names = [p.name for p in present]
    if len(names) < 2 and len(cue) < 2:
        return {}  # nothing to order: the lone person or question is kept without asking
    fields: dict = {}
    # the first few picks carry the ranking; a longer list is mostly the small model repeating names
    if names:
        fields["actors"] = (names, min(MAX_PICKS, len(names)))
    if cue:
        fields["questions"] = (list(cue), min(3, len(cue)))
    sentences = candidate_sentences(chunk, present, cue, doc.title)
    return _ask(llm, tpl, tpl.choose(doc.title, sentences, names, list(cue)), fields)


def _choose_in_chunk(llm: StructuredLLM, tpl, doc: Document, chunk: list[Sentence], present, cue, n_points) -> dict:
    """The extractive-v1 request: the whole chunk, with point picks (a template without ``choose``)."""
    eligible = [s for s in chunk if len(s.text.split()) >= 8 and not selection.is_title(s.text, doc.title)
                and not selection.is_furniture(s.text)]
    fields: dict = {"points": ([s.id for s in eligible], n_points)} if eligible else {}
    if present:
        names = [p.name for p in present]
        fields["actors"] = (names, min(MAX_ACTORS, len(names)))
    if cue:
        fields["questions"] = (list(cue), 3)
    if not fields:
        return {}
    return _ask(llm, tpl, tpl.user(doc.title, chunk, [p.name for p in present], list(cue), n_points), fields)


def _ask(llm: StructuredLLM, tpl, user: str, fields: dict) -> dict:
    messages = [{"role": "system", "content": tpl.system()}, {"role": "user", "content": user}]
    # the schema written directly; pydantic only for a bad reply
    return llm.complete(messages, Choice("Selection", fields), name="selection", max_tokens=320).model_dump()


def selected_points(doc: Document, sentences: list[Sentence], n_points: int, picks: list[int]) -> list[SummaryPoint]:
    """The brief's points for the extractive strategy: ``selection`` on the whole article, each
    point the trimmed sentence span itself (so its text is its quote), in reading order."""
    out = []
    gaps = [doc.text[(sentences[k - 1].end if k else 0):s.start] for k, s in enumerate(sentences)]
    for i, a, b in selection.points([s.text for s in sentences], n_points=n_points, model_picks=picks,
                                     title=doc.title, gaps=gaps):
        s = sentences[i]
        ev = evidence_at(doc.text, s.start + a, s.start + b)
        out.append(SummaryPoint(text=ev.quote, evidence=[ev]))
    return out


def _rank_bonus(ranked: list) -> dict:
    """Model picks → bonus in (0, 1], first pick highest; duplicates ignored."""
    out: dict = {}
    for item in ranked:
        out.setdefault(item, 1.0 - len(out) / (len(ranked) + 1))
    return out


def _person_actor(doc: Document, p: candidates.Person) -> Actor:
    first = p.mentions[0]
    if p.role_span:
        rs, re_ = p.role_span
        if 0 <= first[0] - re_ <= 3:  # "Defense Minister Yoav Gallant"
            return Actor(name=p.name, role=p.role, evidence=[evidence_at(doc.text, rs, first[1])])
        return Actor(
            name=p.name, role=p.role,
            evidence=[evidence_at(doc.text, rs, re_), evidence_at(doc.text, first[0], first[1])],
        )
    return Actor(name=p.name, role="", evidence=[evidence_at(doc.text, *first)])  # no descriptor, no role


# -- abstractive ---------------------------------------------------------------------------
def abstractive_model(ids: list[int], n_points: int) -> type[BaseModel]:
    cite = Annotated[list[_ids_type(ids)], Field(min_length=1, max_length=3)]
    point = create_model("Point", text=(Annotated[str, Field(max_length=400)], ...), sentences=(cite, ...))
    actor = create_model(
        "KeyActor", name=(Annotated[str, Field(max_length=80)], ...),
        role=(Annotated[str, Field(max_length=100)], ...), sentences=(cite, ...),
    )
    question = create_model(
        "Question", question=(Annotated[str, Field(max_length=200)], ...),
        why=(Annotated[str, Field(max_length=200)], ...), sentences=(cite, ...),
    )
    return create_model(
        "BriefDraft",
        points=(Annotated[list[point], Field(max_length=n_points)], ...),
        actors=(Annotated[list[actor], Field(max_length=MAX_ACTORS)], ...),
        questions=(Annotated[list[question], Field(max_length=MAX_QUESTIONS)], ...),
    )


def run_abstractive(
    llm: StructuredLLM, doc: Document, chunk: list[Sentence], n_points: int, *, repair: list | None = None,
    tpl,
) -> ChunkItems:
    messages = [
        {"role": "system", "content": tpl.system()},
        {"role": "user", "content": tpl.user(doc.title, chunk, n_points)},
    ]
    if repair:
        messages.append({"role": "user", "content": tpl.repair(repair)})
    draft = llm.complete(
        # the prompt asks for n_points; the schema tolerates a few more (cut after verification)
        # so a model that writes 4 points for 3 does not lose the whole brief to a validation error
        messages, abstractive_model([s.id for s in chunk], max(n_points, 7)), name="brief_draft", max_tokens=1800
    )
    return draft_items(doc, chunk, draft)


def draft_items(doc: Document, chunk: list[Sentence], draft: BaseModel) -> ChunkItems:
    """Turn a model draft into brief items whose evidence is the cited sentences."""
    by_id = {s.id: s for s in chunk}
    items = ChunkItems()

    def cited(ids) -> list[Sentence]:
        return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]

    n = len(draft.points)
    for rank, p in enumerate(draft.points):
        items.points.append(
            (SummaryPoint(text=p.text.strip(), evidence=_sentence_evidence(doc, cited(p.sentences))), 1 - rank / (n + 1))
        )
    for rank, a in enumerate(draft.actors):
        sents = cited(a.sentences)
        with_name = [s for s in sents if a.name in s.text] or sents
        items.actors.append(
            (Actor(name=a.name.strip(), role=a.role.strip(), evidence=_sentence_evidence(doc, with_name)), 2 - rank / MAX_ACTORS)
        )
    for rank, q in enumerate(draft.questions):
        items.questions.append(
            (OpenQuestion(question=q.question.strip(), why=q.why.strip(), evidence=_sentence_evidence(doc, cited(q.sentences))), 3 - rank)
        )
    return items


# -- the strategies as objects: what ``Session`` needs to know, without branching on names ------
class Extractive:
    """The model only chooses among source spans; points are selected on the whole article."""

    name = "extractive"
    output_reserve = 400  # tokens kept free for the reply: ids and names only
    model_writes_text = False  # every item is a verbatim source span: no entailment check, no re-ask

    def __init__(self, tpl):
        self.tpl = tpl

    def empty_prompt(self) -> str:
        if hasattr(self.tpl, "choose"):
            return self.tpl.choose("", [], [], [])
        return self.tpl.user("", [], [], [], 5)

    def prepare(self, doc: Document) -> list[candidates.Person]:
        return candidates.find_people(doc.text)

    def run_chunk(self, llm: StructuredLLM, doc: Document, chunk: list[Sentence], people, n_points: int) -> ChunkItems:
        return run_extractive(llm, doc, chunk, people, n_points, tpl=self.tpl)

    def finish(self, merged: ChunkItems, parts: list[ChunkItems], doc: Document, sentences: list[Sentence],
               n_points: int) -> ChunkItems:
        picks = [i for p in parts for i in p.picks]
        merged.points = [(p, 1.0) for p in selected_points(doc, sentences, n_points, picks)]
        return merged


class Abstractive:
    """The model writes points, roles and questions, citing sentence ids; all of it is checked."""

    name = "abstractive"
    output_reserve = 1900  # tokens kept free for a written draft
    model_writes_text = True  # checked for entailment by the cited text; failures re-asked once

    def __init__(self, tpl):
        self.tpl = tpl

    def empty_prompt(self) -> str:
        return self.tpl.user("", [], 5)

    def prepare(self, doc: Document) -> None:
        return None

    def run_chunk(self, llm: StructuredLLM, doc: Document, chunk: list[Sentence], _ctx, n_points: int) -> ChunkItems:
        return run_abstractive(llm, doc, chunk, n_points, tpl=self.tpl)

    def finish(self, merged: ChunkItems, parts, doc, sentences, n_points) -> ChunkItems:
        return merged

    def repair(self, llm, doc, chunk, failures, n_points) -> ChunkItems:
        return run_abstractive(llm, doc, chunk, n_points, repair=failures, tpl=self.tpl)


def strategy_for(name: str, prompts_dir: str | None = None) -> Extractive | Abstractive:
    """The strategy object for ``extractive`` or ``abstractive``, with its prompt template."""
    kinds = {"extractive": Extractive, "abstractive": Abstractive}
    return kinds[name](template(name, prompts_dir))
