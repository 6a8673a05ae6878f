"""``bench/stories.py --multinews=CSV``: ROUGE of the product's multi-article story against human
multi-document summaries (issue 32), beside the baselines on the same clusters.

Data: Multi-News (Fabbri et al. 2019; newser.com editors' summaries of the articles they cite),
licensed "for non-commercial research and educational purposes only", so nothing of it is committed:
the bench reads a CSV given on the command line (columns ``documents`` — a Python list literal of the
article texts —, ``num_documents``, ``summary``; the 250-cluster random sample of the test split that
github.com/TheAthleticCoder/Multi-Document-Summarization committed as ``multi_news/sample_test.csv``
at 4425950 has this shape). A cluster keeps its articles of at least ``MIN_WORDS`` words (Multi-News
keeps scraping debris such as cookie or tweet notices), at most ``--per-event`` of them, and is used
when two or more remain; the first ``--clusters`` such clusters in file order are measured.

Protocol: each cluster's articles are written as files in a temp folder and ``briefer brief FOLDER
--format json`` runs as a user runs it (``_product.brief_folder``: this checkout's source, an empty
cache and store, the embedded default). Multi-News has no outlet metadata: each file is its own
outlet. Scored per cluster, all against the one human summary with ``summary_quality.score``
(rouge-score F, stemming, Lsum over points):
- story (all): every story the brief made of the cluster, points concatenated in the brief's order
  (when the product splits a cluster this is what it shows about those articles);
- story (biggest): only the story with most articles (ties: most points);
- first sentence of each article / Lead-3 of the first article: ``synthesis.candidates`` on the
  product's own article entries and texts (the same first usable sentences as bench/stories.py);
- first point of each article's brief: the product's per-article brief, first summary point;
- lead (story's length): not a goal baseline, a length control (ROUGE F moves with length): the first
  article's opening sentences (``split_sentences``) up to the words of the story (all), never more
  (but at least one sentence).
Also printed: the share of the points of the stories of 2+ outlets (``sources``) that cite 2+ outlets,
the issue's corroboration goal (the table's column counts every story's points, one-article ones too).
Paired bootstrap 95% intervals (``briefer.evals.stats.paired``, clusters as the unit) of story minus
each baseline, on all clusters and on the odd-numbered half (the even half is the dev half for any
change tuned here).
"""

from __future__ import annotations

import ast
import csv
import json
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

from _product import brief_folder
from summary_quality import score

from briefer.daily import synthesis
from briefer.daily.schemas import ArticleEntry
from briefer.evals.stats import mean_interval, paired
from briefer.extraction import load_document
from briefer.sentences import split_sentences

MIN_WORDS = 80
METRICS = (("r1", "ROUGE-1"), ("r2", "ROUGE-2"), ("rl", "ROUGE-Lsum"))


def load_clusters(path: Path, n: int, per_event: int) -> list[dict]:
    """``[{id, articles: [text], summary}]``: the first ``n`` usable clusters of the CSV."""
    csv.field_size_limit(1 << 30)
    out = []
    with open(path, newline="") as f:
        for k, row in enumerate(csv.DictReader(f)):
            docs = [d.strip() for d in ast.literal_eval(row["documents"]) if len(d.split()) >= MIN_WORDS]
            if len(docs) >= 2:
                out.append({"id": f"c{k:03d}", "articles": docs[:per_event],
                            "summary": row["summary"].strip().lstrip("–—- ").strip()})
            if n and len(out) >= n:
                break
    return out


def methods_of(daily: dict, folder: Path) -> dict[str, list[tuple[str, int]]]:
    """Each method's points for one cluster's brief: ``{method: [(text, n outlets)]}``."""
    stories = daily.get("stories", [])
    biggest = max(stories, key=lambda s: (len(s["articles"]), len(s["points"])), default=None)
    by_path = {Path(a["location"]).name: a for a in daily.get("articles", [])}
    arts = [by_path[n] for n in sorted(by_path)]  # file order: a0, a1, ...
    members = [ArticleEntry.model_validate(a) for a in arts]
    texts = [load_document(str(folder / Path(a["location"]).name)).text for a in arts]
    firsts = synthesis.candidates(members, texts) if members else []
    story = [(p["text"], len(p.get("outlets", []))) for s in stories for p in s["points"]]
    budget, lead = sum(len(t.split()) for t, _ in story), []
    for sent in split_sentences(texts[0]) if texts else []:
        if lead and sum(len(t.split()) for t, _ in lead) + len(sent.text.split()) > budget:
            break  # contiguous, never longer than the story (the first sentence always)
        lead.append((sent.text, 1))
    return {
        "story (all)": story,
        "story (biggest)": [(p["text"], len(p.get("outlets", []))) for p in (biggest or {}).get("points", [])],
        "first sentence": [(ms[0].text, 1) for ms in firsts if ms],
        "first point": [(a["brief"]["summary"][0]["text"], 1) for a in arts if a["brief"]["summary"]],
        "lead-3": [(m.text, 1) for m in (firsts[0][:3] if firsts else [])],
        "lead (story's length)": lead,
    }


def run(clusters: list[dict], briefer: str) -> tuple[dict, dict, dict]:
    """Brief every cluster through the product: per method, ``{cluster id: score dict}``; per method,
    the points per cluster; and product counts (stories per cluster, failures, seconds)."""
    scores: dict[str, dict] = {}
    points: dict[str, list] = {}
    info = {"stories": [], "failed": 0, "exit_nonzero": 0, "seconds": 0.0, "multi_outlet": [0, 0, 0]}
    for i, c in enumerate(clusters):
        with tempfile.TemporaryDirectory(prefix="briefer-bench-rouge-") as tmp:
            work = Path(tmp)
            folder = work / "articles"
            folder.mkdir()
            for j, text in enumerate(c["articles"]):
                (folder / f"a{j}.txt").write_text(text)
            daily, secs, rc = brief_folder(folder, work, briefer)
            per = methods_of(daily, folder)
        info["stories"].append(len(daily.get("stories", [])))
        for s in daily.get("stories", []):  # the goal's measure: points of the stories of 2+ outlets
            if s.get("sources", 0) >= 2:
                pts = s["points"]
                info["multi_outlet"] = [info["multi_outlet"][0] + 1, info["multi_outlet"][1] + len(pts),
                                        info["multi_outlet"][2] + sum(len(p.get("outlets", [])) >= 2 for p in pts)]
        info["failed"] += len(daily.get("failed", []))
        info["exit_nonzero"] += rc != 0
        info["seconds"] += secs
        for name, pts in per.items():
            scores.setdefault(name, {})[c["id"]] = score([t for t, _ in pts], [c["summary"]])
            points.setdefault(name, []).append(pts)
        print(f"  [{i + 1}/{len(clusters)}] {c['id']}: {len(c['articles'])} articles, "
              f"{len(daily.get('stories', []))} stories, {secs:.1f} s", file=sys.stderr, flush=True)
    return scores, points, info


def report(clusters: list[dict], scores: dict, points: dict, info: dict, overlapping) -> dict:
    """Print the tables; return the figures as one JSON-able dict."""
    n = len(clusters)
    split = sum(info["stories"]) - n
    print(f"{n} Multi-News clusters (the first usable of the CSV; "
          f"{sum(len(c['articles']) for c in clusters)} articles, "
          f"≥{MIN_WORDS} words each; each article its own outlet); the product made "
          f"{sum(info['stories']) / n:.2f} stories per cluster ({split} extra), {info['failed']} articles failed, "
          f"{info['exit_nonzero']} nonzero exits, {info['seconds']:.0f} s of briefer brief")
    k, pts, multi = info["multi_outlet"]
    print(f"stories of 2+ outlets: {k}, their points {pts}, citing 2+ outlets: {multi} ({multi / max(1, pts):.3f}; "
          f"the ≥2 outlets column below counts every story's points, one-article stories' too)")
    ref_words = sum(len(c["summary"].split()) for c in clusters) / n
    print(f"human summary: {ref_words:.1f} words per cluster")
    print(f"{'method':21} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'words':>7} {'points':>7} "
          f"{'overlap':>8} {'≥2 outlets':>10}")
    out: dict = {"clusters": n, "methods": {}, "paired": {},
                 "multi_outlet_stories": {"stories": k, "points": pts, "cite_2plus": multi / max(1, pts)}}
    for name, per in scores.items():
        pts = [p for s in points[name] for p in s]
        pairs = [(a, b) for s in points[name] for (a, _), (b, _) in combinations(s, 2)]
        row = {k: mean_interval({i: [v[k]] for i, v in per.items()})["mean"] for k, _ in METRICS}
        row.update(words=sum(v["words"] for v in per.values()) / n, points=len(pts) / n,
                   overlap=sum(overlapping(a, b) for a, b in pairs) / max(1, len(pairs)),
                   multi=sum(k >= 2 for _, k in pts) / max(1, len(pts)))
        out["methods"][name] = row
        print(f"{name:21} {row['r1']:8.4f} {row['r2']:8.4f} {row['rl']:8.4f} {row['words']:7.1f} {row['points']:7.2f} "
              f"{row['overlap']:8.3f} {row['multi']:10.3f}")
    halves = {"all": [c["id"] for c in clusters], "test half (odd)": [c["id"] for c in clusters[1::2]]}
    halves = {h: ids for h, ids in halves.items() if ids}
    for story in ("story (all)", "story (biggest)") if split else ("story (all)",):
        for base in ("first sentence", "first point", "lead-3", "lead (story's length)"):
            for half, ids in halves.items():
                cells = []
                for key, metric in METRICS:
                    p = paired({i: [scores[story][i][key]] for i in ids}, {i: [scores[base][i][key]] for i in ids})
                    out["paired"][f"{story} - {base} | {half} | {key}"] = {
                        k: p[k] for k in ("delta", "ci_low", "ci_high", "n")}
                    cells.append(f"{metric} {p['delta']:+.4f} [{p['ci_low']:+.4f}, {p['ci_high']:+.4f}]")
                print(f"{story} − {base} ({half}, n={len(ids)}): " + "; ".join(cells))
    return out


def main(csv_path: Path, n: int, per_event: int, briefer: str, overlapping) -> None:
    clusters = load_clusters(csv_path, n, per_event)
    t = time.perf_counter()
    scores, points, info = run(clusters, briefer)
    figures = report(clusters, scores, points, info, overlapping)
    figures["wall_s"] = round(time.perf_counter() - t, 1)
    # per cluster, so two checkouts' runs can be paired (``evals.stats.paired`` over the cluster ids)
    figures["per_cluster"] = {name: {cid: round(sc["r1"], 4) for cid, sc in by.items()} for name, by in scores.items()}
    print(json.dumps(figures))
