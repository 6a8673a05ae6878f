"""Calibrate on dev and print the side-by-side table (issue #15).

    python evaluate.py --scores run1/scores_epoch2.npy [--fit] [--old]

Dev = FRANK split=="valid" + the SummEval dev half (eval/train_checker.summeval_dev: sha1(doc_id) even).
Reported = FRANK split=="test" by origin (cnndm, bbc) + the SummEval held-out half. The window-pair
probabilities come from --scores (aligned with eval_pairs.json.gz, K=4 windows per sentence) or, with
--numpy, from entail.score_pairs. --fit writes entail_calibration.json (features, weights, threshold: all from dev).
"""
import argparse, gzip, json, re, sys
from collections import defaultdict
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval" / "checker"))  # judge_scores (shipped path)
import entail
from judge_scores import auc, ba  # noqa: F401  (one numpy-only definition, also used on the training machine)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval"))
from train_checker import summeval_dev  # noqa: E402  (the one dev/held-out split of SummEval)

D = Path(__file__).resolve().parents[3] / "shared" / "data" / "faithfulness"


def overlap(document, summary, n):
    d, s = re.findall(r"\w+", document.lower()), re.findall(r"\w+", summary.lower())
    grams = {tuple(d[i:i + n]) for i in range(len(d) - n + 1)}
    mine = [tuple(s[i:i + n]) for i in range(len(s) - n + 1)]
    return sum(g in grams for g in mine) / len(mine) if mine else 1.0


def load_rows():
    rows = []
    for r in map(json.loads, open(D / "frank.jsonl")):
        r["group"] = f"frank-{r['split']}-{r['origin']}"; r["dev"] = r["split"] == "valid"; rows.append(r)
    for r in map(json.loads, open(D / "summeval.jsonl")):
        r["dev"] = summeval_dev(r["doc_id"]); r["group"] = "summeval-" + ("dev" if r["dev"] else "heldout"); rows.append(r)
    return rows


def per_sentence_best(rows, probs, meta, k):
    best = defaultdict(dict)
    for (rid, j, i), p in zip(meta, probs):
        best[rid].setdefault(j, []).append(float(p))
    out = {}
    for r in rows:
        b = best.get(r["id"], {})
        out[r["id"]] = [max(v[:k]) for _, v in sorted(b.items())]
    return out


def feats(r, best):
    if not best:
        best = [0.0]
    return entail.features_from(r["document"], r["summary"], None, best)


def fit_logistic(X, y, w, l2=1.0, iters=4000):
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = (X - mu) / sd
    b, W = 0.0, np.zeros(Z.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(Z @ W + b)))
        g = (p - y) * w
        W -= 0.5 * (Z.T @ g / w.sum() + l2 * W / len(y))
        b -= 0.5 * g.sum() / w.sum()
    return mu, sd, W, b


def weights_for(rows, y):
    """Each dev origin counts equally, and within it both classes equally."""
    groups = [r["group"] for r in rows]
    w = np.zeros(len(rows))
    for g in set(groups):
        m = np.array([x == g for x in groups])
        for c in (0, 1):
            mc = m & (y == c)
            if mc.sum():
                w[mc] = 1.0 / mc.sum()
    return w * len(rows) / w.sum()


def pick_threshold(rows, y, p):
    groups = sorted({r["group"] for r in rows})
    def mean_ba(t):
        return np.mean([ba(y[[r["group"] == g for r in rows]], (p[[r["group"] == g for r in rows]] >= t).astype(int)) for g in groups])
    ts = np.round(np.arange(0.05, 0.96, 0.01), 2)
    return float(max(ts, key=mean_ba))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scores", default="run1/scores_epoch2.npy")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--old", action="store_true", help="also run the shipped lexical checker (briefer.grounding.check_faithfulness)")
    ap.add_argument("--features", default="ent_min,ent_mean,bigram,unigram,novel_names,novel_numbers,abstractive,ent_x_abs")
    ap.add_argument("--k", type=int, default=3)
    args = ap.parse_args()
    rows = load_rows()
    E = json.load(gzip.open("eval_pairs.json.gz", "rt"))
    probs = np.load(args.scores).astype(np.float32)
    best = per_sentence_best(rows, probs, E["meta"], args.k)
    F = [feats(r, best[r["id"]]) for r in rows]
    names = args.features.split(",")
    X = np.array([[f[n] for n in names] for f in F])
    y = np.array([r["label"] for r in rows])
    dev = np.array([r["dev"] for r in rows])
    if args.fit:
        drows = [r for r, d in zip(rows, dev) if d]
        w = weights_for(drows, y[dev])
        mu, sd, W, b = fit_logistic(X[dev], y[dev].astype(float), w)
        p = 1 / (1 + np.exp(-(((X[dev] - mu) / sd) @ W + b)))
        thr = pick_threshold(drows, y[dev], p)
        cal = {"about": "logistic model over entail.features_from(); fit by evaluate.py --fit on dev only "
                        "(FRANK valid + SummEval dev half), each origin and class weighted equally; threshold maximizes "
                        "the mean of per-origin balanced accuracy on dev",
               "k": args.k, "features": names, "mean": mu.tolist(), "std": sd.tolist(), "weights": W.tolist(),
               "bias": float(b), "threshold": thr}
        json.dump(cal, open(entail.CALIBRATION, "w"), indent=1)
        entail.calibration.cache_clear()
    cal = entail.calibration()
    mu, sd, W, b = map(np.array, (cal["mean"], cal["std"], cal["weights"], cal["bias"]))
    score = 1 / (1 + np.exp(-(((X - mu) / sd) @ W + b)))
    thr = cal["threshold"]
    ent_mean = np.array([f["ent_mean_p"] for f in F])
    bi = np.array([overlap(r["document"], r["summary"], 2) for r in rows])
    old = None
    if args.old:  # the shipped lexical checker, from this checkout
        import subprocess
        code = ("import json,sys\nfrom briefer.grounding import check_faithfulness as check\nfor l in sys.stdin:\n r=json.loads(l)\n v=check(r['document'],r['summary'])\n"
                " print(json.dumps([v.score,v.label]))")
        inp = "".join(json.dumps({"document": r["document"], "summary": r["summary"]}) + "\n" for r in rows)
        root = Path(__file__).resolve().parents[2]
        res = subprocess.run([sys.executable, "-c", code], input=inp, capture_output=True, text=True, cwd=root,
                             env={**__import__("os").environ, "PYTHONPATH": str(root / "src")})
        if res.returncode == 0:
            old = np.array([json.loads(l) for l in res.stdout.splitlines()])
        else:
            print("old checker failed:", res.stderr[-500:])
    # bigram baseline at ONE threshold too: the one maximizing mean per-origin dev BA
    drows = [r for r, d in zip(rows, dev) if d]
    bthr = pick_threshold(drows, y[dev], bi[dev])
    print(f"new checker threshold {thr} (dev); bigram-overlap fixed dev threshold {bthr}")
    hdr = f"{'set':<22}{'n':>5}{'pos%':>6} | {'new AUC':>7}{'new BA':>7} | {'ent-only AUC':>12} | {'bigram AUC':>10}{'BA@dev':>7}{'BA*':>6}"
    if old is not None:
        hdr += f" | {'old AUC':>7}{'old BA':>7}"
    print(hdr)
    groups = ["frank-valid-cnndm", "frank-valid-bbc", "summeval-dev", "frank-test-cnndm", "frank-test-bbc", "summeval-heldout"]
    res = {}
    for g in groups:
        m = np.array([r["group"] == g for r in rows])
        yy = y[m]
        best_bi = max(ba(yy, (bi[m] >= t).astype(int)) for t in np.unique(bi[m]))
        line = (f"{g:<22}{m.sum():>5}{100*yy.mean():>5.0f}% | {auc(yy, score[m]):>7.3f}{ba(yy, (score[m] >= thr).astype(int)):>7.3f} | "
                f"{auc(yy, ent_mean[m]):>12.3f} | {auc(yy, bi[m]):>10.3f}{ba(yy, (bi[m] >= bthr).astype(int)):>7.3f}{best_bi:>6.3f}")
        res[g] = {"auc": auc(yy, score[m]), "ba": ba(yy, (score[m] >= thr).astype(int))}
        if old is not None:
            line += f" | {auc(yy, old[m, 0]):>7.3f}{ba(yy, old[m, 1].astype(int)):>7.3f}"
        print(line)
    for name, gs in (("dev mean", groups[:3]), ("reported mean", groups[3:])):
        print(f"{name:<22} AUC {np.mean([res[g]['auc'] for g in gs]):.3f}  BA {np.mean([res[g]['ba'] for g in gs]):.3f}")
    print("BA* = bigram at its best threshold on that very set (oracle). ent-only = mean per-sentence entailment prob.")


if __name__ == "__main__":
    main()
