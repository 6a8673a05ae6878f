"""Regression evals and the faithfulness checker.

``run_suite`` is ``briefer eval run``; ``check_faithfulness`` scores one (document, summary) pair
offline (``briefer eval score-pairs``); ``make_judge`` builds the optional LLM judge.
"""

from .faithfulness import Verdict, check as check_faithfulness
from .judge import make_judge
from .suite import SuiteResult, load_suite, run_suite

__all__ = ["SuiteResult", "Verdict", "check_faithfulness", "load_suite", "make_judge", "run_suite"]
