"""One article thread runs Python at a time; the others wait on a plain lock, not on the GIL.

Briefing many articles on threads is CPU work between model calls. With 32 runnable threads the
interpreter hands the GIL around every 5 ms and each hand-off wakes a queue of threads (the
profile measured 6.7 ms of CPU per article with 32 threads against 4.1 ms with one). A thread that
holds the baton runs its article's Python until it sends a model request; it lets the baton go for
the wait (``released``) and takes it back for the answer. Threads that never took the baton (the
CLI's single brief, tests) are unaffected. No lock may be held across a model call while the
baton is released, or a thread waiting for that lock with the baton would stall the others.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_baton = threading.Lock()
_mine = threading.local()


@contextmanager
def held() -> Iterator[None]:
    """Run the block as this thread's turn (reentrant: a nested call is a no-op)."""
    if getattr(_mine, "on", False):
        yield
        return
    _baton.acquire()
    _mine.on = True
    try:
        yield
    finally:
        _mine.on = False
        _baton.release()


@contextmanager
def released() -> Iterator[None]:
    """Let other threads run while this one waits (a model request); no-op without the baton."""
    if not getattr(_mine, "on", False):
        yield
        return
    _mine.on = False
    _baton.release()
    try:
        yield
    finally:
        _baton.acquire()
        _mine.on = True


_slots: threading.BoundedSemaphore | None = None


def limit_requests(n: int | None) -> None:
    """At most ``n`` model requests of this process in flight at once (None: one per thread).

    Lets a process run more article threads than request slots: the spare threads prepare the
    next articles while every slot waits on the model, so a slot is refilled the moment it frees."""
    global _slots
    _slots = threading.BoundedSemaphore(n) if n else None


@contextmanager
def request_slot() -> Iterator[None]:
    """Hold one of the process's request slots for the block (no-op without a limit)."""
    slots = _slots
    if slots is None:
        yield
        return
    with slots:
        yield
