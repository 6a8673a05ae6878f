"""LLM-judge faithfulness (RAGAS-style): split the summary into claims, then a verdict per claim.

Used when a capable model is configured (``--judge-model``); goes through the same openai layer,
retries, validation and cache as summarizing. The score is the share of claims the source
supports; a pair is consistent when every claim is supported (no contradicted or unverifiable
claim). Each verdict carries the source quote the judge relied on.
"""

from __future__ import annotations

from typing import Callable, Literal

from pydantic import BaseModel, Field

from ..errors import ConfigError
from ..model import StructuredLLM


class Claims(BaseModel):
    claims: list[str] = Field(description="atomic factual claims, each understandable alone", max_length=20)


class ClaimVerdict(BaseModel):
    claim: str
    verdict: Literal["supported", "contradicted", "not_in_source"]
    quote: str = Field(description="the source sentence that decides it, copied exactly; empty if none")


class Verdicts(BaseModel):
    verdicts: list[ClaimVerdict]


_DECOMPOSE = ("Split the summary into short, atomic factual claims. Resolve pronouns so each claim stands "
              "alone. Do not add facts. Reply with JSON only.")
_VERIFY = ("For each claim, decide from the SOURCE only: 'supported' if the source states it, 'contradicted' if "
           "the source says otherwise, 'not_in_source' if the source does not say. Quote the deciding source "
           "sentence exactly. Reply with JSON only.")


def judge(llm: StructuredLLM, document: str, summary: str) -> dict:
    """``{score, label, claims: [{claim, verdict, quote}]}`` for one pair."""
    claims = llm.complete(
        [{"role": "system", "content": _DECOMPOSE}, {"role": "user", "content": f"SUMMARY:\n{summary}"}],
        Claims, name="claims", max_tokens=800,
    ).claims
    if not claims:
        return {"score": 1.0, "label": 1, "claims": []}
    listed = "\n".join(f"{i + 1}. {c}" for i, c in enumerate(claims))
    verdicts = llm.complete(
        [{"role": "system", "content": _VERIFY},
         {"role": "user", "content": f"SOURCE:\n{document}\n\nCLAIMS:\n{listed}"}],
        Verdicts, name="verdicts", max_tokens=1500,
    ).verdicts
    by_claim = {v.claim.strip(): v for v in verdicts}
    rows = []
    for i, claim in enumerate(claims):
        v = by_claim.get(claim.strip()) or (verdicts[i] if i < len(verdicts) else None)
        verdict = v.verdict if v else "not_in_source"
        quote = v.quote if v else ""
        if verdict == "supported" and quote and " ".join(quote.split()) not in " ".join(document.split()):
            verdict = "not_in_source"  # the judge's own evidence must be real
        rows.append({"claim": claim, "verdict": verdict, "quote": quote})
    supported = sum(1 for r in rows if r["verdict"] == "supported")
    return {"score": round(supported / len(rows), 4), "label": int(supported == len(rows)), "claims": rows}


def make_judge(model: str, *, base_url: str | None, api_key: str | None = None,
               cache=None) -> Callable[[str, str], dict]:
    """A thread-safe ``judge(document, summary)`` on ``model`` at ``base_url`` (one LLM per call).

    The connection comes from ``Endpoint`` like every other model call (same seed, temperature,
    attempts and re-asks); replies go through the on-disk response cache unless settings disable
    it or ``cache`` replaces it.
    """
    from ..model import ResponseCache
    from ..config import resolve
    from ..model import Endpoint

    settings, _ = resolve(model=model, base_url=base_url, api_key=api_key)
    if settings.local:
        raise ConfigError("--judge-model needs an endpoint: give --base-url (or --judge-base-url)")
    endpoint = Endpoint(settings)
    if cache is None and settings.cache:
        cache = ResponseCache(settings.resolved_cache_path())

    def run(document: str, summary: str) -> dict:
        return judge(endpoint.llm(cache=cache), document, summary)

    return run
