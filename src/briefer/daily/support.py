"""A chosen point cites every outlet that states it, even further down its article than the candidates.

Synthesis groups facts from each article's first ``SENTENCES`` usable sentences (what a story leads with),
but outlets order their facts differently: on loose multi-outlet clusters (Multi-News), one outlet's lead
is another's tenth sentence, and the point was shown as "only" one outlet's. Here, once the points are
chosen, each other outlet's later sentences that state a point's fact, by the synthesis's own same-fact
rule against the point's shown sentence, are added to its evidence: more outlets cited, the same points
told. Only the pairs the rule could accept without vectors (``may_match``: shared words, or a distinctive
shared name or number) are embedded, so this costs a few vectors per point. The rule comes in as
functions (``daily.synthesis`` calls this), so this module knows nothing of how a fact is judged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def corroborate(facts: list[Any], later: list[Any], outlets: list[str], shown: Callable[[Any], Any],
                may_match: Callable[[Any, Any], bool], states: Callable[[Any, Any, float], bool]) -> bool:
    """For each of ``facts`` (``.outlets``, ``.support``), append to its ``support`` the ``later`` mention
    (``.article``, ``.pos``, ``.text``) of every outlet not yet citing it that ``states`` its ``shown``
    mention, the closest one per outlet. Whether any was added."""
    from ..grounding import embed_sentences

    pairs = []
    for f in facts:
        rep = shown(f)
        have = set(f.outlets) | {o for _, o in f.support}
        pairs += [(f, rep, m) for m in later if outlets[m.article] not in have and may_match(rep, m)]
    if not pairs:
        return False
    texts = list(dict.fromkeys(t for _, rep, m in pairs for t in (rep.text, m.text)))
    vecs = dict(zip(texts, embed_sentences(texts)))
    best: dict[tuple[int, str], tuple[float, Any, Any]] = {}
    for f, rep, m in pairs:
        cos = float(vecs[rep.text] @ vecs[m.text])
        key = (id(f), outlets[m.article])
        if states(rep, m, cos) and (key not in best or cos > best[key][0]):
            best[key] = (cos, f, m)
    for _, f, m in sorted(best.values(), key=lambda x: (x[2].article, x[2].pos)):
        f.support.append((m, outlets[m.article]))
    return bool(best)
