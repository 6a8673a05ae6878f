"""Stage 5: one article → one verified ``Brief`` (the Python API behind ``briefer summarize``).

Long articles go map → merge: each sentence-aligned chunk yields scored items, and the merge is
structural (points ranked and de-duplicated, actors merged across aliases such as "Gallant" /
"Yoav Gallant", questions de-duplicated). Then every item is verified; failures get one re-ask
(abstractive) or are dropped, and the ``grounding`` block says what happened.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import candidates, extract, ground
from .cache import ResponseCache
from .clean import jaccard, word_set
from .chunk import chunk_sentences, count_tokens, split_sentences
from .config import Settings, load_settings
from .errors import InputError
from .llm import StructuredLLM
from .schemas import Actor, Brief, Document, Dropped, Grounding, OpenQuestion, Source, SummaryPoint, Usage
from .strategies import ChunkItems, centrality, choose_strategy, run_abstractive, run_extractive, template

Progress = Callable[[int, int], None]
MAX_POINTS, MAX_ACTORS, MAX_QUESTIONS = 7, 12, 4
_OUTPUT_RESERVE = {"extractive": 400, "abstractive": 1900}
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
    progress: Progress | None = None,
    allow_private: bool = False,
) -> Brief:
    """Summarize a path, URL or ``-`` (stdin) into a grounded ``Brief``."""
    settings = settings or load_settings(
        model=model, base_url=base_url, api_key=api_key, model_path=model_path, strategy=strategy, cache=cache
    )
    doc = extract.load_document(source, allow_private=allow_private, cache=settings.cache)
    with Session(settings) as session:
        return session.summarize_document(doc, progress=progress)


class Session:
    """A model connection (client, cache, usage) reused across documents."""

    def __init__(self, settings: Settings, *, http_client=None, cache=None, load_model: bool = True):
        """``cache`` replaces the on-disk response cache (e.g. a ``Cassette``); ``load_model=False``
        defers loading the embedded model (a replayed run never needs it)."""
        self.settings = settings
        self._transport = None
        if settings.local and http_client is None:
            from .local import LOCAL_BASE_URL, LlamaTransport, default_model_path, local_http_client

            transport = LlamaTransport(settings.model_path or default_model_path(), n_ctx=settings.context_window or 4096)
            if load_model:
                transport.load()
            self._transport = transport
            http_client = local_http_client(transport)
            base_url, api_key = LOCAL_BASE_URL, "local"
            self.model = transport.model_id
        else:
            base_url, api_key = settings.base_url, settings.api_key or "not-needed"
            self.model = settings.model or "default"
        self._connect = (base_url, api_key, http_client)
        self._client = None
        self._client_lock = threading.Lock()
        if cache is not None:
            self.cache = cache
        else:
            self.cache = ResponseCache(settings.resolved_cache_path()) if settings.cache else None
        self.strategy = choose_strategy(settings.strategy, self.model, settings.local)
        self.window = settings.context_window or (4096 if settings.local else settings.window(self.model))
        self.template = template(self.strategy, settings.prompts_dir)
        self._overhead: int | None = None

    @property
    def client(self):
        """The openai client, made on first use (a run answered from the store never needs one)."""
        with self._client_lock:
            if self._client is None:
                import openai

                base_url, api_key, http_client = self._connect
                self._client = openai.OpenAI(base_url=base_url, api_key=api_key, max_retries=0,
                                             timeout=self.settings.timeout, http_client=http_client)
            return self._client

    def prepare(self) -> None:
        """Connect (and load the embedded model) now, before work fans out to threads: a bad
        model file is then one error, not one per article."""
        if self._transport is not None:
            self._transport.load()
        self.client  # noqa: B018 - creating it imports openai once, outside the worker threads

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()
        if self._client is not None:
            self._client.close()

    def _llm(self, usage: Usage, seed: int | None = None) -> StructuredLLM:
        s = self.settings
        return StructuredLLM(
            self.client, self.model, cache=self.cache, usage=usage,
            max_attempts=s.max_attempts, max_reasks=s.max_reasks, seed=s.seed if seed is None else seed,
            temperature=s.temperature,
        )

    def _prompt_overhead(self) -> int:
        """Tokens of the prompt without the article (computed once per session)."""
        if self._overhead is None:
            tpl = self.template
            user = tpl.user("", [], [], [], 5) if self.strategy == "extractive" else tpl.user("", [], 5)
            self._overhead = count_tokens(tpl.system()) + count_tokens(user)
        return self._overhead

    def chunk_budget(self, doc: Document) -> int:
        """Source tokens per chunk: the window minus the prompt's own size and the output reserve."""
        overhead = self._prompt_overhead() + count_tokens(doc.title or "") + 200
        margin = 0.75 if self.settings.local else 0.9  # tiktoken vs the model's own tokenizer
        budget = int((self.window - overhead - _OUTPUT_RESERVE[self.strategy]) * margin)
        if budget < 200:
            raise InputError(f"context window {self.window} is too small for briefer's prompt")
        return min(budget, _MAX_CHUNK)

    def summarize_document(self, doc: Document, *, progress: Progress | None = None, seed: int | None = None) -> Brief:
        """Brief one document; ``seed`` overrides the settings' sampling seed (eval repeats)."""
        started = time.perf_counter()
        usage = Usage(model=self.model, strategy=self.strategy, prompt=getattr(self.template, "version", None))
        llm = self._llm(usage, seed)
        sentences = split_sentences(doc.text)
        if not sentences:
            raise InputError(f"{doc.url or doc.path or 'input'}: no sentences to summarize")
        chunks = chunk_sentences(sentences, self.chunk_budget(doc))
        n_points = 5 if len(chunks) == 1 else MAX_POINTS
        people = candidates.find_people(doc.text) if self.strategy == "extractive" else []
        scores = centrality(sentences)
        parts: list[ChunkItems] = []
        for i, chunk in enumerate(chunks):
            if self.strategy == "extractive":
                parts.append(run_extractive(llm, doc, chunk, people, scores, n_points, tpl=self.template))
            else:
                parts.append(run_abstractive(llm, doc, chunk, n_points, tpl=self.template))
            if progress:
                progress(i + 1, len(chunks))
        result = verify(merge(parts), ground.NormText(doc.text), (n_points, MAX_ACTORS, MAX_QUESTIONS))
        if result.failed and self.strategy == "abstractive":
            self._repair(llm, doc, chunks, result)
        usage.seconds = round(time.perf_counter() - started, 4)
        usage.model_seconds = round(usage.model_seconds, 4)
        return Brief(
            title=doc.title or _first_words(sentences[0].text),
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
        """One re-ask per chunk for the items that failed; a grounded replacement repairs one."""
        src = ground.NormText(doc.text)
        for chunk in chunks:
            lo, hi = chunk[0].start, chunk[-1].end
            mine = [f for f in result.failed if f.start is None or lo <= f.start < hi]
            if not mine:
                continue
            llm.usage.reasks += 1
            again = verify(run_abstractive(llm, doc, _around(chunk, mine), len(mine), repair=mine, tpl=self.template), src)
            for kind, new_items, have in (
                ("point", again.points, result.points),
                ("actor", again.actors, result.actors),
                ("question", again.questions, result.questions),
            ):
                for failure in [f for f in mine if f.kind == kind][: len(new_items)]:
                    have.append(new_items.pop(0))
                    result.failed.remove(failure)
                    result.repaired += 1


def _around(chunk: list, failures: list[Failure], width: int = 2) -> list:
    """The sentences near the failed items' evidence: all a re-ask needs to resend."""
    if any(f.start is None for f in failures):
        return chunk
    hits = {i for i, s in enumerate(chunk) for f in failures if s.start <= f.start < s.end}
    keep = {j for i in hits for j in range(i - width, i + width + 1)}
    return [s for i, s in enumerate(chunk) if i in keep] or chunk


def _first_words(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


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
            if _same_person(actor.name, kept.name):
                actors[i] = (_merge_actor(kept, actor), kept_score + score / 2)
                break
        else:
            actors.append((actor, score))
    out.actors = sorted(actors, key=lambda x: -x[1])
    return out


def _same_person(a: str, b: str) -> bool:
    """"Gallant" ~ "Yoav Gallant" ~ "Defense Minister Yoav Gallant": one name's words within the other's."""
    wa, wb = a.lower().split(), b.lower().split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return short == long_ or (short[-1] == long_[-1] and set(short) <= set(long_))


def _merge_actor(a: Actor, b: Actor) -> Actor:
    name = max((a.name, b.name), key=lambda n: (len(n.split()), len(n)))
    role = a.role if a.role != "mentioned in the article" else b.role
    evidence = a.evidence + [e for e in b.evidence if (e.start, e.end) not in {(x.start, x.end) for x in a.evidence}]
    return Actor(name=name, role=role, evidence=evidence[:3])


@dataclass
class Failure:
    """An item that failed verification, and where its evidence points (for the re-ask)."""

    kind: str
    text: str
    reason: str
    start: int | None


@dataclass
class Verified:
    """Items that passed verification, and the failures, in rank order."""

    points: list[SummaryPoint] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    checked: int = 0
    repaired: int = 0

    def grounding(self) -> Grounding:
        rate = (self.checked - len(self.failed)) / self.checked if self.checked else 1.0
        return Grounding(
            rate=round(rate, 4), checked=self.checked, repaired=self.repaired,
            dropped=[Dropped(kind=f.kind, text=f.text, reason=f.reason) for f in self.failed],
        )


def verify(items: ChunkItems, src: ground.NormText, caps: tuple[int, int, int] = (5, MAX_ACTORS, MAX_QUESTIONS)) -> Verified:
    """Check items in rank order until each kind has ``caps`` grounded ones; record failures."""
    out = Verified()
    checks = (
        ("point", items.points, ground.check_point, out.points, lambda x: x.text),
        ("actor", items.actors, ground.check_actor, out.actors, lambda x: x.name),
        ("question", items.questions, ground.check_question, out.questions, lambda x: x.question),
    )
    for (kind, scored, check, kept, label), cap in zip(checks, caps):
        for obj, _score in scored:
            if len(kept) >= cap:
                break
            out.checked += 1
            result = check(obj, src)
            if result.reason:
                start = obj.evidence[0].start if obj.evidence else None
                out.failed.append(Failure(kind, label(obj)[:300], result.reason, start))
            else:
                out.repaired += result.repaired
                kept.append(obj)
    return out
