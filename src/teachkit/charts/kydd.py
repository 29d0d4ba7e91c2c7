"""Kydd's reassurance by costly signals, as an explorable that works with no kernel.

The maths lives in :mod:`teachkit.models.kydd`; :func:`kydd_calculations` is
its one browser-side copy, a chain of Vega expressions that
tests/test_model_charts.py evaluates and compares with the model functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from teachkit import models as _models
from teachkit.charts import theme
from teachkit.charts._formal_common import layer, panel_title, payoff, rounded
from teachkit.charts.explorable import (
    Calculation,
    Control,
    Explorable,
    Table,
    calculate,
    choose,
    lit,
    text_panel,
)

if TYPE_CHECKING:
    import altair as alt

KYDD_PARAMS: Final = ("prior", "cost", "benefit_t", "benefit_u", "spread")

KYDD: Final = Explorable(
    title="Reassurance by costly signals",
    question="Does a friendly gesture raise trust?",
    predict=(
        "Predict first: the signal costs less than either type gains from being trusted. "
        "Does seeing it raise trust above the prior?"
    ),
    notes=("Then raise the cost above the untrustworthy type's benefit.",),
    card="kydd",
    controls=(
        Control("prior", "prior", "Prior trust, before any signal: ", 0, 1, 0.01),
        Control("cost", "cost", "Cost of the signal: ", 0, 10, 0.1),
        Control(
            "benefit_t",
            "benefit_trustworthy",
            "Benefit of being trusted, trustworthy type: ",
            0,
            10,
            0.1,
        ),
        Control(
            "benefit_u",
            "benefit_untrustworthy",
            "Benefit of being trusted, untrustworthy type: ",
            0,
            10,
            0.1,
        ),
        Control("spread", "cost_spread", "Spread of costs within a type: ", 0, 3, 0.1),
    ),
)

_ROWS: Final = ("Before: the prior", "After the signal is seen", "After silence (no signal)")
_SENDERS: Final = (
    "Cost of the signal",
    "Trustworthy type's benefit",
    "Untrustworthy type's benefit",
)
_PLOT: Final = 280
#: On a narrow screen each row's name and readout go above its mark, in taller rows.
_NARROW_PLOT: Final = theme.NARROW_WIDTH
_NARROW_ROW: Final = 68
_KYDD_OUTCOMES: Final[dict[str, str]] = {
    "separating": (
        "Separating: only the trustworthy type sends.\n"
        "Seeing the signal proves trustworthiness; silence proves the opposite."
    ),
    "pooling": (
        "Pooling — cheap talk: trust stays at the prior — fake bonding is possible.\n"
        "Both types send alike, so the signal tells the observer nothing."
    ),
    "partly separating": (
        "Partly separating: the trustworthy type sends more often.\n"
        "The signal raises trust, but not to certainty; silence lowers it."
    ),
    "reversed": (
        "Reversed: the untrustworthy type sends more often.\n"
        "The signal lowers trust, and silence raises it."
    ),
    "nobody sends": (
        "Nobody sends: neither type gains enough to pay the cost.\n"
        "The observer only ever sees silence, so trust stays at the prior."
    ),
}
_DESCRIPTION: Final = (
    "Bar chart of Kydd's reassurance model (the book's simplification): trust, the "
    "probability that the other side is trustworthy, before a signal, after the signal "
    "is seen and after silence, with a dashed line at the trust threshold above which a "
    "security seeker cooperates and a text readout for each bar. A text line names the "
    "outcome: separating, pooling (cheap talk, trust stays at the prior), partly "
    "separating, reversed or nobody sends. Sliders set the prior trust, the signal's "
    "cost, the benefit of being trusted for the trustworthy and the untrustworthy type, "
    "and the spread of costs within a type; a type sends the signal when its benefit "
    "exceeds its cost."
)


# ---------------------------------------------------------------- Vega expressions


def _send_expression(benefit: str) -> str:
    """Mirror of :func:`teachkit.models.kydd_send_probability`."""
    return (
        f"(spread == 0 ? ({benefit} > cost ? 1 : 0) : "
        f"min(1, max(0, ({benefit} - (cost - spread)) / (2 * spread))))"
    )


def _posterior_expression(q_t: str, q_u: str) -> str:
    """Mirror of :func:`teachkit.models.kydd_posterior`; ``null`` where it raises."""
    evidence = f"(prior * {q_t} + (1 - prior) * {q_u})"
    return (
        f"({q_t} == {q_u} ? ({q_t} == 0 ? null : prior) : "
        f"({evidence} == 0 ? null : min(1, max(0, prior * {q_t} / {evidence}))))"
    )


def kydd_calculations(threshold: float) -> tuple[Calculation, ...]:
    """Vega mirror of :func:`~teachkit.models.kydd_signal` and the trust threshold.

    Writes ``q_t``, ``q_u`` (send probabilities), ``post_sent``,
    ``post_silent`` (posteriors, ``null`` when undefined), ``kind`` (as in
    :class:`~teachkit.models.SignalOutcome`) and ``coop_sent``,
    ``coop_silent`` (:func:`~teachkit.models.kydd_cooperates`, ``null`` when
    undefined). ``threshold`` is the value of
    :func:`~teachkit.models.kydd_trust_threshold`, computed in Python.

    Examples
    --------
    >>> [name for name, _ in kydd_calculations(0.5)][:4]
    ['q_t', 'q_u', 'post_sent', 'post_silent']
    """
    t = lit(threshold)
    return (
        ("q_t", _send_expression("benefit_t")),
        ("q_u", _send_expression("benefit_u")),
        ("post_sent", _posterior_expression("datum.q_t", "datum.q_u")),
        ("post_silent", _posterior_expression("(1 - datum.q_t)", "(1 - datum.q_u)")),
        (
            "kind",
            "(datum.q_t == datum.q_u ? (datum.q_t == 0 ? 'nobody sends' : 'pooling') : "
            "(datum.q_t == 1 && datum.q_u == 0 ? 'separating' : "
            "(datum.q_t > datum.q_u ? 'partly separating' : 'reversed')))",
        ),
        ("coop_sent", f"(isValid(datum.post_sent) ? datum.post_sent >= {t} : null)"),
        ("coop_silent", f"(isValid(datum.post_silent) ? datum.post_silent >= {t} : null)"),
    )


# ---------------------------------------------------------------- panels


def _readout(base: alt.Chart, y: Any, *, narrow: bool) -> alt.Chart:
    """Each row's readout: beside the plot, or on a narrow screen above the row's mark.

    The narrow plot has no axis labels, so the row's name goes above its readout.
    """
    import altair as alt

    text: alt.Chart
    if narrow:
        # Vega draws the lines of a text downwards from its anchor: lift it by both lines
        text = (
            base.transform_calculate(both="datum.row + '\\n' + datum.readout")
            .mark_text(align="left", baseline="bottom", dy=-29, lineBreak="\n", lineHeight=15)
            .encode(x=alt.value(0), y=y, text="both:N")
        )
    else:
        text = base.mark_text(align="left", dx=8).encode(
            x=alt.value(_PLOT + 4), y=y, text="readout:N"
        )
    return text


def _rows(sort: tuple[str, ...], *, narrow: bool) -> alt.Y:
    import altair as alt

    axis = None if narrow else alt.Axis(labelLimit=220)
    return alt.Y("row:N", sort=list(sort), title=None, axis=axis)


def _senders_panel(steps: tuple[Calculation, ...], *, narrow: bool = False) -> alt.LayerChart:
    """Who sends: the cost (with its spread) beside each type's benefit."""
    import altair as alt
    import pandas as pd

    senders = pd.DataFrame({"order": [0, 1, 2], "row": list(_SENDERS)})
    base = calculate(alt.Chart(senders), steps).transform_calculate(
        value="datum.order == 0 ? cost : (datum.order == 1 ? benefit_t : benefit_u)",
        low="datum.order == 0 ? cost - spread : null",
        high="datum.order == 0 ? cost + spread : null",
        readout="datum.order == 0 ? format(cost, '.1f') + (spread > 0 ? ' ± ' + "
        "format(spread, '.1f') : '') : format(datum.value, '.1f') + ': sends with chance ' + "
        "format(datum.order == 1 ? datum.q_t : datum.q_u, '.2f')",
    )
    y = _rows(_SENDERS, narrow=narrow)
    scale = alt.Scale(domain=[0, 10], nice=False, clamp=True)
    x = alt.X("value:Q", scale=scale, title="Cost or benefit (same units)")
    colours = [theme.OKABE_ITO[c] for c in ("black", "bluish_green", "vermillion")]
    domain = list(_SENDERS)
    dots = base.mark_point(filled=True, size=140, opacity=1).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "row:N", scale=alt.Scale(domain=domain, range=list(theme.SHAPES[:3])), legend=None
        ),
        color=alt.Color("row:N", scale=alt.Scale(domain=domain, range=colours), legend=None),
        strokeWidth=alt.value(3),
        tooltip=[alt.Tooltip("row:N", title="What"), alt.Tooltip("value:Q", format=".1f")],
    )
    band = (
        base.transform_filter("datum.order == 0 && spread > 0")
        .mark_rule(strokeWidth=3, color=theme.GREY)
        .encode(x=alt.X("low:Q", scale=scale), x2="high:Q", y=y)
    )
    cost_rule = (
        base.transform_filter("datum.order == 0")
        .mark_rule(strokeDash=[4, 3], color=theme.OKABE_ITO["black"])
        .encode(x=x)
    )
    title = [
        "Who sends the signal?",
        "A type sends when its benefit exceeds the cost (dashed line).",
    ]
    layered = layer(cost_rule, band, dots, _readout(base, y, narrow=narrow)).properties(
        name="kydd_senders",
        width=_NARROW_PLOT if narrow else _PLOT,
        height=_NARROW_ROW * 3 if narrow else 90,
        title=panel_title(title),
    )
    return layered


def _beliefs_panel(
    steps: tuple[Calculation, ...], threshold: float, *, narrow: bool = False
) -> alt.LayerChart:
    """What the observer then believes: the prior and both posteriors, with the threshold."""
    import altair as alt
    import pandas as pd

    rows = pd.DataFrame({"order": [0, 1, 2], "row": list(_ROWS)})
    base = calculate(alt.Chart(rows), steps).transform_calculate(
        value="datum.order == 0 ? prior : (datum.order == 1 ? datum.post_sent : datum.post_silent)",
        coop=f"datum.order == 0 ? prior >= {lit(threshold)} "
        ": (datum.order == 1 ? datum.coop_sent : datum.coop_silent)",
    )
    base = base.transform_calculate(
        readout="isValid(datum.value) ? format(datum.value, '.2f') + (datum.coop ? "
        "': would cooperate' : ': would not cooperate') : 'undefined: never seen'"
    )
    y = _rows(_ROWS, narrow=narrow)
    colours = [theme.GREY, theme.OKABE_ITO["blue"], theme.OKABE_ITO["orange"]]
    bars = base.mark_bar(height=22).encode(
        x=alt.X(
            "value:Q",
            scale=alt.Scale(domain=[0, 1]),
            title="Trust: probability that the other side is trustworthy",
        ),
        y=y,
        color=alt.Color("row:N", scale=alt.Scale(domain=list(_ROWS), range=colours), legend=None),
        tooltip=[
            alt.Tooltip("row:N", title="When"),
            alt.Tooltip("value:Q", title="Trust", format=".3f"),
        ],
    )
    rule = (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(strokeDash=[6, 4], strokeWidth=2, color=theme.GREY)
        .encode(x="threshold:Q")
    )
    title = [
        "What does the observer believe afterwards?",
        f"Dashed line: the trust threshold, {threshold:.2f}. A security seeker "
        "cooperates at or above it.",
    ]
    layered = layer(bars, rule, _readout(base, y, narrow=narrow)).properties(
        name="kydd_beliefs",
        width=_NARROW_PLOT if narrow else _PLOT,
        height=_NARROW_ROW * 3 if narrow else 110,
        title=panel_title(title),
    )
    return layered


def _outcome_text(steps: tuple[Calculation, ...]) -> alt.Chart:
    """The outcome in words and each type's chance of sending."""
    chances = (
        "'Chance of sending the signal: trustworthy type ' + format(datum.q_t, '.2f') + "
        "', untrustworthy type ' + format(datum.q_u, '.2f') + '.'"
    )
    return text_panel(steps, [choose("datum.kind", _KYDD_OUTCOMES, ""), chances], height=58)


def _table(start: dict[str, Any], threshold: float) -> Table:
    """The text alternative: the model's numbers at the starting setting."""
    out = _models.kydd_signal(
        start["prior"],
        cost=start["cost"],
        benefit_trustworthy=start["benefit_t"],
        benefit_untrustworthy=start["benefit_u"],
        cost_spread=start["spread"],
    )
    return Table(
        f"Trust before and after the signal at the starting setting (prior {start['prior']}, "
        f"cost {start['cost']}, benefits {start['benefit_t']} and {start['benefit_u']}, "
        f"spread {start['spread']}). Outcome: {out.kind}.",
        ("Quantity", "Value"),
        (
            ("Trust before the signal (prior)", rounded(start["prior"])),
            ("Chance the trustworthy type sends", rounded(out.p_send_trustworthy)),
            ("Chance the untrustworthy type sends", rounded(out.p_send_untrustworthy)),
            ("Trust after the signal is seen", rounded(out.posterior_if_sent)),
            ("Trust after silence", rounded(out.posterior_if_not_sent)),
            ("Trust threshold for cooperating", rounded(threshold)),
            ("Outcome", out.kind),
        ),
    )


# ---------------------------------------------------------------- the explorable


def kydd_explorer(
    *,
    prior: float = 0.3,
    cost: float = 2.0,
    benefit_trustworthy: float = 5.0,
    benefit_untrustworthy: float = 4.0,
    cost_spread: float = 0.0,
    R: float = 3.0,
    T: float = 2.0,
    P: float = 1.0,
    S: float = 0.0,
) -> alt.VConcatChart:
    """Kydd's reassurance by costly signals, as an explorable with no kernel.

    Dots show the signal's cost beside each type's benefit from being
    trusted; bars show trust before a signal (the prior), after the signal is
    seen and after silence, against the trust threshold at which a security
    seeker cooperates; a text line names the outcome (separating, pooling or
    "cheap talk", partly separating, reversed, nobody sends). The browser
    recomputes with Vega expressions that mirror :func:`teachkit.kydd_signal`
    (see :func:`kydd_calculations`).

    Parameters
    ----------
    prior : float, default 0.3
        Starting trust, from 0 to 1 in steps of 0.01 (the slider's steps).
    cost : float, default 2.0
        Starting cost of the signal, from 0 to 10 in steps of 0.1.
    benefit_trustworthy, benefit_untrustworthy : float, default 5.0 and 4.0
        Starting benefit of being trusted for each type, from 0 to 10 in
        steps of 0.1.
    cost_spread : float, default 0.0
        Starting spread of costs within a type, from 0 to 3 in steps of 0.1
        (above 0 the send probabilities are shares between 0 and 1).
    R, T, P, S : float, default 3, 2, 1, 0
        Assurance-game payoffs for the threshold (fixed in the chart), each
        between -1000 and 1000; see :func:`teachkit.kydd_trust_threshold`.

    Returns
    -------
    altair.VConcatChart
        The senders, the beliefs and the outcome text, with five sliders bound in the spec.

    Raises
    ------
    TypeError
        If a value is not a number.
    ValueError
        If a starting value is not a position of its slider, or the payoffs
        are out of range or not an assurance game (the message names which).

    Examples
    --------
    >>> spec = kydd_explorer(prior=0.5).to_dict()
    >>> [p["name"] for p in spec["params"] if "bind" in p]
    ['prior', 'cost', 'benefit_t', 'benefit_u', 'spread']
    """
    start = KYDD.start(
        prior=prior,
        cost=cost,
        benefit_trustworthy=benefit_trustworthy,
        benefit_untrustworthy=benefit_untrustworthy,
        cost_spread=cost_spread,
    )
    game = {name: payoff(name, value) for name, value in (("R", R), ("T", T), ("P", P), ("S", S))}
    threshold = _models.kydd_trust_threshold(**game)
    steps = kydd_calculations(threshold)
    panels = [_senders_panel(steps), _beliefs_panel(steps, threshold), _outcome_text(steps)]
    narrow = {
        "kydd_senders": _senders_panel(steps, narrow=True),
        "kydd_beliefs": _beliefs_panel(steps, threshold, narrow=True),
    }
    return KYDD.compose(
        panels,
        start=start,
        description=_DESCRIPTION,
        table=_table(start, threshold),
        narrow=narrow,
    )
