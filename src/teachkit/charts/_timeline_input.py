"""The summits timeline's arguments: which pairs, and which window of dates.

Checked here so that :mod:`teachkit.charts.timeline` builds only valid charts;
a wrong type is a TypeError and a bad value a ValueError naming the valid options.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from teachkit import _checks
from teachkit.data.records import Summit, dyad_labels, summits

_DATE_FORM: Final = (
    "a date: an ISO string such as '1985-11-19', a year from 1 to 9999 such as 1985, "
    "or a datetime.date"
)


def _resolve_dyads(dyads: object, rows: Sequence[Summit]) -> list[str]:
    """Dyad ids for the ``dyads`` argument: ids or labels, any case, '-' for the en dash."""
    met = {s.dyad: s.pair for s in rows}
    if dyads is None:
        return list(met)
    if isinstance(dyads, str):
        wanted: list[object] = [dyads]
    elif isinstance(dyads, Iterable) and not isinstance(dyads, Mapping):
        wanted = list(dyads)
    else:
        raise TypeError(
            "dyads must be a pair id or label (a str such as 'reagan__gorbachev'), a list of "
            f"them, or None for all pairs (got {type(dyads).__name__} {dyads!r})"
        )
    if not wanted:
        raise ValueError("dyads must name at least one pair of leaders (or be None for all)")
    labels = dyad_labels()
    every = {k: k for k in labels} | {v: k for k, v in labels.items()}
    resolved: list[str] = []
    for item in wanted:
        dyad = str(_checks.choice("dyads", item, every, listed=met))
        if dyad not in met:
            raise ValueError(
                f"{labels[dyad]} ({dyad}) has no meeting in the summits table. "
                f"Pairs with meetings: {', '.join(f'{k} ({v})' for k, v in met.items())}."
            )
        if dyad not in resolved:
            resolved.append(dyad)
    return resolved


def _year(name: str, year: int, value: object) -> dt.date:
    if not 1 <= year <= 9999:
        raise ValueError(f"{name} must be {_DATE_FORM} (got {value!r})")
    return dt.date(year, 1, 1) if name == "start" else dt.date(year, 12, 31)


def _day(name: str, value: object) -> dt.date | None:
    """The ``start`` or ``end`` argument as a day (a year means its first or last day)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return _year(name, value, value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {_DATE_FORM} (got {type(value).__name__} {value!r})")
    text = value.strip()
    if text.isdigit():
        return _year(name, int(text), value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} must be {_DATE_FORM} (got {value!r})") from None


def _select(dyads: object, start: object, end: object) -> tuple[list[Summit], list[str]]:
    every = summits()
    chosen = _resolve_dyads(dyads, every)
    first, last = _day("start", start), _day("end", end)
    if first is not None and last is not None and first > last:
        raise ValueError(f"start ({first.isoformat()}) is after end ({last.isoformat()})")
    rows = [
        s
        for s in every
        if s.dyad in chosen
        and (first is None or s.end >= first)
        and (last is None or s.start <= last)
    ]
    if not rows:
        window = f"{first or 'the beginning'} to {last or 'the end'}"
        raise ValueError(f"no summit of the chosen pairs falls between {window}")
    lanes = list(dict.fromkeys(s.pair for s in rows))  # rows are in date order
    return rows, lanes
