"""Richardson's arms race (the book's stand-in for Jervis's spiral), as an explorable.

The browser recomputes the path with the exact solution of the equations for
equal coefficients; :func:`richardson_calculations` is that one browser-side
copy of :mod:`teachkit.models.richardson`, and tests/test_model_charts.py
evaluates it and compares it with the model functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from teachkit import _checks
from teachkit import models as _models
from teachkit.charts import theme
from teachkit.charts._formal_common import layer, rounded
from teachkit.charts.explorable import (
    Calculation,
    Control,
    Explorable,
    Table,
    calculate,
    lit,
    string,
    text_panel,
)

if TYPE_CHECKING:
    import altair as alt

RICHARDSON_PARAMS: Final = ("k", "a", "g")
_POINTS: Final = 80
_SIDES: Final = ("Side A (x)", "Side B (y)")
_LABEL_GREY: Final = "#333333"  # darker than theme.GREY, for text over lines

RICHARDSON: Final = Explorable(
    title="When does an arms race spiral?",
    question="What happens when each side reacts to the other's arms more strongly than "
    "its own costs restrain it?",
    predict="Predict first: raise reactivity k above restraint a. Do the sides settle or run away?",
    notes=(
        "Using these equations for Jervis's spiral model is the book's formalisation of "
        "his verbal argument.",
    ),
    card="richardson",
    controls=(
        Control("k", "k", "Reactivity to the other's arms, k = l: ", 0, 1, 0.05),
        Control("a", "a", "Restraint (cost of one's own arms), a = b: ", 0, 1, 0.05),
        Control("g", "g", "Standing grievance, g = h: ", 0, 2, 0.1),
    ),
)


def richardson_calculations(x0: float, y0: float) -> tuple[Calculation, ...]:
    """Vega mirror of the Richardson functions for ``k = l``, ``a = b`` and ``g = h``.

    Mirrors :func:`~teachkit.models.richardson_path`,
    :func:`~teachkit.models.richardson_equilibrium` and
    :func:`~teachkit.models.richardson_stable`.

    With equal coefficients the sum ``s = x + y`` and the gap ``d = x - y``
    solve separately: ``ds/dt = (k - a) s + 2g`` and ``dd/dt = -(k + a) d``.
    So ``s(t) = s0 e^(z) + 2 g t (e^z - 1)/z`` with ``z = (k - a) t`` (a
    Taylor series for small ``z`` avoids cancellation) and
    ``d(t) = d0 e^(-(k + a) t)``. Writes ``x`` and ``y`` per row (``datum.t``),
    ``x_star`` (:func:`~teachkit.models.richardson_equilibrium`, ``null``
    where it raises) and ``stable`` (:func:`~teachkit.models.richardson_stable`).

    Examples
    --------
    >>> [name for name, _ in richardson_calculations(2.0, 8.0)][-2:]
    ['x_star', 'stable']
    """
    s0, d0 = lit(x0 + y0), lit(x0 - y0)
    z = "datum.z"
    return (
        ("z", "(k - a) * datum.t"),
        (
            "growth",
            f"(abs({z}) < 0.001 ? 1 + {z} / 2 + {z} * {z} / 6 + {z} * {z} * {z} / 24 + "
            f"{z} * {z} * {z} * {z} / 120 + {z} * {z} * {z} * {z} * {z} / 720 : "
            f"(exp({z}) - 1) / {z})",
        ),
        ("s", f"{s0} * exp({z}) + 2 * g * datum.t * datum.growth"),
        ("d", f"{d0} * exp(-(k + a) * datum.t)"),
        ("x", "(datum.s + datum.d) / 2"),
        ("y", "(datum.s - datum.d) / 2"),
        ("x_star", "(a * a - k * k == 0 ? null : (k * g + a * g) / (a * a - k * k))"),
        ("stable", "a * a > k * k"),
    )


def _arms_lines(times: Any, over_time: list[Calculation], span: float, top: float) -> alt.Chart:
    """Both sides' arms over time, clipped at the top of the chart."""
    import altair as alt
    import pandas as pd

    arms = (
        calculate(alt.Chart(pd.DataFrame({"t": times})), over_time)
        .transform_fold(["x", "y"], as_=["key", "level"])
        .transform_calculate(
            side=f"datum.key == 'x' ? {string(_SIDES[0])} : {string(_SIDES[1])}",
            # keep runaway values finite and modest for the renderer; the mark is clipped
            shown=f"clamp(datum.level, {lit(-10 * top)}, {lit(11 * top)})",
        )
    )
    sides = list(_SIDES)
    blue, vermillion = theme.OKABE_ITO["blue"], theme.OKABE_ITO["vermillion"]
    lines: alt.Chart = arms.mark_line(strokeWidth=3, clip=True).encode(
        x=alt.X("t:Q", title="Time", scale=alt.Scale(domain=[0, span], nice=False)),
        y=alt.Y(
            "shown:Q",
            title="Arms level (clipped at the top of the chart)",
            scale=alt.Scale(domain=[0, top], nice=False),
        ),
        color=alt.Color(
            "side:N",
            scale=alt.Scale(domain=sides, range=[blue, vermillion]),
            title=None,
            legend=alt.Legend(orient="top", symbolType="stroke", symbolSize=400),
        ),
        strokeDash=alt.StrokeDash(
            "side:N", scale=alt.Scale(domain=sides, range=[[1, 0], [8, 4]]), title=None
        ),
        tooltip=[
            alt.Tooltip("side:N", title="Side"),
            alt.Tooltip("t:Q", title="Time", format=".2f"),
            alt.Tooltip("level:Q", title="Arms level", format=".3~g"),
        ],
    )
    return lines


def _equilibrium_rule(verdict_steps: list[Calculation], top: float) -> alt.LayerChart:
    """A dotted line at the equilibrium, drawn only when the race is stable."""
    import altair as alt
    import pandas as pd

    equilibrium = (
        calculate(alt.Chart(pd.DataFrame({"row": [0]})), verdict_steps)
        .transform_filter(f"datum.stable && datum.x_star <= {lit(top)}")
        .transform_calculate(label="'equilibrium ' + format(datum.x_star, '.2f') + ' (dotted)'")
    )
    rule = equilibrium.mark_rule(strokeDash=[2, 3], strokeWidth=2, color=theme.GREY)
    label = equilibrium.mark_text(align="right", dy=-7, color=_LABEL_GREY)
    layered = layer(
        rule.encode(y="x_star:Q"),
        label.encode(y="x_star:Q", x=alt.value("width"), text="label:N"),
    )
    return layered


def _verdict(verdict_steps: list[Calculation]) -> alt.Chart:
    """Stable, borderline or a spiral, in words."""
    verdict = (
        "datum.stable ? 'Stable: a·b > k·l (' + format(a * a, '.2f') + ' > ' + "
        "format(k * k, '.2f') + '). Both sides settle at ' + format(datum.x_star, '.2f') + '.' "
        ": (a * a == k * k ? 'Borderline: a·b = k·l (' + format(a * a, '.2f') + '). No single "
        "settling point; grievance makes arms drift.' : 'Unstable: a·b < k·l (' + "
        "format(a * a, '.2f') + ' < ' + format(k * k, '.2f') + '). A spiral: reactions outrun "
        "restraint and arms run away.')"
    )
    return text_panel(verdict_steps, [verdict], height=20)


def _table(path: _models.RichardsonPath, start: dict[str, Any], x0: float, y0: float) -> Table:
    """Arms levels at twenty-one times of the starting setting."""
    k, a, g = start["k"], start["a"], start["g"]
    stable = _models.richardson_stable(k=k, l=k, a=a, b=a)
    state = "stable" if stable else "not stable (a spiral)"
    return Table(
        f"Arms levels at whole times for the starting setting k = l = {k:g}, a = b = {a:g}, "
        f"g = h = {g:g}, from x = {x0:g} and y = {y0:g}: {state}.",
        ("Time", f"{_SIDES[0]} arms", f"{_SIDES[1]} arms"),
        tuple(
            (round(float(t), 4), rounded(x), rounded(y))
            for i, (t, x, y) in enumerate(zip(*path, strict=True))
            if i % (_POINTS // 20) == 0
        ),
    )


def _start_path(x0: float, y0: float, start: dict[str, Any], span: float) -> _models.RichardsonPath:
    """The model's path at the starting setting, at the chart's time points."""
    k, a, g = start["k"], start["a"], start["g"]
    return _models.richardson_path(
        x0, y0, k=k, l=k, a=a, b=a, g=g, h=g, dt=span / _POINTS, steps=_POINTS
    )


def _description(top: float) -> str:
    return (
        "Line chart of Richardson's arms-race equations, the book's formal stand-in for "
        "Jervis's spiral model: the arms levels of side A (solid line) and side B (dashed "
        "line) over time, with the same coefficients for both sides. Sliders set the "
        "reactivity to the other side's arms (k = l), the restraint from the cost of one's "
        "own arms (a = b) and a standing grievance (g = h). A text line states whether the "
        "race is stable (a·b > k·l, both settle at the equilibrium, drawn as a dotted line) "
        f"or unstable (a spiral). The vertical axis stops at {top:g}, so runaway paths "
        "leave the top of the chart."
    )


def richardson_explorer(
    *,
    k: float = 0.3,
    a: float = 0.6,
    g: float = 1.0,
    x0: float = 2.0,
    y0: float = 8.0,
    horizon: float = 20.0,
    y_max: float = 20.0,
) -> alt.VConcatChart:
    """Richardson's arms race (the book's stand-in for Jervis's spiral), as an explorable.

    The two sides' arms levels over time, with the same coefficients for
    both: sliders set reactivity (``k = l``), restraint (``a = b``) and
    standing grievance (``g = h``). A text line says whether the race is
    stable (``a·b > k·l``: both settle at the equilibrium, drawn as a dotted
    line) or an unstable spiral. The vertical axis is clipped at ``y_max``
    so runaway paths leave the chart instead of squashing the others. The
    browser recomputes with the exact solution of the equations for equal
    coefficients, mirrored from :func:`teachkit.richardson_path` (see
    :func:`richardson_calculations`).

    Parameters
    ----------
    k, a : float, default 0.3 and 0.6
        Starting reactivity and restraint, each from 0 to 1 in steps of 0.05
        (the slider's steps).
    g : float, default 1.0
        Starting grievance, from 0 to 2 in steps of 0.1.
    x0, y0 : float, default 2.0 and 8.0
        Arms levels at time 0 (fixed in the chart), from 0 to ``y_max``.
    horizon : float, default 20.0
        Length of time drawn, from 5 to 50.
    y_max : float, default 20.0
        Top of the vertical axis, from 5 to 1000.

    Returns
    -------
    altair.VConcatChart
        The arms levels and the verdict, with three sliders bound in the spec.

    Raises
    ------
    TypeError
        If a value is not a number.
    ValueError
        If a value is outside its range (the message names it).

    Examples
    --------
    >>> spec = richardson_explorer().to_dict()
    >>> [p["bind"]["input"] for p in spec["params"] if "bind" in p]
    ['range', 'range', 'range']
    """
    start = RICHARDSON.start(k=k, a=a, g=g)
    top = _checks.number("y_max", y_max, 5.0, 1000.0)
    x_start = _checks.number("x0", x0, 0.0, top)
    y_start = _checks.number("y0", y0, 0.0, top)
    span = _checks.number("horizon", horizon, 5.0, 50.0)
    steps = richardson_calculations(x_start, y_start)
    over_time = [step for step in steps if step[0] not in ("x_star", "stable")]
    verdict_steps = [step for step in steps if step[0] in ("x_star", "stable")]
    path = _start_path(x_start, y_start, start, span)
    lines, rule = _arms_lines(path.t, over_time, span, top), _equilibrium_rule(verdict_steps, top)
    chart = layer(lines, rule, width=theme.WIDTH, height=250)
    return RICHARDSON.compose(
        [chart, _verdict(verdict_steps)],
        start=start,
        description=_description(top),
        table=_table(path, start, x_start, y_start),
    )
