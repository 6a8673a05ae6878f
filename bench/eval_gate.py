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
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefer.evals import gate  # noqa: E402
from briefer.evals.runner import run_suite  # noqa: E402
from briefer.evals.suite import HIGHER_IS_BETTER, load_suite  # noqa: E402

DROPS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3]


def seeds_arg(text: str) -> list[int]:
    if "-" in text:
        a, b = text.split("-", 1)
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in text.split(",")]


def shifted(values: dict[str, list[float]], delta: float, sign: int, ids: set[str] | None) -> dict[str, list[float]]:
    """``values`` worsened by ``delta`` (in the metric's bad direction) on ``ids`` (all when None)."""
    return {a: [v - sign * delta for v in vs] if ids is None or a in ids else list(vs) for a, vs in values.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", default=str(ROOT / "eval" / "suites" / "ci.toml"))
    ap.add_argument("--cassette", default=str(ROOT / "eval" / "cassettes" / "ci-seeds.json"))
    ap.add_argument("--seeds", type=seeds_arg, default=seeds_arg("1-5"), help="e.g. 1-5 or 1,2,3")
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--metrics", help="comma-separated metrics for the sensitivity grid (default: gated scores)")
    args = ap.parse_args()

    suite = load_suite(args.suite)
    first, rest = args.seeds[0], args.seeds[1:]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
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
