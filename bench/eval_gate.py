"""How often the eval gate cries wolf, and how small a regression it still catches.

Replays a cassette recorded from the real embedded model at temperature 0.8 under seeds S1..SK
(no model needed): every seed is a candidate with identical settings, so every difference
between two seeds is noise. For every ordered pair of seeds (i, j) the gate compares j with i
on every gated metric, as ``briefer eval run`` would; a ``regressed`` verdict is a false alarm.

Then the smallest regression it catches: a synthetic drop δ is injected into candidate j's
per-article scores of one metric (all articles, or one third of them), and the share of seed
pairs the gate calls ``regressed`` is measured for a grid of δ. The smallest δ caught in ≥ 80 %
of pairs is printed beside the gate's own analytic estimate (``detectable_drop``).

    python bench/eval_gate.py --cassette eval/cassettes/ci-seeds.json --seeds 1-5 --temperature 0.8

Recording such a cassette (the embedded model; slow: run it niced, once):

    nice -n 10 briefer eval run SUITE --record CASSETTE --repeat K   # SUITE's [settings]: temperature = 0.8, seed = 1

(``--repeat K`` samples seeds 1..K; a replay with candidate ``seed=k`` asks the same requests.)

``--fake-noise P`` calibrates the gate on noise of a known size instead, with no model at all: it
records N generated articles from ``briefer.testing.FakeOpenAI`` whose answers copy article
sentences (editor_reply) except that, per article and seed, with probability P one point is an
invention that verification drops — then measures that cassette the same way.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefer.evals import gate  # noqa: E402
from briefer.evals.runner import run_suite  # noqa: E402
from briefer.evals.suite import HIGHER_IS_BETTER, load_suite  # noqa: E402
from _scope import inner_only  # noqa: E402

DROPS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3]


def seeds_arg(text: str) -> list[int]:
    if "-" in text:
        a, b = text.split("-", 1)
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in text.split(",")]


def shifted(values: dict[str, list[float]], delta: float, sign: int, ids: set[str] | None) -> dict[str, list[float]]:
    """``values`` worsened by ``delta`` (in the metric's bad direction) on ``ids`` (all when None)."""
    return {a: [v - sign * delta for v in vs] if ids is None or a in ids else list(vs) for a, vs in values.items()}


def record_fake(folder: Path, n: int, seeds: list[int], p: float) -> tuple[Path, Path]:
    """A suite of ``n`` generated articles and a cassette of ``FakeOpenAI`` answers at seeds ``seeds``,
    each (article, seed) answer inventing one point with probability ``p``."""
    from briefer.testing import FakeOpenAI, completion, editor_reply

    def noisy(request: dict) -> dict:
        users = [m["content"] for m in request["messages"] if m["role"] == "user"]
        if len(users) > 1:  # the re-ask of an unverified item: this model has nothing better
            return completion(json.dumps({"points": [], "actors": [], "questions": []}))
        body = json.loads(editor_reply(request)["choices"][0]["message"]["content"])
        prompt = users[0]
        rng = random.Random(f"{request.get('seed')}|{prompt[:300]}")
        if body.get("points") and rng.random() < p:
            k = rng.randrange(len(body["points"]))
            body["points"][k]["text"] = "Officials secretly agreed to a 97 billion dollar tunnel under the harbour."
        return completion(json.dumps(body), prompt_tokens=len(prompt) // 4)

    towns = ["Arden", "Bexley", "Corran", "Dunmore", "Elsworth", "Fenwick", "Garrow", "Holcombe"]
    rows = []
    for i in range(n):
        t = towns[i % len(towns)]
        rows.append({"id": f"a{i:03d}", "text": " ".join([
            f"The council of {t} approved report number {1000 + i} on Monday after a long public debate.",
            f"The mayor of {t} said that {10 + i} new homes would be built near the river next year.",
            f"Opposition members argued that the plan needed {20 + i} more inspectors before work begins.",
            f"The housing office of {t} counted {100 + i} families on its waiting list in the spring.",
            f"A final vote on the budget for the homes is expected at the council meeting next month."])})
    (folder / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    suite, cassette = folder / "fake.toml", folder / "fake-seeds.json"
    with FakeOpenAI(noisy) as fake:
        suite.write_text(f'name = "fake-noise"\ndataset = "data.jsonl"\nconcurrency = 8\n[settings]\n'
                         f'base_url = "{fake.base_url}"\nmodel = "fake-large"\napi_key = "k"\nstrategy = "abstractive"\n'
                         f'temperature = 0.8\nseed = {seeds[0]}\n[metrics]\ngrounding_rate = {{ min = 0.9 }}\n')
        run_suite(suite, record=str(cassette), repeat=len(seeds), rows_path=folder / "rec.jsonl",
                  warn=lambda m: None, cache=False)
    return suite, cassette


def merged(refs: dict, names) -> dict[str, dict[str, list[float]]]:
    """One candidate run with ``--repeat``: the seeds ``names``' values, per metric and article."""
    out: dict[str, dict[str, list[float]]] = {}
    for n in names:
        for m, per in refs[n].values.items():
            for aid, vals in per.items():
                out.setdefault(m, {}).setdefault(aid, []).extend(vals)
    return out


def main() -> int:
    inner_only("the gate's statistics on a replayed cassette")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", default=str(ROOT / "eval" / "suites" / "ci.toml"))
    ap.add_argument("--cassette", default=str(ROOT / "eval" / "cassettes" / "ci-seeds.json"))
    ap.add_argument("--seeds", type=seeds_arg, default=seeds_arg("1-5"), help="e.g. 1-5 or 1,2,3")
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--metrics", help="comma-separated metrics for the sensitivity grid (default: gated scores)")
    ap.add_argument("--fake-noise", type=float, metavar="P",
                    help="calibrate on a recorded fake model instead: one invented point per answer with probability P")
    ap.add_argument("--articles", type=int, default=60, help="generated articles for --fake-noise (default 60)")
    args = ap.parse_args()

    first, rest = args.seeds[0], args.seeds[1:]
    with tempfile.TemporaryDirectory() as tmp:
        if args.fake_noise is not None:
            args.suite, args.cassette = record_fake(Path(tmp), args.articles, args.seeds, args.fake_noise)
            print(f"recorded a fake model: {args.articles} articles, seeds {args.seeds}, one invented point per "
                  f"answer with probability {args.fake_noise}")
        suite = load_suite(args.suite)
        started = time.perf_counter()
        result = run_suite(args.suite, replay=args.cassette, rows_path=Path(tmp) / "rows.jsonl", warn=lambda m: None,
                           temperature=args.temperature, seed=first,
                           candidates={f"seed{k}": {"seed": k, "temperature": args.temperature} for k in rest})
    replay_s = time.perf_counter() - started
    names = {"base": f"seed{first}", **{f"seed{k}": f"seed{k}" for k in rest}}
    rows = {names[c]: [r for r in result.rows if r["candidate"] == c] for c in names}
    refs = {n: gate.reference_from_rows(n, rs) for n, rs in rows.items()}
    gated = result.report["gated"]
    n_articles = result.report["articles"]
    print(f"suite {suite.name}: {n_articles} articles, seeds {args.seeds} at temperature {args.temperature}, "
          f"replayed in {replay_s:.1f}s; gated: {', '.join(gated)}")

    pairs = list(itertools.permutations(refs, 2))
    verdicts: dict[str, dict[str, int]] = {m: {} for m in gated}
    alarms = 0
    for i, j in pairs:
        comp = gate.compare(suite, refs[j].values, refs[i], gated)
        alarms += any(c["verdict"] == "regressed" for c in comp.values())
        for m, c in comp.items():
            verdicts[m][c["verdict"]] = verdicts[m].get(c["verdict"], 0) + 1
    comparisons = len(pairs) * len(gated)
    regressed = sum(v.get("regressed", 0) for v in verdicts.values())
    print(f"\nfalse alarms: {alarms} of {len(pairs)} ordered seed pairs had a regressed metric; "
          f"{regressed} of {comparisons} pair × metric comparisons ({regressed / comparisons:.1%})")
    print(f"{'metric':22} {'regressed':>9} {'inconcl.':>9} {'same':>6} {'improved':>9} {'missing':>8}")
    for m in gated:
        v = verdicts[m]
        print(f"{m:22} {v.get('regressed', 0):9d} {v.get('inconclusive', 0):9d} {v.get('same', 0):6d} "
              f"{v.get('improved', 0):9d} {v.get('missing', 0):8d}")

    if len(refs) >= 4:  # --repeat K/2 on both sides: seeds nested inside articles
        half = len(refs) // 2
        names_all = list(refs)
        splits = [c for c in itertools.combinations(names_all, half) if names_all[0] in c]
        grouped = alarms_g = 0
        per_metric: dict[str, int] = {}
        for a_names in splits:
            b_names = [n for n in names_all if n not in a_names][:half]
            for x, y in ((a_names, b_names), (b_names, a_names)):
                ref = gate.Reference("group", merged(refs, x))
                comp = gate.compare(suite, merged(refs, y), ref, gated)
                grouped += 1
                alarms_g += any(c["verdict"] == "regressed" for c in comp.values())
                for m, c in comp.items():
                    per_metric[m] = per_metric.get(m, 0) + (c["verdict"] == "regressed")
        noisy = ", ".join(f"{m} {k}" for m, k in per_metric.items() if k) or "none"
        print(f"\nwith --repeat {half} on both sides (seeds nested in articles): false alarms in {alarms_g} of "
              f"{grouped} ordered splits of the {len(refs)} seeds into two groups of {half} (regressed: {noisy})")

    grid = args.metrics.split(",") if args.metrics else [m for m in gated if m in HIGHER_IS_BETTER and m != "pass_rate"]
    ids = sorted({r["id"] for r in result.rows})
    third = set(ids[::3])
    print(f"\nsmallest injected drop caught in >= 80% of the {len(pairs)} seed pairs "
          f"(all articles / one third, {len(third)}); the gate's own 80%-power estimate beside it")
    print(f"{'metric':22} {'all':>7} {'third':>7} {'estimate':>9}  detection rate per drop {DROPS}")
    for m in grid:
        sign = 1 if m in HIGHER_IS_BETTER else -1
        found = {}
        rates_all = []
        for label, subset in (("all", None), ("third", third)):
            for d in DROPS:
                caught = 0
                for i, j in pairs:
                    worse = shifted(refs[j].values.get(m, {}), d, sign, subset)
                    c = gate.compare(suite, {m: worse}, refs[i], [m])[m]
                    caught += c["verdict"] == "regressed"
                rate = caught / len(pairs)
                if label == "all":
                    rates_all.append(f"{rate:.2f}")
                if rate >= 0.8 and label not in found:
                    found[label] = d
        est = result.report["detectable_drop"].get(m)
        print(f"{m:22} {_fmt(found.get('all')):>7} {_fmt(found.get('third')):>7} {_fmt(est):>9}  {' '.join(rates_all)}")
    return 0


def _fmt(x: float | None) -> str:
    return ">0.3" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    sys.exit(main())
