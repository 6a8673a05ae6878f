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
