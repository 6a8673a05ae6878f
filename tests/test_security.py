"""Hostile input: what a feed, a URL list or a URL may make briefer do. Loopback only."""

from __future__ import annotations

import ipaddress
import json
import socket

import pytest
from hypothesis import given, strategies as st

from briefer.extraction import PageCache
from briefer.errors import FetchError, InputError
from briefer.extraction import check_url, fetch_url, public_address
from conftest import run_cli
from helpers import article_html

SECRET = "The vault code is 4711 and the launch password is swordfish, said nobody at all today."


def rss(links: list[str]) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>{u}</link></item>" for i, u in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def test_feed_links_to_local_files_are_refused(web, fake, seed_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    page = web.add("/a/ok", article_html(seed_path.read_text()))
    feed = tmp_path / "feed.xml"  # a local feed (named on the command line) whose items name local files
    feed.write_text(rss([str(secret), f"file://{secret}", "secret.txt", page]))
    out = tmp_path / "b.json"
    r = run_cli("brief", str(feed), "--store", str(tmp_path / "s.sqlite"), "--allow-private", "--no-cache",
                "--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", "extractive",
                "--format", "json", "-o", str(out), cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 1, err  # the brief is written; the refused links are failures
    data = json.loads(out.read_text())
    assert [a["location"] for a in data["articles"]] == [page]
    assert "swordfish" not in out.read_text() and "swordfish" not in json.dumps(fake.requests)
    assert err.count("not an http(s) URL; not read") == 3


# -- private addresses: every spelling, the address connected to, the cache ------------------------------

EMBEDDED_LOOPBACK = ["http://[64:ff9b::7f00:1]/", "http://[::7f00:1]/", "http://[2002:7f00:1::1]/",
                     "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
                     "http://[2002:a00:1::]/", "http://[::a00:1]:8080/"]


@pytest.mark.parametrize("url", EMBEDDED_LOOPBACK)
def test_ipv6_spellings_of_private_ipv4_are_refused(url):
    """NAT64, IPv4-compatible, 6to4 and mapped addresses reach the IPv4 inside them (checked, never connected)."""
    with pytest.raises(FetchError, match="non-public address"):
        check_url(url)


def test_a_public_ipv6_address_is_still_allowed_by_the_check():
    assert public_address(ipaddress.ip_address("2606:4700:4700::1111"))
    assert not public_address(ipaddress.ip_address("64:ff9b::a00:1"))


def test_connection_goes_to_the_checked_address_not_a_rebound_one(web, monkeypatch):
    """DNS rebinding: the name is public when checked and loopback a moment later. A resolver on
    loopback is not available to tests, so the system resolver is scripted for one made-up name."""
    port = web.httpd.server_address[1]
    web.add("/internal", "<html><body><p>internal admin page with many secret words in it</p></body></html>")
    real = socket.getaddrinfo
    calls = []

    def rebinding(host, *a, **kw):
        if host != "rebind.invalid":
            return real(host, *a, **kw)
        calls.append(host)
        ip = "93.184.216.34" if len(calls) == 1 else "127.0.0.1"  # public only for the first answer
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(f"http://rebind.invalid:{port}/internal", timeout=3)
    assert web.hits.get("/internal") is None


def test_a_page_cached_under_allow_private_is_not_served_without_it(web, tmp_path):
    url = web.add("/a", "<html><body><p>" + SECRET + "</p></body></html>")
    cache = PageCache(tmp_path / "pages.sqlite")
    try:
        assert b"swordfish" in fetch_url(url, allow_private=True, cache=cache).data
        with pytest.raises(FetchError, match="non-public address"):
            fetch_url(url, cache=cache)
        assert fetch_url(url, allow_private=True, cache=cache).data  # still cached for private runs
        assert web.hits["/a"] == 1
    finally:
        cache.close()


def test_credentials_in_urls_never_reach_output_or_errors(web, seed_path):
    port = web.httpd.server_address[1]
    web.add("/a", article_html(seed_path.read_text()))
    ok = run_cli("extract", f"http://reader:s3cr3t@127.0.0.1:{port}/a", "--allow-private", "--format", "json")
    assert ok.returncode == 0, ok.stderr.decode()
    assert json.loads(ok.stdout)["url"] == f"http://***@127.0.0.1:{port}/a"
    for url in (f"http://reader:s3cr3t@127.0.0.1:{port}/missing", "http://reader:s3cr3t@[::1/",
                "ftp://reader:s3cr3t@127.0.0.1/x"):
        bad = run_cli("extract", url, "--allow-private")
        assert bad.returncode in (2, 3) and b"***@" in bad.stderr, bad.stderr.decode()
        assert b"s3cr3t" not in bad.stdout + bad.stderr


@given(st.ip_addresses(v=4))
def test_every_ipv6_spelling_of_an_ipv4_address_is_judged_by_it(v4):
    public = public_address(v4)
    n = int(v4)
    for v6 in (n | 0xFFFF << 32, n, (0x64FF9B << 96) | n, (0x2002 << 112) | (n << 80)):
        if v6 > 1:  # ::, ::1 are themselves
            assert public_address(ipaddress.IPv6Address(v6)) == public, ipaddress.IPv6Address(v6)


@given(st.text(max_size=40))
def test_any_url_text_is_parsed_or_refused_with_one_line(text):
    for url in (text, "http://" + text, "https://[" + text):
        try:
            check_url(url, allow_private=True)
        except (InputError, FetchError) as exc:
            assert "\n" not in str(exc).strip() or "\n" in url


def test_page_fetches_share_one_tls_context_loaded_once(monkeypatch):
    """Every fetch builds its own transport; loading the CA bundle for each cost ~16 ms of CPU per
    page (more than extracting it). They share one context, which still verifies certificates."""
    import ssl

    import httpx

    from briefer.extraction import guarded_transport, tls_context

    tls_context.cache_clear()
    loads = []
    real = httpx.create_ssl_context
    monkeypatch.setattr(httpx, "create_ssl_context", lambda *a, **k: loads.append(1) or real(*a, **k))
    contexts = {id(guarded_transport()._pool._ssl_context) for _ in range(5)}
    assert len(contexts) == 1 and len(loads) == 1
    ctx = tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
