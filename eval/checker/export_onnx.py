"""Export train.py's weights (entail_weights.{0,1}.npz) to what briefer ships and loads: graph.onnx (the graph
only, ~110 KB) and weights.npz (fp16 initializers keyed by the graph's names, handed to onnxruntime at load time;
the word embeddings are gathered in numpy from the base package, so they are not shipped).

    python eval/checker/export_onnx.py --weights RUN_DIR/entail_weights. [--out src/briefer/data/entail]

Dev-side only (needs torch, transformers, onnx: pip install -e '.[train]'). Run 2 was exported by this code (then
a script run from eval/checker/ that globbed entail_weights.*.npz in the working directory).
"""
import argparse
import glob
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx.external_data_helper import set_external_data
from transformers import BertConfig, BertForSequenceClassification

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from briefer.grounding import base_model_dir  # noqa: E402

SHIPPED = ROOT / "src" / "briefer" / "data" / "entail"


class Wrap(torch.nn.Module):
    """(embedded tokens, types, mask) -> P(entailed): the word-embedding lookup stays outside the graph."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, emb, types, mask):
        logits = self.m(inputs_embeds=emb, token_type_ids=types, attention_mask=mask).logits
        return torch.sigmoid(logits[:, 1] - logits[:, 0])


def export(weights_prefix: str, out: Path) -> None:
    cfg = BertConfig.from_pretrained(str(base_model_dir()), num_labels=2)
    cfg._attn_implementation = "eager"
    model = BertForSequenceClassification(cfg).eval()
    files = sorted(glob.glob(weights_prefix + "*.npz"))
    if not files:
        raise SystemExit(f"no {weights_prefix}*.npz")
    sd = {}
    for f in files:
        with np.load(f) as z:
            sd.update({("" if k.startswith("classifier") else "bert.") + k: torch.from_numpy(z[k].astype(np.float32))
                       for k in z.files})
    print(model.load_state_dict(sd, strict=False))
    w = Wrap(model).eval()
    emb = torch.randn(2, 7, 384)
    types = torch.zeros(2, 7, dtype=torch.long)
    mask = torch.ones(2, 7, dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.onnx"
        torch.onnx.export(w, (emb, types, mask), str(full), input_names=["emb", "types", "mask"], output_names=["prob"],
                          dynamic_axes={"emb": {0: "b", 1: "t"}, "types": {0: "b", 1: "t"}, "mask": {0: "b", 1: "t"},
                                        "prob": {0: "b"}},
                          opset_version=17, dynamo=False, do_constant_folding=True)
        m = onnx.load(str(full))
    # graph-only model: every initializer marked as external data ("entail_weights.data", never written); the
    # weights are shipped fp16 in weights.npz keyed by initializer name and handed to onnxruntime with
    # SessionOptions.add_external_initializers at load time.
    arrays = {}
    for init in m.graph.initializer:
        a = onnx.numpy_helper.to_array(init)
        arrays[init.name] = a
        if a.dtype == np.float32 and a.size > 1:
            set_external_data(init, location="entail_weights.data", offset=0, length=a.nbytes)
            init.ClearField("raw_data")
            init.ClearField("float_data")
            init.data_location = onnx.TensorProto.EXTERNAL
    ext = {k: v.astype(np.float16) for k, v in arrays.items() if v.dtype == np.float32 and v.size > 1}
    out.mkdir(parents=True, exist_ok=True)
    onnx.save(m, str(out / "graph.onnx"))
    np.savez(out / "weights.npz", **ext)
    print("graph", (out / "graph.onnx").stat().st_size, "weights", (out / "weights.npz").stat().st_size)


def unexport(folder: Path, prefix: str) -> None:
    """The inverse: a shipped folder (graph.onnx + weights.npz) back to train.py's layout (``prefix``0/1.npz), so
    the export can be checked on a CPU against the files that ship. Most names are the model's own; a MatMul
    weight is stored transposed under an ``onnx::MatMul_N`` name, and the bias added to its product names it."""
    graph = onnx.load(str(folder / "graph.onnx"), load_external_data=False).graph
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    plain: dict[str, np.ndarray] = {}
    with np.load(folder / "weights.npz") as z:
        for name in z.files:
            if name.startswith("onnx::MatMul"):
                (matmul,) = consumers[name]
                (add,) = [n for n in consumers[matmul.output[0]] if n.op_type == "Add"]
                (bias,) = [i for i in add.input if i.endswith(".bias")]
                plain[bias.removesuffix("bias") + "weight"] = np.ascontiguousarray(z[name].T)
            else:
                plain[name] = z[name]
    plain = {k.removeprefix("m.").removeprefix("bert."): a for k, a in plain.items()}
    half = [k for k in plain if ".layer.3." in k or ".layer.4." in k or ".layer.5." in k or k.startswith(("pooler", "classifier"))]
    np.savez(f"{prefix}0.npz", **{k: plain[k] for k in sorted(plain) if k not in half})  # train.export's split
    np.savez(f"{prefix}1.npz", **{k: plain[k] for k in sorted(half)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", required=True, help="glob prefix of train.py's export, e.g. RUN_DIR/entail_weights.")
    ap.add_argument("--out", type=Path, default=SHIPPED, help="folder for graph.onnx and weights.npz")
    ap.add_argument("--unexport", type=Path, metavar="FOLDER",
                    help="instead: write FOLDER's graph.onnx + weights.npz back to --weights in train.py's layout")
    args = ap.parse_args()
    if args.unexport:
        unexport(args.unexport, args.weights)
    else:
        export(args.weights, args.out)


if __name__ == "__main__":
    main()
