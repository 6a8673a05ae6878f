#!/usr/bin/env bash
# Re-record the CI suite from the embedded model (SmolLM2-135M through llama.cpp, no endpoint), in one command:
#   bash eval/record_ci.sh [all|main|seeds]   # all (default): 1-3; main: 1-2; seeds: 3 (K=4 seeds; K=6 ... for more)
# 1. eval/cassettes/ci.json       the suite at its own settings (what .ci/run replays), recorded uncached;
# 2. eval/baselines/ci.json       written from a replay of that cassette (--update-baseline), so the baseline is
#                                 exactly what CI will compute;
# 3. eval/cassettes/ci-seeds.json the suite at temperature 0.8 under seeds 1..K (--repeat semantics: repeat r uses
#                                 seed 1 + r), one process and one cassette: seed-against-seed comparisons replay it
#                                 to measure the gate's false-alarm rate with no model in CI.
# Each step prints its wall seconds and seconds per article. On a machine other jobs share, BRIEFER_THREADS=1
# (llama.cpp threads) is faster than one thread per core; the responses are the same. Run it after any change to the prompts, the
# request shape or the model; commit the three files together.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BRIEFER=${BRIEFER:-.venv/bin/briefer}
K=${K:-4}
SUITE=eval/suites/ci.toml
ROWS=${TMPDIR:-/tmp}/briefer-record-ci
mkdir -p "$ROWS"
# the embedded model only: no endpoint, model or config file from the environment may leak into the recording
unset BRIEFER_BASE_URL BRIEFER_MODEL BRIEFER_STRATEGY BRIEFER_PROMPTS BRIEFER_RESPONSE_FORMAT OPENAI_API_KEY
export BRIEFER_CONFIG=/nonexistent/briefer-config.toml
N=$(grep -c . eval/datasets/ci.jsonl)
STEPS=${1:-all}
case "$STEPS" in all|main|seeds) ;; *) echo "usage: bash eval/record_ci.sh [all|main|seeds]" >&2; exit 2;; esac

timed() {  # timed LABEL ARTICLE-RUNS COMMAND...: run it, then print wall seconds and seconds per article run
  local label=$1 runs=$2; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  local rc=0
  "$@" || rc=$?
  t1=$(date +%s.%N)
  # 1 = the run finished but a threshold or the baseline failed: the recording is still whole; worse is fatal
  [ "$rc" -le 1 ] || { echo "== $label failed (exit $rc)" >&2; exit "$rc"; }
  [ "$rc" -eq 0 ] || echo "== $label: the run reported FAIL (exit 1); see its table above"
  "$PY" -c "import sys; s = float(sys.argv[2]) - float(sys.argv[1]); print(f'== {sys.argv[3]}: {s:.1f} s, ' \
f'{s / int(sys.argv[4]):.2f} s per article ({sys.argv[4]} article runs)')" "$t0" "$t1" "$label" "$runs"
}

if [ "$STEPS" != seeds ]; then
echo "== 1. record $SUITE ($N articles) into eval/cassettes/ci.json"
rm -f eval/cassettes/ci.json  # a fresh cassette: nothing kept from an older recording
timed "record" "$N" "$BRIEFER" eval run "$SUITE" --record eval/cassettes/ci.json --no-cache \
  --rows "$ROWS/record.rows.jsonl"

echo "== 2. baseline from the replay"
timed "replay" "$N" "$BRIEFER" eval run "$SUITE" --replay eval/cassettes/ci.json \
  --baseline eval/baselines/ci.json --update-baseline --rows "$ROWS/replay.rows.jsonl"
fi

if [ "$STEPS" != main ]; then
echo "== 3. record seeds 1..$K at temperature 0.8 into eval/cassettes/ci-seeds.json"
rm -f eval/cassettes/ci-seeds.json
timed "record seeds" "$((N * K))" "$PY" - "$SUITE" "$K" "$ROWS/seeds.rows.jsonl" <<'PY'
import sys

import briefer

suite, k, rows = sys.argv[1], int(sys.argv[2]), sys.argv[3]
result = briefer.run_suite(suite, record="eval/cassettes/ci-seeds.json", repeat=k, temperature=0.8, seed=1,
                           cache=False, rows_path=rows)
failed = [r["id"] for r in result.rows if r.get("error")]
print(f"seeds 1..{k}: {len(result.rows)} article runs, {len(failed)} failed {failed[:5]}")
PY
fi
ls -l eval/cassettes/ci*.json eval/baselines/ci.json
