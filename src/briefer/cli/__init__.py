"""``briefer`` on the command line: parse, call the Python API, print. Nothing else lives here."""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_doors.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {"main": ".main", "run": ".main"}  # ``run``: the console script (pyproject.toml)
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from .main import main, run

__all__ = ["main", "run"]
# --- end of the public face ---
