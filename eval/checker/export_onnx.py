"""Export the trained encoder (entail_weights.*.npz from train.py) to what briefer ships and loads:
src/briefer/data/entail/graph.onnx (graph only, ~110 KB) and weights.npz (fp16 initializers, handed to
onnxruntime at load time; the word embeddings are gathered in numpy from the base package).
Dev-side only (needs torch, transformers, onnx: pip install -e '.[train]')."""
import glob, sys
from pathlib import Path
import numpy as np, torch, onnx
OUT = Path(__file__).resolve().parents[2] / "src" / "briefer" / "data" / "entail"
from transformers import BertConfig, BertForSequenceClassification
sys.path.insert(0, ".")
import entail
cfg = BertConfig.from_pretrained(str(entail.base_model_dir()), num_labels=2)
cfg._attn_implementation = "eager"
model = BertForSequenceClassification(cfg).eval()
sd = {}
for f in sorted(glob.glob("entail_weights.*.npz")):
    with np.load(f) as z:
        sd.update({("" if k.startswith("classifier") else "bert.") + k: torch.from_numpy(z[k].astype(np.float32)) for k in z.files})
print(model.load_state_dict(sd, strict=False))

class Wrap(torch.nn.Module):
    def __init__(self, m):
        super().__init__(); self.m = m
    def forward(self, emb, types, mask):
        logits = self.m(inputs_embeds=emb, token_type_ids=types, attention_mask=mask).logits
        return torch.sigmoid(logits[:, 1] - logits[:, 0])

w = Wrap(model).eval()
emb = torch.randn(2, 7, 384); types = torch.zeros(2, 7, dtype=torch.long); mask = torch.ones(2, 7, dtype=torch.long)
torch.onnx.export(w, (emb, types, mask), "/tmp/full.onnx", input_names=["emb", "types", "mask"], output_names=["prob"],
                  dynamic_axes={"emb": {0: "b", 1: "t"}, "types": {0: "b", 1: "t"}, "mask": {0: "b", 1: "t"}, "prob": {0: "b"}},
                  opset_version=17, dynamo=False, do_constant_folding=True)
m = onnx.load("/tmp/full.onnx")
names = {}
for init in list(m.graph.initializer):
    arr = onnx.numpy_helper.to_array(init)
    names[init.name] = arr
print(len(names), "initializers", sum(a.size for a in names.values()))
onnx.save(m, "/tmp/full_fp32.onnx")

# graph-only model: every initializer marked as external data ("entail_weights.data", never written); the
# weights are shipped fp16 in weights.npz keyed by initializer name and handed to onnxruntime with
# SessionOptions.add_external_initializers at load time.
from onnx.external_data_helper import set_external_data
arrays = {}
for init in m.graph.initializer:
    a = onnx.numpy_helper.to_array(init)
    arrays[init.name] = a
    if a.dtype == np.float32 and a.size > 1:
        set_external_data(init, location="entail_weights.data", offset=0, length=a.nbytes)
        init.ClearField("raw_data"); init.ClearField("float_data")
        init.data_location = onnx.TensorProto.EXTERNAL
ext = {k: v.astype(np.float16) for k, v in arrays.items() if v.dtype == np.float32 and v.size > 1}
onnx.save(m, str(OUT / "graph.onnx"))
np.savez(OUT / "weights.npz", **ext)
print("graph", (OUT / "graph.onnx").stat().st_size, "weights", (OUT / "weights.npz").stat().st_size)
