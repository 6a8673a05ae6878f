"""Each package's ``__init__`` is its only door (issue 34).

Code in ``src/briefer`` reaches another package only through that package's face (``from ..pipeline
import Session``), never its modules; tests, benchmarks, ``eval/``, ``.ci/`` and the docs never name a
private module (``briefer.x._y``); every name a face re-exports is used outside its package; and every
package declares its face the same way (``briefer._lazy.lazy`` over a ``_LAZY`` map).
"""

import ast
import re
from pathlib import Path

import briefer
from test_layout import PKG, imported_from

REPO = PKG.parents[1]
PACKAGES = sorted(p.name for p in PKG.iterdir() if (p / "__init__.py").exists())
ELSEWHERE = ("tests", "bench", "eval", ".ci", "scripts")


def _module(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts), parts[-1] == "__init__"


def _package(module: str) -> str | None:
    """``daily`` for ``briefer.daily.run``; None for a core module (``briefer.text``) or outside briefer."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "briefer" else None


def door_violations(module: str, source: str, is_pkg: bool, *, in_src: bool) -> list[str]:
    """What ``source`` imports through a side door. ``module`` is its dotted name ("" outside the
    package). In ``src`` any import of another package's module is one (only ``briefer.x`` itself is
    a door); anywhere, an import of a private module (``briefer.x._y``, or ``from briefer.x import _y``)."""
    bad = []
    here = module.split(".")[1] if module.count(".") >= 1 else None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            target = imported_from(node, module, is_pkg)
            targets = [target] + [f"{target}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for t in targets:
            parts = t.split(".")
            if parts[0] != "briefer" or len(parts) < 3 or parts[1] == here:
                continue
            if (in_src and parts[1] in PACKAGES) or parts[2].startswith("_"):
                bad.append(f"{module or '?'}:{node.lineno} imports {t}")
    return bad


def _python_files():
    for path in sorted(PKG.rglob("*.py")):
        yield path, *_module(path), True
    for folder in ELSEWHERE:
        for path in sorted((REPO / folder).rglob("*.py")):
            yield path, "", False, False


def test_the_door_rule_catches_side_doors():
    assert door_violations("briefer.daily.run", "from ..pipeline._summarize import Session\n", False, in_src=True)
    assert door_violations("briefer.cli.main", "def f():\n    from ..daily.render import render_daily\n", False, in_src=True)
    assert door_violations("", "from briefer.extraction._extract import load\n", False, in_src=False)
    assert door_violations("", "from briefer.pipeline import _selection as s\n", False, in_src=False)
    assert door_violations("", "import briefer.model._local\n", False, in_src=False)
    # front doors and a package's own modules are fine
    assert not door_violations("briefer.daily.run", "from ..pipeline import Session\nfrom .store import Store\n", False, in_src=True)
    assert not door_violations("briefer.pipeline._summarize", "from ._verify import x\nfrom ..text import WORD\n", False, in_src=True)
    assert not door_violations("", "from briefer.daily.clustering import cluster\n", False, in_src=False)


def test_every_import_goes_through_a_door():
    bad = []
    for path, module, is_pkg, in_src in _python_files():
        bad += [f"{path.relative_to(REPO)}: {v}" for v in door_violations(module, path.read_text(), is_pkg, in_src=in_src)]
    assert bad == [], "\n".join(bad)


def test_docs_name_public_paths_only():
    """The docs teach what a user may import: no private module, and every ``briefer.x.y`` they name exists."""
    import importlib

    bad = []
    for page in sorted([*(REPO / "docs").rglob("*.md"), REPO / "README.md"]):
        for dotted in sorted(set(re.findall(r"\bbriefer(?:\.[A-Za-z_]\w*)+", page.read_text()))):
            parts = dotted.split(".")
            if any(p.startswith("_") for p in parts[1:]):
                bad.append(f"{page.name}: {dotted} is private")
                continue
            for cut in range(len(parts), 0, -1):  # the longest importable module, then attributes
                try:
                    obj = importlib.import_module(".".join(parts[:cut]))
                    break
                except ImportError:
                    continue
            for attr in parts[cut:]:
                if not hasattr(obj, attr):
                    bad.append(f"{page.name}: {dotted} does not exist")
                    break
                obj = getattr(obj, attr)
    assert bad == [], "\n".join(bad)


def _face(pkg: str) -> tuple[dict[str, str], ast.Module]:
    tree = ast.parse((PKG / pkg / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["_LAZY"]:
            return ast.literal_eval(node.value), tree
    return {}, tree


def test_every_package_declares_its_face_one_way():
    for pkg in PACKAGES:
        names, tree = _face(pkg)
        module = getattr(briefer, pkg) if hasattr(briefer, pkg) else __import__(f"briefer.{pkg}", fromlist=["x"])
        assert names, f"briefer.{pkg}: no _LAZY map"
        assert "__getattr__, __dir__ = lazy(__name__, _LAZY)" in ast.unparse(tree), f"briefer.{pkg}: not lazy(...)"
        assert sorted(module.__all__) == sorted(names), f"briefer.{pkg}: __all__ is not the _LAZY names"
        for name, where in names.items():
            mod, _, attr = where.partition(":")
            assert mod.startswith("._") or pkg in ("cli", "daily", "evals"), f"briefer.{pkg}.{name} -> {where}: not a private module"
            getattr(module, name)  # resolves
        assert [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))] == [], \
            f"briefer.{pkg}: its __init__ defines code; code lives in its modules"


def _uses_outside(pkg: str) -> set[str]:
    """Names of ``briefer.pkg`` used by code outside the package: imported from it, or read as
    ``alias.name`` after ``from briefer import pkg as alias``; the docs' dotted names; the root face."""
    used: set[str] = set()
    files = [(p, m, i) for p, m, i, _ in _python_files() if not m.startswith(f"briefer.{pkg}")]
    for path, module, is_pkg in files:
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = imported_from(node, module, is_pkg)
            if target == f"briefer.{pkg}":
                used |= {a.name for a in node.names}
            elif target == "briefer":
                for a in node.names:
                    if a.name == pkg:
                        used |= set(re.findall(rf"\b{a.asname or pkg}\.(\w+)", source))
        for names in re.findall(rf"^\s*from briefer\.{pkg} import ([\w, ]+)$", source, re.M):  # code run in a child
            used |= {n.strip().split(" as ")[0] for n in names.split(",")}
    for page in [*(REPO / "docs").rglob("*.md"), REPO / "README.md"]:
        used |= set(re.findall(rf"\bbriefer\.{pkg}\.(\w+)", page.read_text()))
    root, _ = ast.parse((PKG / "__init__.py").read_text()), None
    for node in root.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["_LAZY"]:
            used |= {n for n, m in ast.literal_eval(node.value).items() if m.split(":")[0] == f".{pkg}"}
    return used


def test_every_name_a_face_exports_is_used():
    unused = {pkg: sorted(set(_face(pkg)[0]) - _uses_outside(pkg)) for pkg in PACKAGES}
    assert {k: v for k, v in unused.items() if v} == {}
