"""Lazy public names for a package ``__init__`` (PEP 562): a name imports its private module on first
use, so importing one module of a package (which runs its ``__init__``) costs nothing more.

Every package of briefer declares its public face the same way::

    _LAZY = {"Session": "._summarize", "check_faithfulness": "._faithfulness:check"}
    __getattr__, __dir__ = lazy(__name__, _LAZY)

A value is the private module that defines the name, or ``module:attribute`` when the public name
differs from the one inside the module. ``tests/test_layout.py`` checks that every package has this
face, that no module outside a package imports its private modules, and that every name is used.
"""

import sys
from importlib import import_module


def lazy(package: str, names: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for ``package``, whose public ``names`` live in the (relative)
    modules they map to."""

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attr = names[name].partition(":")
        value = getattr(import_module(module, package), attr or name)
        setattr(sys.modules[package], name, value)  # once: later lookups are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__
