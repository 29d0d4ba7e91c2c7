"""Holsti's inherent bad faith model, as an explorable that works with no kernel.

The space of settings is small (one slider of 21 positions), so the chart
carries every trajectory, computed by :func:`teachkit.models.holsti_trajectory`,
and the browser only filters it (:func:`holsti_filter`).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Set
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from teachkit import _checks
from teachkit import models as _models
from teachkit.charts import theme
from teachkit.charts._formal_common import layer, panel_title, rounded
from teachkit.charts.explorable import Control, Explorable, Table, lit, string, wrapped

if TYPE_CHECKING:
    import altair as alt

HOLSTI_PARAMS: Final = ("discount",)

#: An illustrative run of acts, not a historical record: eight cooperative acts,
#: one hostile act, then three cooperative acts.
ILLUSTRATIVE_ACTS: Final[tuple[int, ...]] = (1,) * 8 + (-1,) + (1,) * 3
_STEP: Final = 0.05
_MAX_ACTS: Final = 30
_OBSERVERS: Final = (
    "Observer who discounts cooperation (slider), solid",
    "Unbiased observer (discount 1), dashed",
)
_KINDS: Final = {1: "cooperative act", -1: "hostile act"}

HOLSTI: Final = Explorable(
    title="Inherent bad faith",
    question="Can cooperation earn the trust of an observer who sees bad faith?",
    predict="",  # says how many acts of each kind: see _predict
    notes=("Then move the discount towards 1, where it matches the unbiased observer.",),
    card="holsti",
    controls=(
        Control(
            "discount",
            "discount",
            "Weight given to a cooperative act (discount): ",
            0,
            1,
            _STEP,
        ),
    ),
)
_DESCRIPTION: Final = (
    "Line chart of the book's formalisation of Holsti's inherent bad faith model. A strip "
    "at the top shows an illustrative, not historical, sequence of the adversary's acts: "
    "upward triangles are cooperative acts, downward triangles hostile ones. Below, the "
    "solid line with dots is the trust of an observer who counts each cooperative act at "
    "only the discount's share of its face value, and the dashed line is the trust of an "
    "unbiased observer (discount 1); hostile acts count in full for both. A slider sets "
    "the discount from 0 (cooperation is ignored) to 1, and the solid line redraws."
)


def holsti_filter(tolerance: float = 1e-6) -> str:
    """The filter that keeps the precomputed trajectory for the slider's discount.

    Examples
    --------
    >>> holsti_filter()
    'abs(datum.discount - discount) < 1e-06'
    """
    return f"abs(datum.discount - discount) < {lit(tolerance)}"


def _check_acts(acts: object) -> tuple[int, ...]:
    """The acts as a tuple of +1 and -1: TypeError for a wrong type, ValueError otherwise."""
    wanted = f"a sequence of 1 to {_MAX_ACTS} acts, each +1 (cooperative) or -1 (hostile)"
    if not isinstance(acts, Iterable) or isinstance(acts, str | bytes | Mapping | Set):
        raise TypeError(f"acts must be {wanted} (got {type(acts).__name__} {acts!r})")
    seq: tuple[object, ...] = tuple(acts)
    if not 1 <= len(seq) <= _MAX_ACTS:
        raise ValueError(f"acts must be {wanted} (got {len(seq)} acts)")
    for i, act in enumerate(seq):
        if isinstance(act, bool) or not isinstance(act, numbers.Real):
            raise TypeError(f"acts must each be +1 or -1 (act {i} is {type(act).__name__} {act!r})")
        if act not in (1, -1):
            raise ValueError(
                f"acts must each be +1 (cooperative) or -1 (hostile); act {i} is {act!r}"
            )
    return tuple(1 if a == 1 else -1 for a in seq)


def _predict(seq: tuple[int, ...]) -> str:
    """The prompt, counting the acts of each kind.

    Examples
    --------
    >>> _predict(ILLUSTRATIVE_ACTS)[:59]
    'Predict first: after 11 cooperative acts and 1 hostile act,'
    """
    coop = sum(1 for a in seq if a == 1)
    hostile = len(seq) - coop
    counts = (
        f"{coop} cooperative act{'s' * (coop != 1)} and {hostile} hostile act{'s' * (hostile != 1)}"
    )
    return f"Predict first: after {counts}, how far does the discounting observer's trust rise?"


def _trajectories(seq: tuple[int, ...], rate: float, trust0: float) -> alt.Chart:
    """Every slider position's trajectory, computed by the model, as one dataset."""
    import altair as alt
    import pandas as pd

    records = []
    for i in range(round(1 / _STEP) + 1):
        d = round(i * _STEP, 10)
        path = _models.holsti_trajectory(seq, discount=d, learning_rate=rate, start=trust0)
        records += [
            {"discount": d, "step": j, "trust": round(float(v), 6)} for j, v in enumerate(path)
        ]
    return alt.Chart(pd.DataFrame.from_records(records))


def _lines_panel(trajectories: alt.Chart, n: int) -> alt.LayerChart:
    """The discounting observer's trust (solid, dots) beside the unbiased observer's (dashed)."""
    import altair as alt

    x = alt.X(
        "step:Q",
        scale=alt.Scale(domain=[0, n + 0.5], nice=False),
        axis=alt.Axis(values=list(range(n + 1)), format="d"),
        title="Number of acts seen (0 = before the first act)",
    )
    y = alt.Y("trust:Q", scale=alt.Scale(domain=[0, 1]), title="Observer's trust (0 to 1)")
    observers = list(_OBSERVERS)
    vermillion, blue = theme.OKABE_ITO["vermillion"], theme.OKABE_ITO["blue"]
    colour = alt.Color(
        "observer:N",
        scale=alt.Scale(domain=observers, range=[vermillion, blue]),
        title=None,
        legend=alt.Legend(orient="top", symbolType="stroke", symbolSize=500, labelLimit=320),
    )
    dash = alt.StrokeDash(
        "observer:N", scale=alt.Scale(domain=observers, range=[[1, 0], [7, 5]]), title=None
    )
    reference = trajectories.transform_filter("datum.discount == 1").transform_calculate(
        observer=string(_OBSERVERS[1])
    )
    current = trajectories.transform_filter(holsti_filter()).transform_calculate(
        observer=string(_OBSERVERS[0])
    )
    tooltip = [
        alt.Tooltip("observer:N", title="Observer"),
        alt.Tooltip("step:Q", title="Acts seen"),
        alt.Tooltip("trust:Q", title="Trust", format=".3f"),
    ]
    encoding: dict[str, Any] = {"x": x, "y": y, "color": colour, "strokeDash": dash}
    layered = layer(
        reference.mark_line(strokeWidth=2).encode(**encoding, tooltip=tooltip),
        current.mark_line(strokeWidth=3).encode(**encoding),
        current.mark_point(filled=True, size=45, opacity=1).encode(
            x=x, y=y, color=alt.value(vermillion), tooltip=tooltip
        ),
    ).properties(width=theme.WIDTH, height=220)
    return layered


def _summary(trajectories: alt.Chart, n: int, unbiased_end: float) -> alt.Chart:
    """One line of text: where both observers end up."""
    import altair as alt

    summary: alt.Chart = (
        trajectories.transform_filter(f"{holsti_filter()} && datum.step == {n}")
        .transform_calculate(
            text=wrapped(
                f"'After all {n} acts, trust is ' + format(datum.trust, '.2f') + "
                "' with discount ' + format(discount, '.2f') + "
                f"' and {unbiased_end:.2f} for the unbiased observer.'"
            )
        )
        .mark_text(align="left", baseline="top", lineBreak="\n", lineHeight=18)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=theme.WIDTH, height=40)
    )
    return summary


def _acts_strip(seq: tuple[int, ...]) -> alt.Chart:
    """The adversary's acts as a strip of triangles: ▲ cooperative, ▼ hostile."""
    import altair as alt
    import pandas as pd

    n, kinds = len(seq), list(_KINDS.values())
    green, black = theme.OKABE_ITO["bluish_green"], theme.OKABE_ITO["black"]
    strip: alt.Chart = (
        alt.Chart(pd.DataFrame({"step": range(1, n + 1), "act": [_KINDS[a] for a in seq]}))
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=alt.X("step:Q", scale=alt.Scale(domain=[0, n + 0.5], nice=False), axis=None),
            shape=alt.Shape(
                "act:N",
                scale=alt.Scale(domain=kinds, range=["triangle-up", "triangle-down"]),
                legend=None,
            ),
            color=alt.Color(
                "act:N", scale=alt.Scale(domain=kinds, range=[green, black]), legend=None
            ),
            tooltip=[alt.Tooltip("step:Q", title="Act"), alt.Tooltip("act:N", title="Kind")],
        )
        .properties(
            width=theme.WIDTH,
            height=24,
            title=panel_title(
                "The adversary's acts (illustrative, not historical): ▲ cooperative, ▼ hostile",
                bold=False,
            ),
        )
    )
    return strip


def _table(seq: tuple[int, ...], d0: float, rate: float, trust0: float) -> Table:
    """Trust after each act at the starting discount, beside the unbiased observer."""
    own = _models.holsti_trajectory(seq, discount=d0, learning_rate=rate, start=trust0)
    ref = _models.holsti_trajectory(seq, discount=1.0, learning_rate=rate, start=trust0)
    return Table(
        f"Trust after each act at the starting discount {d0:g}, beside an unbiased "
        f"observer (discount 1); learning rate {rate:g}, starting trust {trust0:g}. "
        "The acts are illustrative, not historical.",
        ("Acts seen", "Latest act", f"Trust, discount {d0:g}", "Trust, unbiased (discount 1)"),
        tuple(
            (i, "none yet" if i == 0 else _KINDS[seq[i - 1]], rounded(a), rounded(b))
            for i, (a, b) in enumerate(zip(own, ref, strict=True))
        ),
    )


def holsti_explorer(
    *,
    discount: float = 0.2,
    acts: Iterable[int] = ILLUSTRATIVE_ACTS,
    learning_rate: float = 0.3,
    start: float = 0.5,
) -> alt.VConcatChart:
    """Holsti's inherent bad faith model, as an explorable with no kernel.

    A fixed, illustrative (not historical) sequence of the adversary's acts,
    cooperative (+1) or hostile (-1), is drawn as a strip of triangles. A
    slider sets the weight the observer gives cooperative acts (the
    discount); the observer's trust trajectory (solid, with dots) redraws,
    beside the trajectory of an unbiased observer who gives both kinds of act
    full weight (discount 1, dashed). Every trajectory comes from
    :func:`teachkit.holsti_trajectory`, precomputed for each slider position.

    Parameters
    ----------
    discount : float, default 0.2
        Starting discount, from 0 to 1 in steps of 0.05.
    acts : sequence of int, default :data:`ILLUSTRATIVE_ACTS`
        The adversary's acts in order, each +1 (cooperative) or -1 (hostile);
        1 to 30 of them.
    learning_rate : float, default 0.3
        How far one act moves trust, from 0 to 1 (fixed in the chart).
    start : float, default 0.5
        Trust before the first act, from 0 to 1 (fixed in the chart).

    Returns
    -------
    altair.VConcatChart
        The trajectories under the strip of acts, with one slider bound in the spec.

    Raises
    ------
    TypeError
        If ``acts`` is not a sequence of numbers, or a value is not a number.
    ValueError
        If a value is outside its range (the message names it).

    Examples
    --------
    >>> spec = holsti_explorer(discount=0.5).to_dict()
    >>> spec["params"][0]["bind"]["step"]
    0.05
    """
    begin = HOLSTI.start(discount=discount)
    seq = _check_acts(acts)
    rate = _checks.number("learning_rate", learning_rate, 0.0, 1.0)
    trust0 = _checks.number("start", start, 0.0, 1.0)
    n = len(seq)
    trajectories = _trajectories(seq, rate, trust0)
    unbiased = _models.holsti_trajectory(seq, discount=1.0, learning_rate=rate, start=trust0)
    panels = [
        _acts_strip(seq),
        _lines_panel(trajectories, n),
        _summary(trajectories, n, float(unbiased[-1])),
    ]
    table = _table(seq, begin["discount"], rate, trust0)
    explorable = replace(HOLSTI, predict=_predict(seq))
    return explorable.compose(panels, start=begin, description=_DESCRIPTION, table=table)
