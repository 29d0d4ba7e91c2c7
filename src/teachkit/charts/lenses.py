"""One case through three lenses: Wheeler's stages, Kydd's Bayesian trust and Jervis's spiral.

:func:`lenses_view` draws one pair of leaders' meetings on a shared time axis
and reads them three ways, in three aligned panels: the book's coded Wheeler
state at each coded episode (:mod:`teachkit.charts.trust`), a Bayesian observer's
trust after each summit treated as a signal (:func:`teachkit.kydd_posterior`,
applied once per summit) and Richardson's arms-race equations as the book's
stand-in for Jervis's spiral model (:func:`teachkit.richardson_path`). Every
formula the browser recomputes is built in the section "Vega expressions"
below, from the generators of :mod:`teachkit.charts._formal` where they fit;
``tests/test_lenses.py`` evaluates each expression in Python and compares it
with :mod:`teachkit.models`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from teachkit import models as _models
from teachkit._checks import number
from teachkit.charts import _formal as _model_charts
from teachkit.charts import trust as _trust
from teachkit.data.records import dyad_labels, summits

if TYPE_CHECKING:
    import altair as alt

Calculation = _model_charts.Calculation

# ---------------------------------------------------------------- settings

DEFAULT_CASE: Final = "reagan__gorbachev"
#: Vega param names, in the order of the controls on the page.
LENS_PARAMS: Final = ("prior", "lr", "k", "a", "g")
#: param: (low, high, step, start, visible name)
SLIDERS: Final[Mapping[str, tuple[float, float, float, float, str]]] = {
    "prior": (0.0, 1.0, 0.01, 0.3, "Kydd: trust before the first meeting (prior) "),
    "lr": (
        0.5,
        4.0,
        0.1,
        1.5,
        "Kydd: times likelier from a trustworthy side ",
    ),
    "k": (0.0, 1.0, 0.05, 0.3, "Richardson: reactivity to the other's arms, k = l "),
    "a": (0.0, 1.0, 0.05, 0.6, "Richardson: restraint by the cost of one's own arms, a = b "),
    "g": (0.0, 2.0, 0.1, 1.0, "Richardson: standing grievance, g = h "),
}
#: Both sides' arms level at the first meeting (an illustrative index, not data).
ARMS_START: Final = 10.0
_ARMS_TOP: Final = 30.0
_DAYS_PER_YEAR: Final = 365.25

_OI = _model_charts.OKABE_ITO
_GREY: Final = "#767676"  # 4.5:1 on white
_WIDTH: Final = 600
_FONT: Final = 12
#: Each Wheeler state: Okabe-Ito colour and a shape, so colour is never the only cue.
_STATE_LOOK: Final[Mapping[str, tuple[str, str]]] = {
    "no_trust": (_OI["black"], "cross"),
    "calculative_trust": (_OI["blue"], "circle"),
    "bonded_trust": (_OI["bluish_green"], "diamond"),
    "decayed": (_OI["vermillion"], "triangle-down"),
    "fake_bonding": (_OI["reddish_purple"], "square"),
}
_STAGE_NAMES: Final = ("none", "sensibility", "index", "identity")
_PLACE_NAMES: Final[Mapping[str, str]] = {"mar_a_lago": "Mar-a-Lago", "dmz": "DMZ"}


# ---------------------------------------------------------------- Vega expressions
#
# The ONLY browser-side copies of model maths in this module. The Kydd posterior
# and the Richardson path come from teachkit.charts._formal's generators;
# tests/test_lenses.py evaluates every expression here with the whitelisted
# translator of tests/test_model_charts.py and compares it with teachkit.models.


def kydd_calculations() -> tuple[Calculation, ...]:
    """Vega mirror of :func:`~teachkit.models.kydd_posterior` applied once per summit.

    The likelihood ratio ``lr`` becomes the send probabilities
    ``q_t = min(1, lr)`` and ``q_u = min(1, 1/lr)`` (only their ratio
    matters). After ``datum.n`` summits, each the same signal, Bayes' rule
    applied ``n`` times equals one update with likelihoods ``q_t ** n`` and
    ``q_u ** n``, which is what ``post`` computes (with ``null`` where
    :func:`~teachkit.models.kydd_posterior` raises). Reads the params
    ``prior`` and ``lr``.
    """
    posterior = _model_charts._posterior_expression(
        "pow(datum.q_t, datum.n)", "pow(datum.q_u, datum.n)"
    )
    return (
        ("q_t", "min(1, lr)"),
        ("q_u", "min(1, 1 / lr)"),
        ("post", posterior),
    )


def richardson_calculations(start: float = ARMS_START) -> tuple[Calculation, ...]:
    """Vega mirror of the Richardson functions, both sides starting at ``start``.

    :func:`teachkit.charts._formal.richardson_calculations` for ``k = l``,
    ``a = b``, ``g = h`` (``x``, ``y``, ``x_star``, ``stable`` at time
    ``datum.t`` in years since the first meeting), then ``shown``: ``x``
    clamped to a finite range for the renderer.
    """
    top = _model_charts._lit(_ARMS_TOP)
    return (
        *_model_charts.richardson_calculations(start, start),
        ("shown", f"clamp(datum.x, -{top}, {_model_charts._lit(11 * _ARMS_TOP)})"),
    )


def kydd_readout(summits: int) -> str:
    """The Kydd panel's text line after the last of ``summits`` summits (reads ``datum.post``)."""
    after = f"After {summits} summit{'' if summits == 1 else 's'}, trust is "
    return (
        f"{_model_charts._str(after)} + format(datum.post, '.2f') "
        "+ ' (prior ' + format(prior, '.2f') + '). ' + (lr > 1 ? 'Each summit raised it.' : "
        "(lr < 1 ? 'Each summit lowered it: such summits look likelier from an untrustworthy "
        "side.' : 'No summit moved it: both types would hold such summits (cheap talk).'))"
    )


def richardson_readout(start: float = ARMS_START) -> str:
    """The Richardson panel's verdict: stable or a spiral (reads ``x_star`` and ``stable``)."""
    s = _model_charts._lit(start)
    products = "'a·b = ' + format(a * a, '.2f') + ', k·l = ' + format(k * k, '.2f')"
    return (
        f"a * a == k * k ? 'Borderline (' + {products} + '): no settling point; ' + "
        "(g > 0 ? 'the grievance makes arms drift upwards.' : 'arms stay where they are.') : "
        f"(datum.stable ? 'Stable (' + {products} + '): ' + "
        f"(abs(datum.x_star - {s}) < 0.005 ? 'arms stay level.' : "
        f"(datum.x_star < {s} ? 'arms fall towards ' + format(datum.x_star, '.2f') + "
        "': de-escalation.' : 'arms rise to settle at ' + format(datum.x_star, '.2f') + "
        "': no spiral, but no disarmament either.')) : "
        f"'Unstable (' + {products} + '): each side reacts more than it restrains itself: "
        "a spiral.')"
    )


# ---------------------------------------------------------------- the Python side


def kydd_trust_path(prior: float, likelihood_ratio: float, summits: int) -> list[float]:
    """Trust after each of ``summits`` summits, by Bayes' rule applied once per summit.

    Each summit is the same signal, ``likelihood_ratio`` times likelier from a
    trustworthy than from an untrustworthy counterpart; the send
    probabilities passed to :func:`teachkit.kydd_posterior` are
    ``min(1, ratio)`` and ``min(1, 1/ratio)``.

    Examples
    --------
    >>> [round(p, 4) for p in kydd_trust_path(0.3, 2.0, 2)]
    [0.4615, 0.6316]
    """
    ratio = number("likelihood_ratio", likelihood_ratio)
    if ratio <= 0.0:
        raise ValueError(f"likelihood_ratio must be greater than 0 (got {likelihood_ratio!r})")
    q_t, q_u = min(1.0, ratio), min(1.0, 1.0 / ratio)
    path, trust = [], prior
    for _ in range(summits):
        trust = _models.kydd_posterior(trust, q_t, q_u)
        path.append(trust)
    return path


def arms_level(years: float, *, k: float, a: float, g: float, start: float = ARMS_START) -> float:
    """Each side's arms level ``years`` after the first meeting (:func:`teachkit.richardson_path`).

    Both sides have the same coefficients (``k = l``, ``a = b``, ``g = h``)
    and start at ``start``, so their levels are equal.

    Examples
    --------
    >>> round(arms_level(0.0, k=0.3, a=0.6, g=1.0), 4)
    10.0
    """
    if years == 0:
        return float(start)
    path = _models.richardson_path(start, start, k=k, l=k, a=a, b=a, g=g, h=g, dt=years, steps=1)
    return float(path.x[-1])


# ---------------------------------------------------------------- the case's time points


@dataclass(frozen=True)
class _Point:
    """A meeting of the pair, or a coded episode that was not a meeting."""

    day: dt.date
    dates: str  # as the table shows them
    title: str
    short: str  # for the axis strip
    month: str
    summit: int  # 1, 2, ... for the pair's summits; 0 when not a meeting
    episode: _trust.Episode | None
    stage: int | None


@dataclass(frozen=True)
class _Case:
    dyad: str
    label: str
    points: tuple[_Point, ...]

    def years(self, point: _Point) -> float:
        return (point.day - self.points[0].day).days / _DAYS_PER_YEAR

    @property
    def summits(self) -> int:
        return max(p.summit for p in self.points)


def _place(summit_id: str) -> str:
    words = []
    for word in summit_id.split("_"):
        if word.isdigit():
            break
        words.append(word)
    key = "_".join(words)
    return _PLACE_NAMES.get(key, " ".join(w.capitalize() for w in words))


def _episode_day(date: str) -> tuple[dt.date, str]:
    """First day of an episode's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and its text."""
    parts = [int(p) for p in date.split("-")]
    day = dt.date(*[*parts, 1, 1][:3])
    if len(parts) == 3:
        return day, day.isoformat()
    return day, f"{day:%B %Y}" if len(parts) == 2 else str(day.year)


def _stage(e: _trust.Episode) -> int:
    return _trust.stage_reached(
        *(e.levels[c] for c in _trust.COMPONENTS),
        sds_direction=e.directions[_trust.SDS],
        index_direction=e.directions[_trust.INDEX],
        identification_direction=e.directions[_trust.IDENTIFICATION],
        humanization_direction=e.directions[_trust.HUMANIZATION],
    )


def _summit_of_episode() -> dict[str, str]:
    return {
        str(r["episode_id"]): str(r["summit_id"])
        for r in _trust._records("trust_codings")
        if r["summit_id"] == r["summit_id"] and r["summit_id"]  # not NaN or empty
    }


@functools.cache
def _all_points() -> dict[str, tuple[_Point, ...]]:
    """Every pair's time points, oldest first: its summits, and coded episodes that were not.

    Summits are numbered 1, 2, ... in date order (``summit``); other coded
    episodes, such as a crisis between meetings, get 0 and are no Kydd signal.
    """
    linked = _summit_of_episode()
    by_summit = {linked[e.id]: e for e in _trust.episodes() if e.id in linked}
    points: dict[str, list[_Point]] = {}
    for s in summits():
        e = by_summit.get(s.id)
        points.setdefault(s.dyad, []).append(
            _Point(
                day=s.start,
                dates=s.dates,
                title=s.title,
                short=_place(s.id),
                month=f"{s.start:%b %Y}",
                summit=0,  # numbered below
                episode=e,
                stage=None if e is None else _stage(e),
            )
        )
    for e in _trust.episodes():
        if e.id in linked:
            continue
        day, text = _episode_day(e.date)
        place = e.short_label.rpartition(", ")[2].rpartition(" ")[0] or e.label
        points.setdefault(e.dyad, []).append(
            _Point(
                day=day,
                dates=text,
                title=e.label,
                short=f"{place} (not a meeting)",
                month=text if len(text) < 10 else f"{day:%b %Y}",
                summit=0,
                episode=e,
                stage=_stage(e),
            )
        )
    numbered: dict[str, tuple[_Point, ...]] = {}
    for dyad, rows in points.items():
        rows.sort(key=lambda p: (p.day, p.title))
        count, out = 0, []
        for p in rows:
            is_summit = p.episode is None or p.episode.id in linked
            count += is_summit
            out.append(replace(p, summit=count if is_summit else 0))
        numbered[dyad] = tuple(out)
    return numbered


def _fold(text: str) -> str:
    return text.casefold().replace("\u2013", "-").replace("\u2014", "-").strip()


def lens_cases() -> dict[str, str]:
    """The pairs :func:`lenses_view` accepts: id -> label, in order of their first meeting.

    A pair qualifies with at least two time points: meetings in ``summits``
    plus coded episodes in ``trust_codings`` that were not meetings.

    Examples
    --------
    >>> lens_cases()["reagan__gorbachev"] == "Reagan\u2013Gorbachev"
    True
    """
    labels = dyad_labels()
    points = _all_points()
    ok = sorted((rows[0].day, d) for d, rows in points.items() if len(rows) >= 2)
    return {d: labels.get(d, d) for _, d in ok}


def _case(case: object) -> _Case:
    valid = lens_cases()
    options = ", ".join(f"{k} ({v})" for k, v in valid.items())
    if not isinstance(case, str):
        raise ValueError(
            f"case must be a pair id as a string; valid cases: {options} (got {case!r})"
        )
    labels = dyad_labels()
    lookup = {_fold(k): k for k in labels} | {_fold(v): k for k, v in labels.items()}
    dyad = lookup.get(_fold(case))
    if dyad is None:
        close = difflib.get_close_matches(_fold(case), list(lookup), n=1, cutoff=0.5)
        hint = f" Did you mean {lookup[close[0]]!r}?" if close else ""
        raise ValueError(f"unknown case {case!r}.{hint} Valid cases (id or label): {options}.")
    if dyad not in valid:
        raise ValueError(
            f"{labels[dyad]} ({dyad}) has fewer than two meetings or coded episodes, so there "
            f"is no path to read. Valid cases (id or label): {options}."
        )
    return _Case(dyad, valid[dyad], _all_points()[dyad])


# ---------------------------------------------------------------- pieces of the chart


def _ms(day: dt.date) -> int:
    """Milliseconds since the epoch at UTC midnight, for a Vega-Lite utc scale domain."""
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def _domain(case: _Case) -> tuple[int, int]:
    """The time axis in milliseconds: the first to the last point, padded by 7 % each side."""
    first, last = case.points[0].day, case.points[-1].day
    pad = dt.timedelta(days=max(3, round((last - first).days * 0.07)))
    return _ms(first - pad), _ms(last + pad)


def _x_scale(case: _Case) -> alt.Scale:
    import altair as alt

    return alt.Scale(type="utc", domain=list(_domain(case)), nice=False)


def _x(case: _Case, *, title: str | None = None, axis: bool = True) -> alt.X:
    import altair as alt

    span = (case.points[-1].day - case.points[0].day).days
    fmt = "%-d %b %Y" if span < 90 else ("%b %Y" if span < 3 * 365 else "%Y")
    return alt.X(
        "date:T",
        scale=_x_scale(case),
        title=title,
        axis=alt.Axis(format=fmt, labelFlush=True, grid=False, tickCount=5) if axis else None,
    )


def _point_rows(case: _Case) -> list[dict[str, Any]]:
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


def _guides(case: _Case, height: int) -> alt.Chart:
    """Dotted rules at every time point, so the eye can follow a meeting down the panels."""
    import altair as alt
    import pandas as pd

    guides: alt.Chart = (
        alt.Chart(pd.DataFrame(_point_rows(case)))
        .mark_rule(strokeDash=[1, 3], color=_GREY, strokeWidth=1)
        .encode(x=_x(case))
        .properties(width=_WIDTH, height=height)
    )
    return guides


def _label_rows(case: _Case) -> list[int]:
    """A row (0, 1, 2 ...) for each point's label so that neighbours do not overlap."""
    first, last = _domain(case)
    ends: list[float] = []
    rows = []
    for p in case.points:
        x = (_ms(p.day) - first) / (last - first) * _WIDTH
        half = 3.4 * max(len(p.short), len(p.month)) + 4
        row = next((i for i, end in enumerate(ends) if x - half > end), len(ends))
        if row == len(ends):
            ends.append(x + half)
        else:
            ends[row] = x + half
        rows.append(row)
    return rows


def _strip(case: _Case) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    rows = _label_rows(case)
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
    line_height, rows_height = 12, 28 * (max(rows) + 1)
    base = alt.Chart(data).transform_calculate(ypx="datum.row * 28")
    tooltip = [alt.Tooltip("title:N", title="Meeting"), alt.Tooltip("dates:N", title="Dates")]
    ticks = base.mark_point(shape="triangle-down", filled=True, size=70, opacity=1).encode(
        x=_x(case, axis=False),
        y=alt.value(rows_height + 6),
        color=alt.condition("datum.meeting", alt.value(_OI["black"]), alt.value(_GREY)),
        tooltip=tooltip,
    )
    labels = base.mark_text(
        baseline="top", fontSize=11, lineBreak="\n", lineHeight=line_height, align="center"
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
        width=_WIDTH,
        height=height,
        title=alt.TitleParams(
            title,
            fontSize=_FONT,
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
        fontSize=13,
        subtitleFontSize=_FONT,
        subtitleColor="#333333",
        frame="group",
    )


def _wheeler_says(case: _Case) -> str:
    coded = [p for p in case.points if p.episode is not None]
    if not coded:
        return "nothing here: the book has not coded this pair's meetings."
    states = [_trust.STATE_LABELS[p.episode.state] for p in coded if p.episode is not None]
    if len(set(states)) == 1:
        what = {1: f"{coded[0].short} as", 2: "both coded episodes as"}.get(
            len(coded), f"all {len(coded)} coded episodes as"
        )
        return f"the book codes {what} {states[0]}."
    return f"the book reads the pair as moving from {states[0]} to {states[-1]}."


def _wheeler(case: _Case) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    first, last = _domain(case)
    rows = []
    for p in case.points:
        e = p.episode
        if e is None:
            continue
        rows.append(
            {
                "date": p.day.isoformat(),
                "stage": p.stage,
                "state": _trust.STATE_LABELS[e.state],
                "text": f"{_trust.STATE_LABELS[e.state]}\nstage {p.stage} of 3",
                "right": (_ms(p.day) - first) / (last - first) > 0.6,
                "episode": e.label,
                "confidence": e.state_confidence,
            }
        )
    uncoded = [{"date": p.day.isoformat(), "text": "?"} for p in case.points if p.episode is None]
    states = [s for s in _trust.STATES if _trust.STATE_LABELS[s] in {r["state"] for r in rows}]
    height = 130
    y = alt.Y(
        "stage:Q",
        scale=alt.Scale(domain=[-0.7, 3.6], nice=False),
        title="Stage reached",
        axis=alt.Axis(
            values=[0, 1, 2, 3],
            labelExpr=" : ".join(
                f"datum.value == {i} ? '{i} {name}'" for i, name in enumerate(_STAGE_NAMES[:3])
            )
            + f" : '3 {_STAGE_NAMES[3]}'",
            grid=True,
            gridDash=[2, 2],
        ),
    )
    layers: list[Any] = [_guides(case, height)]
    columns = ["date", "stage", "state", "text", "right", "episode", "confidence"]
    coded = alt.Chart(pd.DataFrame(rows, columns=columns))
    if rows:
        tooltip = [
            alt.Tooltip("episode:N", title="Episode"),
            alt.Tooltip("state:N", title="Coded state (the book's interpretation)"),
            alt.Tooltip("stage:Q", title="Stage reached"),
            alt.Tooltip("confidence:N", title="Confidence"),
        ]
        layers.append(
            coded.mark_point(filled=True, size=160, opacity=1, strokeWidth=2).encode(
                x=_x(case),
                y=y,
                color=alt.Color(
                    "state:N",
                    scale=alt.Scale(
                        domain=[_trust.STATE_LABELS[s] for s in states],
                        range=[_STATE_LOOK[s][0] for s in states],
                    ),
                    legend=None,
                ),
                shape=alt.Shape(
                    "state:N",
                    scale=alt.Scale(
                        domain=[_trust.STATE_LABELS[s] for s in states],
                        range=[_STATE_LOOK[s][1] for s in states],
                    ),
                    legend=None,
                ),
                tooltip=tooltip,
            )
        )
        for right in (False, True):
            layers.append(
                coded.transform_filter("datum.right" if right else "!datum.right")
                .mark_text(
                    align="right" if right else "left",
                    dx=-12 if right else 12,
                    fontSize=11,
                    lineBreak="\n",
                    lineHeight=12,
                )
                .encode(x=_x(case), y=y, text="text:N", tooltip=tooltip)
            )
    if uncoded:
        layers.append(
            alt.Chart(pd.DataFrame(uncoded))
            .mark_text(fontSize=13, fontWeight="bold", color=_GREY, baseline="top")
            .encode(x=_x(case), y=alt.value(2), text="text:N")
        )
    panel = alt.LayerChart(layer=layers)
    return panel.properties(
        width=_WIDTH,
        height=height,
        title=_panel_title(
            "1 · Wheeler's bonding trust: the book's interpretation of the coded episodes "
            "(? = not coded)",
            _wheeler_says(case),
        ),
    )


def _kydd(case: _Case, steps: Sequence[Calculation]) -> alt.VConcatChart:
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
    base = _model_charts._calculate(alt.Chart(pd.DataFrame(summits)), steps)
    tooltip = [
        alt.Tooltip("label:N", title="After"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("post:Q", title="Trust", format=".3f"),
    ]
    line = base.mark_line(
        color=_OI["blue"],
        strokeWidth=2.5,
        point=alt.OverlayMarkDef(filled=True, size=60, color=_OI["blue"], opacity=1),
    ).encode(x=_x(case), y=y, tooltip=tooltip)
    values = [
        base.transform_filter("datum.below" if below else "!datum.below")
        .mark_text(dy=13 if below else -11, fontSize=11, color=_OI["blue"])
        .encode(x=_x(case), y=y, text=alt.Text("post:Q", format=".2f"))
        for below in (False, True)
    ]
    prior_rule = (
        alt.Chart(pd.DataFrame({"row": [0]}))
        .transform_calculate(post="prior")
        .mark_rule(strokeDash=[6, 4], color=_GREY, strokeWidth=2)
        .encode(y=y)
    )
    prior_label = (
        alt.Chart(pd.DataFrame({"row": [0]}))
        .transform_calculate(post="prior", text="'prior ' + format(prior, '.2f') + ' (dashed)'")
        .mark_text(align="right", dy=-7, fontSize=11, color="#333333")
        .encode(y=y, x=alt.value(_WIDTH), text="text:N")
    )
    plot = alt.layer(_guides(case, height), prior_rule, prior_label, line, *values).properties(
        width=_WIDTH,
        height=height,
        title=_panel_title(
            "2 · Kydd's Bayesian trust: the book's illustration, not Kydd's own analysis of "
            "this case",
            "every summit is one signal; trust rises only if such summits come likelier from "
            "a trustworthy side.",
        ),
    )
    readout = (
        _model_charts._calculate(alt.Chart(pd.DataFrame({"n": [case.summits]})), steps)
        .transform_calculate(text=kydd_readout(case.summits))
        .mark_text(align="left", baseline="top", fontSize=_FONT)
        .encode(x=alt.value(0), y=alt.value(0), text="text:N")
        .properties(width=_WIDTH, height=16)
    )
    return alt.vconcat(plot, readout, spacing=4)


def _richardson(case: _Case, steps: Sequence[Calculation]) -> alt.VConcatChart:
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
        scale=alt.Scale(domain=[0, _ARMS_TOP], nice=False),
        title=["Each side's arms level", f"(index; clipped at {_ARMS_TOP:g})"],
    )
    line = (
        _model_charts._calculate(alt.Chart(dense), over_time)
        .mark_line(color=_OI["vermillion"], strokeWidth=2.5, clip=True)
        .encode(x=_x(case, title="Date (model time: years since the first meeting)"), y=y)
    )
    at_points = _model_charts._calculate(alt.Chart(pd.DataFrame(_point_rows(case))), over_time)
    tooltip = [
        alt.Tooltip("label:N", title="At"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("x:Q", title="Each side's arms level", format=".2f"),
    ]
    squares = at_points.mark_point(
        shape="square", filled=True, size=60, color=_OI["vermillion"], opacity=1, clip=True
    ).encode(x=_x(case), y=y, tooltip=tooltip)
    equilibrium = (
        _model_charts._calculate(alt.Chart(pd.DataFrame({"row": [0]})), verdict_steps)
        .transform_filter(f"datum.stable && datum.x_star <= {_model_charts._lit(_ARMS_TOP)}")
        .transform_calculate(
            shown="datum.x_star",
            label="'settling level ' + format(datum.x_star, '.2f') + ' (dotted)'",
        )
    )
    eq_rule = equilibrium.mark_rule(strokeDash=[2, 3], strokeWidth=2, color=_GREY).encode(y=y)
    eq_label = equilibrium.mark_text(align="left", dy=-7, fontSize=11, color="#333333").encode(
        y=y, x=alt.value(4), text="label:N"
    )
    plot = alt.layer(_guides(case, height), eq_rule, eq_label, line, squares).properties(
        width=_WIDTH,
        height=height,
        title=_panel_title(
            "3 · Jervis's spiral model, via Richardson's arms-race equations: the book's stand-in",
            "no trust at all; arms spiral if each side reacts more than it restrains itself, "
            "and calm if not.",
        ),
    )
    readout = (
        _model_charts._calculate(alt.Chart(pd.DataFrame({"t": [0.0]})), verdict_steps)
        .transform_calculate(text=richardson_readout())
        .mark_text(align="left", baseline="top", fontSize=_FONT)
        .encode(x=alt.value(0), y=alt.value(0), text="text:N")
        .properties(width=_WIDTH, height=16)
    )
    return alt.vconcat(plot, readout, spacing=4)


def _start() -> dict[str, float]:
    return {name: SLIDERS[name][3] for name in LENS_PARAMS}


def _table(case: _Case) -> dict[str, Any]:
    s = _start()
    trust = kydd_trust_path(s["prior"], s["lr"], case.summits)
    rows = []
    for p in case.points:
        e = p.episode
        wheeler = (
            "not coded by the book"
            if e is None
            else f"{_trust.STATE_LABELS[e.state]} (stage {p.stage} of 3)"
        )
        kydd: float | str = (
            round(trust[p.summit - 1], 4) if p.summit else "no update (not a summit)"
        )
        arms = arms_level(case.years(p), k=s["k"], a=s["a"], g=s["g"])
        rows.append([p.dates, p.title, wheeler, kydd, round(arms, 4)])
    stable = _models.richardson_stable(k=s["k"], l=s["k"], a=s["a"], b=s["a"])
    return {
        "caption": (
            f"{case.label}: each meeting through three lenses at the starting settings. "
            "Wheeler: the book's interpretation (coded state and stage reached). Kydd (the "
            f"book's illustration): prior trust {s['prior']:g}, each summit {s['lr']:g} times "
            "likelier from a trustworthy side. Richardson (the book's stand-in for Jervis's "
            f"spiral): k = l = {s['k']:g}, a = b = {s['a']:g}, g = h = {s['g']:g}, both sides "
            f"at {ARMS_START:g} at the first meeting, time in years; "
            + ("stable." if stable else "unstable (a spiral).")
        ),
        "columns": [
            "Dates",
            "Meeting or episode",
            "Wheeler: the book's coded state",
            "Kydd: trust after this summit",
            "Richardson: each side's arms level",
        ],
        "rows": rows,
    }


# ---------------------------------------------------------------- the view


def lenses_view(*, case: str = DEFAULT_CASE) -> alt.VConcatChart:
    """One pair of leaders read through three lenses, on a shared time axis of their meetings.

    Three aligned panels under a strip that names the pair's meetings:

    1. **Wheeler**: the book's coded state and the stage reached at each coded
       episode (the book's interpretation; :func:`teachkit.stage_reached`);
    2. **Kydd**: a Bayesian observer's trust after each summit, each treated
       as the same signal (:func:`teachkit.kydd_posterior` applied once per
       summit), with sliders for the prior and for how many times likelier
       such a summit is from a trustworthy side (the book's illustration, not
       Kydd's own analysis of the case);
    3. **Jervis**: Richardson's arms-race equations as the book's stand-in
       for the spiral model (:func:`teachkit.richardson_path`), with sliders
       for reactivity, restraint and grievance and a stable/unstable verdict.

    Each panel says in one line what its lens says about the case. Every
    control is bound in the Vega-Lite spec, so the view works in the static
    book with no kernel; the browser recomputes with the Vega expressions of
    :func:`kydd_calculations` and :func:`richardson_calculations`.

    Parameters
    ----------
    case : str, default "reagan__gorbachev"
        A pair id or label (see :func:`lens_cases`): any pair with at least
        two meetings or coded episodes.

    Returns
    -------
    altair.VConcatChart
        The strip and three panels, with five sliders bound in the spec, a
        description and a table text alternative in ``usermeta``.

    Raises
    ------
    ValueError
        If ``case`` is unknown or has fewer than two meetings or coded
        episodes (the message lists the valid cases).

    Examples
    --------
    >>> spec = lenses_view().to_dict()
    >>> [p["name"] for p in spec["params"]]
    ['prior', 'lr', 'k', 'a', 'g']
    """
    import altair as alt

    chosen = _case(case)
    kydd_steps = kydd_calculations()
    richardson_steps = richardson_calculations()
    start = _start()
    params = [
        _model_charts._slider(name, start[name], *SLIDERS[name][:3], SLIDERS[name][4])
        for name in LENS_PARAMS
    ]
    first, last = chosen.points[0].day.year, chosen.points[-1].day.year
    years = str(first) if first == last else f"{first}\u2013{last}"
    n = chosen.summits
    coded = sum(p.episode is not None for p in chosen.points)
    wheeler = (
        "the book has not coded this pair, so the panel only marks each meeting with a "
        "question mark"
        if coded == 0
        else f"the book's interpretation, the coded state and stage reached (0 to 3) at "
        f"{'the one coded episode' if coded == 1 else f'each of the {coded} coded episodes'}, "
        "each state with its own shape and a text label; meetings the book has not coded are "
        "marked with a question mark"
    )
    summit_text = "the one summit" if n == 1 else f"each of the {n} summits"
    chart = alt.vconcat(
        _strip(chosen),
        _wheeler(chosen),
        _kydd(chosen, kydd_steps),
        _richardson(chosen, richardson_steps),
        spacing=22,
    )
    view: alt.VConcatChart = (
        chart.add_params(*params)
        .properties(
            title=alt.TitleParams(
                f"One case, three lenses: {chosen.label}, {years}",
                subtitle=[
                    "Predict: which lens says most about these meetings, and which barely "
                    "notices them?",
                    "Move the Kydd and Richardson sliders; the Wheeler panel is fixed: it is "
                    "the book's coding.",
                ],
                anchor="start",
                fontSize=15,
                subtitleFontSize=_FONT,
            ),
            description=(
                f"Three aligned panels read the meetings of {chosen.label} ({years}) through "
                "three lenses on one time axis; a strip at the top names each meeting. Panel 1, "
                f"Wheeler: {wheeler}. Panel 2, Kydd: the book's illustration, not Kydd's own "
                f"analysis: a Bayesian observer's trust after {summit_text}, each treated as the "
                "same signal, with a dashed line at the prior; sliders set the prior and how many "
                "times likelier such a summit is from a trustworthy side. Panel 3, Richardson's "
                "arms-race equations as the book's stand-in for Jervis's spiral model: each "
                "side's arms level over time (years since the first meeting), with a dotted "
                "settling level when the race is stable; sliders set reactivity, restraint and "
                "grievance, and a text line says whether the race is stable or a spiral."
            ),
            usermeta={"teachkit": {"table": _table(chosen)}},
        )
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11)
    )
    return view
