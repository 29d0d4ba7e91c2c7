"""The summits timeline: one lane per pair of leaders, with the essays' dates and an era brush."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

# Okabe-Ito colours (Okabe and Ito 2008), each kind also has its own shape
KINDS: Final[Mapping[str, tuple[str, str, str]]] = {
    # kind: (label, colour, shape)
    "bilateral_summit": ("Bilateral summit", "#0072B2", "circle"),
    "multilateral_conference": ("Multilateral conference", "#E69F00", "square"),
    "sideline_meeting": ("Meeting on the sidelines", "#009E73", "triangle-up"),
    "state_or_official_visit": ("State or official visit", "#CC79A7", "diamond"),
    "brief_encounter": ("Brief encounter", "#D55E00", "cross"),
}
_ESSAY_COLOUR: Final = "#000000"
_ESSAY_BAND: Final = "#000000"  # grey by opacity: the kinds' colours stay unambiguous
_DATE_NOTES: Final[Mapping[str, str]] = {
    "meeting_days": "",
    "record_window": (
        "These dates are the Office of the Historian's trip or visit window that contains "
        "the meeting, not the day the leaders met."
    ),
    "visit_span": "First and last day of a visit with meetings on several separate days.",
}
ALL_PAIRS: Final = "All"
TABLE_COLUMNS: Final[tuple[str, ...]] = ("Dates", "Pair", "Title", "Place", "Kind", "Source")
_WIDTH: Final = 560


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class _Summit:
    id: str
    title: str
    start: dt.date
    end: dt.date
    date_basis: str
    place: str
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
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class _Essay:
    id: str
    author: str
    title: str
    venue: str
    date: str
    precision: str
    date_note: str

    @property
    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def last_day(self) -> dt.date:
        first = self.first_day
        if self.precision == "day":
            return first
        if self.precision == "month":
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first.replace(month=12, day=31)

    @property
    def date_text(self) -> str:
        first = self.first_day
        if self.precision == "day":
            return f"{first.day} {first:%b %Y}"
        if self.precision == "month":
            return f"{first:%b %Y} (month only, day unknown)"
        return f"{first.year} (year only)"

    @property
    def surname(self) -> str:
        name = self.author.split(" (")[0].strip()
        return name.split()[-1] if name else "author unknown"


def _records(name: str) -> list[dict[str, Any]]:
    from teachkit.data._loader import _records as records

    return records(name)


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value)


def _date(value: Any) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def _dyad_labels() -> dict[str, str]:
    return {str(r["id"]): str(r["label"]) for r in _records("dyads")}


def _summits() -> list[_Summit]:
    labels = _dyad_labels()
    summits = [
        _Summit(
            id=str(r["id"]),
            title=str(r["title"]),
            start=_date(r["start_date"]),
            end=_date(r["end_date"]),
            date_basis=str(r["date_basis"]),
            place=str(r["place"]),
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
    return sorted(summits, key=lambda s: (s.start, s.end, s.id))


def _essays() -> list[_Essay]:
    return [
        _Essay(
            id=str(r["id"]),
            author=_text(r["author"]),
            title=str(r["title"]),
            venue=str(r["venue"]),
            date=str(r["date"]),
            precision=str(r["date_precision"]),
            date_note=_text(r["date_note"]),
        )
        for r in _records("essays")
    ]


# ---------------------------------------------------------------- input checks


def _fold(text: str) -> str:
    return text.casefold().replace("\u2013", "-").replace("\u2014", "-").strip()


def _resolve_dyads(dyads: str | Iterable[str] | None, summits: Sequence[_Summit]) -> list[str]:
    """Dyad ids for the ``dyads`` argument: ids or labels, any case, '-' for the en dash."""
    met = {s.dyad: s.pair for s in summits}
    if dyads is None:
        return list(met)
    wanted = [dyads] if isinstance(dyads, str) else list(dyads)
    if not wanted:
        raise ValueError("dyads must name at least one pair of leaders (or be None for all)")
    labels = _dyad_labels()
    lookup = {_fold(k): k for k in labels} | {_fold(v): k for k, v in labels.items()}
    options = ", ".join(f"{k} ({v})" for k, v in met.items())
    resolved: list[str] = []
    for item in wanted:
        if not isinstance(item, str):
            raise ValueError(f"dyads must be ids or labels as strings (got {item!r})")
        dyad = lookup.get(_fold(item))
        if dyad is None:
            close = difflib.get_close_matches(_fold(item), list(lookup), n=1, cutoff=0.5)
            hint = (
                f" Did you mean {lookup[close[0]]!r} ({labels[lookup[close[0]]]})?" if close else ""
            )
            raise ValueError(
                f"unknown pair of leaders {item!r}.{hint} Valid pairs (id or label): {options}."
            )
        if dyad not in met:
            raise ValueError(
                f"{labels[dyad]} ({dyad}) has no meeting in the summits table. "
                f"Pairs with meetings: {options}."
            )
        if dyad not in resolved:
            resolved.append(dyad)
    return resolved


def _day(name: str, value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:
            return (
                dt.date(int(value.strip()), 1, 1)
                if name == "start"
                else dt.date(int(value.strip()), 12, 31)
            )
        except ValueError:
            pass
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 1, 1) if name == "start" else dt.date(value, 12, 31)
    raise ValueError(
        f"{name} must be a date: an ISO string such as '1985-11-19', a year such as 1985, "
        f"or a datetime.date (got {value!r})"
    )


def _select(
    dyads: str | Iterable[str] | None, start: object, end: object
) -> tuple[list[_Summit], list[str]]:
    summits = _summits()
    chosen = _resolve_dyads(dyads, summits)
    first, last = _day("start", start), _day("end", end)
    if first is not None and last is not None and first > last:
        raise ValueError(f"start ({first.isoformat()}) is after end ({last.isoformat()})")
    rows = [
        s
        for s in summits
        if s.dyad in chosen
        and (first is None or s.end >= first)
        and (last is None or s.start <= last)
    ]
    if not rows:
        window = f"{first or 'the beginning'} to {last or 'the end'}"
        raise ValueError(f"no summit of the chosen pairs falls between {window}")
    lanes = list(dict.fromkeys(s.pair for s in rows))  # rows are in date order
    return rows, lanes


# ---------------------------------------------------------------- the table


def _table_rows(rows: Sequence[_Summit]) -> list[list[str]]:
    return [
        [s.dates, s.pair, s.title, f"{s.place}, {s.country}", KINDS[s.kind][0], s.source]
        for s in rows
    ]


def summit_table(
    *, dyads: str | Iterable[str] | None = None, start: object = None, end: object = None
) -> pd.DataFrame:
    """The summits of :func:`summit_timeline` as a readable table, oldest first.

    The text alternative a chapter can show beside the chart: the same rows,
    with the dates, the pair, the meeting's title, the place, the kind of
    meeting and the main source.

    Parameters
    ----------
    dyads : str or iterable of str, optional
        Pairs to keep, by id (``"reagan__gorbachev"``) or label
        (``"Reagan\u2013Gorbachev"`` with an en dash, or a plain hyphen); default all.
    start, end : str, int or datetime.date, optional
        Keep meetings that overlap this window (ISO dates or years).

    Returns
    -------
    pandas.DataFrame
        Columns ``Dates``, ``Pair``, ``Title``, ``Place``, ``Kind``, ``Source``.

    Raises
    ------
    ValueError
        On an unknown pair (the message lists the valid ones and suggests the
        closest), a bad date, ``start`` after ``end``, or an empty selection.

    Examples
    --------
    >>> summit_table(dyads="Reagan-Gorbachev")["Title"].iloc[0]
    'Geneva Summit'
    """
    import pandas as pd

    rows, _ = _select(dyads, start, end)
    return pd.DataFrame(_table_rows(rows), columns=list(TABLE_COLUMNS))


# ---------------------------------------------------------------- the chart


def _summit_frame(rows: Sequence[_Summit]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "id": s.id,
                "title": s.title,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "dates": s.dates,
                "date_note": _DATE_NOTES.get(s.date_basis, ""),
                "place": f"{s.place}, {s.country}",
                "pair": s.pair,
                "kind": KINDS[s.kind][0],
                "outcome": s.outcome,
                "source": s.source,
                "source_url": s.source_url,
                "checked": "yes" if s.verified else "no (unverified)",
            }
            for s in rows
        ]
    )


def _essay_frame(first: dt.date | None, last: dt.date | None) -> pd.DataFrame:
    import pandas as pd

    essays = [
        e
        for e in _essays()
        if (first is None or e.last_day >= first) and (last is None or e.first_day <= last)
    ]
    return pd.DataFrame(
        [
            {
                "essay": e.id,
                "label": f"{e.id} {e.surname}, {e.date_text}",
                "start": e.first_day.isoformat(),
                "after_end": (e.last_day + dt.timedelta(days=1)).isoformat(),
                "exact_day": e.precision == "day",
                "lane": i,
                "title": e.title,
                "venue": e.venue,
                "date": e.date_text,
                "date_note": e.date_note,
            }
            for i, e in enumerate(essays)
        ],
        columns=[
            "essay",
            "label",
            "start",
            "after_end",
            "exact_day",
            "lane",
            "title",
            "venue",
            "date",
            "date_note",
        ],
    )


def summit_timeline(
    *, dyads: str | Iterable[str] | None = None, start: object = None, end: object = None
) -> alt.VConcatChart:
    """Leaders' meetings on a timeline: one lane per pair, with the essays' dates.

    Lanes are pairs of leaders, ordered by their first meeting. Each meeting
    is a mark (shape and Okabe-Ito colour by kind) with a rule from its first
    to its last day; tooltips give the title, dates, place, outcome and
    source. A menu ("Pair of leaders") keeps one pair; dragging across the
    overview strip below zooms the timeline to an era (double-click to
    reset). Black rules and orange month bands mark the publication dates of
    the five source essays; a band means only the month is known. Everything
    is bound in the Vega-Lite spec, so it works in the static book.

    Parameters
    ----------
    dyads : str or iterable of str, optional
        Pairs to show, by id or label (see :func:`summit_table`); default all.
    start, end : str, int or datetime.date, optional
        Show meetings (and essays) that overlap this window.

    Returns
    -------
    altair.VConcatChart

    Raises
    ------
    ValueError
        On an unknown pair (with the valid options and the closest match), a
        bad date, ``start`` after ``end``, or an empty selection.

    Examples
    --------
    >>> spec = summit_timeline(dyads=["trump__kim_jong_un"]).to_dict()
    >>> sorted(p["name"] for p in spec["params"])
    ['era', 'from_year', 'pair', 'to_year']
    """
    import altair as alt

    rows, lanes = _select(dyads, start, end)
    first, last = _day("start", start), _day("end", end)
    summits = _summit_frame(rows)
    essays = _essay_frame(first, last)

    era = alt.selection_interval(encodings=["x"], name="era")
    # The brush needs a pointer; two year sliders give keyboard users the same power
    # (when the meetings span more than one year: a single year leaves nothing to choose).
    first_year = min(r.start.year for r in rows)
    last_year = max(r.end.year for r in rows)
    from_year = alt.param(
        name="from_year",
        value=first_year,
        bind=alt.binding_range(min=first_year, max=last_year, step=1, name="From year"),
    )
    to_year = alt.param(
        name="to_year",
        value=last_year,
        bind=alt.binding_range(min=first_year, max=last_year, step=1, name="To year"),
    )
    pair = alt.param(
        name="pair",
        value=ALL_PAIRS,
        bind=alt.binding_select(
            options=[ALL_PAIRS, *lanes], labels=["All pairs", *lanes], name="Pair of leaders"
        ),
    )
    x = alt.X(
        "start:T",
        title=None,
        scale=alt.Scale(domain=era, padding=10),
        axis=alt.Axis(labelFlush=True, grid=True),
    )
    x_bare = alt.X("start:T", title=None, scale=alt.Scale(domain=era, padding=10), axis=None)
    kinds_present = [k for k in KINDS if KINDS[k][0] in set(summits["kind"])]
    legend_kinds = [KINDS[k][0] for k in kinds_present]
    kind_colour = alt.Color(
        "kind:N",
        title="Kind of meeting",
        scale=alt.Scale(domain=legend_kinds, range=[KINDS[k][1] for k in kinds_present]),
        legend=alt.Legend(orient="top", columns=3, symbolStrokeWidth=2),
    )
    kind_shape = alt.Shape(
        "kind:N",
        title="Kind of meeting",
        scale=alt.Scale(domain=legend_kinds, range=[KINDS[k][2] for k in kinds_present]),
    )
    tooltip = [
        alt.Tooltip("title:N", title="Meeting"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("date_note:N", title="About the dates"),
        alt.Tooltip("place:N", title="Place"),
        alt.Tooltip("pair:N", title="Pair"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("outcome:N", title="Outcome"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("source_url:N", title="Source URL"),
        alt.Tooltip("checked:N", title="Dates and place checked"),
    ]
    y = alt.Y(
        "pair:N",
        sort=lanes,
        title=None,
        axis=alt.Axis(labelLimit=200, grid=True, ticks=False, domain=False),
    )
    years = [from_year, to_year] if last_year > first_year else []
    era_filter = " && year(datum.start) <= to_year && year(datum.end) >= from_year" if years else ""
    base = alt.Chart(summits).transform_filter(
        f"(pair == '{ALL_PAIRS}' || datum.pair == pair){era_filter}"
    )
    spans = base.mark_rule(strokeWidth=4, opacity=0.6, clip=True).encode(
        x=x, x2="end:T", y=y, color=kind_colour, tooltip=tooltip
    )
    points = base.mark_point(size=90, filled=True, opacity=0.9, clip=True).encode(
        x=x, y=y, color=kind_colour, shape=kind_shape, tooltip=tooltip
    )
    essay_tooltip = [
        alt.Tooltip("essay:N", title="Essay"),
        alt.Tooltip("title:N", title="Title"),
        alt.Tooltip("venue:N", title="Venue"),
        alt.Tooltip("date:N", title="Published"),
        alt.Tooltip("date_note:N", title="How the date is known"),
    ]
    essay_base = alt.Chart(essays)
    essay_days = (
        essay_base.transform_filter("datum.exact_day")
        .mark_rule(color=_ESSAY_COLOUR, strokeWidth=1.5, clip=True)
        .encode(x=x, tooltip=essay_tooltip)
    )
    essay_months = (
        essay_base.transform_filter("!datum.exact_day")
        .mark_rect(
            fill=_ESSAY_BAND,
            fillOpacity=0.12,
            stroke=_ESSAY_BAND,
            strokeOpacity=0.5,
            strokeDash=[3, 2],
            strokeWidth=0.75,
            clip=True,
        )
        .encode(x=x, x2="after_end:T", tooltip=essay_tooltip)
    )
    main = alt.layer(essay_months, essay_days, spans, points).properties(
        width=_WIDTH, height=alt.Step(26)
    )
    label_encoding = {
        "x": x_bare,
        "y": alt.Y("lane:O", axis=None),
        "text": "essay:N",
        "tooltip": essay_tooltip,
        # only the essays inside the zoomed era are labelled (all when nothing is brushed)
        "opacity": alt.condition(era, alt.value(1), alt.value(0)),
    }
    day_labels = (
        essay_base.transform_filter("datum.exact_day")
        .mark_text(align="right", dx=-3, fontSize=11, clip=True)
        .encode(**label_encoding)
    )
    month_labels = (  # inside the band, from its first day
        essay_base.transform_filter("!datum.exact_day")
        .mark_text(align="left", dx=3, fontSize=11, clip=True)
        .encode(**label_encoding)
    )
    strip = alt.layer(
        essay_months.encode(x=x_bare), essay_days.encode(x=x_bare), day_labels, month_labels
    ).properties(
        width=_WIDTH,
        height=alt.Step(14),
        title=alt.Title(
            "Publication dates of the five source essays (a dashed band: only the month is known)",
            subtitle=[
                " \u00b7 ".join(essays["label"].iloc[i : i + 3]) for i in range(0, len(essays), 3)
            ],
            anchor="start",
            fontSize=12,
        ),
    )
    overview = (
        alt.Chart(summits)
        .mark_tick(color="#000000", thickness=1.5, size=14)
        .encode(x=alt.X("start:T", title=None, axis=alt.Axis(labelFlush=True)))
        .add_params(era)
        .properties(
            width=_WIDTH,
            height=22,
            title=alt.Title(
                "Drag across this strip to zoom to an era; double-click to reset",
                anchor="start",
                fontSize=12,
            ),
        )
    )
    span = f"{rows[0].start.year}-{rows[-1].end.year}"
    timeline: alt.VConcatChart = (
        alt.vconcat(
            alt.vconcat(strip, main, spacing=6).resolve_scale(x="shared"),
            overview,
            spacing=18,
        )
        .resolve_scale(x="independent")
        .add_params(pair, *years)
        .properties(
            title=alt.Title(
                f"Meetings between leaders, {span}: one lane per pair",
                subtitle="Shape and colour show the kind of meeting; hover a mark for details.",
                anchor="start",
            ),
            description=(
                f"Timeline of {len(rows)} meetings between {len(lanes)} pairs of leaders, "
                f"{span}, one lane per pair, ordered by first meeting. Each meeting is a mark "
                "whose shape and colour give its kind; tooltips give title, dates, place, "
                "outcome and source. A menu keeps one pair; two year sliders, or dragging "
                "across the strip below, narrow the era. Rules and bands mark the publication "
                "dates of the five "
                "source essays (bands where only the month is known)."
            ),
            usermeta={
                "teachkit": {
                    "table": {
                        "caption": f"Meetings between leaders, {span} (oldest first)",
                        "columns": list(TABLE_COLUMNS),
                        "rows": _table_rows(rows),
                    }
                }
            },
        )
        .configure_view(stroke=None)
    )
    return timeline
