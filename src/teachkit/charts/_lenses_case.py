"""The time points of one case for :func:`teachkit.lenses_view`: meetings and coded episodes.

A pair's points are its meetings (:func:`teachkit.data.records.summits`)
and the coded episodes of ``trust_codings`` that were not meetings (such as
the Kargil conflict). Labels come from CSV columns: a pair's ``label``, a
meeting's ``place`` and ``title``, an episode's ``episode_label`` and
``interaction_mode``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Final

from teachkit import _checks
from teachkit.data._loader import _records
from teachkit.data.episodes import Episode, episodes
from teachkit.data.records import dyad_labels, summits
from teachkit.models.wheeler import stage_reached

_DAYS_PER_YEAR: Final = 365.25


@dataclass(frozen=True)
class Point:
    """A meeting of the pair, or a coded episode that was not a meeting."""

    day: dt.date
    dates: str  # as the table shows them
    title: str
    short: str  # for the axis strip
    month: str
    summit: int  # 1, 2, ... for the pair's summits; 0 when not a meeting
    episode: Episode | None
    stage: int | None


@dataclass(frozen=True)
class Case:
    """A pair of leaders and its time points, oldest first."""

    dyad: str
    label: str
    points: tuple[Point, ...]

    def years(self, point: Point) -> float:
        """Years from the first point to ``point`` (the models' time)."""
        return (point.day - self.points[0].day).days / _DAYS_PER_YEAR

    @property
    def summits(self) -> int:
        """How many of the points are meetings."""
        return max(p.summit for p in self.points)


def _episode_day(date: str) -> tuple[dt.date, str]:
    """First day of an episode's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and its text."""
    parts = [int(p) for p in date.split("-")]
    day = dt.date(*[*parts, 1, 1][:3])
    if len(parts) == 3:
        return day, day.isoformat()
    return day, f"{day:%B %Y}" if len(parts) == 2 else str(day.year)


def _stage(e: Episode) -> int:
    return stage_reached(**e.codes())


def _coded() -> tuple[dict[str, str], dict[str, str]]:
    """Episode id -> summit id (for meetings) and episode id -> interaction mode."""
    rows = _records("trust_codings")
    linked = {
        str(r["episode_id"]): str(r["summit_id"])
        for r in rows
        if r["summit_id"] == r["summit_id"] and r["summit_id"]  # not NaN or empty
    }
    modes = {str(r["episode_id"]): str(r["interaction_mode"]) for r in rows}
    return linked, modes


def _other_point(e: Episode, mode: str) -> Point:
    day, text = _episode_day(e.date)
    month = text if len(text) < 10 else f"{day:%b %Y}"
    what = mode.replace("_", " ")
    return Point(day, text, e.label, f"{what} (not a meeting)", month, 0, e, _stage(e))


@functools.cache
def all_points() -> dict[str, tuple[Point, ...]]:
    """Every pair's time points, oldest first: its summits, and coded episodes that were not.

    Summits are numbered 1, 2, ... in date order (``summit``); other coded
    episodes, such as a crisis between meetings, get 0 and are no Kydd signal.
    """
    linked, modes = _coded()
    by_summit = {linked[e.id]: e for e in episodes() if e.id in linked}
    points: dict[str, list[Point]] = {}
    for s in summits():
        e = by_summit.get(s.id)
        stage = None if e is None else _stage(e)
        point = Point(s.start, s.dates, s.title, s.short_place, f"{s.start:%b %Y}", 1, e, stage)
        points.setdefault(s.dyad, []).append(point)
    for e in episodes():
        if e.id not in linked:
            points.setdefault(e.dyad, []).append(_other_point(e, modes[e.id]))
    numbered: dict[str, tuple[Point, ...]] = {}
    for dyad, rows in points.items():
        rows.sort(key=lambda p: (p.day, p.title))
        count, out = 0, []
        for p in rows:
            count += p.summit
            out.append(replace(p, summit=count if p.summit else 0))
        numbered[dyad] = tuple(out)
    return numbered


def lens_cases() -> dict[str, str]:
    """The pairs :func:`teachkit.lenses_view` accepts: id -> label, by first meeting.

    A pair qualifies with at least two time points: meetings in ``summits``
    plus coded episodes in ``trust_codings`` that were not meetings.

    Examples
    --------
    >>> lens_cases()["reagan__gorbachev"] == "Reagan\u2013Gorbachev"
    True
    """
    labels = dyad_labels()
    ok = sorted((rows[0].day, d) for d, rows in all_points().items() if len(rows) >= 2)
    return {d: labels.get(d, d) for _, d in ok}


def case_for(case: object) -> Case:
    """The ``case`` argument (a pair id or label) as a :class:`Case`; errors list the valid ones."""
    valid = lens_cases()
    labels = dyad_labels()
    every = {k: k for k in labels} | {v: k for k, v in labels.items()}
    dyad = str(
        _checks.choice("case", case.strip() if isinstance(case, str) else case, every, listed=valid)
    )
    if dyad not in valid:
        options = ", ".join(f"{k} ({v})" for k, v in valid.items())
        raise ValueError(
            f"{labels[dyad]} ({dyad}) has fewer than two meetings or coded episodes, so there "
            f"is no path to read. Valid cases (id or label): {options}."
        )
    return Case(dyad, valid[dyad], all_points()[dyad])
