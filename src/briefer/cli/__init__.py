"""``briefer`` on the command line: parse, call the Python API, print. Nothing else lives here."""

from __future__ import annotations

import atexit
import os
import sys
import threading

from .main import main

__all__ = ["main", "run"]


def run() -> None:
    """The console script: ``main``, then end the process without tearing the interpreter down.

    Once the output is written, freeing every module, the token encoding and pydantic's schemas one
    object at a time took 0.1–0.3 s (a fifth of a 500-article daily brief's overhead beyond its
    model wait; docs/daily-profile.md). Everything briefer opens is closed by then; the atexit
    handlers still run. With another thread alive the normal exit (which waits for it) is kept."""
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``): nothing more can reach it
            pass
    os._exit(code)
