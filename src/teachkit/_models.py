"""The maths of four formal models of trust and mistrust, each with a model card.

Plain functions on floats and NumPy arrays (no charts): Kydd's reassurance by
costly signals, Holsti's inherent bad faith model, Richardson's arms-race
equations (the book's formal stand-in for Jervis's spiral model) and Axelrod's
shadow of the future. Every model has a :class:`ModelCard` in
:data:`MODEL_CARDS` that says which equations are the author's and which are
the book's own formalisation, and which public sources were checked.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

# ---------------------------------------------------------------- derivation labels

#: The only ways a card or an equation may describe where its form comes from.
DERIVATION_LABELS: tuple[str, ...] = (
    "author's own stated equation",
    "standard textbook form",
    "book's simplification of the author's formal model",
    "book's formalisation of the author's verbal argument",
)
_AUTHOR, _STANDARD, _SIMPLIFIED, _VERBAL = DERIVATION_LABELS

_MAX_STEPS = 100_000
_MAX_ROUNDS = 10_000


# ---------------------------------------------------------------- input checks


def _real(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a real number (got {value!r})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number (got {value!r})")
    return number


def _probability(name: str, value: float) -> float:
    number = _real(name, value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (got {value!r})")
    return number


def _non_negative(name: str, value: float) -> float:
    number = _real(name, value)
    if number < 0.0:
        raise ValueError(f"{name} must be 0 or more (got {value!r})")
    return number


def _whole(name: str, value: int, low: int, high: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not low <= value <= high
    ):
        raise ValueError(f"{name} must be a whole number from {low} to {high} (got {value!r})")
    return int(value)


def _weight(w: float) -> float:
    number = _real("w", w)
    if not 0.0 <= number < 1.0:
        raise ValueError(f"w must be at least 0 and below 1 (got {w!r})")
    return number


# ================================================================ 1. Kydd (2005)


def kydd_posterior(
    prior: float, p_signal_trustworthy: float, p_signal_untrustworthy: float
) -> float:
    """Trust after seeing a signal: the probability that the other side is trustworthy.

    Bayes' rule. ``prior`` is the observer's trust before the signal (Kydd
    defines trust as the belief that the other side is trustworthy, that is,
    willing to reciprocate cooperation); the two likelihoods are how often
    each type of sender would send the signal.

    Parameters
    ----------
    prior : float
        Trust before the signal, in ``[0, 1]``.
    p_signal_trustworthy : float
        Probability that a trustworthy ("security seeker") type sends the
        signal, in ``[0, 1]``.
    p_signal_untrustworthy : float
        Probability that an untrustworthy type sends it, in ``[0, 1]``.

    Returns
    -------
    float
        The posterior probability of the trustworthy type, in ``[0, 1]``.
        It equals ``prior`` when the two likelihoods are equal (cheap talk).

    Raises
    ------
    ValueError
        If an argument is outside ``[0, 1]``, or if the signal could not have
        been sent at all (probability zero under the prior), when Bayes' rule
        gives no answer.

    Examples
    --------
    >>> round(kydd_posterior(0.2, 0.9, 0.3), 4)
    0.4286
    >>> kydd_posterior(0.2, 1.0, 1.0)  # a signal both types send
    0.2
    """
    p = _probability("prior", prior)
    q_t = _probability("p_signal_trustworthy", p_signal_trustworthy)
    q_u = _probability("p_signal_untrustworthy", p_signal_untrustworthy)
    if q_t == q_u:  # uninformative: exactly the prior, with no rounding
        if q_t == 0.0:
            raise ValueError(
                "the signal has probability 0 under both types, so Bayes' rule is undefined; "
                "p_signal_trustworthy and p_signal_untrustworthy cannot both be 0"
            )
        return p
    evidence = p * q_t + (1.0 - p) * q_u
    if evidence == 0.0:
        raise ValueError(
            "the signal has probability 0 given this prior, so Bayes' rule is undefined: "
            f"prior={p!r} rules out every type that would send it"
        )
    return min(1.0, max(0.0, p * q_t / evidence))


def kydd_trust_threshold(
    *, R: float = 3.0, T: float = 2.0, P: float = 1.0, S: float = 0.0
) -> float:
    """The least trust at which a security seeker cooperates in an assurance game.

    A trustworthy player compares cooperating with defecting when the other
    side cooperates if (and only if) it is trustworthy. With trust ``p``,
    cooperating earns ``p*R + (1-p)*S`` and defecting ``p*T + (1-p)*P``, so it
    cooperates iff ``p >= (P - S) / ((R - T) + (P - S))``. This is the book's
    simplified stand-in for the threshold in Kydd's model, not Kydd's own
    equation (see ``model_card("kydd")``).

    Parameters
    ----------
    R : float, default 3.0
        Payoff for mutual cooperation.
    T : float, default 2.0
        Payoff for defecting on a cooperator; a security seeker has ``R > T``.
    P : float, default 1.0
        Payoff for mutual defection.
    S : float, default 0.0
        Payoff for cooperating with a defector; ``P > S``.

    Returns
    -------
    float
        The threshold, strictly between 0 and 1.

    Raises
    ------
    ValueError
        If ``R > T`` or ``P > S`` fails (the condition is named).

    Examples
    --------
    >>> kydd_trust_threshold()
    0.5
    >>> kydd_trust_threshold(R=4, T=3, P=2, S=0)
    0.6666666666666666
    """
    r, t, pp, s = _real("R", R), _real("T", T), _real("P", P), _real("S", S)
    if not r > t:
        raise ValueError(
            "an assurance game needs R > T (mutual cooperation beats exploiting); "
            f"got R={R!r}, T={T!r}"
        )
    if not pp > s:
        raise ValueError(
            f"an assurance game needs P > S (being exploited is worst); got P={P!r}, S={S!r}"
        )
    return (pp - s) / ((r - t) + (pp - s))


def kydd_cooperates(
    trust: float, *, R: float = 3.0, T: float = 2.0, P: float = 1.0, S: float = 0.0
) -> bool:
    """Whether a security seeker with this much trust cooperates (``trust >= threshold``).

    Parameters
    ----------
    trust : float
        Probability that the other side is trustworthy, in ``[0, 1]``.
    R, T, P, S : float
        Assurance-game payoffs, as in :func:`kydd_trust_threshold`.

    Returns
    -------
    bool
        True if ``trust`` reaches :func:`kydd_trust_threshold`.

    Examples
    --------
    >>> kydd_cooperates(0.42), kydd_cooperates(0.5)
    (False, True)
    """
    p = _probability("trust", trust)
    return p >= kydd_trust_threshold(R=R, T=T, P=P, S=S)


def kydd_send_probability(benefit: float, cost: float, *, cost_spread: float = 0.0) -> float:
    """How likely a type is to send a costly signal: it sends iff its benefit exceeds its cost.

    With ``cost_spread = 0`` every sender of the type pays ``cost``, so the
    answer is 1 if ``benefit > cost`` and 0 otherwise. With a spread, each
    sender's cost is uniform on ``[cost - cost_spread, cost + cost_spread]``
    (leaders of one type differ, or the observer cannot see the exact cost),
    which gives a smooth share between 0 and 1. This rule is the book's.

    Parameters
    ----------
    benefit : float
        What being trusted after the signal is worth to the type, ``>= 0``.
    cost : float
        The signal's (average) cost, ``>= 0``.
    cost_spread : float, default 0.0
        Half-width of the spread of costs, ``>= 0``.

    Returns
    -------
    float
        Probability of sending, in ``[0, 1]``.

    Examples
    --------
    >>> kydd_send_probability(3.0, 2.0), kydd_send_probability(1.0, 2.0)
    (1.0, 0.0)
    >>> kydd_send_probability(2.0, 2.0, cost_spread=1.0)
    0.5
    """
    b = _non_negative("benefit", benefit)
    c = _non_negative("cost", cost)
    spread = _non_negative("cost_spread", cost_spread)
    if spread == 0.0:
        return 1.0 if b > c else 0.0
    return min(1.0, max(0.0, (b - (c - spread)) / (2.0 * spread)))


class SignalOutcome(NamedTuple):
    """What a costly signal does to trust (the result of :func:`kydd_signal`)."""

    p_send_trustworthy: float
    p_send_untrustworthy: float
    posterior_if_sent: float | None
    """Trust after the signal is seen; ``None`` if no type would send it."""
    posterior_if_not_sent: float | None
    """Trust after no signal is seen; ``None`` if both types always send it."""
    kind: str
    """One of ``separating``, ``pooling``, ``partly separating``, ``reversed``, ``nobody sends``."""


def kydd_signal(
    prior: float,
    *,
    cost: float,
    benefit_trustworthy: float,
    benefit_untrustworthy: float,
    cost_spread: float = 0.0,
) -> SignalOutcome:
    """Why a cheap signal reassures no one and a costly one can.

    Each type sends the signal iff its benefit exceeds its cost
    (:func:`kydd_send_probability`); the observer then updates by Bayes' rule
    (:func:`kydd_posterior`). A signal cheaper than both benefits is sent by
    both types (*pooling*): the posterior stays at the prior, so a warm gesture
    that an untrustworthy leader would also make ("fake bonding") proves
    nothing. A signal costing more than the untrustworthy type's benefit but
    less than the trustworthy type's *separates* them and trust jumps to 1.
    This matches the condition in Kydd's 2000 abstract that trustworthy
    actors must value mutual cooperation more; the equations are the book's.

    Parameters
    ----------
    prior : float
        Trust before the signal, in ``[0, 1]``.
    cost : float
        Cost of the signal, ``>= 0``.
    benefit_trustworthy, benefit_untrustworthy : float
        What being trusted is worth to each type, ``>= 0``.
    cost_spread : float, default 0.0
        Spread of costs, as in :func:`kydd_send_probability`.

    Returns
    -------
    SignalOutcome
        Send probabilities, the posteriors after sending and after silence,
        and the kind of outcome.

    Examples
    --------
    >>> kydd_signal(0.3, cost=1, benefit_trustworthy=5, benefit_untrustworthy=4).kind
    'pooling'
    >>> out = kydd_signal(0.3, cost=4.5, benefit_trustworthy=5, benefit_untrustworthy=4)
    >>> out.kind, out.posterior_if_sent, out.posterior_if_not_sent
    ('separating', 1.0, 0.0)
    """
    p = _probability("prior", prior)
    q_t = kydd_send_probability(benefit_trustworthy, cost, cost_spread=cost_spread)
    q_u = kydd_send_probability(benefit_untrustworthy, cost, cost_spread=cost_spread)

    def update(like_t: float, like_u: float) -> float | None:
        try:
            return kydd_posterior(p, like_t, like_u)
        except ValueError:
            return None

    if q_t == q_u:
        kind = "nobody sends" if q_t == 0.0 else "pooling"
    elif q_t == 1.0 and q_u == 0.0:
        kind = "separating"
    elif q_t > q_u:
        kind = "partly separating"
    else:
        kind = "reversed"
    return SignalOutcome(q_t, q_u, update(q_t, q_u), update(1.0 - q_t, 1.0 - q_u), kind)


# ================================================================ 2. Holsti (1962)


def holsti_trajectory(
    acts: ArrayLike, *, discount: float, learning_rate: float = 0.3, start: float = 0.5
) -> NDArray[np.float64]:
    """Trust over a run of the adversary's acts, when cooperative acts are discounted.

    The book's formalisation of Holsti's finding about Dulles: hostile acts
    confirm the image of the enemy in full, while cooperative acts are
    explained away (as weakness or a tactic) and count only ``discount`` of
    their face value. Trust moves part of the way towards 1 after a
    cooperative act and towards 0 after a hostile one::

        trust += learning_rate * discount * (1 - trust)   # act = +1
        trust -= learning_rate * trust                    # act = -1

    With ``discount = 0`` cooperative acts are ignored and trust can never
    rise; with ``discount = 1`` both kinds of act count equally.

    Parameters
    ----------
    acts : array_like of int
        The adversary's acts in order: ``+1`` cooperative, ``-1`` hostile.
    discount : float
        Weight given to cooperative acts, in ``[0, 1]``.
    learning_rate : float, default 0.3
        How far one act moves trust, in ``[0, 1]``.
    start : float, default 0.5
        Trust before the first act, in ``[0, 1]``.

    Returns
    -------
    numpy.ndarray
        ``len(acts) + 1`` trust levels in ``[0, 1]``, starting with ``start``.

    Raises
    ------
    ValueError
        If an act is not ``+1`` or ``-1`` or a parameter is out of range.

    Examples
    --------
    >>> holsti_trajectory([1, 1, -1], discount=0.0, learning_rate=0.5).tolist()
    [0.5, 0.5, 0.5, 0.25]
    >>> holsti_trajectory([1, 1, -1], discount=1.0, learning_rate=0.5).tolist()
    [0.5, 0.75, 0.875, 0.4375]
    """
    d = _probability("discount", discount)
    rate = _probability("learning_rate", learning_rate)
    trust = _probability("start", start)
    seq = np.asarray(acts)
    if seq.ndim != 1:
        raise ValueError(f"acts must be a flat sequence of +1 and -1 (got shape {seq.shape})")
    if seq.size and not np.isin(seq, (1, -1)).all():
        bad = sorted({str(a) for a in seq.tolist() if a not in (1, -1)})
        raise ValueError(f"acts must each be +1 (cooperative) or -1 (hostile); got {bad}")
    out = np.empty(seq.size + 1, dtype=np.float64)
    out[0] = trust
    for i, act in enumerate(seq.tolist()):
        trust += rate * d * (1.0 - trust) if act == 1 else -rate * trust
        out[i + 1] = min(1.0, max(0.0, trust))
    return out


# ================================================================ 3. Richardson (1960)


class RichardsonPath(NamedTuple):
    """Arms levels over time (the result of :func:`richardson_path`)."""

    t: NDArray[np.float64]
    x: NDArray[np.float64]
    y: NDArray[np.float64]


def _check_richardson(k: float, l: float, a: float, b: float) -> tuple[float, float, float, float]:  # noqa: E741
    return (
        _non_negative("k", k),
        _non_negative("l", l),
        _non_negative("a", a),
        _non_negative("b", b),
    )


def richardson_stable(*, k: float, l: float, a: float, b: float) -> bool:  # noqa: E741
    """Whether Richardson's arms race settles down: ``a * b > k * l``.

    The system matrix ``[[-a, k], [l, -b]]`` has trace ``-(a + b)`` and
    determinant ``a*b - k*l``; with all four coefficients non-negative both
    eigenvalues are real and negative exactly when ``a*b > k*l``.

    Parameters
    ----------
    k, l : float
        Reactivity ("defence" or fear coefficients) of x to y and of y to x, ``>= 0``.
    a, b : float
        Restraint ("fatigue and expense") of x and of y, ``>= 0``.

    Returns
    -------
    bool
        True if every path converges to :func:`richardson_equilibrium`.

    Examples
    --------
    >>> richardson_stable(k=0.5, l=0.5, a=1.0, b=1.0)
    True
    >>> richardson_stable(k=2.0, l=2.0, a=1.0, b=1.0)
    False
    """
    kk, ll, aa, bb = _check_richardson(k, l, a, b)
    return aa * bb > kk * ll


def richardson_equilibrium(
    *,
    k: float,
    l: float,  # noqa: E741
    a: float,
    b: float,
    g: float = 0.0,
    h: float = 0.0,
) -> tuple[float, float]:
    """The arms levels at which neither side changes: where both rates are zero.

    ``x* = (k*h + b*g) / (a*b - k*l)`` and ``y* = (l*g + a*h) / (a*b - k*l)``.
    It attracts every path only when :func:`richardson_stable` is true; when
    ``a*b < k*l`` it is a saddle that paths run away from. It may be negative
    (the linear model does not know that arms cannot go below zero).

    Parameters
    ----------
    k, l, a, b : float
        Coefficients as in :func:`richardson_stable`.
    g, h : float, default 0.0
        Grievances of x and of y (any sign).

    Returns
    -------
    tuple of float
        ``(x*, y*)``.

    Raises
    ------
    ValueError
        If ``a*b == k*l``: then there is no single equilibrium.

    Examples
    --------
    >>> richardson_equilibrium(k=0.5, l=0.5, a=1.0, b=1.0, g=1.0, h=1.0)
    (2.0, 2.0)
    """
    kk, ll, aa, bb = _check_richardson(k, l, a, b)
    gg, hh = _real("g", g), _real("h", h)
    det = aa * bb - kk * ll
    if det == 0.0:
        raise ValueError(
            "no single equilibrium when a*b == k*l (the two zero-growth lines are parallel); "
            f"got a*b = {aa * bb!r} and k*l = {kk * ll!r}"
        )
    return (kk * hh + bb * gg) / det, (ll * gg + aa * hh) / det


def _expm(m: NDArray[np.float64]) -> NDArray[np.float64]:
    """Matrix exponential by scaling and squaring with a Taylor series (small matrices)."""
    norm = float(np.linalg.norm(m, ord=np.inf))
    squarings = max(0, math.ceil(math.log2(norm)) + 1) if norm > 0 else 0
    scaled = m / (2.0**squarings)
    result = np.eye(m.shape[0])
    term = np.eye(m.shape[0])
    for n in range(1, 20):
        term = term @ scaled / n
        result = result + term
    for _ in range(squarings):
        result = result @ result
    return result


def richardson_path(
    x0: float,
    y0: float,
    *,
    k: float,
    l: float,  # noqa: E741
    a: float,
    b: float,
    g: float = 0.0,
    h: float = 0.0,
    dt: float = 0.1,
    steps: int = 200,
) -> RichardsonPath:
    """Solve Richardson's two-nation arms-race equations from a starting point.

    ``dx/dt = k*y - a*x + g`` and ``dy/dt = l*x - b*y + h``. Each step is the
    exact solution over ``dt`` (the matrix exponential of the linear system),
    not an Euler approximation, so the path's stability never depends on the
    step size. Unstable paths grow exponentially and can become very large.

    Parameters
    ----------
    x0, y0 : float
        Arms levels at time 0.
    k, l, a, b : float
        Coefficients as in :func:`richardson_stable`, ``>= 0``.
    g, h : float, default 0.0
        Grievances (any sign).
    dt : float, default 0.1
        Time between reported points, ``> 0``.
    steps : int, default 200
        Number of steps, from 1 to 100000.

    Returns
    -------
    RichardsonPath
        Arrays ``t``, ``x`` and ``y`` of length ``steps + 1``.

    Examples
    --------
    >>> path = richardson_path(0, 0, k=0.5, l=0.5, a=1, b=1, g=1, h=1, dt=1.0, steps=40)
    >>> round(float(path.x[-1]), 6), round(float(path.y[-1]), 6)
    (2.0, 2.0)
    """
    kk, ll, aa, bb = _check_richardson(k, l, a, b)
    gg, hh = _real("g", g), _real("h", h)
    x, y = _real("x0", x0), _real("y0", y0)
    step = _real("dt", dt)
    if step <= 0.0:
        raise ValueError(f"dt must be greater than 0 (got {dt!r})")
    n = _whole("steps", steps, 1, _MAX_STEPS)
    system = np.array([[-aa, kk, gg], [ll, -bb, hh], [0.0, 0.0, 0.0]]) * step
    propagate = _expm(system)
    states = np.empty((n + 1, 3))
    states[0] = (x, y, 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(n):
            states[i + 1] = propagate @ states[i]
    times = np.arange(n + 1, dtype=np.float64) * step
    return RichardsonPath(times, states[:, 0].copy(), states[:, 1].copy())


# ================================================================ 4. Axelrod (1984)


def _pd_payoffs(T: float, R: float, P: float, S: float) -> tuple[float, float, float, float]:
    t, r, p, s = _real("T", T), _real("R", R), _real("P", P), _real("S", S)
    if not t > r > p > s:
        raise ValueError(
            "a Prisoner's Dilemma needs T > R > P > S "
            f"(temptation > reward > punishment > sucker); got T={T!r}, R={R!r}, P={P!r}, S={S!r}"
        )
    if not 2 * r > t + s:
        raise ValueError(
            "a Prisoner's Dilemma needs 2R > T + S (taking turns to exploit must not beat "
            f"steady cooperation); got 2R = {2 * r!r} and T + S = {t + s!r}"
        )
    return t, r, p, s


def axelrod_threshold(T: float = 5.0, R: float = 3.0, P: float = 1.0, S: float = 0.0) -> float:
    """The smallest ``w`` at which TIT FOR TAT is collectively stable.

    ``max((T - R) / (T - P), (T - R) / (R - S))``: the first term keeps ALL D
    from doing better against TIT FOR TAT than TIT FOR TAT does, the second
    keeps alternating defection and cooperation from doing better.

    Parameters
    ----------
    T, R, P, S : float
        Temptation, reward, punishment and sucker's payoffs; Axelrod's
        tournament used 5, 3, 1, 0. Need ``T > R > P > S`` and ``2R > T + S``.

    Returns
    -------
    float
        The threshold, in ``(0, 1)``.

    Raises
    ------
    ValueError
        If the payoffs are not a Prisoner's Dilemma (the failed condition is named).

    Examples
    --------
    >>> axelrod_threshold()
    0.6666666666666666
    """
    t, r, p, s = _pd_payoffs(T, R, P, S)
    return max((t - r) / (t - p), (t - r) / (r - s))


def tft_is_stable(
    w: float, *, T: float = 5.0, R: float = 3.0, P: float = 1.0, S: float = 0.0
) -> bool:
    """Whether TIT FOR TAT is collectively stable at this shadow of the future.

    Parameters
    ----------
    w : float
        Weight of the next move relative to the current one, in ``[0, 1)``.
    T, R, P, S : float
        Payoffs, as in :func:`axelrod_threshold`.

    Returns
    -------
    bool
        True if ``w >= axelrod_threshold(T, R, P, S)`` (at equality the
        invaders only tie with TIT FOR TAT).

    Examples
    --------
    >>> tft_is_stable(0.9), tft_is_stable(0.6)
    (True, False)
    """
    return _weight(w) >= axelrod_threshold(T, R, P, S)


class ChallengerValues(NamedTuple):
    """Discounted totals of an endless game against TIT FOR TAT, per challenger."""

    tit_for_tat: float
    all_d: float
    alternate: float


def axelrod_values(
    w: float, *, T: float = 5.0, R: float = 3.0, P: float = 1.0, S: float = 0.0
) -> ChallengerValues:
    """What each challenger scores over an endless game against TIT FOR TAT.

    Sums of geometric series: TIT FOR TAT earns ``R / (1 - w)``; ALL D earns
    ``T + w*P / (1 - w)``; alternating defection and cooperation (starting
    with defection) earns ``(T + w*S) / (1 - w**2)``.

    Parameters
    ----------
    w : float
        Weight of the next move, in ``[0, 1)``.
    T, R, P, S : float
        Payoffs, as in :func:`axelrod_threshold`.

    Returns
    -------
    ChallengerValues
        ``tit_for_tat``, ``all_d`` and ``alternate`` totals.

    Examples
    --------
    >>> axelrod_values(0.5)
    ChallengerValues(tit_for_tat=6.0, all_d=6.0, alternate=6.666666666666667)
    """
    ww = _weight(w)
    t, r, p, s = _pd_payoffs(T, R, P, S)
    return ChallengerValues(r / (1 - ww), t + ww * p / (1 - ww), (t + ww * s) / (1 - ww * ww))


class PayoffStreams(NamedTuple):
    """Running discounted totals against TIT FOR TAT, round by round."""

    round: NDArray[np.int64]
    tit_for_tat: NDArray[np.float64]
    all_d: NDArray[np.float64]
    alternate: NDArray[np.float64]


def axelrod_streams(
    w: float,
    *,
    rounds: int = 20,
    T: float = 5.0,
    R: float = 3.0,
    P: float = 1.0,
    S: float = 0.0,
) -> PayoffStreams:
    """Running discounted totals of three challengers playing TIT FOR TAT, for plotting.

    Round ``n`` (from 1) counts ``w ** (n - 1)``. Against TIT FOR TAT, TIT FOR
    TAT earns R every round; ALL D earns T and then P; the alternator (D, C,
    D, C, ...) earns T, S, T, S, ... As ``rounds`` grows the totals approach
    :func:`axelrod_values`.

    Parameters
    ----------
    w : float
        Weight of the next move, in ``[0, 1)``.
    rounds : int, default 20
        Number of rounds, from 1 to 10000.
    T, R, P, S : float
        Payoffs, as in :func:`axelrod_threshold`.

    Returns
    -------
    PayoffStreams
        ``round`` numbers and running totals for each challenger.

    Examples
    --------
    >>> s = axelrod_streams(0.5, rounds=3)
    >>> s.tit_for_tat.tolist(), s.all_d.tolist(), s.alternate.tolist()
    ([3.0, 4.5, 5.25], [5.0, 5.5, 5.75], [5.0, 5.0, 6.25])
    """
    ww = _weight(w)
    t, r, p, s = _pd_payoffs(T, R, P, S)
    n = _whole("rounds", rounds, 1, _MAX_ROUNDS)
    index = np.arange(1, n + 1, dtype=np.int64)
    weights = ww ** (index - 1).astype(np.float64)
    all_d = np.where(index == 1, t, p)
    alternate = np.where(index % 2 == 1, t, s)
    return PayoffStreams(
        index,
        np.cumsum(weights * r),
        np.cumsum(weights * all_d),
        np.cumsum(weights * alternate),
    )


# ================================================================ model cards


@dataclass(frozen=True)
class Parameter:
    """One parameter of a model: its symbol, argument name, valid range and meaning."""

    symbol: str
    argument: str
    valid_range: str
    meaning: str


@dataclass(frozen=True)
class Equation:
    """One equation of a model, in LaTeX, with what it says and where its form comes from."""

    latex: str
    says: str
    derivation: str


@dataclass(frozen=True)
class ModelCard:
    """What a formal model says, where it comes from, and what it cannot say.

    ``source`` and ``related_sources`` are BibTeX keys in ``data/references.bib``.
    ``derivation`` (for the card and for each equation) starts with one of
    :data:`DERIVATION_LABELS`. ``checked_against`` lists the public pages the
    equations were checked against; ``unverified`` says what was not checked
    and which source would settle it.
    """

    key: str
    name: str
    source: str
    related_sources: tuple[str, ...]
    summary: str
    equations: tuple[Equation, ...]
    parameters: tuple[Parameter, ...]
    assumptions: tuple[str, ...]
    cannot_say: tuple[str, ...]
    derivation: str
    checked_against: tuple[str, ...]
    unverified: tuple[str, ...]
    functions: tuple[str, ...]

    def _repr_markdown_(self) -> str:
        sources = ", ".join(f"`{key}`" for key in (self.source, *self.related_sources))
        lines = [
            f"### Model card: {self.name}",
            "",
            self.summary,
            "",
            f"**Sources (BibTeX keys):** {sources}  ",
            f"**Derivation:** {self.derivation}  ",
            "**Functions:** " + ", ".join(f"`teachkit.{f}`" for f in self.functions),
            "",
            "**Equations**",
            "",
        ]
        for eq in self.equations:
            lines += [f"$${eq.latex}$$", "", f"{eq.says} *({eq.derivation})*", ""]
        lines += [
            "**Parameters**",
            "",
            "| Symbol | Argument | Valid range | Meaning |",
            "| --- | --- | --- | --- |",
        ]
        lines += [
            f"| ${p.symbol}$ | `{p.argument}` | {p.valid_range} | {p.meaning} |"
            for p in self.parameters
        ]
        for title, items in (
            ("Assumptions", self.assumptions),
            ("What it cannot say", self.cannot_say),
            ("Not verified", self.unverified),
            ("Checked against", self.checked_against),
        ):
            lines += ["", f"**{title}**", "", *(f"- {item}" for item in items)]
        return "\n".join(lines) + "\n"


_KYDD = ModelCard(
    key="kydd",
    name="Kydd (2005): reassurance, costly signals and trust",
    source="kydd2005trust",
    related_sources=(),
    summary=(
        "Trust is the probability one side puts on the other being a trustworthy type, one "
        "willing to reciprocate cooperation. A gesture raises trust only if an untrustworthy "
        "type would be less likely to make it; a gesture both types would make (cheap talk) "
        "leaves trust where it was."
    ),
    equations=(
        Equation(
            r"\Pr(\text{trustworthy} \mid \text{signal}) = "
            r"\frac{p\,q_t}{p\,q_t + (1-p)\,q_u}",
            "Trust after the signal, by Bayes' rule.",
            _STANDARD + " (Bayes' rule)",
        ),
        Equation(
            r"p^{*} = \frac{P - S}{(R - T) + (P - S)}",
            "A security seeker cooperates iff trust is at least p*: expected payoffs of "
            "cooperating and defecting in an assurance game, when only trustworthy types "
            "reciprocate.",
            _SIMPLIFIED + ": an assurance-game stand-in, not Kydd's own threshold",
        ),
        Equation(
            r"q_i = \Pr(c < b_i), \quad c \sim U[c_0 - \sigma,\; c_0 + \sigma]",
            "A type sends the signal iff its benefit from being trusted exceeds the signal's "
            "cost; with sigma = 0 this is all or nothing.",
            _SIMPLIFIED + ": a one-shot send rule, not Kydd's signalling game",
        ),
    ),
    parameters=(
        Parameter("p", "prior", "[0, 1]", "trust before the signal"),
        Parameter("q_t", "p_signal_trustworthy", "[0, 1]", "chance a trustworthy type signals"),
        Parameter(
            "q_u", "p_signal_untrustworthy", "[0, 1]", "chance an untrustworthy type signals"
        ),
        Parameter("R, T, P, S", "R, T, P, S", "R > T and P > S", "assurance-game payoffs"),
        Parameter("c_0", "cost", ">= 0", "cost of the signal"),
        Parameter(
            "b_t, b_u",
            "benefit_trustworthy, benefit_untrustworthy",
            ">= 0",
            "value of being trusted",
        ),
        Parameter("\\sigma", "cost_spread", ">= 0", "spread of costs within a type"),
    ),
    assumptions=(
        "Two types only: trustworthy (reciprocates cooperation) and untrustworthy (exploits it).",
        "The observer knows the payoffs and the send probabilities and updates by Bayes' rule.",
        "One signal, one update; no repeated play or reputation over time.",
        "Untrustworthy types always defect; trustworthy types cooperate when they trust enough.",
    ),
    cannot_say=(
        "How large a real gesture's cost or benefit was: the numbers are illustrative.",
        "Whether a particular leader was trustworthy: the model only says how belief should move.",
        "Anything about emotions, empathy or personal chemistry; Bayesian trust is a belief.",
        "Kydd's own equilibrium results: the threshold and send rule here are stand-ins.",
    ),
    derivation=(
        _SIMPLIFIED + ". The update is Bayes' rule (standard). Trust as the belief that the "
        "other is trustworthy, and reassurance by costly signals that trustworthy types are "
        "more willing to send, are Kydd's ideas; the threshold and the send rule are the "
        "book's simplified stand-ins for the equations of his signalling games, which were not "
        "checked."
    ),
    checked_against=(
        "http://press.princeton.edu/chapters/s8091.html (Kydd 2005, ch. 1: definition of trust)",
        "http://ideas.repec.org/a/cup/intorg/v54y2000i02p325-357_44.html (Kydd 2000, abstract: "
        "reassurance by costly signals needs trustworthy actors to be more willing to risk "
        "cooperation)",
        "https://journals.lib.unb.ca/index.php/JCS/article/view/15246/19643 (Arena's review: "
        "formal models, 'Bayesian realism')",
    ),
    unverified=(
        "The form of Kydd's own minimum-trust threshold and of his reassurance game: settle "
        "with Kydd (2005) or Kydd (2000), International Organization 54(2), 325-357.",
    ),
    functions=(
        "kydd_posterior",
        "kydd_trust_threshold",
        "kydd_cooperates",
        "kydd_send_probability",
        "kydd_signal",
    ),
)

_HOLSTI = ModelCard(
    key="holsti",
    name="Holsti (1962): the inherent bad faith model",
    source="holsti1962belief",
    related_sources=(),
    summary=(
        "In Holsti's study of John Foster Dulles, the image of the Soviet Union as inherently "
        "hostile absorbed contrary evidence: friendly moves were put down to weakness or "
        "tactics, hostile ones confirmed the image. Here a discount on cooperative acts "
        "turns that into a trust trajectory."
    ),
    equations=(
        Equation(
            r"\tau_{n+1} = \tau_n + \lambda\, d\,(1 - \tau_n) \quad \text{if } a_n = +1",
            "A cooperative act moves trust up, but only by the discounted amount.",
            _VERBAL,
        ),
        Equation(
            r"\tau_{n+1} = \tau_n - \lambda\, \tau_n \quad \text{if } a_n = -1",
            "A hostile act moves trust down at full weight.",
            _VERBAL,
        ),
    ),
    parameters=(
        Parameter("a_n", "acts", "each +1 or -1", "the adversary's n-th act"),
        Parameter("d", "discount", "[0, 1]", "weight of a cooperative act (0: ignored)"),
        Parameter("\\lambda", "learning_rate", "[0, 1]", "how far one act moves trust"),
        Parameter("\\tau_0", "start", "[0, 1]", "trust before the first act"),
    ),
    assumptions=(
        "Trust is one number in [0, 1]; acts are coded only as cooperative or hostile.",
        "The discount is fixed: the belief system does not loosen with evidence.",
        "Each act's effect does not depend on its size, timing or audience.",
    ),
    cannot_say=(
        "What Dulles actually believed at a given date: the trajectory illustrates a logic, "
        "it is not a measurement from Holsti's data.",
        "Whether discounting was wrong: if the adversary is in fact hostile it may be accurate.",
        "Anything Holsti wrote as an equation: he stated no such formula.",
    ),
    derivation=(
        _VERBAL + ". Holsti stated no equation; the update rule and its discount are the "
        "book's, built to show the logic he described."
    ),
    checked_against=(
        "https://en.wikipedia.org/wiki/Inherent_bad_faith_model (friendly acts dismissed as "
        "ploys or signs of weakness; Dulles and the Soviet Union)",
        "https://law-journals-books.vlex.com/vid/the-belief-system-and-875453624 (the 1962 "
        "article, Journal of Conflict Resolution 6(3))",
    ),
    unverified=(
        "Holsti's exact categories, method and findings for Dulles's view of Soviet acts: "
        "settle with Holsti (1962) itself.",
    ),
    functions=("holsti_trajectory",),
)

_RICHARDSON = ModelCard(
    key="richardson",
    name="Richardson (1960) arms race, as a stand-in for Jervis's spiral model",
    source="richardson1960arms",
    related_sources=("jervis1976perception",),
    summary=(
        "Each side arms in proportion to the other's arms (reactivity), is held back by the "
        "burden of its own (restraint) and carries standing grievances. If mutual reactivity "
        "outweighs restraint the race runs away: a formal picture of the spiral Jervis "
        "describes in words."
    ),
    equations=(
        Equation(
            r"\frac{dx}{dt} = k\,y - a\,x + g, \qquad \frac{dy}{dt} = l\,x - b\,y + h",
            "Richardson's two-nation equations.",
            _AUTHOR + " (as restated in secondary sources; letters vary between sources)",
        ),
        Equation(
            r"x^{*} = \frac{k h + b g}{a b - k l}, \qquad y^{*} = \frac{l g + a h}{a b - k l}",
            "Where both rates are zero.",
            _STANDARD + " (solving the linear system)",
        ),
        Equation(
            r"\text{stable} \iff a\,b > k\,l",
            "Trace -(a+b) < 0 and determinant ab - kl > 0 of the matrix [[-a, k], [l, -b]].",
            _STANDARD + " (linear stability analysis)",
        ),
    ),
    parameters=(
        Parameter("x, y", "x0, y0", "any real", "arms levels of the two sides"),
        Parameter("k, l", "k, l", ">= 0", "reactivity (fear) to the other's arms"),
        Parameter("a, b", "a, b", ">= 0", "restraint (fatigue and expense)"),
        Parameter("g, h", "g, h", "any real", "grievances (negative: goodwill)"),
        Parameter("\\Delta t", "dt", "> 0", "time between reported points"),
    ),
    assumptions=(
        "Linear, continuous reactions with constant coefficients.",
        "Two actors; each sees the other's arms level accurately.",
        "Arms levels are not bounded below by zero in the equations.",
    ),
    cannot_say=(
        "Why leaders react: the spiral model's misreading of intentions is not in the equations.",
        "Whether an arms race leads to war.",
        "The effect of a summit or of personal trust, except as a change in the coefficients.",
        "Anything Jervis wrote as an equation: his spiral model is verbal.",
    ),
    derivation=(
        _AUTHOR + " for the dynamics (Richardson's system as restated in secondary sources). "
        "The equilibrium and stability condition are standard linear algebra. Using the "
        "equations as a formal stand-in for Jervis's spiral model is the book's "
        "formalisation of Jervis's verbal argument."
    ),
    checked_against=(
        "https://scilit.com/publications/850ee03f86fc1dbc96f1ccd26a9c3b94 (abstract giving "
        "dx/dt = ky - ax + g, dy/dt = lx - by + h as Richardson's equations)",
        "http://shakti.trincoll.edu/~pbrown/armsrace.html (same system, fear, restraint and "
        "grievance terms; stable and runaway cases)",
        "https://www.scribd.com/document/669974518/Caspary-1967-RichardsonModel (the first "
        "model of Arms and Insecurity, ch. II)",
        "http://www.readbag.com/people-fas-harvard-plam-irnotes07-jervis1976 (course notes on "
        "Jervis 1976, ch. 3: the spiral model)",
    ),
    unverified=(
        "Richardson's own letters and wording (the restatements checked use different letters: "
        "k, l, a, b, g, h in one; a, b, m, n, r, s in another): settle with Richardson, Arms "
        "and Insecurity (1960), ch. II.",
        "BibTeX key richardson1960arms must be added to data/references.bib.",
    ),
    functions=("richardson_path", "richardson_stable", "richardson_equilibrium"),
)

_AXELROD = ModelCard(
    key="axelrod",
    name="Axelrod (1984): the shadow of the future",
    source="axelrod1984evolution",
    related_sources=(),
    summary=(
        "In a repeated Prisoner's Dilemma where the next move counts w as much as this one, "
        "TIT FOR TAT cannot be beaten by ALL D or by alternating defection once w is large "
        "enough: the future must cast a long enough shadow."
    ),
    equations=(
        Equation(
            r"w \ge \max\left(\frac{T - R}{T - P},\; \frac{T - R}{R - S}\right)",
            "TIT FOR TAT is collectively stable.",
            _AUTHOR + " (Axelrod's condition, checked against a restatement, not his page)",
        ),
        Equation(
            r"V(\mathrm{TFT}) = \frac{R}{1-w}, \quad V(\mathrm{ALL\,D}) = T + \frac{w P}{1-w}, "
            r"\quad V(\mathrm{ALT}) = \frac{T + w S}{1 - w^2}",
            "Discounted totals against TIT FOR TAT; comparing them gives the two terms above.",
            _STANDARD + " (geometric series)",
        ),
    ),
    parameters=(
        Parameter("w", "w", "[0, 1)", "weight of the next move relative to this one"),
        Parameter("T", "T", "T > R", "temptation to defect (Axelrod: 5)"),
        Parameter("R", "R", "R > P", "reward for mutual cooperation (Axelrod: 3)"),
        Parameter("P", "P", "P > S", "punishment for mutual defection (Axelrod: 1)"),
        Parameter("S", "S", "2R > T + S", "sucker's payoff (Axelrod: 0)"),
    ),
    assumptions=(
        "Two players, the same payoffs every round, no mistakes or misreadings.",
        "The game goes on with a fixed weight w per round (or chance of meeting again).",
        "Collective stability: no single challenger does better against TIT FOR TAT than "
        "TIT FOR TAT does.",
    ),
    cannot_say=(
        "Whether two leaders trust each other: TIT FOR TAT needs no trust, only reciprocity.",
        "What happens with noise: one misread move can lock TIT FOR TAT into echoing defection.",
        "How to measure w for a real relationship.",
    ),
    derivation=(
        _AUTHOR + " for the stability condition (Axelrod's result, checked against a "
        "university lecture restatement; his book's wording was not checked). The discounted "
        "totals and payoff streams are standard geometric series, re-derived here."
    ),
    checked_against=(
        "https://science.umd.edu/classroom/zool360/L27_reciprocity/tsld005.htm (TFT stable "
        "if w > (T-R)/(T-P) and w > (T-R)/(R-S), from weights 1, w, w^2, ...)",
        "https://evolution-outreach.biomedcentral.com/articles/10.1007/s12052-012-0434-x/tables/1"
        " (payoffs 3, 0, 5, 1 from Axelrod 1984, p. 8)",
        "https://axelrod.readthedocs.io/en/stable/reference/play_contexts.html (T > R > P > S; "
        "defaults 5, 3, 1, 0)",
        "https://www.cambridge.org/core/journals/american-political-science-review/article/"
        "emergence-of-cooperation-among-egoists/EEAB3C6460F5BC63A4DE813E1B010B21 (Axelrod "
        "1981: theorems on collective stability)",
        "https://ar5iv.labs.arxiv.org/html/1610.07406 (TIT FOR TAT's stability fails with "
        "implementation errors)",
    ),
    unverified=(
        "Axelrod's own wording and numbering (Proposition 2 in the book; a theorem in the 1981 "
        "APSR article) and whether he writes >= or >: settle with Axelrod (1984) itself.",
        "That Axelrod states 2R > T + S in this form: settle with Axelrod (1984) itself.",
    ),
    functions=(
        "axelrod_threshold",
        "tft_is_stable",
        "axelrod_values",
        "axelrod_streams",
    ),
)

#: Every model card, by short name.
MODEL_CARDS: dict[str, ModelCard] = {
    card.key: card for card in (_KYDD, _HOLSTI, _RICHARDSON, _AXELROD)
}

_ALIASES = {
    "spiral": "richardson",
    "jervis": "richardson",
    "arms_race": "richardson",
    "dulles": "holsti",
    "bad_faith": "holsti",
    "tit_for_tat": "axelrod",
    "tft": "axelrod",
    "shadow_of_the_future": "axelrod",
    "reassurance": "kydd",
}


def model_card(name: str) -> ModelCard:
    """The model card for one model: ``kydd``, ``holsti``, ``richardson`` or ``axelrod``.

    Parameters
    ----------
    name : str
        Short name of the model (case and surrounding spaces do not matter;
        ``spiral``, ``jervis``, ``dulles`` and ``tft`` are accepted aliases).

    Returns
    -------
    ModelCard
        The card; in a notebook it displays as Markdown.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the valid names and
        suggests the closest.

    Examples
    --------
    >>> model_card("Axelrod").source
    'axelrod1984evolution'
    """
    if not isinstance(name, str):
        raise ValueError(f"name must be a string such as 'kydd' (got {name!r})")
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    key = _ALIASES.get(key, key)
    if key in MODEL_CARDS:
        return MODEL_CARDS[key]
    valid = ", ".join(sorted(MODEL_CARDS))
    close = difflib.get_close_matches(key, [*MODEL_CARDS, *_ALIASES], n=1, cutoff=0.5)
    hint = f" Did you mean {_ALIASES.get(close[0], close[0])!r}?" if close else ""
    raise ValueError(f"no model card named {name!r}; valid names: {valid}.{hint}")
