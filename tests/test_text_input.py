"""Plain-text input as people have it: BOMs, Chinese, short Latin-1, prose with brackets."""

from __future__ import annotations

import json
import time

from hypothesis import given, strategies as st

from briefer.extraction import clean_text
from briefer.errors import InputError
from briefer.extraction import decode, extract, RawSource
from conftest import run_cli

BODY = "The city council approved the new budget on Monday after a long debate about schools."


def test_utf8_bom_keeps_the_first_line_of_a_url_list_and_a_jsonl(web, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_bytes(b"\xef\xbb\xbf" + "\n".join(web.add(f"/a{i}", f"<html><body><p>{BODY} {i}</p></body></html>")
                                                 for i in range(2)).encode() + b"\n")
    r = run_cli("brief", str(urls), "--dry-run", "--allow-private", "--no-cache", "--store", str(tmp_path / "s.db"))
    assert r.returncode == 0, r.stderr.decode()
    assert "dry run: 2 articles" in r.stderr.decode()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b"\xef\xbb\xbf" + json.dumps({"document": BODY, "summary": "Budget approved."}).encode() + b"\n")
    s = run_cli("eval", "score-pairs", str(pairs), "-o", str(tmp_path / "out.jsonl"))
    assert s.returncode == 0 and "skipped" not in s.stderr.decode(), s.stderr.decode()
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_chinese_text_is_an_article(tmp_path):
    zh = tmp_path / "zh.txt"
    zh.write_text("市议会周一在长时间辩论后批准了新的预算案。该预算将用于修建学校和医院。\n", encoding="utf-8")
    r = run_cli("extract", str(zh), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["word_count"] >= 30


def test_short_latin1_text_is_read_as_latin1():
    raw = "Café owners in Zürich said the crème brûlée was déjà vu.".encode("latin-1")
    doc = extract(RawSource(data=raw, kind="text", path="l1.txt"))
    assert doc.text == "Café owners in Zürich said the crème brûlée was déjà vu."


def test_prose_with_brackets_and_semicolons_is_kept_and_scripts_still_go():
    prose = ["The council (which met on Monday) approved the budget (3 votes to 2);",
             "Prices rose 5% => analysts say inflation (core) is sticky; the Fed (again) waits.",
             'She wrote: "if (x === y) { return; }" is all it takes, according to the engineers.']
    code = ['var x = document.getElementById("a");', "window.dataLayer = window.dataLayer || [];",
            "@media (max-width: 600px) { body { margin: 0; } }"]
    assert clean_text("\n".join(prose + code + [BODY])).split("\n") == prose + [BODY]


@given(st.binary(max_size=300), st.sampled_from([None, "utf-8", "latin-1", "shift_jis", "bogus"]), st.booleans())
def test_any_bytes_decode_or_fail_with_one_line(data, charset, html):
    try:
        text, how = decode(data, charset, "x", html=html)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str) and how


def test_a_page_of_links_only_is_no_article(web, fake, tmp_path):
    heads = ["Council approves new budget after long debate over schools in the north",
             "Storm knocks out power to thousands across the region on Sunday night",
             "Local team wins championship in dramatic overtime finish at home",
             "Prices of groceries rise for the third month in a row, data show",
             "New bridge opens to traffic after years of construction delays and cost overruns"]
    items = "".join(f'<p><a href="/story/{i}">{h}.</a></p>' for i, h in enumerate(heads))
    page = web.add("/front", f"<html><head><title>Home</title></head><body><main><article>{items}</article>"
                             "</main></body></html>")
    r = run_cli("summarize", page, "--allow-private", "--base-url", fake.base_url, "--model", "fake-large",
                "--api-key", "k", "--strategy", "extractive")
    assert r.returncode == 2 and "no article text" in r.stderr.decode(), r.stderr.decode()
    assert not fake.requests


def test_input_is_capped_in_tokens_with_a_warning(fake, tmp_path):
    huge = tmp_path / "huge.txt"
    # ~3 MB; two people in every chunk, so each chunk read makes one extractive call
    huge.write_text("Council budget\n" + "Mayor Ann Lee and Governor Bo Chen debated the budget for roads. " * 50_000)
    r = run_cli("extract", str(huge), "--format", "json", timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    assert "only the first 50,000 tokens are read" in r.stderr.decode()
    assert json.loads(r.stdout)["word_count"] < 50_000
    s = run_cli("summarize", str(huge), "--max-input-tokens", "3000", "--base-url", fake.base_url, "--model",
                "fake-large", "--api-key", "k", "--strategy", "extractive", timeout=120)
    assert s.returncode == 0, s.stderr.decode()
    assert "only the first 3,000 tokens are read" in s.stderr.decode()
    assert 1 <= len(fake.requests) <= 3  # not hundreds of calls
    bad = run_cli("extract", str(huge), "--max-input-tokens", "-1")
    assert bad.returncode == 5 and "--max-input-tokens -1" in bad.stderr.decode()


def test_a_megabyte_word_is_refused_quickly(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("x" * 4_000_000)
    started = time.monotonic()
    r = run_cli("extract", str(one), timeout=60)
    assert r.returncode == 2 and "no article text" in r.stderr.decode()
    assert time.monotonic() - started < 15


_PIECES = ["document.write(x)", "window.foo", "var a = 1;", "let b=2;", "const c = 3;", "}) ", "=> y", "!==", "===",
           ".style.color", "@media x {a:b;}", "{ a: b; }", "`code`", "function (a)", "getElementById('x')", "innerHTML",
           " the quick brown fox jumps over the lazy dog ", "(CNN) ", "; ", "= ", "word ", "$5 ", "<b>", "\n"]


@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_code_line_shortcut_decides_as_the_full_pattern_does(pieces):
    """``is_code_line`` skips its pattern when plain counts prove fewer than 3 hits: same answers."""
    import re

    from briefer.extraction import CODE_HINTS, is_code_line

    line = "".join(pieces)
    s = line.strip()
    hits = len(CODE_HINTS.findall(s))
    symbols = sum(s.count(c) for c in "{};=()<>`$")
    words = len(re.findall(r"[^\W\d_]{2,}", s))
    if not s:
        expected = False
    elif words >= 8 and symbols <= words and hits < 3:
        expected = False
    else:
        expected = hits >= 2 or (hits >= 1 and symbols >= 4) or (symbols >= 6 and symbols > words / 2)
    assert is_code_line(line) == expected
