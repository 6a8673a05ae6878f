"""Ctrl-C during a daily brief: the first stops new work, the second stops everything.

A ``ThreadPoolExecutor`` left by an exception waits for its whole queue, so one Ctrl-C used to
brief every remaining article and only then exit. Now the executor (``executor.Threads``) sends
nothing new, lets the articles in flight finish (each is committed to the store as it completes,
so a rerun resumes), and ``announce`` makes a second Ctrl-C end the process at once (exit 130).
"""

from __future__ import annotations

import os
import signal
import sys
import threading


def _exit_now(signum, frame) -> None:  # noqa: ARG001
    os.write(2, b"\nbriefer: interrupted again; exiting now\n")
    os._exit(130)


def announce() -> None:
    """After a first Ctrl-C: say that the articles in flight finish, and make a second Ctrl-C end the
    process at once. The caller sends nothing new and lets what is in flight complete."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _exit_now)
        print("briefer: interrupted; finishing the articles in flight (Ctrl-C again to quit now)",
              file=sys.stderr, flush=True)


class Deferred:
    """The first Ctrl-C recorded, not raised wherever the main thread happens to be, while the executor
    runs: ``check`` raises it where the executor handles it (stop new work, finish what is in flight). A
    KeyboardInterrupt that landed in the driver's loop body, between two results, escaped that handling,
    and the executor's shutdown then waited for a request that never came back (seen once, on a loaded
    machine, as a silent 30 s hang in tests/test_faults.py). Outside the main thread nothing changes."""

    def __init__(self):
        self.hit = threading.Event()
        self.watching = threading.current_thread() is threading.main_thread()
        self.previous = None

    def __enter__(self) -> "Deferred":
        if self.watching:
            self.previous = signal.signal(signal.SIGINT, lambda signum, frame: self.hit.set())
        return self

    def __exit__(self, *exc) -> bool:
        if self.watching and signal.getsignal(signal.SIGINT) is not _exit_now:  # announce's second stage stays
            signal.signal(signal.SIGINT, self.previous if self.previous is not None else signal.default_int_handler)
        return False

    def check(self) -> None:
        if self.hit.is_set():
            raise KeyboardInterrupt

