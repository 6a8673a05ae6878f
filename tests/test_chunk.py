from __future__ import annotations

import pytest

from briefer.chunk import chunk_sentences, count_tokens, encoding, split_sentences
from helpers import long_article


def test_encoding_loads_offline_from_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tk"))
    encoding.cache_clear()
    try:
        assert count_tokens("Hello, world") == 3
        assert len(list((tmp_path / "tk").iterdir())) == 1
    finally:
        encoding.cache_clear()


def test_sentences_have_exact_offsets_and_respect_abbreviations():
    text = ("US Secretary of State Antony J. Blinken met Dr. Fuad Hussein in Washington. Both leaders spoke.\n"
            "A heading without a period\nIt said \"no.\" Then it ended! Really?")
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "US Secretary of State Antony J. Blinken met Dr. Fuad Hussein in Washington.",
        "Both leaders spoke.",
        "A heading without a period",
        'It said "no."',
        "Then it ended!",
        "Really?",
    ]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_fifty_thousand_tokens_chunk_within_budget(seed_path):
    text = long_article(seed_path, 50_000)
    sents = split_sentences(text)
    chunks = chunk_sentences(sents, 2000)
    assert len(chunks) >= 25
    assert [s.id for c in chunks for s in c] == list(range(len(sents)))  # nothing lost or reordered
    for c in chunks:
        assert sum(count_tokens(s.text) + 4 for s in c) <= 2000


def test_budget_must_be_positive():
    with pytest.raises(ValueError):
        chunk_sentences([], 0)
