"""Start-up of the command line, side by side with trafilatura's own CLI. Prints numbers; asserts nothing.

    .venv/bin/python bench/startup.py [--runs 15]

A newsroom's scripts call ``briefer extract`` once per page, so a process's start-up is most of
its cost. Measured: ``briefer --help``, ``briefer extract page.html`` and ``trafilatura -i
page.html`` (the same page: the seed article in a news-like layout), each run ``--runs`` times,
*interleaved* (A B C A B C …) so that the other tenants of a shared machine slow all three alike;
medians reported, with ``python -c pass`` as the floor and ``-X importtime``'s top imports of
``briefer --help`` to say where the time goes. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = ROOT.parent / "shared" / "data" / "articles" / "jpost-gallant-pentagon.txt"


def page(path: Path) -> None:
    """The seed article as a news page: navigation, paragraphs, an aside, a footer."""
    body = "\n".join(SEED.read_text().split("\n")[1:22])  # the article's paragraphs, as tests/ serve it
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    path.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>Seed article</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article><h1>Seed article</h1>
{paras}</article><aside><h3>Related</h3><ul><li><a href="/a">Another story</a></li></ul></aside></main>
<footer>Copyright 2024 Example News.</footer></body></html>""")


def top_imports(n: int = 10) -> list[tuple[str, float]]:
    """Where ``from briefer.cli import main`` spends its time: self ms per package (-X importtime),
    briefer's own modules by sub-package, others by top-level name."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "from briefer.cli import main"],
                          capture_output=True, text=True)
    totals: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].split(":")[-1].strip().isdigit():
            name = parts[2].strip().split(".")
            key = ".".join(name[:2]) if name[0] == "briefer" else name[0]
            totals[key] = totals.get(key, 0.0) + int(parts[0].split(":")[-1]) / 1000
    return sorted(totals.items(), key=lambda r: -r[1])[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        html_page = Path(tmp) / "page.html"
        page(html_page)
        cmds = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "briefer --help": [str(BIN / "briefer"), "--help"],
            "briefer extract page.html": [str(BIN / "briefer"), "extract", str(html_page), "--no-cache"],
            "trafilatura -i page.html": [str(BIN / "trafilatura"), "-i", str(html_page)],
        }
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, cwd=tmp)
                times[name].append(time.perf_counter() - t0)
                if proc.returncode != 0:
                    sys.exit(f"{name} failed: {proc.stderr.decode()[-1500:]}")
    med = {k: statistics.median(v) for k, v in times.items()}
    traf = med["trafilatura -i page.html"]
    print(f"start-up, median of {args.runs} interleaved runs each:")
    for name, m in med.items():
        print(f"  {name:28s} {m * 1000:7.0f} ms  ({m / traf:.2f}x trafilatura; min {min(times[name]) * 1000:.0f} ms)")
    imports = top_imports()
    print("import time of briefer's CLI by package (self time, ms):")
    for name, ms in imports:
        print(f"  {name:40s} {ms:7.1f} ms")
    print(json.dumps({"runs": args.runs, "median_s": {k: round(v, 4) for k, v in med.items()},
                      "help_to_trafilatura": round(med["briefer --help"] / traf, 3),
                      "extract_to_trafilatura": round(med["briefer extract page.html"] / traf, 3),
                      "top_imports_ms": dict(imports)}))


if __name__ == "__main__":
    main()
