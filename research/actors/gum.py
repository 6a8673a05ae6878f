"""GUM (Georgetown University Multilayer corpus) documents as running text with the character spans
and types of their entity mentions, read from a bare git snapshot of github.com/amir-zeldes/gum
(``dep/*.conllu``, the ``Entity=`` annotation of the MISC column).

Only genres whose texts are CC BY are read (annotations are CC BY 4.0 throughout): news and
interview (Wikinews, CC BY 2.5), academic and court (CC BY 4.0). Biographies and Wikivoyage are
CC BY-SA, essays, fiction, letters, podcasts and wikiHow CC BY-NC-SA, reddit non-commercial: none
of them is read, so nothing learned from them can ship.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

GENRES = ("news", "interview", "academic", "court")
_OPEN = re.compile(r"\((\d+)-([a-z]+)")
_CLOSE = re.compile(r"(\d+)\)")


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, check=True).stdout


def read_gum(git_dir: Path, genres=GENRES) -> list[dict]:
    """[{"id", "text", "entities": [(start, end, type)]}] for each document of the given genres."""
    names = [n for n in _git(git_dir, "ls-tree", "--name-only", "HEAD", "dep/").split()
             if n.endswith(".conllu") and n.split("/")[-1].split("_")[1] in genres and n.split("/")[-1].startswith("GUM_")]
    return [_parse(n.split("/")[-1][:-7], _git(git_dir, "show", f"HEAD:{n}")) for n in sorted(names)]


def _parse(doc_id: str, conllu: str) -> dict:
    out: list[str] = []
    pos = 0
    stack: dict[str, list[tuple[int, str]]] = {}
    entities: list[tuple[int, int, str]] = []
    sep = ""
    for line in conllu.splitlines():
        if line.startswith("# newpar"):
            sep = "\n\n" if out else ""
            continue
        if not line or line.startswith("#"):
            if not line and out and not sep:
                sep = " "
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        tok, misc = cols[1], cols[9]
        if sep:
            out.append(sep)
            pos += len(sep)
            sep = ""
        start = pos
        out.append(tok)
        pos += len(tok)
        ent = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), "")
        for m in re.finditer(r"\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)", ent):
            if m.group(1):
                if m.group(3):
                    entities.append((start, pos, m.group(2)))
                else:
                    stack.setdefault(m.group(1), []).append((start, m.group(2)))
            else:
                s, kind = stack[m.group(4)].pop()
                entities.append((s, pos, kind))
        if "SpaceAfter=No" not in misc:
            sep = " "
    return {"id": doc_id, "text": "".join(out).strip(), "entities": entities}
