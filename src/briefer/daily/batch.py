"""``briefer brief --batch``: per-article model requests through the OpenAI Batch API.

No second code path for prompts: briefs are built exactly as usual, but a request the response
cache cannot answer is *collected* instead of sent. The collected requests go out as one batch
(upload JSONL, create, poll, download); the answers land in the response cache, and the briefs
are built again — now from the cache. Requests that only arise from those answers (re-asks,
repairs) make a further round. A round larger than one job may be (the OpenAI Batch API takes
50,000 requests and 200 MB per input file) is split over several jobs. The job ids are kept in
the store, so an interrupted invocation resumes polling the same jobs instead of paying twice.
Half price, up to 24 h of latency.
"""

from __future__ import annotations

import io
import json
import os
import time

from .keys import fingerprint
from .outcome import Briefed, committed, reused
from .run import Options, Progress, brief_all
from .schemas import Failure
from ..errors import ModelError
from .collect import BatchBrief, Collector, Pending, without_usage
from ..modes import reply_content

MAX_ROUNDS = 4
MAX_BYTES = 190 * 2**20  # per input file: the API's limit is 200 MB; kept below it


def max_requests() -> int:
    """Requests per job: the OpenAI Batch API's 50,000, or ``BRIEFER_BATCH_MAX_REQUESTS`` for an
    endpoint with another limit."""
    return max(1, int(os.environ.get("BRIEFER_BATCH_MAX_REQUESTS") or 50_000))


def brief_all_batch(session, docs, opts: Options, store, progress: Progress, show=None, *, note=None):
    """Like ``daily.brief_all``, with model requests submitted as Batch API jobs (this process's threads)."""
    collector = Collector(session.cache)
    collecting = session.using(collector)  # the caller's session keeps its own cache
    poll = _poll_seconds()
    briefed_now: set[int] = set()  # articles briefed in an earlier round of this run: new, not reused
    for _ in range(MAX_ROUNDS):
        collector.pending.clear()
        done, failures, budget = brief_all(collecting, docs, _serial(opts), store, Progress(total=len(docs)))
        briefed_now.update(id(d.doc) for d in done if not d.reused)
        if not collector.pending:  # every article answered: what failed now failed for real
            done = [d._replace(reused=False) if id(d.doc) in briefed_now else d for d in done]
            break
        _answer(session, collector.pending, store, poll, note,
                lambda key, reply: collector.put(key, session.model, reply))  # into the on-disk cache too
    else:
        raise ModelError(f"batch: requests still unanswered after {MAX_ROUNDS} rounds")
    _show(progress, show, done, failures)
    return done, failures, budget


def brief_batch_on(executor, session, docs, opts: Options, store, progress: Progress, show=None, *, note=None):
    """``brief_all_batch`` with both passes on ``executor``'s workers: each round, every article not
    yet briefed goes out with the answers it asked for so far (``collect.BatchBrief``) and comes back
    as its brief or as the requests it still needs. Building each brief twice is ~19 ms of CPU an
    article: 5 h in one driver at 1M articles, before the first job could even be submitted."""
    fp = fingerprint(session)
    poll = _poll_seconds()
    done: list[Briefed] = []
    failures: list[Failure] = []
    left: dict[int, tuple] = {}
    for i, (ref, doc) in enumerate(docs):
        kept = reused(store, fp, ref, doc)
        if kept is None:
            left[i] = (ref, doc)
        else:
            done.append(kept)
    answers: dict[str, dict] = {}
    asked: dict[int, set[str]] = {}  # per article, every request key it has needed
    for _ in range(MAX_ROUNDS):
        pending: dict[str, dict] = {}
        tasks = [(i, BatchBrief(doc, {k: answers[k] for k in asked.get(i, ()) if k in answers}))
                 for i, (_, doc) in left.items()]
        for i, got in executor.run(session.settings, tasks, opts.concurrency, lambda _i, doc: doc):
            if isinstance(got, Pending):
                asked.setdefault(i, set()).update(got.requests)
                pending.update(got.requests)
                continue
            ref, doc = left.pop(i)
            if isinstance(got, Failure):
                failures.append(got.model_copy(update={"source": ref.location}))
            else:
                done.append(committed(store, fp, ref, doc, got))
            _show(progress, show, done, failures)
        if not pending:
            break
        for key in list(pending):  # answered by an earlier invocation's job (an interrupted run resumed)
            hit = session.cache.get(key) if session.cache is not None else None
            if hit is not None:
                answers[key] = hit
                del pending[key]
        if pending:
            def keep(key: str, reply: dict) -> None:
                answers[key] = reply
                if session.cache is not None:
                    session.cache.put(key, session.model, without_usage(reply))

            _answer(session, pending, store, poll, note, keep)
    else:
        raise ModelError(f"batch: requests still unanswered after {MAX_ROUNDS} rounds")
    _show(progress, show, done, failures)
    return done, failures, False


def _poll_seconds() -> float:
    return float(os.environ.get("BRIEFER_BATCH_POLL", "30"))


def _answer(session, pending: dict[str, dict], store, poll: float, note, keep) -> None:
    """One round: the jobs an interrupted invocation left open, else new jobs for ``pending``;
    each job's answers go to ``keep(key, reply)`` (which puts them in the on-disk cache) before
    the job is closed in the store, so no answer paid for is lost to an interruption."""
    batch_ids = store.open_batches() or _submit(session.client, pending, store)
    _note(note, f"batch {', '.join(batch_ids)}: {len(pending)} request(s) to answer; polling every {poll:g}s")
    for batch_id in batch_ids:
        for key, reply in _collect(session.client, batch_id, poll, store, note).items():
            keep(key, reply)
        store.close_batch(batch_id)


def _show(progress: Progress, show, done: list, failures: list) -> None:
    progress.done, progress.failed = len(done), len(failures)
    progress.reused = sum(1 for d in done if d.reused)
    if show:
        show(progress)


def _serial(opts: Options) -> Options:
    """Building briefs from cached answers is CPU work: no need for many threads."""
    return Options(**{**opts.__dict__, "concurrency": min(opts.concurrency, 4), "budget": None, "processes": 1})


def _submit(client, pending: dict[str, dict], store) -> list[str]:
    """Upload ``pending`` as one job, or several when it exceeds a job's limits; each job's id is
    stored as soon as it exists, so a crash mid-way loses none (the rest go in the next round)."""
    ids = []
    for part in _parts(pending, max_requests(), MAX_BYTES):
        upload = client.files.create(file=("briefer-batch.jsonl", io.BytesIO(part)), purpose="batch")
        batch = client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions",
                                      completion_window="24h")
        store.save_batch(batch.id)
        ids.append(batch.id)
    return ids


def _parts(pending: dict[str, dict], max_lines: int, max_bytes: int) -> list[bytes]:
    """The JSONL input files for ``pending``: at most ``max_lines`` requests and ``max_bytes`` each."""
    parts: list[bytes] = []
    lines: list[bytes] = []
    size = 0
    for key, body in pending.items():
        line = (json.dumps({"custom_id": key, "method": "POST", "url": "/v1/chat/completions", "body": body})
                + "\n").encode()
        if len(line) > max_bytes:
            raise ModelError(f"batch: one request is {len(line):,} bytes, over a job's {max_bytes:,}")
        if lines and (len(lines) == max_lines or size + len(line) > max_bytes):
            parts.append(b"".join(lines))
            lines, size = [], 0
        lines.append(line)
        size += len(line)
    if lines:
        parts.append(b"".join(lines))
    return parts


def _collect(client, batch_id: str, poll: float, store, note) -> dict[str, dict]:
    while True:
        batch = client.batches.retrieve(batch_id)
        if batch.status == "completed":
            break
        if batch.status in ("failed", "expired", "cancelled", "cancelling"):
            store.close_batch(batch_id)
            errors = getattr(getattr(batch, "errors", None), "data", None) or []
            why = "; ".join(f"{e.code}: {e.message}" for e in errors[:3] if getattr(e, "message", None))
            raise ModelError(f"batch {batch_id} {batch.status}{f' ({why})' if why else ''}; rerun to submit again")
        time.sleep(poll)
    if not batch.output_file_id:
        raise ModelError(f"batch {batch_id} completed without an output file")
    results: dict[str, dict] = {}
    for line in client.files.content(batch.output_file_id).text.splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        body = (item.get("response") or {}).get("body") or {}
        if item.get("error") or not body.get("choices"):
            continue  # that article is retried in the next round
        choice = body["choices"][0]
        usage = body.get("usage") or {}
        prompt, completion = usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0
        results[item["custom_id"]] = {
            "content": reply_content(choice["message"]), "refusal": choice["message"].get("refusal"),
            "finish_reason": choice.get("finish_reason"), "tokens": prompt + completion,
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion},
        }
    _note(note, f"batch {batch_id}: {len(results)} answer(s) collected")
    return results


def _note(note, msg: str) -> None:
    if note is not None:
        note(msg)

