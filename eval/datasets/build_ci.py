"""Build eval/datasets/ci.jsonl, the CI suite's articles, from the licensed data in ../shared (read-only).

    python3 eval/datasets/build_ci.py [--data ../shared/data] [--per-origin 28]

Why these articles: a gate over 60 articles can tell a real regression from noise where one over 4 cannot,
and a replay must stay fast, so each document is 300-700 words (one chunk for the embedded model). Sources:
the FRANK benchmark's CNN/DailyMail and XSum (BBC) documents with their reference summaries
(``summaries/frank_references.jsonl``; FRANK is MIT-licensed, ``faithfulness/LICENSE.frank``). A document that
appears anywhere in ``faithfulness/summeval.jsonl`` (SummEval, whose dev half tunes the checker) is left out.
The pick is deterministic: eligible documents ordered by the SHA-1 of their id, the first ``--per-origin`` of
each origin. The rows already in the file (the seed article and three CNN/DM articles) are kept first, as is.

Cleaning, the same for every row: XSum documents lost their paragraph breaks ("this season.Scotland
Under-21 ..."), which glues sentences together; a break is put back where a sentence end meets a capital.
The BBC share-button text glued to some XSum documents' first sentence is cut. References are detokenized (" ." -> ".", "` x '" -> "'x'") and XSum's lowercase ones get a capital.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "eval" / "datasets" / "ci.jsonl"
KEEP = 4  # the rows the suite had before: the seed article and three CNN/DM articles
ORIGIN = {"cnndm": "FRANK (MIT), CNN/DailyMail", "xsum": "FRANK (MIT), XSum (BBC)"}
_GLUED = re.compile(r"(?<=[a-z0-9)%][.!?])(?=[\"\u201c]?[A-Z])|(?<=[a-z0-9)%][.!?][\"\u201d])(?=[A-Z])"
                    r"|(?<=[a-z0-9][\"\u201d][.!?])(?=[A-Z])")
_SHARE = re.compile(r"^Share this with.{0,120}?Copy this link")  # the BBC page's share buttons, scraped as text


def _norm(text: str) -> str:
    return " ".join(text.split())[:300]


def unglue(document: str) -> str:
    """Put back the paragraph breaks XSum's scrape lost between sentences."""
    return _GLUED.sub("\n\n", _SHARE.sub("", document))


def detokenize(reference: str) -> str:
    text = re.sub(r"`+\s*(.*?)\s*'+", r"'\1'", reference.replace("\\'", "'"))
    text = re.sub(r"\s+([.,;:!?%])", r"\1", text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"\$\s+(\d)", r"$\1", text)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--per-origin", type=int, default=28)
    ap.add_argument("--words", type=int, nargs=2, default=(300, 700), metavar=("MIN", "MAX"))
    args = ap.parse_args()
    kept = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()[:KEEP]]
    have = {r["id"] for r in kept} | {_norm(r["text"]) for r in kept if r.get("text")}
    summeval = args.data / "faithfulness" / "summeval.jsonl"
    held = set()
    for line in summeval.open(encoding="utf-8"):
        row = json.loads(line)
        held |= {_norm(row["document"]), row["doc_id"].rsplit("-", 1)[-1]}
    rows = [json.loads(line) for line in (args.data / "summaries" / "frank_references.jsonl").open(encoding="utf-8")]
    out = list(kept)
    for origin in ("cnndm", "xsum"):
        eligible = [r for r in rows if r["origin"] == origin
                    and args.words[0] <= len(r["document"].split()) <= args.words[1]
                    and r["id"] not in held and _norm(r["document"]) not in held
                    and _norm(r["document"]) not in have and f"{origin}-{r['id'][:10]}" not in have]
        eligible.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
        if len(eligible) < args.per_origin:
            raise SystemExit(f"only {len(eligible)} eligible {origin} documents")
        for r in eligible[: args.per_origin]:
            text = unglue(r["document"]) if origin == "xsum" else r["document"]
            out.append({"id": f"{origin}-{r['id'][:10]}", "text": text, "references": [detokenize(r["reference"])],
                        "origin": ORIGIN[origin], "url": r["url"]})
    ids = [r["id"] for r in out]
    assert len(ids) == len(set(ids)), "duplicate ids"
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(out)} articles ({KEEP} kept, {args.per_origin} CNN/DM, {args.per_origin} XSum)")


if __name__ == "__main__":
    main()
