"""Holsti (1962): the inherent bad faith model, as a discounted update. Card: ``holsti.toml``."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from teachkit._checks import probability

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
    d = probability("discount", discount)
    rate = probability("learning_rate", learning_rate)
    trust = probability("start", start)
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
