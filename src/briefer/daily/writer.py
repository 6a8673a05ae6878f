"""The story writer: with a capable endpoint, the model tells a story's facts in its own words, still grounded.

``synthesis`` tells a story of several articles by its facts' own sentences (the extractive default,
and all the embedded model is given). With ``--story-writer model`` (the default with an endpoint,
``config.choose_story_writer``), one request per such story hands the model those facts, numbered,
with the outlets reporting each, and asks for at most ``MAX_POINTS`` short, neutral points
(``MAX_WORDS`` in all), each listing the ids of the facts it states (``prompts/story.j2``). Nothing
the model writes is shown unchecked:

- a point naming a fact id the story does not have, or a fact another point already tells, is dropped;
- a kept point's evidence is every cited sentence of the facts it names (each outlet's own span,
  offsets as ``synthesis`` verified them), so it still cites every outlet that reports them;
- it must be entailed by those sentences (``grounding.check_entailed``, the check every model-written
  brief point passes: the ``entail`` model, a name or number the sentences lack scoring 0);
- a dropped point's facts are told by their extractive sentences, in the facts' order; written
  points that would take the story over its word budget are dropped last-first the same way.

A failed request (timeout, malformed JSON after the re-asks, HTTP errors) leaves the story's
extractive points and is noted; it never fails the brief. Not written: stories of one article (their
brief's points), the ``differences`` (one outlet's facts, told as that outlet's sentence), the runs
under ``--batch`` (story requests are not batched), and any once the token budget is spent.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, Field

from ..config import Settings, choose_story_writer
from ..errors import BrieferError
from .options import Options
from .schemas import Story, StoryPoint
from .synthesis import MAX_POINTS, MAX_WORDS, _words

MAX_POINT_WORDS = 45  # one written point: a sentence, two facts at most; longer is a paragraph, not a point


class WrittenPoint(BaseModel):
    text: Annotated[str, Field(max_length=400)]
    facts: Annotated[list[int], Field(min_length=1, max_length=MAX_POINTS)]


class StoryDraft(BaseModel):
    # the prompt asks for MAX_POINTS; a few more are tolerated (and cut after grounding), so one extra
    # point does not cost the whole story a re-ask
    points: Annotated[list[WrittenPoint], Field(max_length=MAX_POINTS + 3)]


@dataclass
class Written:
    """What the story writer did in one run: requests, what was kept, and what was not (for the notes)."""

    stories: int = 0  # stories asked for
    written: int = 0  # stories showing at least one written point
    points: int = 0  # written points shown
    calls: int = 0  # model calls paid for (cached replies are not)
    tokens: int = 0
    dropped: list[str] = field(default_factory=list)  # "title: why", one per written point not shown
    failed: list[str] = field(default_factory=list)  # "title: error", one per story whose request failed
    skipped: str | None = None  # why no story was written at all

    @property
    def complete(self) -> bool:
        """Is the brief what a rerun would make (no request failed, none skipped for the budget)? Only then is
        it stored for an unchanged rerun to replay."""
        return not self.failed and not (self.skipped and "budget" in self.skipped)

    def notes(self) -> list[str]:
        out = []
        if self.skipped:
            out.append(f"story writer: {self.skipped}; stories keep their facts' own sentences")
        if self.stories and not self.skipped:
            out.append(f"story writer: {self.written} of {self.stories} stories written ({self.points} points, "
                       f"{len(self.dropped)} dropped unverified)")
        out += [f"story writer failed, extractive points kept: {f}" for f in self.failed]
        return out


def story_writer(settings: Settings, opts: Options, *, batch: bool = False) -> StoryWriter | None:
    """The run's story writer, or None when stories keep their extractive points (``--story-writer``)."""
    if choose_story_writer(settings.story_writer, settings.local, settings.model) != "model":
        return None
    return StoryWriter(settings, opts, batch=batch)


class StoryWriter:
    """Rewrites the stories of one daily brief (``__call__``), its requests on the brief's concurrency."""

    def __init__(self, settings: Settings, opts: Options, *, batch: bool = False):
        self.settings, self.opts, self.batch = settings, opts, batch
        self.report = Written()
        self._lock = threading.Lock()

    def __call__(self, stories: list[Story], spent: int = 0) -> Written:
        """Rewrite ``stories`` in place (those of several articles); ``spent``: tokens the brief used so far."""
        jobs = [s for s in stories if len(s.articles) > 1 and s._facts is not None and s.points]  # told by facts
        if not jobs:
            return self.report
        why = self._why_not(spent)
        if why:
            self.report.skipped = why
            return self.report
        from ..model import Endpoint, ResponseCache

        tpl = story_template(self.settings.prompts_dir)
        endpoint = Endpoint(self.settings, load_model=False)
        cache = ResponseCache(self.settings.resolved_cache_path()) if self.settings.cache else None
        workers = 1 if self.settings.local else max(1, min(self.opts.concurrency, len(jobs)))
        try:
            endpoint.prepare()
            with ThreadPoolExecutor(workers) as pool:
                drafts = list(pool.map(lambda s: self._ask(endpoint, cache, tpl, s, spent), jobs))
        finally:
            if cache is not None:
                cache.close()
            endpoint.close()
        for story, draft in zip(jobs, drafts):  # entailment here, in this thread: the checker's model loads once
            if draft is not None:
                self._ground(story, draft)
        return self.report

    def _why_not(self, spent: int) -> str | None:
        if self.batch:
            return "not used under --batch (story requests are not batched)"
        if self.opts.budget is not None and spent >= self.opts.budget:
            return f"not used: the token budget ({self.opts.budget:,}) is spent"
        from .. import grounding

        missing = grounding.why_unavailable()
        return f"not used: written points could not be checked ({missing})" if missing else None

    def _ask(self, endpoint, cache, tpl, story: Story, spent: int) -> StoryDraft | None:
        """The story's one request; None when it was not made or failed (noted)."""
        import openai

        from ..schemas import Usage

        with self._lock:
            if self.opts.budget is not None and spent + self.report.tokens >= self.opts.budget:
                self.report.failed.append(f"{story.title}: the token budget ({self.opts.budget:,}) is spent")
                return None
            self.report.stories += 1
        facts = [{"id": k + 1, "text": p.text, "outlets": p.outlets} for k, p in enumerate(story.points)]
        messages = [{"role": "system", "content": tpl.system()},
                    {"role": "user", "content": tpl.user(story.title, facts, MAX_POINTS, MAX_WORDS)}]
        usage = Usage(model=endpoint.model)
        try:
            return endpoint.llm(cache=cache, usage=usage).complete(messages, StoryDraft, name="story_draft",
                                                                   max_tokens=600)
        except (BrieferError, openai.OpenAIError) as exc:
            with self._lock:
                self.report.failed.append(f"{story.title}: {exc}")
            return None
        finally:
            with self._lock:
                self.report.calls += usage.calls
                self.report.tokens += usage.total_tokens

    def _ground(self, story: Story, draft: StoryDraft) -> None:
        points, dropped = ground(story.points, draft)
        self.report.dropped += [f"{story.title}: {why}" for why in dropped]
        kept = sum(p.written for p in points)
        if kept:
            story.points = points
            self.report.written += 1
            self.report.points += kept


def ground(extractive: list[StoryPoint], draft: StoryDraft) -> tuple[list[StoryPoint], list[str]]:
    """The story's points from the model's ``draft`` of its facts (``extractive``: one point per fact, in
    order; fact id k is ``extractive[k - 1]``): each verified written point at its first fact's place, every
    fact no kept point states told by its own sentence. Returns (points, why each written point was dropped)."""
    from ..grounding import check_entailed

    accepted: list[tuple[list[int], StoryPoint]] = []
    taken: set[int] = set()
    dropped: list[str] = []
    for wp in draft.points:
        text = " ".join(wp.text.split())
        ids = list(dict.fromkeys(wp.facts))
        unknown = [i for i in ids if not 1 <= i <= len(extractive)]
        why = None
        if len(accepted) >= MAX_POINTS:
            why = f"more than {MAX_POINTS} points"
        elif unknown:
            why = f"names no fact of the story ({', '.join(map(str, unknown))})"
        elif not text:
            why = "empty"
        elif taken & {i - 1 for i in ids}:
            why = "tells a fact another point already tells"
        elif _words(text) > MAX_POINT_WORDS:
            why = f"longer than {MAX_POINT_WORDS} words"
        if why is None:
            facts = [extractive[i - 1] for i in ids]
            seen, evidence = set(), []
            for c in (c for p in facts for c in p.evidence):
                if (c.article, c.start, c.end) not in seen:
                    seen.add((c.article, c.start, c.end))
                    evidence.append(c.model_copy())
            point = StoryPoint(text=text, evidence=evidence, written=True,
                               outlets=list(dict.fromkeys(o for p in facts for o in p.outlets)))
            why = check_entailed("point", point).reason
        if why is not None:
            dropped.append(f"{text[:80]!r} {why}")
            continue
        accepted.append(([i - 1 for i in ids], point))
        taken.update(i - 1 for i in ids)
    budget = max(MAX_WORDS, sum(_words(p.text) for p in extractive))  # the extractive story may run over by its lead
    while True:
        points = layout(extractive, accepted)
        if not accepted or sum(_words(p.text) for p in points) <= budget:
            return points, dropped
        _, last = accepted.pop()
        dropped.append(f"{last.text[:80]!r} takes the story over {budget} words")


def layout(extractive: list[StoryPoint], accepted: list[tuple[list[int], StoryPoint]]) -> list[StoryPoint]:
    """Facts in order: a written point where its first fact was, a fact no written point states as itself."""
    first = {min(idx): p for idx, p in accepted}
    covered = {k for idx, _ in accepted for k in idx}
    return [first[k] if k in first else p for k, p in enumerate(extractive) if k in first or k not in covered]


def story_template(folder: str | None = None):
    """``story.j2`` from ``folder`` (``--prompts-dir``) when it has one, else the shipped template."""
    from pathlib import Path

    from ..resources import prompt_templates

    has = folder is not None and (Path(folder) / "story.j2").is_file()
    return prompt_templates(folder if has else None).get_template("story.j2").module

