"""Axelrod's shadow of the future, as an explorable that works with no kernel.

:func:`axelrod_calculations` is the one browser-side copy of
:mod:`teachkit.models.axelrod`; tests/test_model_charts.py evaluates it and
compares it with the model functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from teachkit import _checks
from teachkit import models as _models
from teachkit.charts import theme
from teachkit.charts._formal_common import layer, payoff, rounded
from teachkit.charts.explorable import (
    Calculation,
    Control,
    Explorable,
    Table,
    calculate,
    lit,
    text_panel,
)

if TYPE_CHECKING:
    import altair as alt

AXELROD_PARAMS: Final = ("w",)
_CHALLENGERS: Final = ("TIT FOR TAT", "ALL D", "Alternation (D, C, D, C, ...)")
_MAX_CHART_ROUNDS: Final = 60

AXELROD: Final = Explorable(
    title="How long a shadow must the future cast?",
    question="When does TIT FOR TAT hold its own against ALL D and alternation?",
    predict=(
        "Predict first: ALL D gains most in round 1. Below which w does it, or alternation, "
        "beat TIT FOR TAT over an endless game?"
    ),
    notes=("Move w across the dashed threshold and compare the lines.",),
    card="axelrod",
    controls=(Control("w", "w", "Shadow of the future, w: ", 0, 0.99, 0.01),),
)
_DESCRIPTION: Final = (
    "Line chart of Axelrod's shadow of the future: the running discounted totals of "
    "three challengers playing against TIT FOR TAT, round by round, where round n "
    "counts w to the power n minus one. TIT FOR TAT is a solid line with circles, ALL D "
    "a dashed line with squares, alternating defection and cooperation a dotted line "
    "with triangles. A strip below marks the stability threshold for w with a dashed "
    "line and the current w with a triangle. A text line says whether TIT FOR TAT is "
    "collectively stable at this w and gives each challenger's total over an endless "
    "game. A slider sets w, the weight of the next round, from 0 to 0.99."
)


def axelrod_calculations(
    *, T: float, R: float, P: float, S: float, threshold: float
) -> tuple[Calculation, ...]:
    """Vega mirror of the Axelrod streams, endless-game values and stability check.

    Mirrors :func:`~teachkit.models.axelrod_streams` (with a window sum),
    :func:`~teachkit.models.axelrod_values` and
    :func:`~teachkit.models.tft_is_stable`.

    Writes ``weighted`` (a row's payoff ``datum.payoff`` in round
    ``datum.round``, times ``w ** (round - 1)``; a cumulative window sum of it
    gives :func:`~teachkit.models.axelrod_streams`), ``v_tft``, ``v_alld``,
    ``v_alt`` (the endless-game totals) and ``stable``. ``threshold`` is
    :func:`~teachkit.models.axelrod_threshold`, computed in Python.

    Examples
    --------
    >>> axelrod_calculations(T=5, R=3, P=1, S=0, threshold=2 / 3)[1]
    ('v_tft', '3.0 / (1 - w)')
    """
    t, r, p, s = lit(T), lit(R), lit(P), lit(S)
    return (
        ("weighted", "pow(w, datum.round - 1) * datum.payoff"),
        ("v_tft", f"{r} / (1 - w)"),
        ("v_alld", f"{t} + w * {p} / (1 - w)"),
        ("v_alt", f"({t} + w * {s}) / (1 - w * w)"),
        ("stable", f"w >= {lit(threshold)}"),
    )


def _payoffs_against_tft(rounds: int, game: dict[str, float]) -> list[dict[str, Any]]:
    """Each challenger's payoff in each round against TIT FOR TAT (no discounting)."""
    tft, all_d, alternate = _CHALLENGERS
    T, R, P, S = game["T"], game["R"], game["P"], game["S"]
    rows: list[dict[str, Any]] = []
    for n in range(1, rounds + 1):
        rows.append({"strategy": tft, "round": n, "payoff": R})
        rows.append({"strategy": all_d, "round": n, "payoff": T if n == 1 else P})
        rows.append({"strategy": alternate, "round": n, "payoff": T if n % 2 == 1 else S})
    return rows


def _totals_panel(rows: list[dict[str, Any]], per_row: Any, n: int) -> alt.Chart:
    """Running discounted totals, one line (colour, dash and shape) per challenger."""
    import altair as alt
    import pandas as pd

    totals = calculate(alt.Chart(pd.DataFrame.from_records(rows)), per_row).transform_window(
        total="sum(weighted)", groupby=["strategy"], sort=[{"field": "round"}], frame=[None, 0]
    )
    challengers = list(_CHALLENGERS)
    legend = alt.Legend(orient="top", direction="horizontal", symbolSize=120, labelLimit=260)
    colours = [theme.OKABE_ITO[c] for c in ("blue", "vermillion", "bluish_green")]

    def scale(values: list[Any]) -> alt.Scale:
        return alt.Scale(domain=challengers, range=values)

    chart: alt.Chart = (
        totals.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=55, opacity=1))
        .encode(
            x=alt.X(
                "round:Q",
                title="Round",
                scale=alt.Scale(domain=[1, n], nice=False),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            y=alt.Y("total:Q", title="Running discounted total against TIT FOR TAT"),
            color=alt.Color("strategy:N", scale=scale(colours), title="Challenger", legend=legend),
            strokeDash=alt.StrokeDash(
                "strategy:N",
                scale=scale([[1, 0], [8, 4], [2, 3]]),
                title="Challenger",
                legend=legend,
            ),
            shape=alt.Shape(
                "strategy:N",
                scale=scale(["circle", "square", "triangle-up"]),
                title="Challenger",
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("strategy:N", title="Challenger"),
                alt.Tooltip("round:Q", title="Round"),
                alt.Tooltip("total:Q", title="Running total", format=".2f"),
            ],
        )
        .properties(width=theme.WIDTH, height=230)
    )
    return chart


def _regions(threshold: float) -> alt.LayerChart:
    """The w axis shaded into "not stable" and "collectively stable", with the threshold."""
    import altair as alt
    import pandas as pd

    regions = [
        ("not stable", 0.0, threshold, theme.OKABE_ITO["orange"]),
        ("collectively stable", threshold, 1.0, theme.OKABE_ITO["sky_blue"]),
    ]
    # a label only where it fits: about 6.5 px a character at 11 px
    fits = [r[0] if (r[2] - r[1]) * theme.WIDTH > 6.5 * len(r[0]) else "" for r in regions]
    data = alt.Chart(
        pd.DataFrame(
            {
                "region": [r[0] for r in regions],
                "start": [r[1] for r in regions],
                "end": [r[2] for r in regions],
                "label": fits,
            }
        )
    )
    w_scale = alt.Scale(domain=[0, 1], nice=False)
    shading = data.mark_rect(opacity=0.3).encode(
        x=alt.X(
            "start:Q", scale=w_scale, title="Shadow of the future, w (dashed line: the threshold)"
        ),
        x2="end:Q",
        color=alt.Color(
            "region:N",
            scale=alt.Scale(domain=[r[0] for r in regions], range=[r[3] for r in regions]),
            legend=None,
        ),
        tooltip=[alt.Tooltip("region:N", title="Region")],
    )
    labels = data.mark_text(align="left", baseline="top", dx=5, dy=4)
    rule = (
        alt.Chart(pd.DataFrame({"w": [threshold]}))
        .mark_rule(strokeDash=[6, 4], strokeWidth=2, color=theme.OKABE_ITO["black"])
        .encode(x=alt.X("w:Q", scale=w_scale))
    )
    layered = layer(
        shading,
        labels.encode(x=alt.X("start:Q", scale=w_scale), y=alt.value(0), text="label:N"),
        rule,
    )
    return layered


def _marker(threshold: float) -> alt.LayerChart:
    """A triangle at the current w, labelled on the side away from the threshold and the edges."""
    import altair as alt
    import pandas as pd

    w_scale = alt.Scale(domain=[0, 1], nice=False)
    marker = alt.Chart(pd.DataFrame({"row": [0]})).transform_calculate(
        here="w", label="'w = ' + format(w, '.2f')"
    )
    point = marker.mark_point(
        shape="triangle-up", filled=True, size=150, color=theme.OKABE_ITO["black"], opacity=1
    ).encode(x=alt.X("here:Q", scale=w_scale), y=alt.value(34))
    text = {"x": alt.X("here:Q", scale=w_scale), "y": alt.value(34), "text": "label:N"}
    left = f"(w < {lit(threshold)} && w > 0.15) || w > 0.8"
    layered = layer(
        point,
        marker.transform_filter(f"!({left})")
        .mark_text(align="left", dx=9, fontWeight="bold")
        .encode(**text),
        marker.transform_filter(left)
        .mark_text(align="right", dx=-9, fontWeight="bold")
        .encode(**text),
    )
    return layered


def _verdict(endless: Any, threshold: float) -> alt.Chart:
    """Whether TIT FOR TAT is collectively stable at this w, and the endless-game totals."""
    verdict = (
        "datum.stable ? 'At w = ' + format(w, '.2f') + ', TIT FOR TAT is collectively stable "
        f"(w ≥ {threshold:.2f}): no challenger beats it.' : 'At w = ' + format(w, '.2f') + "
        f"', TIT FOR TAT is not collectively stable (w < {threshold:.2f}): ' + "
        "(datum.v_alld > datum.v_tft && datum.v_alt > datum.v_tft ? 'ALL D and alternation "
        "beat it.' : (datum.v_alld > datum.v_tft ? 'ALL D beats it.' : (datum.v_alt > "
        "datum.v_tft ? 'alternation beats it.' : 'a challenger ties with it.')))"
    )
    values = (
        "'Endless game against TIT FOR TAT: TIT FOR TAT ' + format(datum.v_tft, '.1f') + "
        "', ALL D ' + format(datum.v_alld, '.1f') + ', alternation ' + "
        "format(datum.v_alt, '.1f') + '.'"
    )
    return text_panel(endless, [verdict, values], height=40)


def _table(w0: float, n: int, game: dict[str, float], threshold: float) -> Table:
    """Running totals at the starting w, and the endless game."""
    streams = _models.axelrod_streams(w0, rounds=n, **game)
    ends = _models.axelrod_values(w0, **game)
    stable = _models.tft_is_stable(w0, **game)
    payoffs = ", ".join(f"{k}={v:g}" for k, v in game.items())
    return Table(
        f"Running discounted totals against TIT FOR TAT at the starting w = {w0:g} "
        f"(payoffs {payoffs}); the last row is the endless game. "
        f"Threshold w* = {threshold:.4f}: TIT FOR TAT is "
        + ("collectively stable." if stable else "not collectively stable."),
        ("Round", *_CHALLENGERS),
        (
            *(
                (int(i), rounded(a), rounded(b), rounded(c))
                for i, a, b, c in zip(*streams, strict=True)
            ),
            ("endless", rounded(ends.tit_for_tat), rounded(ends.all_d), rounded(ends.alternate)),
        ),
    )


def axelrod_explorer(
    *,
    w: float = 0.9,
    rounds: int = 20,
    T: float = 5.0,
    R: float = 3.0,
    P: float = 1.0,
    S: float = 0.0,
) -> alt.VConcatChart:
    """Axelrod's shadow of the future, as an explorable with no kernel.

    Running discounted totals of three challengers playing TIT FOR TAT (TIT
    FOR TAT itself, ALL D, and alternating defection and cooperation), each
    with its own colour, dash pattern and point shape. A slider sets ``w``,
    the weight of the next round; a strip marks the stability threshold
    :func:`teachkit.axelrod_threshold` and the current ``w``, and a text line
    says whether TIT FOR TAT is collectively stable and gives the totals of an
    endless game. The browser recomputes with Vega expressions that mirror
    :func:`teachkit.axelrod_streams`, :func:`teachkit.axelrod_values` and
    :func:`teachkit.tft_is_stable` (see :func:`axelrod_calculations`).

    Parameters
    ----------
    w : float, default 0.9
        Starting weight of the next round, from 0 to 0.99 in steps of 0.01
        (the slider's steps).
    rounds : int, default 20
        Rounds drawn, from 2 to 60.
    T, R, P, S : float, default 5, 3, 1, 0
        Prisoner's Dilemma payoffs (fixed in the chart), each between -1000
        and 1000; need ``T > R > P > S`` and ``2R > T + S``.

    Returns
    -------
    altair.VConcatChart
        The running totals, the threshold strip and the verdict, with one
        slider bound in the spec.

    Raises
    ------
    TypeError
        If a value is not a number, or ``rounds`` not a whole number.
    ValueError
        If a value is out of range or the payoffs are not a Prisoner's
        Dilemma (the message names the range or condition).

    Examples
    --------
    >>> spec = axelrod_explorer(w=0.5).to_dict()
    >>> spec["params"][0]["value"], spec["params"][0]["bind"]["max"]
    (0.5, 0.99)
    """
    start = AXELROD.start(w=w)
    n = _checks.whole("rounds", rounds, 2, _MAX_CHART_ROUNDS)
    game = {name: payoff(name, value) for name, value in (("T", T), ("R", R), ("P", P), ("S", S))}
    threshold = _models.axelrod_threshold(**game)  # checks it is a Prisoner's Dilemma
    steps = axelrod_calculations(**game, threshold=threshold)
    strip = layer(_regions(threshold), _marker(threshold), width=theme.WIDTH, height=46)
    panels = [
        _totals_panel(_payoffs_against_tft(n, game), steps[:1], n),
        strip,
        _verdict(steps[1:], threshold),
    ]
    table = _table(start["w"], n, game, threshold)
    return AXELROD.compose(panels, start=start, description=_DESCRIPTION, table=table)
