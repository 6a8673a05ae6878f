"""Daily brief at scale (issue: Daily brief). Prints numbers; asserts nothing.

    .venv/bin/python bench/daily.py [--articles 500] [--latency 0.2] [--concurrency 32] [--profile] [--pages]

500 articles (FRANK's CNN/DM and XSum documents, written as files) briefed by ``briefer brief``
in a fresh process against a scripted OpenAI-compatible endpoint on 127.0.0.1 that takes
``--latency`` seconds per reply. Reports the first run's wall time against the ideal
articles × latency / concurrency, the process's peak memory, and a rerun's time and model calls
(the rerun should answer everything from the store). ``--profile`` adds a third, in-process run
under per-stage timers (see bench/daily_profile.py). The last line printed is one JSON object of
the figures, for programs (CI, docs/daily-profile.md, bench/scale_sim.py).

``--pages``: the articles are real web pages instead (the extraction benchmark's 151 HTML pages,
MIT, each once), served by an HTTP server on 127.0.0.1 and listed in a URL file, so that HTML
extraction (~15 ms of CPU a page, twice the brief's own) is part of the run.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import threading
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "summaries" / "frank_references.jsonl"
PAGES = ROOT.parent / "shared" / "data" / "extraction" / "html"

from briefer.testing import FakeOpenAI  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))


STARTS: list[float] = []  # time.time() at each run's start, for the timeline


def run(cmd: list[str]) -> tuple[float, int, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    STARTS.append(time.time())
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB; max over children so far
    if proc.returncode not in (0, 1):
        sys.exit(f"brief failed: {proc.stderr.decode()[-2000:]}")
    return wall, max(peak, before), json.loads(Path(cmd[cmd.index("-o") + 1]).read_text())


@contextlib.contextmanager
def serve_pages(pages: list[Path]):
    """The pages (gzipped HTML files) at http://127.0.0.1:PORT/<name>.html, for the run's duration."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    bodies = {"/" + p.name.removesuffix(".gz"): gzip.decompress(p.read_bytes()) for p in pages}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = bodies.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--executor", default=None, help="passed to briefer brief --executor (default: its own)")
    ap.add_argument("--profile", action="store_true", help="also brief once in-process under per-stage timers")
    ap.add_argument("--pages", action="store_true", help="real HTML pages over loopback HTTP instead of text files")
    args = ap.parse_args()
    exe = str(Path(sys.executable).parent / "briefer")
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(latency=args.latency) as fake, contextlib.ExitStack() as stack:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        if args.pages:
            pages = sorted(PAGES.glob("*.html.gz"))[: args.articles]
            rows = [p.name for p in pages]
            site = stack.enter_context(serve_pages(pages))
            source = Path(tmp) / "urls.txt"
            source.write_text("".join(f"{site}/{p.name.removesuffix('.gz')}\n" for p in pages))
            extra = ["--allow-private"]
        else:
            rows = [json.loads(line) for line in DATA.open()][: args.articles]
            for r in rows:
                (folder / f"{r['id']}.txt").write_text(r["document"])
            source, extra = folder, []
        base = [exe, "brief", str(source), *extra, "--store", f"{tmp}/store.sqlite", "--base-url", fake.base_url,
                "--model", "fake-large", "--api-key", "k", "--strategy", "extractive", "--no-cache",
                "--concurrency", str(args.concurrency), "--format", "json"]
        if args.executor:
            base += ["--executor", args.executor]
        ideal = len(rows) * args.latency / args.concurrency
        first, peak, data = run(base + ["-o", f"{tmp}/first.json"])
        calls = len(fake.requests)
        arrivals = [a - STARTS[0] for a in fake.arrivals[:calls]]
        second, _, again = run(base + ["-o", f"{tmp}/second.json"])
        print(f"{len(rows)} articles, {args.latency * 1000:.0f} ms per model reply, concurrency {args.concurrency}")
        print(f"first run:  {first:6.2f} s wall (ideal {ideal:.2f} s → {first / ideal:.2f}x); "
              f"{calls} model calls; {data['usage']['summarized']} briefs, {len(data['stories'])} stories; "
              f"in-process {data['usage']['seconds']:.2f} s")
        if arrivals:
            last_reply = arrivals[-1] + args.latency
            print(f"timeline:   first request at {arrivals[0]:.2f} s, request {min(32, calls)} at "
                  f"{arrivals[min(32, calls) - 1]:.2f} s; last reply {last_reply:.2f} s; "
                  f"{first - last_reply:.2f} s after it (stories, output, exit)")
        print(f"peak memory: {peak / 1024:.0f} MiB (max RSS of the brief process)")
        rerun_calls = len(fake.requests) - calls
        print(f"rerun:      {second:6.2f} s wall ({second / first:.1%} of the first); "
              f"{rerun_calls} model calls; {again['usage']['reused']} briefs reused")
        figures = {"articles": len(rows), "latency_s": args.latency, "concurrency": args.concurrency,
                   "ideal_s": round(ideal, 3), "first_s": round(first, 3), "ratio_to_ideal": round(first / ideal, 3),
                   "first_in_process_s": data["usage"]["seconds"], "model_calls": calls,
                   "tokens": data["usage"]["tokens"], "rerun_s": round(second, 3),
                   "rerun_fraction": round(second / first, 4), "rerun_model_calls": rerun_calls,
                   "peak_rss_mib": round(peak / 1024),
                   "first_request_s": round(arrivals[0], 3) if arrivals else None,
                   "after_last_reply_s": round(first - arrivals[-1] - args.latency, 3) if arrivals else None}
        if args.profile and not args.pages:
            from daily_profile import print_table

            before = len(fake.requests)
            out = subprocess.run([sys.executable, str(ROOT / "bench" / "daily_profile.py"), str(folder),
                                  f"{tmp}/profile.sqlite", fake.base_url, str(args.concurrency)],
                                 capture_output=True, check=True)
            prof = json.loads(out.stdout.decode().strip().splitlines()[-1])
            print(f"imports before any work (import briefer.cli): {prof['import_s']:.2f} s")
            print_table(prof["first"])
            print_table(prof["rerun"], "rerun")
            figures["profile"] = {**prof, "model_calls": len(fake.requests) - before}
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
