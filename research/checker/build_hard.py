"""Hard news claims for a second training stage of the entailment checker (issue #15): ``hard.jsonl.gz``.

    python build_hard.py            # reads ../shared news articles and eval/checker/train.jsonl.gz (the first stage's data)

Why: the first model (run 2) accepts claims whose only error is a word that *also appears in the evidence* — the
speaker swapped for another person quoted in the same window ("Pompeo said he was very moved"), Monday for Tuesday
when both are in the article, "illegal" for "legal" two clauses apart, a title given to the wrong person. Its
synthetic negatives took the replacement from anywhere in the article, so lexical presence was enough to pass.
Here every replacement comes from the premise window itself, and the positives are the short claims a brief
makes ("Gallant met Austin.", "Saeb Erekat is the Palestinian chief negotiator."): titles dropped, trailing time
and place phrases cut, appositives turned into "X is Y" sentences.

Articles: the 151 pages of ../shared/data/extraction (minus the seed-claims article and the dev-claims article
833caf3b…) and the FRANK **valid** documents (the issue allows training on them; FRANK test never). The output is
mixed with a replay sample of the first stage's data so the second stage does not forget it.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "eval" / "checker"))  # build_data (shipped path)
from build_data import _ANTONYM, _NUM, compress  # noqa: E402
from entail import STOP, split_sentences, words  # noqa: E402

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
HERE = Path(__file__).resolve().parent
DEV_CLAIMS_ARTICLE = "833caf3b"
rng = random.Random(16)

_N = r"[A-Z][A-Za-z'’-]*[a-z]"  # one name token: "Gallant", "McGowan", "Waley-Cohen"
_NAME = re.compile(rf"\b({_N}(?:\s+(?:of\s+|al-|bin\s+|de\s+)?{_N})*)")
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_MORE_ANT = {"legal": "illegal", "illegal": "legal", "welcomed": "condemned", "condemned": "welcomed",
             "supported": "criticised", "criticised": "supported", "criticized": "supported", "praised": "criticised",
             "agreed": "refused", "refused": "agreed", "guilty": "innocent", "allowed": "barred", "won": "lost",
             "lost": "won", "increase": "cut", "cut": "raised", "raised": "cut", "confirmed": "denied",
             "denied": "confirmed", "accepted": "rejected", "rejected": "accepted", "still": "no longer"}
_TITLE = re.compile(r"(?<![\w'’-])((?:(?:[A-Z][a-z]+|former|chief|senior|deputy|foreign|defen[cs]e|prime|vice|acting|top|"
                    r"press|executive|general|managing|head|lead|national|security)\s+){0,3}(?:[Mm]inister|[Ss]ecretary|"
                    r"[Nn]egotiator|[Pp]resident|[Ss]pokes(?:wo)?man|[Ss]pokesperson|[Cc]hief|[Dd]irector|[Ll]eader|[Cc]hairman|"
                    r"[Gg]overnor|[Ss]enator|[Cc]oach|[Cc]aptain|[Cc]ommander|[Aa]mbassador|[Jj]udge|[Mm]ayor|[Ss]inger|"
                    r"[Gg]uitarist|[Ff]ounder|CEO|[Mm]anager|[Pp]rosecutor|[Oo]fficer|[Ee]xecutive))\s+"
                    rf"({_N}(?:\s+{_N}){{1,2}})\b")
_APPOS = re.compile(rf"\b({_N}\s+{_N}),\s+((?:a|an|the)\s+[a-z][^,;.\"“”]{4,60}?),")


def articles():
    gt = json.load(open(SHARED / "extraction" / "ground-truth.json"))
    arts = [v["articleBody"] for k, v in gt.items() if not k.startswith(DEV_CLAIMS_ARTICLE)]
    arts = [a for a in arts if "Gallant" not in a]  # the seed-claims article stays unseen
    seen = set()
    for line in open(SHARED / "faithfulness" / "frank.jsonl"):
        r = json.loads(line)
        if r["split"] == "valid" and r["document"][:200] not in seen:  # FRANK test is never read into training
            seen.add(r["document"][:200])
            arts.append(r["document"])
    return [a for a in arts if _english(a)]


def _english(text):
    w = words(text[:3000])
    return len(w) > 80 and sum(x in STOP for x in w) / len(w) > 0.3


def names(text, art_lower):
    """Capitalised spans that are names, not sentence-initial common words (their lowercase form is not in the text)."""
    out = set()
    for m in _NAME.finditer(text):
        n = m.group(1)
        first = n.split()[0]
        if first.lower() in STOP or first in _DAYS or first in _MONTHS or len(n) < 3:
            continue
        if " " not in n and f" {n.lower()} " in art_lower:
            continue
        out.add(n)
    return {n for n in out if not any(n != o and n in o for o in out)}


def shorten(s, art):
    """A short claim the sentence entails: compressed, titles before a name dropped when the surname recurs alone,
    a trailing time/place phrase cut."""
    t = compress(s)
    for m in list(_TITLE.finditer(t)):
        surname = m.group(2).split()[-1]
        if art.count(surname) >= 2 and rng.random() < 0.7:
            t = t.replace(m.group(0), surname if rng.random() < 0.6 else m.group(2), 1)
    if rng.random() < 0.6:
        t = re.sub(r"\s+(?:at press time|on (?:" + "|".join(_DAYS) + r")|last week|this week|earlier this \w+)(?=[.,])", "", t)
    m = re.match(r"^(.{20,}?\b(?:said|says|met|announced|told|urged|called|visited|won|lost|killed|warned)\b.{8,}?),\s", t)
    if m and rng.random() < 0.5:
        t = m.group(1) + "."
    t = t.strip()
    return t if t.endswith((".", "!", "?")) else t + "."


def appositive_claims(prem):
    """("X is the Y.", label 1) for titles and appositives of the premise, and the same title on another name there (0)."""
    out = []
    found = [(m.group(2), m.group(1).strip()) for m in _TITLE.finditer(prem)]
    found += [(m.group(1), m.group(2).strip()) for m in _APPOS.finditer(prem)]
    people = sorted({p for p, _ in found})
    for person, title in found:
        article = "" if title.split()[0].lower() in ("a", "an", "the") else "the "
        out.append((f"{person} is {article}{title}.", 1, "hard:role"))
        others = [p for p in people if p != person and p.split()[-1] not in person]
        if others:
            out.append((f"{rng.choice(others)} is {article}{title}.", 0, "hard:role-swap"))
    return out


def negatives(claim, prem, art, art_lower):
    """Meaning-changing edits whose replacement word is in the premise (or the article, for days and months)."""
    out = []
    mine = sorted(names(claim, art_lower), key=claim.find)
    there = [n for n in names(prem, art_lower) if n not in claim and not any(n in c or c in n for c in mine)]
    if mine and there:
        e = mine[0] if rng.random() < 0.6 else rng.choice(mine)
        out.append((claim.replace(e, rng.choice(there), 1), "hard:ent-in-window"))
    if len(mine) >= 2 and rng.random() < 0.5:
        a, b = mine[0], mine[1]
        out.append((claim.replace(a, "\0").replace(b, a).replace("\0", b), "hard:ent-order"))
    for pool in (_DAYS, _MONTHS):
        hit = [d for d in pool if re.search(rf"\b{d}\b", claim)]
        alt = [d for d in pool if d in art and d not in hit] or [d for d in pool if d not in hit]
        if hit:
            out.append((re.sub(rf"\b{hit[0]}\b", rng.choice(alt), claim, count=1), "hard:date"))
    ants = {**_ANTONYM, **_MORE_ANT}
    hits = [w for w in re.findall(r"[a-z]+", claim) if w in ants]
    if hits:
        w = rng.choice(hits)
        out.append((re.sub(rf"\b{w}\b", ants[w], claim, count=1), "hard:antonym"))
    nums = [n for n in _NUM.findall(claim) if n not in _DAYS]
    if nums:
        n = rng.choice(nums)
        other = [x for x in _NUM.findall(prem) if x != n]
        new = rng.choice(other) if other and rng.random() < 0.5 else str(int(re.sub(r"\D", "", n)[:6] or 1) + rng.choice([1, 2, 3, 10, 300]))
        out.append((re.sub(rf"\b{re.escape(n)}(?!\d)", new, claim, count=1), "hard:number"))
    return [(c, k) for c, k in out if c != claim]


def build(arts, per_article=70):
    rows = []
    for art in arts:
        art_lower = " " + " ".join(words(art)) + " "
        sents = split_sentences(art)
        if len(sents) < 4:
            continue
        order = [i for i in range(len(sents)) if 6 <= len(sents[i].split()) <= 55]
        rng.shuffle(order)
        made = 0
        for i in order:
            if made >= per_article:
                break
            lo = max(0, i - rng.randint(0, 1))
            prem = " ".join(sents[lo : lo + rng.choice([1, 2, 2, 3])])
            if sents[i] not in prem:
                prem = sents[i]
            claim = shorten(sents[i], art)
            if len(words(claim)) < 3:
                continue
            rows.append((prem, claim, 1, "hard:short-pos"))
            negs = negatives(claim, prem, art, art_lower)
            rng.shuffle(negs)
            rows += [(prem, c, 0, k) for c, k in negs[:2]]
            rows += [(prem, c, y, k) for c, y, k in appositive_claims(prem)[:2]]
            made += 1
    return rows


def main():
    arts = articles()
    hard = build(arts) + build(arts)  # two passes: other windows, other edits
    seen = set()
    hard = [r for r in hard if not ((r[0], r[1]) in seen or seen.add((r[0], r[1])))]
    first = [json.loads(line) for line in gzip.open(HERE.parents[1] / "eval" / "checker" / "train.jsonl.gz", "rt")]
    replay = rng.sample(first, min(len(first), 2 * len(hard)))
    rows = [{"premise": p, "hypothesis": h, "label": y, "source": k} for p, h, y, k in hard] + replay
    rng.shuffle(rows)
    with gzip.open(HERE / "hard.jsonl.gz", "wt") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    kinds = {}
    for r in hard:
        kinds[r[3]] = kinds.get(r[3], 0) + 1
    counts = {"articles": len(arts), "hard": len(hard), "hard_entailed": sum(r[2] for r in hard), "kinds": kinds,
              "replay_from_stage1": len(replay), "total": len(rows)}
    json.dump(counts, open(HERE / "hard_counts.json", "w"), indent=1)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
