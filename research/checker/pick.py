"""After a side-by-side training run (round3.sh): rank every (variant, epoch) by its dev figures alone (the mean
over the three dev origins of the summary mix's AUC, at its best entailment weight), copy the two best exports and
every epoch's pair scores to OUT. Test labels never reach the training machine (dump_eval.py withholds them).

    python pick.py RUN_DIR OUT_DIR
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import numpy as np


def main() -> None:
    run, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    ranked, scores, logs = [], {}, []
    for d in sorted(p for p in run.iterdir() if p.is_dir()):
        log = (d / "log.txt").read_text(errors="replace") if (d / "log.txt").exists() else ""
        logs.append(f"===== {d.name}\n{log}")
        for m in re.finditer(r"^dev epoch (\d+): (\{.*\})$", log, re.M):
            epoch, fig = int(m.group(1)), json.loads(m.group(2))
            best_w = max((k for k in fig if k.startswith("w")), key=lambda k: fig[k]["mean"])
            ranked.append((fig[best_w]["mean"], d.name, epoch, best_w, fig))
        for f in sorted(d.glob("scores_epoch*.npy")):
            scores[f"{d.name}_e{f.stem.removeprefix('scores_epoch')}"] = np.load(f)
    ranked.sort(key=lambda r: -r[0])
    picked = []
    for mean, name, epoch, w, _ in ranked[:2]:
        for part in (0, 1):
            src = run / name / f"entail_weights_epoch{epoch}.{part}.npz"
            if src.exists():
                shutil.copy(src, out / f"{name}_e{epoch}.{part}.npz")
        picked.append({"variant": name, "epoch": epoch, "dev_mean_auc": mean, "w": w})
    np.savez_compressed(out / "scores.npz", **scores)
    (out / "summary.json").write_text(json.dumps({"picked": picked, "ranked": [
        {"mean": r[0], "variant": r[1], "epoch": r[2], "w": r[3], "dev": r[4]} for r in ranked]}, indent=1))
    (out / "logs.txt").write_text("\n".join(logs))
    print(json.dumps(picked))


if __name__ == "__main__":
    main()
