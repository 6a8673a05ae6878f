"""Choose the calibration's feature set by 5-fold cross-validation on dev only (folds by document):
mean over dev origins of the balanced accuracy at the threshold chosen on the training folds."""
import gzip, json, sys, hashlib
import numpy as np
from evaluate import load_rows, per_sentence_best, feats, fit_logistic, weights_for, pick_threshold, ba, auc
scores, k = sys.argv[1], int(sys.argv[2])
rows = [r for r in load_rows() if r["dev"]]
E = json.load(gzip.open("eval_pairs.json.gz", "rt"))
best = per_sentence_best(rows, np.load(scores).astype(np.float32), E["meta"], k)
F = [feats(r, best[r["id"]]) for r in rows]
y = np.array([r["label"] for r in rows]).astype(float)
fold = np.array([int(hashlib.md5(r["document"][:300].encode()).hexdigest(), 16) % 5 for r in rows])
groups = sorted({r["group"] for r in rows})
sets = ["ent_mean", "ent_mean,bigram", "ent_min,ent_mean,bigram", "ent_mean,bigram,abstractive",
        "ent_mean,bigram,ent_x_abs", "ent_min,ent_mean,bigram,unigram", "ent_mean,bigram,novel_names,novel_numbers",
        "ent_min,ent_mean,bigram,unigram,novel_names,novel_numbers,abstractive,ent_x_abs", "ent_mean,unigram",
        "ent_mean,trigram,novel_numbers", "ent_min,ent_mean,bigram,novel_numbers"]
for l2 in (1.0, 30.0):
    for s in sets:
        names = s.split(",")
        X = np.array([[f[n] for n in names] for f in F])
        p = np.zeros(len(rows)); thr_pred = np.zeros(len(rows))
        for f in range(5):
            tr, te = fold != f, fold == f
            trows = [r for r, t in zip(rows, tr) if t]
            mu, sd, W, b = fit_logistic(X[tr], y[tr], weights_for(trows, y[tr]), l2=l2, iters=1500)
            pt = 1 / (1 + np.exp(-(((X[tr] - mu) / sd) @ W + b)))
            thr = pick_threshold(trows, y[tr], pt)
            p[te] = 1 / (1 + np.exp(-(((X[te] - mu) / sd) @ W + b)))
            thr_pred[te] = p[te] >= thr
        g_ba = [ba(y[[r["group"] == g for r in rows]], thr_pred[[r["group"] == g for r in rows]]) for g in groups]
        g_auc = [auc(y[[r["group"] == g for r in rows]], p[[r["group"] == g for r in rows]]) for g in groups]
        print(f"l2={l2:<5} {s:<70} CV BA {np.mean(g_ba):.3f} {np.round(g_ba,3)} AUC {np.round(g_auc,3)}", flush=True)
