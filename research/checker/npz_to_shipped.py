"""Write train.py's exported weights (entail_weights.{0,1}.npz) in the shipped layout (weights.npz keyed by the ONNX
graph's initializer names) without torch or onnx: each shipped tensor is matched once to the first-stage export it
was made from (same values, MatMul weights transposed), and that name map is applied to the new export.

    python npz_to_shipped.py REF_PREFIX NEW_PREFIX OUT.npz
    # REF_PREFIX: the export the shipped weights.npz came from (run 2); NEW_PREFIX: the export to ship
    python npz_to_shipped.py --map REF_PREFIX OUT.json
    # the name map alone, for train.py --init-npz <shipped weights.npz> --shipped-map OUT.json (a warm start
    # from the shipped weights, which travel with the repository anyway)
"""
import glob
import sys
from pathlib import Path

import numpy as np

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "briefer" / "data" / "entail" / "weights.npz"


def load(prefix):
    out = {}
    for f in sorted(glob.glob(prefix + "*.npz")):
        with np.load(f) as z:
            out.update({k: z[k] for k in z.files})
    return out


def name_map(shipped, ref):
    """shipped name -> (export name, transposed?)"""
    out = {}
    for s, a in shipped.items():
        plain = s.removeprefix("m.").removeprefix("bert.")
        if plain in ref and ref[plain].shape == a.shape and np.array_equal(ref[plain], a):
            out[s] = (plain, False)
            continue
        hits = [k for k, b in ref.items() if b.ndim == 2 and b.T.shape == a.shape and np.array_equal(b.T, a)]
        if len(hits) != 1:
            raise SystemExit(f"{s}: {len(hits)} matches in the reference export")
        out[s] = (hits[0], True)
    return out


if __name__ == "__main__":
    with np.load(SHIPPED) as z:
        shipped = {k: z[k] for k in z.files}
    if sys.argv[1] == "--map":
        import json
        Path(sys.argv[3]).write_text(json.dumps(name_map(shipped, load(sys.argv[2]))))
        raise SystemExit(0)
    ref_prefix, new_prefix, dest = sys.argv[1:4]
    m = name_map(shipped, load(ref_prefix))
    new = load(new_prefix)
    out = {s: np.ascontiguousarray(new[k].T if t else new[k]).astype(np.float16) for s, (k, t) in m.items()}
    np.savez(dest, **out)
    print(f"{len(out)} tensors -> {dest}")
