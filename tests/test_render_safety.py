"""Markdown output is inert: raw HTML and javascript: links from an article (or a model) are shown
as text, never rendered or run by a Markdown viewer. Checked by rendering with a CommonMark parser."""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

from conftest import run_cli

HOSTILE = ('Officials said the <img src=x onerror=alert(1)> plan was [approved](javascript:alert(1)) on Monday '
           'after a long debate, and <script>alert(2)</script> nobody objected to the <a href="javascript:x">'
           'budget</a> at all.')


def assert_inert(markdown: str) -> None:
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<img" not in rendered and "<script" not in rendered and "<a href=\"javascript" not in rendered
    assert 'href="javascript' not in rendered
    assert "onerror=alert(1)" in html.unescape(rendered)  # shown as text, not dropped


def test_extract_markdown_escapes_raw_html_and_script_links(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("A hostile page\n" + HOSTILE + "\n")
    r = run_cli("extract", str(src), "--format", "md")
    assert r.returncode == 0, r.stderr.decode()
    assert_inert(r.stdout.decode())


def test_daily_markdown_escapes_article_text_titles_and_links(web, fake, tmp_path):
    page = web.add("/a", f"<html><head><title>{html.escape('<img src=y onerror=alert(3)>')}</title></head>"
                         f"<body><article><p>{html.escape(HOSTILE)}</p><p>{html.escape(HOSTILE)} Again.</p>"
                         "</article></body></html>")
    urls = tmp_path / "urls.txt"
    urls.write_text(page + "\n")
    out = tmp_path / "b.md"
    r = run_cli("brief", str(urls), "-o", str(out), "--store", str(tmp_path / "s.db"), "--allow-private",
                "--no-cache", "--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k",
                "--strategy", "extractive")
    assert r.returncode == 0, r.stderr.decode()
    text = out.read_text()
    assert_inert(text)
    assert f"(<{page}>)" in text  # the article's own http link is still a link
