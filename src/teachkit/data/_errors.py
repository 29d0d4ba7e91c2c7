"""Data validation errors: each names the file, the row, the column and the value."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NamedTuple

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
