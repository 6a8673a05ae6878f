"""``briefer extract`` as a user runs it: files, stdin and URLs served by a real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import socket
from urllib.parse import urlsplit

import jsonschema
import pytest

from briefer.errors import FetchError
from briefer.extraction import check_url
from briefer.schemas import extraction_json_schema
from helpers import article_html
from test_cli import assert_clean_failure
from conftest import run_cli, slow_route

BODY = [
    "The city council voted on Tuesday to approve a budget that funds three new libraries and a bus line.",
    "Mayor Ann Lee said the plan would be paid for by a tax on hotel stays, which critics say will hurt tourism.",
    "Share this article on Facebook",
    "Related: Council debates parking rules again",
    "The vote was 7 to 2. Opponents said they would challenge the decision in court next month, calling it rushed.",
    "Officials expect the first library to open in 2026, with the bus line following a year later if funds allow.",
]


def news_page(title: str = "Council approves budget", extra_head: str = "", body: list[str] | None = None,
              tail: str = "") -> str:
    """A news page with JSON-LD metadata, navigation, residue lines and a comment section."""
    paras = "\n".join(f"<p>{p}</p>" for p in (body or BODY))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "author": [{"@type": "Person", "name": "Jane Roe"}, {"@type": "Person", "name": "Li Wei"}],
                     "datePublished": "2024-05-01T10:00:00Z", "publisher": {"@type": "Organization", "name": "Example Times"}})
    return f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title} | Example Times</title>
<link rel="canonical" href="https://news.example.com/council-budget">
<script type="application/ld+json">{ld}</script>{extra_head}
<script>document.write("tracking"); window.alert("never run");</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{title}</h1>
{paras}
{tail}
</article>
<section class="comments"><h3>2 comments</h3><p>Great article, totally agree with the mayor on this one!</p>
<p>This is a waste of money and everyone knows it, vote them out.</p></section></main>
<footer>Copyright 2024 Example Times. All rights reserved.</footer></body></html>"""


def test_extract_json_from_url_has_metadata_and_no_residue(web):
    url = web.add("/news", news_page())
    result = run_cli("extract", url, "--format", "json", "--allow-private")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, extraction_json_schema())
    assert data["title"] == "Council approves budget"
    assert data["authors"] == ["Jane Roe", "Li Wei"]
    assert data["published"].startswith("2024-05-01")
    assert data["canonical_url"] == "https://news.example.com/council-budget"
    assert data["site_name"] == "Example Times" and data["language"] == "en"
    assert data["url"] == url and data["extractor"] and data["paywall"] is False
    text = data["text"]
    assert BODY[0] in text and BODY[4] in text and BODY[5] in text
    assert data["word_count"] == len(text.split())
    for junk in ("Share this article", "Related:", "Great article", "waste of money", "Home", "All rights",
                 "tracking", "never run", "Council approves budget"):
        assert junk not in text, junk


def test_extract_text_md_file_and_stdin(tmp_path, seed_path):
    page = tmp_path / "page.html"
    page.write_text(news_page())
    text = run_cli("extract", str(page))
    assert text.returncode == 0 and text.stdout.decode().startswith(BODY[0])
    md = run_cli("extract", str(page), "--format", "md").stdout.decode()
    assert md.startswith("# Council approves budget\n") and "Jane Roe, Li Wei" in md and f"\n\n{BODY[1]}\n\n" in md
    piped = run_cli("extract", "-", "--format", "json", stdin=seed_path.read_bytes())
    data = json.loads(piped.stdout)
    assert "Gallant" in data["text"] and "getElementById" not in data["text"] and data["extractor"] == "text"
    out = tmp_path / "out.json"
    assert run_cli("extract", str(page), "--format", "json", "-o", str(out)).returncode == 0
    assert json.loads(out.read_text())["title"] == "Council approves budget"


def test_second_extract_is_served_from_cache_unless_no_cache(web):
    url = web.add("/cached", news_page())
    for _ in range(2):
        assert run_cli("extract", url, "--allow-private").returncode == 0
    assert web.hits["/cached"] == 1
    assert run_cli("extract", url, "--allow-private", "--no-cache").returncode == 0
    assert web.hits["/cached"] == 2


def test_private_addresses_refused_without_flag(web):
    url = web.add("/p", news_page())
    result = run_cli("extract", url)
    assert_clean_failure(result, "non-public address 127.0.0.1")
    assert "--allow-private" in result.stderr.decode() and "/p" not in web.hits
    for bad in ("http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://192.168.0.1/"):
        with pytest.raises(FetchError, match="non-public address"):
            check_url(bad)
    with pytest.raises(FetchError, match="scheme 'file'"):
        check_url("file:///etc/passwd", allow_private=True)


def test_paywall_teaser_is_flagged(web):
    teaser = [BODY[0], "Subscribe to continue reading this article and get unlimited access."]
    url = web.add("/pay", news_page(body=teaser))
    result = run_cli("extract", url, "--format", "json", "--allow-private")
    assert result.returncode == 0
    assert json.loads(result.stdout)["paywall"] is True
    assert "looks paywalled" in result.stderr.decode()


@pytest.mark.parametrize(
    "label, body, content_type, expect",
    [
        ("cp1252 undeclared", "Caf\u00e9 owners said the mayor\u2019s plan is \u201cunfair\u201d.", "text/html", "cp1252"),
        ("shift_jis via meta", "\u6771\u4eac\u90fd\u306f\u65b0\u3057\u3044\u4e88\u7b97\u3092\u627f\u8a8d\u3057\u307e\u3057\u305f\u3002",
         "text/html", "shift_jis"),
        ("header lies utf-8", "Der B\u00fcrgermeister sagte, die Br\u00fccke werde im Fr\u00fchjahr er\u00f6ffnet.",
         "text/html; charset=utf-8", "cp1252"),
        ("header lies latin-1", "\u041c\u044d\u0440 \u0441\u043a\u0430\u0437\u0430\u043b, \u0447\u0442\u043e \u043f\u043b\u0430\u043d \u0433\u043e\u0442\u043e\u0432.",
         "text/html; charset=iso-8859-1", "utf-8"),
    ],
)
def test_charsets(web, label, body, content_type, expect):
    sentences = [f"{body} ({i})" for i in range(8)]
    page = article_html("\n".join(sentences), "Charset test")
    declared = {"shift_jis": "shift_jis", "cp1252": ""}.get(expect, "utf-8")  # cp1252 pages declare nothing
    page = page.replace('<meta charset="utf-8">', f'<meta charset="{declared}">' if declared else "")
    url = web.add(f"/{expect}", page.encode(expect), content_type=content_type)
    result = run_cli("extract", url, "--format", "json", "--allow-private")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert body in data["text"], (label, data["text"][:200])
    norm = lambda name: name.replace("_", "").replace("-", "").lower()  # noqa: E731
    assert norm(expect) in norm(data["encoding"]), data["encoding"]


def test_gzip_response_is_decompressed(web):
    url = web.add("/gz", gzip.compress(news_page().encode()), headers={"Content-Encoding": "gzip"})
    result = run_cli("extract", url, "--allow-private")
    assert result.returncode == 0 and BODY[0] in result.stdout.decode()


def test_bad_pages(web, tmp_path):
    web.add("/pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    web.add("/png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    web.add("/json", b'{"a": 1}', content_type="application/json")
    web.add("/empty", b"")
    web.add("/noarticle", "<html><body><nav><a href='/'>Home</a> <a href='/b'>B</a></nav></body></html>")
    web.add("/huge", b"<html><body>" + b"<p>word word word</p>" * 600_000 + b"</body></html>")
    out = tmp_path / "x.txt"
    for path, message in [
        ("/pdf", "content type application/pdf is not an article"),
        ("/png", "content type image/png is not an article"),
        ("/json", "content type application/json is not an article"),
        ("/empty", "empty input"),
        ("/noarticle", "no article text"),
        ("/huge", "too large"),
        ("/nope", "HTTP 404"),
    ]:
        assert_clean_failure(run_cli("extract", web.url(path), "--allow-private", "-o", str(out)), message, out)


def test_malformed_html_still_extracts(tmp_path):
    broken = ("<html><body><div><p>" + BODY[0] + "<p>" + BODY[1] + "<div><b>" + BODY[4] + "</i></span>"
              "<p>" + BODY[5] + "<table><tr><td>")
    page = tmp_path / "broken.html"
    page.write_text(broken)
    result = run_cli("extract", str(page))
    assert result.returncode == 0, result.stderr
    assert BODY[0] in result.stdout.decode() and BODY[5] in result.stdout.decode()


def test_cached_page_is_served_when_the_site_is_gone(web):
    url = web.add("/gone", news_page())
    assert run_cli("extract", url, "--allow-private").returncode == 0
    web.close()  # the site (and any network) is gone
    # Hold the port, bound but not listening: connections to it are refused, and no other process
    # on this shared machine can take it meanwhile (one did once, and the fetch timed out instead).
    with socket.socket() as hold:
        hold.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        hold.bind(("127.0.0.1", urlsplit(url).port))
        again = run_cli("extract", url, "--allow-private", "--timeout", "2")
        assert again.returncode == 0, again.stderr.decode()
        assert BODY[0] in again.stdout.decode()
        refetch = run_cli("extract", url, "--allow-private", "--no-cache", "--timeout", "1")
        assert_clean_failure(refetch, "connection failed")


def test_a_retried_failure_names_its_first_cause_when_the_deadline_ends_the_retries(web):
    """A 503, then an attempt that outlives the deadline: the message leads with the server error (a
    refused connection retried until the limit ran out once read as a slow site: "timed out")."""
    from briefer.extraction import fetch_url

    def flaky(h):
        if web.hits["/flaky"] == 1:
            h.send_response(503)
            h.send_header("Content-Length", "0")
            h.end_headers()
        else:
            slow_route(5)(h)

    web.routes["/flaky"] = flaky
    with pytest.raises(FetchError) as err:
        fetch_url(web.url("/flaky"), timeout=1.5, allow_private=True)
    msg = str(err.value)
    assert msg.startswith(web.url("/flaky") + ": server error HTTP 503; retried, last attempt: timed out"), msg
    assert web.hits["/flaky"] == 2 and "\n" not in msg
