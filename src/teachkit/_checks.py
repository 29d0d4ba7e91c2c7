"""Argument checks shared by every layer: one wording, one exception family.

A wrong *type* raises :class:`TypeError`; a value of the right type that is out
of range or not one of the options raises :class:`ValueError`. Every message
names the argument, what it must be and what it got; a misspelt option gets a
"did you mean" suggestion. This module is the bottom of teachkit: it imports
nothing from the package, so ``teachkit.data``, ``teachkit.models``,
``teachkit.charts`` and ``teachkit.widgets`` can all use it.
"""

from __future__ import annotations

import difflib
import math
import numbers
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final, TypeVar

T = TypeVar("T")

STATIC_BUILD_ENV: Final = "TEACHKIT_STATIC_BUILD"
"""Set to ``1`` by the book's Sphinx extension for the kernels that execute chapters.

Live-kernel tools (ipywidgets) read it to show a "needs a live kernel" note in
the static page instead of a control that would not work there.
"""


def fold(text: str) -> str:
    """A key for matching names loosely: no accents, case, spaces, dashes or underscores.

    Examples
    --------
    >>> fold("Reagan-Gorbachev")
    'reagangorbachev'
    """
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if c.isalnum())


def suggest(value: object, options: Iterable[str], *, cutoff: float = 0.5) -> str:
    """A "; did you mean 'x'?" hint for a misspelt option, or an empty string.

    Examples
    --------
    >>> suggest("kyd", ["kydd", "holsti"])
    "; did you mean 'kydd'?"
    >>> suggest(3, ["kydd"])
    ''
    """
    if not isinstance(value, str):
        return ""
    choices = list(options)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=cutoff)
    if not close:  # try again ignoring case, accents and punctuation
        folded = {fold(c): c for c in choices}
        near = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=cutoff)
        close = [folded[near[0]]] if near else []
    return f"; did you mean {close[0]!r}?" if close else ""


def _listing(options: Iterable[str], limit: int = 12) -> str:
    shown = list(options)
    more = f", ... ({len(shown)} in all)" if len(shown) > limit else ""
    return ", ".join(repr(o) for o in shown[:limit]) + more


def choice(
    name: str,
    value: object,
    options: Mapping[str, T] | Iterable[str],
    *,
    listed: Iterable[str] | None = None,
) -> T | str:
    """Check that ``value`` is one of ``options`` (matched exactly, then loosely).

    With a mapping, returns the mapped value; otherwise the matching option.
    The loose match ignores case, accents, spaces, dashes and underscores.
    ``listed`` names the options the message lists (default: all of them),
    so that aliases can be accepted without being advertised.

    Examples
    --------
    >>> choice("case", "Reagan-Gorbachev", ["reagan__gorbachev"])
    'reagan__gorbachev'
    >>> choice("case", "nixon", ["reagan__gorbachev"])
    Traceback (most recent call last):
    ...
    ValueError: case must be one of 'reagan__gorbachev' (got 'nixon')
    """
    table: Mapping[str, T | str] = (
        options if isinstance(options, Mapping) else {o: o for o in options}
    )
    shown = _listing(table if listed is None else listed)
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string, one of {shown} (got {type(value).__name__} {value!r})"
        )
    if value in table:
        return table[value]
    loose = {fold(key): key for key in table}
    if fold(value) in loose:
        return table[loose[fold(value)]]
    raise ValueError(f"{name} must be one of {shown} (got {value!r}){suggest(value, table)}")


def number(name: str, value: object, low: float = -math.inf, high: float = math.inf) -> float:
    """Check that ``value`` is a finite real number in ``[low, high]``.

    Examples
    --------
    >>> number("prior", 0.5, 0, 1)
    0.5
    >>> number("prior", "0.5", 0, 1)
    Traceback (most recent call last):
    ...
    TypeError: prior must be a number between 0 and 1 (got str '0.5')
    >>> number("cost", -1, 0)
    Traceback (most recent call last):
    ...
    ValueError: cost must be 0 or more (got -1)
    """
    bounds = _bounds(low, high)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = f"a number {bounds}" if bounds else "a number"
        raise TypeError(f"{name} must be {kind} (got {type(value).__name__} {value!r})")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number {bounds}".rstrip() + f" (got {value!r})")
    if not low <= result <= high:
        raise ValueError(f"{name} must be {bounds} (got {value!r})")
    return result


def probability(name: str, value: object) -> float:
    """Check that ``value`` is a number from 0 to 1 (:func:`number` with those bounds)."""
    return number(name, value, 0.0, 1.0)


def non_negative(name: str, value: object) -> float:
    """Check that ``value`` is a finite number of 0 or more."""
    return number(name, value, 0.0)


def _bounds(low: float, high: float) -> str:
    if math.isinf(low) and math.isinf(high):
        return ""
    if math.isinf(high):
        return f"{low:g} or more"
    if math.isinf(low):
        return f"{high:g} or less"
    return f"between {low:g} and {high:g}"


def whole(name: str, value: object, low: int, high: int) -> int:
    """Check that ``value`` is a whole number (not a bool) in ``[low, high]``.

    Examples
    --------
    >>> whole("rounds", 4, 2, 60)
    4
    >>> whole("rounds", 1, 2, 60)
    Traceback (most recent call last):
    ...
    ValueError: rounds must be a whole number from 2 to 60 (got 1)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a whole number from {low} to {high} "
            f"(got {type(value).__name__} {value!r})"
        )
    result = int(value)
    if not low <= result <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high} (got {value!r})")
    return result


def on_grid(name: str, value: object, low: float, high: float, step: float) -> float:
    """Check that ``value`` is a position of a slider from ``low`` to ``high`` by ``step``.

    Returns the position rounded to the grid, so that ``0.30000000000000004``
    becomes ``0.3``.

    Examples
    --------
    >>> on_grid("prior", 0.3, 0, 1, 0.01)
    0.3
    >>> on_grid("prior", 0.305, 0, 1, 0.01)
    Traceback (most recent call last):
    ...
    ValueError: prior must be between 0 and 1 in steps of 0.01 (got 0.305)
    """
    steps = f"between {low:g} and {high:g} in steps of {step:g}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number {steps} (got {type(value).__name__} {value!r})")
    result = float(value)
    index = round((result - low) / step) if math.isfinite(result) else 0
    on_the_grid = abs(low + index * step - result) <= 1e-9 * max(1.0, abs(result))
    if not (math.isfinite(result) and low <= result <= high and on_the_grid):
        raise ValueError(f"{name} must be {steps} (got {value!r})")
    return round(low + index * step, 10)


def flag(name: str, value: object) -> bool:
    """Check that ``value`` is ``True`` or ``False``.

    Examples
    --------
    >>> flag("show_cases", 1)
    Traceback (most recent call last):
    ...
    TypeError: show_cases must be True or False (got int 1)
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False (got {type(value).__name__} {value!r})")
    return value
