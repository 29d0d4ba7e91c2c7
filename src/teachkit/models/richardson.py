"""Richardson (1960): the arms-race equations, the book's formal stand-in for Jervis's spiral.

Card: ``richardson.toml``.
"""

from __future__ import annotations

import math
import sys
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from teachkit._checks import non_negative, number, whole

_MAX_STEPS = 100_000


# ================================================================ 3. Richardson (1960)


class RichardsonPath(NamedTuple):
    """Arms levels over time (the result of :func:`richardson_path`)."""

    t: NDArray[np.float64]
    x: NDArray[np.float64]
    y: NDArray[np.float64]


def _check_richardson(k: float, l: float, a: float, b: float) -> tuple[float, float, float, float]:  # noqa: E741
    return (
        non_negative("k", k),
        non_negative("l", l),
        non_negative("a", a),
        non_negative("b", b),
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
    return _compare_products(aa, bb, kk, ll) > 0


def _product_key(x: float, y: float) -> tuple[int, float] | None:
    """``x * y`` as (binary exponent, mantissa): exact order with no overflow or underflow."""
    if x == 0.0 or y == 0.0:
        return None
    mx, ex = math.frexp(x)
    my, ey = math.frexp(y)
    mantissa, shift = math.frexp(mx * my)  # rounds as x * y does, in [0.5, 1)
    return ex + ey + shift, mantissa


def _safe_product(product: float, x: float, y: float) -> bool:
    """Whether ``product = x * y`` neither overflowed nor lost precision to underflow."""
    if x == 0.0 or y == 0.0:
        return True
    return math.isfinite(product) and product >= sys.float_info.min


def _compare_products(a: float, b: float, k: float, l: float) -> int:  # noqa: E741
    """The sign of ``a*b - k*l`` for non-negative finite numbers, however huge or tiny.

    Examples
    --------
    >>> _compare_products(1e200, 1e200, 5e199, 1e200), _compare_products(0.5, 2, 1, 1)
    (1, 0)
    """
    left, right = _product_key(a, b), _product_key(k, l)
    if left is None or right is None:
        return (left is not None) - (right is not None)
    return (left > right) - (left < right)


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
    gg, hh = number("g", g), number("h", h)
    if _compare_products(aa, bb, kk, ll) == 0:
        raise ValueError(
            "no single equilibrium when a*b == k*l (the two zero-growth lines are parallel); "
            f"got a*b = {aa * bb!r} and k*l = {kk * ll!r}"
        )
    ab, kl = aa * bb, kk * ll
    if _safe_product(ab, aa, bb) and _safe_product(kl, kk, ll):
        det = ab - kl
        x, y = (kk * hh + bb * gg) / det, (ll * gg + aa * hh) / det
    else:  # scaled, so that huge or tiny coefficients neither overflow nor underflow
        s = max(kk, ll, aa, bb)
        det = (aa / s) * (bb / s) - (kk / s) * (ll / s)
        x = ((kk / s) * hh + (bb / s) * gg) / det / s
        y = ((ll / s) * gg + (aa / s) * hh) / det / s
    if not (math.isfinite(x) and math.isfinite(y)):
        raise OverflowError(f"the equilibrium ({x!r}, {y!r}) is too large for a float")
    return x, y


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

    Raises
    ------
    ValueError
        If an argument is out of range (the message names it).
    OverflowError
        If a runaway path passes the largest float; the message names the step.

    Examples
    --------
    >>> path = richardson_path(0, 0, k=0.5, l=0.5, a=1, b=1, g=1, h=1, dt=1.0, steps=40)
    >>> round(float(path.x[-1]), 6), round(float(path.y[-1]), 6)
    (2.0, 2.0)
    """
    kk, ll, aa, bb = _check_richardson(k, l, a, b)
    gg, hh = number("g", g), number("h", h)
    x, y = number("x0", x0), number("y0", y0)
    step = number("dt", dt)
    if step <= 0.0:
        raise ValueError(f"dt must be greater than 0 (got {dt!r})")
    n = whole("steps", steps, 1, _MAX_STEPS)
    system = np.array([[-aa, kk, gg], [ll, -bb, hh], [0.0, 0.0, 0.0]]) * step
    with np.errstate(over="ignore", invalid="ignore"):
        propagate = _expm(system)
        states = np.empty((n + 1, 3))
        states[0] = (x, y, 1.0)
        still = _at_equilibrium(x, y, k=kk, l=ll, a=aa, b=bb, g=gg, h=hh)
        for i in range(n):  # from the equilibrium, stay there exactly (even if dt is huge)
            states[i + 1] = states[i] if still else propagate @ states[i]
            if not np.isfinite(states[i + 1]).all():
                raise OverflowError(_runaway(i + 1, step))
    times = np.arange(n + 1, dtype=np.float64) * step
    return RichardsonPath(times, states[:, 0].copy(), states[:, 1].copy())


def _at_equilibrium(x: float, y: float, **coefficients: float) -> bool:
    try:
        return (x, y) == richardson_equilibrium(**coefficients)
    except (ValueError, OverflowError):  # no single (finite) equilibrium
        return False


def _runaway(i: int, dt: float) -> str:
    return (
        f"the arms levels pass the largest float (about 1.8e308) at step {i} (t = {i * dt:g}): "
        "the race runs away; ask for fewer steps or a smaller dt"
    )
