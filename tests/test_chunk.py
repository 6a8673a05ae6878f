from __future__ import annotations

import pytest

from briefer.extraction import chunk_sentences, count_tokens, encoding
from briefer.sentences import split_sentences
from helpers import long_article


def test_encoding_loads_offline_from_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tk"))
    encoding.cache_clear()
    try:
        assert count_tokens("Hello, world") == 3
        files = sorted(p.suffix for p in (tmp_path / "tk").iterdir())
        assert files == ["", ".marshal"]  # the rank file, and its parsed copy
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


@pytest.mark.parametrize("text, n", [
    ("WASHINGTON — Around 8 p.m. Thursday, Senator Harry Reid called Senator Charles Schumer. He left.", 2),  # NYT
    ("The polls closed at 5 p.m. May 3 in every district. Counting began.", 2),
    ("The fire started at 3 p.m. Police said it spread fast.", 2),  # a new sentence after a time
])
def test_a_times_day_goes_on_with_it(text, n):
    """"Around 8 p.m. Thursday, …" was split after "p.m.", and the daily brief titled a story "WASHINGTON —
    Around 8 p.m"."""
    sents = split_sentences(text)
    assert len(sents) == n and all(text[s.start:s.end] == s.text for s in sents)


@pytest.mark.parametrize("text, n", [
    # ECB+ (CC BY 3.0): two sentences shown as one "where the outlets differ" line of a daily brief
    ("Philadelphia is certainly banking on the former point guard to have a happier homecoming than O'Brien, "
     "a Philadelphia native who played for Saint Joseph's. O'Brien's stubbornness and seemingly unwavering "
     "belief in a system that didn't fit his players cost him his job.", 2),
    ("The title went to St Mary’s. Nobody saw it coming.", 2),
    ("US Secretary of State Antony J. Blinken met Dr. Fuad Hussein.", 1),  # an initial still goes on
])
def test_a_possessives_s_is_no_initial(text, n):
    """"Saint Joseph's." ended in a one-letter word, "s", so was kept as an initial like "J." and the
    sentence ran on into the next."""
    sents = split_sentences(text)
    assert len(sents) == n and all(text[s.start:s.end] == s.text for s in sents)


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


def test_a_text_that_fits_by_bytes_is_one_chunk_exactly_as_counting_tokens_would_make_it(seed_path):
    """The byte shortcut (a token is at least one byte) must give what per-sentence counting gives."""
    text = seed_path.read_text(encoding="utf-8") + " Ünïcödé — “quotes” 漢字 <|endoftext|>."
    sents = split_sentences(text)
    need = sum(count_tokens(s.text) + 4 for s in sents)
    size = sum(len(s.text.encode()) + 4 for s in sents)
    assert need < size  # the two paths are different code
    for budget in (size, size + 1, need, need - 1, need // 3):
        counted: list[list] = []
        used = budget + 1
        for s in sents:  # the greedy rule, with real token counts
            cost = count_tokens(s.text) + 4
            if counted and used + cost > budget:
                counted.append([])
                used = 0
            if not counted:
                counted.append([])
                used = 0
            counted[-1].append(s)
            used += cost
        assert chunk_sentences(sents, budget) == counted


def test_encoding_from_the_parsed_cache_is_tiktokens_own(tmp_path, monkeypatch):
    import tiktoken

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tk"))
    encoding.cache_clear()
    try:
        first = encoding()  # parsed by tiktoken, then kept with marshal
        assert len(list((tmp_path / "tk").glob("*.marshal"))) == 1
        encoding.cache_clear()
        again = encoding()  # from the marshal file
        own = tiktoken.get_encoding("o200k_base")
        assert again is not own and again is not first
        for enc in (first, again):
            assert (enc.name, enc._pat_str, enc._special_tokens, enc.n_vocab) == \
                   (own.name, own._pat_str, own._special_tokens, own.n_vocab)
            assert enc._mergeable_ranks == own._mergeable_ranks
        text = "Gallant met Austin — “quotes”, ünïcode, 漢字, <|endoftext|> and 12,345.67 numbers.\n\n  Tabs\tend"
        assert again.encode(text, disallowed_special=()) == own.encode(text, disallowed_special=())
        next((tmp_path / "tk").glob("*.marshal")).write_bytes(b"not marshal")  # damaged: parsed again
        encoding.cache_clear()
        assert encoding().encode(text, disallowed_special=()) == own.encode(text, disallowed_special=())
    finally:
        encoding.cache_clear()


def test_threads_asking_at_once_share_one_encoding():
    from concurrent.futures import ThreadPoolExecutor

    encoding.cache_clear()
    try:
        with ThreadPoolExecutor(16) as pool:
            got = list(pool.map(lambda _: encoding(), range(32)))
        assert all(e is got[0] for e in got)  # one load, not one per thread (each is ~0.15 s of CPU)
    finally:
        encoding.cache_clear()
