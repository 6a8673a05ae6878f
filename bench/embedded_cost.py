"""Cost per article on the embedded default, today's extractive prompt against the new one. Prints numbers; asserts nothing.

    nice -n 10 .venv/bin/python bench/embedded_cost.py [--rounds 2] [--articles 10]

The embedded default is llama-cpp-python with SmolLM2-135M-Instruct and the extractive strategy
(what ``--strategy auto`` picks for it). *Today* is the ``extractive-v1`` request, the whole chunk
with point picks (its template is written to a temp folder and used as ``--prompts-dir``: a
template without a ``choose`` macro gets that request); *new* is the shipped template, which sends
only the sentences that carry the candidates and makes no request when there is nothing to order.
Both run in this one process, each in its own session with the model loaded (as a daily brief
runs its articles), without the response cache, article by article and interleaved (A B, then B A), so the
other tenants of a shared machine slow both alike; each article's seconds are the median over
``--rounds``. Articles: the seed (``../shared/data/articles/jpost-gallant-pentagon.txt``, 863
words) and the first ``--articles`` documents of 420–600 words in
``../shared/data/summaries/frank_references.jsonl``, in file order.

Per article: seconds for ``Session.summarize_document`` (of which waiting for the model; and the
process's CPU seconds, all threads, which other tenants inflate less than the wall clock), prompt
and completion tokens, model calls; then what the brief says, old against new: the same points,
the same questions, the same actors in the same order. On the seed: how many of its 11 people are
named, and how many evidence quotes are found verbatim in the source. The last line is one JSON
object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
DATA = ROOT.parent / "shared" / "data"
SEED = DATA / "articles" / "jpost-gallant-pentagon.txt"
FRANK = DATA / "summaries" / "frank_references.jsonl"

# prompts/extractive.j2 as it was before the change (extractive-v1), verbatim
TODAY = '''{#- Grounded by construction: the model only chooses ids and names it is given. -#}
{% set version = "extractive-v1" %}
{% macro system() -%}
You are a news editor. You choose; you never write. Answer with JSON only.
{%- endmacro %}
{% macro user(title, sentences, people, questions, n_points) -%}
Article{% if title %}: {{ title }}{% endif %}

{% for s in sentences -%}
[{{ s.id }}] {{ s.text }}
{% endfor %}
Choose:
- "points": ids of the {{ n_points }} sentences that best tell what happened, most important first.
{%- if people %}
- "actors": the key people, from: {{ people | join("; ") }}.
{%- endif %}
{%- if questions %}
- "questions": ids of sentences that leave something unresolved, from: {{ questions | join(", ") }}.
{%- endif %}
{%- endmacro %}
'''


def articles(n: int) -> list[tuple[str, str]]:
    """(name, raw text): the seed, then ``n`` FRANK documents of 420–600 words."""
    out = [("seed", SEED.read_text(encoding="utf-8"))]
    with FRANK.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if 420 <= len(row["document"].split()) <= 600:
                out.append((f"{row['origin']}-{row['id'][:8]}", row["document"]))
                if len(out) > n:
                    break
    return out


def brief_facts(brief, raw: str, text: str) -> dict:
    quotes = [e for items in (brief.summary, brief.key_actors, brief.open_questions) for x in items for e in x.evidence]
    return {
        "points": [p.text for p in brief.summary],
        "questions": [q.question for q in brief.open_questions],
        "actors": [a.name for a in brief.key_actors],
        "quotes": len(quotes),
        "quotes_found": sum(text[e.start:e.end] == e.quote and e.quote in raw for e in quotes),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--articles", type=int, default=10)
    args = ap.parse_args()

    from briefer.config import load_settings
    from briefer.extraction import extract, RawSource
    from briefer.pipeline import Session
    from helpers import SEED_PEOPLE

    load_before = os.getloadavg()[0]
    folder = tempfile.mkdtemp(prefix="briefer-bench-")
    Path(folder, "extractive.j2").write_text(TODAY, encoding="utf-8")
    started = time.perf_counter()
    today = Session(load_settings(cache=False, prompts_dir=folder))
    load_s = time.perf_counter() - started
    new = Session(load_settings(cache=False))  # its own llama.cpp context: each prompt keeps its own prefix cache
    sessions = {"today": today, "new": new}
    threads = today.endpoint._transport.n_threads

    docs = [(name, raw, extract(RawSource(data=raw.encode(), kind="text", path=f"{name}.txt")))
            for name, raw in articles(args.articles)]
    rows = []
    for name, raw, doc in docs:
        seconds: dict[str, list[float]] = {"today": [], "new": []}
        cpu: dict[str, list[float]] = {"today": [], "new": []}
        model_s: dict[str, list[float]] = {"today": [], "new": []}
        result: dict[str, dict] = {}
        for r in range(args.rounds):
            for kind in (("today", "new") if r % 2 == 0 else ("new", "today")):
                c0 = time.process_time()
                brief = sessions[kind].summarize_document(doc)
                cpu[kind].append(time.process_time() - c0)
                seconds[kind].append(brief.usage.seconds)
                model_s[kind].append(brief.usage.model_seconds)
                u = brief.usage
                result[kind] = {"prompt_tokens": u.prompt_tokens,
                                "completion_tokens": u.completion_tokens, "calls": u.calls,
                                **brief_facts(brief, raw, doc.text)}
        row = {"article": name, "words": len(raw.split())}
        for kind in ("today", "new"):
            row[kind] = {"s": round(statistics.median(seconds[kind]), 3),
                         "cpu_s": round(statistics.median(cpu[kind]), 3),
                         "model_s": round(statistics.median(model_s[kind]), 3), **result[kind]}
        row["same_points"] = result["today"]["points"] == result["new"]["points"]
        row["same_questions"] = result["today"]["questions"] == result["new"]["questions"]
        row["same_actors"] = result["today"]["actors"] == result["new"]["actors"]
        row["same_actor_set"] = set(result["today"]["actors"]) == set(result["new"]["actors"])
        rows.append(row)
        t, n = row["today"], row["new"]
        print(f"{name:22} {row['words']:4d} w | today {t['s']:5.2f} s ({t['cpu_s']:5.2f} CPU) {t['prompt_tokens']:5d} tok in "
              f"{t['completion_tokens']:3d} out {t['calls']} call | new {n['s']:5.2f} s ({n['cpu_s']:5.2f} CPU) "
              f"{n['prompt_tokens']:5d} tok in "
              f"{n['completion_tokens']:3d} out {n['calls']} call | same points {row['same_points']!s:5} "
              f"questions {row['same_questions']!s:5} actors {row['same_actors']!s:5}", flush=True)

    frank = [r for r in rows if r["article"] != "seed"]
    seed = rows[0]
    figures: dict = {"model_load_s": round(load_s, 3), "threads": threads, "cpus": os.cpu_count(), "rounds": args.rounds,
                     "loadavg_1min_start_end": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                     "articles": len(frank), "median_words": statistics.median(r["words"] for r in frank)}
    for kind in ("today", "new"):
        figures[kind] = {
            "s_per_article_mean": round(statistics.mean(r[kind]["s"] for r in frank), 3),
            "s_per_article_median": round(statistics.median(r[kind]["s"] for r in frank), 3),
            "s_per_article_max": round(max(r[kind]["s"] for r in frank), 3),
            "model_s_mean": round(statistics.mean(r[kind]["model_s"] for r in frank), 3),
            "cpu_s_per_article_mean": round(statistics.mean(r[kind]["cpu_s"] for r in frank), 3),
            "prompt_tokens_mean": round(statistics.mean(r[kind]["prompt_tokens"] for r in frank), 1),
            "completion_tokens_mean": round(statistics.mean(r[kind]["completion_tokens"] for r in frank), 1),
            "calls": sum(r[kind]["calls"] for r in frank),
            "seed_s": seed[kind]["s"], "seed_prompt_tokens": seed[kind]["prompt_tokens"],
            "seed_people_named": len(set(seed[kind]["actors"]) & set(SEED_PEOPLE)),
            "seed_quotes_found": f"{seed[kind]['quotes_found']}/{seed[kind]['quotes']}",
            "quotes_found_all": f"{sum(r[kind]['quotes_found'] for r in rows)}/{sum(r[kind]['quotes'] for r in rows)}",
        }
    for key in ("same_points", "same_questions", "same_actors", "same_actor_set"):
        figures[key] = f"{sum(r[key] for r in rows)}/{len(rows)}"
    print()
    print(f"{os.cpu_count()} CPUs, 1-min load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
          "(other tenants slow both columns alike)")
    print(f"model load {load_s:.2f} s (once per run), {threads} threads; {len(frank)} FRANK articles, "
          f"median {figures['median_words']} words; medians of {args.rounds} rounds")
    print(f"{'':8} {'s/article mean':>14} {'median':>7} {'max':>6} {'model s':>8} {'CPU s':>6} {'prompt tok':>10} {'out tok':>8} "
          f"{'calls':>6} | seed: {'s':>5} {'tok':>5} people quotes")
    for kind in ("today", "new"):
        f = figures[kind]
        print(f"{kind:8} {f['s_per_article_mean']:14.2f} {f['s_per_article_median']:7.2f} {f['s_per_article_max']:6.2f} "
              f"{f['model_s_mean']:8.2f} {f['cpu_s_per_article_mean']:6.2f} {f['prompt_tokens_mean']:10.0f} {f['completion_tokens_mean']:8.1f} "
              f"{f['calls']:6d} | {f['seed_s']:5.2f} {f['seed_prompt_tokens']:5d} {f['seed_people_named']:3d}/11 "
              f"{f['seed_quotes_found']}")
    print(f"today vs new, same points {figures['same_points']}, questions {figures['same_questions']}, "
          f"actors in order {figures['same_actors']}, actor sets {figures['same_actor_set']}")
    today.close()
    new.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
