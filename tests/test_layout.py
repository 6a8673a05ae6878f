"""The tree shows the three products over one pipeline, with no import cycle between modules."""

import ast
from pathlib import Path

import briefer

PKG = Path(briefer.__file__).parent


# The layers, lowest first: a module may import its own group's modules and any lower layer's, never a
# higher layer's nor a sibling group's (``test_each_layer_imports_only_downward``). A module's group is
# the one with the longest prefix that names it; every other top-level module is "core" (text,
# sentences). ``briefer`` itself (the public facade) and ``briefer.testing`` (a
# fake server for tests) may import anything.
LAYERS: tuple[dict[str, tuple[str, ...]], ...] = (
    {"core": ("briefer",)},  # errors, schemas, text, config, files, db: the shared language
    {"extraction": ("briefer.extraction",)},  # input → Document
    {"model": ("briefer.model",)},  # the one model connection
    {"grounding": ("briefer.grounding",)},  # a claim against its source: quotes, entailment, faithfulness
    {"pipeline": ("briefer.pipeline",)},  # Document → Brief (uses all of the above)
    {"daily": ("briefer.daily",), "evals": ("briefer.evals",)},  # each over the pipeline, neither over the other
    {"cli": ("briefer.cli",)},
)
OUTSIDE = {"briefer", "briefer.testing"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_from(node: ast.ImportFrom, module: str, is_pkg: bool) -> str:
    """The module ``from X import ...`` names, relative imports resolved against ``module`` (a package's
    own name when ``is_pkg``)."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, source: str, is_pkg: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``source`` (module ``module``) imports anywhere: at the top, in
    functions, under ``TYPE_CHECKING``. ``from X import Y`` counts Y when it is a module, else X;
    relative imports are resolved against ``module`` (a package's own name when ``is_pkg``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = imported_from(node, module, is_pkg)
            targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names]
        else:
            continue
        for name in targets:
            while name and name not in known:  # ``import briefer.daily.run.x``: the module it names
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def module_imports() -> dict[str, set[str]]:
    """Module → the briefer modules it imports (every import statement in it)."""
    paths = {_module_name(p): p for p in PKG.rglob("*.py")}
    return {mod: imports_of(mod, path.read_text(), path.name == "__init__.py", set(paths))
            for mod, path in paths.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (or a module importing itself):
    each is an import cycle, sorted for a readable failure."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph.get(node, ()):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def layer_of(module: str) -> tuple[int, str]:
    """(rank, group) of ``module``: the group whose longest prefix names it."""
    best = (-1, "", 0)
    for rank, groups in enumerate(LAYERS):
        for group, prefixes in groups.items():
            for prefix in prefixes:
                if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[2]:
                    best = (rank, group, len(prefix))
    return best[0], best[1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import of a higher layer, or of a sibling group of the same layer (daily ↔ evals)."""
    bad = []
    for mod, deps in sorted(graph.items()):
        if mod in OUTSIDE:
            continue
        rank, group = layer_of(mod)
        for dep in sorted(deps):
            dep_rank, dep_group = layer_of(dep)
            if dep_rank > rank or (dep_rank == rank and dep_group != group):
                bad.append(f"{mod} ({group}) imports {dep} ({dep_group})")
    return bad


def test_imports_are_read_everywhere_in_a_module():
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from . import a\n"
        "from .sub import b as _b, sub_name\n"
        "if TYPE_CHECKING:\n    from .c import Thing\n"
        "def f():\n    from ..top import d\n    import x.pkg.e.Name\n"
    )
    known = {"x", "x.pkg", "x.pkg.a", "x.pkg.sub", "x.pkg.sub.b", "x.pkg.c", "x.pkg.e", "x.top"}
    assert imports_of("x.pkg.m", source, False, known) == {"x.pkg.a", "x.pkg.sub.b", "x.pkg.sub", "x.pkg.c", "x.top", "x.pkg.e"}
    assert imports_of("x.pkg", "from . import a\nfrom .missing import z\n", True, known) == {"x.pkg.a"}


def test_the_cycle_finder_finds_cycles():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}, "e": {"e"}}) == [["a", "b"], ["c", "d"], ["e"]]
    # the real graph plus one function-level import back up: found
    graph = module_imports()
    graph["briefer.errors"] = graph["briefer.errors"] | {"briefer.cli.main"}
    assert any("briefer.errors" in group and "briefer.cli.main" in group for group in find_cycles(graph))


def test_no_import_cycles_between_modules():
    graph = module_imports()
    assert graph["briefer.daily.run"], "the import reader found nothing"
    assert not find_cycles(graph), find_cycles(graph)


def test_each_layer_imports_only_downward():
    assert upward_imports({"briefer.pipeline._render": {"briefer.daily.sources"}}) == [
        "briefer.pipeline._render (pipeline) imports briefer.daily.sources (daily)"]
    assert upward_imports({"briefer.daily.run": {"briefer.evals.suite"}})  # siblings: neither over the other
    assert upward_imports(module_imports()) == []


def test_no_module_is_over_400_lines():
    """One responsibility a module: past ~400 lines a module is doing two things (issue 26)."""
    long = {str(p.relative_to(PKG)): n for p in PKG.rglob("*.py") if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}, long


def test_three_products_and_public_api():
    for sub in ("daily", "evals", "cli"):
        assert (PKG / sub / "__init__.py").exists()
    for name in ("summarize", "extract", "brief", "run_suite", "check_faithfulness", "Brief", "DailyBrief", "Endpoint"):
        assert name in briefer.__all__ and callable(getattr(briefer, name)) or isinstance(getattr(briefer, name), type)
    assert briefer.extract.__name__ == "extract_article" and briefer.summarize.__module__ == "briefer.pipeline._summarize"
    assert briefer.brief.__module__ == "briefer.daily.run"


def test_one_place_builds_the_model_connection():
    """Only endpoint.py constructs an openai client."""
    makers = [p.relative_to(PKG) for p in PKG.rglob("*.py") if "openai.OpenAI(" in p.read_text()]
    assert [str(p) for p in makers] == ["model/_endpoint.py"]


def test_help_and_extract_start_light(tmp_path):
    """``briefer --help`` and ``briefer extract page.html`` import none of the heavy libraries
    (start-up time is measured in bench/startup.py, not here)."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text("<html><body><article><h1>A headline</h1>"
                    + "<p>The council voted on Tuesday to approve the new budget for the city's schools.</p>" * 4
                    + "</article></body></html>")
    heavy = ("pydantic", "jinja2", "httpx", "rich", "openai", "numpy", "tenacity", "sqlite3")
    probe = (
        "import contextlib, io, sys\nfrom briefer.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        code = main(sys.argv[1:])\n    except SystemExit as exc:\n        code = exc.code\n"
        f"print(code, *[m for m in {heavy!r} if m in sys.modules])\n"
    )
    for argv in (["--help"], ["extract", str(page), "--no-cache"]):
        out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True)
        assert out.stdout.split() == ["0"], (argv, out.stdout, out.stderr)
    out = subprocess.run([sys.executable, "-c", "import sys, briefer; print(sorted(sys.modules.keys() & {"
                          + ", ".join(repr(m) for m in heavy) + "}))"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_test_file_is_over_400_lines():
    """Test files too are split by subject past ~400 lines (issue 34)."""
    tests = Path(__file__).parent
    long = {p.name: n for p in tests.glob("*.py") if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}, long
