"""Issue #13: the data loader never returns a silently different value, and says why not.

Every case is a copy of the real data package (or a one-table package) with one fault
planted: each must load exactly, or fail with a DataValidationError that names the
file, and the row, column and value (or the descriptor key) at fault.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bookhelpers import ROOT

from teachkit.data import _loader as data

DATA = ROOT / "data"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the real data package."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root, ignore=shutil.ignore_patterns("__pycache__", "*.bib"))
    return root


def _descriptor(root: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return result


def _write_descriptor(root: Path, descriptor: dict[str, Any]) -> None:
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _table(root: Path, fields: list[dict[str, Any]], body: bytes, **extra: Any) -> None:
    """A one-table package ``t`` whose CSV is ``body`` (hashed as it is)."""
    root.mkdir(exist_ok=True)
    (root / "t.csv").write_bytes(body)
    resource = {
        "name": "t",
        "path": "t.csv",
        "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
        "bytes": len(body),
        "schema": {"fields": fields, "missingValues": [""], **extra},
    }
    _write_descriptor(root, {"resources": [resource]})


def _error(root: Path, name: str = "t") -> data.DataValidationError:
    with pytest.raises(data.DataValidationError) as info:
        data._load_from(root, name)
    return info.value


DATES: list[dict[str, Any]] = [{"name": "id", "type": "string"}, {"name": "day", "type": "date"}]


# -- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", ["1648-10-24", "1500-01-01", "0001-01-01", "2262-04-12", "9999-12-31"]
)
def test_a_date_outside_the_nanosecond_range_loads_as_itself(tmp_path: Path, day: str) -> None:
    _table(tmp_path, DATES, f"id,day\na,{day}\nb,1985-11-19\n".encode())
    loaded = data._load_from(tmp_path, "t")["day"]
    assert loaded[0].date().isoformat() == day
    assert loaded[1].date().isoformat() == "1985-11-19"


def test_the_real_dates_still_load_as_dates() -> None:
    summits = data.load("summits")
    assert str(summits["start_date"].dtype) == "datetime64[s]"
    assert (summits["end_date"] >= summits["start_date"]).all()


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [("summits", "start_date", "end_date"), ("leaders", "term_start", "term_end")],
)
def test_an_end_before_its_start_is_refused(package: Path, name: str, start: str, end: str) -> None:
    path = package / _resource(_descriptor(package), name)["path"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    assert "," not in "".join(cells[header.index(c)] for c in (start, end))
    cells[header.index(end)] = "1900-01-01"
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    _rehash(package, name)
    err = _error(package, name)
    message = str(err)
    assert str(path) in message
    assert f"row 1, CSV line 2, column {end!r}: value '1900-01-01'" in message
    assert f"{end} is before {start}" in message


def _rehash(root: Path, name: str) -> None:
    descriptor = _descriptor(root)
    resource = _resource(descriptor, name)
    raw = (root / resource["path"]).read_bytes()
    resource["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
    resource["bytes"] = len(raw)
    _write_descriptor(root, descriptor)


# -- cells and files -----------------------------------------------------------------

REQUIRED: list[dict[str, Any]] = [
    {"name": "id", "type": "string", "constraints": {"required": True}},
    {"name": "n", "type": "integer"},
]


def test_a_required_cell_of_spaces_is_refused(tmp_path: Path) -> None:
    _table(tmp_path, REQUIRED, b"id,n\na,1\n   ,2\n")
    message = str(_error(tmp_path))
    assert "row 2, CSV line 3, column 'id': value '   ': required, but blank" in message


def test_a_header_only_file_is_refused(tmp_path: Path) -> None:
    _table(tmp_path, REQUIRED, b"id,n\n")
    message = str(_error(tmp_path))
    assert "t.csv" in message
    assert "a header but no rows of data" in message


def test_a_nul_byte_is_refused_with_its_line(tmp_path: Path) -> None:
    _table(tmp_path, REQUIRED, b"id,n\na,1\nb\x00,2\n")
    message = str(_error(tmp_path))
    assert "t.csv, CSV line 3: a NUL character" in message


def test_a_bom_in_a_csv_is_named_as_a_bom(tmp_path: Path) -> None:
    _table(tmp_path, REQUIRED, b"\xef\xbb\xbfid,n\na,1\n")
    message = str(_error(tmp_path))
    assert "byte-order mark (BOM" in message
    assert "t.csv" in message


def test_one_blank_line_is_one_problem(tmp_path: Path) -> None:
    names = [f"c{i}" for i in range(17)]
    fields: list[dict[str, Any]] = [
        {"name": name, "type": "string", "constraints": {"required": True}} for name in names
    ]
    header = ",".join(names)
    row = ",".join("x" for _ in fields)
    _table(tmp_path, fields, f"{header}\n{row}\n\n{row}\n".encode())
    err = _error(tmp_path)
    assert len(err.problems) == 1
    assert "1 problem:" in str(err)
    assert "row 2, CSV line 3: a blank line" in str(err)


def test_a_20_digit_integer_is_a_cell_problem(tmp_path: Path) -> None:
    _table(tmp_path, REQUIRED, b"id,n\na,12345678901234567890\n")
    message = str(_error(tmp_path))
    assert "column 'n': value '12345678901234567890': outside the integers" in message


def test_the_largest_int64_still_loads(tmp_path: Path) -> None:
    _table(tmp_path, REQUIRED, f"id,n\na,{2**63 - 1}\nb,{-(2**63)}\n".encode())
    assert data._load_from(tmp_path, "t")["n"].tolist() == [2**63 - 1, -(2**63)]


# -- the descriptor -------------------------------------------------------------------


def _descriptor_error(root: Path) -> str:
    with pytest.raises(data.DataValidationError) as info:
        data._open(root)
    assert info.value.file.endswith("datapackage.json")
    return str(info.value)


@pytest.mark.parametrize("value", [None, "", "missing"])
def test_a_null_or_missing_hash_is_refused(package: Path, value: str | None) -> None:
    descriptor = _descriptor(package)
    summits = _resource(descriptor, "summits")
    if value == "missing":
        del summits["hash"]
    else:
        summits["hash"] = value
    _write_descriptor(package, descriptor)
    message = _descriptor_error(package)
    assert "datapackage.json, resource 'summits'" in message
    assert '"hash"' in message


@pytest.mark.parametrize("value", ["sha999:abcd", "sha256:not-hex", 42])
def test_an_unusable_hash_is_refused(package: Path, value: object) -> None:
    descriptor = _descriptor(package)
    _resource(descriptor, "summits")["hash"] = value
    _write_descriptor(package, descriptor)
    message = _descriptor_error(package)
    assert "resource 'summits'" in message
    assert '"hash"' in message


def test_invalid_json_names_the_file_and_place(package: Path) -> None:
    path = package / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8")[:-3], encoding="utf-8")
    message = _descriptor_error(package)
    assert str(path) in message
    assert "is not valid JSON" in message
    assert "line " in message


def test_a_bom_in_the_descriptor_is_named(package: Path) -> None:
    path = package / "datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "byte-order mark (BOM)" in _descriptor_error(package)


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda r: r["schema"].update(primaryKey="nope"), '"primaryKey" names no field'),
        (lambda r: r.pop("schema"), '"schema" is missing'),
        (lambda r: r["schema"].pop("fields"), 'has no "fields"'),
        (lambda r: r.pop("path"), '"path"'),
        (lambda r: r.update(bytes="many"), '"bytes"'),
    ],
    ids=["unknown primary key", "no schema", "no fields", "no path", "bad bytes"],
)
def test_a_malformed_resource_names_the_resource_and_key(
    package: Path, edit: Any, key: str
) -> None:
    descriptor = _descriptor(package)
    edit(_resource(descriptor, "summits"))
    _write_descriptor(package, descriptor)
    message = _descriptor_error(package)
    assert "resource 'summits'" in message
    assert key in message


# -- line endings (a Windows checkout with core.autocrlf=true) ------------------------


def test_crlf_line_endings_are_named_and_the_hash_is_not_to_be_changed(package: Path) -> None:
    path = package / "summits.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    message = str(_error(package, "summits"))
    assert "Windows line endings (CRLF)" in message
    assert "Do not change the hash" in message
    assert "git checkout -- data/summits.csv" in message


def test_gitattributes_keeps_every_hashed_file_byte_for_byte() -> None:
    hashed = [f"data/{r['path']}" for r in _descriptor(DATA)["resources"]]
    vendor = json.loads((ROOT / "vendor/vendor.json").read_text("utf-8"))
    hashed += [f"vendor/{record['file']}" for record in vendor]
    proc = subprocess.run(
        ["git", "check-attr", "text", "--", *hashed],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    unset = [line.split(": ")[0] for line in proc.stdout.splitlines() if line.endswith(": unset")]
    assert sorted(unset) == sorted(hashed)
