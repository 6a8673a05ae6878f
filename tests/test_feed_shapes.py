"""Feeds are recognised past a BOM, comments, PIs and a DOCTYPE; XML that is not a feed is refused in one line (issue 27)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.daily.sources import root_element
from briefer.testing import FakeOpenAI
from conftest import run_cli
from helpers import article_html
from edges_common import ARTICLES, COMMENT, TEXT, model_args


def shapes(link) -> dict[str, tuple[str, list[str]]]:
    """Feeds in the shapes of feedparser's test corpus: name → (feed text, titles of its linked
    entries). ``link(name)`` is the absolute URL of the article page an entry points to."""
    return {
        "comment.rss": (COMMENT + f'<rss version="2.0"><channel><title>c</title><item><title>comment 1</title>'
                        f'<link>{link("comment-1")}</link></item></channel></rss>', ["comment 1"]),
        "doctype.rss": ("\ufeff \n<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + COMMENT
                        + '<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n'
                        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
                        f'<rss version="0.91"><channel><title>d</title><item><title>doctype 1</title>'
                        f'<link>{link("doctype-1")}</link></item></channel></rss>', ["doctype 1"]),
        "subset.xml": ('<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY site "x">\n<!-- > -->\n]>\n'
                       '<feed xmlns="http://www.w3.org/2005/Atom"><title>s</title><entry><title>subset 1</title>'
                       f'<link href="{link("subset-1")}"/><id>urn:s1</id><updated>2026-11-23T10:00:00Z</updated>'
                       '</entry></feed>', ["subset 1"]),
        "rdf.rdf": ('<?xml version="1.0"?>\n' + COMMENT
                    + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                    'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.com/"><title>r</title>'
                    '<link>http://example.com/</link><description>d</description></channel>'
                    f'<item rdf:about="{link("rdf-1")}"><title>rdf 1</title><link>{link("rdf-1")}</link></item>'
                    '</rdf:RDF>', ["rdf 1"]),
        "atom03.atom": (COMMENT + '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>a</title>'
                        '<entry><title>atom03 1</title><link rel="alternate" type="text/html" '
                        f'href="{link("atom03-1")}"/><id>tag:example.com,2026:1</id>'
                        '<issued>2026-11-23T10:00:00Z</issued></entry></feed>', ["atom03 1"]),
        "cdf.xml": (COMMENT + '<CHANNEL HREF="http://example.com/"><TITLE>c</TITLE>'
                    f'<ITEM HREF="{link("cdf-1")}"><TITLE>cdf 1</TITLE></ITEM></CHANNEL>', ["cdf 1"]),
        "base.atom": (COMMENT + '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="'
                      + link("") + '"><title>b</title>'
                      '<entry><title>base 1</title><link href="base-1"/><id>urn:b1</id>'
                      '<updated>2026-11-23T10:00:00Z</updated></entry></feed>', ["base 1"]),
        "nolink.rss": (COMMENT + '<rss version="2.0"><channel><title>n</title>'
                       '<item><title>a status update</title><description>no link at all</description></item>'
                       f'<item><title>nolink 1</title><guid>{link("nolink-1")}</guid></item>'
                       '</channel></rss>', ["nolink 1"]),
    }


def serve_articles(web, names: list[str]) -> None:
    for i, name in enumerate(names):
        web.add(f"/news/{name}", article_html(ARTICLES[i % len(ARTICLES)]["text"], title=name.replace("-", " ")))


def dry_run(fake: FakeOpenAI, *sources: str) -> tuple[int, str]:
    r = run_cli("brief", *sources, "--dry-run", "--allow-private", "--no-cache", *model_args(fake, "extractive"))
    return r.returncode, r.stdout.decode() + r.stderr.decode()


def test_root_element_reads_past_prologue_shapes():
    assert root_element(b"<?xml version='1.0'?><rss/>") == "rss"
    assert root_element(b"\xef\xbb\xbf\n <!-- a -->\n<!-- b --><?pi x?>\n<feed/>") == "feed"
    assert root_element(b'<!DOCTYPE x [<!ENTITY a "b">]><rdf:RDF/>') == "rdf"
    assert root_element("<?xml version='1.0' encoding='utf-16'?><!-- c --><CHANNEL/>".encode("utf-16")) == "channel"
    assert root_element("<feed/>".encode("utf-16-le")) == "feed"
    assert root_element(b"<!doctype html><html><body>") == "html"
    assert root_element(b"<!-- never closed <rss>") is None
    assert root_element(b"https://example.com/a\n") is None


def test_feed_shapes_from_files_and_from_the_web_server_are_listed(web, tmp_path):
    files = shapes(lambda name: web.url(f"/news/{name}"))
    titles = [t for _, ts in files.values() for t in ts]
    serve_articles(web, [t.replace(" ", "-") for t in titles])
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name, (text, _) in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    with FakeOpenAI() as fake:
        code, out = dry_run(fake, *(str(folder / name) for name in files))
    assert code == 0, out
    for title in titles:
        assert title in out, title
    assert f"dry run: {len(titles)} articles" in out
    assert "<!--" not in out and "a status update" not in out

    served = shapes(lambda name: web.url(f"/news/{name}"))  # the same feeds, from the server
    types = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".rdf": "application/rdf+xml",
             ".xml": "text/xml"}
    urls = [web.add(f"/feeds/{name}", text.encode("utf-8"), content_type=types[Path(name).suffix])
            for name, (text, _) in served.items()]
    with FakeOpenAI() as fake:
        code, out = dry_run(fake, *urls)
    assert code == 0, out
    for title in titles:
        assert title in out, title


def test_relative_links_resolve_against_the_feed_url(web):
    names = ["rel-1", "rel-2"]
    serve_articles(web, names)
    feed = (COMMENT + '<rss version="2.0"><channel><title>r</title>'
            '<item><title>r1</title><link>/news/rel-1</link></item>'
            '<item><title>r2</title><link>rel-2</link></item></channel></rss>')
    url = web.add("/news/feed", feed, content_type="application/xml")
    with FakeOpenAI() as fake:
        code, out = dry_run(fake, url)
    assert code == 0, out
    assert "rel 1" in out and "rel 2" in out


@pytest.mark.parametrize("suffix", [".xml", ".rss", ".atom", ".rdf"])
def test_xml_that_is_not_a_feed_is_a_one_line_exit_2(tmp_path, suffix):
    path = tmp_path / f"settings{suffix}"
    path.write_text('<?xml version="1.0"?>\n<!-- app config -->\n<config><option name="a">1</option></config>\n')
    with FakeOpenAI() as fake:
        code, out = dry_run(fake, str(path))
    assert code == 2, out
    assert f"{path}: not a feed (its root element is <config>" in out
    assert "Traceback" not in out and "option" not in out


def test_served_xml_that_is_not_a_feed_is_refused(web):
    url = web.add("/sitemap", '<?xml version="1.0"?><urlset><url><loc>http://x/</loc></url></urlset>',
                  content_type="application/xml")
    with FakeOpenAI() as fake:
        code, out = dry_run(fake, url)
    assert code == 2, out
    assert "not a feed (its root element is <urlset>" in out


def test_an_html_page_named_xml_is_still_an_article(web, tmp_path):
    path = tmp_path / "page.xml"
    path.write_text(article_html(TEXT, title="page as xml"))
    with FakeOpenAI() as fake:
        code, out = dry_run(fake, str(path))
    assert code == 0, out
    assert "page as xml" in out
