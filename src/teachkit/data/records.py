"""Typed rows of the datasets the charts read: pairs of leaders, summits and essays.

Each record is a frozen dataclass built from the checked rows of
:func:`teachkit.data.load`; every label comes from a CSV column (a pair's
``label`` in ``dyads.csv``), never from parsing an id. Notes about the
values of a column (what a ``date_basis`` means) live in ``datapackage.json``
under the resource's ``notes`` and are read with :func:`value_notes`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from teachkit.data._loader import _package, _records


def _text(value: object) -> str:
    """A cell as text: ``""`` for a missing value (None or NaN)."""
    return "" if value is None or value != value else str(value)


def _day(value: Any) -> dt.date:
    return dt.date(value.year, value.month, value.day)


@dataclass(frozen=True)
class Dyad:
    """A pair of leaders of ``dyads.csv``: its id and display label."""

    id: str
    label: str
    leader_a: str
    leader_b: str


@dataclass(frozen=True)
class Summit:
    """A meeting of ``summits.csv``; ``pair`` is its dyad's label from ``dyads.csv``."""

    id: str
    title: str
    start: dt.date
    end: dt.date
    date_basis: str
    place: str
    place_label: str
    country: str
    dyad: str
    pair: str
    kind: str
    outcome: str
    source: str
    source_url: str
    verified: bool

    @property
    def dates(self) -> str:
        """The dates as text: one ISO day, or ``first to last``."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def short_place(self) -> str:
        """The place in a word or two (the ``place_label`` column): ``"Reykjavik"``."""
        return self.place_label


@dataclass(frozen=True)
class Essay:
    """A source essay of ``essays.csv``, dated to the precision known."""

    id: str
    author: str
    title: str
    venue: str
    date: str
    precision: str
    date_note: str

    @property
    def first_day(self) -> dt.date:
        """The first day the date can mean."""
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def last_day(self) -> dt.date:
        """The last day the date can mean (end of the month or year when imprecise)."""
        first = self.first_day
        if self.precision == "day":
            return first
        if self.precision == "month":
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first.replace(month=12, day=31)

    @property
    def date_text(self) -> str:
        """The date in words, saying when only the month or year is known."""
        first = self.first_day
        if self.precision == "day":
            return f"{first.day} {first:%b %Y}"
        if self.precision == "month":
            return f"{first:%b %Y} (month only, day unknown)"
        return f"{first.year} (year only)"

    @property
    def surname(self) -> str:
        """The author's surname, or ``"author unknown"``."""
        name = self.author.split(" (")[0].strip()
        return name.split()[-1] if name else "author unknown"


@functools.cache
def dyads() -> tuple[Dyad, ...]:
    """Every pair of leaders, in the order of ``dyads.csv``.

    Examples
    --------
    >>> next(d.label for d in dyads() if d.id == "reagan__gorbachev") == "Reagan\u2013Gorbachev"
    True
    """
    return tuple(
        Dyad(str(r["id"]), str(r["label"]), str(r["leader_a"]), str(r["leader_b"]))
        for r in _records("dyads")
    )


def dyad_labels() -> dict[str, str]:
    """Pair id -> display label (the ``label`` column of ``dyads.csv``)."""
    return {d.id: d.label for d in dyads()}


@functools.cache
def summits() -> tuple[Summit, ...]:
    """Every meeting, oldest first.

    Examples
    --------
    >>> first = next(s for s in summits() if s.dyad == "reagan__gorbachev")
    >>> first.title, first.short_place, first.start.isoformat()
    ('Geneva Summit', 'Geneva', '1985-11-19')
    """
    labels = dyad_labels()
    rows = [
        Summit(
            id=str(r["id"]),
            title=str(r["title"]),
            start=_day(r["start_date"]),
            end=_day(r["end_date"]),
            date_basis=str(r["date_basis"]),
            place=str(r["place"]),
            place_label=str(r["place_label"]),
            country=str(r["country"]),
            dyad=str(r["dyad"]),
            pair=labels.get(str(r["dyad"]), str(r["dyad"])),
            kind=str(r["kind"]),
            outcome=str(r["outcome"]),
            source=str(r["source"]),
            source_url=str(r["source_url"]),
            verified=bool(r["verified"]),
        )
        for r in _records("summits")
    ]
    return tuple(sorted(rows, key=lambda s: (s.start, s.end, s.id)))


@functools.cache
def essays() -> tuple[Essay, ...]:
    """The five source essays, in the order of ``essays.csv``.

    Examples
    --------
    >>> [(e.id, e.precision) for e in essays()][:1]
    [('e000', 'day')]
    """
    return tuple(
        Essay(
            id=str(r["id"]),
            author=_text(r["author"]),
            title=str(r["title"]),
            venue=str(r["venue"]),
            date=str(r["date"]),
            precision=str(r["date_precision"]),
            date_note=_text(r["date_note"]),
        )
        for r in _records("essays")
    )


def value_notes(dataset: str, column: str) -> Mapping[str, str]:
    """What each value of a column means, from ``notes`` in ``datapackage.json``.

    Examples
    --------
    >>> value_notes("summits", "date_basis")["visit_span"]
    'First and last day of a visit with meetings on several separate days.'
    >>> value_notes("summits", "kind")
    {}
    """
    notes = _package().resource(dataset).get("notes") or {}
    return {str(k): str(v) for k, v in (notes.get(column) or {}).items()}
