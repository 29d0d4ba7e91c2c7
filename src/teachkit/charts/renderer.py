"""The teachkit Altair renderer: SVG, no actions menu, no CDN, offline in the book.

Every chart is displayed as a mimebundle with these representations:

* ``application/vnd.vegalite.v6+json``: the spec itself. The static book renders
  this one: the teachkit Sphinx extension turns it into a ``<div>`` drawn by the
  Vega files the book serves from its own ``_static/vendor`` folder (copied from
  the repository's ``vendor/``), so a page makes no request to a CDN.
* ``application/vnd.vega.v5+json``: the spec compiled to Vega (by vl-convert),
  for live front ends. JupyterLab, Notebook 7 and VS Code render Vega 5 and
  Vega-Lite up to 5 with the Vega they ship, but not Vega-Lite 6, so this is
  what they draw: no request leaves the Jupyter server, and a saved notebook's
  stored outputs draw without running it (the Vega renderer is "safe", so an
  untrusted notebook's charts draw too). Its config names the light colours
  (:func:`teachkit.charts.theme.light`): in JupyterLab's dark mode, Lab's Vega
  theme would otherwise turn the text white on the chart's white background.
* ``text/html``: Altair's "universal" embedding, which loads Vega from a CDN,
  only in Colab (which renders neither Vega mimetype). Elsewhere it is left out
  on purpose: JupyterLab prefers ``text/html`` to Vega, and would load the CDN.

:func:`enable` also displays, in a live kernel, a few lines of JavaScript that
keep JupyterLab's and Notebook 7's command-mode shortcuts off the arrow keys
while a chart's slider or menu (or an ipywidget) has the keyboard focus, so
that the arrow keys move the control, not the notebook.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import sys
from importlib import import_module
from pathlib import Path
from typing import Any, Final

from teachkit._checks import STATIC_BUILD_ENV
from teachkit.charts import theme

EMBED_OPTIONS: Final[dict[str, Any]] = {"renderer": "svg", "actions": False}
"""Options passed to vega-embed everywhere: SVG output and no actions menu."""

RENDERER_NAME: Final = "teachkit"
VEGA_MIME: Final = "application/vnd.vega.v5+json"
"""The Vega mimetype JupyterLab, Notebook 7 and VS Code draw with their own Vega."""

KEY_GUARD_JS: Final = """(function () {
  if (window.teachkitKeyGuard) { return; }
  window.teachkitKeyGuard = true;
  var keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp",
              "PageDown"];
  var controls = "input, select, textarea, [role=slider], [role=listbox], [role=combobox], " +
                 "[role=spinbutton], [role=radio]";
  var outputs = ".jp-OutputArea-output, .output_area";
  window.addEventListener("keydown", function (event) {
    var target = event.target;
    if (keys.indexOf(event.key) < 0 || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (!(target instanceof Element) || !target.matches(controls) || !target.closest(outputs)) {
      return;
    }
    if (target.hasAttribute("data-lm-suppress-shortcuts")) { return; }
    target.setAttribute("data-lm-suppress-shortcuts", "true");
    setTimeout(function () { target.removeAttribute("data-lm-suppress-shortcuts"); }, 0);
  }, true);
})();"""
"""Keeps JupyterLab's shortcuts off the arrow keys of a focused control in an output.

JupyterLab (Lumino) matches a shortcut by walking up from the focused element,
and stops at an element marked ``data-lm-suppress-shortcuts``. The listener runs
first (capture phase, on ``window``) and marks the focused slider, menu or field
for the one key press, so the key moves the control instead of the notebook.
"""

_counter = itertools.count(1)


def _vegalite_mime() -> str:
    """The Vega-Lite mimetype teachkit emits: ``application/vnd.vegalite.v<major>+json``.

    Altair 6 itself names it ``application/vnd.vegalite.v6.json``, but nbformat
    accepts a JSON object only under a ``+json`` mimetype, so an executed
    notebook holding Altair's own output fails validation when it is saved.
    """
    import altair as alt

    return f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.split('.')[0]}+json"


def _in_colab() -> bool:
    """Whether this kernel runs in Google Colab (which draws charts only from HTML)."""
    return "google.colab" in sys.modules


@functools.lru_cache(maxsize=64)
def _compile_json(spec_json: str, version: str) -> str | None:
    try:
        import vl_convert as vlc
    except ImportError:
        return None
    if version not in vlc.get_vegalite_versions():
        return None
    return json.dumps(vlc.vegalite_to_vega(json.loads(spec_json), vl_version=version))


def compile_to_vega(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The Vega spec a Vega-Lite spec compiles to, or None without a compiler for it.

    Examples
    --------
    >>> compile_to_vega({"mark": "point", "description": "dots"})["description"]
    'dots'
    """
    import altair as alt

    found = re.search(r"/vega-lite/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    version = (
        f"{found.group(1)}.{found.group(2)}"
        if found
        else ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    )
    source = {key: value for key, value in spec.items() if key != "usermeta"}
    compiled = _compile_json(json.dumps(source, sort_keys=True), version)
    return None if compiled is None else dict(json.loads(compiled))


def _html(spec: dict[str, Any]) -> str:
    import altair as alt
    from altair.utils.html import spec_to_html

    return spec_to_html(
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
    if not isinstance(spec, dict):
        raise TypeError(
            "spec must be a Vega-Lite specification as a dict, as chart.to_dict() gives "
            f"(got {type(spec).__name__} {spec!r:.60})"
        )
    mime = _vegalite_mime()
    description = spec.get("description") or "a chart"
    bundle: dict[str, Any] = {mime: spec}
    metadata = {mime: {"embed_options": dict(EMBED_OPTIONS)}}
    vega = compile_to_vega(spec)
    if vega is not None:
        # Vega 6 reads the same specs as Vega 5 (it changed packaging, not the language);
        # the v5 schema keeps Lab's vega-embed from warning about a version it lacks.
        vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
        vega["config"] = _beneath(theme.light(), vega.get("config") or {})
        bundle[VEGA_MIME] = vega
        metadata[VEGA_MIME] = {"embed_options": dict(EMBED_OPTIONS)}
    if vega is None or _in_colab():  # no Vega to draw with: Altair's HTML, from a CDN
        bundle["text/html"] = _html(spec)
    bundle["text/plain"] = f"<Chart: {description}>"
    return bundle, metadata


def _beneath(base: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """``config`` with ``base`` filling what it leaves unset, nested dicts merged.

    >>> base = {"axis": {"labelColor": "#000", "tickColor": "#888"}}
    >>> _beneath(base, {"axis": {"tickColor": "#f00"}})
    {'axis': {'labelColor': '#000', 'tickColor': '#f00'}}
    """
    out = dict(base)
    for key, value in config.items():
        below = out.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            out[key] = _beneath(below, value)
        else:
            out[key] = value
    return out


def _live_kernel() -> bool:
    """Whether this runs in a Jupyter kernel with a front end (not the book's build)."""
    if os.environ.get(STATIC_BUILD_ENV, "").strip().lower() not in ("", "0", "false"):
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def enable() -> None:
    """Make teachkit's renderer and theme Altair's active ones.

    Call it once at the top of a notebook. It works in JupyterLab, Binder,
    JupyterHub, VS Code and Colab, and in the static book. It returns nothing.
    In a live kernel the cell shows an empty output: a short script
    (:data:`KEY_GUARD_JS`) that lets the arrow keys move the charts' sliders and
    menus rather than the notebook. The book's build shows nothing.

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
    if _live_kernel():
        display: Any = import_module("IPython.display").display  # untyped
        script = {"text/html": f"<script>{KEY_GUARD_JS}</script>", "text/plain": ""}
        display(script, raw=True)


def save_html(chart: Any, path: str | Path) -> Path:
    """Save a chart as one HTML file that opens offline, with teachkit's embed options.

    Altair's own ``chart.save("x.html")`` loads Vega from a CDN (a blank page
    offline) and shows the actions menu; this inlines Vega, Vega-Lite and
    vega-embed into the file (with vl-convert, a teachkit dependency) and keeps
    the book's options: SVG output and no actions menu. Sliders and menus bound
    in the chart keep working in the saved page.

    Parameters
    ----------
    chart : altair.Chart or any Altair top-level chart
        The chart to save, for example ``tk.future_weights()``.
    path : str or pathlib.Path
        Where to write it; the name must end in ``.html``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    TypeError
        If ``chart`` is not an Altair chart or ``path`` is not a str or Path.
    ValueError
        If ``path`` does not end in ``.html``.

    Examples
    --------
    >>> import tempfile, teachkit as tk
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save_html(tk.future_weights(), Path(tmp) / "weights.html")
    ...     "cdn.jsdelivr" in out.read_text()
    False
    """
    import altair as alt

    if not isinstance(chart, alt.TopLevelMixin):
        raise TypeError(
            f"chart must be an Altair chart, such as tk.future_weights() "
            f"(got {type(chart).__name__})"
        )
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or pathlib.Path (got {type(path).__name__})")
    target = Path(path)
    if target.suffix.lower() != ".html":
        raise ValueError(
            f"path must end in .html (got {str(path)!r}); for PNG or SVG use chart.save"
        )
    chart.save(str(target), format="html", inline=True, embed_options=dict(EMBED_OPTIONS))
    return target
