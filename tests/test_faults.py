"""Faults outside briefer's control (endpoint down, bad output path, bad answers): each is a
one-line error with the documented exit code, and nothing partial is written. Loopback only."""

from __future__ import annotations

from conftest import run_cli
from briefer.testing import Reply
from helpers import article_html


def model_args(fake) -> list[str]:
    return ["--base-url", fake.base_url, "--model", "fake-large", "--api-key", "k", "--strategy", "extractive"]


def one_line_error(r) -> str:
    err = r.stderr.decode()
    assert "Traceback" not in err, err
    return err


def test_every_article_failing_at_the_model_exits_4_and_keeps_the_old_brief(web, fake, seed_path, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(web.add(f"/a/{i}", article_html(seed_path.read_text(), f"Story {i}"))
                              for i in range(2)) + "\n")
    out = tmp_path / "brief.md"
    out.write_text("yesterday's brief\n")
    fake.script(*[Reply(400, {"error": {"message": "model is broken", "type": "invalid_request_error"}})] * 10)
    r = run_cli("brief", str(urls), "-o", str(out), "--store", str(tmp_path / "s.sqlite"), "--allow-private",
                "--no-cache", *model_args(fake))
    err = one_line_error(r)
    assert r.returncode == 4, err
    assert out.read_text() == "yesterday's brief\n"
    assert "failed for all 2 article(s)" in err and err.count("(model):") == 2
