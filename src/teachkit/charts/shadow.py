"""The shadow of the future: the smallest explorable, and the pattern every other follows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from teachkit import _checks
from teachkit.charts import theme
from teachkit.charts.explorable import Control, Explorable, Table

if TYPE_CHECKING:
    import altair as alt

_MAX_ROUNDS: Final = 60

SHADOW: Final = Explorable(
    title="The shadow of the future",
    question="How much does the rest of a repeated game count against the present round?",
    predict="Predict first: at w = 0.9, is an endless game worth 10 rounds, or 90?",
    card="axelrod",
    controls=(Control("w", "weight", "Weight of the next round, w: ", 0, 0.99, 0.01),),
)


def future_weights(*, weight: float = 0.9, rounds: int = 15) -> alt.VConcatChart:
    """How much each future round of a repeated game counts, with a slider for ``w``.

    In Axelrod's *The Evolution of Cooperation* (1984) the "shadow of the
    future" is the weight ``w`` of the next move relative to the current one,
    so round ``n`` counts ``w ** (n - 1)`` as much as the first. The slider is
    bound inside the Vega-Lite spec, so it works in the static book with no
    kernel.

    Parameters
    ----------
    weight : float, default 0.9
        Starting value of the slider, from 0 to 0.99 in steps of 0.01.
    rounds : int, default 15
        How many rounds to draw, from 2 to 60.

    Returns
    -------
    altair.VConcatChart
        Bars for each round's weight and a line of text giving the total weight
        of an endless game, ``1 / (1 - w)``.

    Raises
    ------
    TypeError
        If ``weight`` or ``rounds`` is not a number.
    ValueError
        If ``weight`` or ``rounds`` is out of range.

    Examples
    --------
    >>> chart = future_weights(weight=0.5, rounds=4)
    >>> chart.to_dict()["params"][0]["value"]
    0.5
    """
    import altair as alt
    import pandas as pd

    start = SHADOW.start(weight=weight)
    rounds = _checks.whole("rounds", rounds, 2, _MAX_ROUNDS)
    base = alt.Chart(pd.DataFrame({"round": range(1, rounds + 1)})).transform_calculate(
        weight="pow(w, datum.round - 1)"
    )
    bars = base.mark_bar(color=theme.OKABE_ITO["blue"]).encode(
        x=alt.X("round:O", title="Round of the game"),
        y=alt.Y("weight:Q", title="How much the round counts", scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            alt.Tooltip("round:O", title="Round"),
            alt.Tooltip("weight:Q", title="Weight", format=".3f"),
        ],
    )
    total = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .transform_calculate(
            label="'Total weight of an endless game: ' + format(1 / (1 - w), '.1f')"
        )
        .mark_text(align="left", baseline="middle", fontSize=13)
        .encode(text="label:N", x=alt.value(0), y=alt.value(10))
        .properties(width=theme.WIDTH, height=20)
    )
    w = start["w"]
    table = Table(
        f"Weight of each round when w = {w} (the slider's starting setting)",
        ("Round", "Weight"),
        tuple((n, round(w ** (n - 1), 4)) for n in range(1, rounds + 1)),
    )
    return SHADOW.compose(
        [bars.properties(width=theme.WIDTH, height=220), total],
        start=start,
        description=(
            "Bar chart: the weight of each round of a repeated game is w to the power of the "
            "round number minus one; a slider sets w and the bars and the total redraw."
        ),
        table=table,
    )
