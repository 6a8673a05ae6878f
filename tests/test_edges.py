"""Honest output at the edges (issue 27): an empty brief is a failure, not "100% of 0"; feeds are
recognised past a BOM, comments, PIs and a DOCTYPE; a URL's credentials never reach a file.

Everything runs against real servers on 127.0.0.1: the scripted model (``FakeOpenAI``) and the
web server fixture, and the installed ``briefer`` command as a user runs it."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

import briefer
from briefer.extraction import PageCache
from briefer.daily.run import assemble
from briefer.daily.options import Options
from briefer.daily.outcome import Briefed
from briefer.daily.sources import ArticleRef, root_element
from briefer.daily.store import Store
from briefer.document import Document
from briefer.errors import ModelError, strip_userinfo
from briefer.evals.suite import score
from briefer.schemas import Brief, brief_json_schema
from briefer.testing import FakeOpenAI, completion, editor_reply
from conftest import run_cli
from helpers import article_html

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [json.loads(line) for line in (ROOT / "eval" / "datasets" / "ci.jsonl").read_text().splitlines()[1:4]]  # its first three FRANK rows
TEXT = ARTICLES[0]["text"]


def empty_draft(_request: dict) -> dict:
    """What the embedded 135M model answered for CNN/DM articles: a valid, empty draft."""
    return completion(json.dumps({"points": [], "actors": [], "questions": []}))


def model_args(fake: FakeOpenAI, strategy: str = "abstractive") -> list[str]:
    return ["--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", strategy]


# -- 1. an empty brief ----------------------------------------------------------------------------
def test_summarize_of_an_empty_draft_exits_4_with_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    out = tmp_path / "brief.md"
    with FakeOpenAI(empty_draft) as fake:
        r = run_cli("summarize", str(article), *model_args(fake), "-v", "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 4, err
    errors = [ln for ln in err.splitlines() if ln.startswith("briefer: error:")]
    assert errors == [err.splitlines()[-1]] and "the model produced nothing usable" in errors[0]
    assert "proposed no summary point" in errors[0] and "--strategy extractive" in errors[0]
    assert "grounding 0 of 0 items verified against the source (nothing to check)" in err  # -v
    assert "100%" not in err and "Traceback" not in err
    assert not out.exists() and r.stdout == b""  # nothing written as if it were a brief


def test_points_that_all_fail_verification_are_an_empty_brief_too(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)

    def invented(request: dict) -> dict:  # a point with a figure the article never gives, every time
        return completion(json.dumps({"points": [{"text": "The plan will cost 97 billion dollars.", "sentences": [0]}],
                                      "actors": [], "questions": []}))

    with FakeOpenAI(invented) as fake:
        r = run_cli("summarize", str(article), *model_args(fake), "--format", "json")
    err = r.stderr.decode()
    assert r.returncode == 4, err
    assert "none of its 1 summary point(s) could be verified against the source (first: " in err
    assert r.stdout == b""


def test_the_python_api_raises_empty_brief_and_keeps_what_came_back(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    with FakeOpenAI(empty_draft) as fake, pytest.raises(briefer.EmptyBrief) as caught:
        briefer.summarize(str(article), base_url=fake.base_url, model="fake-large", api_key="k",
                          strategy="abstractive", cache=False)
    exc = caught.value
    assert isinstance(exc, ModelError) and exc.exit_code == 4
    assert str(exc).startswith("the model produced nothing usable")
    brief = exc.brief
    assert brief.summary == [] and brief.grounding.rate is None and brief.grounding.checked == 0
    assert brief.usage.calls == 1  # what it cost is still there


def test_zero_of_zero_renders_as_such_and_validates_against_the_schema(tmp_path):
    from briefer.pipeline import render

    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    with FakeOpenAI(empty_draft) as fake, pytest.raises(briefer.EmptyBrief) as caught:
        briefer.summarize(str(article), base_url=fake.base_url, model="fake-large", api_key="k",
                          strategy="abstractive", cache=False)
    brief = caught.value.brief
    data = json.loads(render(brief, "json"))
    assert data["grounding"]["rate"] is None and data["grounding"]["checked"] == 0
    jsonschema.validate(data, brief_json_schema())
    md, html = render(brief, "md"), render(brief, "html")
    for text in (md, html):
        assert "0 of 0 items verified against the source (nothing to check)" in text and "100%" not in text
    schema = json.loads(run_cli("schema").stdout)  # ``briefer schema`` says rate may be null
    rate = schema["$defs"]["Grounding"]["properties"]["rate"]
    assert {"type": "null"} in rate["anyOf"] and "null" in rate["description"]
    assert "rate" in schema["$defs"]["Grounding"]["required"]


def test_a_brief_that_names_no_one_is_valid_and_says_so(tmp_path):
    """editor_reply copies sentences as points and names no actor: a legitimate brief, exit 0."""
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    with FakeOpenAI(editor_reply) as fake:
        r = run_cli("summarize", str(article), *model_args(fake))
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr.decode()
    actors = out.split("## Key actors", 1)[1].split("---", 1)[0]
    assert actors.strip() == "*None found in the source.*"
    checked = out.count("\n- ")
    assert f"Grounding: {checked} of {checked} items verified against the source (100%)" in out


def _brief(points: int, dropped: int = 0) -> Brief:
    ev = {"quote": "The council met.", "start": 0, "end": 16}
    return Brief.model_validate({
        "title": "t", "source": {}, "key_actors": [], "open_questions": [], "usage": {"total_tokens": 10},
        "summary": [{"text": "The council met.", "evidence": [ev]} for _ in range(points)],
        "grounding": {"rate": (points / (points + dropped)) if points + dropped else None, "checked": points + dropped,
                      "dropped": [{"kind": "point", "text": "x", "reason": "quote not found"}] * dropped},
    })


def test_eval_scores_an_empty_brief_as_failed_not_perfect():
    doc = Document(text="The council met. It approved the budget.")
    assert score(_brief(0), doc, [], {})["grounding_rate"] == 0.0  # "0 of 0": was 1.0
    assert score(_brief(0, dropped=2), doc, [], {})["grounding_rate"] == 0.0
    assert score(_brief(1, dropped=1), doc, [], {})["grounding_rate"] == 0.5
    assert score(_brief(2), doc, [], {})["grounding_rate"] == 1.0


def test_a_daily_brief_never_shows_an_empty_brief_as_a_story():
    ref_ok, ref_empty = ArticleRef("https://example.com/ok"), ArticleRef("https://example.com/empty")
    done = [Briefed(ref_ok, Document(text="The council met."), _brief(1), False),
            Briefed(ref_empty, Document(text="Nothing."), _brief(0, dropped=1), False)]
    daily = assemble(done, [], Options(), set(), 0.0)
    assert [a.location for a in daily.articles] == ["https://example.com/ok"]
    assert {i for s in daily.stories for i in s.articles} == {daily.articles[0].id}  # the one story is the good one
    assert [(f.source, f.stage) for f in daily.failed] == [("https://example.com/empty", "model")]
    assert "nothing usable" in daily.failed[0].error


def test_daily_brief_end_to_end_lists_the_empty_article_as_failed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLES[1]["text"])
    (folder / "silent.txt").write_text(ARTICLES[2]["text"])
    silent_words = ARTICLES[2]["text"].split(". ")[0][:40]

    def reply(request: dict) -> dict:
        user = [m["content"] for m in request["messages"] if m["role"] == "user"][0]
        return empty_draft(request) if silent_words in user else editor_reply(request)

    out = tmp_path / "daily.json"
    with FakeOpenAI(reply) as fake:
        r = run_cli("brief", str(folder), *model_args(fake), "--store", str(tmp_path / "s.sqlite"),
                    "--format", "json", "-o", str(out))
    assert r.returncode == 1, r.stderr.decode()  # partial, as with any failed article
    data = json.loads(out.read_text())
    assert [Path(a["location"]).name for a in data["articles"]] == ["good.txt"]
    assert {i for s in data["stories"] for i in s["articles"]} == {data["articles"][0]["id"]}
    assert [(Path(f["source"]).name, f["stage"]) for f in data["failed"]] == [("silent.txt", "model")]
    assert "silent.txt (model): the model produced nothing usable" in r.stderr.decode()


# -- 2. feed sniffing -----------------------------------------------------------------------------
COMMENT = "<!--\nDescription: a feed that opens with a comment, as feedparser's test corpus does\n-->\n"


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


# -- 3. credentials at rest ------------------------------------------------------------------------
USER, SECRET = "reader", "s3cretTOKEN"


def guarded(web, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
    """A route that answers only with the right Basic credentials (so a fetch must use them)."""
    want = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    data = body.encode()

    def handler(h):
        ok = h.headers.get("Authorization") == want
        h.send_response(200 if ok else 401)
        h.send_header("Content-Type", content_type if ok else "text/plain")
        h.send_header("Content-Length", str(len(data) if ok else 6))
        h.end_headers()
        h.wfile.write(data if ok else b"denied")

    web.routes[path] = handler


def files_holding(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_credentials_in_feed_urls_never_reach_the_store_or_the_cache(web, tmp_path, monkeypatch):
    creds = f"{USER}:{SECRET}@"
    base = web.url("").replace("http://", f"http://{creds}")
    guarded(web, "/private/a1", article_html(ARTICLES[0]["text"], "private one"))
    guarded(web, "/private/a2", article_html(ARTICLES[1]["text"], "private two"))
    guarded(web, "/private/feed.xml", COMMENT + '<rss version="2.0"><channel><title>p</title>'
            f'<item><title>p1</title><link>{base}/private/a1</link></item>'  # credentials in the link
            '<item><title>p2</title><link>a2</link></item>'  # relative: the feed URL's credentials
            '</channel></rss>', "application/rss+xml")
    store, out = tmp_path / "state" / "store.sqlite", tmp_path / "out" / "brief.json"
    args = ["brief", f"{base}/private/feed.xml", "--store", str(store), "--allow-private", "--format", "json"]
    with FakeOpenAI() as fake:
        first = run_cli(*args, "-o", str(out), *model_args(fake, "extractive"))
        assert first.returncode == 0, first.stderr.decode()
        assert web.hits["/private/a1"] == 1 and web.hits["/private/a2"] == 1  # fetched, with the credentials
        again = run_cli(*args, "-o", str(tmp_path / "out" / "again.json"), *model_args(fake, "extractive"))
        assert again.returncode == 0, again.stderr.decode()
    data = json.loads(out.read_text())
    assert sorted(a["title"] for a in data["articles"]) == ["private one", "private two"]
    assert all(a["new"] for a in data["articles"])
    rerun = json.loads((tmp_path / "out" / "again.json").read_text())
    assert not any(a["new"] for a in rerun["articles"])  # seen before: the store's keys match without userinfo
    cache = tmp_path / "cache"  # XDG_CACHE_HOME (conftest): the page cache, the response cache
    assert list(cache.rglob("pages.sqlite")), "the page cache was not written: the test would prove nothing"
    assert files_holding(tmp_path / "state", SECRET.encode()) == []
    assert files_holding(cache, SECRET.encode()) == []
    assert files_holding(tmp_path / "out", SECRET.encode()) == []
    with sqlite3.connect(store) as db:
        stored = {row[0] for row in db.execute("SELECT location FROM articles")}
    assert stored == {web.url("/private/a1"), web.url("/private/a2")}


def test_an_older_store_and_page_cache_are_cleaned_on_open(tmp_path):
    url = f"https://{USER}:{SECRET}@example.com/story"
    path = tmp_path / "old.sqlite"
    Store(path).close()  # the schema, then rows as a version before this one wrote them
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 0")
        db.execute("INSERT INTO articles VALUES (?, 'h', NULL, ?, 1e12)", (url, json.dumps({"text": "Old text."})))
        db.execute("INSERT INTO runs (id, started, finished) VALUES (1, 1, 2)")
        db.execute("INSERT INTO run_articles VALUES (1, ?)", (url,))
    db.close()
    assert files_holding(tmp_path, SECRET.encode())  # the bytes are there before
    store = Store(path)
    try:
        assert store.document_json(url) is not None  # found under the stripped key, with or without credentials
        assert store.holds(strip_userinfo(url))
        assert store.seen_before(2) == {"https://example.com/story"}
    finally:
        store.close()
    assert files_holding(tmp_path, SECRET.encode()) == []

    pages_path = tmp_path / "pages.sqlite"
    PageCache(pages_path).close()
    with sqlite3.connect(pages_path) as db:
        db.execute("PRAGMA user_version = 0")
        db.execute("INSERT INTO pages VALUES (?, ?, 'text/html', NULL, ?, 1e12)", (url, url, b"<p>page</p>"))
    db.close()
    pages = PageCache(pages_path)
    try:
        assert pages.get(url) is None  # dropped: a cache, refetched when next needed
        pages.put(url, url, "text/html", None, b"<p>again</p>")
        assert pages.get(strip_userinfo(url))["url"] == "https://example.com/story"
    finally:
        pages.close()
    assert files_holding(tmp_path, SECRET.encode()) == []
