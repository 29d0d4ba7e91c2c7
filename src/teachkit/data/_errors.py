"""Data validation errors: each names the file, the row, the column and the value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    pass

_DESCRIPTOR = "datapackage.json"
_MAX_PROBLEMS = 5
_BOOK_AUTHORS = "The Trusting Enemies authors"
_ORDINAL_ENUMS = (("low", "medium", "high"),)  # enums read as ordered without a schema flag
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|NaN|-?INF")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT64 = (-(2**63), 2**63 - 1)  # what an int64 column holds
# hash algorithms a descriptor may name (frictionless's); bare hex is MD5
_HASHES = frozenset({"md5", "sha1", "sha256", "sha512"})
# (start, end) date columns: where a resource has both, no end may come before its start
_DATE_RANGES = (("start_date", "end_date"), ("term_start", "term_end"))


# -- errors -------------------------------------------------------------------------


class Problem(NamedTuple):
    """One cell (or row) that breaks the schema; ``row`` is the 1-based data row."""

    row: int | None
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = [
            f"row {self.row}" if self.row else "",
            f"CSV line {self.line}" if self.line else "",
        ]
        place = ", ".join(w for w in where if w)
        if self.column is not None:
            place += f", column {self.column!r}"
        value = f": value {self.value!r}" if self.value is not None else ""
        return f"{place}{value}: {self.rule}"


class DataValidationError(ValueError):
    """A data file does not match its description in ``datapackage.json``.

    ``file`` is the CSV's path and ``problems`` the first problems found.
    """

    def __init__(self, file: str, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.file = file
        self.problems = tuple(problems)


class UnknownDatasetError(KeyError, ValueError):
    """There is no dataset of that name; the message lists the names there are."""

    def __init__(self, name: str, valid: Sequence[str]) -> None:
        self.name = name
        self.valid = tuple(valid)
        self.suggestions = tuple(difflib.get_close_matches(name, self.valid, n=3, cutoff=0.6))
        hint = (
            f" Did you mean {' or '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        )
        self.message = (
            f"There is no dataset named {name!r}.{hint} The datasets are: {', '.join(self.valid)}."
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
