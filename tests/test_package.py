"""teachkit as a package: a cheap import, a typed public API, the renderer and the demo chart."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import altair as alt
import pytest

import teachkit as tk
from teachkit.book import sphinxext
from teachkit.charts import renderer as _render
from teachkit.charts import theme
from teachkit.charts.explorable import chart_meta


def test_import_does_no_work() -> None:
    code = (
        "import sys, teachkit; "
        "heavy = {'pandas', 'altair', 'numpy', 'ipywidgets', 'sphinx', 'otter'}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_public_names_match_their_homes() -> None:
    assert sorted(tk.__all__) == sorted(tk._EXPORTS)
    for name in tk.__all__:
        assert callable(getattr(tk, name)), name
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tk.__getattr__("nope")


@pytest.mark.parametrize("name", ["check", "check_all", "CheckResult", "CheckSummary"])
def test_the_retired_grader_names_point_at_their_replacement(name: str) -> None:
    # issue 14 replaced teachkit's own grader with otter-grader's grader.check
    assert name not in tk.__all__
    with pytest.raises(AttributeError, match=rf"teachkit\.{name} was retired: .*otter-grader"):
        getattr(tk, name)


def test_renderer_gives_spec_and_compiled_vega_with_svg_options_and_no_cdn() -> None:
    spec = tk.future_weights().to_dict()
    bundle, metadata = tk.render(spec)
    mime = _render._vegalite_mime()
    assert bundle[mime] == spec  # the static book draws this one
    vega = bundle[_render.VEGA_MIME]  # JupyterLab, Notebook 7 and VS Code draw this one
    assert vega["$schema"] == "https://vega.github.io/schema/vega/v5.json"
    assert vega["description"] == spec["description"]
    assert {s["name"] for s in vega["signals"] if "bind" in s} == {"w"}  # the slider
    for key in (mime, _render.VEGA_MIME):
        assert metadata[key]["embed_options"] == {"renderer": "svg", "actions": False}
    assert "text/html" not in bundle  # JupyterLab would prefer it, and it loads a CDN
    assert bundle["text/plain"].startswith("<Chart: Bar chart")


def _paths(tree: dict[str, Any], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    return {
        path
        for key, value in tree.items()
        for path in (_paths(value, (*prefix, key)) if isinstance(value, dict) else {(*prefix, key)})
    }


def test_live_charts_name_their_own_light_colours_under_the_spec_config() -> None:
    """A front end's dark theme cannot whiten the text of a chart on a white background."""
    chart = tk.future_weights().properties(title="Weights").configure_axis(labelColor="#222222")
    vega = tk.render(chart.to_dict())[0][_render.VEGA_MIME]
    assert vega["background"] == "white"
    config = vega["config"]
    assert config["axis"]["labelColor"] == "#222222"  # what the spec sets wins
    assert config["axis"]["titleColor"] == "#000000"  # the rest is Vega's light default
    assert config["title"]["color"] == config["style"]["guide-label"]["fill"] == "#000000"
    # the book's dark mode replaces every colour named here
    assert _paths(theme.light()) == _paths(theme.dark()["config"])


def test_renderer_gives_colab_the_html_it_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    bundle, _ = tk.render(tk.future_weights().to_dict())
    assert '"renderer": "svg"' in bundle["text/html"]
    assert '"actions": false' in bundle["text/html"]
    assert _render.VEGA_MIME in bundle


def test_without_a_vega_compiler_the_renderer_falls_back_to_html(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_render, "compile_to_vega", lambda spec: None)
    bundle, _ = tk.render(tk.future_weights().to_dict())
    assert _render.VEGA_MIME not in bundle
    assert "vega-embed" in bundle["text/html"]


def test_the_key_guard_is_shown_in_live_kernels_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEACHKIT_STATIC_BUILD", raising=False)
    assert _render._live_kernel() is False  # no IPython kernel in pytest
    monkeypatch.setenv("TEACHKIT_STATIC_BUILD", "1")
    assert _render._live_kernel() is False
    guard = _render.KEY_GUARD_JS
    assert "data-lm-suppress-shortcuts" in guard
    assert 'addEventListener("keydown"' in guard
    assert guard.count("(") == guard.count(")")
    assert guard.count("{") == guard.count("}")


def test_enable_makes_teachkit_the_active_renderer() -> None:
    previous = alt.renderers.active
    try:
        tk.enable()
        assert alt.renderers.active == "teachkit"
        bundle = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point()._repr_mimebundle_()
        assert _render.VEGA_MIME in (bundle[0] if isinstance(bundle, tuple) else bundle)
    finally:
        alt.renderers.enable(previous)


def test_future_weights_binds_a_labelled_slider_in_the_spec() -> None:
    spec = tk.future_weights(weight=0.5, rounds=4).to_dict()
    param, meta = spec["params"]
    assert meta["name"].startswith("teachkit_meta_")
    assert param["name"] == "w"
    assert param["value"] == 0.5
    assert param["bind"]["input"] == "range"
    assert param["bind"]["name"].strip()
    assert spec["description"]
    (info,) = chart_meta(spec)
    assert info["controls"][0]["argument"] == "weight"
    table = info["table"]
    assert table["rows"] == [[1, 1.0], [2, 0.5], [3, 0.25], [4, 0.125]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weight": 1.0}, r"weight must be between 0 and 0.99 in steps of 0.01 \(got 1.0\)"),
        ({"weight": -0.1}, r"weight must be between 0 and 0.99"),
        ({"rounds": 1}, r"rounds must be a whole number from 2 to 60 \(got 1\)"),
        ({"rounds": 61}, r"from 2 to 60"),
    ],
)
def test_future_weights_rejects_bad_input_naming_the_range(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        tk.future_weights(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weight": "0.5"}, r"weight must be a number between 0 and 0.99 .*\(got str '0.5'\)"),
        ({"rounds": 2.5}, r"rounds must be a whole number from 2 to 60 \(got float 2.5\)"),
        ({"rounds": True}, r"rounds must be a whole number from 2 to 60 \(got bool True\)"),
    ],
)
def test_future_weights_rejects_wrong_types_with_a_type_error(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        tk.future_weights(**kwargs)


def test_teachkit_charts_combine_with_other_altair_charts() -> None:
    """The look lives in the theme, so charts carry no config and can be concatenated."""
    import altair as alt
    import vl_convert

    tk.enable()
    combined = alt.hconcat(tk.kydd_explorer(), tk.future_weights()).to_dict()
    assert combined["config"]["axis"]["labelFontSize"] == 12  # from the theme
    metas = chart_meta(combined)
    assert len(metas) == 2
    svg = vl_convert.vegalite_to_svg(combined, vl_version="6.4")
    assert svg.count("<svg") == 1
    assert "Total weight of an endless game" in svg


def test_missing_header_keys_lists_each_gap() -> None:
    full: dict[str, Any] = {
        "jupytext": {
            "text_representation": {
                "extension": ".md",
                "format_name": "myst",
                "format_version": 0.13,
                "jupytext_version": "1.19.6",
            }
        },
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    }
    assert sphinxext.missing_header_keys(full) == []
    del full["jupytext"]["text_representation"]["format_name"]
    assert sphinxext.missing_header_keys(full) == ["jupytext.text_representation.format_name"]
    assert "kernelspec" in sphinxext.missing_header_keys({"jupytext": full["jupytext"]})


def test_chart_html_escapes_the_spec_and_adds_a_table() -> None:
    values = [{"a": "</script><script>alert(1)</script>"}, {"a": "x"}]
    spec: dict[str, Any] = {
        "description": "Points <b>",
        "data": {"values": values},
        "mark": "point",
    }
    html = sphinxext.chart_html(spec, "tk-chart-1")
    # only the closing tags of the page's JSON (the specs and the dark look)
    assert html.count("</script>") == html.count('<script type="application/json"') >= 2
    payload = re.search(r'id="tk-chart-1-spec">(.*?)</script>', html)
    assert payload is not None
    drawn = json.loads(payload.group(1).replace("<\\/", "</"))
    assert drawn == sphinxext.compile_vega(spec)
    assert drawn["$schema"].startswith("https://vega.github.io/schema/vega/")  # Vega, not VL
    assert drawn["data"][0]["values"] == values
    assert '<figcaption class="teachkit-caption">Points &lt;b&gt;</figcaption>' in html
    assert '<th scope="col">a</th>' in html
    assert "&lt;/script&gt;" in html


def test_compiled_charts_carry_no_usermeta_and_a_white_background() -> None:
    spec = tk.future_weights().to_dict()
    spec["usermeta"] = {"teachkit": {"table": {"caption": "c", "columns": ["a"], "rows": [[1]]}}}
    vega = sphinxext.compile_vega(spec)
    assert "usermeta" not in vega
    assert vega["background"] == "white"
    assert any(s.get("bind") for s in vega["signals"]), "the slider survives compilation"
    dark = sphinxext.compile_vega({**spec, "config": {"background": "black"}})
    assert dark["background"] == "black"


def test_a_vegalite_version_vl_convert_lacks_is_a_clear_error() -> None:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v1.0.0.json", "mark": "point"}
    with pytest.raises(ValueError, match=r"Vega-Lite version 1\.0 .* supports .*6\.4"):
        sphinxext.compile_vega(spec)


def test_chart_table_is_capped_and_says_so() -> None:
    spec = {"description": "d", "mark": "point", "datasets": {"x": [{"n": i} for i in range(500)]}}
    html = sphinxext.chart_html(spec, "c")
    assert html.count("<tr>") == 201  # header + 200 rows
    assert "First 200 of 500 rows" in html


def test_renderer_output_is_a_valid_notebook_output() -> None:
    """Altair 6's own mimetype (v6.json) cannot hold a JSON object in a saved notebook."""
    import nbformat

    bundle, metadata = tk.render(tk.future_weights().to_dict())
    output = nbformat.v4.new_output("display_data", data=bundle, metadata=metadata)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[output])])
    nbformat.validate(notebook)
    assert _render._vegalite_mime() in sphinxext.VEGALITE_MIMES


@pytest.mark.parametrize("spec", [None, "a chart", [{"mark": "point"}]])
def test_render_rejects_what_is_not_a_spec(spec: object) -> None:
    with pytest.raises(TypeError, match=r"spec must be a Vega-Lite specification as a dict"):
        tk.render(spec)  # type: ignore[arg-type]
