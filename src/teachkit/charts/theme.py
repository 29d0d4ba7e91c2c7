"""The look of every teachkit chart, decided in one place: an Altair theme.

:func:`teachkit.enable` registers and enables this theme (and the teachkit
renderer). Chart functions never call ``configure_*``: they leave the look to
the theme, so any teachkit chart can be concatenated or layered with other
Altair charts. The book's two other looks live here too: :func:`dark` (the
colours a page swaps in when the reader's book is in dark mode) and
:func:`narrow` (the layout a page draws on a phone: panels stacked, labels
shorter, text the same size).

Colours come from the Okabe-Ito palette, which readers with the common kinds
of colour blindness can tell apart; charts pair colour with shape, dash or text
so that colour is never the only cue.
"""

from __future__ import annotations

import copy
import textwrap
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
FONT_SIZE: Final = 12  # the smallest chart text, in CSS px at 100% zoom
TITLE_SIZE: Final = 15
FONT: Final = "system-ui, sans-serif"  # the book's (pydata-sphinx-theme's) body font
WIDTH: Final = 460  # the width of a chart panel in the content column

#: Narrow screens (a phone's content column is 290-360 px): panels no wider than this,
#: axis and legend labels cut at this many px (with an ellipsis), text at full size.
NARROW_WIDTH: Final = 280
NARROW_LABEL_LIMIT: Final = 130
#: Titles and subtitles are re-wrapped to lines of at most this many characters (about
#: NARROW_WIDTH px at TITLE_SIZE bold, and at FONT_SIZE + 1 for subtitles).
NARROW_TITLE_CHARS: Final = 32
NARROW_SUBTITLE_CHARS: Final = 40
#: A panel's own title starts where its plot does, after up to NARROW_LABEL_LIMIT px of
#: axis labels, so it gets shorter lines.
NARROW_PANEL_CHARS: Final = (24, 30)
#: Text computed in the browser (an explorable's readouts) is wrapped at this many
#: characters: about NARROW_WIDTH px at FONT_SIZE, so it fits a phone without shrinking.
TEXT_CHARS: Final = 42

#: The book's dark background (pydata-sphinx-theme's ``--pst-color-background``).
DARK_BACKGROUND: Final = "#14181e"
DARK_TEXT: Final = "#e6e6e6"  # 14:1 on the dark background
DARK_MUTED: Final = "#a8b0b8"  # 8:1: the dark counterpart of GREY
#: Every colour a chart names, and what it becomes in dark mode. Ink (black, greys, the
#: blue used for lines and text) gets lighter; pale fills (yellow, sky blue, white) get
#: darker, so that text drawn over them stays readable. Hues keep their order, so the
#: Okabe-Ito categories stay apart; orange, green, vermillion and purple pass as they are.
DARK_COLOURS: Final[dict[str, str]] = {
    "#000000": DARK_TEXT,
    "black": DARK_TEXT,
    "#333333": "#d0d4d8",
    GREY: DARK_MUTED,
    "#ffffff": DARK_BACKGROUND,
    "white": DARK_BACKGROUND,
    OKABE_ITO["blue"]: "#4fa8e0",
    OKABE_ITO["sky_blue"]: "#1f5f8b",
    OKABE_ITO["yellow"]: "#5c5400",
}


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
            "font": FONT,
            # re-lay out on every change: panels whose rows a control filters grow and shrink
            "autosize": {"type": "pad", "resize": True},
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 240},
            "axis": {**text, "labelLimit": 220},
            "legend": {**text, "symbolStrokeWidth": 2},
            "header": text,
            "title": {
                "fontSize": TITLE_SIZE,
                "subtitleFontSize": FONT_SIZE + 1,
                "anchor": "start",
            },
            "text": {"fontSize": FONT_SIZE},
            "range": {"category": list(CATEGORY)},
        }
    }


def light() -> dict[str, Any]:
    """Vega's own light colours for what :func:`dark` recolours, written out.

    A chart drawn by a notebook front end carries these in its compiled spec, where
    they outrank the front end's theme: JupyterLab's dark mode draws Vega with a
    theme that makes text, axes and legends white, which would vanish on the
    chart's white background. They name the same parts as ``dark()["config"]``,
    so the book's dark mode still replaces every one.

    Examples
    --------
    >>> light()["axis"]["labelColor"], light()["background"]
    ('#000000', '#ffffff')
    """
    return _guide_colours(background="#ffffff", ink="#000000", rule="#888888", grid="#dddddd")


def _guide_colours(*, background: str, ink: str, rule: str, grid: str) -> dict[str, Any]:
    """A Vega config naming the colours Vega picks by itself: axes, legends, titles, text."""
    guide = {"labelColor": ink, "titleColor": ink}
    return {
        "background": background,
        "axis": {**guide, "domainColor": rule, "tickColor": rule, "gridColor": grid},
        "legend": guide,
        "title": {"color": ink, "subtitleColor": ink},
        "text": {"fill": ink},
        "style": {
            "guide-label": {"fill": ink},
            "guide-title": {"fill": ink},
            "group-title": {"fill": ink},
            "group-subtitle": {"fill": ink},
        },
    }


def dark() -> dict[str, Any]:
    """What a page needs to draw a compiled chart in dark mode.

    ``colours`` maps each colour a chart may name (lower case) to its dark
    counterpart; ``config`` is a Vega config for the colours Vega picks by itself
    (axes, legends, titles, text). The book's script swaps both in live when the
    reader switches the book to dark mode or the system asks for it.

    Examples
    --------
    >>> look = dark()
    >>> look["colours"]["#000000"], look["config"]["background"]
    ('#e6e6e6', '#14181e')
    """
    return {
        "colours": {k.lower(): v for k, v in DARK_COLOURS.items()},
        "config": _guide_colours(
            background=DARK_BACKGROUND, ink=DARK_TEXT, rule=DARK_MUTED, grid="#3a424e"
        ),
    }


_DATA_KEYS: Final = frozenset({"data", "datasets", "values", "usermeta"})
_VIEW_KEYS: Final = frozenset({"mark", "layer", "vconcat", "hconcat", "concat", "facet"})
_ROW_SIDES: Final = ("top", "bottom")
NARROW_LEGEND_SYMBOL: Final = 40  # px a legend's symbol and gap take before its label


def _alternatives(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The narrow panels an explorable carries (``narrow`` in its metadata param), removed."""
    found: dict[str, dict[str, Any]] = {}
    for param in spec.get("params", []):
        value = param.get("value") if isinstance(param, dict) else None
        if isinstance(value, dict) and isinstance(value.get("narrow"), dict):
            found.update(value.pop("narrow"))
    return found


def _swap_panels(
    node: Any, alternatives: dict[str, dict[str, Any]], datasets: dict[str, Any]
) -> Any:
    if isinstance(node, list):
        return [_swap_panels(item, alternatives, datasets) for item in node]
    if not isinstance(node, dict):
        return node
    name = node.get("name")
    if isinstance(name, str) and name in alternatives and _VIEW_KEYS & node.keys():
        panel = {k: v for k, v in alternatives[name].items() if k not in ("$schema", "config")}
        datasets.update(panel.pop("datasets", {}))
        return panel
    return {
        k: v if k in _DATA_KEYS else _swap_panels(v, alternatives, datasets)
        for k, v in node.items()
    }


def _wrap(text: Any, width: int) -> Any:
    """A title's text (a string or a list of lines) as lines of at most ``width`` characters."""
    if isinstance(text, str):
        lines = [text]
    elif isinstance(text, list) and all(isinstance(t, str) for t in text):
        lines = text
    else:
        return text  # an expression or nothing: left as it is
    wrapped = [part for line in lines for part in (textwrap.wrap(line, width) or [""])]
    return wrapped[0] if len(wrapped) == 1 else wrapped


def _narrow_title(node: dict[str, Any], nested: bool) -> None:
    title_chars, subtitle_chars = (
        NARROW_PANEL_CHARS if nested else (NARROW_TITLE_CHARS, NARROW_SUBTITLE_CHARS)
    )
    title = node.get("title")
    if _VIEW_KEYS & node.keys() and title is not None:
        # a panel's title starts at the left of its axis labels, not of its plot
        title = node["title"] = title if isinstance(title, dict) else {"text": title}
        title["frame"] = "bounds"
    if isinstance(title, dict):
        title["text"] = _wrap(title.get("text"), title_chars)
        if "subtitle" in title:
            title["subtitle"] = _wrap(title["subtitle"], subtitle_chars)
    elif title is not None:
        node["title"] = _wrap(title, title_chars)


def _narrow_in_place(node: Any, nested: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _narrow_in_place(item, nested)
        return
    if not isinstance(node, dict):
        return
    _narrow_title(node, nested)
    if "hconcat" in node:
        node["vconcat"] = node.pop("hconcat")
    if isinstance(node.get("columns"), int) and node["columns"] > 1:
        node["columns"] = 1
    if node.get("direction") == "horizontal":  # a legend's entries in a row
        node["direction"] = "vertical"
    limits = (
        ("width", NARROW_WIDTH),
        ("continuousWidth", NARROW_WIDTH),
        ("labelLimit", NARROW_LABEL_LIMIT),
    )
    for key, limit in limits:
        value = node.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > limit:
            node[key] = limit
    for key, value in node.items():
        if key not in _DATA_KEYS:
            _narrow_in_place(value, nested or key in _VIEW_KEYS)
        if key == "legend" and isinstance(value, dict) and value.get("orient") in _ROW_SIDES:
            # a legend above or below the plot lists its entries one a line, each line
            # as wide as the panel allows
            value["direction"] = "vertical"
            value["labelLimit"] = NARROW_WIDTH - NARROW_LEGEND_SYMBOL


def narrow(spec: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec laid out for a narrow screen: the same chart, stacked.

    Side-by-side panels (``hconcat``, wrapped ``concat`` and facets) are stacked,
    panels wider than :data:`NARROW_WIDTH` are narrowed to it, titles are wrapped to
    shorter lines and axis and legend labels are cut at :data:`NARROW_LABEL_LIMIT` px
    (an ellipsis shows the cut). A panel named in an explorable's ``narrow`` mapping
    (see :meth:`teachkit.charts.explorable.Explorable.compose`) is replaced by the
    panel given there. Text keeps its size: on a phone the chart reflows instead of
    shrinking. Data are left alone. The spec passed in
    is not changed.

    Examples
    --------
    >>> wide = {"hconcat": [{"mark": "point", "width": 460}, {"mark": "bar"}]}
    >>> small = narrow(wide)
    >>> sorted(small), small["vconcat"][0]["width"], "hconcat" in wide
    (['config', 'vconcat'], 280, True)
    """
    if not isinstance(spec, dict):
        raise TypeError(f"narrow() takes a Vega-Lite spec as a dict, not {type(spec).__name__}")
    result = copy.deepcopy(spec)
    alternatives = _alternatives(result)
    if alternatives:
        datasets = dict(result.get("datasets", {}))
        result = _swap_panels(result, alternatives, datasets)
        result["datasets"] = datasets
    _narrow_in_place(result)
    config = result.setdefault("config", {})
    for part in ("axis", "legend"):
        config.setdefault(part, {})["labelLimit"] = NARROW_LABEL_LIMIT
    return result


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
