"""The teachkit Sphinx extension: offline charts and strict chapters for the book.

List it in ``_config.yml`` under ``sphinx: extra_extensions``. It

* serves the JavaScript the pages need from the book itself (the repository's
  ``vendor/`` folder, copied to ``_static/vendor`` in the built site):
  the Vega runtime on pages with charts, require.js and the Jupyter widgets
  HTML manager on pages with widget state. Maths is MathML made at build time,
  and the theme's icons a small stylesheet (``teachkit.book.pages``).
  No page loads anything from a CDN, and nothing twice;
* renders Altair's Vega-Lite outputs (a myst-nb mime renderer plugin) as SVG
  charts with no actions menu, each with its description as a caption and a
  data table as a text alternative. A chart without a description is a
  build warning, so the strict build fails. Vega-Lite is compiled to Vega
  when the book is built (vl-convert), so pages need neither the Vega-Lite
  compiler nor Vega-Embed, and draw sooner;
* warns (so the strict build fails) when a chapter lacks its full jupytext
  header, instead of silently treating a notebook as plain Markdown;
* builds the student edition (the default: no solutions anywhere) or the
  instructor edition, chosen by ``TEACHKIT_EDITION``; see ``teachkit.book.editions``;
* sets ``TEACHKIT_STATIC_BUILD=1`` for the kernels that execute chapters, so
  ipywidgets-based tools show a "needs a live kernel" note in the static page.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from docutils import nodes
from sphinx.util import logging

from teachkit._checks import STATIC_BUILD_ENV

if TYPE_CHECKING:
    from myst_nb.core.render import MimeData, NbElementRenderer
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
VEGA_RUNTIME = "vendor/vega.min.js"
"""The Vega runtime, under ``_static``: ``teachkit.js`` fetches it when a chart first comes near
the screen (through require.js on pages with ipywidgets), so no page lists it in its head."""
WIDGET_SCRIPTS = ("teachkit-widgets.js", "vendor/require.js", "vendor/embed-amd.js")
_VEGA_PRIORITY = 300
_MAX_TABLE_ROWS = 200
# what the pages' charts are compiled with when a spec does not say (Altair 6's schema)
DEFAULT_VEGALITE = "6.4"
CHART_BACKGROUND = "white"  # keeps axis labels legible in the dark theme too
_HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
# teachkit's renderer adds the compiled Vega for JupyterLab beside the Vega-Lite spec
VEGA_LIVE_MIME = "application/vnd.vega.v5+json"
# Altair 6 names its output application/vnd.vegalite.v6.json; Altair 5 used v5+json
VEGALITE_MIMES = tuple(
    f"application/vnd.vegalite.v{v}{sep}json" for v in (6, 5) for sep in (".", "+")
)
REQUIRED_HEADER: dict[str, tuple[str, ...]] = {
    "jupytext": ("text_representation",),
    "jupytext.text_representation": (
        "extension",
        "format_name",
        "format_version",
        "jupytext_version",
    ),
    "kernelspec": ("display_name", "language", "name"),
}

logger = logging.getLogger(__name__)
_VENDOR: weakref.WeakKeyDictionary[Sphinx, Path] = weakref.WeakKeyDictionary()


# -- configuration ----------------------------------------------------------------


def vendor_dir(confdir: str | Path, setting: str = "") -> Path:
    """The folder of vendored JavaScript the pages load (``vendor/`` beside ``_config.yml``).

    It is not part of the installed package (which stays small for students):
    the book carries it, with ``vendor.json`` naming each file's version,
    licence and hash, and the build copies it to ``_static/vendor``. It is not in
    the book's ``_static`` folder because Jupyter Book adds every script there to
    every page. ``teachkit_vendor_dir`` in the Sphinx config points elsewhere
    (relative to the book's folder).
    """
    from sphinx.errors import ConfigError

    vendor = Path(confdir) / (setting or "vendor")
    if vendor.name != "vendor" or not (vendor / "vendor.json").is_file():
        raise ConfigError(
            f"teachkit_vendor_dir: no vendored JavaScript at {vendor} (a folder named "
            "'vendor' holding vendor.json, vega.min.js, require.js, ...). Build the book from "
            "its repository, which carries vendor/, or set teachkit_vendor_dir to that "
            "folder; `python scripts/vendor_js.py` refreshes it with npm."
        )
    return vendor.resolve()


def _configure(app: Sphinx, config: Config) -> None:
    """Point every script the pages load at the book's own ``_static`` folder."""
    # Kernels started to execute chapters inherit this: Python-side widgets then render
    # a note saying they need a live kernel, instead of a dead control in the page.
    os.environ[STATIC_BUILD_ENV] = "1"
    _VENDOR[app] = vendor_dir(app.confdir, config.teachkit_vendor_dir)
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:  # without one, browsers ask for /favicon.ico and log a 404
        config.html_favicon = str(STATIC / "favicon.svg")
    config.nb_ipywidgets_js = {
        WIDGET_SCRIPTS[0]: {},  # configures require.js so the manager finds its fonts
        WIDGET_SCRIPTS[1]: {},
        # the manager fetches any non-core widget from this base: keep it local too
        WIDGET_SCRIPTS[2]: {"data-jupyter-widgets-cdn": "_static/vendor/"},
    }


def _copy_vendor(app: Sphinx, exception: Exception | None) -> None:
    """Copy the vendored JavaScript into the site's ``_static/vendor`` (only what changed)."""
    if exception is not None or app.builder.format != "html" or app not in _VENDOR:
        return
    from sphinx.util.fileutil import copy_asset

    copy_asset(str(_VENDOR[app]), str(Path(app.outdir) / "_static" / "vendor"))


def _drop_thebe(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Remove sphinx-thebe's scripts, which Jupyter Book 1 adds to every page.

    The book does not use thebe (it would load its code from unpkg.com, a third
    party), so its loader and its inline pointer to that CDN are dropped.
    """

    def is_thebe(script: Any) -> bool:
        filename = str(getattr(script, "filename", "") or "")
        body = str(getattr(script, "attributes", {}).get("body", ""))
        return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body

    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not is_thebe(s)]


def _fix_citation_roles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give bibliography entries a role their list container accepts.

    Docutils writes ``<div role="list">`` around entries with the deprecated DPUB
    role ``doc-biblioentry``, which is not a list item, so screen readers and
    axe-core (``aria-required-children``, critical) see a broken list.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


# -- the jupytext header check ------------------------------------------------------


def missing_header_keys(front_matter: dict[str, Any]) -> list[str]:
    """List the jupytext header keys a MyST notebook's front matter lacks.

    Examples
    --------
    >>> missing_header_keys({"kernelspec": {"name": "python3"}})
    ['jupytext', 'jupytext.text_representation', 'kernelspec.display_name', 'kernelspec.language']
    """
    missing = []
    for section, keys in REQUIRED_HEADER.items():
        node: Any = front_matter
        for part in section.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            missing.append(section)
            continue
        missing.extend(f"{section}.{key}" for key in keys if key not in node)
    return missing


def _check_header(app: Sphinx, docname: str, source: list[str]) -> None:
    dirs = tuple(d.rstrip("/") + "/" for d in app.config.teachkit_notebook_dirs)
    if not docname.startswith(dirs) or Path(app.env.doc2path(docname)).suffix != ".md":
        return
    import yaml

    match = re.match(r"^---\s*\n(.*?)\n---\s*(\n|$)", source[0], re.DOTALL)
    try:
        front = yaml.safe_load(match.group(1)) if match else {}
    except yaml.YAMLError as err:
        front = {}
        logger.warning("front matter is not valid YAML: %s", err, location=docname)
    missing = missing_header_keys(front if isinstance(front, dict) else {})
    if missing:
        logger.warning(
            "chapter is not a MyST notebook: its jupytext header lacks %s "
            "(copy the header of chapters/how_to_use.md, "
            "or run `jupytext --set-kernel python3 %s`)",
            ", ".join(missing),
            Path(app.env.doc2path(docname)).name,
            location=docname,
            type="teachkit",
            subtype="jupytext",
        )


# -- rendering charts ---------------------------------------------------------------


def _table_html(spec: dict[str, Any]) -> str:
    """A data table for a chart: its ``usermeta.teachkit.table`` or its largest dataset."""
    from teachkit.charts.explorable import chart_meta

    tables = [meta["table"] for meta in chart_meta(spec) if meta.get("table")]
    table = tables[0] if len(tables) == 1 else None
    if table:
        caption, columns, rows = table["caption"], table["columns"], table["rows"]
    else:
        datasets = spec.get("datasets") or {}
        data = spec.get("data")
        values = data.get("values") if isinstance(data, dict) else None
        candidates = [v for v in [*datasets.values(), values] if isinstance(v, list) and v]
        if not candidates:
            return ""
        records = max(candidates, key=len)
        columns = list(dict.fromkeys(k for row in records for k in row))
        rows = [[row.get(c, "") for c in columns] for row in records]
        caption = "The data behind this chart"
    shown = rows[:_MAX_TABLE_ROWS]
    more = (
        f"<p>First {len(shown)} of {len(rows)} rows; the full table is in the book's data.</p>"
        if len(rows) > len(shown)
        else ""
    )
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in shown
    )
    return (
        '<details class="teachkit-chart-data"><summary>Show the chart as a table</summary>'
        f"{more}<table><caption>{html.escape(str(caption))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def vegalite_version(spec: dict[str, Any]) -> str:
    """The ``major.minor`` Vega-Lite version a spec's ``$schema`` names (default 6.4).

    Examples
    --------
    >>> vegalite_version({"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json"})
    '6.4'
    >>> vegalite_version({})
    '6.4'
    """
    found = re.search(r"/vega-lite/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    return f"{found.group(1)}.{found.group(2)}" if found else DEFAULT_VEGALITE


@functools.lru_cache(maxsize=256)
def _compile_json(spec_json: str, version: str) -> str:
    import vl_convert as vlc

    supported = vlc.get_vegalite_versions()
    if version not in supported:
        raise ValueError(
            f"this chart's Vega-Lite version {version} cannot be compiled by the installed "
            f"vl-convert-python; it supports {', '.join(supported)}. Upgrade vl-convert-python "
            "or pin Altair to a version whose Vega-Lite it knows"
        )
    return json.dumps(vlc.vegalite_to_vega(json.loads(spec_json), vl_version=version))


def compile_vega(spec: dict[str, Any]) -> dict[str, Any]:
    """Compile a Vega-Lite spec to the Vega spec a page draws.

    The page's background is white unless the chart sets one. teachkit's metadata
    (``usermeta`` and the ``teachkit_meta_*`` params) is dropped: the page carries
    the chart's table once, as HTML, not again in JSON.
    The same spec (a chapter's explorable on several pages, say) is compiled once.

    Examples
    --------
    >>> vega = compile_vega({"mark": "point", "description": "nothing yet"})
    >>> vega["$schema"].split("/")[-1], vega["background"], vega["description"]
    ('v6.json', 'white', 'nothing yet')
    """
    from teachkit.charts.explorable import META_PREFIX

    source = {key: value for key, value in spec.items() if key != "usermeta"}
    if "params" in source:
        source["params"] = [
            p for p in source["params"] if not str(p.get("name", "")).startswith(META_PREFIX)
        ]
    config = dict(source.get("config") or {})
    config.setdefault("background", CHART_BACKGROUND)
    source["config"] = config
    compiled: dict[str, Any] = json.loads(
        _compile_json(json.dumps(source, sort_keys=True), vegalite_version(spec))
    )
    compiled.pop("usermeta", None)
    return compiled


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _json_script(element_id: str, value: Any) -> str:
    payload = _compact(value).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


SAME: Final = "teachkit_same_as"
_SHARED_AT_LEAST = 64  # characters of JSON: smaller parts are not worth a reference


def shared_parts(wide: dict[str, Any], narrow: Any = None) -> tuple[Any, Any]:
    """The two layouts with every part that repeats replaced by a reference into the wide one.

    A part (an object, a list or a string of at least 64 characters of JSON) that already
    appeared earlier in the wide spec, or anywhere in it for the narrow one, becomes
    ``{"teachkit_same_as": [path]}``: its keys and indices in the wide spec as written.
    The page carries each part once; ``teachkit.js`` copies the parts back before drawing.

    Examples
    --------
    >>> rows = list(range(30))
    >>> wide = {"data": [{"name": "a", "values": rows}, {"name": "b", "values": rows}]}
    >>> short, narrow = shared_parts(wide, {"data": wide["data"], "width": 200})
    >>> short["data"][1]
    {'name': 'b', 'values': {'teachkit_same_as': ['data', 0, 'values']}}
    >>> narrow
    {'data': {'teachkit_same_as': ['data']}, 'width': 200}
    """
    where: dict[str, list[str | int]] = {}

    def replace(node: Any, path: list[str | int] | None) -> Any:
        if not isinstance(node, dict | list | str):
            return node
        text = _compact(node)
        if len(text) >= _SHARED_AT_LEAST:
            if text in where:
                return {SAME: where[text]}
            if path is not None:  # a part of the wide spec: later ones may point here
                where[text] = path
        if isinstance(node, dict):
            return {k: replace(v, None if path is None else [*path, k]) for k, v in node.items()}
        if isinstance(node, list):
            return [replace(v, None if path is None else [*path, i]) for i, v in enumerate(node)]
        return node

    short = replace(wide, [])
    return short, (None if narrow is None else replace(narrow, None))


def chart_html(spec: dict[str, Any], chart_id: str) -> str:
    """The HTML for one chart: a container, its Vega specs, a caption and a data table.

    The page gets the chart compiled twice, as laid out by the theme for a wide column
    and for a narrow one (:func:`teachkit.charts.theme.narrow`; once if they are the
    same), and the theme's dark colours; ``teachkit.js`` picks the layout by the
    column's width and the colours by the book's light or dark mode.
    """
    from teachkit.charts import theme

    description = spec.get("description", "")
    wide = compile_vega(spec)
    narrow = compile_vega(theme.narrow(spec))
    attributes = f'data-teachkit-spec="{chart_id}-spec" data-teachkit-look="{chart_id}-look"'
    short, short_narrow = shared_parts(wide, narrow if narrow != wide else None)
    scripts = [
        _json_script(f"{chart_id}-spec", short),
        _json_script(f"{chart_id}-look", theme.dark()),
    ]
    if short_narrow is not None:
        attributes += f' data-teachkit-narrow="{chart_id}-narrow"'
        scripts.append(_json_script(f"{chart_id}-narrow", short_narrow))
    return (
        '<figure class="teachkit-figure">'
        f'<div class="teachkit-chart" id="{chart_id}" {attributes}></div>'
        f"{''.join(scripts)}"
        f'<figcaption class="teachkit-caption">{html.escape(description)}</figcaption>'
        f"{_table_html(spec)}</figure>"
    )


class VegaLiteMimePlugin:
    """myst-nb mime renderer: Altair outputs become offline SVG charts in HTML builds."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int | None]]] = [
        (builder, mime, 1) for builder in _HTML_BUILDERS for mime in VEGALITE_MIMES
    ]

    @staticmethod
    def handle_mime(
        renderer: NbElementRenderer, data: MimeData, inline: bool
    ) -> list[nodes.Element] | None:
        """Render a Vega-Lite output as an offline chart, or return None to decline."""
        if data.mime_type == VEGA_LIVE_MIME:
            return []  # teachkit's copy for live front ends: the Vega-Lite spec is drawn
        if inline or data.mime_type not in VEGALITE_MIMES:
            return None
        env = getattr(renderer.renderer, "sphinx_env", None)
        if env is None or env.app.builder.name not in _HTML_BUILDERS:
            return None
        spec = json.loads(data.content) if isinstance(data.content, str) else data.content
        if not spec.get("description"):
            logger.warning(
                "a chart has no description: give it one with .properties(description=...) "
                "so screen readers and the caption can say what it shows",
                location=(env.docname, data.line),
                type="teachkit",
                subtype="chart",
            )
        digest = hashlib.sha1(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:8]
        chart_id = f"tk-chart-{data.cell_index}-{data.output_index}-{digest}"
        # myst-nb passes these keyword arguments on to Sphinx's add_js_file
        renderer.add_js_file("teachkit_js", "teachkit.js", {"priority": _VEGA_PRIORITY})
        try:
            markup = chart_html(spec, chart_id)
        except ValueError as err:  # vl-convert rejects the spec, or cannot compile its version
            logger.warning(
                f"a chart could not be compiled to Vega: {err}",
                location=(env.docname, data.line),
                type="teachkit",
                subtype="chart",
            )
            return None
        return [nodes.raw("", markup, format="html", classes=["teachkit-chart-output"])]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.add_config_value("teachkit_notebook_dirs", ["chapters"], "env", [list])
    app.add_config_value("teachkit_vendor_dir", "", "env", [str])
    app.connect("config-inited", _configure)
    app.connect("build-finished", _copy_vendor)
    app.connect("source-read", _check_header)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _fix_citation_roles)
    app.add_css_file("teachkit.css")
    from teachkit import __version__
    from teachkit.book import appendix as _appendix
    from teachkit.book import assign as _assign
    from teachkit.book import editions as _editions
    from teachkit.book import kernels as _kernels
    from teachkit.book import launch as _launch
    from teachkit.book import pages as _pages
    from teachkit.book import quiz as _quiz
    from teachkit.book import slimcss as _slimcss

    _appendix.register(app)
    _editions.register(app)
    _quiz.register(app)
    _launch.register(app)
    _assign.register(app)
    _kernels.register(app)
    _pages.register(app)
    _slimcss.register(app)

    # env_version: bump it when what the extension writes into a page when reading it
    # changes (its scripts, the chart HTML), so that an incremental build re-reads every
    # chapter instead of reusing what it read before
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
