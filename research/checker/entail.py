"""Round 1's summary-level checker (research, not shipped): the shipped cross-encoder (``briefer.grounding``) under
a logistic model over entailment and lexical features (``entail_calibration.json``, fit by ``evaluate.py --fit``).
briefer ships ``briefer.grounding.check_claim`` and ``score_summaries`` instead (eval/checker/RESULTS.md, round 2).

API
---
``score_pairs(premises, hypotheses) -> np.ndarray``
    P(hypothesis is entailed by premise) for each pair (float32 in [0, 1]).
``check(document, summary) -> (score, label, details)``
    Summary-level verdict, SummaC-style: the summary is split into sentences; each sentence is scored against
    the ``K`` document windows (2 consecutive sentences) with the most word overlap, keeping the max; the
    per-sentence scores (min and mean) and lexical features (bigram/unigram overlap, share of novel entities and
    numbers, abstractiveness) go into a small logistic model (``entail_calibration.json``) with one threshold
    fixed on dev data. Empty or non-text summaries score 0 (unfaithful).
``check_claim(evidence, claim) -> (score, label, details)``
    For short claims: min over sentences of the raw entailment probability, label at 0.5 (no lexical model).
"""

from __future__ import annotations

import json
import math
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CALIBRATION = HERE / "entail_calibration.json"  # the summary-level model (research; briefer ships check_claim only)

# ------------------------------------------------------------------------- text and tokenizer: the package's
# one definition (training, evaluation and the shipped checker must split and tokenize identically)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from briefer.grounding import is_text as _is_text  # noqa: E402,F401
from briefer.grounding import K_WINDOWS, MAX_HYP, MAX_LEN, WINDOW, WordPiece, top_windows, windows, words  # noqa: E402,F401
from briefer.sentences import checker_sentences as split_sentences  # noqa: E402,F401
from briefer.text import STOPWORDS as STOP, WORD as _WORD  # noqa: E402,F401


# ---------------------------------------------------------------------------------------------- model


def score_pairs(premises: list[str], hypotheses: list[str], batch_size: int = 16) -> np.ndarray:
    """P(entailed) for each (premise, hypothesis) pair: the shipped model (``briefer.grounding.score_pairs``).

    Round 1 also had a numpy forward here over train.py's fresh exports (its own safetensors reader and padding
    loop); it agreed with torch fp32 to 9e-4 and onnxruntime with it to 7e-7 (RESULTS.md) and went when these
    scripts moved to research/: the package's loader is the one copy."""
    from briefer import grounding as shipped

    return shipped.score_pairs(premises, hypotheses, batch_size)


# ----------------------------------------------------------------------------------- summary features


def _grams(toks, n):
    return [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]


def _share(items, pool, empty=1.0):
    items = list(items)
    return sum(1 for x in items if x in pool) / len(items) if items else empty


_NAME = re.compile(r"\b[A-Z][\w'’-]*|\b\d[\d.,]*%?")


def lexical(document: str, summary: str) -> dict[str, float]:
    """Lexical features: n-gram overlap, novel n-grams (abstractiveness), novel names/numbers."""
    d, s = words(document), words(summary)
    dset, d2, d3 = set(d), set(_grams(d, 2)), set(_grams(d, 3))
    content = [w for w in s if w not in STOP]
    names = {m.lower().strip(".,") for m in _NAME.findall(summary)} - STOP
    nums = {n for n in names if n[:1].isdigit()}
    dlow = document.lower()
    return {
        "unigram": _share(content, dset),
        "bigram": _share(_grams(s, 2), d2),
        "trigram": _share(_grams(s, 3), d3),
        "novel_names": 1.0 - _share([n for n in names if not n[:1].isdigit()], dset | {dlow}, 1.0)
        if names else 0.0,
        "novel_numbers": float(sum(1 for n in nums if n not in dlow)),
        "log_len": math.log1p(len(s)),
    }


def sentence_pairs(document: str, summary: str, k: int = K_WINDOWS):
    """The (window, sentence) pairs the checker scores: per summary sentence its ``k`` best windows."""
    wins = windows(split_sentences(document))
    ww = [set(words(w)) for w in wins]
    sents = [s for s in split_sentences(summary) if words(s)]
    pairs = []
    for j, s in enumerate(sents):
        for i in top_windows(wins, s, k, ww):
            pairs.append((j, i, wins[i], s))
    return sents, wins, pairs


def _aggregate(sents, pairs, probs):
    best = [0.0] * len(sents)
    where = [None] * len(sents)
    for (j, i, w, s), p in zip(pairs, probs):
        if p >= best[j] or where[j] is None:
            best[j], where[j] = float(p), w
    return best, where


@lru_cache(maxsize=1)
def calibration() -> dict:
    return json.loads(CALIBRATION.read_text())


def feature_vector(feats: dict, cal: dict) -> np.ndarray:
    return np.array([feats[n] for n in cal["features"]], dtype=np.float64)


def _combine(feats: dict) -> float:
    cal = calibration()
    x = (feature_vector(feats, cal) - np.array(cal["mean"])) / np.array(cal["std"])
    z = float(x @ np.array(cal["weights"]) + cal["bias"])
    return 1.0 / (1.0 + math.exp(-z))


def features_from(document: str, summary: str, sents, best) -> dict[str, float]:
    lex = lexical(document, summary)
    lg = math.log
    clip = lambda p: min(max(p, 1e-4), 1 - 1e-4)  # noqa: E731
    lo = [lg(clip(p) / (1 - clip(p))) for p in best]
    return {
        **lex,
        "ent_min": min(lo),
        "ent_mean": sum(lo) / len(lo),
        "ent_min_p": min(best),
        "ent_mean_p": sum(best) / len(best),
        "abstractive": 1.0 - lex["trigram"],
        "ent_x_abs": (sum(lo) / len(lo)) * (1.0 - lex["trigram"]),
    }


CLAIM_THRESHOLD = 0.5  # the classifier's own decision boundary; not tuned on any claim set


def check_claim(evidence: str, claim: str, *, threshold: float = CLAIM_THRESHOLD):
    """Claim-level verdict for short claims (a brief's point against its cited text, or a one-line claim
    against an article): ``(score, label, details)`` where score = the min over the claim's sentences of the
    entailment probability against the best window. No lexical calibration: the summary-level logistic model
    was fit on multi-sentence news summaries and under-rates short correct claims."""
    if not evidence or not words(evidence) or not claim or not words(claim) or not _is_text(claim):
        return 0.0, 0, []
    sents, wins, pairs = sentence_pairs(evidence, claim, calibration().get("k", K_WINDOWS))
    if not pairs:
        return 0.0, 0, []
    probs = score_pairs([p[2] for p in pairs], [p[3] for p in pairs])
    best, where = _aggregate(sents, pairs, probs)
    score = min(best)
    details = [{"sentence": s, "entailment": round(b, 4), "evidence": w} for s, b, w in zip(sents, best, where)]
    return round(score, 4), int(score >= threshold), details


def check(document: str, summary: str, *, threshold: float | None = None):
    """Summary-level verdict: ``(score, label, details)``; label 1 = faithful at the calibrated threshold.

    ``details`` is a list of ``{"sentence", "entailment", "evidence"}`` per summary sentence (the entailment
    probability against its best window, and that window). An empty or non-text summary, or an empty document,
    gives ``(0.0, 0, [])``.
    """
    cal = calibration()
    cut = cal["threshold"] if threshold is None else threshold
    if not document or not words(document) or not summary or not words(summary) or not _is_text(summary):
        return 0.0, 0, []
    sents, wins, pairs = sentence_pairs(document, summary, cal.get("k", K_WINDOWS))
    if not pairs:
        return 0.0, 0, []
    probs = score_pairs([p[2] for p in pairs], [p[3] for p in pairs])
    best, where = _aggregate(sents, pairs, probs)
    score = _combine(features_from(document, summary, sents, best))
    details = [{"sentence": s, "entailment": round(b, 4), "evidence": w} for s, b, w in zip(sents, best, where)]
    return round(score, 4), int(score >= cut), details
