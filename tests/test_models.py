"""The formal models in teachkit.models: properties of the maths, input checks and model cards."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teachkit import models as m

ROOT = Path(__file__).resolve().parents[1]

prob = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
inner_prob = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)
weight = st.floats(min_value=0.0, max_value=0.99, allow_nan=False)
acts = st.lists(st.sampled_from([1, -1]), max_size=60)

FORMAL_CARDS = {key: card for key, card in m.model_cards().items() if key != "wheeler"}


@st.composite
def pd_payoffs(draw: st.DrawFn) -> tuple[float, float, float, float]:
    """T > R > P > S and 2R > T + S, built from positive gaps."""
    gap = st.floats(min_value=0.1, max_value=10.0, allow_nan=False)
    s = draw(st.floats(min_value=-10.0, max_value=10.0, allow_nan=False))
    d1, d2, d3 = draw(gap), draw(gap), draw(gap)
    assume(d1 + d2 > d3 * 1.001)  # 2R > T + S
    p = s + d1
    r = p + d2
    return r + d3, r, p, s


# ---------------------------------------------------------------- Kydd


@given(prior=prob, q_t=prob, q_u=prob)
def test_posterior_is_a_probability(prior: float, q_t: float, q_u: float) -> None:
    assume(prior * q_t + (1 - prior) * q_u > 0)
    assert 0.0 <= m.kydd_posterior(prior, q_t, q_u) <= 1.0


@given(prior=inner_prob, q_t=prob, q_u=prob)
def test_posterior_moves_towards_the_type_more_likely_to_signal(
    prior: float, q_t: float, q_u: float
) -> None:
    assume(abs(q_t - q_u) > 1e-6)
    post = m.kydd_posterior(prior, q_t, q_u)
    if q_t > q_u:
        assert post > prior
    else:
        assert post < prior


@given(prior=prob, q=st.floats(min_value=1e-9, max_value=1.0))
def test_uninformative_signal_leaves_trust_at_the_prior(prior: float, q: float) -> None:
    assert m.kydd_posterior(prior, q, q) == prior


def test_posterior_matches_bayes_by_hand() -> None:
    # 0.2 * 0.9 / (0.2 * 0.9 + 0.8 * 0.3) = 0.18 / 0.42
    assert m.kydd_posterior(0.2, 0.9, 0.3) == pytest.approx(0.18 / 0.42)
    assert m.kydd_posterior(0.5, 1.0, 0.0) == 1.0


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((1.5, 0.5, 0.5), "prior"),
        ((-0.1, 0.5, 0.5), "prior"),
        ((0.5, 2.0, 0.5), "p_signal_trustworthy"),
        ((0.5, 0.5, -1.0), "p_signal_untrustworthy"),
        ((math.nan, 0.5, 0.5), "prior"),
    ],
)
def test_posterior_rejects_out_of_range_inputs(args: tuple[float, float, float], name: str) -> None:
    with pytest.raises(ValueError, match=rf"{name} must be .*between 0 and 1|{name} must be a fin"):
        m.kydd_posterior(*args)


def test_posterior_of_an_impossible_signal_is_an_error() -> None:
    with pytest.raises(ValueError, match="both be 0"):
        m.kydd_posterior(0.5, 0.0, 0.0)
    with pytest.raises(ValueError, match="probability 0 given this prior"):
        m.kydd_posterior(0.0, 1.0, 0.0)


def test_trust_threshold_default_and_indifference() -> None:
    assert m.kydd_trust_threshold() == 0.5
    r, t, p, s = 4.0, 3.0, 2.0, 0.0
    star = m.kydd_trust_threshold(R=r, T=t, P=p, S=s)
    assert star == pytest.approx(2 / 3)
    # at the threshold a security seeker is indifferent between cooperating and defecting
    assert star * r + (1 - star) * s == pytest.approx(star * t + (1 - star) * p)


@given(
    r=st.floats(1.0, 10.0),
    dt=st.floats(0.01, 5.0),
    p=st.floats(-5.0, 5.0),
    dp=st.floats(0.01, 5.0),
    trust=prob,
)
def test_cooperation_iff_trust_reaches_threshold(
    r: float, dt: float, p: float, dp: float, trust: float
) -> None:
    payoffs = {"R": r, "T": r - dt, "P": p, "S": p - dp}
    star = m.kydd_trust_threshold(**payoffs)
    assert 0.0 < star < 1.0
    assert m.kydd_cooperates(trust, **payoffs) == (trust >= star)


@pytest.mark.parametrize(
    ("payoffs", "condition"),
    [({"R": 2.0, "T": 3.0}, "R > T"), ({"P": 0.0, "S": 1.0}, "P > S")],
)
def test_trust_threshold_names_the_violated_condition(
    payoffs: dict[str, float], condition: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(condition)):
        m.kydd_trust_threshold(**payoffs)


@given(prior=prob, cost=st.floats(0.0, 5.0), extra_t=st.floats(0.01, 5), extra_u=st.floats(0.01, 5))
def test_cheap_signal_pools_and_leaves_trust_at_prior(
    prior: float, cost: float, extra_t: float, extra_u: float
) -> None:
    """Fake bonding: a gesture both types gain from making proves nothing."""
    out = m.kydd_signal(
        prior, cost=cost, benefit_trustworthy=cost + extra_t, benefit_untrustworthy=cost + extra_u
    )
    assert out.kind == "pooling"
    assert out.posterior_if_sent == prior
    assert out.posterior_if_not_sent is None


@given(prior=inner_prob, b_u=st.floats(0.0, 5.0), gap1=st.floats(0.01, 2), gap2=st.floats(0.01, 2))
def test_costly_signal_separates_the_types(
    prior: float, b_u: float, gap1: float, gap2: float
) -> None:
    cost = b_u + gap1
    out = m.kydd_signal(
        prior, cost=cost, benefit_trustworthy=cost + gap2, benefit_untrustworthy=b_u
    )
    assert out.kind == "separating"
    assert out.posterior_if_sent == 1.0
    assert out.posterior_if_not_sent == 0.0


def test_signal_kinds_and_spread() -> None:
    assert m.kydd_signal(0.5, cost=9, benefit_trustworthy=1, benefit_untrustworthy=2).kind == (
        "nobody sends"
    )
    assert m.kydd_signal(0.5, cost=1.5, benefit_trustworthy=1, benefit_untrustworthy=2).kind == (
        "reversed"
    )
    out = m.kydd_signal(0.3, cost=4, benefit_trustworthy=5, benefit_untrustworthy=4, cost_spread=1)
    assert out.kind == "partly separating"
    assert (out.p_send_trustworthy, out.p_send_untrustworthy) == (1.0, 0.5)
    assert out.posterior_if_sent is not None
    assert 0.3 < out.posterior_if_sent < 1.0


@given(b1=st.floats(0, 10), b2=st.floats(0, 10), cost=st.floats(0, 10), spread=st.floats(0, 5))
def test_send_probability_is_a_probability_rising_with_benefit(
    b1: float, b2: float, cost: float, spread: float
) -> None:
    lo, hi = sorted((b1, b2))
    p_lo = m.kydd_send_probability(lo, cost, cost_spread=spread)
    p_hi = m.kydd_send_probability(hi, cost, cost_spread=spread)
    assert 0.0 <= p_lo <= p_hi <= 1.0


@pytest.mark.parametrize("name", ["benefit", "cost", "cost_spread"])
def test_send_probability_rejects_negative_inputs(name: str) -> None:
    kwargs = {"benefit": 1.0, "cost": 1.0, "cost_spread": 0.0, name: -1.0}
    with pytest.raises(ValueError, match=f"{name} must be 0 or more"):
        m.kydd_send_probability(
            kwargs["benefit"], kwargs["cost"], cost_spread=kwargs["cost_spread"]
        )


# ---------------------------------------------------------------- Holsti


@given(seq=acts, d=prob, rate=prob, start=prob)
def test_holsti_trust_stays_a_probability(
    seq: list[int], d: float, rate: float, start: float
) -> None:
    path = m.holsti_trajectory(seq, discount=d, learning_rate=rate, start=start)
    assert path.shape == (len(seq) + 1,)
    assert path[0] == start
    assert ((path >= 0.0) & (path <= 1.0)).all()


@given(seq=acts, rate=prob, start=prob)
def test_holsti_trust_never_rises_when_cooperation_is_ignored(
    seq: list[int], rate: float, start: float
) -> None:
    path = m.holsti_trajectory(seq, discount=0.0, learning_rate=rate, start=start)
    assert (np.diff(path) <= 0.0).all()


@given(seq=acts, d1=prob, d2=prob, rate=prob, start=prob)
def test_holsti_trajectory_is_monotone_in_the_discount(
    seq: list[int], d1: float, d2: float, rate: float, start: float
) -> None:
    lo, hi = sorted((d1, d2))
    low = m.holsti_trajectory(seq, discount=lo, learning_rate=rate, start=start)
    high = m.holsti_trajectory(seq, discount=hi, learning_rate=rate, start=start)
    assert (low <= high + 1e-12).all()


def test_holsti_trajectory_flattens_as_discount_goes_to_zero() -> None:
    seq = [1] * 30
    spreads = [
        np.ptp(m.holsti_trajectory(seq, discount=d, learning_rate=0.3, start=0.2))
        for d in (1.0, 0.5, 0.1, 0.01, 0.001, 0.0)
    ]
    assert spreads == sorted(spreads, reverse=True)
    assert spreads[-1] == 0.0
    assert spreads[-2] <= 30 * 0.3 * 0.001  # rises by at most n * rate * d
    assert spreads[0] > 0.9 - 0.2  # undiscounted cooperation rebuilds trust


def test_holsti_matches_the_update_rule_by_hand() -> None:
    path = m.holsti_trajectory([1, -1], discount=0.5, learning_rate=0.2, start=0.5)
    after_coop = 0.5 + 0.2 * 0.5 * 0.5
    assert path.tolist() == pytest.approx([0.5, after_coop, after_coop * 0.8])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"discount": 1.5}, "discount must be between 0 and 1"),
        ({"discount": 0.5, "learning_rate": -0.1}, "learning_rate must be between 0 and 1"),
        ({"discount": 0.5, "start": 2}, "start must be between 0 and 1"),
    ],
)
def test_holsti_rejects_out_of_range_parameters(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        m.holsti_trajectory([1, -1], **kwargs)


@pytest.mark.parametrize("bad", [[1, 0, -1], [2], [[1, -1]]])
def test_holsti_rejects_acts_that_are_not_plus_or_minus_one(bad: list[Any]) -> None:
    with pytest.raises(ValueError, match="acts must"):
        m.holsti_trajectory(bad, discount=0.5)


# ---------------------------------------------------------------- Richardson

coef = st.floats(min_value=0.0, max_value=3.0, allow_nan=False)


@given(k=coef, ll=coef, a=coef, b=coef)
def test_richardson_stability_matches_the_eigenvalues(
    k: float, ll: float, a: float, b: float
) -> None:
    assume(abs(a * b - k * ll) > 1e-6)
    eigen = np.linalg.eigvals(np.array([[-a, k], [ll, -b]]))
    assert m.richardson_stable(k=k, l=ll, a=a, b=b) == bool((eigen.real < 0).all())


def test_stability_check_can_fail() -> None:
    """A plausible wrong rule (restraint beats reactivity in sum) disagrees with the eigenvalues."""
    k, ll, a, b = 1.0, 1.0, 1.8, 0.3  # a + b > k + ll, but a*b < k*ll
    eigen = np.linalg.eigvals(np.array([[-a, k], [ll, -b]]))
    assert (a + b > k + ll) != bool((eigen.real < 0).all())
    assert m.richardson_stable(k=k, l=ll, a=a, b=b) == bool((eigen.real < 0).all())


@given(k=coef, ll=coef, a=coef, b=coef, g=st.floats(-5, 5), h=st.floats(-5, 5))
def test_richardson_equilibrium_has_zero_growth(
    k: float,
    ll: float,
    a: float,
    b: float,
    g: float,
    h: float,
) -> None:
    assume(abs(a * b - k * ll) > 1e-3)
    x, y = m.richardson_equilibrium(k=k, l=ll, a=a, b=b, g=g, h=h)
    scale = 1 + abs(x) + abs(y)
    assert k * y - a * x + g == pytest.approx(0.0, abs=1e-9 * scale)
    assert ll * x - b * y + h == pytest.approx(0.0, abs=1e-9 * scale)


def _slowest_rate(k: float, ll: float, a: float, b: float) -> float:
    return -(a + b) / 2 + math.sqrt((a - b) ** 2 / 4 + k * ll)


@settings(max_examples=60)
@given(
    k=coef,
    ll=coef,
    a=st.floats(0.1, 3.0),
    b=st.floats(0.1, 3.0),
    g=st.floats(-5, 5),
    h=st.floats(-5, 5),
    x0=st.floats(-10, 10),
    y0=st.floats(-10, 10),
)
def test_stable_paths_converge_to_the_equilibrium(
    k: float,
    ll: float,
    a: float,
    b: float,
    g: float,
    h: float,
    x0: float,
    y0: float,
) -> None:
    assume(a * b > 1.2 * k * ll)
    horizon = 30 / abs(_slowest_rate(k, ll, a, b))
    path = m.richardson_path(x0, y0, k=k, l=ll, a=a, b=b, g=g, h=h, dt=horizon / 300, steps=300)
    x, y = m.richardson_equilibrium(k=k, l=ll, a=a, b=b, g=g, h=h)
    assert path.x[-1] == pytest.approx(x, abs=1e-6 * (1 + abs(x)))
    assert path.y[-1] == pytest.approx(y, abs=1e-6 * (1 + abs(y)))


@settings(max_examples=60)
@given(
    k=st.floats(0.2, 3.0),
    ll=st.floats(0.2, 3.0),
    a=coef,
    b=coef,
    g=st.floats(-5, 5),
    h=st.floats(-5, 5),
)
def test_unstable_paths_run_away_from_the_equilibrium(
    k: float,
    ll: float,
    a: float,
    b: float,
    g: float,
    h: float,
) -> None:
    assume(k * ll > 1.2 * a * b)
    x, y = m.richardson_equilibrium(k=k, l=ll, a=a, b=b, g=g, h=h)
    horizon = 20 / _slowest_rate(k, ll, a, b)
    path = m.richardson_path(x + 1, y + 1, k=k, l=ll, a=a, b=b, g=g, h=h, dt=horizon / 200)
    assert math.hypot(path.x[-1] - x, path.y[-1] - y) > 1e3
    assert not m.richardson_stable(k=k, l=ll, a=a, b=b)


def test_richardson_steps_are_exact_not_euler() -> None:
    # Decoupled (k = l = 0): x(t) = g/a + (x0 - g/a) * exp(-a t), whatever the step size.
    coarse = m.richardson_path(5.0, 0.0, k=0, l=0, a=0.5, b=1, g=1, h=0, dt=2.0, steps=5)
    fine = m.richardson_path(5.0, 0.0, k=0, l=0, a=0.5, b=1, g=1, h=0, dt=0.01, steps=1000)
    exact = 2.0 + 3.0 * math.exp(-0.5 * 10.0)
    assert coarse.t[-1] == pytest.approx(10.0)
    assert coarse.x[-1] == pytest.approx(exact, rel=1e-10)
    assert fine.x[-1] == pytest.approx(exact, rel=1e-10)
    assert coarse.y[-1] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("name", ["k", "l", "a", "b"])
def test_richardson_rejects_negative_coefficients(name: str) -> None:
    kwargs = {"k": 1.0, "l": 1.0, "a": 1.0, "b": 1.0, name: -0.5}
    with pytest.raises(ValueError, match=f"{name} must be 0 or more"):
        m.richardson_stable(**kwargs)


def test_richardson_rejects_bad_steps_and_singular_systems() -> None:
    with pytest.raises(ValueError, match="dt must be greater than 0"):
        m.richardson_path(0, 0, k=1, l=1, a=1, b=1, dt=0)
    with pytest.raises(ValueError, match="steps must be a whole number from 1 to"):
        m.richardson_path(0, 0, k=1, l=1, a=1, b=1, steps=0)
    with pytest.raises(ValueError, match="no single equilibrium"):
        m.richardson_equilibrium(k=1, l=1, a=1, b=1)


# ---------------------------------------------------------------- Axelrod


def test_axelrod_threshold_with_tournament_payoffs_is_two_thirds() -> None:
    expected = max((5 - 3) / (5 - 1), (5 - 3) / (3 - 0))
    assert expected == pytest.approx(2 / 3)
    assert m.axelrod_threshold() == pytest.approx(expected)
    assert m.axelrod_threshold(T=5, R=3, P=1, S=0) == pytest.approx(2 / 3)


@given(payoffs=pd_payoffs(), w=weight)
def test_tft_beats_all_d_exactly_above_its_threshold(
    payoffs: tuple[float, float, float, float], w: float
) -> None:
    t, r, p, s = payoffs
    cut = (t - r) / (t - p)
    assume(abs(w - cut) > 1e-6)
    values = m.axelrod_values(w, T=t, R=r, P=p, S=s)
    assert (values.tit_for_tat > values.all_d) == (w > cut)


@given(payoffs=pd_payoffs(), w=weight)
def test_tft_is_stable_exactly_when_it_beats_both_challengers(
    payoffs: tuple[float, float, float, float], w: float
) -> None:
    t, r, p, s = payoffs
    star = m.axelrod_threshold(T=t, R=r, P=p, S=s)
    assert 0.0 < star < 1.0
    assume(abs(w - star) > 1e-6)
    values = m.axelrod_values(w, T=t, R=r, P=p, S=s)
    beats_both = values.tit_for_tat > max(values.all_d, values.alternate)
    assert beats_both == (w > star) == m.tft_is_stable(w, T=t, R=r, P=p, S=s)


@given(w=weight)
def test_streams_add_up_to_the_endless_game_and_cross_at_the_threshold(w: float) -> None:
    streams = m.axelrod_streams(w, rounds=5000)
    values = m.axelrod_values(w)
    assert streams.round.tolist() == list(range(1, 5001))
    for name in ("tit_for_tat", "all_d", "alternate"):
        assert getattr(streams, name)[-1] == pytest.approx(getattr(values, name), rel=1e-9)
    assume(abs(w - 0.5) > 1e-3)  # (T-R)/(T-P) with the default payoffs
    assert (streams.tit_for_tat[-1] > streams.all_d[-1]) == (w > 0.5)


def test_streams_by_hand() -> None:
    s = m.axelrod_streams(0.5, rounds=3)
    assert s.tit_for_tat.tolist() == [3.0, 4.5, 5.25]
    assert s.all_d.tolist() == [5.0, 5.5, 5.75]
    assert s.alternate.tolist() == [5.0, 5.0, 6.25]


@pytest.mark.parametrize(
    ("payoffs", "condition"),
    [
        ((3, 5, 1, 0), "T > R > P > S"),
        ((5, 3, 3, 0), "T > R > P > S"),
        ((5, 3, 1, 2), "T > R > P > S"),
        ((10, 3, 1, 0), "2R > T + S"),
    ],
)
def test_axelrod_names_the_violated_payoff_condition(
    payoffs: tuple[float, float, float, float], condition: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(condition)):
        m.axelrod_threshold(**dict(zip("TRPS", payoffs, strict=True)))


@pytest.mark.parametrize("w", [-0.1, 1.0, 1.5, math.inf])
def test_axelrod_rejects_w_outside_zero_to_one(w: float) -> None:
    with pytest.raises(ValueError, match="w must be"):
        m.tft_is_stable(w)
    with pytest.raises(ValueError, match="w must be"):
        m.axelrod_streams(w)


# ---------------------------------------------------------------- model cards


def _bib_keys() -> set[str]:
    text = (ROOT / "data" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text))


# Keys the cards cite that the lead still has to add to references.bib (see the helper's report).
PENDING_BIB_KEYS: set[str] = set()  # keys cited before their entry exists (none now)


def test_every_model_has_a_card() -> None:
    assert set(FORMAL_CARDS) == {"kydd", "holsti", "richardson", "axelrod"}
    for key, card in FORMAL_CARDS.items():
        assert card.key == key


@pytest.mark.parametrize("key", sorted(FORMAL_CARDS))
def test_cards_are_complete_and_honestly_labelled(key: str) -> None:
    card = FORMAL_CARDS[key]
    assert card.derivation.startswith(m.DERIVATION_LABELS)
    assert card.equations
    for equation in card.equations:
        assert equation.derivation.startswith(m.DERIVATION_LABELS), equation
        assert equation.latex.strip()
        assert equation.says.strip()
    for field in ("parameters", "assumptions", "cannot_say", "checked_against", "unverified"):
        assert getattr(card, field), f"{key}: {field} is empty"
    assert all(url.startswith(("http://", "https://")) for url in card.checked_against)
    for name in card.functions:
        assert callable(getattr(m, name)), name
    assert {card.source, *card.related_sources} <= _bib_keys() | PENDING_BIB_KEYS


def test_only_formulas_checked_against_a_source_claim_to_be_the_authors() -> None:
    """Holsti stated no equation and this Kydd threshold is the book's: neither may claim it."""
    author = m.DERIVATION_LABELS[0]
    assert not FORMAL_CARDS["holsti"].derivation.startswith(author)
    assert not FORMAL_CARDS["kydd"].derivation.startswith(author)
    for card in FORMAL_CARDS.values():
        if any(eq.derivation.startswith(author) for eq in card.equations):
            assert card.checked_against


@pytest.mark.parametrize("key", sorted(FORMAL_CARDS))
def test_cards_render_as_markdown(key: str) -> None:
    card = m.model_card(key)
    text = card._repr_markdown_()
    assert text.startswith(f"### Model card: {card.name}")
    for equation in card.equations:
        assert f"$${equation.latex}$$" in text
    assert "| Symbol | Argument | Valid range | Meaning |" in text
    assert card.checked_against[0] in text


@pytest.mark.parametrize(
    ("name", "key"),
    [("Kydd", "kydd"), (" HOLSTI ", "holsti"), ("spiral", "richardson"), ("tft", "axelrod")],
)
def test_model_card_lookup_and_aliases(name: str, key: str) -> None:
    assert m.model_card(name) is FORMAL_CARDS[key]


def test_unknown_model_card_lists_valid_names_and_suggests_one() -> None:
    listed = "'wheeler', 'kydd', 'holsti', 'richardson', 'axelrod'"
    with pytest.raises(ValueError, match=f"name must be one of {listed} ") as err:
        m.model_card("axelrd")
    assert "did you mean 'axelrod'?" in str(err.value)
    assert "spiral" not in str(err.value)  # aliases work but are not advertised
    with pytest.raises(ValueError, match=r"\(got 'zzz'\)$"):
        m.model_card("zzz")
    with pytest.raises(TypeError, match="name must be a string"):
        m.model_card(3)  # type: ignore[arg-type]


# ---------------------------------------------------------------- Richardson at the extremes


def test_richardson_path_stops_with_a_clear_message_when_it_overflows() -> None:
    with pytest.raises(OverflowError, match=r"largest float .* at step 710 \(t = 710\)"):
        m.richardson_path(1, 1, k=2, l=2, a=1, b=1, dt=1, steps=1000)
    path = m.richardson_path(1, 1, k=2, l=2, a=1, b=1, dt=1, steps=700)
    assert np.isfinite(path.x).all()
    assert np.isfinite(path.y).all()


@pytest.mark.parametrize(
    ("k", "a", "g"), [(5.0, 0.0, 0.0), (5.0, 1.0, 1.0), (0.5, 1.0, 1.0), (2.0, 1.0, 1.0)]
)
def test_a_path_from_the_equilibrium_stays_there_even_with_a_huge_step(
    k: float, a: float, g: float
) -> None:
    x, y = m.richardson_equilibrium(k=k, l=k, a=a, b=a, g=g, h=g)
    path = m.richardson_path(x, y, k=k, l=k, a=a, b=a, g=g, h=g, dt=200, steps=3)
    assert list(path.x) == [x] * 4
    assert list(path.y) == [y] * 4


def test_a_borderline_path_with_grievance_still_drifts() -> None:
    path = m.richardson_path(0, 0, k=1, l=1, a=1, b=1, g=1, h=1, dt=1, steps=3)
    assert path.x == pytest.approx([0, 1, 2, 3])


@pytest.mark.parametrize("scale", [1e-200, 1e-150, 1.0, 1e150, 1e200])
def test_richardson_stable_judges_huge_and_tiny_coefficients(scale: float) -> None:
    assert m.richardson_stable(k=scale, l=scale, a=2 * scale, b=2 * scale)
    assert not m.richardson_stable(k=2 * scale, l=2 * scale, a=scale, b=scale)
    assert not m.richardson_stable(k=scale, l=4 * scale, a=2 * scale, b=2 * scale)  # equal
    x, _ = m.richardson_equilibrium(k=scale, l=scale, a=2 * scale, b=2 * scale, g=1, h=1)
    assert x == pytest.approx(1 / scale)
