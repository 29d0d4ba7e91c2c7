"""teachkit's data loader: schema-true dtypes, strict checks with useful messages, a real wheel."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from bookhelpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import teachkit
from teachkit.data import _loader as _data
from teachkit.data import info as _info
from teachkit.data._loader import DataValidationError, UnknownDatasetError

DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
NAMES = sorted(RESOURCES)


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# -------------------------------------------------------------------------- loading


def test_names_are_the_descriptors_resources_sorted() -> None:
    assert _data.names() == NAMES
    assert len(NAMES) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_loads_with_the_schemas_dtypes(name: str) -> None:
    resource = RESOURCES[name]
    frame = _data.load(name)
    rows = csv_rows(DATA / resource["path"])
    assert list(frame.columns) == rows[0] == [f["name"] for f in resource["schema"]["fields"]]
    assert len(frame) == len(rows) - 1
    for i, field in enumerate(resource["schema"]["fields"]):
        column, kind = frame[field["name"]], field["type"]
        enum = (field.get("constraints") or {}).get("enum")
        has_missing = any(row[i] == "" for row in rows[1:])
        if enum is not None:
            assert isinstance(column.dtype, pd.CategoricalDtype), field["name"]
            assert [str(c) for c in column.cat.categories] == [str(v) for v in enum]
        elif kind == "date":
            assert pd.api.types.is_datetime64_dtype(column), field["name"]
        elif kind == "integer":
            assert str(column.dtype) == ("Int64" if has_missing else "int64"), field["name"]
        elif kind == "boolean":
            assert str(column.dtype) == "boolean", field["name"]
            assert set(column.dropna()) <= {True, False}
        elif kind == "string":
            assert pd.api.types.is_string_dtype(column), field["name"]
        assert column.isna().sum() == sum(row[i] == "" for row in rows[1:]), field["name"]


def test_values_are_parsed_not_coerced() -> None:
    summits = _data.load("summits")
    header, *raw = csv_rows(DATA / "summits.csv")
    starts = [t.date().isoformat() for t in summits["start_date"]]
    assert starts == [row[header.index("start_date")] for row in raw]
    assert summits["verified"].tolist() == [row[header.index("verified")] == "true" for row in raw]
    codings = _data.load("trust_codings")
    assert codings["level"].between(0, 3).all()
    assert codings["confidence"].cat.ordered  # low < medium < high
    assert not codings["state"].cat.ordered


def test_load_returns_a_fresh_copy_each_time() -> None:
    first = _data.load("essays")
    first.loc[0, "title"] = "changed"
    first["extra"] = 1
    again = _data.load("essays")
    assert "extra" not in again.columns
    assert again.loc[0, "title"] != "changed"


def test_public_names_reach_the_loader() -> None:
    for name in ("names", "load"):
        assert getattr(teachkit, name) is getattr(_data, name)
    for name in ("describe", "cite", "DatasetInfo"):
        assert getattr(teachkit, name) is getattr(_info, name)
    assert teachkit.DataValidationError is DataValidationError


def test_frictionless_validates_the_data_package() -> None:
    from frictionless import validate

    report = validate(str(DATA / "datapackage.json"))
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:10]


# -------------------------------------------------------------------------- bad names


@pytest.mark.parametrize(("typo", "meant"), [("sumits", "summits"), ("leader", "leaders")])
def test_unknown_name_lists_the_names_and_suggests_the_closest(typo: str, meant: str) -> None:
    with pytest.raises(UnknownDatasetError) as info:
        _data.load(typo)
    message = str(info.value)
    assert f"Did you mean {meant!r}" in message
    assert all(name in message for name in NAMES)
    assert not message.startswith(("'", '"'))  # not KeyError's repr-quoted message
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownDatasetError, match="Did you mean"):
        _info.describe(typo)


def test_unknown_name_without_a_close_match_still_lists_the_names() -> None:
    with pytest.raises(UnknownDatasetError) as info:
        _info.cite("zzzz")
    assert "Did you mean" not in str(info.value)
    assert "summits" in str(info.value)


@pytest.mark.parametrize("bad", [3, None, ["summits"], b"summits"])
def test_non_string_name_is_a_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="must be a str such as 'summits'"):
        _data.load(bad)


# -------------------------------------------------------------------------- corrupted copies


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the data package that a test may corrupt."""
    for path in [*DATA.glob("*.csv"), DATA / "datapackage.json", DATA / "references.bib"]:
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def rewrite(root: Path, name: str, edit: Any, *, rehash: bool = True) -> None:
    """Apply ``edit`` to the rows of a CSV in a copy; re-record its hash unless told not to."""
    path = root / RESOURCES[name]["path"]
    rows = csv_rows(path)
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))
    if rehash:
        rehash_file(root, name)


def rehash_file(root: Path, name: str) -> None:
    raw = (root / RESOURCES[name]["path"]).read_bytes()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            resource["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
            resource["bytes"] = len(raw)
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def set_cell(name: str, row: int, column: str, value: str) -> Any:
    def edit(rows: list[list[str]]) -> None:
        rows[row][rows[0].index(column)] = value

    return edit


def load_error(root: Path, name: str) -> DataValidationError:
    with pytest.raises(DataValidationError) as info:
        _data._load_from(root, name)
    return info.value


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "rule"),
    [
        ("summits", 3, "start_date", "1985-11-31", "not a calendar date"),
        ("summits", 4, "end_date", "19 Nov 1985", "not a date (type date: YYYY-MM-DD"),
        ("summits", 5, "kind", "summit", "not one of the allowed values"),
        ("summits", 6, "title", "", "required, but empty"),
        ("summits", 7, "verified", "yes", "not a boolean"),
        ("president_trips", 8, "id", "12a", "not an integer"),
        ("trust_codings", 9, "level", "2.0", "not an integer"),
        ("trust_codings", 10, "level", "4", "more than the maximum 3"),
        ("summits", 11, "source_url", "www.example.org", "does not match the pattern"),
    ],
)
def test_a_bad_cell_names_file_row_line_column_value_and_rule(
    package: Path, name: str, row: int, column: str, value: str, rule: str
) -> None:
    rewrite(package, name, set_cell(name, row, column, value))
    error = load_error(package, name)
    message = str(error)
    assert RESOURCES[name]["path"] in message
    assert f"row {row}, CSV line {row + 1}, column {column!r}: value {value!r}" in message
    assert rule in message
    assert error.file.endswith(RESOURCES[name]["path"])
    assert [(p.row, p.column) for p in error.problems] == [(row, column)]


def test_an_enum_error_suggests_the_closest_value(package: Path) -> None:
    rewrite(package, "summits", set_cell("summits", 2, "kind", "bilateral_sumit"))
    assert "did you mean 'bilateral_summit'?" in str(load_error(package, "summits"))


def test_a_duplicate_primary_key_names_both_rows(package: Path) -> None:
    def duplicate(rows: list[list[str]]) -> None:
        rows[5][0] = rows[2][0]

    rewrite(package, "summits", duplicate)
    message = str(load_error(package, "summits"))
    assert "summits.csv" in message
    assert "row 5, CSV line 6, column 'id'" in message
    assert "must be the primary key, but row 2 (line 3) has it too" in message


def test_a_duplicate_compound_primary_key_is_caught(package: Path) -> None:
    assert RESOURCES["trust_codings"]["schema"]["primaryKey"] == ["episode_id", "component"]

    def duplicate(rows: list[list[str]]) -> None:
        component = rows[0].index("component")
        rows[2][component] = rows[1][component]  # same episode, same component; ids differ

    rewrite(package, "trust_codings", duplicate)
    message = str(load_error(package, "trust_codings"))
    assert "trust_codings.csv" in message
    assert "row 2, CSV line 3, column 'episode_id, component'" in message
    assert "primary key (episode_id, component) repeats row 1 (line 2)" in message


def test_a_changed_file_with_the_old_hash_is_refused(package: Path) -> None:
    path = package / "summits.csv"
    raw = bytearray(path.read_bytes())
    raw[-10] = ord("X") if raw[-10] != ord("X") else ord("Y")  # one byte, same size
    path.write_bytes(bytes(raw))
    message = str(load_error(package, "summits"))
    expected = RESOURCES["summits"]["hash"]
    actual = "sha256:" + hashlib.sha256(raw).hexdigest()
    assert str(path) in message
    assert expected in message
    assert actual in message
    assert '"hash"' in message
    assert '"bytes"' in message
    assert "datapackage.json" in message


def test_a_changed_size_is_refused_even_with_the_old_hash(package: Path) -> None:
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "essays":
            resource["bytes"] += 1
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert "has changed since datapackage.json" in str(load_error(package, "essays"))


def test_at_most_five_problems_are_listed_and_the_rest_counted(package: Path) -> None:
    def spoil(rows: list[list[str]]) -> None:
        for row in rows[1:8]:
            row[rows[0].index("kind")] = "party"

    rewrite(package, "summits", spoil)
    error = load_error(package, "summits")
    assert len(error.problems) == 5
    assert [p.row for p in error.problems] == [1, 2, 3, 4, 5]
    assert "7 problems" in str(error)
    assert "and 2 more" in str(error)


def test_a_wrong_header_or_row_length_is_reported(package: Path) -> None:
    rewrite(package, "essays", lambda rows: rows[2].pop())
    assert "row 2, CSV line 3: 11 cells, expected 12" in str(load_error(package, "essays"))
    rewrite(package, "essays", lambda rows: rows[2].append(""))
    rewrite(package, "essays", lambda rows: rows[0].reverse())
    message = str(load_error(package, "essays"))
    assert "CSV line 1" in message
    assert "header must be" in message


def test_line_numbers_count_quoted_line_breaks(package: Path) -> None:
    def spoil(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("notes")] = "two\nlines"  # row 1 spans CSV lines 2-3
        rows[2][rows[0].index("essay_mention")] = "often"

    rewrite(package, "dyads", spoil)
    assert "row 2, CSV line 4, column 'essay_mention'" in str(load_error(package, "dyads"))


def test_an_intact_copy_loads_like_the_installed_data(package: Path) -> None:
    pd.testing.assert_frame_equal(_data._load_from(package, "summits"), _data.load("summits"))


# -------------------------------------------------------------------------- properties


def one_column_package(root: Path, field: dict[str, Any], cells: list[str]) -> None:
    body = io.StringIO()
    csv.writer(body, lineterminator="\n").writerows([["value"], *[[c] for c in cells]])
    (root / "t.csv").write_text(body.getvalue(), encoding="utf-8")
    raw = (root / "t.csv").read_bytes()
    resource = {
        "name": "t",
        "path": "t.csv",
        "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),  # a hash is required
        "schema": {"fields": [{"name": "value", **field}], "missingValues": [""]},
    }
    (root / "datapackage.json").write_text(json.dumps({"resources": [resource]}))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=5))
def test_integers_round_trip(values: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one_column_package(Path(tmp), {"type": "integer"}, [str(v) for v in values])
        assert _data._load_from(Path(tmp), "t")["value"].tolist() == values


@settings(max_examples=40, deadline=None)
@given(st.lists(st.dates(dt.date(1700, 1, 1), dt.date(2200, 12, 31)), min_size=1, max_size=5))
def test_dates_round_trip(values: list[dt.date]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one_column_package(Path(tmp), {"type": "date"}, [v.isoformat() for v in values])
        loaded = _data._load_from(Path(tmp), "t")["value"]
        assert [d.date() for d in loaded] == values


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789-+. eE,x", min_size=1, max_size=6))
def test_integer_column_accepts_exactly_plain_whole_numbers(text: str) -> None:
    cell = text.strip() or "x"
    try:  # Python's int() also takes "+5", " 5" and "1_0": the schema's integers do not
        expected: int | None = int(cell) if set(cell) <= set("-0123456789") else None
    except ValueError:
        expected = None
    with tempfile.TemporaryDirectory() as tmp:
        one_column_package(Path(tmp), {"type": "integer"}, [cell])
        if expected is not None:
            assert _data._load_from(Path(tmp), "t")["value"].tolist() == [expected]
        else:
            with pytest.raises(DataValidationError, match="not an integer"):
                _data._load_from(Path(tmp), "t")


# -------------------------------------------------------------------------- describe and cite


@pytest.mark.parametrize("name", NAMES)
def test_describe_matches_the_descriptor(name: str) -> None:
    resource, info = RESOURCES[name], _info.describe(name)
    assert info.title == resource["title"]
    assert [f.name for f in info.fields] == [f["name"] for f in resource["schema"]["fields"]]
    assert [f.type for f in info.fields] == [f["type"] for f in resource["schema"]["fields"]]
    assert info.rows == len(csv_rows(DATA / resource["path"])) - 1
    assert list(info.quirks) == resource["quirks"]
    assert info.guidance.may_conclude == resource["guidance"]["may_conclude"]
    assert info.licence == " and ".join(x["name"] for x in resource["licenses"])
    assert [s.url for s in info.sources] == [s.get("path", "") for s in resource["sources"]]
    assert repr(info) == f"DatasetInfo(name={name!r}, rows={info.rows}, fields={len(info.fields)})"
    text = str(info)
    assert info.title in text
    assert all(f.name in text for f in info.fields)
    markdown = info._repr_markdown_()
    assert "| Column | Type | Constraints | Description |" in markdown


def test_describe_is_read_only() -> None:
    info = _info.describe("summits")
    with pytest.raises(AttributeError):
        info.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        info.fields[0].constraints["required"] = False  # type: ignore[index]


@pytest.mark.parametrize("name", NAMES)
def test_cite_gives_the_compilation_licence_and_every_source(name: str) -> None:
    resource, citation = RESOURCES[name], _info.cite(name)
    assert resource["title"] in citation
    assert f"dataset {name}" in citation
    assert teachkit.__version__ in citation
    for licence in resource["licenses"]:
        assert licence["name"] in citation
        assert licence["path"] in citation
    for source in resource["sources"]:
        assert source["title"] in citation
        assert source.get("path", "") in citation
    assert ": \n" not in citation + "\n"  # no dangling colon for a source without a URL


# -------------------------------------------------------------------------- installed wheel


def test_load_works_from_an_installed_wheel_outside_the_checkout(tmp_path: Path) -> None:
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "_build", "build", "dist", "*.egg-info", ".*_cache", "__pycache__"
    )
    shutil.copytree(ROOT, source, ignore=ignore)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("teachkit-*.whl")
    site = tmp_path / "site"
    installed = subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    code = (
        "import pathlib, sys, teachkit as tk\n"
        "assert pathlib.Path(tk.__file__).resolve().is_relative_to(pathlib.Path(sys.argv[1])), "
        "tk.__file__\n"
        "print(len(tk.load('summits')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(site.resolve())],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert int(run.stdout) == len(csv_rows(DATA / "summits.csv")) - 1
