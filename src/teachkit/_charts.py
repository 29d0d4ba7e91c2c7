"""Small charts that teach how the book's explorables work."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt

_MAX_ROUNDS = 60


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
        Starting value of the slider, in ``[0, 0.99]``.
    rounds : int, default 15
        How many rounds to draw, from 2 to 60.

    Returns
    -------
    altair.VConcatChart
        Bars for each round's weight and a line of text giving the total weight
        of an endless game, ``1 / (1 - w)``.

    Raises
    ------
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

    if not 0 <= weight <= 0.99:
        raise ValueError(f"weight must be between 0 and 0.99 (got {weight!r})")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 2 <= rounds <= _MAX_ROUNDS:
        raise ValueError(f"rounds must be a whole number from 2 to {_MAX_ROUNDS} (got {rounds!r})")

    w = alt.param(
        name="w",
        value=weight,
        bind=alt.binding_range(min=0, max=0.99, step=0.01, name="Weight of the next round, w: "),
    )
    base = alt.Chart(pd.DataFrame({"round": range(1, rounds + 1)})).transform_calculate(
        weight="pow(w, datum.round - 1)"
    )
    bars = base.mark_bar(color="#0072B2").encode(
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
        .properties(width=420, height=20)
    )
    table = {
        "caption": f"Weight of each round when w = {weight} (the slider's starting setting)",
        "columns": ["Round", "Weight"],
        "rows": [[n, round(weight ** (n - 1), 4)] for n in range(1, rounds + 1)],
    }
    return (
        alt.vconcat(bars.properties(width=420, height=220), total)
        .add_params(w)
        .properties(
            usermeta={"teachkit": {"table": table}},
            title="The shadow of the future",
            description=(
                "Bar chart: the weight of each round of a repeated game is w to the power of the "
                "round number minus one; a slider sets w and the bars and the total redraw."
            ),
        )
    )
