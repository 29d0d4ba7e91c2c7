"""One case through three lenses: Wheeler's stages, Kydd's Bayesian trust and Jervis's spiral.

:func:`lenses_view` draws one pair of leaders' meetings on a shared time axis
and reads them three ways, in three aligned panels: the book's coded Wheeler
state at each coded episode (:mod:`teachkit.data.episodes`), a Bayesian
observer's trust after each summit treated as a signal
(:func:`teachkit.kydd_posterior`, applied once per summit) and Richardson's
arms-race equations as the book's stand-in for Jervis's spiral model
(:func:`teachkit.richardson_path`). Every formula the browser recomputes is
built in the section "Vega expressions" below, from the generators of
:mod:`teachkit.charts.kydd` and :mod:`teachkit.charts.richardson`;
``tests/test_lenses.py`` evaluates each expression in Python and compares it
with :mod:`teachkit.models`. The case's time points are in
:mod:`teachkit.charts._lenses_case`, the panels in :mod:`teachkit.charts._lenses_panels`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from teachkit import models as _models
from teachkit._checks import number
from teachkit.charts import theme
from teachkit.charts._lenses_case import Case, all_points, case_for, lens_cases
from teachkit.charts._lenses_panels import (
    ARMS_TOP,
    kydd_panel,
    richardson_panel,
    strip_panel,
    wheeler_panel,
)
from teachkit.charts.explorable import Calculation, Control, Explorable, Table, lit, string
from teachkit.charts.kydd import _posterior_expression
from teachkit.charts.richardson import richardson_calculations as _richardson_steps
from teachkit.models.wheeler import STATE_LABELS

if TYPE_CHECKING:
    import altair as alt

__all__ = [
    "Calculation",
    "arms_level",
    "kydd_calculations",
    "kydd_readout",
    "kydd_trust_path",
    "lens_cases",
    "lenses_view",
    "richardson_calculations",
    "richardson_readout",
]

# ---------------------------------------------------------------- settings

DEFAULT_CASE: Final = "reagan__gorbachev"
#: Vega param names, in the order of the controls on the page.
LENS_PARAMS: Final = ("prior", "lr", "k", "a", "g")
#: param: (low, high, step, start, visible name)
SLIDERS: Final[Mapping[str, tuple[float, float, float, float, str]]] = {
    "prior": (0.0, 1.0, 0.01, 0.3, "Kydd: trust before the first meeting (prior) "),
    "lr": (0.5, 4.0, 0.1, 1.5, "Kydd: times likelier from a trustworthy side "),
    "k": (0.0, 1.0, 0.05, 0.3, "Richardson: reactivity to the other's arms, k = l "),
    "a": (0.0, 1.0, 0.05, 0.6, "Richardson: restraint by the cost of one's own arms, a = b "),
    "g": (0.0, 2.0, 0.1, 1.0, "Richardson: standing grievance, g = h "),
}
#: Both sides' arms level at the first meeting (an illustrative index, not data).
ARMS_START: Final = 10.0

LENSES: Final = Explorable(
    title="One case, three lenses",
    question="Which lens says most about these meetings, and which barely notices them?",
    predict=(
        "Predict first, then move the Kydd and Richardson sliders; the Wheeler panel is "
        "fixed: it is the book's coding."
    ),
    controls=tuple(
        Control(name, name, SLIDERS[name][4], *SLIDERS[name][:3]) for name in LENS_PARAMS
    ),
)

# for tests and older callers: the case's points and the case check
_all_points = all_points
_case = case_for
_Case = Case

# ---------------------------------------------------------------- Vega expressions
#
# The ONLY browser-side copies of model maths in this module. The Kydd posterior
# and the Richardson path come from the generators of teachkit.charts.kydd and
# teachkit.charts.richardson; tests/test_lenses.py evaluates every expression
# here with the whitelisted translator of tests/test_model_charts.py and
# compares it with teachkit.models.


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
    posterior = _posterior_expression("pow(datum.q_t, datum.n)", "pow(datum.q_u, datum.n)")
    return (
        ("q_t", "min(1, lr)"),
        ("q_u", "min(1, 1 / lr)"),
        ("post", posterior),
    )


def richardson_calculations(start: float = ARMS_START) -> tuple[Calculation, ...]:
    """Vega mirror of the Richardson functions, both sides starting at ``start``.

    :func:`teachkit.charts.richardson.richardson_calculations` for ``k = l``,
    ``a = b``, ``g = h`` (``x``, ``y``, ``x_star``, ``stable`` at time
    ``datum.t`` in years since the first meeting), then ``shown``: ``x``
    clamped to a finite range for the renderer.
    """
    top = lit(ARMS_TOP)
    return (
        *_richardson_steps(start, start),
        ("shown", f"clamp(datum.x, -{top}, {lit(11 * ARMS_TOP)})"),
    )


def kydd_readout(summits: int) -> str:
    """The Kydd panel's text line after the last of ``summits`` summits (reads ``datum.post``)."""
    after = f"After {summits} summit{'' if summits == 1 else 's'}, trust is "
    return (
        f"{string(after)} + format(datum.post, '.2f') "
        "+ ' (prior ' + format(prior, '.2f') + '). ' + (lr > 1 ? 'Each summit raised it.' : "
        "(lr < 1 ? 'Each summit lowered it: such summits look likelier from an untrustworthy "
        "side.' : 'No summit moved it: both types would hold such summits (cheap talk).'))"
    )


def richardson_readout(start: float = ARMS_START) -> str:
    """The Richardson panel's verdict: stable or a spiral (reads ``x_star`` and ``stable``)."""
    s = lit(start)
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


# ---------------------------------------------------------------- the text alternative


def _start() -> dict[str, float]:
    return {name: SLIDERS[name][3] for name in LENS_PARAMS}


def _caption(case: Case, s: Mapping[str, float]) -> str:
    stable = _models.richardson_stable(k=s["k"], l=s["k"], a=s["a"], b=s["a"])
    return (
        f"{case.label}: each meeting through three lenses at the starting settings. "
        "Wheeler: the book's interpretation (coded state and stage reached). Kydd (the "
        f"book's illustration): prior trust {s['prior']:g}, each summit {s['lr']:g} times "
        "likelier from a trustworthy side. Richardson (the book's stand-in for Jervis's "
        f"spiral): k = l = {s['k']:g}, a = b = {s['a']:g}, g = h = {s['g']:g}, both sides "
        f"at {ARMS_START:g} at the first meeting, time in years; "
        + ("stable." if stable else "unstable (a spiral).")
    )


def _table(case: Case) -> Table:
    s = _start()
    trust = kydd_trust_path(s["prior"], s["lr"], case.summits)
    rows = []
    for p in case.points:
        e = p.episode
        wheeler = (
            "not coded by the book"
            if e is None
            else f"{STATE_LABELS[e.state]} (stage {p.stage} of 3)"
        )
        kydd: float | str = (
            round(trust[p.summit - 1], 4) if p.summit else "no update (not a summit)"
        )
        arms = arms_level(case.years(p), k=s["k"], a=s["a"], g=s["g"])
        rows.append((p.dates, p.title, wheeler, kydd, round(arms, 4)))
    columns = (
        "Dates",
        "Meeting or episode",
        "Wheeler: the book's coded state",
        "Kydd: trust after this summit",
        "Richardson: each side's arms level",
    )
    return Table(_caption(case, s), columns, tuple(rows))


def _years(case: Case) -> str:
    first, last = case.points[0].day.year, case.points[-1].day.year
    return str(first) if first == last else f"{first}\u2013{last}"


def _description(case: Case) -> str:
    n = case.summits
    coded = sum(p.episode is not None for p in case.points)
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
    return (
        f"Three aligned panels read the meetings of {case.label} ({_years(case)}) through "
        "three lenses on one time axis; a strip at the top names each meeting. Panel 1, "
        f"Wheeler: {wheeler}. Panel 2, Kydd: the book's illustration, not Kydd's own "
        f"analysis: a Bayesian observer's trust after {summit_text}, each treated as the "
        "same signal, with a dashed line at the prior; sliders set the prior and how many "
        "times likelier such a summit is from a trustworthy side. Panel 3, Richardson's "
        "arms-race equations as the book's stand-in for Jervis's spiral model: each "
        "side's arms level over time (years since the first meeting), with a dotted "
        "settling level when the race is stable; sliders set reactivity, restraint and "
        "grievance, and a text line says whether the race is stable or a spiral."
    )


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

    Every control is bound in the Vega-Lite spec, so the view works in the
    static book with no kernel; the browser recomputes with the Vega
    expressions of :func:`kydd_calculations` and :func:`richardson_calculations`.

    Parameters
    ----------
    case : str, default "reagan__gorbachev"
        A pair id or label (see :func:`lens_cases`): any pair with at least
        two meetings or coded episodes.

    Returns
    -------
    altair.VConcatChart
        The strip and three panels, with five sliders bound in the spec, a
        description and a table alternative.

    Raises
    ------
    TypeError
        If ``case`` is not a string (the message lists the valid cases).
    ValueError
        If ``case`` is unknown or has fewer than two meetings or coded
        episodes (the message lists the valid cases).

    Examples
    --------
    >>> spec = lenses_view().to_dict()
    >>> [p["name"] for p in spec["params"]][:5]
    ['prior', 'lr', 'k', 'a', 'g']
    """
    chosen = case_for(case)
    view = dataclasses.replace(LENSES, title=f"{LENSES.title}: {chosen.label}, {_years(chosen)}")
    panels = [
        strip_panel(chosen),
        wheeler_panel(chosen),
        kydd_panel(chosen, kydd_calculations(), kydd_readout(chosen.summits)),
        richardson_panel(chosen, richardson_calculations(), richardson_readout()),
    ]
    return view.compose(
        panels,
        start=_start(),
        description=_description(chosen),
        table=_table(chosen),
        narrow={"lenses_strip": strip_panel(chosen, width=theme.NARROW_WIDTH)},
    )
