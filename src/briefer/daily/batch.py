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

from .run import Options, Progress, brief_all
from ..errors import Deferred, ModelError
from ..modes import reply_content

MAX_ROUNDS = 4
MAX_BYTES = 190 * 2**20  # per input file: the API's limit is 200 MB; kept below it


def max_requests() -> int:
    """Requests per job: the OpenAI Batch API's 50,000, or ``BRIEFER_BATCH_MAX_REQUESTS`` for an
    endpoint with another limit."""
    return max(1, int(os.environ.get("BRIEFER_BATCH_MAX_REQUESTS") or 50_000))


class _Collector:
    """A response cache that answers from the real cache or batch results, else collects."""

    def __init__(self, inner):
        self.inner = inner
        self.results: dict[str, dict] = {}
        self.pending: dict[str, dict] = {}

    def get(self, key: str, request: dict | None = None) -> dict | None:
        hit = self.results.get(key) or (self.inner.get(key) if self.inner is not None else None)
        if hit is not None:
            return hit
        self.pending[key] = request or {}
        raise Deferred(f"batch: deferred {key[:12]}")

    def put(self, key: str, model: str, response: dict, request: dict | None = None) -> None:
        """Keep an answer; one with ``usage`` (this run's batch: counted as a call when used) goes
        to the on-disk cache without it, so a later run counts it as cached."""
        self.results[key] = response
        if self.inner is not None:
            self.inner.put(key, model, {k: v for k, v in response.items() if k != "usage"}, request=request)

    def close(self) -> None:
        pass


def brief_all_batch(session, docs, opts: Options, store, progress: Progress, show=None, *, note=None):
    """Like ``daily.brief_all``, with model requests submitted as Batch API jobs."""
    collector = _Collector(session.cache)
    collecting = session.using(collector)  # the caller's session keeps its own cache
    poll = float(os.environ.get("BRIEFER_BATCH_POLL", "30"))
    for _ in range(MAX_ROUNDS):
        collector.pending.clear()
        done, failures, budget = brief_all(collecting, docs, _serial(opts), store, Progress(total=len(docs)))
        if not collector.pending:  # every article answered: what failed now failed for real
            break
        batch_ids = store.open_batches() or _submit(session.client, collector.pending, store)
        _note(note, f"batch {', '.join(batch_ids)}: {len(collector.pending)} request(s) to answer; "
                    f"polling every {poll:g}s")
        for batch_id in batch_ids:  # each job's answers are kept as soon as it completes
            for key, reply in _collect(session.client, batch_id, poll, store, note).items():
                collector.put(key, session.model, reply)  # into the on-disk response cache too
            store.close_batch(batch_id)
    else:
        raise ModelError(f"batch: requests still unanswered after {MAX_ROUNDS} rounds")
    progress.done, progress.failed = len(done), len(failures)
    progress.reused = sum(1 for d in done if d.reused)
    if show:
        show(progress)
    return done, failures, budget


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

