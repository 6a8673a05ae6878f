"""``bench/clustering.py --product``: story clustering measured through the product, not the inner function.

The other modes of ``bench/clustering.py`` call ``briefer.daily.clustering`` on texts the bench read
itself, so a product that never reaches the clustering (issue 31: ``briefer brief FOLDER`` on the
embedded default briefed nothing and exited 0) still scored F1 0.9. This mode copies ECB+ dev (or a
fixed sample of ``--product-articles`` of it) into a folder, runs ``briefer brief FOLDER --format
json`` as a user does (a subprocess of this checkout's code, an empty cache and store, the
settings of the environment: the embedded model when none is set), and scores the stories the JSON
lists with the same B-cubed metric. An article the brief failed or left out counts as a story of
its own (recall lost), and the failures are counted and printed. Beside it, the inner function on
the same articles, so a gap between the two is the product's.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample(data: Path, n: int, seed: int = 0) -> list[str]:
    """``n`` article file names of ``data`` drawn at random with a fixed seed (all when n <= 0)."""
    names = sorted(json.loads((data / "labels.json").read_text()))
    return names if n <= 0 or n >= len(names) else sorted(random.Random(seed).sample(names, n))


def brief_folder(folder: Path, work: Path, briefer: str) -> tuple[dict, float, int]:
    """``briefer brief FOLDER --format json``, this checkout's source first on the path, an empty
    cache and store: (the JSON it wrote, wall seconds, exit code). Its stderr goes to ours."""
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "cache"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    out = work / "brief.json"
    t0 = time.perf_counter()
    rc = subprocess.run([briefer, "brief", str(folder), "--format", "json", "-o", str(out),
                         "--store", str(work / "store.sqlite")], env=env).returncode
    secs = time.perf_counter() - t0
    return (json.loads(out.read_text()) if out.exists() else {}), secs, rc


def groups_of(daily: dict, names: list[str]) -> tuple[list[list[int]], list[str]]:
    """The brief's stories as groups of indices into ``names``; an article in no story (failed, or
    left out) becomes a group of its own. Also the names in no story."""
    index = {n: i for i, n in enumerate(names)}
    file_of = {a["id"]: Path(a["location"]).name for a in daily.get("articles", [])}
    groups, placed = [], set()
    for story in daily.get("stories", []):
        g = [index[file_of[a]] for a in story["articles"] if file_of.get(a) in index]
        groups.append(g)
        placed.update(g)
    missing = [n for n in names if index[n] not in placed]
    return groups + [[index[n]] for n in missing], missing


def main(args, bcubed, kept_apart) -> None:
    """Run and print; the last line is one JSON object of the figures."""
    from briefer.daily.clustering import article_text, cluster_with_stats
    from briefer.extraction import load_document

    data: Path = args.data
    labels = json.loads((data / "labels.json").read_text())
    topics = json.loads((data / "topics.json").read_text())
    names = sample(data, args.product_articles)
    gold, topic = [labels[n] for n in names], [topics[n] for n in names]
    briefer = args.briefer or str(Path(sys.executable).parent / "briefer")
    print(f"product: briefer brief of a folder of {len(names)} ECB+ dev articles ({len(set(gold))} events, "
          f"{len(set(topic))} topics), scored from the JSON it wrote", flush=True)
    with tempfile.TemporaryDirectory(prefix="briefer-bench-product-") as tmp:
        work = Path(tmp)
        (work / "articles").mkdir()
        for n in names:
            shutil.copy(data / "articles" / n, work / "articles" / n)
        daily, secs, rc = brief_folder(work / "articles", work, briefer)
    groups, missing = groups_of(daily, names)
    P, R, F = bcubed(groups, gold)
    usage = daily.get("usage", {})
    product = dict(exit=rc, briefed=len(daily.get("articles", [])), failed=len(daily.get("failed", [])),
                   not_in_a_story=len(missing), stories=len(daily.get("stories", [])), P=round(P, 3), R=round(R, 3),
                   F1=round(F, 3), apart=round(kept_apart(groups, gold, topic), 3), seconds=round(secs, 1),
                   model_calls=usage.get("model_calls"), tokens=usage.get("tokens"))
    texts = [article_text(load_document(str(data / "articles" / n))) for n in names]
    inner_groups = cluster_with_stats(texts)[0]
    iP, iR, iF = bcubed(inner_groups, gold)
    inner = dict(stories=len(inner_groups), P=round(iP, 3), R=round(iR, 3), F1=round(iF, 3),
                 apart=round(kept_apart(inner_groups, gold, topic), 3))
    print(f"  briefer brief (the product): exit {rc}, {product['briefed']} of {len(names)} articles briefed, "
          f"{product['failed']} failed, {product['stories']} stories; B-cubed P {P:.3f} R {R:.3f} F1 {F:.3f}, "
          f"apart {product['apart']:.3f}; {secs:.1f} s wall, {product['model_calls']} model calls")
    print(f"  inner function on the same articles (briefer.daily.cluster): {inner['stories']} stories; "
          f"B-cubed P {iP:.3f} R {iR:.3f} F1 {iF:.3f}, apart {inner['apart']:.3f}")
    if missing:
        print(f"  in no story (scored as stories of their own): {missing[:10]}{' ...' if len(missing) > 10 else ''}")
    print(json.dumps({"measures": "the product: briefer brief FOLDER --format json", "articles": len(names),
                      "events": len(set(gold)), "topics": len(set(topic)), "product": product, "inner": inner}))
