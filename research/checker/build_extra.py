"""Round-3 additions to the entailment training data (issue #15): SNLI dev/test (e-SNLI's copy), WiCE claim/evidence
pairs and FEVER-Symmetric, read from repository snapshots (`fetch github:owner/name`), binary labels, deduplicated
against stage 1 (build_data.py) and each other. Sources, licences and counts: DATA.md.

    python build_extra.py --mirror /work/.mirror --stage1 train.jsonl.gz --out extra.jsonl.gz
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import subprocess


def show(mirror: str, repo: str, path: str) -> str:
    git = f"{mirror}/{repo.replace('/', '+')}/repo"
    return subprocess.run(["git", "--git-dir", git, "show", f"HEAD:{path}"], check=True, capture_output=True,
                          text=True).stdout


def esnli(mirror):
    for split in ("dev", "test"):
        s1, s2, lab = (show(mirror, "OanaMariaCamburu/e-SNLI", f"dataset/eSNLI/{f}.{split}").splitlines()
                       for f in ("s1", "s2", "labels"))
        for p, h, y in zip(s1, s2, lab):
            if y in ("entailment", "neutral", "contradiction"):
                yield p, h, int(y == "entailment"), f"esnli:{split}"


def wice(mirror):
    """Claim vs its annotated evidence sentences; 'partially_supported' is not entailed (part of the claim is
    unsupported: exactly the error a summary sentence that adds one detail makes)."""
    for split in ("dev", "test"):
        text = show(mirror, "ryokamoi/wice", f"code_and_resources/entailment_inputs/oracle_chunks/claim/{split}.jsonl")
        for line in text.splitlines():
            r = json.loads(line)
            yield " ".join(r["evidence"]), r["claim"], int(r["label"] == "supported"), f"wice:{r['label']}"


def fever_symmetric(mirror):
    for path in ("symmetric_v0.1/fever_symmetric_full.jsonl", "symmetric_v0.2/fever_symmetric_dev.jsonl",
                 "symmetric_v0.2/fever_symmetric_test.jsonl"):
        for line in show(mirror, "TalSchuster/FeverSymmetric", path).splitlines():
            r = json.loads(line)
            y = r.get("gold_label") or r["label"]
            if y in ("SUPPORTS", "REFUTES"):
                yield r.get("evidence_sentence") or r["evidence"], r["claim"], int(y == "SUPPORTS"), "fever-symmetric"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default="/work/.mirror")
    ap.add_argument("--stage1", required=True)
    ap.add_argument("--out", default="extra.jsonl.gz")
    args = ap.parse_args()
    seen = {(r["premise"].strip().lower(), r["hypothesis"].strip().lower())
            for r in map(json.loads, gzip.open(args.stage1, "rt"))}
    counts = collections.Counter()
    with gzip.open(args.out, "wt") as out:
        for gen in (esnli, wice, fever_symmetric):
            for p, h, y, src in gen(args.mirror):
                key = (p.strip().lower(), h.strip().lower())
                if not p.strip() or not h.strip() or key in seen:
                    continue
                seen.add(key)
                counts[(src.split(":")[0], y)] += 1
                out.write(json.dumps({"premise": p, "hypothesis": h, "label": y, "source": src}) + "\n")
    print(json.dumps({f"{s}:{y}": n for (s, y), n in sorted(counts.items())}))


if __name__ == "__main__":
    main()
