"""Still pictures of a download notebook's charts, for Colab, GitHub and nbviewer.

A chart output of an executed chapter holds the chart as Vega-Lite, as Vega and as
text (:func:`teachkit.charts.renderer.render`). JupyterLab, Notebook 7 and VS Code draw
the Vega one, interactive, without running anything. Colab, GitHub's notebook preview
and nbviewer draw neither Vega mimetype, so the download notebook
(:mod:`teachkit.book.downloads`) adds to every chart output a picture of the chart as it
first appears: ``image/svg+xml``, made at build time by vl-convert from the stored Vega.

Why SVG rather than PNG (measured on the book's 24 charts): an SVG is a tenth of the
size (median 36 KB against 220 KB for a PNG at 1x and 560 KB at 2x, as stored in the
notebook); its text stays text, drawn by the reader's browser (in fonts with the widths
it was laid out with, :data:`PICTURE_FONT`), whereas vl-convert's PNG bakes in the build
machine's fonts and sets a whole label in a serif font when it holds a symbol such as
◆; and it carries the chart's
description as its accessible name (``<title>`` and ``aria-label``). It is quicker to
make, too (median 0.1 s a chart). Nothing else changes: the live renderer and the book's
pages never see these pictures, and JupyterLab still prefers Vega (rank 57) to SVG (80).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from teachkit.charts.renderer import VEGA_MIME
from teachkit.charts.theme import FONT

SVG_MIME: Final = "image/svg+xml"
PICTURE_FONT: Final = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif"
"""The pictures' font in place of the theme's :data:`~teachkit.charts.theme.FONT`.

vl-convert lays the text out with the build's fonts, and the reader's browser draws it
with its own: with ``system-ui`` a wider font (DejaVu Sans, Segoe UI, San Francisco)
runs labels into each other. These four share one set of widths (Arimo is Liberation
Sans; both match Arial and Helvetica), so the picture looks as it was laid out on Linux,
ChromeOS, Windows and macOS alike. The build lays out with Liberation Sans
(``fonts-liberation``, which Debian's Chromium and fontconfig bring).
"""
PICTURE_BACKGROUND: Final = "white"  # as on the book's pages; legible in a dark front end
VEGALITE_MIME: Final = re.compile(r"^application/vnd\.vegalite\.v(?P<major>\d+)[.+]json$")

HINT: Final = (
    "In Colab, on GitHub and in nbviewer, each chart below is a still picture of how it "
    "first looks: run the chart's cell and it becomes interactive, with its sliders and "
    "menus. In JupyterLab, Notebook 7 and VS Code the charts are interactive straight away."
)
"""The paragraph a download notebook with charts adds to its opening Markdown cell."""

STILL: Final = (
    "A still picture of the chart as it first looks: run its cell to make it interactive."
)
"""The ``<desc>`` of every picture."""

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_ID_USE = re.compile(r'(?P<head>\bid="|url\(#|href="#)(?P<id>[^")]+)')
_PLAIN = re.compile(r"^<Chart: (?P<text>.*)>$", re.DOTALL)


def is_chart(output: Mapping[str, Any]) -> bool:
    """Whether a notebook output is a chart: it has a Vega or Vega-Lite mimetype.

    Examples
    --------
    >>> is_chart({"output_type": "display_data", "data": {"application/vnd.vega.v5+json": {}}})
    True
    >>> is_chart({"output_type": "stream", "text": "1"})
    False
    """
    data = output.get("data") or {}
    return output.get("output_type") in ("display_data", "execute_result") and any(
        mime == VEGA_MIME or VEGALITE_MIME.match(mime) for mime in data
    )


def chart_description(data: Mapping[str, Any]) -> str:
    """The chart's description, from its Vega-Lite or Vega spec or its text.

    Examples
    --------
    >>> chart_description({"text/plain": "<Chart: Weights over time>"})
    'Weights over time'
    """
    for mime, value in data.items():
        spec = value if mime == VEGA_MIME or VEGALITE_MIME.match(mime) else None
        if isinstance(spec, dict) and str(spec.get("description") or "").strip():
            return str(spec["description"]).strip()
    plain = data.get("text/plain", "")
    found = _PLAIN.match("".join(plain) if isinstance(plain, list) else str(plain))
    return found["text"].strip() if found else "a chart"


@functools.lru_cache(maxsize=64)
def _svg(spec_json: str, vegalite: bool, version: str | None) -> str:
    """vl-convert's SVG for a spec (the same explorable on several pages is drawn once)."""
    import vl_convert as vlc

    spec = json.loads(spec_json)
    if not vegalite:
        return str(vlc.vega_to_svg(spec, allowed_base_urls=[]))
    return str(vlc.vegalite_to_svg(spec, vl_version=version, allowed_base_urls=[]))


def _source(data: Mapping[str, Any]) -> tuple[dict[str, Any], bool, str | None]:
    """The spec to draw, whether it is Vega-Lite, and the Vega-Lite version to use.

    The stored Vega is what JupyterLab draws, so it is drawn; else the Vega-Lite, at the
    version its ``$schema`` names (None: vl-convert's default).
    """
    if isinstance(data.get(VEGA_MIME), dict):
        return dict(data[VEGA_MIME]), False, None
    for mime, value in data.items():
        if VEGALITE_MIME.match(mime) and isinstance(value, dict):
            found = re.search(r"/vega-lite/v(\d+)\.(\d+)", str(value.get("$schema", "")))
            spec = {k: v for k, v in value.items() if k != "usermeta"}
            return spec, True, f"{found[1]}.{found[2]}" if found else None
    raise ValueError("the output holds no Vega or Vega-Lite spec as a JSON object")


def chart_svg(data: Mapping[str, Any], *, prefix: str) -> str:
    """A still picture of a chart output, as SVG with its description as accessible name.

    Parameters
    ----------
    data : mapping
        The output's mimebundle (``output["data"]``).
    prefix : str
        Starts every ``id`` in the SVG, so that pictures shown inline on one page (as
        nbconvert can) never share one; the ids are numbered in order, so the picture is
        the same whichever order a build draws the charts in.

    Returns
    -------
    str
        An SVG document: ``role="img"``, ``aria-label`` and ``<title>`` hold the chart's
        description, ``<desc>`` says that it is a still picture (:data:`STILL`).

    Raises
    ------
    ValueError
        If the output holds no spec, or vl-convert cannot draw it (its reason is in the
        message); a spec that loads data from a URL is refused (the build loads nothing).

    Examples
    --------
    >>> svg = chart_svg({"application/vnd.vega.v5+json": {"description": "Dots",
    ...     "marks": [{"type": "symbol"}]}}, prefix="c1")
    >>> svg.startswith("<svg") and 'aria-label="Dots"' in svg and "<title>Dots</title>" in svg
    True
    """
    spec, vegalite, version = _source(data)
    config = dict(spec.get("config") or {})
    if "background" not in spec and "background" not in config:
        spec["background"] = PICTURE_BACKGROUND
    source = json.dumps(spec, sort_keys=True).replace(json.dumps(FONT), json.dumps(PICTURE_FONT))
    try:
        svg = _svg(source, vegalite, version)
    except ValueError as error:  # vl-convert's message: the first lines say what went wrong
        reason = " ".join(str(error).splitlines()[:2])
        raise ValueError(f"vl-convert could not draw it: {reason}") from error
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("vl-convert returned no <svg> element")
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        new = names.setdefault(match["id"], f"{prefix}-{len(names) + 1}")
        return f"{match['head']}{new}"

    description = html.escape(chart_description(data))
    root = opening.group(0)[:-1].rstrip("/") + f' role="img" aria-label="{description}">'
    head = f"<title>{description}</title><desc>{html.escape(STILL)}</desc>"
    body = _ID_USE.sub(rename, svg[opening.end() :])
    return f"{svg[: opening.start()]}{root}{head}{body}"


def add_chart_pictures(notebook: Any, warn: Callable[[str], None] | None = None) -> int:
    """Give every chart output of ``notebook`` its still picture (:func:`chart_svg`).

    The notebook is changed in place. ``warn`` is called with a message naming the chart
    (its number and description) for each picture that cannot be made; without it the
    first such chart raises ``ValueError``. Returns how many charts the notebook has.

    Examples
    --------
    >>> notebook = {"cells": [{"cell_type": "code", "outputs": [{"output_type":
    ...     "display_data", "metadata": {}, "data": {"application/vnd.vega.v5+json":
    ...     {"marks": [{"type": "rect"}]}, "text/plain": "<Chart: Bars>"}}]}]}
    >>> add_chart_pictures(notebook)
    1
    >>> notebook["cells"][0]["outputs"][0]["data"]["image/svg+xml"][:4]
    '<svg'
    """
    charts = 0
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if not is_chart(output):
                continue
            charts += 1
            data = output["data"]
            try:
                data[SVG_MIME] = chart_svg(data, prefix=f"teachkit-chart-{charts}")
            except ValueError as error:
                message = (
                    f"chart {charts} ({chart_description(data)!r}) has no still picture for "
                    f"Colab, GitHub and nbviewer in the download notebook: {error}"
                )
                if warn is None:
                    raise ValueError(message) from error
                warn(message)
    return charts
