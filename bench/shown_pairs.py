"""Restated pairs among a story's shown points, by hand (issue 32): two points (or a point and a
difference) of one synthesised story that tell one fact twice.

Data: the stories of ``bench/stories.py`` (ECB+ dev, every gold event with 2+ articles, at most 6 each,
each article its own outlet; text CC BY 3.0). Every pair of a story's shown sentences (``points`` and
``differences``) is a shown pair, with its MiniLM cosine. Hand labels: ``bench/data/shown_pairs.jsonl``
(``same`` = 1 when the two tell the reader one fact twice, as bench/data/fact_pairs.jsonl is labelled),
drawn from the tree before the selection's entailment check: every shown pair with cosine ≥ 0.5, 30
random ones below (``random.Random(32)``), and the pairs the check's change brought in.

Prints the shown pairs, how many carry a label (those unlabelled with cosine ≥ 0.5 are listed: label
them before trusting the count) and the restated pairs among the labelled ones, per stratum, with an
estimate for all shown pairs (the lower stratum scaled by its sampling share).
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
HIGH = 0.5


def main(argv: list[str]) -> None:
    inner_only("daily.synthesis.synthesize on ECB+ dev stories", "bench/stories.py --multinews")
    data = Path(argv[0]) if argv else DATA
    labels = {(r["a"], r["b"]): r["same"] for r in map(json.loads, LABELS.read_text().splitlines()) if r}
    pairs = []
    for names in (n[:6] for n in events(data).values() if len(n) >= 2):
        members = [entry(n, data / "articles" / n) for n in names]
        texts = [load_document(str(data / "articles" / n)).text for n in names]
        told = synthesis.synthesize(members, texts)
        pairs += combinations([p.text for p in told.points + told.differences], 2)
    vecs = synthesis.similarities([t for ab in pairs for t in ab])
    cos = [float(vecs[2 * k, 2 * k + 1]) for k in range(len(pairs))]
    print(f"{len(pairs)} shown pairs in the stories")
    est = 0.0
    for name, part in (("cosine ≥ 0.5", [k for k in range(len(pairs)) if cos[k] >= HIGH]),
                       ("cosine < 0.5", [k for k in range(len(pairs)) if cos[k] < HIGH])):
        known = [labels[pairs[k]] for k in part if pairs[k] in labels]
        est += sum(known) * len(part) / max(1, len(known))
        print(f"{name}: {len(part)} shown, {len(known)} labelled, {sum(known)} restated by hand")
        for k in part:
            if pairs[k] not in labels and cos[k] >= HIGH:
                print("  unlabelled:", json.dumps({"a": pairs[k][0], "b": pairs[k][1], "cos": round(cos[k], 3)}, ensure_ascii=False))
    print(f"estimated restated pairs among all shown: {est:.0f} of {len(pairs)}")


if __name__ == "__main__":
    main(sys.argv[1:])
