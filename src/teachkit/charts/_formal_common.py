"""Small pieces the four formal-model explorables share (Kydd, Holsti, Richardson, Axelrod)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from teachkit import _checks
from teachkit.charts import theme

if TYPE_CHECKING:
    import altair as alt

PAYOFF_LIMIT: Final = 1000.0
"""Payoffs are checked to lie within ``±PAYOFF_LIMIT`` so every total stays finite."""


def payoff(name: str, value: object) -> float:
    """A game payoff: a finite number between -1000 and 1000.

    Examples
    --------
    >>> payoff("S", -1e308)
    Traceback (most recent call last):
    ...
    ValueError: S must be between -1000 and 1000 (got -1e+308)
    """
    return _checks.number(name, value, -PAYOFF_LIMIT, PAYOFF_LIMIT)


def rounded(value: float | None, digits: int = 4) -> float | str:
    """A table cell: the value rounded, or a note that it is undefined.

    Examples
    --------
    >>> rounded(2 / 3), rounded(None)
    (0.6667, 'undefined (never seen)')
    """
    return "undefined (never seen)" if value is None else round(float(value), digits)


def panel_title(lines: str | Sequence[str], *, bold: bool = True) -> alt.TitleParams:
    """The small title over one panel of an explorable, at the body text size."""
    import altair as alt

    text = lines if isinstance(lines, str) else list(lines)
    return alt.TitleParams(
        text,
        fontSize=theme.FONT_SIZE,
        fontWeight="bold" if bold else "normal",
        anchor="start",
        frame="group",
    )


def layer(*charts: Any, **properties: Any) -> alt.LayerChart:
    """The charts drawn on top of each other as one panel, with the given properties.

    Examples
    --------
    >>> import altair as alt
    >>> len(layer(alt.Chart().mark_rule(), alt.Chart().mark_text(), height=20).layer)
    2
    """
    import altair as alt

    layered: alt.LayerChart = alt.LayerChart(layer=list(charts))
    return layered.properties(**properties) if properties else layered
