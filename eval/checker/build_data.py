"""Build train.jsonl.gz {premise, hypothesis, label, source} for the entailment checker (issue #15).

    python build_data.py [--mirror /work/.mirror] [--out train.jsonl.gz]
    # reads repository snapshots under --mirror (owner+name/repo, bare git directories as the workplace's
    # ``fetch github:owner/name`` leaves them) and the news articles of ../shared/data/extraction

Deterministic: one seeded ``random.Random(15)``, entity sets walked in sorted order (not in the per-process
string-hash order, which made two builds differ by a few synthetic pairs), the gzip header without a time stamp.
The sha256 it prints is over the uncompressed lines (docs/checker-training.md records it).

Never reads QAGS, CLIFF, AggreFact, FRANK (any split), REALSumm, SummEval, or scale-score's qags/frank/summeval
files. The synthetic news pairs come from the 151 articles of ../shared/data/extraction (ground-truth.json) and
the SummEdits news documents; FRANK valid and SummEval stay untouched for calibration.
"""

from __future__ import annotations

import argparse
import csv
import collections
import gzip
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
# the package's own splitter, windows and tokens: training must cut text exactly as the shipped checker does
from briefer.grounding import top_windows, windows, words  # noqa: E402
from briefer.sentences import checker_sentences as split_sentences  # noqa: E402
from briefer.text import STOPWORDS as STOP  # noqa: E402

MIRROR = Path(os.environ.get("BRIEFER_MIRROR", "/work/.mirror"))
SHARED = ROOT.parent / "shared" / "data"
OUT = Path(__file__).resolve().parent / "train.jsonl.gz"
rng = random.Random(15)
csv.field_size_limit(10**9)


def git_show(repo: str, path: str) -> str:
    d = MIRROR / repo / "repo"
    d = d if (d / "HEAD").exists() or (d / "objects").exists() else d / ".git"
    return subprocess.run(["git", f"--git-dir={d}", "show", f"HEAD:{path}"], capture_output=True, check=True,
                          text=True).stdout


def best_window(doc: str, hyp: str) -> str:
    wins = windows(split_sentences(doc))
    if not wins:
        return doc[:2000]
    return wins[top_windows(wins, hyp, 1)[0]]


# ------------------------------------------------------------------------------------------ sources


def summedits():
    out, docs = [], {}
    for dom in ("news", "podcast", "qmsumm", "sales_call", "sales_email", "samsum", "scitldr", "ectsum"):
        for r in json.loads(git_show("salesforce+factualNLG", f"data/summedits/summedits_{dom}.json")):
            docs.setdefault(r["doc"], dom)
            orig = set(split_sentences(r["original_summary"]))
            for s in split_sentences(r["summary"]):
                if not words(s):
                    continue
                lab = 1 if (str(r["label"]) == "1" or s in orig) else 0
                out.append((best_window(r["doc"], s), s, lab))
    return out, docs


def true_csv(name):
    rows = list(csv.DictReader(io.StringIO(git_show("asappresearch+scale-score", f"data/true/{name}.csv"))))
    out = []
    for r in rows:
        g = r["grounding"]
        if len(g) > 3000:  # long groundings (begin/dialfact): keep the best window
            g = best_window(g, r["generated_text"])
        out.append((g, r["generated_text"], int(float(r["label"]))))
    return out


def docnli(name):
    out = []
    for part in ("dev", "test"):
        for line in git_show("salesforce+DocNLI", f"Data/binary-{name}/{part}.txt").splitlines():
            bits = line.split("\t")
            if len(bits) == 3 and bits[0] in ("entailment", "not_entailment"):
                out.append((bits[1], bits[2], int(bits[0] == "entailment")))
    return out


def dnc():
    out = []
    for part in ("dev", "test"):
        for r in json.loads(git_show("decompositional-semantics-initiative+DNC", f"{part}/recast_factuality_data.json")):
            out.append((r["context"], r["hypothesis"], int(bool(r["binary-label"]))))
    return out


def conjnli():
    out = []
    for path in ("data/NLI/adversarial_train_15k.tsv", "data/NLI/conj_dev.tsv"):
        for r in csv.reader(io.StringIO(git_show("swarnaHub+ConjNLI", path).lstrip("\ufeff")), delimiter="\t"):
            if len(r) >= 3 and r[-1] in ("entailment", "contradiction", "neutral"):
                out.append((r[0], r[1], int(r[-1] == "entailment")))
    return out


def glue(name):
    out = []
    for part in ("train", "dev"):
        d = json.loads(git_show("ZhengxiangShi+PowerfulPromptFT", f"data/glue_pretrain/{name}/{part}.json"))
        for r in d.values():
            if r["label"] in ("entailment", "contradiction", "neutral"):
                out.append((r["text_a"], r["text_b"], int(r["label"] == "entailment")))
    return out


# ------------------------------------------------------------------------------- synthetic news pairs

_ENT = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z'’]+(?:\s+(?:of\s+)?[A-Z][a-z'’]+)*)")
_NUM = re.compile(r"\b\d+(?:[.,]\d+)*%?")
_PRON = {"he": "she", "she": "he", "his": "her", "her": "his", "him": "her", "they": "he", "their": "his",
         "we": "they", "it": "they"}
_ANTONYM = {"increase": "decrease", "increased": "decreased", "rise": "fall", "rose": "fell", "won": "lost",
            "win": "lose", "higher": "lower", "lower": "higher", "more": "fewer", "before": "after", "after": "before",
            "up": "down", "largest": "smallest", "first": "last", "last": "first", "new": "old", "best": "worst",
            "accepted": "rejected", "approved": "rejected", "supported": "opposed", "allowed": "banned",
            "killed": "injured", "arrested": "released", "open": "closed", "began": "ended", "start": "end",
            "early": "late", "major": "minor", "strong": "weak", "rising": "falling", "gained": "lost",
            "north": "south", "east": "west", "large": "small", "biggest": "smallest", "buy": "sell", "bought": "sold"}
_NEG = [(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|did|does|do)\b(?! not)", r"\1 not"),
        (r"\b(is|are|was|were|has|have|had|will|would|could|should|did|does|do) not\b", r"\1"),
        (r"\b(isn't|wasn't|aren't|weren't|didn't|doesn't|don't|won't|can't|hasn't|haven't)\b", None)]
_UNNEG = {"isn't": "is", "wasn't": "was", "aren't": "are", "weren't": "were", "didn't": "did", "doesn't": "does",
          "don't": "do", "won't": "will", "can't": "can", "hasn't": "has", "haven't": "have"}
_EXTRA = ["in 2019", "on Tuesday", "last year", "for the first time", "in London", "in a statement", "on Friday",
          "in the US", "since 2015", "in March", "by 20%", "in New York", "for the second time", "this week",
          "in China", "in a rare move", "earlier this month", "in Paris", "after a long investigation",
          "in an interview with the BBC", "by a wide margin", "in Washington", "in 2021", "for £2m"]


def entities(text):
    """Capitalised phrases past a sentence start, sorted: the seeded draws below must not depend on set order."""
    return sorted({m.group(1) for m in _ENT.finditer(text) if m.group(1).lower() not in STOP and len(m.group(1)) > 2})


def compress(s):
    """A shorter, still-entailed version: drop parentheticals, leading connectives, trailing clauses."""
    t = re.sub(r"\s*\([^)]*\)", "", s)
    t = re.sub(r"^(But|And|However|Meanwhile|Still|Also|Yet|So),?\s+", "", t)
    t = re.sub(r",\s*(?:who|which|where|according to)[^,]*,", "", t)
    if rng.random() < 0.6:
        m = re.match(r"^(.{30,}?),\s+(?:and|but|while|as|which|who|although|after|with)\b", t)
        if m:
            t = m.group(1) + "."
    m = re.match(r"^(.{25,}?),?\s+(?:he|she|they|it|[A-Z][\w .'-]+?)\s+(?:said|says|added|told [\w ]+)\.?$", t)
    if m:
        t = m.group(1).strip("\"'“” ,") + "."
    t = t[0].upper() + t[1:] if t else t
    return t


def perturb(s, doc_ents, doc_nums, other_ents):
    """One meaning-changing edit of sentence ``s`` (or None)."""
    kinds = ["ent", "num", "neg", "pron", "ant", "swap", "extra", "ent_out"]
    rng.shuffle(kinds)
    for kind in kinds:
        if kind == "ent":
            mine = [e for e in entities(s)]
            cands = [e for e in doc_ents if e not in s]
            if mine and cands:
                e = rng.choice(mine)
                return s.replace(e, rng.choice(cands), 1), kind
        elif kind == "ent_out":
            mine = list(entities(s))
            if mine and other_ents:
                e = rng.choice(mine)
                return s.replace(e, rng.choice(other_ents), 1), kind
        elif kind == "num":
            nums = _NUM.findall(s)
            if nums:
                n = rng.choice(nums)
                cands = [x for x in doc_nums if x != n]
                if cands and rng.random() < 0.5:
                    new = rng.choice(cands)
                else:
                    digits = re.sub(r"\D", "", n) or "1"
                    v = int(digits[:6])
                    new = str(max(0, v + rng.choice([-1, 1]) * max(1, int(v * rng.choice([0.1, 0.3, 0.5, 1]) + 1))))
                    if n.endswith("%"):
                        new += "%"
                return re.sub(r"\b" + re.escape(n) + r"(?!\d)", new, s, count=1), kind
        elif kind == "neg":
            m = re.search(_NEG[2][0], s)
            if m:
                return s[: m.start()] + _UNNEG[m.group(1)] + s[m.end():], kind
            for pat, rep in _NEG[:2]:
                if re.search(pat, s):
                    return re.sub(pat, rep, s, count=1), kind
        elif kind == "pron":
            toks = re.findall(r"\b(he|she|his|her|him|they|their)\b", s, flags=re.I)
            if toks:
                t = rng.choice(toks)
                rep = _PRON[t.lower()]
                rep = rep.capitalize() if t[0].isupper() else rep
                return re.sub(r"\b" + t + r"\b", rep, s, count=1), kind
        elif kind == "ant":
            hits = [w for w in re.findall(r"[a-z]+", s) if w in _ANTONYM]
            if hits:
                w = rng.choice(hits)
                return re.sub(r"\b" + w + r"\b", _ANTONYM[w], s, count=1), kind
        elif kind == "swap":
            mine = sorted(entities(s), key=s.find)
            mine = [e for e in mine if not any(e != f and e in f for f in mine)]
            if len(mine) >= 2:
                a, b = rng.sample(mine, 2)
                return s.replace(a, "\0").replace(b, a).replace("\0", b), kind
        elif kind == "extra":
            ph = rng.choice(_EXTRA)
            if ph.split()[-1].lower() not in s.lower():
                t = s.rstrip(".!?\"'” ")
                return t + " " + ph + ".", kind
    return None


def news_articles(summedits_docs):
    arts = [v["articleBody"] for v in json.load(open(SHARED / "extraction" / "ground-truth.json")).values()]
    arts = [a for a in arts if "Gallant" not in a]  # the seed-claims article stays unseen
    arts += [d for d, dom in summedits_docs.items() if dom == "news"]
    return arts


def synthetic(articles, per_article=90):
    out, kinds = [], collections.Counter()
    all_ents = [list(entities(a)) for a in articles]
    for ai, art in enumerate(articles):
        sents = [s for s in split_sentences(art) if 6 <= len(s.split()) <= 60]
        all_s = split_sentences(art)
        if len(all_s) < 4:
            continue
        doc_ents = list(entities(art))
        doc_nums = _NUM.findall(art)
        other = all_ents[rng.randrange(len(articles))]
        made = 0
        for s in rng.sample(sents, len(sents)):
            if made >= per_article:
                break
            i = all_s.index(s) if s in all_s else 0
            lo = max(0, i - rng.randint(0, 1))
            prem = " ".join(all_s[lo : lo + rng.choice([2, 2, 3])])
            if s not in prem:
                prem = s
            r = rng.random()
            if r < 0.42:  # positive: the sentence, usually compressed
                h = compress(s) if rng.random() < 0.7 else s
                out.append((prem, h, 1, "syn:pos"))
                kinds["pos"] += 1
            elif r < 0.88:
                base = compress(s) if rng.random() < 0.5 else s
                p = perturb(base, doc_ents, doc_nums, other)
                if p and p[0] != base:
                    out.append((prem, p[0], 0, "syn:" + p[1]))
                    kinds[p[1]] += 1
            else:  # extrinsic: a sentence of the same article that the nearby window does not state
                far = [t for t in sents if abs(all_s.index(t) - i) > 3] if s in all_s else []
                if far:
                    h = rng.choice(far)
                    hw = {w for w in words(h) if w not in STOP}
                    pw = set(words(prem))
                    if hw and len(hw & pw) / len(hw) < 0.5:
                        out.append((prem, h, 0, "syn:extrinsic"))
                        kinds["extrinsic"] += 1
            made += 1
    return out, kinds


def build(out: Path = OUT) -> dict:
    """Write the training pairs to ``out`` (and their counts beside it, as NAME.counts.json); return the counts and the sha256 of the
    uncompressed lines."""
    data: list[tuple] = []
    counts = {}

    def add(name, rows, cap=None):
        rows = list(rows)
        if cap and len(rows) > cap:
            rows = rng.sample(rows, cap)
        rows = [(p, h, y, name) for p, h, y in rows if p and h and len(h) < 1200]
        counts[name] = (len(rows), sum(r[2] for r in rows))
        data.extend(rows)
        print(f"{name:<22} {len(rows):>7} pairs, {counts[name][1]} entailed", flush=True)

    se, se_docs = summedits()
    add("summedits", se)
    for name in ("paws", "dialfact", "q2", "begin"):
        add(f"true:{name}", true_csv(name))
    add("docnli:binary-MNLI", docnli("MNLI"))
    add("docnli:binary-FEVER-NLI", docnli("FEVER-NLI"))
    add("dnc:factuality", dnc())
    add("conjnli", conjnli())
    add("glue:MNLI", glue("MNLI"))
    add("glue:SNLI", glue("SNLI"))
    arts = news_articles(se_docs)
    syn, kinds = [], collections.Counter()
    for rep in range(6):  # six passes: different sentences/edits of the same articles
        s, k = synthetic(arts)
        syn += s
        kinds += k
    seen = set()
    syn = [r for r in syn if not ((r[0], r[1]) in seen or seen.add((r[0], r[1])))]
    data.extend(syn)
    counts["synthetic-news"] = (len(syn), sum(r[2] for r in syn))
    print(f"synthetic-news         {len(syn):>7} pairs from {len(arts)} articles; kinds {dict(kinds)}")
    rng.shuffle(data)
    digest = hashlib.sha256()
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        for p, h, y, src in data:
            line = (json.dumps({"premise": p, "hypothesis": h, "label": y, "source": src}) + "\n").encode()
            digest.update(line)
            f.write(line)
    tmp.replace(out)
    # beside the data, not over train_counts.json: that file records the build run 1 and 2 were trained on
    out.with_name(out.name.split(".")[0] + ".counts.json").write_text(json.dumps(counts, indent=1) + "\n")
    print(f"wrote {out}: {len(data)} pairs, {sum(r[2] for r in data)} entailed; sha256 of the lines {digest.hexdigest()}")
    return {"counts": counts, "sha256": digest.hexdigest(), "pairs": len(data)}


def main():
    global MIRROR
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", type=Path, default=MIRROR, help="folder of repository snapshots (owner+name/repo)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    MIRROR = args.mirror
    build(args.out)


if __name__ == "__main__":
    main()
