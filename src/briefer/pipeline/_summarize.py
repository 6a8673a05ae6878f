"""Stage 5: one article → one verified ``Brief`` (the Python API behind ``briefer summarize``).

Long articles go map → merge: each sentence-aligned chunk yields scored items, and the merge is
structural (points ranked and de-duplicated, actors merged across aliases such as "Gallant" /
"Yoav Gallant", questions de-duplicated). Then every item is verified; failures get one re-ask
(abstractive) or are dropped, and the ``grounding`` block says what happened.
"""

from __future__ import annotations

import copy
from dataclasses import replace
import time
from collections.abc import Callable

from ..extraction import load_document
from ..model import ResponseCache
from ..model import Deferred
from ..text import jaccard, same_person, word_set
from ..extraction import chunk_sentences, count_tokens
from ..sentences import split_sentences
from ..config import LOCAL_CONTEXT, Settings, resolve
from ..model import Endpoint
from ..errors import EmptyBrief, InputError
from ..furniture import CONTINUES, leads_in
from ..model import StructuredLLM
from ..schemas import MAX_ACTORS, MAX_POINTS, MAX_QUESTIONS, Actor, Brief, Document, Source, Usage
from ..grounding import NormText, Rejected, Verified, verify_items
from ._selection import default_points, is_furniture, is_title, trim
from ._strategies import ChunkItems, choose_strategy, strategy_for

ChunkProgress = Callable[[int, int], None]  # (chunks done, chunks in all)
_MAX_CHUNK = 12_000


def summarize(
    source: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model_path: str | None = None,
    strategy: str | None = None,
    cache: bool | None = None,
    settings: Settings | None = None,
    progress: ChunkProgress | None = None,
    allow_private: bool = False,
    points: int | None = None,
    timeout: float | None = None,
    max_input_tokens: int | None = None,
    **options,
) -> Brief:
    """Summarize a path, URL or ``-`` (stdin) into a grounded ``Brief`` of ``points`` points
    (default: 3 for a typical article, 1–2 for a short one).

    Raises ``EmptyBrief`` (a ``ModelError``; the CLI's exit 4) when no summary point survives
    verification: an empty brief is never returned as a success. The exception's ``brief``
    holds what came back. ``Session.summarize_document`` returns such a brief as is (evals and
    the daily brief count it as a failure themselves); check it with ``require_points``.

    ``timeout`` bounds a fetch and each model call (default 20 s and 120 s); ``max_input_tokens``
    caps the article; ``options`` are any other ``Settings`` keys (``prompts_dir``,
    ``response_format``, ``temperature``, ``seed``, ``context_window`` ...). Resolved by
    ``config.resolve``, as the command line is; ``settings`` replaces the model settings whole."""
    resolved, fetch = resolve(options, model=model, base_url=base_url, api_key=api_key, model_path=model_path,
                              strategy=strategy, cache=cache, allow_private=allow_private, timeout=timeout,
                              max_input_tokens=max_input_tokens)
    settings = settings or resolved
    doc = load_document(source, replace(fetch, cache=fetch.cache and settings.cache))
    with Session(settings) as session:
        return require_points(session.summarize_document(doc, progress=progress, points=points))


def require_points(brief: Brief) -> Brief:
    """``brief`` if it has a verified summary point, else ``EmptyBrief`` with the one-line reason."""
    why = brief.why_empty()
    if why is None:
        return brief
    hint = ("; --strategy extractive quotes the article's own sentences, or use a larger model (--base-url/--model)"
            if brief.usage.strategy == "abstractive" else "")
    raise EmptyBrief(why + hint, brief)


class Session:
    """A model connection (client, cache, usage) reused across documents."""

    def __init__(self, settings: Settings, *, http_client=None, cache=None, load_model: bool = True):
        """``cache`` replaces the on-disk response cache (e.g. a ``Cassette``); ``load_model=False``
        defers loading the embedded model (a replayed run never needs it)."""
        self.settings = settings
        self.endpoint = Endpoint(settings, http_client=http_client, load_model=load_model)
        self.model = self.endpoint.model
        if cache is not None:
            self.cache = cache
        else:
            self.cache = ResponseCache(settings.resolved_cache_path()) if settings.cache else None
        self.strategy = choose_strategy(settings.strategy, self.model, settings.local)
        self.window = settings.context_window or (LOCAL_CONTEXT if settings.local else settings.window(self.model))
        self.plan = strategy_for(self.strategy, settings.prompts_dir)
        self.template = self.plan.tpl
        self._overhead: int | None = None

    @property
    def client(self):
        """The endpoint's openai client (made on first use)."""
        return self.endpoint.client

    def prepare(self) -> None:
        """Connect (and load the embedded model) before work fans out to threads."""
        self.endpoint.prepare()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
        self.endpoint.close()

    def using(self, cache) -> Session:
        """This session answering from another response cache (the Batch API's collector), sharing
        the connection and settings; the original is untouched. Close only the original."""
        other = copy.copy(self)
        other.cache = cache
        return other

    def _llm(self, usage: Usage, seed: int | None = None) -> StructuredLLM:
        return self.endpoint.llm(cache=self.cache, usage=usage, seed=seed)

    def _prompt_overhead(self) -> int:
        """Tokens of the prompt without the article (computed once per session)."""
        if self._overhead is None:
            self._overhead = count_tokens(self.template.system()) + count_tokens(self.plan.empty_prompt())
        return self._overhead

    def chunk_budget(self, doc: Document) -> int:
        """Source tokens per chunk: the window minus the prompt's own size and the output reserve."""
        overhead = self._prompt_overhead() + count_tokens(doc.title or "") + 200
        margin = 0.75 if self.settings.local else 0.9  # tiktoken vs the model's own tokenizer
        budget = int((self.window - overhead - self.plan.output_reserve) * margin)
        if budget < 200:
            raise InputError(f"context window {self.window} is too small for briefer's prompt")
        return min(budget, _MAX_CHUNK)

    def summarize_document(
        self, doc: Document, *, progress: ChunkProgress | None = None, seed: int | None = None, points: int | None = None,
    ) -> Brief:
        """Brief one document; ``seed`` overrides the settings' sampling seed (eval repeats);
        ``points`` caps the summary (default ``selection.default_points``: 3, fewer when short).

        Extractive: the points are selected on the whole article (``selection``), not per chunk,
        so a long article's brief is still its lead-weighted best few sentences in reading order;
        the model's per-chunk picks are passed on as one signal. Abstractive: the model's points,
        capped, are shown in the order their cited sentences appear."""
        started = time.perf_counter()
        usage = Usage(model=self.model, strategy=self.strategy, prompt=getattr(self.template, "version", None))
        llm = self._llm(usage, seed)
        sentences = split_sentences(doc.text)
        if not sentences:
            raise InputError(f"{doc.url or doc.path or 'input'}: no sentences to summarize")
        chunks = chunk_sentences(sentences, self.chunk_budget(doc))
        n_points = max(1, min(points or default_points([s.text for s in sentences]), MAX_POINTS))
        context = self.plan.prepare(doc)
        parts: list[ChunkItems] = []
        deferred = None
        for i, chunk in enumerate(chunks):
            try:
                parts.append(self.plan.run_chunk(llm, doc, chunk, context, n_points))
            except Deferred as exc:  # chunks are independent: a Batch API round collects all of their requests
                deferred = deferred or exc
                continue
            if progress:
                progress(i + 1, len(chunks))
        if deferred is not None:
            raise deferred
        merged = self.plan.finish(merge(parts), parts, doc, sentences, n_points)
        merged.points = [(p, score) for p, score in merged.points if not is_title(p.text, doc.title)]  # a model's too
        result = verify_items(merged, NormText(doc.text), (n_points, MAX_ACTORS, MAX_QUESTIONS),
                              entailment=self.plan.model_writes_text)
        if result.failed and self.plan.model_writes_text:
            self._repair(llm, doc, chunks, result)
        result.points.sort(key=lambda p: min((e.start for e in p.evidence), default=0))  # reading order
        usage.seconds = round(time.perf_counter() - started, 4)
        usage.model_seconds = round(usage.model_seconds, 4)
        return Brief(
            title=doc.title or _untitled([s.text for s in sentences]),
            source=Source(
                url=doc.url, path=doc.path, title=doc.title, published=doc.published,
                chars=len(doc.text), tokens=count_tokens(doc.text), authors=doc.authors,
                site_name=doc.site_name, language=doc.language, paywall=doc.paywall,
            ),
            summary=result.points,
            key_actors=result.actors,
            open_questions=result.questions,
            grounding=result.grounding(),
            usage=usage,
        )

    def _repair(self, llm: StructuredLLM, doc: Document, chunks, result: Verified) -> None:
        """One re-ask per chunk for the items that failed; a grounded replacement repairs one.

        A replacement that repeats a kept item (same person, or a point/question whose words
        overlap a kept one's) is not added: the failure then stays in ``result.failed`` and so is
        reported in ``grounding.dropped`` instead of showing the same thing twice."""
        src = NormText(doc.text)
        for chunk in chunks:
            lo, hi = chunk[0].start, chunk[-1].end
            mine = [f for f in result.failed if f.start is None or lo <= f.start < hi]
            if not mine:
                continue
            llm.usage.reasks += 1
            again = verify_items(self.plan.repair(llm, doc, _around(chunk, mine), mine, len(mine)), src,
                                 entailment=self.plan.model_writes_text)
            for kind, new_items, have in (
                ("point", again.points, result.points),
                ("actor", again.actors, result.actors),
                ("question", again.questions, result.questions),
            ):
                fresh = [x for x in new_items if not _duplicate(kind, x, have)]
                for failure in [f for f in mine if f.kind == kind]:
                    while fresh and _duplicate(kind, fresh[0], have):
                        fresh.pop(0)  # two replacements may repeat each other
                    if not fresh:
                        break
                    have.append(fresh.pop(0))
                    result.failed.remove(failure)
                    result.repaired += 1


def _duplicate(kind: str, item, have: list) -> bool:
    """Does ``item`` repeat one of ``have``: the same person, or a point/question that shares most
    of its words with a kept one (the thresholds ``merge`` uses)?"""
    if kind == "actor":
        return any(same_person(item.name, x.name) for x in have)
    text = (lambda x: x.text) if kind == "point" else (lambda x: x.question)
    words = word_set(text(item))
    return any(jaccard(words, word_set(text(x))) >= (0.6 if kind == "point" else 0.5) for x in have)


def _around(chunk: list, failures: list[Rejected], width: int = 2) -> list:
    """The sentences near the failed items' evidence: all a re-ask needs to resend."""
    if any(f.start is None for f in failures):
        return chunk
    hits = {i for i, s in enumerate(chunk) for f in failures if s.start <= f.start < s.end}
    keep = {j for i in hits for j in range(i - width, i + width + 1)}
    return [s for i, s in enumerate(chunk) if i in keep] or chunk


def _untitled(sentences: list[str]) -> str:
    """The title of an article without a headline: the first words of its first sentence that is not
    furniture nor a lead-in ending in a colon, less a glued dateline ("LOS ANGELES (AP) — A 9-year-old
    boy…"), of 4 words at least (a caption's stray "(AP…" is no title)."""
    for s in sentences:
        a, b = trim(s, attribution=False)
        if len(s[a:b].split()) >= 4 and not is_furniture(s) and not is_furniture(s[a:b]) and not leads_in(s):
            return _first_words(s[a:b])
    return _first_words(sentences[0])


def _first_words(text: str, n: int = 12, slack: int = 4) -> str:
    """A title for a text without a headline: its first sentence, whole when it is at most ``n + slack``
    words, else its first ``n`` words less the words a phrase goes on after ("…the assassination-style
    murder of…" → "…the assassination-style murder…"), and a cut comma ("…in Los Angeles,…")."""
    words = text.split()
    if len(words) <= n + slack:
        return " ".join(words).rstrip(" .")
    cut = words[:n]
    while len(cut) > n // 2 and cut[-1].lower().strip(",;:") in CONTINUES:
        cut.pop()
    return " ".join(cut).rstrip(",;:—–-") + "…"


def _dedupe(scored: list, key, threshold: float, limit: int) -> list:
    """Best-first, skipping items whose words overlap a kept one by ``threshold`` (Jaccard)."""
    kept: list = []
    bags: list[frozenset[str]] = []
    for item, score in sorted(scored, key=lambda x: -x[1]):
        words = word_set(key(item))
        if any(jaccard(words, b) >= threshold for b in bags):
            continue
        kept.append((item, score))
        bags.append(words)
        if len(kept) >= limit:
            break
    return kept


def merge(parts: list[ChunkItems]) -> ChunkItems:
    """Merge chunk outputs structurally: rank, de-duplicate, merge actor aliases.

    Lists are cut at three times what a brief shows, leaving spares for items verification drops.
    """
    out = ChunkItems()
    out.points = _dedupe([x for p in parts for x in p.points], lambda p: p.text, 0.6, 3 * MAX_POINTS)
    out.questions = _dedupe([x for p in parts for x in p.questions], lambda q: q.question, 0.5, 3 * MAX_QUESTIONS)
    actors: list[tuple[Actor, float]] = []
    for actor, score in sorted((x for p in parts for x in p.actors), key=lambda x: -x[1]):
        for i, (kept, kept_score) in enumerate(actors):
            if same_person(actor.name, kept.name):
                actors[i] = (_merge_actor(kept, actor), kept_score + score / 2)
                break
        else:
            actors.append((actor, score))
    out.actors = sorted(actors, key=lambda x: -x[1])
    return out



def _merge_actor(a: Actor, b: Actor) -> Actor:
    name = max((a.name, b.name), key=lambda n: (len(n.split()), len(n)))
    role = a.role or b.role
    evidence = a.evidence + [e for e in b.evidence if (e.start, e.end) not in {(x.start, x.end) for x in a.evidence}]
    return Actor(name=name, role=role, evidence=evidence[:3])
