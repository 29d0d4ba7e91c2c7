"""The panels of :func:`teachkit.lenses_view`: the strip of meetings and the three lenses.

Each panel shares one time axis (:func:`_x`); the Kydd and Richardson panels
read the Vega expressions of :mod:`teachkit.charts.lenses`, passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from teachkit.charts._lenses_case import Case
from teachkit.charts.explorable import Calculation, calculate, lit, wrapped
from teachkit.charts.theme import FONT_SIZE, GREY, OKABE_ITO
from teachkit.models.wheeler import STATE_LABELS, STATES

if TYPE_CHECKING:
    import altair as alt

ARMS_TOP: Final = 30.0
_DAYS_PER_YEAR: Final = 365.25
WIDTH: Final = 600
_SMALL: Final = FONT_SIZE
_LABEL_GREY: Final = "#333333"  # darker than GREY, for text over lines
#: Each Wheeler state: Okabe-Ito colour and a shape, so colour is never the only cue.
_STATE_LOOK: Final[Mapping[str, tuple[str, str]]] = {
    "no_trust": (OKABE_ITO["black"], "cross"),
    "calculative_trust": (OKABE_ITO["blue"], "circle"),
    "bonded_trust": (OKABE_ITO["bluish_green"], "diamond"),
    "decayed": (OKABE_ITO["vermillion"], "triangle-down"),
    "fake_bonding": (OKABE_ITO["reddish_purple"], "square"),
}
_STAGE_NAMES: Final = ("none", "sensibility", "index", "identity")


def _ms(day: dt.date) -> int:
    """Milliseconds since the epoch at UTC midnight, for a Vega-Lite utc scale domain."""
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def _domain(case: Case) -> tuple[int, int]:
    """The time axis in milliseconds: the first to the last point, padded by 7 % each side."""
    first, last = case.points[0].day, case.points[-1].day
    pad = dt.timedelta(days=max(3, round((last - first).days * 0.07)))
    return _ms(first - pad), _ms(last + pad)


def _x_scale(case: Case) -> alt.Scale:
    import altair as alt

    return alt.Scale(type="utc", domain=list(_domain(case)), nice=False)


def _x(case: Case, *, title: str | None = None, axis: bool = True) -> alt.X:
    import altair as alt

    span = (case.points[-1].day - case.points[0].day).days
    fmt = "%-d %b %Y" if span < 90 else ("%b %Y" if span < 3 * 365 else "%Y")
    return alt.X(
        "date:T",
        scale=_x_scale(case),
        title=title,
        axis=alt.Axis(format=fmt, labelFlush=True, grid=False, tickCount=5) if axis else None,
    )


def _point_rows(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "date": p.day.isoformat(),
            "t": case.years(p),
            "n": p.summit,
            "label": p.title,
            "dates": p.dates,
        }
        for p in case.points
    ]


def _guides(case: Case, height: int) -> alt.Chart:
    """Dotted rules at every time point, so the eye can follow a meeting down the panels."""
    import altair as alt
    import pandas as pd

    guides: alt.Chart = (
        alt.Chart(pd.DataFrame(_point_rows(case)))
        .mark_rule(strokeDash=[1, 3], color=GREY, strokeWidth=1)
        .encode(x=_x(case))
        .properties(width=WIDTH, height=height)
    )
    return guides


def _label_rows(case: Case, width: int = WIDTH) -> list[int]:
    """A row (0, 1, 2 ...) for each point's label so that neighbours do not overlap."""
    first, last = _domain(case)
    ends: list[float] = []
    rows = []
    for p in case.points:
        x = (_ms(p.day) - first) / (last - first) * width
        half = 0.34 * FONT_SIZE * max(len(p.short), len(p.month)) + 6
        row = next((i for i, end in enumerate(ends) if x - half > end), len(ends))
        if row == len(ends):
            ends.append(x + half)
        else:
            ends[row] = x + half
        rows.append(row)
    return rows


def strip_panel(case: Case, *, width: int = WIDTH) -> alt.LayerChart:
    """The pair's meetings named above the time axis, ``width`` px wide.

    Named ``lenses_strip``, so that a narrow screen can draw a narrower one instead.
    """
    import altair as alt
    import pandas as pd

    rows = _label_rows(case, width)
    data = pd.DataFrame(
        [
            {
                "date": p.day.isoformat(),
                "row": r,
                "text": f"{p.short}\n{p.month}",
                "meeting": p.summit > 0,
                "title": p.title,
                "dates": p.dates,
            }
            for p, r in zip(case.points, rows, strict=True)
        ]
    )
    line_height, rows_height = 14, 32 * (max(rows) + 1)
    base = alt.Chart(data).transform_calculate(ypx="datum.row * 32")
    tooltip = [alt.Tooltip("title:N", title="Meeting"), alt.Tooltip("dates:N", title="Dates")]
    ticks = base.mark_point(shape="triangle-down", filled=True, size=70, opacity=1).encode(
        x=_x(case, axis=False),
        y=alt.value(rows_height + 6),
        color=alt.condition("datum.meeting", alt.value(OKABE_ITO["black"]), alt.value(GREY)),
        tooltip=tooltip,
    )
    labels = base.mark_text(
        baseline="top", fontSize=_SMALL, lineBreak="\n", lineHeight=line_height, align="center"
    ).encode(
        x=_x(case, axis=False),
        y=alt.Y("ypx:Q", scale=None, axis=None),
        text="text:N",
        tooltip=tooltip,
    )
    height = rows_height + 10
    others = any(p.summit == 0 for p in case.points)
    title = "The pair's meetings" + (
        " (▼ black) and other coded episodes (▼ grey)" if others else ""
    )
    strip = alt.LayerChart(layer=[ticks, labels])
    return strip.properties(
        name="lenses_strip",
        width=width,
        height=height,
        title=alt.TitleParams(
            title,
            anchor="start",
            frame="group",
        ),
    )


def _panel_title(text: str, says: str) -> alt.TitleParams:
    import altair as alt

    return alt.TitleParams(
        text,
        subtitle=[f"What this lens says: {says}"],
        anchor="start",
        subtitleColor=_LABEL_GREY,
        frame="group",
    )


def _wheeler_says(case: Case) -> str:
    coded = [p for p in case.points if p.episode is not None]
    if not coded:
        return "nothing here: the book has not coded this pair's meetings."
    states = [STATE_LABELS[p.episode.state] for p in coded if p.episode is not None]
    if len(set(states)) == 1:
        what = {1: f"{coded[0].short} as", 2: "both coded episodes as"}.get(
            len(coded), f"all {len(coded)} coded episodes as"
        )
        return f"the book codes {what} {states[0]}."
    return f"the book reads the pair as moving from {states[0]} to {states[-1]}."


def _wheeler_rows(case: Case) -> list[dict[str, Any]]:
    first, last = _domain(case)
    return [
        {
            "date": p.day.isoformat(),
            "stage": p.stage,
            "state": STATE_LABELS[p.episode.state],
            "text": f"{STATE_LABELS[p.episode.state]}\nstage {p.stage} of 3",
            "right": (_ms(p.day) - first) / (last - first) > 0.6,
            "episode": p.episode.label,
            "confidence": p.episode.state_confidence,
        }
        for p in case.points
        if p.episode is not None
    ]


def _stage_axis() -> alt.Y:
    import altair as alt

    names = " : ".join(
        f"datum.value == {i} ? '{i} {name}'" for i, name in enumerate(_STAGE_NAMES[:3])
    )
    return alt.Y(
        "stage:Q",
        scale=alt.Scale(domain=[-0.7, 3.6], nice=False),
        title="Stage reached",
        axis=alt.Axis(
            values=[0, 1, 2, 3],
            labelExpr=f"{names} : '3 {_STAGE_NAMES[3]}'",
            grid=True,
            gridDash=[2, 2],
        ),
    )


def _state_marks(case: Case, rows: list[dict[str, Any]]) -> list[Any]:
    """A shape and colour per coded state, and its name and stage written beside it."""
    import altair as alt
    import pandas as pd

    states = [s for s in STATES if STATE_LABELS[s] in {r["state"] for r in rows}]
    domain = [STATE_LABELS[s] for s in states]
    coded, y = alt.Chart(pd.DataFrame(rows)), _stage_axis()
    tooltip = [
        alt.Tooltip("episode:N", title="Episode"),
        alt.Tooltip("state:N", title="Coded state (the book's interpretation)"),
        alt.Tooltip("stage:Q", title="Stage reached"),
        alt.Tooltip("confidence:N", title="Confidence"),
    ]
    colour = alt.Scale(domain=domain, range=[_STATE_LOOK[s][0] for s in states])
    shape = alt.Scale(domain=domain, range=[_STATE_LOOK[s][1] for s in states])
    points = coded.mark_point(filled=True, size=160, opacity=1, strokeWidth=2).encode(
        x=_x(case),
        y=y,
        color=alt.Color("state:N", scale=colour, legend=None),
        shape=alt.Shape("state:N", scale=shape, legend=None),
        tooltip=tooltip,
    )
    labels = [
        coded.transform_filter("datum.right" if right else "!datum.right")
        .mark_text(
            align="right" if right else "left",
            dx=-12 if right else 12,
            fontSize=_SMALL,
            lineBreak="\n",
            lineHeight=12,
        )
        .encode(x=_x(case), y=y, text="text:N", tooltip=tooltip)
        for right in (False, True)
    ]
    return [points, *labels]


def wheeler_panel(case: Case) -> alt.LayerChart:
    """Panel 1: the book's coded state and stage at each coded episode; '?' where not coded."""
    import altair as alt
    import pandas as pd

    height = 130
    rows = _wheeler_rows(case)
    layers: list[Any] = [_guides(case, height)]
    if rows:
        layers += _state_marks(case, rows)
    uncoded = [{"date": p.day.isoformat(), "text": "?"} for p in case.points if p.episode is None]
    if uncoded:
        layers.append(
            alt.Chart(pd.DataFrame(uncoded))
            .mark_text(fontWeight="bold", color=GREY, baseline="top")
            .encode(x=_x(case), y=alt.value(2), text="text:N")
        )
    panel = alt.LayerChart(layer=layers)
    return panel.properties(
        width=WIDTH,
        height=height,
        title=_panel_title(
            "1 · Wheeler's bonding trust: the book's interpretation of the coded episodes "
            "(? = not coded)",
            _wheeler_says(case),
        ),
    )


def kydd_panel(case: Case, steps: Sequence[Calculation], readout: str) -> alt.VConcatChart:
    import altair as alt
    import pandas as pd

    height = 130
    crowded = _label_rows(case)
    summits = [
        {**r, "below": row % 2 == 1}
        for r, row in zip(_point_rows(case), crowded, strict=True)
        if r["n"] > 0
    ]
    y = alt.Y(
        "post:Q",
        scale=alt.Scale(domain=[0, 1], nice=False),
        title="Trust (probability)",
        axis=alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format=".2f"),
    )
    base = calculate(alt.Chart(pd.DataFrame(summits)), steps)
    tooltip = [
        alt.Tooltip("label:N", title="After"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("post:Q", title="Trust", format=".3f"),
    ]
    line = base.mark_line(
        color=OKABE_ITO["blue"],
        strokeWidth=2.5,
        point=alt.OverlayMarkDef(filled=True, size=60, color=OKABE_ITO["blue"], opacity=1),
    ).encode(x=_x(case), y=y, tooltip=tooltip)
    values = [
        base.transform_filter("datum.below" if below else "!datum.below")
        .mark_text(dy=13 if below else -11, fontSize=_SMALL, color=OKABE_ITO["blue"])
        .encode(x=_x(case), y=y, text=alt.Text("post:Q", format=".2f"))
        for below in (False, True)
    ]
    prior_rule = (
        alt.Chart(pd.DataFrame({"row": [0]}))
        .transform_calculate(post="prior")
        .mark_rule(strokeDash=[6, 4], color=GREY, strokeWidth=2)
        .encode(y=y)
    )
    prior_label = (
        alt.Chart(pd.DataFrame({"row": [0]}))
        .transform_calculate(post="prior", text="'prior ' + format(prior, '.2f') + ' (dashed)'")
        .mark_text(align="right", dy=-7, fontSize=_SMALL, color=_LABEL_GREY)
        .encode(y=y, x=alt.value("width"), text="text:N")
    )
    plot = alt.layer(_guides(case, height), prior_rule, prior_label, line, *values).properties(
        width=WIDTH,
        height=height,
        title=_panel_title(
            "2 · Kydd's Bayesian trust: the book's illustration, not Kydd's own analysis of "
            "this case",
            "every summit is one signal; trust rises only if such summits come likelier from "
            "a trustworthy side.",
        ),
    )
    said = (
        calculate(alt.Chart(pd.DataFrame({"n": [case.summits]})), steps)
        .transform_calculate(text=wrapped(readout))
        .mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=16)
        .encode(x=alt.value(0), y=alt.value(0), text="text:N")
        .properties(width=WIDTH, height=34)
    )
    return alt.vconcat(plot, said, spacing=4)


def richardson_panel(case: Case, steps: Sequence[Calculation], readout: str) -> alt.VConcatChart:
    import altair as alt
    import pandas as pd

    height = 140
    first, last = case.points[0].day, case.points[-1].day
    days = max(1, (last - first).days)
    grid = sorted({round(days * i / 80) for i in range(81)})
    dense = pd.DataFrame(
        [
            {
                "date": (first + dt.timedelta(days=d)).isoformat(),
                "t": d / _DAYS_PER_YEAR,
            }
            for d in grid
        ]
    )
    over_time = [s for s in steps if s[0] not in ("x_star", "stable")]
    verdict_steps = [s for s in steps if s[0] in ("x_star", "stable")]
    y = alt.Y(
        "shown:Q",
        scale=alt.Scale(domain=[0, ARMS_TOP], nice=False),
        title=["Each side's arms level", f"(index; clipped at {ARMS_TOP:g})"],
    )
    line = (
        calculate(alt.Chart(dense), over_time)
        .mark_line(color=OKABE_ITO["vermillion"], strokeWidth=2.5, clip=True)
        .encode(x=_x(case, title="Date (model time: years since the first meeting)"), y=y)
    )
    at_points = calculate(alt.Chart(pd.DataFrame(_point_rows(case))), over_time)
    tooltip = [
        alt.Tooltip("label:N", title="At"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("x:Q", title="Each side's arms level", format=".2f"),
    ]
    squares = at_points.mark_point(
        shape="square", filled=True, size=60, color=OKABE_ITO["vermillion"], opacity=1, clip=True
    ).encode(x=_x(case), y=y, tooltip=tooltip)
    equilibrium = (
        calculate(alt.Chart(pd.DataFrame({"row": [0]})), verdict_steps)
        .transform_filter(f"datum.stable && datum.x_star <= {lit(ARMS_TOP)}")
        .transform_calculate(
            shown="datum.x_star",
            label="'settling level ' + format(datum.x_star, '.2f') + ' (dotted)'",
        )
    )
    eq_rule = equilibrium.mark_rule(strokeDash=[2, 3], strokeWidth=2, color=GREY).encode(y=y)
    eq_label = equilibrium.mark_text(
        align="left", dy=-7, fontSize=_SMALL, color=_LABEL_GREY
    ).encode(y=y, x=alt.value(4), text="label:N")
    plot = alt.layer(_guides(case, height), eq_rule, eq_label, line, squares).properties(
        width=WIDTH,
        height=height,
        title=_panel_title(
            "3 · Jervis's spiral model, via Richardson's arms-race equations: the book's stand-in",
            "no trust at all; arms spiral if each side reacts more than it restrains itself, "
            "and calm if not.",
        ),
    )
    said = (
        calculate(alt.Chart(pd.DataFrame({"t": [0.0]})), verdict_steps)
        .transform_calculate(text=wrapped(readout))
        .mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=16)
        .encode(x=alt.value(0), y=alt.value(0), text="text:N")
        .properties(width=WIDTH, height=34)
    )
    return alt.vconcat(plot, said, spacing=4)
