"""The tree shows the three products over one pipeline, with no import cycle between modules."""

import ast
from pathlib import Path

import briefer

PKG = Path(briefer.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_pkg: bool, level: int, name: str | None) -> str:
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([name] if name else []))


def module_imports() -> dict[str, set[str]]:
    """Module → briefer modules it imports at import time (top level, not inside functions)."""
    mods = {_module_name(p): p for p in PKG.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for mod, path in mods.items():
        deps: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                target = _resolve(mod, path.name == "__init__.py", node.level, node.module)
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    deps.add(sub if sub in mods else target)
        graph[mod] = {d for d in deps if d in mods and d != mod}
    return graph


def test_no_import_cycles_between_modules():
    graph = {m: {d for d in deps if not (Path(*d.split(".")).name in ("briefer",) and d == "briefer")}
             for m, deps in module_imports().items()}
    packages = {m for m in graph if (PKG.parent / Path(*m.split(".")) / "__init__.py").exists()}
    graph = {m: deps - packages for m, deps in graph.items() if m not in packages}
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for dep in graph.get(node, ()):
            visit(dep)
        stack.pop()

    for node in graph:
        visit(node)
    assert not cycles, cycles


def test_three_products_and_public_api():
    for sub in ("daily", "evals", "cli"):
        assert (PKG / sub / "__init__.py").exists()
    for name in ("summarize", "extract", "brief", "run_suite", "check_faithfulness", "Brief", "DailyBrief", "Endpoint"):
        assert name in briefer.__all__ and callable(getattr(briefer, name)) or isinstance(getattr(briefer, name), type)
    assert briefer.extract.__name__ == "extract_article" and briefer.summarize.__module__ == "briefer.summarize"
    assert briefer.brief.__module__ == "briefer.daily.run"


def test_one_place_builds_the_model_connection():
    """Only endpoint.py constructs an openai client."""
    makers = [p.relative_to(PKG) for p in PKG.rglob("*.py") if "openai.OpenAI(" in p.read_text()]
    assert [str(p) for p in makers] == ["endpoint.py"]


def test_importing_a_submodule_keeps_the_public_functions():
    """``briefer.extract`` and ``briefer.summarize`` are functions and submodules too: importing the
    submodule (which sets it on the package) must not replace the function. In a fresh process, so
    that the submodules are imported for the first time after ``import briefer``."""
    import subprocess
    import sys

    probe = """
import briefer
import briefer.summarize, briefer.extract
from briefer import summarize, extract
from briefer.summarize import Session
from briefer.extract import load_document
assert briefer.extract is extract and extract.__name__ == "extract_article", briefer.extract
assert briefer.summarize is summarize and summarize.__module__ == "briefer.summarize", briefer.summarize
assert Session is briefer.Session and callable(load_document)
assert sys.modules["briefer.summarize"].summarize is summarize
"""
    subprocess.run([sys.executable, "-c", "import sys" + probe], check=True)


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
