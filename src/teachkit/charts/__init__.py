"""teachkit.charts: the book's explorables as Altair charts that work with no kernel.

Every control is a Vega-Lite param bound to an input in the spec, so the static
book redraws in the browser. The look lives in one theme
(:mod:`teachkit.charts.theme`, switched on by :func:`enable`), so any teachkit
chart can be concatenated or layered with other Altair charts. This layer
imports :mod:`teachkit.data` and :mod:`teachkit.models`, never ipywidgets or
the book's Sphinx machinery.
"""

from teachkit.charts.axelrod import axelrod_explorer
from teachkit.charts.holsti import holsti_explorer
from teachkit.charts.kydd import kydd_explorer
from teachkit.charts.lenses import lenses_view
from teachkit.charts.renderer import enable, render, save_html
from teachkit.charts.richardson import richardson_explorer
from teachkit.charts.shadow import future_weights
from teachkit.charts.textcompare import edit_chart
from teachkit.charts.timeline import summit_table, summit_timeline
from teachkit.charts.trust import coded_cases, trust_explorer
from teachkit.models.textcompare import TextComparison, TextEdit, compare_texts  # re-exported

__all__ = [
    "TextComparison",
    "TextEdit",
    "axelrod_explorer",
    "coded_cases",
    "compare_texts",
    "edit_chart",
    "enable",
    "future_weights",
    "holsti_explorer",
    "kydd_explorer",
    "lenses_view",
    "render",
    "richardson_explorer",
    "save_html",
    "summit_table",
    "summit_timeline",
    "trust_explorer",
]
