"""Build the Office of the Historian (OOH) travel and visit tables of the book.

Reads the public-domain XML of the US Department of State, Office of the Historian
(GitHub repositories ``HistoryAtState/travels`` and ``HistoryAtState/visits``, copied to
``data/sources`` in the repository) and writes three complete CSV tables to ``data/``:

* ``president_trips.csv``       one row per ``<trip>`` in ``ooh-travels/president-travels/*.xml``
* ``secretary_trips.csv``       one row per ``<trip>`` in ``ooh-travels/secretary-travels/*.xml``
* ``foreign_leader_visits.csv`` one row per ``<visit>`` in ``ooh-visits/data/*.xml``

Every record is kept with its OOH id (column ``id``).  Text is whitespace-normalised
(runs of whitespace, including line breaks and non-breaking spaces, become one space;
leading/trailing whitespace is removed) but otherwise left exactly as in the source.
Rows are sorted by ``start_date`` and then by numeric ``id``, so the output is
byte-identical on every run.

Afterwards the script updates only its own three resources in ``data/datapackage.json``
(read-modify-write: schema, sources, licence, sha256 hash, byte size, quirks, guidance).
Each documented quirk names example ids and carries a check; the build fails if a check
no longer holds against the source, so the documentation cannot silently go stale.

Usage (from the repository root)::

    .venv/bin/python scripts/build_ooh_tables.py
    .venv/bin/python scripts/build_ooh_tables.py --source /path/to/data-sources
    .venv/bin/python scripts/build_ooh_tables.py --out /tmp/check --no-datapackage

The tests in ``tests/test_ooh_tables.py`` call :func:`build_tables` and compare its
bytes with the committed CSV files, so hand edits to the CSVs make the tests fail.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO / "data" / "sources"
DATA_DIR = REPO / "data"

Row = dict[str, str]
Table = Mapping[str, Row]  # rows indexed by id
Check = Callable[[Table], bool]

TRIP_COLUMNS: tuple[str, ...] = (
    "id",
    "role",
    "who",
    "name",
    "start_date",
    "end_date",
    "country_id",
    "country",
    "locale",
    "remarks",
)
VISIT_COLUMNS: tuple[str, ...] = (
    "id",
    "start_date",
    "end_date",
    "visitor",
    "from_id",
    "from_name",
    "description",
)
TRIP_ELEMENTS: tuple[str, ...] = (
    "id",
    "role",
    "name",
    "start-date",
    "end-date",
    "country",
    "locale",
    "remarks",
    "created-by",
    "created-datetime",
    "last-modified-by",
    "last-modified-datetime",
)
VISIT_ELEMENTS: tuple[str, ...] = (
    "id",
    "start-date",
    "end-date",
    "visitor",
    "from",
    "description",
    "created-by",
    "created-datetime",
    "last-modified-by",
    "last-modified-datetime",
)
SLUG_PATTERN = "^[a-z]+(-[a-z]+)*$"
ID_PATTERN = re.compile(r"[0-9]+")

PRESIDENT = "president_trips"
SECRETARY = "secretary_trips"
VISITS = "foreign_leader_visits"

TRAVELS_SECRETARY_INTRO = (
    "https://webarchive.library.unt.edu/web/20120915154031/"
    "http://history.state.gov/departmenthistory/travels/secretary"
)
VISITS_NOTES = (
    "https://github-wiki-see.page/m/HistoryAtState/visits/wiki/Notes-to-previous-editions"
)


class SourceError(ValueError):
    """The XML does not have the structure this script relies on."""


def norm(text: str | None) -> str:
    """Collapse every run of whitespace (any Unicode space) to one space and strip."""
    return " ".join((text or "").split())


def _one(record: ET.Element, tag: str, where: str) -> ET.Element:
    found = record.findall(tag)
    if len(found) != 1:
        raise SourceError(f"{where}: expected exactly one <{tag}>, found {len(found)}")
    return found[0]


def _check_children(record: ET.Element, expected: Sequence[str], where: str) -> None:
    tags = [child.tag for child in record]
    if sorted(tags) != sorted(expected):
        raise SourceError(f"{where}: unexpected child elements {tags}")
    for child in record:
        if len(child):
            raise SourceError(f"{where}: <{child.tag}> has nested elements")


def _date(value: str, where: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise SourceError(f"{where}: not an ISO date: {value!r}") from exc
    if len(value) != 10:
        raise SourceError(f"{where}: not a YYYY-MM-DD date: {value!r}")
    return value


def read_role_codes(source: Path) -> list[str]:
    """Return the role values of ``ooh-travels/code-tables/travel-role-codes.xml``."""
    root = ET.parse(source / "ooh-travels" / "code-tables" / "travel-role-codes.xml").getroot()
    return [norm(item.findtext("value")) for item in root.iter("item")]


def read_trips(folder: Path, role: str) -> list[Row]:
    """Read every ``<trip>`` of the ``*.xml`` files in ``folder`` (one file per person)."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        if root.tag != "trips":
            raise SourceError(f"{path}: root element is <{root.tag}>, not <trips>")
        for record in root:
            where = f"{path.name}: <{record.tag}> #{len(rows) + 1}"
            if record.tag != "trip":
                raise SourceError(f"{where}: unexpected element")
            _check_children(record, TRIP_ELEMENTS, where)
            trip_id = norm(_one(record, "id", where).text)
            where = f"{path.name}: trip {trip_id}"
            if not ID_PATTERN.fullmatch(trip_id):
                raise SourceError(f"{where}: id is not an integer")
            who = record.get("who", "")
            if who != path.stem:
                raise SourceError(f"{where}: who={who!r} differs from the file name")
            role_text = norm(_one(record, "role", where).text)
            if record.get("role") != role or role_text != role:
                raise SourceError(f"{where}: role is not {role!r}")
            country = _one(record, "country", where)
            country_id = country.get("id", "")
            if not re.fullmatch(SLUG_PATTERN, country_id):
                raise SourceError(f"{where}: odd country id {country_id!r}")
            rows.append(
                {
                    "id": trip_id,
                    "role": role,
                    "who": who,
                    "name": norm(_one(record, "name", where).text),
                    "start_date": _date(norm(_one(record, "start-date", where).text), where),
                    "end_date": _date(norm(_one(record, "end-date", where).text), where),
                    "country_id": country_id,
                    "country": norm(country.text),
                    "locale": norm(_one(record, "locale", where).text),
                    "remarks": norm(_one(record, "remarks", where).text),
                }
            )
    return rows


def read_visits(folder: Path) -> list[Row]:
    """Read every ``<visit>`` of the ``*.xml`` files in ``folder`` (one file per decade)."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        if root.tag != "visits":
            raise SourceError(f"{path}: root element is <{root.tag}>, not <visits>")
        for record in root:
            where = f"{path.name}: <{record.tag}> #{len(rows) + 1}"
            if record.tag != "visit":
                raise SourceError(f"{where}: unexpected element")
            _check_children(record, VISIT_ELEMENTS, where)
            visit_id = norm(_one(record, "id", where).text)
            where = f"{path.name}: visit {visit_id}"
            if not ID_PATTERN.fullmatch(visit_id):
                raise SourceError(f"{where}: id is not an integer")
            origin = _one(record, "from", where)
            from_id = origin.get("id", "")
            if not re.fullmatch(SLUG_PATTERN, from_id):
                raise SourceError(f"{where}: odd from id {from_id!r}")
            rows.append(
                {
                    "id": visit_id,
                    "start_date": _date(norm(_one(record, "start-date", where).text), where),
                    "end_date": _date(norm(_one(record, "end-date", where).text), where),
                    "visitor": norm(_one(record, "visitor", where).text),
                    "from_id": from_id,
                    "from_name": norm(origin.text),
                    "description": norm(_one(record, "description", where).text),
                }
            )
    return rows


def sort_rows(rows: Sequence[Row]) -> list[Row]:
    """Sort by start date, then numeric id (ids are unique, so the order is total)."""
    return sorted(rows, key=lambda row: (row["start_date"], int(row["id"])))


def index_rows(rows: Sequence[Row], name: str) -> dict[str, Row]:
    """Index rows by id; raise if an id occurs twice (the id must be a primary key)."""
    by_id: dict[str, Row] = {}
    for row in rows:
        if row["id"] in by_id:
            raise SourceError(f"{name}: duplicate id {row['id']}")
        by_id[row["id"]] = row
    return by_id


def render_csv(rows: Sequence[Row], columns: Sequence[str]) -> bytes:
    """Render rows as UTF-8 CSV with a header row and LF line endings."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------- quirks


@dataclass(frozen=True)
class Quirk:
    """A documented trap in a table, with the ids that show it and a check that it holds."""

    text: str
    examples: tuple[str, ...]
    check: Check

    def render(self) -> str:
        """Return the quirk as shown in datapackage.json, with its example ids."""
        label = "example: id" if len(self.examples) == 1 else "examples: ids"
        return f"{self.text} ({label} {', '.join(self.examples)})"


def has(row_id: str, **expected: str) -> Check:
    """Check that row ``row_id`` exists and has exactly these field values."""

    def check(table: Table) -> bool:
        row = table.get(row_id)
        return row is not None and all(row[key] == value for key, value in expected.items())

    return check


def mentions(row_id: str, field: str, text: str) -> Check:
    """Check that field ``field`` of row ``row_id`` contains ``text``."""

    def check(table: Table) -> bool:
        row = table.get(row_id)
        return row is not None and text in row[field]

    return check


def count(predicate: Callable[[Row], bool], expected: int) -> Check:
    """Check that exactly ``expected`` rows satisfy ``predicate``."""

    def check(table: Table) -> bool:
        return sum(1 for row in table.values() if predicate(row)) == expected

    return check


def same_except_id(first: str, second: str) -> Check:
    """Check that two rows are identical apart from their ids."""

    def check(table: Table) -> bool:
        a, b = table.get(first), table.get(second)
        if a is None or b is None:
            return False
        return {k: v for k, v in a.items() if k != "id"} == {
            k: v for k, v in b.items() if k != "id"
        }

    return check


def every(*checks: Check) -> Check:
    """Combine checks: all must hold."""

    def check(table: Table) -> bool:
        return all(item(table) for item in checks)

    return check


PRESIDENT_ELECT = "[Visit made as President-elect.]"

TRIP_QUIRKS_COMMON_INTRO = (
    "The Office of the Historian's introduction to the Secretary's travels "
    f"({TRAVELS_SECRETARY_INTRO}) states this rule (visits to dependent territories under "
    "the country holding sovereignty at the time; countries that no longer exist under the "
    "successor state; days at sea in international waters not covered); the examples "
    "show it in this table"
)

PRESIDENT_QUIRKS: tuple[Quirk, ...] = (
    Quirk(
        "country_id 'russia' covers both the Soviet Union and the Russian Federation; only "
        "the country label ('U.S.S.R.' or 'Russia') tells them apart, so filter on the label, "
        "not on the id",
        ("2730", "2957"),
        every(
            has("2730", country_id="russia", country="U.S.S.R.", locale="Yalta"),
            has("2957", country_id="russia", country="U.S.S.R.", locale="Moscow"),
        ),
    ),
    Quirk(
        "Soviet-era rows coded 'russia' include places in other Soviet republics that are "
        "now separate states (Kiev, Ukraine; Minsk, Belarus) and places in Crimea (Yalta, "
        "Oreanda); do not read 'russia' as present-day Russia",
        ("2847", "2860"),
        every(
            has("2847", country_id="russia", locale="Moscow, Leningrad, Kiev"),
            has("2860", country_id="russia", locale="Moscow, Minsk, Oreanda"),
        ),
    ),
    Quirk(
        "country_id is the sovereign power at the time: colonies, dominions and dependent "
        "territories are under 'united-kingdom' (The Bahamas, Jamaica, Trinidad, "
        "Newfoundland, The Gambia, Malta, Bermuda) or 'france' (Algeria, Senegal), so the "
        "locale can name what is now a different country. " + TRIP_QUIRKS_COMMON_INTRO,
        ("2711", "2732", "2708"),
        every(
            has("2711", country_id="united-kingdom", locale="Bathurst (The Gambia)"),
            has("2732", country_id="france", locale="Algiers (Algeria)"),
            has("2708", country_id="united-kingdom", locale="Argentia (Newfoundland)"),
        ),
    ),
    Quirk(
        "The country label is the name used at the time and varies within one country_id "
        "('germany' is labelled 'Germany' or 'Germany, Federal Republic of'; 'korea-south' "
        "'Korea, Republic of' or 'Korea, South'; 'china' 'China' or 'China, People\u2019s Republic "
        "of'; 'kosovo' 'Yugoslavia (Kosovo)' or 'Serbia-Montenegro (Kosovo)'). 'germany' "
        "covers pre-1945, occupied, West and reunified Germany, and Cold War West Berlin "
        "rows are labelled plain 'Germany'",
        ("2787", "2734"),
        every(
            has("2787", country_id="germany", country="Germany", locale="West Berlin"),
            has("2734", country_id="germany", country="Germany", locale="Potsdam"),
        ),
    ),
    Quirk(
        f"17 rows are trips made before taking office, marked only in remarks with "
        f"'{PRESIDENT_ELECT}'; they are filed under the president",
        ("2911",),
        every(
            mentions("2911", "remarks", PRESIDENT_ELECT),
            count(lambda row: PRESIDENT_ELECT in row["remarks"], 17),
        ),
    ),
    Quirk(
        "locale is free text: several places are separated by commas in the order visited, "
        "but a single place can itself contain a comma ('Mexico, D.F.'), so it cannot be "
        "split reliably and was left as in the source",
        ("2736",),
        has("2736", locale="Mexico, D.F."),
    ),
    Quirk(
        "locale is empty for visits to the Holy See (country label 'Vatican City')",
        ("2920",),
        every(
            has("2920", country_id="holy-see", country="Vatican City", locale=""),
            count(lambda row: row["locale"] == "", 21),
        ),
    ),
    Quirk(
        "locale can name a bay, lake or canal next to a city ('Valletta, Marsaxlokk Bay'; "
        "'Great Bitter Lake, Suez Canal, Alexandria'); the records do not say whether a "
        "meeting took place on board ship",
        ("2335", "2731"),
        every(
            has("2335", country_id="malta", locale="Valletta, Marsaxlokk Bay"),
            has("2731", country_id="egypt", locale="Great Bitter Lake, Suez Canal, Alexandria"),
        ),
    ),
    Quirk(
        "A row is a stay in one country, not a journey: one journey abroad is split into "
        "one row per country, consecutive rows share travel days, and a row can lie inside "
        "another (4050, an audience in Rome on 1919-01-04, lies inside 2661, Italy "
        "1919-01-01 to 1919-01-06)",
        ("4050", "2661"),
        every(
            has("4050", start_date="1919-01-04", end_date="1919-01-04", country_id="italy"),
            has("2661", start_date="1919-01-01", end_date="1919-01-06", country_id="italy"),
        ),
    ),
    Quirk(
        "start_date/end_date cover the time in that country only; remarks may give other "
        "dates (departure from or return to the US, or the days of a summit inside the stay)",
        ("2664", "2335"),
        every(
            has("2664", start_date="1919-03-14"),
            mentions("2664", "remarks", "Departed the U.S. March 5"),
            mentions("2335", "remarks", "(December 2-3)"),
        ),
    ),
    Quirk(
        "Two ids can describe the same stay (same president, dates and country) with "
        "different remarks",
        ("4118", "4119"),
        every(
            has("4118", who="biden-joseph-r", start_date="2021-11-01", locale="Glasgow"),
            has("4119", who="biden-joseph-r", start_date="2021-11-01", locale="Glasgow"),
        ),
    ),
    Quirk(
        "ids are neither chronological nor contiguous (4050 is dated 1919, 3894 is dated "
        "1937); ids are unique within this table but the same numbers are reused in "
        "foreign_leader_visits, so never join the two tables on id",
        ("4050", "3894"),
        every(has("4050", start_date="1919-01-04"), has("3894", start_date="1937-09-30")),
    ),
)

SECRETARY_QUIRKS: tuple[Quirk, ...] = (
    Quirk(
        "country_id 'russia' covers both the Soviet Union and the Russian Federation; only "
        "the country label ('U.S.S.R.' or 'Russia') tells them apart. The label 'U.S.S.R.' "
        "is still used for trips in early 1992, after the Soviet Union had dissolved",
        ("977", "459"),
        every(
            has("977", country_id="russia", country="U.S.S.R.", locale="Moscow"),
            has("459", country_id="russia", country="U.S.S.R.", start_date="1992-01-27"),
        ),
    ),
    Quirk(
        "Soviet-era rows coded 'russia' include places in other Soviet republics that are "
        "now separate states (Kiev, Ukraine; 'Tblisi' [sic], Georgia; Alma Ata, Kazakhstan; "
        "Minsk, Belarus) and in Crimea (Simferopol, Yalta); do not read 'russia' as "
        "present-day Russia",
        ("2144", "429"),
        every(
            has("2144", country_id="russia", locale="Moscow, Kiev, Tblisi"),
            has("429", country_id="russia", locale="Moscow, St. Petersburg, Alma Ata"),
        ),
    ),
    Quirk(
        "country_id is the sovereign power at the time, so the locale can name a different "
        "present-day country (Havana under 'spain' in 1866, the Virgin Islands under "
        "'denmark', Algeria and Senegal under 'france', Trinidad and Jamaica under "
        "'united-kingdom'). " + TRIP_QUIRKS_COMMON_INTRO,
        ("1917", "967"),
        every(
            has("1917", country_id="spain", locale="Havana (Cuba)"),
            has("967", country_id="france", locale="Algiers (Algeria)"),
        ),
    ),
    Quirk(
        "The same country has more than one id: 'czech-republic' and 'czechia', 'turkey' "
        "and 'turkiye', 'macedonia' and 'north-macedonia', 'congo-democratic-republic' and "
        "'congo-kinshasa'; Ramallah is under 'palestinian-authority' up to 2021 and under "
        "'west-bank' from 2022. Merge ids before counting by country",
        ("3952", "4125", "3480", "4062"),
        every(
            has("3952", country_id="czechia"),
            has("4125", country_id="turkiye"),
            has("3480", country_id="congo-kinshasa", locale="Kinshasa"),
            has("4062", country_id="west-bank", locale="Ramallah"),
            has("4004", country_id="palestinian-authority", locale="Ramallah"),
        ),
    ),
    Quirk(
        "The country label is the name used at the time and varies within one country_id "
        "(e.g. 'Kirghizia', 'Kyrgyz Republic' and 'Kyrgyzstan'; 'Byelorussia' and 'Belarus'; "
        "'Ceylon' and 'Sri Lanka'; 'Serbia-Montenegro (Kosovo)' and 'Kosovo'; 'Denmark "
        "(Greenland)'). 'germany' covers pre-1945, occupied, West and reunified Germany and "
        "Cold War West Berlin rows are labelled plain 'Germany'; East Germany has its own id "
        "'german-democratic-republic'",
        ("451", "163", "1838", "311"),
        every(
            has("451", country_id="kyrgyzstan", country="Kirghizia"),
            has("163", country_id="kosovo", country="Serbia-Montenegro (Kosovo)"),
            has("1838", country_id="germany", country="Germany", locale="West Berlin"),
            has("311", country_id="german-democratic-republic", locale="Potsdam"),
        ),
    ),
    Quirk(
        "The Holy See is labelled 'Vatican City' in all rows but one ('Holy See'), and its "
        "locale is empty",
        ("3873", "1046"),
        every(
            has("3873", country_id="holy-see", country="Holy See", locale=""),
            has("1046", country_id="holy-see", country="Vatican City", locale=""),
            count(lambda row: row["locale"] == "", 33),
        ),
    ),
    Quirk(
        "377 rows say 'Accompanied President' in remarks: the same event is then also in "
        "president_trips (e.g. Baker 307 and Bush 2335 at the 1989 Malta summit), so do not "
        "add the two tables to count encounters",
        ("307",),
        every(
            mentions("307", "remarks", "Accompanied President Bush"),
            count(lambda row: "Accompanied President" in row["remarks"], 377),
        ),
    ),
    Quirk(
        "Exact duplicates: some pairs of rows are identical apart from the id",
        ("3992", "4019"),
        every(same_except_id("3992", "4019"), same_except_id("3993", "4020")),
    ),
    Quirk(
        "A row is a stay in one country, and stays at conferences can last months (Lansing "
        "in Paris 1918-12-14 to 1919-07-14); remarks may give departure/return dates "
        "outside the row's dates, so day counts are coarse",
        ("1206",),
        every(
            has("1206", start_date="1918-12-14", end_date="1919-07-14"),
            mentions("1206", "remarks", "Left U.S December 4, 1918"),
        ),
    ),
    Quirk(
        "locale is free text: several places separated by commas, in the order visited; "
        "it is not split and not converted to ';'",
        ("2191",),
        has("2191", locale="Yalta, Moscow"),
    ),
    Quirk(
        "name gives the person's full name and can include a parenthesis "
        "('Henry A. (Heinz Alfred) Kissinger'); use 'who' as the key",
        ("977",),
        has("977", who="kissinger-henry-a", name="Henry A. (Heinz Alfred) Kissinger"),
    ),
    Quirk(
        "ids are neither chronological nor contiguous (id 1 is dated 1997); ids are unique "
        "within this table but the same numbers are reused in foreign_leader_visits, so "
        "never join the two tables on id",
        ("1",),
        has("1", who="albright-madeleine-korbel", start_date="1997-02-16"),
    ),
)

VISIT_QUIRKS: tuple[Quirk, ...] = (
    Quirk(
        "from_id 'russia' covers both the Soviet Union and the Russian Federation; only "
        "from_name ('U.S.S.R.' or 'Russia') tells them apart",
        ("2385",),
        has("2385", from_id="russia", from_name="U.S.S.R.", visitor="Premier Khrushchev"),
    ),
    Quirk(
        "from_name is the name used at the time while from_id is the present-day id "
        "(e.g. 'Siam (Thailand)' under 'thailand', 'Upper Volta' under 'burkina-faso', "
        "'Dahomey (Benin)', 'Tanganyika', 'Malaya', 'Ceylon (Sri Lanka)', 'Zimbabwe "
        "Rhodesia', 'Muscat & Oman')",
        ("2159", "2539"),
        every(
            has("2159", from_id="thailand", from_name="Siam (Thailand)"),
            has("2539", from_id="burkina-faso", from_name="Upper Volta"),
        ),
    ),
    Quirk(
        "from_name sometimes keeps an outdated name: 'Germany, Federal Republic of' for "
        "visits after reunification (Chancellor Scholz, 2023), 'Western Samoa' in 2023, "
        "plain 'Korea' for South Korea",
        ("3152", "3181", "1432"),
        every(
            has("3152", from_id="germany", from_name="Germany, Federal Republic of"),
            has("3181", from_id="samoa", from_name="Western Samoa"),
            has("1432", from_id="korea-south", from_name="Korea"),
        ),
    ),
    Quirk(
        "The same state has more than one from_id: 'korea' (once, President Moon Jae-in) "
        "besides 'korea-south'; 'somoa' (a misspelling) besides 'samoa'; 'swaziland' and "
        "'eswatini'; 'macedonia' and 'north-macedonia'; 'czech-republic' and 'czechia'; "
        "'turkey' and 'turkiye'. The Republic of China is under 'china' in 1945 but under "
        "'taiwan' from 1961. Merge ids before counting by country",
        ("2959", "3099", "2240", "2440"),
        every(
            has("2959", from_id="korea", visitor="President Moon Jae-in"),
            has("3099", from_id="somoa", from_name="Somoa"),
            has("2240", from_id="china", from_name="China, Republic of"),
            has("2440", from_id="taiwan", from_name="China, Republic of"),
        ),
    ),
    Quirk(
        "Governments in exile and provisional governments share the id of the state "
        "('Poland (government-in-exile)' under 'poland'); entities that were not, or are "
        "not, sovereign states also appear: Hawaii before US annexation "
        "('hawaii': King Kalakaua in 1874 and 1881, President Dole in 1898), "
        "'french-polynesia', 'new-caledonia', 'niue'",
        ("2186", "2138", "3093"),
        every(
            has("2186", from_id="poland", from_name="Poland (government-in-exile)"),
            has("2138", from_id="hawaii", visitor="King Kalakaua"),
            has("2142", from_id="hawaii", visitor="President Dole"),
            has("3093", from_id="french-polynesia"),
        ),
    ),
    Quirk(
        "start_date/end_date are the dates of the official part of the visit (per the "
        f"notes to earlier editions, {VISITS_NOTES}: the dates in Washington unless the "
        "remarks say otherwise); in 215 rows the description gives the whole stay in the US "
        "('In U.S. November 29, 1874\u2013February 2, 1875' for a row dated 1874-12-12 to "
        "1874-12-23), which is longer",
        ("2138",),
        every(
            has("2138", start_date="1874-12-12", end_date="1874-12-23"),
            mentions("2138", "description", "In U.S. November 29, 1874\u2013February 2, 1875"),
            count(lambda row: "In U.S." in row["description"], 215),
        ),
    ),
    Quirk(
        "A row is an event, not a journey: the same leader can have several rows on the "
        "same day (Prime Minister Starmer, 2024-07-10: a working visit and the NATO "
        "summit), and multilateral meetings held in the US appear (the 1945 San Francisco "
        "UN Conference rows are, per the earlier editions' notes, the one exception to the "
        "rule that each listed visit included a meeting with the President or Vice President)",
        ("3257", "3314", "2236"),
        every(
            has("3257", visitor="Prime Minister Keir Starmer", start_date="2024-07-10"),
            has("3314", visitor="Prime Minister Keir Starmer", start_date="2024-07-10"),
            mentions("2236", "description", "United Nations Conference in San Francisco"),
        ),
    ),
    Quirk(
        "visitor is free text: a title plus a name, sometimes without a title ('Valdas "
        "Adamkus'), sometimes two people, the same person spelled differently ('Prince "
        "Rainier III', 'Prince Rainier'), and 'President- designate' / 'President- elect' "
        "with a stray space kept as in the source. No leader ids: match names by hand",
        ("1519", "855", "2348", "276", "427"),
        every(
            has("1519", visitor="Valdas Adamkus"),
            has("855", visitor="President Francesco Cossiga and Prime Minister Giulio Andreotti"),
            has("2348", visitor="Prince Rainier III"),
            has("276", visitor="Prince Rainier"),
            has("427", visitor="President- designate Roberto E. Viola"),
        ),
    ),
    Quirk(
        "Visitors are not only heads of state or government: vice premiers, crown princes, "
        "governors general and presidents-elect appear",
        ("3082", "2904", "2174", "1082"),
        every(
            has("2174", visitor="Governor General Lord Gowrie", from_id="australia"),
            has("3082", visitor="Vice Premier Deng Xiaoping"),
            has("2904", visitor="Crown Prince Mohammed bin Salman"),
            has("1082", visitor="President- elect Ernesto Zedillo Ponce de Leon"),
        ),
    ),
    Quirk(
        "description is empty in 6 rows",
        ("2148",),
        every(
            has("2148", description=""),
            count(lambda row: row["description"] == "", 6),
        ),
    ),
    Quirk(
        "ids are neither chronological nor contiguous (id 22 is dated 1967, id 2138 is "
        "dated 1874); many of the same numbers are also trip ids in the travel tables, "
        "so never join on id",
        ("22", "2138"),
        every(has("22", start_date="1967-05-09"), has("2138", start_date="1874-12-12")),
    ),
)

QUIRKS: dict[str, tuple[Quirk, ...]] = {
    PRESIDENT: PRESIDENT_QUIRKS,
    SECRETARY: SECRETARY_QUIRKS,
    VISITS: VISIT_QUIRKS,
}


def verify_quirks(name: str, table: Table) -> list[str]:
    """Return the rendered quirks of a table; raise if any check fails on the data."""
    rendered: list[str] = []
    for quirk in QUIRKS[name]:
        missing = [row_id for row_id in quirk.examples if row_id not in table]
        if missing or not quirk.check(table):
            raise SourceError(f"{name}: quirk no longer holds: {quirk.text[:70]}...")
        rendered.append(quirk.render())
    return rendered


# ----------------------------------------------------------------------------- build


@dataclass(frozen=True)
class BuiltTable:
    """One built table: its rows (sorted), CSV bytes and rendered quirks."""

    name: str
    columns: tuple[str, ...]
    rows: list[Row]
    data: bytes
    quirks: list[str]

    @property
    def filename(self) -> str:
        """Return the CSV file name of the table."""
        return f"{self.name}.csv"


def build_tables(source: Path) -> dict[str, BuiltTable]:
    """Read the XML below ``source`` and return the three tables (nothing is written)."""
    roles = read_role_codes(source)
    if sorted(roles) != ["president", "secretary"]:
        raise SourceError(f"unexpected role code table: {roles}")
    raw: dict[str, tuple[tuple[str, ...], list[Row]]] = {
        PRESIDENT: (
            TRIP_COLUMNS,
            read_trips(source / "ooh-travels" / "president-travels", "president"),
        ),
        SECRETARY: (
            TRIP_COLUMNS,
            read_trips(source / "ooh-travels" / "secretary-travels", "secretary"),
        ),
        VISITS: (VISIT_COLUMNS, read_visits(source / "ooh-visits" / "data")),
    }
    built: dict[str, BuiltTable] = {}
    for name, (columns, rows) in raw.items():
        if not rows:
            raise SourceError(f"{name}: no records found below {source}")
        rows = sort_rows(rows)
        table = index_rows(rows, name)
        for row in rows:
            if row["start_date"] > row["end_date"]:
                raise SourceError(f"{name}: id {row['id']} starts after it ends")
        built[name] = BuiltTable(
            name=name,
            columns=columns,
            rows=rows,
            data=render_csv(rows, columns),
            quirks=verify_quirks(name, table),
        )
    return built


def write_tables(tables: Mapping[str, BuiltTable], out_dir: Path) -> None:
    """Write the CSV files (bytes exactly as built)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for table in tables.values():
        (out_dir / table.filename).write_bytes(table.data)


# ----------------------------------------------------------------------------- datapackage

LICENSES = [
    {
        "name": "CC0-1.0",
        "path": "https://creativecommons.org/publicdomain/zero/1.0/",
        "title": "CC0 1.0 Universal (US government work, public domain in the USA; "
        "CC0 dedication worldwide per the LICENSE.md of the source repositories)",
    }
]


def _source(title: str, path: str) -> dict[str, str]:
    return {"title": title, "path": path}


SOURCES: dict[str, list[dict[str, str]]] = {
    PRESIDENT: [
        _source(
            "Office of the Historian, US Department of State: Travels Abroad of the President",
            "https://history.state.gov/departmenthistory/travels/president",
        ),
        _source(
            "HistoryAtState/travels (XML source data, president-travels/)",
            "https://github.com/HistoryAtState/travels",
        ),
        _source(
            "Office of the Historian: introduction to the travels data (archived 2012)",
            TRAVELS_SECRETARY_INTRO,
        ),
    ],
    SECRETARY: [
        _source(
            "Office of the Historian, US Department of State: Travels Abroad of the "
            "Secretary of State",
            "https://history.state.gov/departmenthistory/travels/secretary",
        ),
        _source(
            "HistoryAtState/travels (XML source data, secretary-travels/)",
            "https://github.com/HistoryAtState/travels",
        ),
        _source(
            "Office of the Historian: introduction to the travels data (archived 2012)",
            TRAVELS_SECRETARY_INTRO,
        ),
    ],
    VISITS: [
        _source(
            "Office of the Historian, US Department of State: Visits by Foreign Leaders",
            "https://history.state.gov/departmenthistory/visits",
        ),
        _source(
            "HistoryAtState/visits (XML source data, data/)",
            "https://github.com/HistoryAtState/visits",
        ),
        _source("HistoryAtState/visits wiki: notes to previous editions", VISITS_NOTES),
    ],
}


def _field(name: str, type_: str, description: str, **constraints: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "description": description, "constraints": constraints}


def trip_fields(role: str, people: Sequence[str], names: Sequence[str]) -> list[dict[str, Any]]:
    """Return the schema fields of a trip table."""
    person = "President" if role == "president" else "Secretary of State"
    return [
        _field(
            "id",
            "integer",
            "Office of the Historian trip id (<id>); unique in this table; cite trips by it.",
            required=True,
            unique=True,
            minimum=1,
        ),
        _field(
            "role",
            "string",
            "Travel role code (code table travel-role-codes.xml): 'president' or 'secretary'; "
            f"always '{role}' in this table.",
            required=True,
            enum=["president", "secretary"],
        ),
        _field(
            "who",
            "string",
            f"OOH slug of the {person} (file name and trip/@who), surname-given-initials.",
            required=True,
            enum=list(people),
        ),
        _field(
            "name",
            "string",
            f"Full name of the {person} as given by OOH.",
            required=True,
            enum=list(names),
        ),
        _field(
            "start_date",
            "date",
            "First day in the country (YYYY-MM-DD).",
            required=True,
        ),
        _field(
            "end_date",
            "date",
            "Last day in the country (YYYY-MM-DD); never before start_date.",
            required=True,
        ),
        _field(
            "country_id",
            "string",
            "OOH country slug (country/@id). Sovereign power at the time for dependent "
            "territories; successor-state slug for countries that no longer exist "
            "('russia' = USSR or Russia). See quirks.",
            required=True,
            pattern=SLUG_PATTERN,
        ),
        _field(
            "country",
            "string",
            "Country label as in the source: the name used at the time of the trip "
            "(e.g. 'U.S.S.R.').",
            required=True,
        ),
        _field(
            "locale",
            "string",
            "Place(s) visited, free text as in the source; several places are separated by "
            "', ' in the order visited (not split: commas also occur inside place names). "
            "Empty for the Holy See.",
        ),
        _field(
            "remarks",
            "string",
            "OOH summary of the stay (meetings, conferences, purpose), whitespace-normalised.",
            required=True,
        ),
    ]


def visit_fields() -> list[dict[str, Any]]:
    """Return the schema fields of the visits table."""
    return [
        _field(
            "id",
            "integer",
            "Office of the Historian visit id (<id>); unique in this table; cite visits by it.",
            required=True,
            unique=True,
            minimum=1,
        ),
        _field(
            "start_date",
            "date",
            "First day of the (official part of the) visit (YYYY-MM-DD).",
            required=True,
        ),
        _field(
            "end_date",
            "date",
            "Last day of the (official part of the) visit (YYYY-MM-DD); never before start_date.",
            required=True,
        ),
        _field(
            "visitor",
            "string",
            "Visiting leader, free text as in the source (usually title and name; sometimes "
            "two people).",
            required=True,
        ),
        _field(
            "from_id",
            "string",
            "OOH country slug of the visitor's state (from/@id); see quirks for duplicate "
            "and misspelled slugs.",
            required=True,
            pattern=SLUG_PATTERN,
        ),
        _field(
            "from_name",
            "string",
            "Country label as in the source (<from> text), often the name used at the time.",
            required=True,
        ),
        _field(
            "description",
            "string",
            "OOH description of the visit (type of visit, places, other dates); may be empty.",
        ),
    ]


GUIDANCE: dict[str, dict[str, str]] = {
    PRESIDENT: {
        "may_conclude": (
            "That the Office of the Historian records a President in a given country on "
            "given dates, with the remarks it gives (cite the trip id); when presidents "
            "first or last visited a country; the relative frequency of presidential stays "
            "by country or period, once duplicate country ids and 'russia' (USSR vs Russia) "
            "are handled."
        ),
        "may_not_conclude": (
            "That a row is one journey (it is one country stop), that a meeting with a "
            "particular leader took place unless the remarks say so, that a trip was made "
            "while in office (check for President-elect rows), that country_id reflects "
            "present-day borders, or anything about contacts that did not involve travel "
            "abroad (visits to the US are in foreign_leader_visits)."
        ),
    },
    SECRETARY: {
        "may_conclude": (
            "That the Office of the Historian records a Secretary of State in a given "
            "country on given dates, with the remarks it gives (cite the trip id); patterns "
            "of ministerial shuttle diplomacy over time (e.g. how often a Secretary went to "
            "Moscow in a given period), once duplicate country ids are merged."
        ),
        "may_not_conclude": (
            "That rows are independent events (Secretaries often accompanied the President, "
            "and some rows are exact duplicates), that long rows mean continuous negotiation, "
            "that a meeting with a particular leader took place unless the remarks say so, "
            "or that country_id reflects present-day borders."
        ),
    },
    VISITS: {
        "may_conclude": (
            "That the Office of the Historian lists a foreign leader visiting the US on "
            "given dates, with the description it gives (cite the visit id); how often "
            "leaders of a country came to the US in a period, once duplicate from_ids are "
            "merged; per the notes to earlier editions, listed visits normally included a "
            "meeting with the President or Vice President."
        ),
        "may_not_conclude": (
            "How long a leader stayed in the US (dates cover the official part), that each "
            "row is a separate trip (one trip can produce several rows), what was discussed "
            "or agreed, or the quality of a relationship; the list is compiled by the US "
            "side and says nothing about visits in the other direction (see the travel "
            "tables)."
        ),
    },
}

TITLES = {
    PRESIDENT: "Foreign trips of US Presidents (Office of the Historian)",
    SECRETARY: "Foreign trips of US Secretaries of State (Office of the Historian)",
    VISITS: "Visits of foreign leaders to the US (Office of the Historian)",
}


def _span(rows: Sequence[Row]) -> str:
    return f"{min(r['start_date'] for r in rows)} to {max(r['end_date'] for r in rows)}"


def descriptions(tables: Mapping[str, BuiltTable]) -> dict[str, str]:
    """Resource descriptions, with counts computed from the data."""
    normalisation = (
        " Built by scripts/build_ooh_tables.py from the XML in data/sources; every "
        "XML record is one row, with its OOH id. Text is whitespace-normalised only (line "
        "breaks, non-breaking and em spaces collapsed to one space, leading/trailing space "
        "removed); nothing else is changed. No end dates are missing and no row starts after "
        "it ends. Rows are sorted by start_date, then id."
    )
    p, s, v = tables[PRESIDENT].rows, tables[SECRETARY].rows, tables[VISITS].rows
    return {
        PRESIDENT: (
            f"{len(p)} country stops of {len({r['who'] for r in p})} US Presidents abroad, "
            f"{_span(p)}, one row per <trip> of HistoryAtState/travels president-travels/*.xml "
            "(one file per President)." + normalisation
        ),
        SECRETARY: (
            f"{len(s)} country stops of {len({r['who'] for r in s})} US Secretaries of State "
            f"abroad, {_span(s)}, one row per <trip> of HistoryAtState/travels "
            "secretary-travels/*.xml (one file per Secretary)." + normalisation
        ),
        VISITS: (
            f"{len(v)} visits of foreign heads of state or government (and some other "
            f"leaders) to the United States, {_span(v)}, one row per <visit> of "
            "HistoryAtState/visits data/*.xml (one file per decade)." + normalisation
        ),
    }


def resource_descriptor(table: BuiltTable, description: str) -> dict[str, Any]:
    """Return the Frictionless resource object of one table."""
    if table.name == VISITS:
        fields = visit_fields()
    else:
        role = table.rows[0]["role"]
        people = sorted({row["who"] for row in table.rows})
        names = sorted({row["name"] for row in table.rows})
        fields = trip_fields(role, people, names)
    if [field["name"] for field in fields] != list(table.columns):
        raise AssertionError(f"{table.name}: schema fields differ from columns")
    return {
        "name": table.name,
        "path": table.filename,
        "title": TITLES[table.name],
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": LICENSES,
        "sources": SOURCES[table.name],
        "hash": "sha256:" + hashlib.sha256(table.data).hexdigest(),
        "bytes": len(table.data),
        "schema": {
            "fields": fields,
            "primaryKey": ["id"],
            "missingValues": [""],
        },
        "quirks": table.quirks,
        "guidance": GUIDANCE[table.name],
    }


EMPTY_PACKAGE: dict[str, Any] = {
    "name": "teachkit-data",
    "title": "Datasets of the book Trusting Enemies",
    "profile": "data-package",
    "licenses": [],
    "resources": [],
}


def update_datapackage(path: Path, resources: Sequence[dict[str, Any]]) -> None:
    """Replace (or append) only these resources, by name, in ``path``; keep the rest."""
    if path.exists():
        package: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    else:
        package = json.loads(json.dumps(EMPTY_PACKAGE))
    existing: list[dict[str, Any]] = package.setdefault("resources", [])
    for resource in resources:
        for index, old in enumerate(existing):
            if old.get("name") == resource["name"]:
                existing[index] = resource
                break
        else:
            existing.append(resource)
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def resources_for(tables: Mapping[str, BuiltTable]) -> list[dict[str, Any]]:
    """All three resource descriptors, in a fixed order."""
    texts = descriptions(tables)
    return [
        resource_descriptor(tables[name], texts[name]) for name in (PRESIDENT, SECRETARY, VISITS)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"folder holding ooh-travels/ and ooh-visits/ (default: {DEFAULT_SOURCE})",
    )
    parser.add_argument(
        "--out", type=Path, default=DATA_DIR, help=f"output folder (default: {DATA_DIR})"
    )
    parser.add_argument(
        "--no-datapackage",
        action="store_true",
        help="write the CSV files only; do not touch datapackage.json",
    )
    args = parser.parse_args(argv)
    source: Path = args.source
    out: Path = args.out
    if not (source / "ooh-travels").is_dir() or not (source / "ooh-visits").is_dir():
        parser.error(f"no ooh-travels/ and ooh-visits/ below {source}")
    tables = build_tables(source)
    write_tables(tables, out)
    if not args.no_datapackage:
        update_datapackage(out / "datapackage.json", resources_for(tables))
    for table in tables.values():
        print(f"{out / table.filename}: {len(table.rows)} rows, {len(table.quirks)} quirks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
