"""The teachkit Altair renderer: SVG, no actions menu, offline in the book.

Every chart is displayed as a mimebundle with two representations:

* ``application/vnd.vegalite.v6+json``: the spec itself. JupyterLab, VS Code
  and the static book render this one. In the book, the teachkit Sphinx
  extension turns it into a ``<div>`` drawn by the Vega files the book serves
  from its own ``_static/vendor`` folder (copied from the repository's
  ``vendor/``), so a page makes no request to a CDN.
* ``text/html``: Altair's "universal" embedding, for front ends that do not
  render Vega-Lite themselves (Colab, classic Notebook). It loads Vega from a
  CDN, which is fine in a live session on the internet and is never used by
  the static book.
"""

from __future__ import annotations

import itertools
from typing import Any, Final

EMBED_OPTIONS: Final[dict[str, Any]] = {"renderer": "svg", "actions": False}
"""Options passed to vega-embed everywhere: SVG output and no actions menu."""

RENDERER_NAME: Final = "teachkit"

_counter = itertools.count(1)


def _vegalite_mime() -> str:
    """The Vega-Lite mimetype teachkit emits: ``application/vnd.vegalite.v<major>+json``.

    Altair 6 itself names it ``application/vnd.vegalite.v6.json``, but nbformat
    accepts a JSON object only under a ``+json`` mimetype, so an executed
    notebook holding Altair's own output fails validation when it is saved.
    """
    import altair as alt

    return f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.split('.')[0]}+json"


def render(spec: dict[str, Any], **metadata: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Render a Vega-Lite spec as a teachkit mimebundle (Altair renderer protocol).

    Parameters
    ----------
    spec : dict
        A Vega-Lite specification, as produced by ``chart.to_dict()``.
    **metadata
        Ignored options Altair passes to every renderer.

    Returns
    -------
    tuple of dict
        The mimebundle and its metadata.

    Raises
    ------
    TypeError
        If ``spec`` is not a dict.

    Examples
    --------
    >>> bundle, meta = render({"mark": "point", "description": "An empty chart"})
    >>> sorted(bundle)[-1]
    'text/plain'
    """
    import altair as alt
    from altair.utils.html import spec_to_html

    if not isinstance(spec, dict):
        raise TypeError(
            "spec must be a Vega-Lite specification as a dict, as chart.to_dict() gives "
            f"(got {type(spec).__name__} {spec!r:.60})"
        )
    mime = _vegalite_mime()
    html = spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        embed_options=dict(EMBED_OPTIONS),
        output_div=f"teachkit-chart-{next(_counter)}",
        fullhtml=False,
        template="universal",
    )
    description = spec.get("description") or "a chart"
    bundle = {mime: spec, "text/html": html, "text/plain": f"<Chart: {description}>"}
    return bundle, {mime: {"embed_options": dict(EMBED_OPTIONS)}}


def enable() -> None:
    """Make teachkit's renderer and theme Altair's active ones.

    Call it once at the top of a notebook. It works in JupyterLab, Binder,
    JupyterHub, VS Code and Colab, and in the static book. It returns nothing,
    so the cell that calls it shows no output.

    Examples
    --------
    >>> import altair as alt
    >>> enable()
    >>> alt.renderers.active, alt.theme.active
    ('teachkit', 'teachkit')
    """
    import altair as alt

    from teachkit.charts import theme

    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, render)
    alt.renderers.enable(RENDERER_NAME)
    theme.register()
