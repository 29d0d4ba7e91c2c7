"""Checking a CSV against its schema in ``datapackage.json``: every cell, key and hash."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import pandas as pd

from teachkit.data._errors import DataValidationError, Problem

_DESCRIPTOR = "datapackage.json"
_MAX_PROBLEMS = 5
_ORDINAL_ENUMS = (("low", "medium", "high"),)  # enums read as ordered without a schema flag
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|NaN|-?INF")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT64 = (-(2**63), 2**63 - 1)  # what an int64 column holds
# hash algorithms a descriptor may name (frictionless's); bare hex is MD5
_HASHES = frozenset({"md5", "sha1", "sha256", "sha512"})
# (start, end) date columns: where a resource has both, no end may come before its start
_DATE_RANGES = (("start_date", "end_date"), ("term_start", "term_end"))


# -- checking a CSV against its schema ----------------------------------------------


class _CellError(Exception):
    """A cell breaks a rule (the message says which)."""


def _parser(field: Mapping[str, Any]) -> Callable[[str], object]:
    kind = field.get("type", "string")
    if field.get("format", "default") != "default":
        raise ValueError(f"field {field['name']!r}: teachkit reads only default formats")
    if kind == "string":
        return str
    if kind == "integer":

        def integer(text: str) -> int:
            if not _INTEGER.fullmatch(text):
                raise _CellError("not an integer (type integer: digits only, e.g. 42)")
            value = int(text)
            if not _INT64[0] <= value <= _INT64[1]:
                raise _CellError("outside the integers a column holds (-2**63 to 2**63 - 1)")
            return value

        return integer
    if kind == "number":

        def number(text: str) -> float:
            if not _NUMBER.fullmatch(text):
                raise _CellError("not a number (type number: e.g. 3.5, no spaces or commas)")
            return float(text.replace("INF", "inf"))

        return number
    if kind == "boolean":
        truth = dict.fromkeys(field.get("trueValues", ["true"]), True)
        truth.update(dict.fromkeys(field.get("falseValues", ["false"]), False))

        def boolean(text: str) -> bool:
            if text not in truth:
                raise _CellError(f"not a boolean (type boolean: write {' or '.join(truth)})")
            return truth[text]

        return boolean
    if kind == "date":

        def date(text: str) -> dt.date:
            try:
                if _DATE.fullmatch(text):
                    return dt.date.fromisoformat(text)
            except ValueError:
                raise _CellError("not a calendar date (type date: YYYY-MM-DD)") from None
            raise _CellError("not a date (type date: YYYY-MM-DD, e.g. 1985-11-19)")

        return date
    raise ValueError(f"field {field['name']!r}: teachkit cannot read type {kind!r}")


class _Column:
    """One field's checks, compiled once per load."""

    def __init__(self, field: Mapping[str, Any], *, key: bool = False) -> None:
        c = field.get("constraints") or {}
        self.name: str = field["name"]
        self.type: str = field.get("type", "string")
        self.parse = _parser(field)
        self.required = bool(c.get("required"))
        self.required = self.required or key  # primary-key columns are implicitly required
        self.unique = bool(c.get("unique")) or key  # ...and a one-column key is unique

        def typed(v: object) -> object:
            return self.parse(v) if isinstance(v, str) else v

        self.enum: tuple[object, ...] | None = (
            tuple(typed(v) for v in c["enum"]) if "enum" in c else None
        )
        self.ordered = bool(
            field.get("categoriesOrdered", tuple(c.get("enum", ())) in _ORDINAL_ENUMS)
        )
        self.pattern = re.compile(c["pattern"]) if "pattern" in c else None
        self.minimum = typed(c["minimum"]) if "minimum" in c else None
        self.maximum = typed(c["maximum"]) if "maximum" in c else None
        self.min_length: int | None = c.get("minLength")
        self.max_length: int | None = c.get("maxLength")

    def check(self, text: str) -> object:
        """The cell's value, or _CellError naming the broken rule."""
        value = self.parse(text)
        if self.enum is not None and value not in self.enum:
            close = difflib.get_close_matches(text, [str(e) for e in self.enum], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            allowed = ", ".join(map(str, self.enum[:12])) + (", ..." if len(self.enum) > 12 else "")
            raise _CellError(f"not one of the allowed values (enum: {allowed}){hint}")
        if self.pattern is not None and not self.pattern.fullmatch(text):
            raise _CellError(f"does not match the pattern {self.pattern.pattern}")
        if self.minimum is not None and value < self.minimum:  # type: ignore[operator]
            raise _CellError(f"less than the minimum {self.minimum}")
        if self.maximum is not None and value > self.maximum:  # type: ignore[operator]
            raise _CellError(f"more than the maximum {self.maximum}")
        if self.min_length is not None and len(text) < self.min_length:
            raise _CellError(f"shorter than the minimum length {self.min_length}")
        if self.max_length is not None and len(text) > self.max_length:
            raise _CellError(f"longer than the maximum length {self.max_length}")
        return value


def _fail(file: str, resource: str, problems: list[Problem], total: int) -> DataValidationError:
    shown = "\n".join(f"  - {p}" for p in problems)
    more = f"\n  ... and {total - len(problems)} more" if total > len(problems) else ""
    return DataValidationError(
        file,
        f"{file} does not match its schema (resource {resource!r} in {_DESCRIPTOR}); "
        f"{total} problem{'s' if total != 1 else ''}:\n{shown}{more}\n"
        f"Fix the cells (or the schema, if the data are right). After editing the CSV, "
        f'update the resource\'s "hash" and "bytes" in {_DESCRIPTOR}.',
        problems,
    )


def _resource_problem(resource: Mapping[str, Any]) -> str | None:
    """What is wrong with one resource's description, or None."""
    if not isinstance(resource.get("path"), str):
        return '"path" must be the CSV file\'s name, e.g. "summits.csv"'
    expected = resource.get("hash")
    if not isinstance(expected, str) or not expected.strip():
        return (
            f'"hash" is {"missing" if "hash" not in resource else repr(expected)}: every file '
            f'needs one ("sha256:<hex digest of the file>"), or its integrity goes unchecked'
        )
    algorithm, _, digest = expected.rpartition(":")
    if (algorithm or "md5") not in _HASHES:
        return f'"hash" {expected!r} names no known algorithm: use one of {sorted(_HASHES)}'
    if not re.fullmatch(r"[0-9a-fA-F]+", digest):
        return f'"hash" {expected!r} is not "<algorithm>:<hex digest>"'
    size = resource.get("bytes")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        return f'"bytes" {size!r} must be the file\'s size, a whole number'
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        return '"schema" is missing (or not an object): it lists the file\'s fields'
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return '"schema" has no "fields": list every column, e.g. [{"name": "id", ...}]'
    names = [f.get("name") if isinstance(f, dict) else None for f in fields]
    if not all(isinstance(n, str) and n for n in names):
        return 'every entry of "schema"."fields" must be an object with a "name"'
    key = schema.get("primaryKey") or []
    unknown = [k for k in ([key] if isinstance(key, str) else key) if k not in names]
    if unknown:
        return f'"schema"."primaryKey" names no field {unknown[0]!r}; the fields are {names}'
    return None


def _check_hash(file: str, raw: bytes, resource: Mapping[str, Any]) -> None:
    """Compare the file with the descriptor's ``hash`` (``sha256:<hex>``; bare hex is MD5)."""
    expected = resource.get("hash")
    if not isinstance(expected, str) or _resource_problem(resource):
        problem = _resource_problem(resource) or '"hash" is missing'
        raise DataValidationError(
            file, f"{_DESCRIPTOR}, resource {resource.get('name')!r}: {problem}"
        )
    algorithm, _, digest = expected.rpartition(":")
    actual = hashlib.new(algorithm or "md5", raw).hexdigest()
    size = resource.get("bytes", len(raw))
    if digest.lower() == actual and size == len(raw):
        return
    unix = raw.replace(b"\r\n", b"\n")
    if unix != raw and hashlib.new(algorithm or "md5", unix).hexdigest() == digest.lower():
        raise DataValidationError(
            file,
            f"{file} has Windows line endings (CRLF) where {_DESCRIPTOR} describes the file "
            f"with LF: git converted them on checkout (core.autocrlf). Do not change the hash, "
            f"which every other checkout needs: the repository's .gitattributes keeps data "
            f"files byte for byte, so delete the file and check it out again "
            f"(git checkout -- data/{resource['path']}).",
        )
    actual = f"{algorithm}:{actual}" if algorithm else actual
    raise DataValidationError(
        file,
        f"{file} has changed since {_DESCRIPTOR} described it: expected hash {expected} "
        f"({size} bytes), actual hash {actual} ({len(raw)} bytes). If the edit was intended, "
        f"check the file (frictionless validate {_DESCRIPTOR}), then set "
        f'"hash" to "{actual}" and "bytes" to {len(raw)} for resource {resource["name"]!r} in '
        f"{_DESCRIPTOR}. If not, restore the original file.",
    )


def _rows(reader: Iterator[list[str]], file: str) -> Iterator[list[str]]:
    """The reader's rows; a malformed CSV (e.g. an unclosed quote) is a DataValidationError."""
    try:
        yield from reader
    except csv.Error as err:
        line = getattr(reader, "line_num", "?")
        raise DataValidationError(file, f"{file}, CSV line {line}: not valid CSV ({err})") from None


def _check_text(file: str, text: str) -> None:
    """Refuse what the CSV reader would misread: a byte-order mark, a NUL character."""
    if text.startswith("\ufeff"):
        raise DataValidationError(
            file,
            f"{file} starts with a byte-order mark (BOM, U+FEFF), which would become part of "
            f"the first column's name: save the file as UTF-8 without a BOM",
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataValidationError(
            file, f"{file}, CSV line {line}: a NUL character (byte 0); is this a text file?"
        )


def _range_problems(
    columns: list[_Column], rows: list[list[object]], line_of: Mapping[int, int]
) -> list[Problem]:
    """Rows whose end date comes before their start date (the pairs in _DATE_RANGES)."""
    at = {c.name: i for i, c in enumerate(columns) if c.type == "date"}
    found = []
    for start, end in ((s, e) for s, e in _DATE_RANGES if s in at and e in at):
        for number, row in enumerate(rows, start=1):
            first, last = row[at[start]], row[at[end]]
            if first is not None and last is not None and last < first:  # type: ignore[operator]
                rule = f"{end} is before {start} ({first})"
                found.append(Problem(number, line_of[number], end, str(last), rule))
    return found


def _read_checked(
    root: Traversable, resource: Mapping[str, Any]
) -> tuple[list[_Column], list[list[object]]]:
    """The columns and the typed cell values (None when missing), after every check."""
    path = root.joinpath(resource["path"])
    file, raw = str(path), path.read_bytes()
    _check_hash(file, raw, resource)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataValidationError(file, f"{file} is not UTF-8 ({err})") from None
    _check_text(file, text)
    schema = resource["schema"]
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    try:
        columns = [_Column(f, key=[f["name"]] == key) for f in schema["fields"]]
    except (ValueError, re.error) as err:
        message = f"{_DESCRIPTOR}, resource {resource['name']!r}: {err}"
        raise DataValidationError(file, message) from None
    missing = set(schema.get("missingValues", [""]))
    key_at = [[c.name for c in columns].index(k) for k in key]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader, [])
    if header != [c.name for c in columns]:
        problem = Problem(
            None, 1, None, ",".join(header), f"header must be {[c.name for c in columns]}"
        )
        raise _fail(file, resource["name"], [problem], 1)
    rows, problems, total, line_of = _check_rows(reader, file, columns, key_at, missing)
    if not rows:
        problem = Problem(None, None, None, None, "a header but no rows of data")
        raise _fail(file, resource["name"], [problem], 1)
    if not total:
        found = _range_problems(columns, rows, line_of)
        total, problems = len(found), found[:_MAX_PROBLEMS]
    if total:
        raise _fail(file, resource["name"], problems, total)
    return columns, rows


def _frame(columns: list[_Column], rows: list[list[object]]) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {}
    for i, column in enumerate(columns):
        values: list[Any] = [row[i] for row in rows]
        if column.enum is not None:
            data[column.name] = pd.Categorical(
                values, categories=column.enum, ordered=column.ordered
            )
        elif column.type == "integer":
            has_na = any(v is None for v in values)
            data[column.name] = (
                pd.array(values, dtype="Int64") if has_na else np.array(values, "int64")
            )
        elif column.type == "number":
            data[column.name] = np.array([np.nan if v is None else v for v in values], "float64")
        elif column.type == "boolean":
            data[column.name] = pd.array(values, dtype="boolean")
        elif column.type == "date":
            # seconds, not nanoseconds: [ns] wraps round outside 1677-2262 (1648 -> 2233)
            data[column.name] = np.array(values, dtype="datetime64[s]")
        else:
            data[column.name] = pd.Series(values, dtype=str)
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def _check_cells(
    columns: list[_Column],
    cells: list[str],
    where: tuple[int, int],
    key_at: list[int],
    missing: set[str],
    seen: list[dict[object, int]],
    line_of: Mapping[int, int],
) -> tuple[list[object], list[Problem]]:
    """One row's typed values and its problems (required, type, unique)."""
    number, start = where
    found: list[Problem] = []
    values: list[object] = []
    for i, (column, cell) in enumerate(zip(columns, cells, strict=True)):
        value: object = None
        if cell in missing:
            if column.required or i in key_at:
                found.append(Problem(number, start, column.name, cell, "required, but empty"))
        elif column.required and not cell.strip():
            found.append(Problem(number, start, column.name, cell, "required, but blank"))
        else:
            try:
                value = column.check(cell)
            except _CellError as err:
                found.append(Problem(number, start, column.name, cell, str(err)))
            if column.unique and value is not None:
                first = seen[i].setdefault(value, number)
                if first != number:
                    what = "the primary key" if i in key_at else "unique"
                    rule = f"must be {what}, but row {first} (line {line_of[first]}) has it too"
                    found.append(Problem(number, start, column.name, cell, rule))
        values.append(value)
    return values, found


def _check_rows(
    reader: Any, file: str, columns: list[_Column], key_at: list[int], missing: set[str]
) -> tuple[list[list[object]], list[Problem], int, dict[int, int]]:
    """Every data row's typed values, the first problems, their total and each row's line."""
    problems: list[Problem] = []
    total = 0
    rows: list[list[object]] = []
    seen: list[dict[object, int]] = [{} for _ in columns]
    seen_keys: dict[tuple[object, ...], int] = {}
    line_of = {0: 1}
    start = reader.line_num + 1
    for number, cells in enumerate(_rows(reader, file), start=1):
        found: list[Problem] = []
        line_of[number] = start
        if not cells:  # a blank line: one problem, not one per column
            found.append(Problem(number, start, None, None, "a blank line: delete it"))
            values: list[object] = [None] * len(columns)
        else:
            if len(cells) != len(columns):
                found.append(
                    Problem(
                        number, start, None, None, f"{len(cells)} cells, expected {len(columns)}"
                    )
                )
                cells = [*cells, *[""] * len(columns)][: len(columns)]
            values, bad = _check_cells(
                columns, cells, (number, start), key_at, missing, seen, line_of
            )
            found += bad
            found += _repeated_key(values, columns, key_at, seen_keys, (number, line_of))
        total += len(found)
        problems.extend(found[: max(0, _MAX_PROBLEMS - len(problems))])
        rows.append(values)
        start = reader.line_num + 1
    return rows, problems, total, line_of


def _repeated_key(
    values: list[object],
    columns: list[_Column],
    key_at: list[int],
    seen_keys: dict[tuple[object, ...], int],
    where: tuple[int, Mapping[int, int]],
) -> list[Problem]:
    """A compound primary key that an earlier row already has."""
    number, line_of = where
    pk = tuple(values[i] for i in key_at)
    if len(key_at) < 2 or None in pk:
        return []
    first = seen_keys.setdefault(pk, number)
    if first == number:
        return []
    name = ", ".join(columns[i].name for i in key_at)
    rule = f"primary key ({name}) repeats row {first} (line {line_of[first]})"
    return [Problem(number, line_of[number], name, repr(pk), rule)]
