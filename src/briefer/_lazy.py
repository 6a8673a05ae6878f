"""Lazy public names for a package ``__init__`` (PEP 562): a name imports its private module on first
use, so importing one module of a package (which runs its ``__init__``) costs nothing more."""

import sys
from importlib import import_module


def lazy(package: str, names: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for ``package``, whose public ``names`` live in the (relative)
    modules they map to."""

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(names[name], package), name)
        setattr(sys.modules[package], name, value)  # once: later lookups are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__
