"""Fit the chosen combo on ALL dev (K=2, pairs capped at 128 tokens), write combo_calibration.json, then score
test ONCE: python combo_final.py <test feature file: combo_feats_k2cap128.json | combo_feats_k2.json>"""
import json, sys
import numpy as np
from sklearn.metrics import roc_auc_score
import combo_search as cs
from evaluate import pick_threshold
NAMES, C = ["old_z", "ent_mean", "abs"], 1.0
dev = [cs.derived(f) for f in json.load(open("combo_feats_k2cap128.json")) if f["dev"]]
y = np.array([f["label"] for f in dev]); g = np.array([f["group"] for f in dev])
X = cs.matrix(dev, NAMES)
mu, sd, W, b = cs.fit(X, y, g, C)
z = cs.zscore(X, mu, sd, W, b)
c0, _ = cs.choose_threshold(z, np.zeros(len(z)), y, g, "fixed")
thr = float(1 / (1 + np.exp(-c0)))
bi_dev = np.array([f["bigram_ev"] for f in dev])
bthr = pick_threshold([{"group": x} for x in g], y, bi_dev)
cal = {"about": "summary-level combo (issue #15): logistic regression over the old checker's score, the entailment "
                "model's mean per-sentence logit and abstractiveness; fit on dev only (FRANK valid + SummEval dev half), "
                "each origin and class weighted equally, sklearn LogisticRegression C=1.0 on standardized features; "
                "threshold = the one maximizing the mean of per-origin balanced accuracy on dev. Chosen by grouped "
                "5-fold CV on dev (folds by document, 3 seeds) among ~50 candidates (COMBO.md).",
       "entail": {"k": 2, "window": 2, "max_len": 128, "max_hyp": 96, "weights": "run2"},
       "features": NAMES,
       "definitions": {
           "old_z": "logit of briefer.grounding.check_faithfulness(document, summary).score, score clipped to [1e-4, 1-1e-4]",
           "ent_mean": "mean over summary sentences (entail.sentence_pairs, k=2) of logit(max entailment prob over the "
                       "sentence's 2 best windows), probs clipped to [1e-4, 1-1e-4]; entail.score_pairs(..., max_len=128)",
           "abs": "share of the summary's word bigrams not in the document = 1 - analyze(document, summary)[0]['bigram']"},
       "needs_from_old_checker": ["check().score", "analyze() features['bigram'] (also returned as check().features['bigram'])"],
       "mean": mu.tolist(), "std": sd.tolist(), "weights": W.tolist(), "bias": b,
       "threshold": round(thr, 4), "threshold_logit": c0,
       "score": "p = sigmoid(bias + sum_i weights[i] * (x_i - mean[i]) / std[i]); label 1 (faithful) iff p >= threshold"}
json.dump(cal, open("combo_calibration.json", "w"), indent=1)
print("weights", dict(zip(NAMES, np.round(W, 3))), "bias", round(b, 3), "thr", round(thr, 4), "bigram thr", bthr)

test = [cs.derived(f) for f in json.load(open(sys.argv[1])) if not f["dev"]]
allf = dev + test
yy = np.array([f["label"] for f in allf]); gg = np.array([f["group"] for f in allf])
zz = cs.zscore(cs.matrix(allf, NAMES), mu, sd, W, b)
old_s = np.array([f["old_score"] for f in allf]); old_l = np.array([f["old_label"] for f in allf])
bi = np.array([f["bigram_ev"] for f in allf]); ent = np.array([f["ent_mean_p"] for f in allf])
def ba(y, p): return ((p[y == 1] == 1).mean() + (p[y == 0] == 0).mean()) / 2
print(f"test features from {sys.argv[1]}")
print("| set | n | faithful | combo AUC | combo BA @%.2f | old AUC | old BA @0.68 | bigram AUC | bigram BA @%.2f (dev) | entail-only AUC |" % (thr, bthr))
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
res = {}
for G in ["frank-valid-cnndm", "frank-valid-bbc", "summeval-dev", "frank-test-cnndm", "frank-test-bbc", "summeval-heldout"]:
    m = gg == G; y_ = yy[m]
    r = [roc_auc_score(y_, zz[m]), ba(y_, (zz[m] >= c0).astype(int)), roc_auc_score(y_, old_s[m]), ba(y_, old_l[m]),
         roc_auc_score(y_, bi[m]), ba(y_, (bi[m] >= bthr).astype(int)), roc_auc_score(y_, ent[m])]
    res[G] = r
    tag = "dev (in-sample)" if "valid" in G or G == "summeval-dev" else "**test**"
    print(f"| {tag} {G} | {m.sum()} | {100*y_.mean():.0f}% | " + " | ".join(f"{v:.3f}" for v in r) + " |")
for name, gs in (("dev mean (in-sample)", list(res)[:3]), ("**test mean**", list(res)[3:])):
    mm = np.mean([res[x] for x in gs], 0)
    print(f"| {name} | | | " + " | ".join(f"{v:.3f}" for v in mm) + " |")
