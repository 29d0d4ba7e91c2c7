"""Where the four formal-model explorables used to live; kept for older imports.

Each explorable now has its own module: :mod:`teachkit.charts.kydd`,
:mod:`teachkit.charts.holsti`, :mod:`teachkit.charts.richardson` and
:mod:`teachkit.charts.axelrod`. The Vega-expression helpers live in
:mod:`teachkit.charts.explorable` and the palette in :mod:`teachkit.charts.theme`;
new code should import them from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teachkit.charts.axelrod import AXELROD_PARAMS, axelrod_calculations, axelrod_explorer
from teachkit.charts.explorable import Calculation, Control
from teachkit.charts.explorable import calculate as _calculate
from teachkit.charts.explorable import lit as _lit
from teachkit.charts.explorable import string as _str
from teachkit.charts.holsti import HOLSTI_PARAMS, ILLUSTRATIVE_ACTS, holsti_explorer, holsti_filter
from teachkit.charts.kydd import (
    KYDD_PARAMS,
    _posterior_expression,
    kydd_calculations,
    kydd_explorer,
)
from teachkit.charts.richardson import (
    RICHARDSON_PARAMS,
    richardson_calculations,
    richardson_explorer,
)
from teachkit.charts.theme import GREY as _GREY
from teachkit.charts.theme import OKABE_ITO

if TYPE_CHECKING:
    import altair as alt

__all__ = [
    "AXELROD_PARAMS",
    "HOLSTI_PARAMS",
    "ILLUSTRATIVE_ACTS",
    "KYDD_PARAMS",
    "OKABE_ITO",
    "RICHARDSON_PARAMS",
    "_GREY",
    "Calculation",
    "_calculate",
    "_lit",
    "_posterior_expression",
    "_slider",
    "_str",
    "axelrod_calculations",
    "axelrod_explorer",
    "holsti_explorer",
    "holsti_filter",
    "kydd_calculations",
    "kydd_explorer",
    "richardson_calculations",
    "richardson_explorer",
]


def _slider(
    name: str, value: float, low: float, high: float, step: float, label: str
) -> alt.Parameter:
    """A slider param (older form of :meth:`teachkit.charts.explorable.Control.param_for`)."""
    return Control(name, name, label, low, high, step).param_for(value)
