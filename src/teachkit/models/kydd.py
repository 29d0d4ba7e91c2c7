"""Kydd (2005): reassurance, costly signals and trust as a belief. Card: ``kydd.toml``."""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from teachkit._checks import non_negative, number, probability

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
        It is Bayes' rule computed exactly and rounded once, so it never
        moves away from the type more likely to signal, even for priors near
        the smallest float (where ``p * q`` would underflow).

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
    p = probability("prior", prior)
    q_t = probability("p_signal_trustworthy", p_signal_trustworthy)
    q_u = probability("p_signal_untrustworthy", p_signal_untrustworthy)
    if q_t == q_u:  # uninformative: exactly the prior, with no rounding
        if q_t == 0.0:
            raise ValueError(
                "the signal has probability 0 under both types, so Bayes' rule is undefined; "
                "p_signal_trustworthy and p_signal_untrustworthy cannot both be 0"
            )
        return p
    # exact rational arithmetic, rounded once: no underflow, no drift past the prior
    evidence = Fraction(p) * Fraction(q_t) + (1 - Fraction(p)) * Fraction(q_u)
    if evidence == 0:
        raise ValueError(
            "the signal has probability 0 given this prior, so Bayes' rule is undefined: "
            f"prior={p!r} rules out every type that would send it"
        )
    return float(Fraction(p) * Fraction(q_t) / evidence)


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
        The threshold, strictly between 0 and 1 (computed exactly and rounded
        once; payoff gaps more than about 16 orders of magnitude apart round
        it to 0.0 or 1.0).

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
    r, t, pp, s = number("R", R), number("T", T), number("P", P), number("S", S)
    if not r > t:
        raise ValueError(
            "an assurance game needs R > T (mutual cooperation beats exploiting); "
            f"got R={R!r}, T={T!r}"
        )
    if not pp > s:
        raise ValueError(
            f"an assurance game needs P > S (being exploited is worst); got P={P!r}, S={S!r}"
        )
    gap = Fraction(pp) - Fraction(s)  # exact: no overflow, one rounding at the end
    return float(gap / ((Fraction(r) - Fraction(t)) + gap))


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
    p = probability("trust", trust)
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
    b = non_negative("benefit", benefit)
    c = non_negative("cost", cost)
    spread = non_negative("cost_spread", cost_spread)
    if spread == 0.0:
        return 1.0 if b > c else 0.0
    share = (Fraction(b) - Fraction(c) + Fraction(spread)) / (2 * Fraction(spread))  # exact
    return float(min(Fraction(1), max(Fraction(0), share)))


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
    p = probability("prior", prior)
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
