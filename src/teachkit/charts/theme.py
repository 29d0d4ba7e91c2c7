"""The look of every teachkit chart, decided in one place: an Altair theme.

:func:`teachkit.enable` registers and enables this theme (and the teachkit
renderer). Chart functions never call ``configure_*``: they leave the look to
the theme, so any teachkit chart can be concatenated or layered with other
Altair charts. Later variants (dark, narrow screens) belong here too.

Colours come from the Okabe-Ito palette, which readers with the common kinds
of colour blindness can tell apart; charts pair colour with shape, dash or text
so that colour is never the only cue.
"""

from __future__ import annotations

from typing import Any, Final

THEME_NAME: Final = "teachkit"

#: The Okabe-Ito palette (colour-blind safe). Yellow and sky blue are too pale for
#: lines and text on white, so charts use them only for fills.
OKABE_ITO: Final[dict[str, str]] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY: Final = "#767676"  # 4.5:1 on white: reference marks and secondary text
CATEGORY: Final[tuple[str, ...]] = tuple(
    OKABE_ITO[c]
    for c in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "black")
)
SHAPES: Final[tuple[str, ...]] = ("circle", "square", "diamond", "triangle-up", "cross", "wedge")
FONT_SIZE: Final = 12
TITLE_SIZE: Final = 15
WIDTH: Final = 460  # the width of a chart panel in the content column


def theme() -> dict[str, Any]:
    """The teachkit theme: a Vega-Lite ``config`` for fonts, sizes, palette and view.

    Examples
    --------
    >>> theme()["config"]["axis"]["labelFontSize"]
    12
    """
    text = {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE}
    return {
        "config": {
            # re-lay out on every change: panels whose rows a control filters grow and shrink
            "autosize": {"type": "pad", "resize": True},
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 240},
            "axis": {**text, "labelLimit": 220},
            "legend": {**text, "symbolStrokeWidth": 2},
            "header": text,
            "title": {
                "fontSize": TITLE_SIZE,
                "subtitleFontSize": FONT_SIZE,
                "anchor": "start",
            },
            "text": {"fontSize": FONT_SIZE},
            "range": {"category": list(CATEGORY)},
        }
    }


def register() -> None:
    """Register the theme with Altair and make it the active one (idempotent).

    Examples
    --------
    >>> import altair as alt
    >>> register()
    >>> alt.theme.active
    'teachkit'
    """
    import altair as alt

    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(_theme_config)
    alt.theme.enable(THEME_NAME)


def _theme_config() -> Any:
    return theme()
