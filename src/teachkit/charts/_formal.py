"""Explorables for the four formal models: Altair charts that work with no kernel.

Each chart's controls are Vega-Lite params bound to inputs in the spec, so the
static book redraws them in the browser. The maths lives in
:mod:`teachkit.models`. Where a chart must recompute in the browser, the
formula is mirrored as a Vega expression, and every such expression is built
in the section "Vega expressions" below and nowhere else; the tests evaluate
each one in Python and compare it with the model function. Where the space of
settings is small (Holsti), the chart carries a grid computed by the model
function and only filters it.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from teachkit import models as _models

if TYPE_CHECKING:
    import altair as alt

# ---------------------------------------------------------------- look

#: The Okabe-Ito palette (colour-blind safe). Yellow and sky blue are too pale for
#: lines and text on white, so the charts use the others.
OKABE_ITO: Final[dict[str, str]] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
_GREY: Final = "#767676"  # 4.5:1 on white, for reference marks
_WIDTH: Final = 460
_FONT: Final = 12

Calculation = tuple[str, str]
"""One Vega-Lite ``calculate`` step: ``(field it writes, Vega expression)``."""


# ---------------------------------------------------------------- input checks


def _number(name: str, value: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number from {low:g} to {high:g} (got {value!r})")
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise ValueError(f"{name} must be between {low:g} and {high:g} (got {value!r})")
    return number


def _whole(name: str, value: int, low: int, high: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not low <= value <= high
    ):
        raise ValueError(f"{name} must be a whole number from {low} to {high} (got {value!r})")
    return int(value)


def _on_grid(name: str, value: float, low: float, high: float, step: float) -> float:
    number = _number(name, value, low, high)
    index = round((number - low) / step)
    if abs(low + index * step - number) > 1e-9:
        raise ValueError(
            f"{name} must be between {low:g} and {high:g} in steps of {step:g} (got {value!r})"
        )
    return round(low + index * step, 10)


# ---------------------------------------------------------------- Vega expressions
#
# The ONLY browser-side copies of the model maths. Each function returns the
# ordered calculate steps a chart applies; tests/test_model_charts.py evaluates
# every expression in Python over a grid and compares it with teachkit.models.
# Param names are the keys of the *_PARAMS dicts below; earlier steps are read
# back as ``datum.<field>``.


def _lit(value: float) -> str:
    """A number as a Vega literal that round-trips exactly (Python's shortest repr)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot write {value!r} into a Vega expression")
    return f"({number!r})" if number < 0 else repr(number)


def _str(text: str) -> str:
    """A Vega string literal."""
    return json.dumps(text, ensure_ascii=False)


def _choose(field: str, options: dict[str, str], default: str) -> str:
    """A chain of ``?:`` picking ``options[value]`` for the value of ``field``."""
    expression = _str(default)
    for key, text in reversed(options.items()):
        expression = f"({field} == {_str(key)} ? {_str(text)} : {expression})"
    return expression


KYDD_PARAMS: Final = ("prior", "cost", "benefit_t", "benefit_u", "spread")
HOLSTI_PARAMS: Final = ("discount",)
RICHARDSON_PARAMS: Final = ("k", "a", "g")
AXELROD_PARAMS: Final = ("w",)


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
    """
    t = _lit(threshold)
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


def holsti_filter(tolerance: float = 1e-6) -> str:
    """The filter that keeps the precomputed trajectory for the slider's discount."""
    return f"abs(datum.discount - discount) < {_lit(tolerance)}"


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
    """
    s0, d0 = _lit(x0 + y0), _lit(x0 - y0)
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
    """
    t, r, p, s = _lit(T), _lit(R), _lit(P), _lit(S)
    return (
        ("weighted", "pow(w, datum.round - 1) * datum.payoff"),
        ("v_tft", f"{r} / (1 - w)"),
        ("v_alld", f"{t} + w * {p} / (1 - w)"),
        ("v_alt", f"({t} + w * {s}) / (1 - w * w)"),
        ("stable", f"w >= {_lit(threshold)}"),
    )


def _calculate(chart: alt.Chart, steps: Sequence[Calculation]) -> alt.Chart:
    for field, expression in steps:
        chart = chart.transform_calculate(**{field: expression})
    calculated: alt.Chart = chart
    return calculated


# ---------------------------------------------------------------- shared pieces


def _card_line(key: str) -> str:
    """A subtitle line with the model card's derivation label, naming the author."""
    card = _models.MODEL_CARDS[key]
    label = next(lb for lb in _models.DERIVATION_LABELS if card.derivation.startswith(lb))
    author = key.capitalize() + "'s"
    label = label.replace("the author's", author).replace("author's own", author + " own")
    return f"Model: {label} — see the model card, tk.model_card({key!r})"


def _title(text: str, *lines: str) -> alt.TitleParams:
    import altair as alt

    return alt.TitleParams(
        text=text, subtitle=list(lines), anchor="start", fontSize=15, subtitleFontSize=_FONT
    )


def _slider(
    name: str, value: float, low: float, high: float, step: float, label: str
) -> alt.Parameter:
    import altair as alt

    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=low, max=high, step=step, name=label),
    )


def _text_panel(steps: Sequence[Calculation], lines: Sequence[str], height: int) -> alt.Chart:
    """One block of text computed in the browser: each line a Vega string expression."""
    import altair as alt
    import pandas as pd

    text = " + '\\n' + ".join(f"({line})" for line in lines)
    panel: alt.Chart = (
        _calculate(alt.Chart(pd.DataFrame({"row": [0]})), steps)
        .transform_calculate(text=text)
        .mark_text(align="left", baseline="top", fontSize=_FONT + 1, lineBreak="\n", lineHeight=18)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=_WIDTH, height=height)
    )
    return panel


def _finish(
    chart: alt.VConcatChart,
    *,
    params: Sequence[alt.Parameter],
    title: alt.TitleParams,
    description: str,
    table: dict[str, Any],
) -> alt.VConcatChart:
    finished: alt.VConcatChart = (
        chart.resolve_scale(color="independent", shape="independent", strokeDash="independent")
        .add_params(*params)
        .properties(title=title, description=description, usermeta={"teachkit": {"table": table}})
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=_FONT, titleFontSize=_FONT)
        .configure_legend(labelFontSize=_FONT, titleFontSize=_FONT, symbolStrokeWidth=2)
    )
    return finished


def _rounded(value: float | None, digits: int = 4) -> float | str:
    return "undefined (never seen)" if value is None else round(float(value), digits)


# ================================================================ 1. Kydd

_KYDD_ROWS: Final = (
    "Before: the prior",
    "After the signal is seen",
    "After silence (no signal)",
)
_KYDD_SENDERS: Final = (
    "Cost of the signal",
    "Trustworthy type's benefit",
    "Untrustworthy type's benefit",
)
_KYDD_PLOT: Final = 280
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
_KYDD_SLIDERS: Final = {
    # param: (low, high, step, label)
    "prior": (0.0, 1.0, 0.01, "Prior trust, before any signal: "),
    "cost": (0.0, 10.0, 0.1, "Cost of the signal: "),
    "benefit_t": (0.0, 10.0, 0.1, "Benefit of being trusted, trustworthy type: "),
    "benefit_u": (0.0, 10.0, 0.1, "Benefit of being trusted, untrustworthy type: "),
    "spread": (0.0, 3.0, 0.1, "Spread of costs within a type: "),
}


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

    Bars show trust before a signal (the prior), after the signal is seen and
    after silence, against the trust threshold at which a security seeker
    cooperates; a text line names the outcome (separating, pooling or "cheap
    talk", partly separating, reversed, nobody sends). Sliders set the prior,
    the signal's cost, each type's benefit from being trusted and the spread
    of costs within a type. The browser recomputes with Vega expressions that
    mirror :func:`teachkit.kydd_signal` (see :func:`kydd_calculations`).

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
        Assurance-game payoffs for the threshold (fixed in the chart); see
        :func:`teachkit.kydd_trust_threshold`.

    Returns
    -------
    altair.VConcatChart
        The bars and the outcome text, with five sliders bound in the spec.

    Raises
    ------
    ValueError
        If a starting value is not a position of its slider, or the payoffs
        are not an assurance game (the message names the range or condition).

    Examples
    --------
    >>> spec = kydd_explorer(prior=0.5).to_dict()
    >>> [p["name"] for p in spec["params"]]
    ['prior', 'cost', 'benefit_t', 'benefit_u', 'spread']
    """
    import altair as alt
    import pandas as pd

    start = {
        "prior": _on_grid("prior", prior, *_KYDD_SLIDERS["prior"][:3]),
        "cost": _on_grid("cost", cost, *_KYDD_SLIDERS["cost"][:3]),
        "benefit_t": _on_grid(
            "benefit_trustworthy", benefit_trustworthy, *_KYDD_SLIDERS["benefit_t"][:3]
        ),
        "benefit_u": _on_grid(
            "benefit_untrustworthy", benefit_untrustworthy, *_KYDD_SLIDERS["benefit_u"][:3]
        ),
        "spread": _on_grid("cost_spread", cost_spread, *_KYDD_SLIDERS["spread"][:3]),
    }
    threshold = _models.kydd_trust_threshold(R=R, T=T, P=P, S=S)
    steps = kydd_calculations(threshold)
    params = [
        _slider(name, start[name], *_KYDD_SLIDERS[name])
        for name in KYDD_PARAMS  # the order of the controls on the page
    ]

    # who sends: the cost (with its spread) beside each type's benefit
    senders = pd.DataFrame({"order": [0, 1, 2], "row": list(_KYDD_SENDERS)})
    send_base = _calculate(alt.Chart(senders), steps).transform_calculate(
        value="datum.order == 0 ? cost : (datum.order == 1 ? benefit_t : benefit_u)",
        low="datum.order == 0 ? cost - spread : null",
        high="datum.order == 0 ? cost + spread : null",
        readout="datum.order == 0 ? format(cost, '.1f') + (spread > 0 ? ' ± ' + "
        "format(spread, '.1f') : '') : format(datum.value, '.1f') + ': sends with chance ' + "
        "format(datum.order == 1 ? datum.q_t : datum.q_u, '.2f')",
    )
    y_send = alt.Y("row:N", sort=list(_KYDD_SENDERS), title=None, axis=alt.Axis(labelLimit=220))
    send_scale = alt.Scale(domain=[0, 10], nice=False, clamp=True)
    x_send = alt.X(
        "value:Q",
        scale=send_scale,
        title="Cost or benefit (same units)",
    )
    sender_colours = [OKABE_ITO["black"], OKABE_ITO["bluish_green"], OKABE_ITO["vermillion"]]
    dots = send_base.mark_point(filled=True, size=140, opacity=1).encode(
        x=x_send,
        y=y_send,
        shape=alt.Shape(
            "row:N",
            scale=alt.Scale(domain=list(_KYDD_SENDERS), range=["square", "circle", "diamond"]),
            legend=None,
        ),
        color=alt.Color(
            "row:N",
            scale=alt.Scale(domain=list(_KYDD_SENDERS), range=sender_colours),
            legend=None,
        ),
        strokeWidth=alt.value(3),
        tooltip=[alt.Tooltip("row:N", title="What"), alt.Tooltip("value:Q", format=".1f")],
    )
    band = (
        send_base.transform_filter("datum.order == 0 && spread > 0")
        .mark_rule(strokeWidth=3, color=_GREY)
        .encode(x=alt.X("low:Q", scale=send_scale), x2="high:Q", y=y_send)
    )
    cost_rule = (
        send_base.transform_filter("datum.order == 0")
        .mark_rule(strokeDash=[4, 3], color=OKABE_ITO["black"])
        .encode(x=x_send)
    )
    send_readout = send_base.mark_text(align="left", dx=8, fontSize=_FONT).encode(
        x=alt.value(_KYDD_PLOT + 4), y=y_send, text="readout:N"
    )
    send_panel = alt.layer(cost_rule, band, dots, send_readout).properties(
        width=_KYDD_PLOT,
        height=90,
        title=alt.TitleParams(
            [
                "Who sends the signal?",
                "A type sends when its benefit exceeds the cost (dashed line).",
            ],
            fontSize=_FONT,
            anchor="start",
            frame="group",
        ),
    )

    # what the observer then believes
    rows = pd.DataFrame({"order": [0, 1, 2], "row": list(_KYDD_ROWS)})
    base = _calculate(alt.Chart(rows), steps).transform_calculate(
        value="datum.order == 0 ? prior : (datum.order == 1 ? datum.post_sent : datum.post_silent)",
        coop="datum.order == 0 ? prior >= "
        + _lit(threshold)
        + " : (datum.order == 1 ? datum.coop_sent : datum.coop_silent)",
    )
    base = base.transform_calculate(
        readout="isValid(datum.value) ? format(datum.value, '.2f') + (datum.coop ? "
        "': would cooperate' : ': would not cooperate') : 'undefined: never seen'"
    )
    y = alt.Y("row:N", sort=list(_KYDD_ROWS), title=None, axis=alt.Axis(labelLimit=220))
    colours = [_GREY, OKABE_ITO["blue"], OKABE_ITO["orange"]]
    bars = base.mark_bar(height=22).encode(
        x=alt.X(
            "value:Q",
            scale=alt.Scale(domain=[0, 1]),
            title="Trust: probability that the other side is trustworthy",
        ),
        y=y,
        color=alt.Color(
            "row:N", scale=alt.Scale(domain=list(_KYDD_ROWS), range=colours), legend=None
        ),
        tooltip=[
            alt.Tooltip("row:N", title="When"),
            alt.Tooltip("value:Q", title="Trust", format=".3f"),
        ],
    )
    readout = base.mark_text(align="left", dx=8, fontSize=_FONT).encode(
        x=alt.value(_KYDD_PLOT + 4), y=y, text="readout:N"
    )
    threshold_data = alt.Chart(pd.DataFrame({"threshold": [threshold]}))
    rule = threshold_data.mark_rule(strokeDash=[6, 4], strokeWidth=2, color=_GREY).encode(
        x="threshold:Q"
    )
    bars_panel = alt.layer(bars, rule, readout).properties(
        width=_KYDD_PLOT,
        height=110,
        title=alt.TitleParams(
            [
                "What does the observer believe afterwards?",
                f"Dashed line: the trust threshold, {threshold:.2f}. A security seeker "
                "cooperates at or above it.",
            ],
            fontSize=_FONT,
            anchor="start",
            frame="group",
        ),
    )

    outcome = _choose("datum.kind", _KYDD_OUTCOMES, "")
    text = _text_panel(
        steps,
        [
            outcome,
            "'Chance of sending the signal: trustworthy type ' + format(datum.q_t, '.2f') + "
            "', untrustworthy type ' + format(datum.q_u, '.2f') + '.'",
        ],
        height=58,
    )

    out = _models.kydd_signal(
        start["prior"],
        cost=start["cost"],
        benefit_trustworthy=start["benefit_t"],
        benefit_untrustworthy=start["benefit_u"],
        cost_spread=start["spread"],
    )
    table = {
        "caption": (
            f"Trust before and after the signal at the starting setting (prior {prior}, cost "
            f"{cost}, benefits {benefit_trustworthy} and {benefit_untrustworthy}, spread "
            f"{cost_spread}). Outcome: {out.kind}."
        ),
        "columns": ["Quantity", "Value"],
        "rows": [
            ["Trust before the signal (prior)", _rounded(start["prior"])],
            ["Chance the trustworthy type sends", _rounded(out.p_send_trustworthy)],
            ["Chance the untrustworthy type sends", _rounded(out.p_send_untrustworthy)],
            ["Trust after the signal is seen", _rounded(out.posterior_if_sent)],
            ["Trust after silence", _rounded(out.posterior_if_not_sent)],
            ["Trust threshold for cooperating", _rounded(threshold)],
            ["Outcome", out.kind],
        ],
    }
    return _finish(
        alt.vconcat(send_panel, bars_panel, text, spacing=16),
        params=params,
        title=_title(
            "Does a friendly gesture raise trust?",
            "Predict: the signal costs less than either type gains from being trusted. Does "
            "seeing it",
            "raise trust above the prior? Then raise the cost above the untrustworthy "
            "type's benefit.",
            _card_line("kydd"),
        ),
        description=(
            "Bar chart of Kydd's reassurance model (the book's simplification): trust, the "
            "probability that the other side is trustworthy, before a signal, after the signal "
            "is seen and after silence, with a dashed line at the trust threshold above which a "
            "security seeker cooperates and a text readout for each bar. A text line names the "
            "outcome: separating, pooling (cheap talk, trust stays at the prior), partly "
            "separating, reversed or nobody sends. Sliders set the prior trust, the signal's "
            "cost, the benefit of being trusted for the trustworthy and the untrustworthy type, "
            "and the spread of costs within a type; a type sends the signal when its benefit "
            "exceeds its cost."
        ),
        table=table,
    )


# ================================================================ 2. Holsti

#: An illustrative run of acts, not a historical record: eight cooperative acts,
#: one hostile act, then three cooperative acts.
ILLUSTRATIVE_ACTS: Final[tuple[int, ...]] = (1,) * 8 + (-1,) + (1,) * 3
_DISCOUNT_STEP: Final = 0.05
_OBSERVERS: Final = (
    "Observer who discounts cooperation (slider), solid",
    "Unbiased observer (discount 1), dashed",
)
_MAX_ACTS: Final = 30


def holsti_explorer(
    *,
    discount: float = 0.2,
    acts: Sequence[int] = ILLUSTRATIVE_ACTS,
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
        The trajectories over the strip of acts, with one slider bound in the spec.

    Raises
    ------
    ValueError
        If a value is outside its range (the message names it).

    Examples
    --------
    >>> spec = holsti_explorer(discount=0.5).to_dict()
    >>> spec["params"][0]["bind"]["step"]
    0.05
    """
    import altair as alt
    import pandas as pd

    d0 = _on_grid("discount", discount, 0.0, 1.0, _DISCOUNT_STEP)
    rate = _number("learning_rate", learning_rate, 0.0, 1.0)
    trust0 = _number("start", start, 0.0, 1.0)
    if isinstance(acts, str | bytes) or not 1 <= len(acts) <= _MAX_ACTS:
        raise ValueError(f"acts must be a sequence of 1 to {_MAX_ACTS} acts, each +1 or -1")
    seq = tuple(acts)
    if any(isinstance(a, bool) or a not in (1, -1) for a in seq):
        raise ValueError(f"acts must each be +1 (cooperative) or -1 (hostile); got {seq!r}")
    n = len(seq)

    grid = [round(i * _DISCOUNT_STEP, 10) for i in range(round(1 / _DISCOUNT_STEP) + 1)]
    records = []
    for d in grid:
        path = _models.holsti_trajectory(seq, discount=d, learning_rate=rate, start=trust0)
        records += [
            {"discount": d, "step": i, "trust": round(float(v), 6)} for i, v in enumerate(path)
        ]
    trajectories = alt.Chart(pd.DataFrame.from_records(records))
    x = alt.X(
        "step:Q",
        scale=alt.Scale(domain=[0, n + 0.5], nice=False),
        axis=alt.Axis(values=list(range(n + 1)), format="d"),
        title="Number of acts seen (0 = before the first act)",
    )
    y = alt.Y("trust:Q", scale=alt.Scale(domain=[0, 1]), title="Observer's trust (0 to 1)")
    observers = list(_OBSERVERS)
    colour = alt.Color(
        "observer:N",
        scale=alt.Scale(domain=observers, range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]]),
        title=None,
        legend=alt.Legend(orient="top", symbolType="stroke", symbolSize=500, labelLimit=320),
    )
    dash = alt.StrokeDash(
        "observer:N", scale=alt.Scale(domain=observers, range=[[1, 0], [7, 5]]), title=None
    )
    reference = trajectories.transform_filter("datum.discount == 1").transform_calculate(
        observer=_str(_OBSERVERS[1])
    )
    current = trajectories.transform_filter(holsti_filter()).transform_calculate(
        observer=_str(_OBSERVERS[0])
    )
    tooltip = [
        alt.Tooltip("observer:N", title="Observer"),
        alt.Tooltip("step:Q", title="Acts seen"),
        alt.Tooltip("trust:Q", title="Trust", format=".3f"),
    ]
    lines = alt.layer(
        reference.mark_line(strokeWidth=2).encode(
            x=x, y=y, color=colour, strokeDash=dash, tooltip=tooltip
        ),
        current.mark_line(strokeWidth=3).encode(x=x, y=y, color=colour, strokeDash=dash),
        current.mark_point(filled=True, size=45, opacity=1).encode(
            x=x, y=y, color=alt.value(OKABE_ITO["vermillion"]), tooltip=tooltip
        ),
    ).properties(width=_WIDTH, height=220)

    ref_path = _models.holsti_trajectory(seq, discount=1.0, learning_rate=rate, start=trust0)
    summary = (
        trajectories.transform_filter(f"{holsti_filter()} && datum.step == {n}")
        .transform_calculate(
            text=f"'After all {n} acts, trust is ' + format(datum.trust, '.2f') + "
            "' with discount ' + format(discount, '.2f') + "
            f"' and {ref_path[-1]:.2f} for the unbiased observer.'"
        )
        .mark_text(align="left", baseline="top", fontSize=_FONT + 1)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=_WIDTH, height=20)
    )

    kinds = {1: "cooperative act", -1: "hostile act"}
    strip = (
        alt.Chart(pd.DataFrame({"step": range(1, n + 1), "act": [kinds[a] for a in seq]}))
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=alt.X("step:Q", scale=alt.Scale(domain=[0, n + 0.5], nice=False), axis=None),
            shape=alt.Shape(
                "act:N",
                scale=alt.Scale(
                    domain=list(kinds.values()), range=["triangle-up", "triangle-down"]
                ),
                legend=None,
            ),
            color=alt.Color(
                "act:N",
                scale=alt.Scale(
                    domain=list(kinds.values()),
                    range=[OKABE_ITO["bluish_green"], OKABE_ITO["black"]],
                ),
                legend=None,
            ),
            tooltip=[alt.Tooltip("step:Q", title="Act"), alt.Tooltip("act:N", title="Kind")],
        )
        .properties(
            width=_WIDTH,
            height=24,
            title=alt.TitleParams(
                "The adversary's acts (illustrative, not historical): ▲ cooperative, ▼ hostile",
                fontSize=_FONT,
                fontWeight="normal",
                anchor="start",
            ),
        )
    )

    own_path = _models.holsti_trajectory(seq, discount=d0, learning_rate=rate, start=trust0)
    table = {
        "caption": (
            f"Trust after each act at the starting discount {d0:g}, beside an unbiased "
            f"observer (discount 1); learning rate {rate:g}, starting trust {trust0:g}. "
            "The acts are illustrative, not historical."
        ),
        "columns": [
            "Acts seen",
            "Latest act",
            f"Trust, discount {d0:g}",
            "Trust, unbiased (discount 1)",
        ],
        "rows": [
            [i, "none yet" if i == 0 else kinds[seq[i - 1]], _rounded(own), _rounded(ref)]
            for i, (own, ref) in enumerate(zip(own_path, ref_path, strict=True))
        ],
    }
    coop = sum(1 for a in seq if a == 1)
    return _finish(
        alt.vconcat(strip, lines, summary, spacing=8),
        params=[
            _slider(
                "discount",
                d0,
                0.0,
                1.0,
                _DISCOUNT_STEP,
                "Weight given to a cooperative act (discount): ",
            )
        ],
        title=_title(
            "Can cooperation earn the trust of an observer who sees bad faith?",
            f"Predict: after {coop} cooperative acts and {n - coop} hostile, how far does the "
            "discounting observer's",
            "trust rise? Then move the discount towards 1, where it matches the unbiased observer.",
            _card_line("holsti"),
        ),
        description=(
            "Line chart of the book's formalisation of Holsti's inherent bad faith model. A strip "
            "at the top shows an illustrative, not historical, sequence of the adversary's acts: "
            "upward triangles are cooperative acts, downward triangles hostile ones. Below, the "
            "solid line with dots is the trust of an observer who counts each cooperative act at "
            "only the discount's share of its face value, and the dashed line is the trust of an "
            "unbiased observer (discount 1); hostile acts count in full for both. A slider sets "
            "the discount from 0 (cooperation is ignored) to 1, and the solid line redraws."
        ),
        table=table,
    )


# ================================================================ 3. Richardson

_RICHARDSON_SLIDERS: Final = {
    "k": (0.0, 1.0, 0.05, "Reactivity to the other's arms, k = l: "),
    "a": (0.0, 1.0, 0.05, "Restraint (cost of one's own arms), a = b: "),
    "g": (0.0, 2.0, 0.1, "Standing grievance, g = h: "),
}
_RICHARDSON_POINTS: Final = 80
_SIDES: Final = ("Side A (x)", "Side B (y)")


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
    ValueError
        If a value is outside its range (the message names it).

    Examples
    --------
    >>> spec = richardson_explorer().to_dict()
    >>> [p["bind"]["input"] for p in spec["params"]]
    ['range', 'range', 'range']
    """
    import altair as alt
    import pandas as pd

    start = {
        "k": _on_grid("k", k, *_RICHARDSON_SLIDERS["k"][:3]),
        "a": _on_grid("a", a, *_RICHARDSON_SLIDERS["a"][:3]),
        "g": _on_grid("g", g, *_RICHARDSON_SLIDERS["g"][:3]),
    }
    top = _number("y_max", y_max, 5.0, 1000.0)
    x_start = _number("x0", x0, 0.0, top)
    y_start = _number("y0", y0, 0.0, top)
    span = _number("horizon", horizon, 5.0, 50.0)
    dt = span / _RICHARDSON_POINTS
    steps = richardson_calculations(x_start, y_start)
    over_time = [step for step in steps if step[0] not in ("x_star", "stable")]
    verdict_steps = [step for step in steps if step[0] in ("x_star", "stable")]

    def path(kk: float, aa: float, gg: float) -> _models.RichardsonPath:
        return _models.richardson_path(
            x_start, y_start, k=kk, l=kk, a=aa, b=aa, g=gg, h=gg, dt=dt, steps=_RICHARDSON_POINTS
        )

    times = path(start["k"], start["a"], start["g"]).t
    data = alt.Chart(pd.DataFrame({"t": times}))
    arms = (
        _calculate(data, over_time)
        .transform_fold(["x", "y"], as_=["key", "level"])
        .transform_calculate(
            side=f"datum.key == 'x' ? {_str(_SIDES[0])} : {_str(_SIDES[1])}",
            # keep runaway values finite and modest for the renderer; the mark is clipped
            shown=f"clamp(datum.level, {_lit(-10 * top)}, {_lit(11 * top)})",
        )
    )
    sides = list(_SIDES)
    lines = arms.mark_line(strokeWidth=3, clip=True).encode(
        x=alt.X("t:Q", title="Time", scale=alt.Scale(domain=[0, span], nice=False)),
        y=alt.Y(
            "shown:Q",
            title="Arms level (clipped at the top of the chart)",
            scale=alt.Scale(domain=[0, top], nice=False),
        ),
        color=alt.Color(
            "side:N",
            scale=alt.Scale(domain=sides, range=[OKABE_ITO["blue"], OKABE_ITO["vermillion"]]),
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
    equilibrium = (
        _calculate(alt.Chart(pd.DataFrame({"row": [0]})), verdict_steps)
        .transform_filter(f"datum.stable && datum.x_star <= {_lit(top)}")
        .transform_calculate(label="'equilibrium ' + format(datum.x_star, '.2f') + ' (dotted)'")
    )
    eq_rule = equilibrium.mark_rule(strokeDash=[2, 3], strokeWidth=2, color=_GREY).encode(
        y="x_star:Q"
    )
    eq_label = equilibrium.mark_text(align="right", dy=-7, fontSize=_FONT, color="#333333").encode(
        y="x_star:Q", x=alt.value(_WIDTH), text="label:N"
    )
    chart = alt.layer(lines, eq_rule, eq_label).properties(width=_WIDTH, height=250)

    verdict = (
        "datum.stable ? 'Stable: a·b > k·l (' + format(a * a, '.2f') + ' > ' + "
        "format(k * k, '.2f') + '). Both sides settle at ' + format(datum.x_star, '.2f') + '.' "
        ": (a * a == k * k ? 'Borderline: a·b = k·l (' + format(a * a, '.2f') + '). No single "
        "settling point; grievance makes arms drift.' : 'Unstable: a·b < k·l (' + "
        "format(a * a, '.2f') + ' < ' + format(k * k, '.2f') + '). A spiral: reactions outrun "
        "restraint and arms run away.')"
    )
    text = _text_panel(verdict_steps, [verdict], height=20)

    start_path = path(start["k"], start["a"], start["g"])
    stable = _models.richardson_stable(k=start["k"], l=start["k"], a=start["a"], b=start["a"])
    state = "stable" if stable else "not stable (a spiral)"
    table = {
        "caption": (
            f"Arms levels at whole times for the starting setting k = l = {start['k']:g}, "
            f"a = b = {start['a']:g}, g = h = {start['g']:g}, from x = {x_start:g} and "
            f"y = {y_start:g}: {state}."
        ),
        "columns": ["Time", f"{_SIDES[0]} arms", f"{_SIDES[1]} arms"],
        "rows": [
            [round(float(t), 4), _rounded(x), _rounded(y)]
            for i, (t, x, y) in enumerate(zip(*start_path, strict=True))
            if i % (_RICHARDSON_POINTS // 20) == 0
        ],
    }
    return _finish(
        alt.vconcat(chart, text, spacing=10),
        params=[_slider(name, start[name], *_RICHARDSON_SLIDERS[name]) for name in start],
        title=_title(
            "When does an arms race spiral?",
            "Predict: what happens when each side reacts to the other's arms more strongly than",
            "its own costs restrain it? Raise reactivity k above restraint a and watch.",
            "Using these equations for Jervis's spiral model is the book's formalisation of "
            "his verbal argument.",
            _card_line("richardson"),
        ),
        description=(
            "Line chart of Richardson's arms-race equations, the book's formal stand-in for "
            "Jervis's spiral model: the arms levels of side A (solid line) and side B (dashed "
            "line) over time, with the same coefficients for both sides. Sliders set the "
            "reactivity to the other side's arms (k = l), the restraint from the cost of one's "
            "own arms (a = b) and a standing grievance (g = h). A text line states whether the "
            "race is stable (a·b > k·l, both settle at the equilibrium, drawn as a dotted line) "
            f"or unstable (a spiral). The vertical axis stops at {top:g}, so runaway paths "
            "leave the top of the chart."
        ),
        table=table,
    )


# ================================================================ 4. Axelrod

_CHALLENGERS: Final = ("TIT FOR TAT", "ALL D", "Alternation (D, C, D, C, ...)")
_MAX_CHART_ROUNDS: Final = 60


def _payoffs_against_tft(
    rounds: int, *, T: float, R: float, P: float, S: float
) -> list[dict[str, Any]]:
    """Each challenger's payoff in each round against TIT FOR TAT (no discounting)."""
    tft, all_d, alternate = _CHALLENGERS
    rows: list[dict[str, Any]] = []
    for n in range(1, rounds + 1):
        rows.append({"strategy": tft, "round": n, "payoff": R})
        rows.append({"strategy": all_d, "round": n, "payoff": T if n == 1 else P})
        rows.append({"strategy": alternate, "round": n, "payoff": T if n % 2 == 1 else S})
    return rows


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
        Prisoner's Dilemma payoffs (fixed in the chart); need ``T > R > P > S``
        and ``2R > T + S``.

    Returns
    -------
    altair.VConcatChart
        The running totals, the threshold strip and the verdict, with one
        slider bound in the spec.

    Raises
    ------
    ValueError
        If ``w`` or ``rounds`` is out of range or the payoffs are not a
        Prisoner's Dilemma (the message names the range or condition).

    Examples
    --------
    >>> spec = axelrod_explorer(w=0.5).to_dict()
    >>> spec["params"][0]["value"], spec["params"][0]["bind"]["max"]
    (0.5, 0.99)
    """
    import altair as alt
    import pandas as pd

    w0 = _on_grid("w", w, 0.0, 0.99, 0.01)
    n = _whole("rounds", rounds, 2, _MAX_CHART_ROUNDS)
    threshold = _models.axelrod_threshold(T=T, R=R, P=P, S=S)  # checks the payoffs
    steps = axelrod_calculations(T=T, R=R, P=P, S=S, threshold=threshold)
    per_row, endless = steps[:1], steps[1:]

    rows = pd.DataFrame.from_records(_payoffs_against_tft(n, T=T, R=R, P=P, S=S))
    totals = _calculate(alt.Chart(rows), per_row).transform_window(
        total="sum(weighted)", groupby=["strategy"], sort=[{"field": "round"}], frame=[None, 0]
    )
    challengers = list(_CHALLENGERS)
    legend = alt.Legend(orient="top", direction="horizontal", symbolSize=120, labelLimit=260)
    encoding = {
        "x": alt.X(
            "round:Q",
            title="Round",
            scale=alt.Scale(domain=[1, n], nice=False),
            axis=alt.Axis(format="d", tickMinStep=1),
        ),
        "y": alt.Y("total:Q", title="Running discounted total against TIT FOR TAT"),
        "color": alt.Color(
            "strategy:N",
            scale=alt.Scale(
                domain=challengers,
                range=[OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]],
            ),
            title="Challenger",
            legend=legend,
        ),
    }
    chart = (
        totals.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(filled=True, size=55, opacity=1))
        .encode(
            **encoding,
            strokeDash=alt.StrokeDash(
                "strategy:N",
                scale=alt.Scale(domain=challengers, range=[[1, 0], [8, 4], [2, 3]]),
                title="Challenger",
                legend=legend,
            ),
            shape=alt.Shape(
                "strategy:N",
                scale=alt.Scale(domain=challengers, range=["circle", "square", "triangle-up"]),
                title="Challenger",
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("strategy:N", title="Challenger"),
                alt.Tooltip("round:Q", title="Round"),
                alt.Tooltip("total:Q", title="Running total", format=".2f"),
            ],
        )
        .properties(width=_WIDTH, height=230)
    )

    regions = [
        ("not stable", 0.0, threshold, OKABE_ITO["orange"]),
        ("collectively stable", threshold, 1.0, OKABE_ITO["sky_blue"]),
    ]
    strip_data = alt.Chart(
        pd.DataFrame(
            {
                "region": [r[0] for r in regions],
                "start": [r[1] for r in regions],
                "end": [r[2] for r in regions],
                # a label only where it fits: about 6.5 px a character at 11 px
                "label": [
                    r[0] if (r[2] - r[1]) * _WIDTH > 6.5 * len(r[0]) else "" for r in regions
                ],
            }
        )
    )
    w_scale = alt.Scale(domain=[0, 1], nice=False)
    shading = strip_data.mark_rect(opacity=0.3).encode(
        x=alt.X(
            "start:Q",
            scale=w_scale,
            title="Shadow of the future, w (dashed line: the threshold)",
        ),
        x2="end:Q",
        color=alt.Color(
            "region:N",
            scale=alt.Scale(domain=[r[0] for r in regions], range=[r[3] for r in regions]),
            legend=None,
        ),
        tooltip=[alt.Tooltip("region:N", title="Region")],
    )
    region_labels = strip_data.mark_text(
        fontSize=_FONT - 1, align="left", baseline="top", dx=5, dy=4
    ).encode(x=alt.X("start:Q", scale=w_scale), y=alt.value(0), text="label:N")
    threshold_rule = (
        alt.Chart(pd.DataFrame({"w": [threshold]}))
        .mark_rule(strokeDash=[6, 4], strokeWidth=2, color=OKABE_ITO["black"])
        .encode(x=alt.X("w:Q", scale=w_scale))
    )
    marker = alt.Chart(pd.DataFrame({"row": [0]})).transform_calculate(
        here="w", label="'w = ' + format(w, '.2f')"
    )
    marker_point = marker.mark_point(
        shape="triangle-up", filled=True, size=150, color=OKABE_ITO["black"], opacity=1
    ).encode(x=alt.X("here:Q", scale=w_scale), y=alt.value(34))
    marker_text = {"x": alt.X("here:Q", scale=w_scale), "y": alt.value(34), "text": "label:N"}
    # the label sits on the side of the marker away from the threshold and the edges
    left = f"(w < {_lit(threshold)} && w > 0.15) || w > 0.8"
    marker_labels = [
        marker.transform_filter(f"!({left})")
        .mark_text(align="left", dx=9, fontSize=_FONT, fontWeight="bold")
        .encode(**marker_text),
        marker.transform_filter(left)
        .mark_text(align="right", dx=-9, fontSize=_FONT, fontWeight="bold")
        .encode(**marker_text),
    ]
    strip = alt.layer(
        shading, region_labels, threshold_rule, marker_point, *marker_labels
    ).properties(width=_WIDTH, height=46)

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
    text = _text_panel(endless, [verdict, values], height=40)

    streams = _models.axelrod_streams(w0, rounds=n, T=T, R=R, P=P, S=S)
    ends = _models.axelrod_values(w0, T=T, R=R, P=P, S=S)
    stable = _models.tft_is_stable(w0, T=T, R=R, P=P, S=S)
    table = {
        "caption": (
            f"Running discounted totals against TIT FOR TAT at the starting w = {w0:g} "
            f"(payoffs T={T:g}, R={R:g}, P={P:g}, S={S:g}); the last row is the endless game. "
            f"Threshold w* = {threshold:.4f}: TIT FOR TAT is "
            + ("collectively stable." if stable else "not collectively stable.")
        ),
        "columns": ["Round", *_CHALLENGERS],
        "rows": [
            [int(i), _rounded(a), _rounded(b), _rounded(c)]
            for i, a, b, c in zip(*streams, strict=True)
        ]
        + [["endless", _rounded(ends.tit_for_tat), _rounded(ends.all_d), _rounded(ends.alternate)]],
    }
    return _finish(
        alt.vconcat(chart, strip, text, spacing=14),
        params=[_slider("w", w0, 0.0, 0.99, 0.01, "Shadow of the future, w: ")],
        title=_title(
            "How long a shadow must the future cast?",
            "Predict: ALL D gains most in round 1. Below which w does it, or alternation, "
            "beat TIT FOR TAT",
            "over an endless game? Move w across the dashed threshold and compare the lines.",
            _card_line("axelrod"),
        ),
        description=(
            "Line chart of Axelrod's shadow of the future: the running discounted totals of "
            "three challengers playing against TIT FOR TAT, round by round, where round n "
            "counts w to the power n minus one. TIT FOR TAT is a solid line with circles, ALL D "
            "a dashed line with squares, alternating defection and cooperation a dotted line "
            "with triangles. A strip below marks the stability threshold for w with a dashed "
            "line and the current w with a triangle. A text line says whether TIT FOR TAT is "
            "collectively stable at this w and gives each challenger's total over an endless "
            "game. A slider sets w, the weight of the next round, from 0 to 0.99."
        ),
        table=table,
    )
