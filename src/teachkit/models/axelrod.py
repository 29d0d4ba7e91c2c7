"""Axelrod (1984): the shadow of the future in the repeated prisoner's dilemma.

Card: ``axelrod.toml``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from teachkit._checks import number, whole

_MAX_ROUNDS = 10_000


def _weight(w: float) -> float:
    value = number("w", w)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"w must be at least 0 and below 1 (got {w!r})")
    return value


# ================================================================ 4. Axelrod (1984)


def _pd_payoffs(T: float, R: float, P: float, S: float) -> tuple[float, float, float, float]:
    t, r, p, s = number("T", T), number("R", R), number("P", P), number("S", S)
    if not t > r > p > s:
        raise ValueError(
            "a Prisoner's Dilemma needs T > R > P > S "
            f"(temptation > reward > punishment > sucker); got T={T!r}, R={R!r}, P={P!r}, S={S!r}"
        )
    if not 2 * Fraction(r) > Fraction(t) + Fraction(s):  # exact: 2R cannot overflow
        raise ValueError(
            "a Prisoner's Dilemma needs 2R > T + S (taking turns to exploit must not beat "
            f"steady cooperation); got 2R = {2 * r!r} and T + S = {t + s!r}"
        )
    return t, r, p, s


def axelrod_threshold(*, T: float = 5.0, R: float = 3.0, P: float = 1.0, S: float = 0.0) -> float:
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
        The threshold, in ``(0, 1)``, computed exactly and rounded once.
        Payoffs more than about 16 orders of magnitude apart can round it
        to 0.0, or to 1.0, where no ``w`` below 1 makes TIT FOR TAT stable.

    Raises
    ------
    ValueError
        If the payoffs are not a Prisoner's Dilemma (the failed condition is named).

    Examples
    --------
    >>> axelrod_threshold()
    0.6666666666666666
    """
    t, r, p, s = (Fraction(x) for x in _pd_payoffs(T, R, P, S))  # exact, rounded once
    return float(max((t - r) / (t - p), (t - r) / (r - s)))


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
    return _weight(w) >= axelrod_threshold(T=T, R=R, P=P, S=S)


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
    n = whole("rounds", rounds, 1, _MAX_ROUNDS)
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
