"""The download notebook's charts show in Colab, on GitHub and in nbviewer (issue 16).

Those front ends draw neither Vega mimetype, so every chart output of the download
notebook also carries a still SVG picture of the chart (:mod:`teachkit.book.chart_pictures`).
These tests build a small fixture book and check that every chart output has a picture
that shows its chart, that a front end limited to Colab's mimetypes picks the picture,
that the book's pages are unchanged, and that a picture the build cannot make fails the
strict build with a warning naming the chapter and the chart. That JupyterLab and
Notebook 7 still draw the live Vega, with its sliders, is checked in a real JupyterLab by
``tests/test_live_notebooks.py``.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bookhelpers import BookBuild, build_book, fixture_book, sphinx_problems

import teachkit as tk
from teachkit.book import chart_pictures
from teachkit.book.chart_pictures import (
    HINT,
    PICTURE_FONT,
    STILL,
    SVG_MIME,
    add_chart_pictures,
    chart_svg,
    is_chart,
)
from teachkit.book.downloads import download_notebook
from teachkit.charts.renderer import VEGA_MIME, render

SVG = "{http://www.w3.org/2000/svg}"
# What Colab (and GitHub's preview) can show of an output, best first: no Vega at all.
COLAB_ORDER = ("text/html", "image/svg+xml", "image/png", "text/plain")
VEGALITE = "application/vnd.vegalite.v6+json"


def colab_choice(data: dict[str, Any]) -> str | None:
    """The mimetype a front end that renders only Colab's set would show."""
    return next((mime for mime in COLAB_ORDER if mime in data), None)


def chart_outputs(notebook: Any) -> list[dict[str, Any]]:
    return [o for cell in notebook.cells for o in cell.get("outputs", []) if is_chart(o)]


def picture_root(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def marks(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("role") == "graphics-symbol"]


def svg_text(root: ET.Element) -> str:
    return " ".join(" ".join(e.itertext()) for e in root.iter(f"{SVG}text"))


def bundle_of(chart: Any) -> dict[str, Any]:
    tk.enable()
    bundle, _ = render(chart.to_dict())
    return bundle


# -- the pictures, without a build ---------------------------------------------------------


def test_a_picture_shows_the_chart_and_carries_its_description_as_its_name() -> None:
    bundle = bundle_of(tk.future_weights(weight=0.9))
    description = bundle[VEGALITE]["description"]
    root = picture_root(chart_svg(bundle, prefix="c1"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == description
    assert root.findtext(f"{SVG}title") == description
    assert root.findtext(f"{SVG}desc") == STILL
    assert len(marks(root)) >= 10  # the bars and lines are drawn, not an empty frame
    assert str(bundle[VEGALITE]["title"]["text"]).split(":")[0] in svg_text(root)
    fonts = {e.get("font-family") for e in root.iter(f"{SVG}text")}
    assert fonts == {PICTURE_FONT}


def test_the_picture_font_is_laid_out_with_liberation_sans_at_build() -> None:
    """The widths the picture was laid out with are the ones its font stack draws."""
    import vl_convert as vlc

    def width(font: str) -> int:
        text = {"text": {"value": "Kennedy and Khrushchev, Vienna 1961"}, "font": {"value": font}}
        spec = {"autosize": "pad", "marks": [{"type": "text", "encode": {"enter": text}}]}
        found = re.search(r'width="(\d+)"', vlc.vega_to_svg(spec))
        assert found
        return int(found[1])

    assert width(PICTURE_FONT) == width("Liberation Sans")
    assert width("Liberation Sans") != width("tk-no-such-font")  # the font is installed


def test_ids_are_prefixed_numbered_in_order_and_the_same_on_every_build() -> None:
    bundle = bundle_of(tk.summit_timeline(dyads=["brandt__stoph"]))
    first = chart_svg(bundle, prefix="teachkit-chart-2")
    chart_pictures._svg.cache_clear()  # vl-convert numbers clip paths on, per process
    again = chart_svg(bundle, prefix="teachkit-chart-2")
    assert first == again
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids  # the timeline clips its lanes
    assert ids == [f"teachkit-chart-2-{n}" for n in range(1, len(ids) + 1)]
    used = set(re.findall(r"url\(#([^)]+)\)", first)) | set(re.findall(r'href="#([^"]+)"', first))
    assert used
    assert used <= set(ids)


def test_a_chart_without_a_background_is_pictured_on_white() -> None:
    spec = {"description": "Dots", "marks": [{"type": "symbol"}]}
    root = picture_root(chart_svg({VEGA_MIME: spec}, prefix="p"))
    assert any(e.get("fill") == "white" for e in root.iter(f"{SVG}rect"))


def test_without_the_vega_the_vega_lite_is_pictured() -> None:
    bundle = bundle_of(tk.future_weights(weight=0.9))
    del bundle[VEGA_MIME]
    root = picture_root(chart_svg(bundle, prefix="p"))
    assert len(marks(root)) >= 10


@pytest.mark.parametrize(
    ("vega", "reason"),
    [
        ({"signals": [{"name": "s", "update": "nosuchfn()"}]}, "nosuchfn"),
        (
            {
                "data": [{"name": "d", "url": "https://example.org/d.csv"}],
                "marks": [{"type": "rect", "from": {"data": "d"}}],
            },
            "https://example.org/d.csv",  # the build loads nothing from elsewhere
        ),
    ],
)
def test_a_picture_that_cannot_be_made_names_the_chart_and_why(
    vega: dict[str, Any], reason: str
) -> None:
    output = nbformat.v4.new_output(
        "display_data", data={VEGA_MIME: vega, "text/plain": "<Chart: Broken bars>"}
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[output])])
    with pytest.raises(ValueError, match=r"chart 1 \('Broken bars'\)") as raised:
        add_chart_pictures(copy.deepcopy(notebook))
    assert reason in str(raised.value)
    warnings: list[str] = []
    assert add_chart_pictures(notebook, warnings.append) == 1
    assert len(warnings) == 1
    assert "Broken bars" in warnings[0]
    assert reason in warnings[0]
    assert SVG_MIME not in output["data"]  # no picture, never a blank one


def test_the_download_notebook_adds_pictures_and_says_so_only_when_there_are_charts() -> None:
    chart = nbformat.v4.new_output("display_data", data=bundle_of(tk.future_weights()))
    cells = [nbformat.v4.new_code_cell("tk.future_weights()", outputs=[chart])]
    executed = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    before = json.dumps(executed, sort_keys=True)
    notebook = download_notebook(executed, pip_source=None, intro="One line.")
    assert json.dumps(executed, sort_keys=True) == before  # the build's notebook is untouched
    assert notebook.cells[0].source == f"One line.\n\n{HINT}"
    assert SVG_MIME in notebook.cells[2].outputs[0]["data"]
    executed.cells[0].outputs = []
    assert download_notebook(executed, pip_source=None, intro="One line.").cells[0].source == (
        "One line."
    )


def test_the_hint_says_in_plain_words_where_charts_are_still_and_how_to_make_them_move() -> None:
    assert "Colab" in HINT
    assert "run the chart's cell" in HINT
    assert "interactive" in HINT
    assert "mimetype" not in HINT.lower()
    assert "Vega" not in HINT


# -- a built book ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def charts_book(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    work = tmp_path_factory.mktemp("charts-book")
    result = build_book(fixture_book(work, "chapter_charts.md"), work / "out")
    assert result.returncode == 0, result.output[-4000:]
    assert sphinx_problems(result.output) == []
    return result


@pytest.fixture(scope="module")
def downloaded(charts_book: BookBuild) -> Any:
    path = charts_book.html / "_sources" / "chapters" / "fixture.ipynb"
    return nbformat.read(path, as_version=4)


@pytest.mark.build
def test_every_chart_output_of_a_built_download_carries_a_picture_of_its_chart(
    downloaded: Any,
) -> None:
    outputs = chart_outputs(downloaded)
    assert len(outputs) == 2
    ids: list[str] = []
    for output in outputs:
        data = output["data"]
        assert {VEGALITE, VEGA_MIME, SVG_MIME, "text/plain"} <= set(data)
        assert "text/html" not in data  # Lab would prefer it to Vega, and load a CDN
        description = data[VEGALITE]["description"]
        root = picture_root(data[SVG_MIME])
        assert root.get("aria-label") == description
        assert root.findtext(f"{SVG}title") == description
        assert len(marks(root)) >= 5
        ids += re.findall(r'\bid="([^"]+)"', data[SVG_MIME])
    assert len(ids) == len(set(ids))  # pictures shown inline on one page share no id
    printed = [o for c in downloaded.cells for o in c.get("outputs", []) if "text" in o]
    assert [o["text"] for o in printed] == ["not a chart\n"]  # other outputs as they were
    assert HINT in downloaded.cells[0].source


@pytest.mark.build
def test_a_front_end_with_colabs_mimetypes_shows_a_picture_for_every_chart(
    downloaded: Any,
) -> None:
    outputs = chart_outputs(downloaded)
    assert outputs
    assert [colab_choice(o["data"]) for o in outputs] == [SVG_MIME] * len(outputs)
    # ...and before this change, the same front end showed only the text
    before = [{k: v for k, v in o["data"].items() if k != SVG_MIME} for o in outputs]
    assert {colab_choice(d) for d in before} == {"text/plain"}


@pytest.mark.build
def test_nbconvert_as_nbviewer_runs_it_shows_the_picture_for_every_chart(downloaded: Any) -> None:
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter(template_name="lab").from_notebook_node(downloaded)
    shown = re.findall(r'data-mime-type="([^"]+)"', page)
    assert shown.count(SVG_MIME) == len(chart_outputs(downloaded)) == 2
    assert "<Chart: " not in page  # no chart falls back to its text


@pytest.mark.build
@pytest.mark.browser
def test_each_picture_draws_in_chromium_as_an_image(browser: Any, downloaded: Any) -> None:
    """As Colab, GitHub and nbconvert show it: an ``<img>`` of the SVG, drawn with ink."""
    page = browser.new_page()
    try:
        for output in chart_outputs(downloaded):
            svg = output["data"][SVG_MIME]
            source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
            page.set_content(f'<img id="p" alt="" src="{source}">')
            size = page.evaluate(
                "() => { const i = document.getElementById('p');"
                " return i.decode().then(() => [i.naturalWidth, i.naturalHeight]); }"
            )
            assert size[0] > 200
            assert size[1] > 100
            inked = page.evaluate(
                """() => { const i = document.getElementById('p');
                const c = document.createElement('canvas');
                c.width = i.naturalWidth; c.height = i.naturalHeight;
                const g = c.getContext('2d'); g.drawImage(i, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let k = 0; k < d.length; k += 4) { if (d[k] < 128) n++; }
                return n / (c.width * c.height); }"""
            )
            assert 0.005 < inked < 0.5  # dark text and marks on a light ground
    finally:
        page.close()


@pytest.mark.build
def test_the_books_page_is_unchanged_by_the_pictures(charts_book: BookBuild) -> None:
    page = (charts_book.html / "chapters" / "fixture.html").read_text(encoding="utf-8")
    assert page.count('class="teachkit-chart"') == 2  # drawn live from the spec, as before
    assert "image/svg+xml" not in page
    assert STILL not in page
    assert "teachkit-chart-1-" not in page


@pytest.mark.build
def test_a_chart_without_a_picture_fails_the_strict_build_naming_chapter_and_chart(
    tmp_path: Path,
) -> None:
    result = build_book(fixture_book(tmp_path, "chapter_bad_picture.md"), tmp_path / "out")
    assert result.returncode != 0
    problems = [line for line in sphinx_problems(result.output) if "still picture" in line]
    assert len(problems) == 1, sphinx_problems(result.output)
    assert "chapters/fixture" in problems[0]  # the chapter
    assert "chart 1 ('tkbrokenpicture7q: one point')" in problems[0]  # and the chart
    assert "nosuchfn" in problems[0]  # and why
