"""``briefer brief --batch``: per-article model requests through the OpenAI Batch API.

No second code path for prompts nor for the run: a ``--batch`` run is rounds of the daily driver
loop (``dispatch``), in which briefs are built exactly as usual but a request the response cache
cannot answer is *collected* instead of sent (``collect``). Between rounds, this module sends the
collected requests as one batch (upload JSONL, create, poll, download, ``answer``); the answers
land in the response cache, and the next round builds the briefs again — now from the answers.
Requests that only arise from those answers (re-asks, repairs) make a further round. A round larger than one job may be (the OpenAI Batch API takes
50,000 requests and 200 MB per input file) is split over several jobs. The job ids are kept in
the store, so an interrupted invocation resumes polling the same jobs instead of paying twice.
Half price, up to 24 h of latency.
"""

from __future__ import annotations

import io
import json
import os
import time

from ..errors import ModelError
from ..model import ModelReply

MAX_ROUNDS = 4
MAX_BYTES = 190 * 2**20  # per input file: the API's limit is 200 MB; kept below it


def max_requests() -> int:
    """Requests per job: the OpenAI Batch API's 50,000, or ``BRIEFER_BATCH_MAX_REQUESTS`` for an
    endpoint with another limit."""
    return max(1, int(os.environ.get("BRIEFER_BATCH_MAX_REQUESTS") or 50_000))


def poll_seconds() -> float:
    return float(os.environ.get("BRIEFER_BATCH_POLL", "30"))


def answer(session, pending: dict[str, dict], store, note=None) -> dict[str, ModelReply]:
    """Answers to ``pending`` (request key → body): from the response cache where an earlier,
    interrupted invocation's job already put them, the rest through Batch API jobs.

    The jobs an interrupted invocation left open are polled instead of submitting new ones. Each
    job's answers go to the response cache (as cached: ``ModelReply.stored``) before the job is
    closed in the store, so no answer paid for is lost to an interruption; they come back marked
    ``paid``, so the brief built from them counts them as calls."""
    answers: dict[str, ModelReply] = {}
    for key in list(pending):
        hit = session.cache.get(key) if session.cache is not None else None
        if hit is not None:
            answers[key] = hit
    asked = {key: body for key, body in pending.items() if key not in answers}
    if not asked:
        return answers
    poll = poll_seconds()
    batch_ids = store.open_batches() or _submit(session.client, asked, store)
    _note(note, f"batch {', '.join(batch_ids)}: {len(asked)} request(s) to answer; polling every {poll:g}s")
    for batch_id in batch_ids:
        for key, reply in _collect(session.client, batch_id, poll, store, note).items():
            answers[key] = reply
            if session.cache is not None:
                session.cache.put(key, session.model, reply.stored())
        store.close_batch(batch_id)
    return answers


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


def _collect(client, batch_id: str, poll: float, store, note) -> dict[str, ModelReply]:
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
    results: dict[str, ModelReply] = {}
    for line in client.files.content(batch.output_file_id).text.splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        body = (item.get("response") or {}).get("body") or {}
        if item.get("error") or not body.get("choices"):
            continue  # that article is retried in the next round
        choice = body["choices"][0]
        results[item["custom_id"]] = ModelReply.answer(choice["message"], choice.get("finish_reason"), body.get("usage"),
                                                       paid=True)
    _note(note, f"batch {batch_id}: {len(results)} answer(s) collected")
    return results


def _note(note, msg: str) -> None:
    if note is not None:
        note(msg)

