"""A stored reference run (``--baseline``): per-article values, the briefs, and what made them.

Paired comparison needs each article's values, not means, so a baseline keeps every article's
value per repeat, whether it passed, and its points and actors (the "before" of a broken
article). It also keeps hashes of the dataset rows, the prompt templates and the checker weights:
a baseline measured on other rows, prompts or checker is a different experiment, and comparing
with it would blame the candidate for the drift. Such a baseline is refused unless
``--allow-drift``; a baseline of the old format (means only) is refused with the command that
re-creates it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import InputError
from .gate import Reference, means
from .suite import Article

VERSION = 2
NOT_BRIEFS = {"story.j2"}  # the daily brief's story writer (daily/writer.py): no eval brief is made with it


def hashes(articles: list[Article], prompts_dir: str | None) -> dict[str, str]:
    """sha256 (first 16 hex digits) of the dataset rows, the prompt folder and the checker weights."""
    from ..resources import prompts_dir as shipped

    rows = json.dumps([a.__dict__ for a in articles], sort_keys=True, ensure_ascii=False).encode()
    folder = Path(prompts_dir) if prompts_dir else shipped()
    data = Path(__file__).resolve().parents[1] / "data"
    weights = [data / "checker.json", *sorted((data / "entail").glob("*"))]
    used = [p for p in sorted(folder.glob("*.j2")) if p.name not in NOT_BRIEFS]
    return {"dataset": _digest([rows]), "prompts": _digest(_files(used, folder)),
            "checker": _digest(_files([w for w in weights if w.is_file()], data))}


def _files(paths: list[Path], root: Path):
    for p in paths:
        yield str(p.relative_to(root)).encode()
        yield p.read_bytes()


def _digest(parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:16]


def write(path: str | Path, suite_name: str, reference: Reference, repeat: int, hashes_now: dict[str, str]) -> None:
    from ..files import write_atomic

    articles = {}
    for aid in sorted(reference.passed):
        articles[aid] = {"values": {m: per[aid] for m, per in sorted(reference.values.items()) if aid in per},
                         "passed": reference.passed[aid], **reference.texts.get(aid, {})}
    data = {"version": VERSION, "suite": suite_name, "repeat": repeat, "hashes": hashes_now,
            "metrics": means(reference.values), "articles": articles}
    write_atomic(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def read(path: str | Path, hashes_now: dict[str, str], *, allow_drift: bool = False, warn=print) -> Reference:
    """The baseline as a ``Reference``; drift in the hashes is an ``InputError`` naming what
    changed (a warning with ``allow_drift``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: unreadable baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("articles"), dict):
        raise InputError(f"{path}: not a per-article baseline (an old one keeps means only); "
                         "re-create it with --baseline FILE --update-baseline")
    stored = data.get("hashes") or {}
    drift = [k for k in sorted(hashes_now) if stored.get(k) != hashes_now[k]]
    if drift:
        what = ", ".join(f"{k} {stored.get(k, '?')} → {hashes_now[k]}" for k in drift)
        if not allow_drift:
            raise InputError(f"{path}: the baseline was made with other {' and '.join(drift)} ({what}); "
                             "compare anyway with --allow-drift, or re-create it with --update-baseline")
        warn(f"{path}: comparing across drift in {', '.join(drift)} (--allow-drift)")
    values: dict[str, dict[str, list[float]]] = {}
    passed, texts = {}, {}
    for aid, entry in data["articles"].items():
        for metric, vals in (entry.get("values") or {}).items():
            values.setdefault(metric, {})[aid] = [float(v) for v in vals]
        passed[aid] = bool(entry.get("passed"))
        texts[aid] = {k: entry[k] for k in ("summary", "actors", "error") if k in entry}
    return Reference("baseline", values, passed, texts)
