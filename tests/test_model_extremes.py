"""The formal models at the edges of floating point: underflow, overflow and one-ulp rounding.

A reviewer's counter-examples, kept as tests: each documented invariant either
holds for every finite input or the docstring says where it stops (the
thresholds rounding to 0.0 or 1.0 for payoffs ~16 orders of magnitude apart).
Richardson's extremes are in ``test_models.py``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from teachkit import models as m

# every float in [0, 1], subnormals included
any_prob = st.floats(min_value=0.0, max_value=1.0, allow_subnormal=True)
huge = st.floats(min_value=-1.7e308, max_value=1.7e308, allow_nan=False, allow_infinity=False)
non_negative = st.floats(min_value=0.0, max_value=1.7e308, allow_infinity=False)
extremes = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def _posterior_or_none(prior: float, q_t: float, q_u: float) -> float | None:
    p = Fraction(prior)
    if p * Fraction(q_t) + (1 - p) * Fraction(q_u) == 0:  # an impossible signal is refused
        with pytest.raises(ValueError, match="probability 0"):
            m.kydd_posterior(prior, q_t, q_u)
        return None
    return m.kydd_posterior(prior, q_t, q_u)


@extremes
@given(prior=any_prob, q_t=any_prob, q_u=any_prob)
@example(prior=5e-324, q_t=0.44874324897528395, q_u=0.3)  # p * q_t underflowed to 0
@example(prior=1.0 - 2**-53, q_t=1e-300, q_u=1.0)
def test_the_posterior_never_moves_away_from_the_type_more_likely_to_signal(
    prior: float, q_t: float, q_u: float
) -> None:
    posterior = _posterior_or_none(prior, q_t, q_u)
    assume(posterior is not None)
    assert posterior is not None
    assert 0.0 <= posterior <= 1.0
    if q_t > q_u:
        assert posterior >= prior
    elif q_t < q_u:
        assert posterior <= prior
    else:
        assert posterior == prior


@extremes
@given(prior=any_prob, q_t=any_prob, q_u=any_prob)
def test_the_posterior_is_bayes_rule_rounded_once(prior: float, q_t: float, q_u: float) -> None:
    posterior = _posterior_or_none(prior, q_t, q_u)
    assume(posterior is not None)
    p, a, b = Fraction(prior), Fraction(q_t), Fraction(q_u)
    assert posterior == float(p * a / (p * a + (1 - p) * b))


def test_an_underflowing_prior_still_rises_after_a_revealing_signal() -> None:
    assert m.kydd_posterior(5e-324, 0.44874324897528395, 0.3) == 5e-324
    assert m.kydd_posterior(5e-324, 1.0, 0.25) == pytest.approx(2e-323, abs=5e-324)


@extremes
@given(R=huge, T=huge, P=huge, S=huge)
@example(R=1.7e308, T=-1.7e308, P=1.7e308, S=-1.7e308)  # the gaps overflow in floats
def test_the_kydd_threshold_is_a_probability_for_any_finite_payoffs(
    R: float, T: float, P: float, S: float
) -> None:
    assume(R > T and P > S)
    threshold = m.kydd_trust_threshold(R=R, T=T, P=P, S=S)
    assert 0.0 <= threshold <= 1.0
    assert m.kydd_cooperates(threshold, R=R, T=T, P=P, S=S)
    below = math.nextafter(threshold, 0.0)
    if below < threshold:
        assert not m.kydd_cooperates(below, R=R, T=T, P=P, S=S)


@extremes
@given(benefit=non_negative, more=non_negative, cost=non_negative, spread=non_negative)
@example(benefit=1.7e308, more=0.0, cost=0.0, spread=1.7e308)  # (b - c + s) overflowed
def test_send_probability_is_a_probability_and_never_falls_as_benefit_rises(
    benefit: float, more: float, cost: float, spread: float
) -> None:
    richer = min(benefit + more, 1.7e308)
    low = m.kydd_send_probability(benefit, cost, cost_spread=spread)
    high = m.kydd_send_probability(richer, cost, cost_spread=spread)
    assert 0.0 <= low <= high <= 1.0


def test_send_probability_with_a_spread_near_the_largest_float() -> None:
    assert m.kydd_send_probability(1.7e308, 0.0, cost_spread=1.7e308) == 1.0
    assert m.kydd_send_probability(0.0, 1.7e308, cost_spread=1.7e308) == 0.0
    assert m.kydd_send_probability(1.7e308, 1.7e308, cost_spread=1.7e308) == 0.5


@st.composite
def wide_pd_payoffs(draw: st.DrawFn) -> tuple[float, float, float, float]:
    """Prisoner's Dilemma payoffs anywhere in the float range (T > R > P > S, 2R > T + S)."""
    t, r, p, s = sorted((draw(huge) for _ in range(4)), reverse=True)
    assume(t > r > p > s)
    assume(2 * Fraction(r) > Fraction(t) + Fraction(s))
    return t, r, p, s


@extremes
@given(payoffs=wide_pd_payoffs())
@example(payoffs=(5.426367359975328e16, 6.310523260435033e-19, -3.478349346774183e-43, -7.0e51))
def test_the_axelrod_threshold_holds_to_the_last_ulp(
    payoffs: tuple[float, float, float, float],
) -> None:
    t, r, p, s = payoffs
    threshold = m.axelrod_threshold(T=t, R=r, P=p, S=s)
    exact = max(
        (Fraction(t) - Fraction(r)) / (Fraction(t) - Fraction(p)),
        (Fraction(t) - Fraction(r)) / (Fraction(r) - Fraction(s)),
    )
    assert threshold == float(exact)  # rounded once
    assert 0.0 <= threshold <= 1.0  # 0.0 and 1.0 only by rounding, as the docstring says
    if 0.0 < threshold < 1.0:
        assert m.tft_is_stable(threshold, T=t, R=r, P=p, S=s)
        assert not m.tft_is_stable(math.nextafter(threshold, 0.0), T=t, R=r, P=p, S=s)


def test_an_overflowing_two_r_is_judged_exactly() -> None:
    # 2R overflows a float here, yet 2R > T + S holds exactly
    assert 0.0 < m.axelrod_threshold(T=1.7e308, R=1.6e308, P=0.0, S=-1.0e308) < 1.0
    with pytest.raises(ValueError, match="2R > T \\+ S"):
        m.axelrod_threshold(T=1.7e308, R=1.6e308, P=1.55e308, S=1.52e308)


@extremes
@given(
    start=any_prob,
    rate=any_prob,
    discount=any_prob,
    acts=st.lists(st.sampled_from([1, -1]), max_size=40),
)
def test_holsti_trust_stays_a_probability_at_the_edges(
    start: float, rate: float, discount: float, acts: list[int]
) -> None:
    path = m.holsti_trajectory(acts, discount=discount, learning_rate=rate, start=start)
    assert ((path >= 0.0) & (path <= 1.0)).all()
