"""Regression evals (the faithfulness checker they score with is ``briefer.grounding``'s).

``run_suite`` is ``briefer eval run`` (``suite`` parses, ``runner`` runs candidates, ``stats`` and
``gate`` decide, ``report``/``html``/``junit`` show, ``baseline`` stores a reference run);
``make_judge`` builds the optional LLM judge.
"""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_layout.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "eval_json_schema": ".schemas", "html_report": ".html:render", "junit_report": ".junit:render",
    "load_suite": ".suite", "make_judge": ".judge", "markdown": ".report", "pairs_json_schema": ".schemas",
    "parse_candidate": ".suite", "read_jsonl": ".suite", "reference_from_rows": ".gate", "run_suite": ".runner",
    "SuiteResult": ".runner", "tables": ".report", "to_json": ".report", "write_baseline": ".baseline:write",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from .baseline import write as write_baseline
    from .gate import reference_from_rows
    from .html import render as html_report
    from .judge import make_judge
    from .junit import render as junit_report
    from .report import markdown, tables, to_json
    from .runner import run_suite, SuiteResult
    from .schemas import eval_json_schema, pairs_json_schema
    from .suite import load_suite, parse_candidate, read_jsonl

__all__ = [
    "eval_json_schema", "html_report", "junit_report", "load_suite", "make_judge", "markdown", "pairs_json_schema",
    "parse_candidate", "read_jsonl", "reference_from_rows", "run_suite", "SuiteResult", "tables", "to_json",
    "write_baseline",
]
# --- end of the public face ---
