"""The README and the docs site are contracts: CI runs the README's three commands, every link lands on a
page (and heading) that exists and is in the site's nav, and every command-line option is documented on
docs/usage.md — while no page shows an option the command does not take.

``mkdocs build --strict`` (in .ci/run) checks the links too; these tests check them without mkdocs installed,
and check what mkdocs cannot: the documented options against the real parsers."""

import contextlib
import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from briefer.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# every command and subcommand with options of its own, as typed after ``briefer``
COMMANDS = ("summarize", "extract", "brief", "eval run", "eval score-pairs", "schema", "doctor")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def first_bash_block(path: Path) -> list[str]:
    """The commands of a page's first ```bash block, comments dropped (as .ci/run reads the README)."""
    block = path.read_text().split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def readme_commands() -> list[str]:
    return first_bash_block(ROOT / "README.md")


def test_readme_opens_with_setup_main_job_and_tests():
    commands = readme_commands()
    assert len(commands) == 3  # set up, main job, tests
    assert (ROOT / commands[0].split()[-1]).exists(), commands[0]
    assert "summarize" in commands[1] and "pytest" in commands[2]


def test_ci_runs_the_readme_commands_and_builds_the_docs():
    """.ci/run reads the README's block itself; check it parses the same three commands."""
    ci = (ROOT / ".ci" / "run").read_text()
    script = ci.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    out = subprocess.run(["python3", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == readme_commands()
    assert 'bash -c "${CMDS[0]}"' in ci and 'bash -c "${CMDS[1]}"' in ci and 'bash -c "${CMDS[2]}"' in ci
    assert re.search(r"mkdocs build --strict .*--site-dir \"\$SITE\"", ci), "CI must build the docs, strictly"


def test_the_site_home_shows_the_readme_commands():
    assert first_bash_block(DOCS / "index.md") == readme_commands()


# --- links -------------------------------------------------------------------------------------------

def nav_pages() -> list[str]:
    """Pages named in mkdocs.yml's nav (commented-out lines are reserved slots, not pages)."""
    lines = (ROOT / "mkdocs.yml").read_text().split("\nnav:\n", 1)[1].splitlines()
    return [m.group(1) for line in lines if not line.lstrip().startswith("#")
            for m in [re.search(r"([\w./-]+\.md)\s*$", line)] if m]


def slug(heading: str) -> str:
    """The anchor Python-Markdown's toc gives a heading (its default slugify, over the rendered text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def prose(text: str) -> str:
    """``text`` without code blocks and code spans: a '# comment' is no heading, ``[a](b)`` in code no link."""
    return re.sub(r"(`+)[^`].*?\1", "", re.sub(r"```.*?```", "", text, flags=re.S), flags=re.S)


def anchors(page: Path) -> set[str]:
    text = prose(page.read_text())
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", text, flags=re.M)}


def broken_links(page: Path) -> list[str]:
    """Relative links of ``page`` whose file, or heading, does not exist."""
    broken = []
    for target in LINK.findall(prose(page.read_text())):
        if re.match(r"[a-z]+:", target):  # http:, mailto:: not ours to check
            continue
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        if not dest.exists() or (anchor and dest.suffix == ".md" and anchor not in anchors(dest)):
            broken.append(target)
    return broken


def test_the_slug_rule_matches_a_known_anchor():
    """The anchor rule the link check relies on, on headings these pages link to."""
    assert slug("briefer eval score-pairs") == "briefer-eval-score-pairs"
    assert slug("The entailment model, trained here") == "the-entailment-model-trained-here"
    assert slug("Result (`bench/summary_quality.py`, same run as [Benchmarks](benchmarks.md#x))") == \
        "result-benchsummary_qualitypy-same-run-as-benchmarks"


def test_readme_links_land_on_pages_of_the_site():
    links = [t for t in LINK.findall(prose((ROOT / "README.md").read_text())) if not re.match(r"[a-z]+:", t)]
    assert len(links) >= 10, "the README points a newcomer at the docs pages"
    assert broken_links(ROOT / "README.md") == []
    nav = set(nav_pages())
    for target in links:
        path = (ROOT / target.partition("#")[0]).resolve()
        assert path.parent == DOCS and path.relative_to(DOCS).as_posix() in nav, f"{target}: not a page of the site"


def test_nav_and_docs_folder_agree():
    nav = nav_pages()
    on_disk = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert nav[0] == "index.md"
    assert len(nav) == len(set(nav))
    assert [p for p in nav if not (DOCS / p).exists()] == [], "nav names a page that does not exist"
    assert [p for p in on_disk if p not in nav] == [], "a page under docs/ is missing from mkdocs.yml's nav"


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_pages_resolve(page):
    assert broken_links(DOCS / page) == []


# --- options -----------------------------------------------------------------------------------------

def help_options(command: str) -> set[str]:
    """The long options ``briefer COMMAND --help`` lists, from the real parser."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
        main([*command.split(), "--help"])
    assert exit_.value.code == 0
    # the option column only: help texts mention other commands' options ("eval run --json")
    return set(re.findall(r"^  (?:-\w [A-Z_]+, |-\w, )?(--[a-z][a-z-]*)", out.getvalue(), flags=re.M)) - {"--help"}


def usage_sections() -> dict[str, str]:
    """docs/usage.md by ``## `` heading."""
    parts = re.split(r"^## (.+)$", (DOCS / "usage.md").read_text(), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_documents_every_option_of(command):
    sections = usage_sections()
    own = sections[f"briefer {command}"]
    shared = sections["Options shared by several commands"]
    options = help_options(command)
    assert [o for o in sorted(options) if o not in OPTION.findall(own + shared)] == [], \
        f"docs/usage.md: document these options of briefer {command}"
    assert sorted(set(OPTION.findall(own)) - options) == [], f"docs/usage.md shows options briefer {command} lacks"


def shown_invocations() -> list[tuple[str, str, str]]:
    """(page, command, rest of the line) for every ``briefer COMMAND ...`` in code on the README and docs."""
    found = []
    names = "|".join(sorted(COMMANDS, key=len, reverse=True))
    for page in [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]:
        text = page.read_text()
        code = [line.split(" # ", 1)[0] for block in re.findall(r"```.*?\n(.*?)```", text, flags=re.S)
                for line in block.splitlines()]
        code += re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
        for snippet in code:
            for m in re.finditer(rf"\bbriefer ({names})\b(.*)", snippet):
                found.append((page.name, m.group(1), m.group(2)))
    return found


def test_every_option_shown_in_an_example_exists():
    shown = shown_invocations()
    assert {command for _, command, _ in shown} >= {"summarize", "brief", "eval run"}
    known = {command: help_options(command) for command in COMMANDS}
    wrong = [(page, command, o) for page, command, rest in shown for o in OPTION.findall(rest)
             if o not in known[command]]
    assert wrong == []
