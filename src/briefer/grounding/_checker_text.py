"""Text handling shared by the entailment model's training and inference: document windows (of
``briefer.sentences.checker_sentences``, the cut the checker was trained on), the evidence windows a
claim is checked against, and the BERT WordPiece tokenizer.

Kept pure Python (no ``tokenizers``/``transformers``) so the default install stays light; it matches
HF's BertTokenizer for this vocabulary (8 of 2,464 dev texts tokenize differently, none in ways that
move a verdict we measured).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..text import STOPWORDS as STOP, WORD as _WORD

MAX_LEN = 256
MAX_HYP = 96
K_WINDOWS = 3
WINDOW = 2

def is_text(text: str) -> bool:
    """Natural-language-looking text: mostly plausible words, not one token repeated (rejects 'xxxx...').
    A summary that is not can be faithful to nothing; the checkers all call it unfaithful."""
    toks = re.findall(r"\S+", text[:20000])
    if not toks:
        return False
    wordish = [t for t in toks if re.fullmatch(r"[\W_]*[^\W\d_]{1,25}[\W_]*|[\W_]*\d[\d.,:%-]*[\W_]*", t)]
    if len(wordish) / len(toks) < 0.5:
        return False
    low = [t.lower() for t in wordish]
    return len(set(low)) / len(low) >= 0.2 or len(low) < 5


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


_CAP = re.compile(r"\b[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*|\b[A-Z]{2,}\b")
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


def novel_terms(evidence: str, claim: str) -> list[str]:
    """Names and numbers of ``claim`` that ``evidence`` never mentions ("Israeli" matches "Israel's": five letters
    of a name are enough). A claim naming someone or a figure absent from its evidence is not supported, however
    fluent: the cross-encoder alone gives "Gallant met Haniyeh" against a Gallant–Austin sentence 0.56. A sentence's
    first word is skipped: without a lexicon a name cannot be told from a capitalised common word there."""
    ev_words = {w.lower() for w in re.findall(r"[\w'’-]+", evidence)}
    ev_words |= {p for w in ev_words if "-" in w for p in w.split("-") if p}  # "AK" of "AK-47", "Jae" of "Moon Jae-in"
    stems = {w[:5] for w in ev_words if len(w) >= 5}
    out = []
    for m in _CAP.finditer(claim):
        if not claim[: m.start()].strip() or claim[: m.start()].rstrip()[-1:] in ".!?\"“":
            continue  # a sentence's first word may be any word ("Talks resumed."): left to the model
        w = m.group(0).lower().rstrip("'’s").rstrip("'’")
        if w in STOP or w in ev_words or (len(w) >= 5 and w[:5] in stems) or any(w == e.rstrip("'’s") for e in ev_words):
            continue
        out.append(m.group(0))
    ev_nums = {n.replace(",", "") for n in _DIGITS.findall(evidence)}
    out += [n for n in _DIGITS.findall(claim) if n.replace(",", "") not in ev_nums]
    return out


def windows(doc_sents: list[str], size: int = WINDOW) -> list[str]:
    """Overlapping windows of ``size`` consecutive sentences (stride 1)."""
    if len(doc_sents) <= size:
        return [" ".join(doc_sents)] if doc_sents else []
    return [" ".join(doc_sents[i : i + size]) for i in range(len(doc_sents) - size + 1)]


def top_windows(wins: list[str], hypothesis: str, k: int = K_WINDOWS, win_words: list[set] | None = None) -> list[int]:
    """Indices of the ``k`` windows sharing the most content words with ``hypothesis`` (ties: earlier first)."""
    hw = {w for w in words(hypothesis) if w not in STOP} or set(words(hypothesis))
    win_words = win_words if win_words is not None else [set(words(w)) for w in wins]
    scores = [len(hw & ww) / (1 + 0.01 * i) for i, ww in enumerate(win_words)]
    return sorted(range(len(wins)), key=lambda i: -scores[i])[:k]


class WordPiece:
    """BERT uncased tokenizer (basic + WordPiece), pure Python, matching HF's BertTokenizer for this vocab."""

    def __init__(self, vocab_file: Path):
        self.vocab = {w.rstrip("\n"): i for i, w in enumerate(vocab_file.open(encoding="utf-8"))}
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]
        self._cache: dict[str, list[int]] = {}

    @staticmethod
    def _basic(text: str) -> list[str]:
        text = unicodedata.normalize("NFD", text.lower())
        out, cur = [], []
        for ch in text:
            cp = ord(ch)
            cat = unicodedata.category(ch)
            if cat == "Mn" or cp == 0 or cp == 0xFFFD or (cat.startswith("C") and ch not in "\t\n\r"):
                continue
            if ch.isspace() or cat == "Zs":
                if cur:
                    out.append("".join(cur)); cur = []
            elif (33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or cat.startswith("P")
                  or 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF):
                if cur:
                    out.append("".join(cur)); cur = []
                out.append(ch)
            else:
                cur.append(ch)
        if cur:
            out.append("".join(cur))
        return out

    def _piece(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > 100:
            ids = [self.unk]
        else:
            ids, start = [], 0
            while start < len(word):
                end, cur = len(word), None
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    if sub in self.vocab:
                        cur = self.vocab[sub]
                        break
                    end -= 1
                if cur is None:
                    ids = [self.unk]
                    break
                ids.append(cur)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        return [i for w in self._basic(text) for i in self._piece(w)]

    def pair(self, premise: str, hypothesis: str, max_len: int = MAX_LEN, max_hyp: int = MAX_HYP):
        """[CLS] premise [SEP] hypothesis [SEP], the premise truncated first (hypothesis at most ``max_hyp``)."""
        h = self.encode(hypothesis)[:max_hyp]
        p = self.encode(premise)[: max(1, max_len - 3 - len(h))]
        ids = [self.cls] + p + [self.sep] + h + [self.sep]
        types = [0] * (len(p) + 2) + [1] * (len(h) + 1)
        return ids, types
