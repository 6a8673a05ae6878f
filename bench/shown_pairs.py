"""Restated pairs among a story's shown points, by hand (issue 32): two points (or a point and a
difference) of one synthesised story that tell one fact twice.

Data: the stories of ``bench/stories.py`` (ECB+ dev, every gold event with 2+ articles, at most 6 each,
each article its own outlet; text CC BY 3.0). Every pair of a story's shown sentences (``points`` and
``differences``) is a shown pair, with its MiniLM cosine. Hand labels: ``bench/data/shown_pairs.jsonl``
(``same`` = 1 when the two tell the reader one fact twice, as bench/data/fact_pairs.jsonl is labelled),
drawn from the tree before the selection's entailment check: every shown pair with cosine ≥ 0.5, 30
random ones below (``random.Random(32)``), and the pairs the check's change brought in; then (2026-12-08,
``bench/paraphrase_judges.py``) every other shown pair with cosine 0.40-0.50 (drawn ``every shown pair
0.40-0.50``), counted here among the "others labelled".

Prints the shown pairs; those with cosine ≥ 0.5 (all should carry a label: unlabelled ones are listed,
label them before trusting the count) and the restated ones among them; below 0.5, how many of the 30
random labelled pairs are still shown and restated, and the other labelled ones; then an estimate for all
shown pairs (the random sample's rate for the unlabelled pairs below 0.5).
Run: ``python bench/shown_pairs.py [DATA_DIR]``.
"""

from __future__ import annotations

import json
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_continuity import entry  # noqa: E402
from _ecb import events  # noqa: E402
from _scope import inner_only  # noqa: E402

from briefer.daily import synthesis  # noqa: E402
from briefer.extraction import load_document  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clustering" / "ecbplus-dev"
LABELS = Path(__file__).resolve().parent / "data" / "shown_pairs.jsonl"
HIGH = 0.4995  # cosine 0.5 at three decimals, as the labelled pairs were drawn
RANDOM = "before, random below 0.5"


def main(argv: list[str]) -> None:
    inner_only("daily.synthesis.synthesize on ECB+ dev stories", "bench/stories.py --multinews")
    data = Path(argv[0]) if argv else DATA
    rows = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    labels = {(r["a"], r["b"]): r for r in rows}
    pairs = []
    for names in (n[:6] for n in events(data).values() if len(n) >= 2):
        members = [entry(n, data / "articles" / n) for n in names]
        texts = [load_document(str(data / "articles" / n)).text for n in names]
        told = synthesis.synthesize(members, texts)
        pairs += combinations([p.text for p in told.points + told.differences], 2)
    vecs = synthesis.similarities([t for ab in pairs for t in ab])
    high = {k for k in range(len(pairs)) if float(vecs[2 * k, 2 * k + 1]) >= HIGH}
    print(f"{len(pairs)} shown pairs in the stories")
    top = [labels[pairs[k]]["same"] for k in high if pairs[k] in labels]
    print(f"cosine ≥ 0.5: {len(high)} shown, {len(top)} labelled, {sum(top)} restated by hand")
    for k in sorted(high):
        if pairs[k] not in labels:
            print("  unlabelled:", json.dumps({"a": pairs[k][0], "b": pairs[k][1]}, ensure_ascii=False))
    low = [labels.get(pairs[k]) for k in range(len(pairs)) if k not in high]
    drawn = [r["same"] for r in low if r and r["drawn"] == RANDOM]
    other = [r["same"] for r in low if r and r["drawn"] != RANDOM]
    print(f"cosine < 0.5: {len(low)} shown; of the {len(drawn)} random ones still shown {sum(drawn)} restated by hand; "
          f"{len(other)} others labelled, {sum(other)} restated")
    est = sum(top) + sum(other) + sum(drawn) / max(1, len(drawn)) * (len(low) - len(other))
    print(f"estimated restated pairs among all shown: {est:.0f} of {len(pairs)}")

if __name__ == "__main__":
    main(sys.argv[1:])
