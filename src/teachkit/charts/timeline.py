"""The summits timeline: one lane per pair of leaders, with the essays' dates and an era brush.

The meetings, the pairs and the essays are the typed records of
:mod:`teachkit.data.records`; what a row's ``date_basis`` means is read from
``datapackage.json`` (:func:`teachkit.data.records.value_notes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from teachkit.charts._timeline_input import _select
from teachkit.charts.explorable import Control, Explorable, Table
from teachkit.charts.theme import OKABE_ITO
from teachkit.data.records import Summit, essays, value_notes

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


def essay_label(surname: str, date_text: str, title: str) -> str:
    """How the timeline names an essay: author, date and title, in words.

    Examples
    --------
    >>> essay_label("Wheeler", "Apr 2018 (month only, day unknown)", "Trust in diplomacy")
    'Wheeler, Apr 2018: Trust in diplomacy'
    >>> essay_label("author unknown", "May 2018", "(untitled blog post)")
    'Unknown author, May 2018: (untitled blog post)'
    """
    who = "Unknown author" if surname.strip().lower() == "author unknown" else surname
    return f"{who}, {date_text.split(' (')[0]}: {title}"


def _essay_frame(first: dt.date, last: dt.date) -> pd.DataFrame:
    """The essays published between ``first`` and ``last`` (the timeline's era)."""
    import pandas as pd

    shown = [e for e in essays() if e.last_day >= first and e.first_day <= last]
    cells = [
        (
            e.id,
            essay_label(e.surname, e.date_text, e.title),
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


def _js_date(day: dt.date) -> str:
    return f"datetime({day.year}, {day.month - 1}, {day.day})"


def era_domain(first: dt.date, last: dt.date, *, years: bool) -> list[dict[str, str]]:
    """The main timeline's x domain: the brushed era, else the From/To years, else the meetings.

    Without a brush the axis runs over the years the sliders choose (either way
    round), so moving a slider rescales it; without sliders it runs from the first
    meeting's day to the last one's. Vega-Lite expressions, one per end.

    Examples
    --------
    >>> era_domain(dt.date(1938, 9, 15), dt.date(1938, 9, 30), years=False)[0]["expr"]
    'era.start ? era.start[0] : datetime(1938, 8, 15)'
    """
    if years:
        lo = "datetime(min(from_year, to_year), 0, 1)"
        hi = "datetime(max(from_year, to_year), 11, 31)"
    else:
        lo, hi = _js_date(first), _js_date(last)
    return [{"expr": f"era.start ? era.start[{i}] : {end}"} for i, end in enumerate((lo, hi))]


def _x(domain: list[dict[str, str]], *, axis: bool = True) -> alt.X:
    import altair as alt

    shown = alt.Axis(labelFlush=True, grid=True, labelOverlap=True) if axis else None
    return alt.X("start:T", title=None, scale=alt.Scale(domain=domain, padding=10), axis=shown)


def _essay_marks(
    essays_frame: pd.DataFrame, x: alt.X, y: alt.Y | None = None
) -> tuple[alt.Chart, alt.Chart]:
    """Rules for essays dated to the day, dashed bands for those dated to the month."""
    import altair as alt

    base, tips = alt.Chart(essays_frame), _tips(_ESSAY_TIPS)
    rows = {"y": y} if y is not None else {}
    days = (
        base.transform_filter("datum.exact_day")
        .mark_rule(color=_INK, strokeWidth=2, clip=True)
        .encode(x=x, tooltip=tips, **rows)
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
        .encode(x=x, x2="after_end:T", tooltip=tips, **rows)
    )
    return months, days


def _main(
    frames: tuple[pd.DataFrame, pd.DataFrame],
    lanes: list[str],
    domain: list[dict[str, str]],
    era_filter: str,
) -> alt.LayerChart:
    """The lanes: a rule from first to last day and a mark per meeting, by kind."""
    import altair as alt

    summits_frame, essays_frame = frames
    present = [k for k in KINDS if KINDS[k][0] in set(summits_frame["kind"])]
    kinds = [KINDS[k][0] for k in present]
    colour = alt.Color(
        "kind:N",
        title="Kind of meeting",
        scale=alt.Scale(domain=kinds, range=[KINDS[k][1] for k in present]),
        legend=alt.Legend(orient="top", columns=3, symbolStrokeWidth=2),
    )
    shape = alt.Shape(
        "kind:N",
        title="Kind of meeting",
        scale=alt.Scale(domain=kinds, range=[KINDS[k][2] for k in present]),
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
    x, tips = _x(domain), _tips(_SUMMIT_TIPS)
    spans = base.mark_rule(strokeWidth=4, opacity=0.6, clip=True).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=tips
    )
    points = base.mark_point(size=90, filled=True, opacity=0.9, clip=True).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tips
    )
    essay_marks = _essay_marks(essays_frame, x) if len(essays_frame) else ()
    main = alt.LayerChart(layer=[*essay_marks, spans, points])
    return main.properties(width=_WIDTH, height=alt.Step(26))


def _strip(essays_frame: pd.DataFrame, domain: list[dict[str, str]]) -> alt.LayerChart:
    """The essays' publication dates, one row each, named in words on the row's label."""
    import altair as alt

    x = _x(domain, axis=False)
    y = alt.Y(
        "label:N",
        sort=list(essays_frame["label"]),
        title=None,
        axis=alt.Axis(labelLimit=_WIDTH // 2, ticks=False, domain=False, grid=True),
    )
    months, days = _essay_marks(essays_frame, x, y)
    strip = alt.LayerChart(layer=[months, days])
    return strip.properties(
        width=_WIDTH,
        height=alt.Step(20),
        title=alt.Title(
            "When the source essays were published",
            subtitle="A line: the day is known. A dashed band: only the month is known.",
            anchor="start",
        ),
    )


def _overview(
    summits_frame: pd.DataFrame, era: alt.Parameter, domain: list[dict[str, str]]
) -> alt.Chart:
    """The zoom strip: every meeting, on the main timeline's unzoomed scale."""
    import altair as alt

    full = [{"expr": d["expr"].split(" : ", 1)[1]} for d in domain]  # the same scale, no brush
    scale = alt.Scale(domain=full, padding=10)
    axis = alt.Axis(labelFlush=True, labelOverlap=True)
    strip: alt.Chart = (
        alt.Chart(summits_frame)
        .mark_tick(color=_INK, thickness=1.5, size=14)
        .encode(x=alt.X("start:T", title=None, scale=scale, axis=axis))
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


def _description(rows: Sequence[Summit], lanes: Sequence[str], shown: int) -> str:
    span = f"{rows[0].start.year}-{rows[-1].end.year}"
    outside = len(essays()) - shown
    essays_text = (
        f"Rules and bands mark the publication dates of the {shown} source essays "
        "published in this era (bands where only the month is known)"
        if shown
        else "None of the source essays was published in this era"
    )
    if shown and outside:
        essays_text += f"; {outside} more were published outside it"
    return (
        f"Timeline of {len(rows)} meetings between {len(lanes)} pairs of leaders, "
        f"{span}, one lane per pair, ordered by first meeting. Each meeting is a mark "
        "whose shape and colour give its kind; tooltips give title, dates, place, "
        "outcome and source. A menu keeps one pair; two year sliders, or dragging "
        f"across the strip below, narrow the era and rescale the axis. {essays_text}."
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
    explorable, starts = _explorable(rows, lanes)
    years = "from_year" in starts
    first, last = min(r.start for r in rows), max(r.end for r in rows)
    if years:  # the sliders' whole years
        first, last = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
    essays_frame = _essay_frame(first, last)
    domain = era_domain(first, last, years=years)
    bounds = "max(from_year, to_year) && year(datum.end) >= min(from_year, to_year)"
    era_filter = f" && year(datum.start) <= {bounds}" if years else ""  # either way round
    era = alt.selection_interval(encodings=["x"], name="era")
    main = _main((summits_frame, essays_frame), lanes, domain, era_filter)
    panels = [_strip(essays_frame, domain), main] if len(essays_frame) else [main]
    lanes_panel = alt.vconcat(*panels, spacing=8).resolve_scale(x="shared")
    span = f"{rows[0].start.year}-{rows[-1].end.year}"
    table = Table(
        f"Meetings between leaders, {span} (oldest first)", TABLE_COLUMNS, tuple(_table_rows(rows))
    )
    chart = explorable.compose(
        [lanes_panel, _overview(summits_frame, era, domain)],
        start=starts,
        description=_description(rows, lanes, len(essays_frame)),
        table=table,
    )
    timeline: alt.VConcatChart = chart.resolve_scale(
        x="independent", color="independent", shape="independent"
    )
    return timeline
