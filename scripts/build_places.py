"""Build the list of places the people finder reads (src/briefer/data/names/places.txt).

Why: a club or a body is often named by a word and its town or country ("Levski Sofia", "Spartak
Moscow", "Statistics Canada", "Corporate America"). When such a run's only evidence of a person is
that its first word is no English word (``briefer.pipeline._names``), a place as its last word says
it is a club, a firm or an agency instead.

Sources:
* the IANA time zone database (public domain), as Python's ``zoneinfo`` reads it: the city of every
  zone in Europe, Asia, Africa, the Americas, Australia and the oceans, one word only ("Sofia",
  "Bucharest"; not "Buenos Aires");
* the English names of countries and territories in the Unicode CLDR (Unicode License v3), as
  Babel (BSD) carries them, one word only ("Canada", "Bulgaria"), and the common names the news
  uses that CLDR writes otherwise or no longer lists ("America", "Britain", "Zaire"), and the one-word
  US states and Canadian provinces that are nobody's name ("Texas", "Ontario"; ``COMMON``);
less region names and the words that are also surnames, given names or common words ("Davis",
"Mendoza", "Victoria", "Jordan", "Chad", "India", "Center": ``NOT_PLACES``).

    .venv/bin/python scripts/build_places.py

Writes the file sorted, one place a line (the tz release of the machine that runs it; the shipped
file was built from tzdata 2025b and Babel 2.19.0).
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "briefer" / "data" / "names" / "places.txt"
AREAS = ("Europe", "Asia", "Africa", "America", "Australia", "Pacific", "Atlantic", "Indian")
COMMON = frozenset(
    "America Britain England Scotland Wales Turkey Zaire Burma Yugoslavia Bosnia Macedonia Czechoslovakia Korea "
    "Africa Europe Asia Kyiv "
    # the one-word US states and Canadian provinces that are no one's given name or surname (not
    # Washington, Virginia, Georgia, Indiana, Montana, Tennessee, Carolina, Alberta)
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho Illinois Iowa "
    "Kansas Kentucky Louisiana Maryland Massachusetts Michigan Minnesota Mississippi Missouri Nebraska Nevada Ohio "
    "Oklahoma Oregon Pennsylvania Texas Utah Vermont Wisconsin Wyoming Ontario Quebec Manitoba".split()
)
NOT_PLACES = frozenset(
    "Center Central Continental East Eastern General Mountain North South Pacific Atlantic Davis Palmer Knox "
    "Darwin Stanley Johnston Casey Mawson Currie Rothera Lindeman Dawson Marengo Monticello Creston Beulah "
    "Regina Resolute Chatham Macquarie Troll Vostok Syowa Midway Wake Easter Christmas Vincennes "
    "Winamac Menominee Acre Adak Atka Comoro Cocos Chagos Canary Madeira Azores Aleutian Arizona Alaska "
    "Hawaii Michigan Samoa Saskatchewan Newfoundland Queensland Yukon Mahe Kerguelen Reunion Mayotte ACT LHI NSW "
    "West Virgin Victoria Oral Lima Mendoza Cordoba Merida Santiago Rosario Chad Georgia Jordan Israel India Kenya "
    "Sark Eurozone Antarctica".split()
)


def places() -> list[str]:
    from babel import Locale

    out = set(COMMON)
    for code, name in Locale("en").territories.items():
        if code.isalpha() and name.isalpha() and name.isascii():
            out.add(name)
    for zone in zoneinfo.available_timezones():
        parts = zone.split("/")
        if len(parts) < 2 or parts[0] not in AREAS:
            continue
        city = parts[-1]
        if "_" not in city and "-" not in city and city.isalpha() and city[0].isupper() and city not in NOT_PLACES:
            out.add(city)
    return sorted((out - NOT_PLACES) | COMMON)


def main() -> None:
    words = places()
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} places -> {OUT}")


if __name__ == "__main__":
    main()
