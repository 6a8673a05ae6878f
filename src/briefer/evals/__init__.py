"""Regression evals and the faithfulness checker.

``run_suite`` is ``briefer eval run`` (``suite`` parses, ``runner`` runs candidates, ``stats`` and
``gate`` decide, ``report``/``html``/``junit`` show, ``baseline`` stores a reference run);
``check_faithfulness`` scores one (document, summary) pair offline (``briefer eval score-pairs``);
``make_judge`` builds the optional LLM judge.
"""

from .faithfulness import Verdict, check as check_faithfulness
from .judge import make_judge
from .runner import SuiteResult, run_suite
from .suite import load_suite

__all__ = ["SuiteResult", "Verdict", "check_faithfulness", "load_suite", "make_judge", "run_suite"]
