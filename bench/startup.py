"""Start-up of the command line, side by side with trafilatura's own CLI. Prints numbers; asserts nothing.

    .venv/bin/python bench/startup.py [--runs 15] [--page FILE.html[.gz]]

A newsroom's scripts call ``briefer extract`` once per page, so a process's start-up is most of
its cost. Measured: ``briefer --help`` against ``trafilatura --help``, and ``briefer extract
page.html`` against ``trafilatura -i page.html`` on the same page (default: a real news page of
median size from ``../shared/data/extraction/html``, gunzipped to a temp file), each run
``--runs`` times, *interleaved* (A B C D … A B C D …) so that the other tenants of a shared
machine slow all alike; medians reported, with ``python -c pass`` as the floor and ``-X
importtime``'s top imports of ``briefer --help`` to say where the time goes. The briefer measured
is this checkout's (``src/`` first on ``PYTHONPATH``), byte-compiled first (``compileall``, into
the git-ignored ``__pycache__``) as an installed package is: trafilatura's ``.pyc`` came with its
install, and with ``PYTHONDONTWRITEBYTECODE`` set a checkout would otherwise recompile every
module in every process. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGES = ROOT.parent / "shared" / "data" / "extraction" / "html"
PAGE = PAGES / "eb62ac8425e5573947ecde962d14433d18e5725cc4a8c908fe22f678e96a65a1.html.gz"  # median size, 21 kB gz
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}


def top_imports(n: int = 10) -> list[tuple[str, float]]:
    """Where ``from briefer.cli import main`` spends its time: self ms per package (-X importtime),
    briefer's own modules by sub-package, others by top-level name."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "from briefer.cli import main"],
                          capture_output=True, text=True, env=ENV)
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
    ap.add_argument("--page", type=Path, default=PAGE, help="an HTML page (.html or .html.gz) to extract")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "briefer")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        html_page = Path(tmp) / "page.html"
        raw = args.page.read_bytes()
        html_page.write_bytes(gzip.decompress(raw) if args.page.suffix == ".gz" else raw)
        cmds = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "briefer --help": [str(BIN / "briefer"), "--help"],
            "trafilatura --help": [str(BIN / "trafilatura"), "--help"],
            "briefer extract page.html": [str(BIN / "briefer"), "extract", str(html_page), "--no-cache"],
            "trafilatura -i page.html": [str(BIN / "trafilatura"), "-i", str(html_page)],
        }
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, cwd=tmp, env=ENV)
                times[name].append(time.perf_counter() - t0)
                if proc.returncode != 0:
                    sys.exit(f"{name} failed: {proc.stderr.decode()[-1500:]}")
    med = {k: statistics.median(v) for k, v in times.items()}
    ref = {"python -c pass": "trafilatura -i page.html", "briefer --help": "trafilatura --help",
           "trafilatura --help": "trafilatura --help", "briefer extract page.html": "trafilatura -i page.html",
           "trafilatura -i page.html": "trafilatura -i page.html"}
    print(f"start-up, median of {args.runs} interleaved runs each (page: {args.page.name}):")
    for name, m in med.items():
        print(f"  {name:28s} {m * 1000:7.0f} ms  ({m / med[ref[name]]:.2f}x {ref[name]}; "
              f"min {min(times[name]) * 1000:.0f} ms)")
    imports = top_imports()
    print("import time of briefer's CLI by package (self time, ms):")
    for name, ms in imports:
        print(f"  {name:40s} {ms:7.1f} ms")
    print(json.dumps({"runs": args.runs, "page": args.page.name, "median_s": {k: round(v, 4) for k, v in med.items()},
                      "help_to_trafilatura": round(med["briefer --help"] / med["trafilatura --help"], 3),
                      "extract_to_trafilatura": round(med["briefer extract page.html"]
                                                      / med["trafilatura -i page.html"], 3),
                      "top_imports_ms": dict(imports)}))


if __name__ == "__main__":
    main()
