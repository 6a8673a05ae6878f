"""Offline faithfulness checker: is a summary supported by its source? No network, no GPU, ~2 ms.

Each summary sentence is a claim. It is aligned to its best-supporting source sentence and
checked for what lexical overlap alone misses: numbers and names absent from the source, names
present in the source but not in or just before the supporting sentence (swapped/misattributed
entities), negation that differs from the supporting sentence, content words that never co-occur
in one source sentence, and phrases taken from different sentences (facts fused from different
places). A logistic regression over a few of these signals (``data/checker.json``, < 1 KB) is
trained by ``eval/train_checker.py`` on dev data only; ``bench/faithfulness.py`` measures it on
held-out data.

What every checker shares (``check`` and ``check_many``, so ``briefer.check_faithfulness`` and ``briefer eval
score-pairs`` alike): a summary that is empty or not natural-language text is faithful to nothing (score 0),
and a one-sentence summary is a claim, judged by the claim check every brief runs on its points
(``check_claim`` of ``_entail``): the summary-level scores are built for several sentences and call a
true short paraphrase unfaithful. ``brief_faithfulness`` is the eval metric: the share of a brief's
points whose cited sentences entail them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..sentences import split_sentences
from ..text import STOPWORDS as _STOP, WORD as _WORD

_NEGATION = frozenset({"not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"})
FEATURES = ("bigram", "trigram", "unigram", "copied4", "worst_sentence_bigram", "single_source", "pair_cooccur",
            "novel_numbers", "novel_names", "misplaced_names", "negation_flips")


@dataclass
class Claim:
    """One summary sentence, its best source support and why it may be unfaithful."""

    text: str
    start: int
    end: int
    support: float  # share of the claim's word bigrams found in the source
    evidence: dict | None = None  # {quote, start, end} of the best-supporting source sentence
    reasons: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    """The checker's answer for one (document, summary) pair."""

    score: float  # probability-like, 1 = consistent
    label: int  # 1 consistent / 0 not, at ``threshold``
    threshold: float
    claims: list[Claim]
    features: dict[str, float]
    method: str = "lexical"  # lexical | entail (summary score) | claim (claim check) | none (nothing to check)
    reason: str | None = None  # why nothing was checked (method "none")


@lru_cache(maxsize=1)
def _model() -> dict:
    return json.loads(resources.files("briefer").joinpath("data/checker.json").read_text())


def default_threshold() -> float:
    return float(_model()["threshold"])


def check(document: str, summary: str, *, threshold: float | None = None, checker: str = "lexical") -> Verdict:
    """Score ``summary`` against ``document``; label at ``threshold`` (default: the method's documented one).

    ``checker`` is ``lexical`` (the default, this module's model) or ``entail`` (the entailment model's summary
    score); either way an empty or non-text summary gets 0 and a one-sentence summary the claim check."""
    return check_many([document], [summary], threshold=threshold, checker=checker)[0]


def check_many(documents: list[str], summaries: list[str], *, threshold: float | None = None,
               checker: str = "lexical") -> list[Verdict]:
    """``check`` for many pairs: the ``entail`` summaries go through the model together (full batches)."""
    if checker not in ("lexical", "entail"):
        raise ValueError(f"checker must be lexical or entail, not {checker!r}")
    out: list[Verdict | None] = [None] * len(documents)
    summary_rows = []
    for i, (document, summary) in enumerate(zip(documents, summaries)):
        problem = text_problem(summary) or (text_problem(document) and "nothing in the document to support it")
        if problem:
            cut = default_threshold() if threshold is None else threshold
            out[i] = Verdict(score=0.0, label=0, threshold=cut, claims=[], features={}, method="none", reason=problem)
        elif _one_sentence(summary) and _entail_ready():
            out[i] = _by_claim(document, summary, threshold)
        elif checker == "entail":
            summary_rows.append(i)
        else:
            out[i] = lexical(document, summary, threshold=threshold)
    if summary_rows:
        from . import _entail as entail
        from ._entail import SUMMARY_THRESHOLD

        if not entail.available():
            from ..errors import InputError

            raise InputError(f"checker entail: {entail.why_unavailable()}")
        scores = entail.score_summaries([documents[i] for i in summary_rows], [summaries[i] for i in summary_rows])
        cut = SUMMARY_THRESHOLD if threshold is None else threshold
        for i, score in zip(summary_rows, scores):
            out[i] = Verdict(score=round(score, 4), label=int(score >= cut), threshold=cut, claims=[], features={},
                             method="entail")
    return out  # type: ignore[return-value]


def lexical(document: str, summary: str, *, threshold: float | None = None) -> Verdict:
    """The lexical model's verdict alone, for any text (no routing): the ``faithfulness_lexical`` eval metric."""
    feats, claims = analyze(document, summary)
    model = _model()
    terms = zip(model["features"], model["weights"], model["mean"], model["std"])
    z = model["bias"] + sum(w * (feats[name] - mu) / sd for name, w, mu, sd in terms)
    score = 1.0 / (1.0 + math.exp(-z))
    cut = model["threshold"] if threshold is None else threshold
    return Verdict(score=round(score, 4), label=int(score >= cut), threshold=cut, claims=claims, features=feats)


def text_problem(text) -> str | None:
    """Why ``text`` cannot be checked for support (``None`` when it can): not a string, no words, or not
    natural-language text (one token repeated, mostly symbols)."""
    from ._checker_text import is_text

    if not isinstance(text, str):
        return f"not text ({type(text).__name__})"
    if not _tokens(text[:20000]):
        return "empty"
    if not is_text(text):
        return "not natural-language text"
    return None


_TOKENIZED_STOP = re.compile(r"\s[.!?]\s+\w")  # "he won . she lost": a stop with a space before it, then more


def _one_sentence(summary: str) -> bool:
    """One sentence by the entailment model's own cut, and not tokenized text with a stop inside: FRANK's
    "UNK"-laden summaries ("UNK arrow was one of 102 . the us postal ...") read as cased text to the cut,
    which then keeps their sentences whole (seen on FRANK valid, the dev split)."""
    from ..sentences import checker_sentences as cut
    from ._checker_text import words

    return sum(1 for s in cut(summary) if words(s)) == 1 and not _TOKENIZED_STOP.search(summary)


@lru_cache(maxsize=1)
def _entail_ready() -> bool:
    from . import _entail as entail

    return entail.available()


def _by_claim(document: str, summary: str, threshold: float | None) -> Verdict:
    """A one-sentence summary judged as a claim: the entailment of its best document windows, 0 when it names
    what the document never does."""
    from ._entail import CLAIM_THRESHOLD, check_claim

    cut = CLAIM_THRESHOLD if threshold is None else threshold
    score, _, details = check_claim(document, summary, threshold=cut)
    claims = []
    for d in details:
        c = Claim(text=d["sentence"], start=0, end=len(summary), support=d["entailment"],
                  evidence={"quote": d["evidence"]} if d.get("evidence") else None)
        if d.get("novel"):  # worded as the lexical checker words them
            c.reasons += [f"number {t} is not in the source" if t[:1].isdigit() else f"'{t}' is not in the source"
                          for t in d["novel"]]
        elif d["entailment"] < cut:
            c.reasons.append(f"not entailed by the document (entailment {d['entailment']:.2f})")
        claims.append(c)
    return Verdict(score=score, label=int(score >= cut), threshold=cut, claims=claims, features={}, method="claim")


# how verify.check_entailed words the reason a model-written point was dropped (its cited text does not entail it)
NOT_ENTAILED = "not supported by its cited text"


def brief_faithfulness(brief) -> float | None:
    """The eval metric ``faithfulness``: of the points the brief's model wrote or picked, the share whose cited
    sentences entail them, by the claim check every brief runs (``verify.check_entailed``; a point quoted
    verbatim from its citation needs no model). Points the pipeline already dropped for not being entailed
    count as unfaithful, so a prompt that makes the model invent more scores lower even though the brief
    shows only what passed. 0 for a brief without points; ``None`` when the entailment model is missing."""
    from . import _entail as entail
    from ._verify import check_entailed

    if not entail.available():
        return None
    dropped = sum(1 for d in brief.grounding.dropped if d.kind == "point" and d.reason.startswith(NOT_ENTAILED))
    entailed = sum(1 for p in brief.summary if not check_entailed("point", p).reason)
    total = len(brief.summary) + dropped
    return entailed / total if total else 0.0


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _grams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def _share(items, pool) -> float:
    items = list(items)
    return sum(1 for x in items if x in pool) / len(items) if items else 1.0


def _names(sentence: str) -> set[str]:
    """Capitalized words not at the sentence start, and numbers: the entities a claim names."""
    words = re.findall(r"[^\W\d_][\w'-]*|\d[\d.,]*", sentence)
    return {w.lower().strip(".,") for i, w in enumerate(words)
            if (w[0].isupper() and i > 0 and w.lower() not in _STOP) or w[0].isdigit()}


def analyze(document: str, summary: str) -> tuple[dict[str, float], list[Claim]]:
    """Pair-level features and per-claim findings (the checker's explanation)."""
    doc_tokens = _tokens(document)
    doc_words = set(doc_tokens)
    doc_bi, doc_tri, doc_4 = set(_grams(doc_tokens, 2)), set(_grams(doc_tokens, 3)), set(_grams(doc_tokens, 4))
    doc_sents = split_sentences(document) or []
    sent_tokens = [_tokens(s.text) for s in doc_sents] or [[]]
    sent_words = [set(t) for t in sent_tokens]
    sent_bigrams = [set(_grams(t, 2)) for t in sent_tokens]
    where: dict[str, set[int]] = {}
    for i, words in enumerate(sent_words):
        for w in words:
            where.setdefault(w, set()).add(i)

    sum_tokens = _tokens(summary)
    content = [w for w in sum_tokens if w not in _STOP]
    copied = [0] * len(sum_tokens)
    for i, gram in enumerate(_grams(sum_tokens, 4)):
        if gram in doc_4:
            copied[i : i + 4] = [1, 1, 1, 1]
    claims: list[Claim] = []
    worst_bi, pairs, paired, novel_nums, novel_names, misplaced, flips, names_seen = 1.0, 0, 0, 0, 0, 0, 0, 0
    single: list[float] = []
    for sent in split_sentences(summary) or []:
        toks = _tokens(sent.text)
        words = [w for w in toks if w not in _STOP]
        if not words:
            continue
        bi = _share(_grams(toks, 2), doc_bi)
        worst_bi = min(worst_bi, bi)
        claim = Claim(text=sent.text, start=sent.start, end=sent.end, support=round(bi, 3))
        scores = [_share(words, ws) for ws in sent_words]
        best = max(range(len(scores)), key=scores.__getitem__)
        single.append(_share(_grams(toks, 2), sent_bigrams[best]) if len(toks) > 1 else 1.0)
        if doc_sents:
            src = doc_sents[best]
            claim.evidence = {"quote": src.text, "start": src.start, "end": src.end}
        # A name may come from the support or the sentence before it (where it was introduced);
        # one from anywhere else in the source is a likely swap or misattribution.
        window = sent_words[best].union(*sent_words[max(0, best - 1) : best])
        for name in sorted(_names(sent.text)):
            names_seen += 1
            parts = _tokens(name)
            if not parts:
                continue
            if not all(p in doc_words for p in parts):
                if name[0].isdigit():
                    novel_nums += 1
                    claim.reasons.append(f"number {name} is not in the source")
                else:
                    novel_names += 1
                    claim.reasons.append(f"'{name}' is not in the source")
            elif not all(p in window for p in parts):
                misplaced += 1
                claim.reasons.append(f"'{name}' is in the source but not in or just before the supporting sentence")
        if bool(_NEGATION & set(toks)) != bool(_NEGATION & sent_words[best]):
            flips += 1
            claim.reasons.append("negation differs from the supporting sentence")
        for a, b in zip(words, words[1:]):
            pairs += 1
            together = bool(where.get(a, set()) & where.get(b, set()))
            paired += together
        if bi < 0.5 and not claim.reasons:
            claim.reasons.append("mostly words the source does not use together")
        elif bi - single[-1] >= 0.25 and not claim.reasons:
            claim.reasons.append("joins phrases from different source sentences")
        claims.append(claim)
    feats = {
        "bigram": _share(_grams(sum_tokens, 2), doc_bi),
        "trigram": _share(_grams(sum_tokens, 3), doc_tri),
        "unigram": _share(content, doc_words),
        "copied4": sum(copied) / len(copied) if copied else 1.0,
        "worst_sentence_bigram": worst_bi,
        "single_source": sum(single) / len(single) if single else 1.0,
        "pair_cooccur": paired / pairs if pairs else 1.0,
        "novel_numbers": math.log1p(novel_nums),
        "novel_names": novel_names / names_seen if names_seen else 0.0,
        "misplaced_names": math.log1p(misplaced),
        "negation_flips": math.log1p(flips),
    }
    return feats, claims
