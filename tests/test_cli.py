"""The command line as a user runs it: real subprocesses, a real web server and endpoint on 127.0.0.1."""

from __future__ import annotations

import json
import socket

import jsonschema
import pytest

from conftest import redirect_loop, run_cli, slow_route
from briefer.testing import FakeOpenAI, Reply
from helpers import article_html


def endpoint_args(fake, *extra):
    return ["--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", *extra]


def assert_clean_failure(result, message, out_file=None):
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("briefer: error:")]
    assert len(lines) == 1 and message in lines[0], err
    if out_file is not None:
        assert not out_file.exists()
        assert not list(out_file.parent.glob(f".{out_file.name}*"))


def test_schema_command_prints_a_valid_json_schema():
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == {"title", "source", "summary", "key_actors", "open_questions", "grounding", "usage"}


def test_url_to_json_file(web, fake, seed_path, tmp_path):
    body = "\n".join(seed_path.read_text().split("\n")[1:22])
    url = web.add("/news/gallant.html", article_html(body, "Gallant meets Austin at the Pentagon"))
    out = tmp_path / "brief.json"
    result = run_cli("summarize", url, "--format", "json", "-o", str(out), "--allow-private",
                     *endpoint_args(fake, "--strategy", "extractive"))
    assert result.returncode == 0, result.stderr
    brief = json.loads(out.read_text())
    jsonschema.validate(brief, json.loads(run_cli("schema").stdout))
    assert brief["source"]["url"] == url and brief["title"] == "Gallant meets Austin at the Pentagon"
    assert brief["summary"] and brief["key_actors"]


def test_stdin_markdown_and_html_outputs(fake, seed_path, tmp_path):
    data = seed_path.read_bytes()
    md = run_cli("summarize", "-", *endpoint_args(fake, "--strategy", "extractive"), stdin=data)
    assert md.returncode == 0, md.stderr
    text = md.stdout.decode()
    assert text.startswith("# Gallant:") and "## Key actors" in text and "“" in text
    out = tmp_path / "b.html"
    html = run_cli("summarize", str(seed_path), "--format", "html", "-o", str(out), "-v",
                   *endpoint_args(fake, "--strategy", "extractive"))
    assert html.returncode == 0
    page = out.read_text()
    assert page.startswith("<!doctype html>") and "<style>" in page and "Yoav Gallant" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0].replace("http-equiv", "")
    assert "tokens" in html.stderr.decode() and "cached" in html.stderr.decode()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty input"),
        ("doc.pdf", b"%PDF-1.4\n1 0 obj\n", "is a PDF"),
        ("blob.bin", bytes(range(256)) * 4, "binary"),
        ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        ("missing.txt", None, "no such file"),
    ],
)
def test_bad_files(tmp_path, fake, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    out = tmp_path / "out.json"
    result = run_cli("summarize", str(path), "-o", str(out), *endpoint_args(fake))
    assert_clean_failure(result, message, out)


def test_bad_urls(web, fake, tmp_path):
    web.routes["/slow"] = slow_route(3)
    web.routes["/loop"] = redirect_loop
    web.add("/big", b"<html><body>" + b"<p>word </p>" * 600_000 + b"</body></html>")
    out = tmp_path / "o.md"
    cases = [
        (web.url("/missing"), "HTTP 404"),
        (web.url("/slow"), "timed out"),
        (web.url("/loop"), "too many redirects"),
        (web.url("/big"), "too large"),
        ("ftp://127.0.0.1/file.txt", "unsupported URL scheme 'ftp'"),
    ]
    for url, message in cases:
        result = run_cli("summarize", url, "-o", str(out), "--timeout", "1", "--allow-private", *endpoint_args(fake))
        assert_clean_failure(result, message, out)
    refused = run_cli("summarize", web.add("/ok", "<p>hello</p>"), "-o", str(out), *endpoint_args(fake))
    assert_clean_failure(refused, "non-public address 127.0.0.1", out)


def test_model_endpoint_failures(seed_path, tmp_path):
    out = tmp_path / "o.md"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = run_cli("summarize", str(seed_path), "-o", str(out), "--base-url", f"http://127.0.0.1:{port}/v1",
                   "--model", "m", "--timeout", "1")
    assert_clean_failure(down, "cannot reach model endpoint", out)
    with FakeOpenAI(api_key="right") as fake:
        wrong_key = run_cli("summarize", str(seed_path), "-o", str(out), "--base-url", fake.base_url,
                            "--model", "fake-large", "--api-key", "wrong")
        assert_clean_failure(wrong_key, "rejected the API key", out)
        missing = run_cli("summarize", str(seed_path), "-o", str(out), "--base-url", fake.base_url,
                          "--model", "gpt-9", "--api-key", "right")
        assert_clean_failure(missing, "model 'gpt-9' not found", out)


def test_failed_run_keeps_existing_output(fake, seed_path, tmp_path):
    out = tmp_path / "brief.md"
    out.write_text("previous brief\n")
    fake.script(*[Reply(500, {"error": {"message": "down"}})] * 10)
    result = run_cli("summarize", str(seed_path), "-o", str(out), "--no-cache", *endpoint_args(fake))
    assert result.returncode != 0 and "HTTP 500" in result.stderr.decode()
    assert out.read_text() == "previous brief\n"


def test_config_file_and_env(fake, seed_path, tmp_path, monkeypatch):
    cfg = tmp_path / "config" / "briefer.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'base_url = "{fake.base_url}"\nmodel = "fake-large"\nstrategy = "extractive"\n')
    result = run_cli("summarize", str(seed_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["usage"]["model"] == "fake-large"
    cfg.write_text("colour = 'blue'\n")
    assert_clean_failure(run_cli("summarize", str(seed_path)), "unknown setting(s) colour")


def test_bad_local_model_path(seed_path, tmp_path):
    bad = tmp_path / "model.gguf"
    bad.write_text("not a model")
    assert_clean_failure(run_cli("summarize", str(seed_path), "--model-path", str(bad)), "cannot load model")
    assert_clean_failure(run_cli("summarize", str(seed_path), "--model-path", str(tmp_path / "none.gguf")),
                         "model file not found")


def test_summarize_reports_extraction_warnings(fake, tmp_path):
    story = tmp_path / "cafe.txt"
    story.write_bytes(("Caf\u00e9 owners in Lyon said on Monday that the new rules will hurt business badly. "
                       "The mayor\u2019s office said it would review the rules next month after complaints. "
                       "Owners plan a protest on Friday if nothing changes, their association said.").encode("cp1252"))
    result = run_cli("summarize", str(story), "--format", "json", *endpoint_args(fake, "--strategy", "extractive"))
    assert result.returncode == 0, result.stderr.decode()
    assert "briefer: warning:" in result.stderr.decode() and "decoded as cp1252" in result.stderr.decode()
    assert "Café owners" in json.loads(result.stdout)["summary"][0]["text"]
