"""Tests of the Office of the Historian tables built by scripts/build_ooh_tables.py.

The XML is parsed here independently of the script (plain ElementTree), so the tests check
the script against the source rather than against itself.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "data" / "sources"  # the Office of the Historian XML, committed (CC0)
DATA = REPO / "data"
SCRIPT = REPO / "scripts" / "build_ooh_tables.py"


@dataclass(frozen=True)
class Spec:
    """Where a table comes from in the XML and what its columns are."""

    name: str
    pattern: str
    record: str
    columns: tuple[str, ...]


TRIP_COLUMNS = (
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
VISIT_COLUMNS = ("id", "start_date", "end_date", "visitor", "from_id", "from_name", "description")
SPECS = {
    "president_trips": Spec(
        "president_trips", "ooh-travels/president-travels/*.xml", "trip", TRIP_COLUMNS
    ),
    "secretary_trips": Spec(
        "secretary_trips", "ooh-travels/secretary-travels/*.xml", "trip", TRIP_COLUMNS
    ),
    "foreign_leader_visits": Spec(
        "foreign_leader_visits", "ooh-visits/data/*.xml", "visit", VISIT_COLUMNS
    ),
}
NAMES = sorted(SPECS)


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ooh_tables", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while executing it
    spec.loader.exec_module(module)
    return module


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _xml_rows(spec: Spec) -> list[dict[str, str]]:
    """Parse the XML of one table into rows with the CSV column names (test's own parser)."""
    rows: list[dict[str, str]] = []
    for path in sorted(SOURCE.glob(spec.pattern)):
        for record in ET.parse(path).getroot().iter(spec.record):
            row = {
                "id": _norm(record.findtext("id")),
                "start_date": _norm(record.findtext("start-date")),
                "end_date": _norm(record.findtext("end-date")),
            }
            if spec.record == "trip":
                country = record.find("country")
                assert country is not None
                row |= {
                    "role": record.get("role", ""),
                    "who": record.get("who", ""),
                    "name": _norm(record.findtext("name")),
                    "country_id": country.get("id", ""),
                    "country": _norm(country.text),
                    "locale": _norm(record.findtext("locale")),
                    "remarks": _norm(record.findtext("remarks")),
                }
            else:
                origin = record.find("from")
                assert origin is not None
                row |= {
                    "visitor": _norm(record.findtext("visitor")),
                    "from_id": origin.get("id", ""),
                    "from_name": _norm(origin.text),
                    "description": _norm(record.findtext("description")),
                }
            rows.append(row)
    return rows


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def built(script: ModuleType) -> dict[str, Any]:
    tables: dict[str, Any] = script.build_tables(SOURCE)
    return tables


@pytest.fixture(scope="module")
def xml_rows() -> dict[str, list[dict[str, str]]]:
    return {name: _xml_rows(spec) for name, spec in SPECS.items()}


@pytest.fixture(scope="module")
def csv_tables() -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    return {name: _read_csv(DATA / f"{name}.csv") for name in SPECS}


@pytest.fixture(scope="module")
def resources() -> dict[str, dict[str, Any]]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return {resource["name"]: resource for resource in package["resources"]}


@pytest.mark.parametrize("name", NAMES)
def test_row_count_equals_xml_record_count(
    name: str,
    xml_rows: dict[str, list[dict[str, str]]],
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
) -> None:
    assert len(xml_rows[name]) > 0
    assert len(csv_tables[name][1]) == len(xml_rows[name])


@pytest.mark.parametrize("name", NAMES)
def test_header_is_the_documented_column_list(
    name: str, csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]]
) -> None:
    assert tuple(csv_tables[name][0]) == SPECS[name].columns


@pytest.mark.parametrize("name", NAMES)
def test_ids_are_unique_integers(
    name: str, csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]]
) -> None:
    ids = [row["id"] for row in csv_tables[name][1]]
    assert all(re.fullmatch(r"[0-9]+", row_id) for row_id in ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("name", NAMES)
def test_every_row_is_the_xml_record_with_that_id(
    name: str,
    xml_rows: dict[str, list[dict[str, str]]],
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
) -> None:
    source = {row["id"]: row for row in xml_rows[name]}
    rows = csv_tables[name][1]
    assert {row["id"] for row in rows} == set(source)
    for row in rows:
        assert row == source[row["id"]], f"{name} id {row['id']} differs from the XML"


@pytest.mark.parametrize("name", NAMES)
def test_rows_sorted_by_start_date_then_id(
    name: str, csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]]
) -> None:
    keys = [(row["start_date"], int(row["id"])) for row in csv_tables[name][1]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", NAMES)
def test_start_not_after_end_unless_documented(
    name: str,
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
    resources: dict[str, dict[str, Any]],
) -> None:
    rows = csv_tables[name][1]
    assert all(row["start_date"] and row["end_date"] for row in rows)
    reversed_ids = [row["id"] for row in rows if row["start_date"] > row["end_date"]]
    quirks = " ".join(resources[name]["quirks"])
    undocumented = [i for i in reversed_ids if not re.search(rf"\b{i}\b", quirks)]
    assert undocumented == []


@pytest.mark.parametrize("name", NAMES)
def test_text_is_whitespace_normalised(
    name: str, csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]]
) -> None:
    for row in csv_tables[name][1]:
        for column, value in row.items():
            assert value == _norm(value), f"{name} id {row['id']} column {column}"


def test_trip_tables_hold_one_role_each(
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
) -> None:
    assert {row["role"] for row in csv_tables["president_trips"][1]} == {"president"}
    assert {row["role"] for row in csv_tables["secretary_trips"][1]} == {"secretary"}
    people = {p.stem for p in SOURCE.glob("ooh-travels/president-travels/*.xml")}
    assert {row["who"] for row in csv_tables["president_trips"][1]} == people


@pytest.mark.parametrize("name", NAMES)
def test_committed_csv_equals_fresh_build(
    name: str, script: ModuleType, built: dict[str, Any], tmp_path: Path
) -> None:
    script.write_tables(built, tmp_path)
    fresh = (tmp_path / f"{name}.csv").read_bytes()
    committed = (DATA / f"{name}.csv").read_bytes()
    assert fresh == committed, f"data/{name}.csv differs from the build: rerun the script"
    assert b"\r" not in committed
    assert committed.endswith(b"\n")


def test_build_is_deterministic(script: ModuleType, built: dict[str, Any]) -> None:
    again = script.build_tables(SOURCE)
    assert {n: t.data for n, t in again.items()} == {n: t.data for n, t in built.items()}


@pytest.mark.parametrize("name", NAMES)
def test_datapackage_resource_matches_file(
    name: str,
    script: ModuleType,
    built: dict[str, Any],
    resources: dict[str, dict[str, Any]],
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
) -> None:
    resource = resources[name]
    data = (DATA / f"{name}.csv").read_bytes()
    assert resource["path"] == f"{name}.csv"
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert resource["bytes"] == len(data)
    assert [f["name"] for f in resource["schema"]["fields"]] == list(SPECS[name].columns)
    assert resource["schema"]["primaryKey"] == ["id"]
    assert resource["licenses"][0]["name"] == "CC0-1.0"
    assert resource["quirks"] == built[name].quirks
    assert set(resource["guidance"]) == {"may_conclude", "may_not_conclude"}
    expected = script.resources_for(built)
    assert resource == next(r for r in expected if r["name"] == name)


@pytest.mark.parametrize("name", NAMES)
def test_every_quirk_cites_ids_present_in_the_table(
    name: str,
    resources: dict[str, dict[str, Any]],
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
) -> None:
    ids = {row["id"] for row in csv_tables[name][1]}
    quirks = resources[name]["quirks"]
    assert len(quirks) >= 5
    for quirk in quirks:
        match = re.search(r"\(examples?: ids? ([0-9, ]+)\)$", quirk)
        assert match, f"quirk without example id: {quirk}"
        cited = {i.strip() for i in match.group(1).split(",")}
        assert cited <= ids, f"{name}: quirk cites unknown ids {cited - ids}"


def test_quirk_checks_fail_when_the_data_disagree(
    script: ModuleType, built: dict[str, Any]
) -> None:
    table = {row["id"]: dict(row) for row in built["president_trips"].rows}
    script.verify_quirks("president_trips", table)  # holds on the real data
    table["2730"]["country"] = "Russia"  # Yalta no longer labelled U.S.S.R.
    with pytest.raises(script.SourceError):
        script.verify_quirks("president_trips", table)


def test_csv_round_trip_of_a_known_row(
    csv_tables: dict[str, tuple[list[str], list[dict[str, str]]]],
) -> None:
    rows = {row["id"]: row for row in csv_tables["president_trips"][1]}
    yalta = rows["2730"]
    assert (yalta["who"], yalta["start_date"], yalta["end_date"]) == (
        "roosevelt-franklin-d",
        "1945-02-03",
        "1945-02-12",
    )
    assert (yalta["country_id"], yalta["country"], yalta["locale"]) == (
        "russia",
        "U.S.S.R.",
        "Yalta",
    )
    text = (DATA / "president_trips.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(text))) == list(TRIP_COLUMNS)
