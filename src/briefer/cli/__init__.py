"""``briefer`` on the command line: parse, call the Python API, print. Nothing else lives here."""

from .main import main

__all__ = ["main"]
