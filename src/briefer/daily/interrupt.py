"""Ctrl-C during a daily brief: the first stops new work, the second stops everything.

A ``ThreadPoolExecutor`` left by an exception waits for its whole queue, so one Ctrl-C used to
brief every remaining article and only then exit. ``stop_on_interrupt`` cancels what has not
started, lets the articles in flight finish (each is committed to the store as it completes, so
a rerun resumes), and makes a second Ctrl-C end the process at once (exit 130).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager


def _exit_now(signum, frame) -> None:  # noqa: ARG001
    os.write(2, b"\nbriefer: interrupted again; exiting now\n")
    os._exit(130)


@contextmanager
def stop_on_interrupt(pool: Executor) -> Iterator[None]:
    """On KeyboardInterrupt in the block: cancel queued work, finish in-flight work, re-raise."""
    try:
        yield
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, _exit_now)
            print("briefer: interrupted; finishing the articles in flight (Ctrl-C again to quit now)",
                  file=sys.stderr, flush=True)
        pool.shutdown(wait=True)
        raise
