"""Build the list of cities the people finder reads (src/briefer/data/names/cities.txt).

Why: a club is often named by a word and its town ("Levski Sofia", "Spartak Moscow", "Steaua
Bucharest"). When such a run's only evidence of a person is that its first word is no English word
(``briefer.pipeline._names``), a town as its last word says it is a club or a firm instead.

Source: the IANA time zone database (public domain), as Python's ``zoneinfo`` reads it: the city of
every zone in Europe, Asia, Africa, the Americas, Australia and the oceans, one word only ("Sofia",
"Bucharest"; not "Buenos Aires"), less region names and the few that are also surnames or common
words or given names ("Davis", "Palmer", "Darwin", "Mendoza", "Victoria", "Center": ``NOT_TOWNS``).

    .venv/bin/python scripts/build_cities.py

Writes the file sorted, one city a line (the tz release of the machine that runs it; the shipped
file was built from tzdata 2025b).
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "briefer" / "data" / "names" / "cities.txt"
AREAS = ("Europe", "Asia", "Africa", "America", "Australia", "Pacific", "Atlantic", "Indian")
NOT_TOWNS = frozenset(
    "Center Central Continental East Eastern General Mountain North South Pacific Atlantic Davis Palmer Knox "
    "Darwin Stanley Johnston Casey Mawson Currie Rothera Lindeman Dawson Marengo Monticello Creston Beulah "
    "Regina Resolute Chatham Macquarie Troll Vostok Syowa Midway Wake Easter Christmas Vincennes "
    "Winamac Menominee Acre Adak Atka Comoro Cocos Chagos Canary Madeira Azores Aleutian Arizona Alaska "
    "Hawaii Michigan Samoa Saskatchewan Newfoundland Queensland Yukon Mahe Kerguelen Reunion Mayotte ACT LHI NSW "
    "West Virgin Victoria Oral Lima Mendoza Cordoba Merida Santiago Rosario".split()
)


def cities() -> list[str]:
    out = set()
    for zone in zoneinfo.available_timezones():
        parts = zone.split("/")
        if len(parts) < 2 or parts[0] not in AREAS:
            continue
        city = parts[-1]
        if "_" not in city and "-" not in city and city.isalpha() and city[0].isupper() and city not in NOT_TOWNS:
            out.add(city)
    return sorted(out)


def main() -> None:
    words = cities()
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} cities -> {OUT}")


if __name__ == "__main__":
    main()
