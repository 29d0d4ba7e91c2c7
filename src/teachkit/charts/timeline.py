"""The summits timeline: one lane per pair of leaders, with the essays' dates and an era brush.

The meetings, the pairs and the essays are the typed records of
:mod:`teachkit.data.records`; what a row's ``date_basis`` means is read from
``datapackage.json`` (:func:`teachkit.data.records.value_notes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from teachkit import _checks
from teachkit.charts.explorable import Control, Explorable, Table
from teachkit.charts.theme import OKABE_ITO
from teachkit.data.records import Summit, dyad_labels, essays, summits, value_notes

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: kind: (label, Okabe-Ito colour, shape); each kind has its own shape, so colour is never alone
KINDS: Final[Mapping[str, tuple[str, str, str]]] = {
    "bilateral_summit": ("Bilateral summit", OKABE_ITO["blue"], "circle"),
    "multilateral_conference": ("Multilateral conference", OKABE_ITO["orange"], "square"),
    "sideline_meeting": ("Meeting on the sidelines", OKABE_ITO["bluish_green"], "triangle-up"),
    "state_or_official_visit": ("State or official visit", OKABE_ITO["reddish_purple"], "diamond"),
    "brief_encounter": ("Brief encounter", OKABE_ITO["vermillion"], "cross"),
}
_INK: Final = OKABE_ITO["black"]  # essays: black rules, and grey bands by opacity
ALL_PAIRS: Final = "All"
TABLE_COLUMNS: Final[tuple[str, ...]] = ("Dates", "Pair", "Title", "Place", "Kind", "Source")
_WIDTH: Final = 560
_DATE_FORM: Final = (
    "a date: an ISO string such as '1985-11-19', a year from 1 to 9999 such as 1985, "
    "or a datetime.date"
)


# ---------------------------------------------------------------- input checks


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


# ---------------------------------------------------------------- the table


def _table_rows(rows: Sequence[Summit]) -> list[tuple[str, ...]]:
    return [
        (s.dates, s.pair, s.title, f"{s.place}, {s.country}", KINDS[s.kind][0], s.source)
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
    TypeError
        If ``dyads`` is not a str, a list of str or None, or a date is of the wrong type.
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


# ---------------------------------------------------------------- the chart's data


def _summit_frame(rows: Sequence[Summit]) -> pd.DataFrame:
    import pandas as pd

    notes = value_notes("summits", "date_basis")
    return pd.DataFrame(
        [
            {
                "id": s.id,
                "title": s.title,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "dates": s.dates,
                "date_note": notes.get(s.date_basis, ""),
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


_ESSAY_COLUMNS: Final = ("essay", "label", "start", "after_end", "exact_day", "lane")
_ESSAY_COLUMNS_MORE: Final = ("title", "venue", "date", "date_note")


def _essay_frame(first: dt.date | None, last: dt.date | None) -> pd.DataFrame:
    import pandas as pd

    shown = [
        e
        for e in essays()
        if (first is None or e.last_day >= first) and (last is None or e.first_day <= last)
    ]
    cells = [
        (
            e.id,
            f"{e.id} {e.surname}, {e.date_text}",
            e.first_day.isoformat(),
            (e.last_day + dt.timedelta(days=1)).isoformat(),
            e.precision == "day",
            i,
            e.title,
            e.venue,
            e.date_text,
            e.date_note,
        )
        for i, e in enumerate(shown)
    ]
    return pd.DataFrame(cells, columns=[*_ESSAY_COLUMNS, *_ESSAY_COLUMNS_MORE])


# ---------------------------------------------------------------- the chart's panels

_SUMMIT_TIPS: Final = (
    ("title", "Meeting"),
    ("dates", "Dates"),
    ("date_note", "About the dates"),
    ("place", "Place"),
    ("pair", "Pair"),
    ("kind", "Kind"),
    ("outcome", "Outcome"),
    ("source", "Source"),
    ("source_url", "Source URL"),
    ("checked", "Dates and place checked"),
)
_ESSAY_TIPS: Final = (
    ("essay", "Essay"),
    ("title", "Title"),
    ("venue", "Venue"),
    ("date", "Published"),
    ("date_note", "How the date is known"),
)


def _tips(fields: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    import altair as alt

    return [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]


def _x(era: alt.Parameter, *, axis: bool = True) -> alt.X:
    import altair as alt

    shown = alt.Axis(labelFlush=True, grid=True) if axis else None
    return alt.X("start:T", title=None, scale=alt.Scale(domain=era, padding=10), axis=shown)


def _essay_marks(essays_frame: pd.DataFrame, x: alt.X) -> tuple[alt.Chart, alt.Chart]:
    """Rules for essays dated to the day, dashed bands for those dated to the month."""
    import altair as alt

    base, tips = alt.Chart(essays_frame), _tips(_ESSAY_TIPS)
    days = (
        base.transform_filter("datum.exact_day")
        .mark_rule(color=_INK, strokeWidth=1.5, clip=True)
        .encode(x=x, tooltip=tips)
    )
    months = (
        base.transform_filter("!datum.exact_day")
        .mark_rect(
            fill=_INK,
            fillOpacity=0.12,
            stroke=_INK,
            strokeOpacity=0.5,
            strokeDash=[3, 2],
            strokeWidth=0.75,
            clip=True,
        )
        .encode(x=x, x2="after_end:T", tooltip=tips)
    )
    return months, days


def _main(
    frames: tuple[pd.DataFrame, pd.DataFrame],
    lanes: list[str],
    era: alt.Parameter,
    era_filter: str,
) -> alt.LayerChart:
    """The lanes: a rule from first to last day and a mark per meeting, by kind."""
    import altair as alt

    summits_frame, essays_frame = frames
    present = [k for k in KINDS if KINDS[k][0] in set(summits_frame["kind"])]
    domain = [KINDS[k][0] for k in present]
    colour = alt.Color(
        "kind:N",
        title="Kind of meeting",
        scale=alt.Scale(domain=domain, range=[KINDS[k][1] for k in present]),
        legend=alt.Legend(orient="top", columns=3, symbolStrokeWidth=2),
    )
    shape = alt.Shape(
        "kind:N",
        title="Kind of meeting",
        scale=alt.Scale(domain=domain, range=[KINDS[k][2] for k in present]),
    )
    y = alt.Y(
        "pair:N",
        sort=lanes,
        title=None,
        axis=alt.Axis(labelLimit=200, grid=True, ticks=False, domain=False),
    )
    base = alt.Chart(summits_frame).transform_filter(
        f"(pair == '{ALL_PAIRS}' || datum.pair == pair){era_filter}"
    )
    x, tips = _x(era), _tips(_SUMMIT_TIPS)
    spans = base.mark_rule(strokeWidth=4, opacity=0.6, clip=True).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=tips
    )
    points = base.mark_point(size=90, filled=True, opacity=0.9, clip=True).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tips
    )
    main = alt.LayerChart(layer=[*_essay_marks(essays_frame, x), spans, points])
    return main.properties(width=_WIDTH, height=alt.Step(26))


def _strip(essays_frame: pd.DataFrame, era: alt.Parameter) -> alt.LayerChart:
    """The essays' publication dates, labelled when inside the zoomed era."""
    import altair as alt

    x = _x(era, axis=False)
    months, days = _essay_marks(essays_frame, x)
    label = {
        "x": x,
        "y": alt.Y("lane:O", axis=None),
        "text": "essay:N",
        "tooltip": _tips(_ESSAY_TIPS),
        "opacity": alt.condition(era, alt.value(1), alt.value(0)),  # all when nothing brushed
    }
    base = alt.Chart(essays_frame)
    day_labels = base.transform_filter("datum.exact_day").mark_text(align="right", dx=-3, clip=True)
    month_labels = base.transform_filter("!datum.exact_day").mark_text(
        align="left", dx=3, clip=True
    )
    labels = list(essays_frame["label"])
    strip = alt.LayerChart(
        layer=[months, days, day_labels.encode(**label), month_labels.encode(**label)]
    )
    return strip.properties(
        width=_WIDTH,
        height=alt.Step(14),
        title=alt.Title(
            f"Publication dates of the {len(essays())} source essays "
            "(a dashed band: only the month is known)",
            subtitle=[" \u00b7 ".join(labels[i : i + 3]) for i in range(0, len(labels), 3)],
            anchor="start",
        ),
    )


def _overview(summits_frame: pd.DataFrame, era: alt.Parameter) -> alt.Chart:
    import altair as alt

    strip: alt.Chart = (
        alt.Chart(summits_frame)
        .mark_tick(color=_INK, thickness=1.5, size=14)
        .encode(x=alt.X("start:T", title=None, axis=alt.Axis(labelFlush=True)))
        .add_params(era)
        .properties(
            width=_WIDTH,
            height=22,
            title=alt.Title(
                "Drag across this strip to zoom to an era; double-click to reset", anchor="start"
            ),
        )
    )
    return strip


def _explorable(rows: Sequence[Summit], lanes: list[str]) -> tuple[Explorable, dict[str, Any]]:
    """The controls: a menu of pairs, and From/To year sliders when there are years to choose."""
    first, last = min(r.start.year for r in rows), max(r.end.year for r in rows)
    pair = Control(
        "pair",
        "dyads",
        "Pair of leaders",
        kind="menu",
        options=(ALL_PAIRS, *lanes),
        labels=("All pairs", *lanes),
    )
    years = (
        Control("from_year", "start", "From year", first, last, 1),
        Control("to_year", "end", "To year", first, last, 1),
    )
    controls = (pair, *years) if last > first else (pair,)
    span = f"{rows[0].start.year}-{rows[-1].end.year}"
    explorable = Explorable(
        title=f"Meetings between leaders, {span}: one lane per pair",
        question="Shape and colour show the kind of meeting; hover a mark for details.",
        predict="Predict first: which pairs met most often, and when did their meetings cluster?",
        controls=controls,
    )
    start = {"pair": ALL_PAIRS, "from_year": first, "to_year": last}
    return explorable, {c.param: start[c.param] for c in controls}


def _description(rows: Sequence[Summit], lanes: Sequence[str]) -> str:
    span = f"{rows[0].start.year}-{rows[-1].end.year}"
    return (
        f"Timeline of {len(rows)} meetings between {len(lanes)} pairs of leaders, "
        f"{span}, one lane per pair, ordered by first meeting. Each meeting is a mark "
        "whose shape and colour give its kind; tooltips give title, dates, place, "
        "outcome and source. A menu keeps one pair; two year sliders, or dragging "
        "across the strip below, narrow the era. Rules and bands mark the publication "
        f"dates of the {len(essays())} source essays (bands where only the month is known)."
    )


def summit_timeline(
    *, dyads: str | Iterable[str] | None = None, start: object = None, end: object = None
) -> alt.VConcatChart:
    """Leaders' meetings on a timeline: one lane per pair, with the essays' dates.

    Lanes are pairs of leaders, ordered by their first meeting. Each meeting
    is a mark (shape and Okabe-Ito colour by kind) with a rule from its first
    to its last day; tooltips give the title, dates, place, outcome and
    source. A menu ("Pair of leaders") keeps one pair; two year sliders, or
    dragging across the overview strip below, narrow the timeline to an era
    (double-click to reset). Black rules and grey month bands mark the
    publication dates of the source essays; a band means only the month is
    known. Everything is bound in the Vega-Lite spec, so it works in the
    static book.

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
    TypeError
        If ``dyads`` or a date has the wrong type.
    ValueError
        On an unknown pair (with the valid options and the closest match), a
        bad date, ``start`` after ``end``, or an empty selection.

    Examples
    --------
    >>> spec = summit_timeline(dyads=["trump__kim_jong_un"]).to_dict()
    >>> sorted(p["name"] for p in spec["params"] if not p["name"].startswith("teachkit_"))
    ['era', 'from_year', 'pair', 'to_year']
    """
    import altair as alt

    rows, lanes = _select(dyads, start, end)
    summits_frame = _summit_frame(rows)
    essays_frame = _essay_frame(_day("start", start), _day("end", end))
    explorable, starts = _explorable(rows, lanes)
    years = "from_year" in starts
    bounds = "max(from_year, to_year) && year(datum.end) >= min(from_year, to_year)"
    era_filter = f" && year(datum.start) <= {bounds}" if years else ""  # either way round
    era = alt.selection_interval(encodings=["x"], name="era")
    lanes_panel = alt.vconcat(
        _strip(essays_frame, era),
        _main((summits_frame, essays_frame), lanes, era, era_filter),
        spacing=6,
    ).resolve_scale(x="shared")
    span = f"{rows[0].start.year}-{rows[-1].end.year}"
    table = Table(
        f"Meetings between leaders, {span} (oldest first)", TABLE_COLUMNS, tuple(_table_rows(rows))
    )
    chart = explorable.compose(
        [lanes_panel, _overview(summits_frame, era)],
        start=starts,
        description=_description(rows, lanes),
        table=table,
    )
    timeline: alt.VConcatChart = chart.resolve_scale(
        x="independent", color="independent", shape="independent"
    )
    return timeline
