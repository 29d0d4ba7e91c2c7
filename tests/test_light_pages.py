"""Light, printable, accessible pages (issue 17).

Measured in Chromium on the session-built book, served the way GitHub Pages serves
it (text compressed with gzip): a first visit to a chart page moves at most 1 MB, to a
text page at most 400 KB; no page loads MathJax, and maths is MathML; the search
index loads only when a reader searches; the theme's buttons and landmarks pass the
pinned axe-core in dark mode too; the print stylesheet hides the chrome and shows
charts with their tables and links with their targets; ``dev.py pdf``'s printer
writes numbered PDFs with an outline, and the download menu links to them.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bookhelpers import (
    AXE_JS,
    ROOT,
    BookBuild,
    axe_violations,
    build_book,
    draw_every_chart,
    fixture_book,
    serve_compressed,
)
from test_browser import PAGES

from teachkit.book import pages as light
from teachkit.book import pdf as bookpdf

CHART_PAGE_LIMIT = 1_000_000
TEXT_PAGE_LIMIT = 400_000
MATH_PAGES = ("chapters/how_to_use", "chapters/rival_lenses", "chapters/successor_problem")


# -- one first visit per page ---------------------------------------------------------------


@dataclass
class FirstVisit:
    """What a reader's first visit to a page downloaded, and what it showed."""

    transferred: int = 0
    uncompressed: int = 0
    urls: list[str] = field(default_factory=list)
    charts: int = 0
    maths: int = 0
    leftover_tex: int = 0


def first_visit(browser: Any, url: str) -> FirstVisit:
    """Load a page in a fresh profile (nothing cached) and total what it downloaded."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url, wait_until="load")
    charts = draw_every_chart(page)
    page.wait_for_load_state("networkidle")
    visit = FirstVisit(charts=charts, maths=page.locator("math").count())
    visit.leftover_tex = page.evaluate(
        r"() => (document.querySelector('main').innerText.match(/\\\(|\\\[|\$\$/g) || []).length"
    )
    for request in responses:
        sizes = request.sizes()
        visit.transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        if response is not None and request.url.startswith(("http://127.0.0.1",)):
            visit.uncompressed += len(response.body())
        visit.urls.append(request.url)
    context.close()
    return visit


@pytest.fixture(scope="session")
def compressed_site(built_book: BookBuild) -> Iterator[str]:
    if built_book.returncode != 0:
        pytest.fail("the book did not build; see test_book_builds_strictly")
    with serve_compressed(built_book.html) as base:
        yield base


@pytest.fixture(scope="session")
def first_visits(browser: Any, compressed_site: str) -> dict[str, FirstVisit]:
    return {page: first_visit(browser, f"{compressed_site}/{page}.html") for page in PAGES}


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_a_first_visit_is_light(first_visits: dict[str, FirstVisit], page: str) -> None:
    visit = first_visits[page]
    limit = CHART_PAGE_LIMIT if visit.charts else TEXT_PAGE_LIMIT
    assert visit.transferred <= limit, (
        f"{page}: {visit.transferred} bytes transferred ({visit.uncompressed} uncompressed) "
        f"> {limit}; largest: {visit.urls[:5]}"
    )


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_no_page_loads_mathjax_or_the_font_awesome_script(
    first_visits: dict[str, FirstVisit], page: str
) -> None:
    heavy = [u for u in first_visits[page].urls if re.search(r"mathjax|fontawesome\.js", u, re.I)]
    assert heavy == []


@pytest.mark.browser
@pytest.mark.parametrize("page", MATH_PAGES)
def test_maths_is_mathml(first_visits: dict[str, FirstVisit], page: str) -> None:
    assert first_visits[page].maths > 0
    assert first_visits[page].leftover_tex == 0


@pytest.mark.browser
@pytest.mark.parametrize("page", [p for p in PAGES if p != "search"])
def test_the_search_index_loads_only_on_the_search_page(
    first_visits: dict[str, FirstVisit], page: str
) -> None:
    assert [u for u in first_visits[page].urls if "searchindex.js" in u] == []


@pytest.mark.browser
def test_searching_loads_the_index_and_finds_a_chapter(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site}/intro.html", wait_until="load")
    assert not [u for u in requested if "searchindex.js" in u]
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("Khrushchev")
    field.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Khrushchev"))
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    assert [u for u in requested if "searchindex.js" in u]
    assert "kennedy_khrushchev" in page.locator("#search-results").inner_html()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("page", ["intro", "chapters/rival_lenses"])
def test_no_moderate_or_worse_violation_in_dark_mode_either(
    browser: Any, site: str, page: str
) -> None:
    context = browser.new_context(color_scheme="dark")
    tab = context.new_page()
    tab.add_init_script(
        "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')"
    )
    tab.goto(f"{site}/{page}.html", wait_until="load")
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    assert axe_violations(tab) == []
    context.close()


@pytest.mark.browser
def test_every_icon_the_pages_use_is_in_the_icon_subset(built_book: BookBuild) -> None:
    css = (ROOT / light.ICONS_CSS).read_text(encoding="utf-8")
    used: set[str] = set()
    for path in built_book.html.rglob("*.html"):
        used |= set(re.findall(r"\bfa-([a-z0-9-]+)", path.read_text(encoding="utf-8")))
    sizes = {"lg", "solid", "brands", "regular"}
    missing = sorted(name for name in used - sizes if f".fa-{name}{{" not in css)
    assert missing == []


@pytest.mark.browser
def test_empty_table_headers_are_gone(built_book: BookBuild) -> None:
    empty = re.compile(r"<th(\s[^>]*)?>\s*(<p>\s*</p>)?\s*</th>")
    bad = [p.name for p in built_book.html.rglob("*.html") if empty.search(p.read_text())]
    assert bad == []


# -- print --------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_print_stylesheet_hides_the_chrome_and_shows_charts_tables_and_links(
    browser: Any, site: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/chapters/rival_lenses.html", wait_until="load")
    # a chart is drawn only when it comes near the screen: the last ones wait
    assert (
        page.locator("div.teachkit-chart svg").count() < page.locator("div.teachkit-chart").count()
    )
    page.emulate_media(media="print")
    page.wait_for_function(  # printing draws every chart
        "() => Array.from(document.querySelectorAll('div.teachkit-chart'))"
        ".every(el => el.querySelector('svg'))"
    )
    for chrome in (".bd-sidebar-primary", ".bd-header-article", ".bd-footer", "#pst-back-to-top"):
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none"
    article = page.locator("article.bd-article").bounding_box()
    chart = page.locator("div.teachkit-chart svg").first.bounding_box()
    assert article
    assert chart
    assert chart["width"] >= 0.95 * article["width"]
    table = page.locator("details.teachkit-chart-data table").first
    assert table.bounding_box() is not None  # the closed disclosure's table is on paper
    link = page.locator("article a.reference.external[href^='http']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    page.emulate_media(media="screen")
    assert page.locator(".bd-sidebar-primary").evaluate("e => getComputedStyle(e).display") != (
        "none"
    )
    page.close()


# -- the PDFs ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture book built with PDF links and printed by teachkit.book.pdf."""
    tmp = tmp_path_factory.mktemp("pdf")
    book = fixture_book(tmp, "chapter_light.md")
    build = build_book(book, tmp / "out", env={bookpdf.PDF_ENV: "1"})
    assert build.returncode == 0, build.output[-3000:]
    # in its own process, as dev.py runs it (and beside the session's Playwright driver)
    printer = subprocess.run(
        [sys.executable, "-m", "teachkit.book.pdf", str(build.html), "--book", str(book)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert printer.returncode == 0, printer.stderr[-3000:]
    return build.html


@pytest.mark.browser
def test_the_book_pdf_has_an_outline_and_page_numbers(printed_book: Path) -> None:
    from pypdf import PdfReader

    book = PdfReader(printed_book / "_pdf" / bookpdf.BOOK_PDF)
    chapter = PdfReader(printed_book / "_pdf" / "chapters" / "fixture.pdf")
    intro = PdfReader(printed_book / "_pdf" / "intro.pdf")
    assert len(book.pages) == len(intro.pages) + len(chapter.pages)
    titles = [item.title for item in book.outline if not isinstance(item, list)]
    assert titles == ["Fixture book", "A light chapter"]
    for number, page in enumerate(book.pages, start=1):
        assert page.extract_text().strip().endswith(str(number))
    text = " ".join(p.extract_text() for p in chapter.pages)
    assert "https://www.sphinx-doc.org/" in text  # link targets printed
    assert "Three points joined" in text
    assert "Search" not in text


@pytest.mark.browser
def test_the_download_menu_offers_the_pdfs(printed_book: Path) -> None:
    html = (printed_book / "chapters" / "fixture.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*_pdf/[^"]*)"', html)
    assert links == ["../_pdf/chapters/fixture.pdf", "../_pdf/book.pdf"]
    assert "window.print()" not in html
    assert all((printed_book / "chapters" / link).resolve().is_file() for link in links)


def test_without_the_pdf_setting_the_menu_still_prints(built_book: BookBuild) -> None:
    html = (built_book.html / "chapters" / "rival_lenses.html").read_text(encoding="utf-8")
    assert "_pdf/" not in html
    assert "window.print()" in html


# -- pins -----------------------------------------------------------------------------------


def test_the_tests_axe_core_is_pinned_current_and_unmodified() -> None:
    (record,) = json.loads((AXE_JS.parent / "vendor.json").read_text(encoding="utf-8"))
    assert record["package"] == "axe-core"
    assert record["license"] == "MPL-2.0"
    assert tuple(int(x) for x in record["version"].split(".")) >= (4, 14, 1)
    assert hashlib.sha256(AXE_JS.read_bytes()).hexdigest() == record["sha256"]
    assert f"axe v{record['version']}" in AXE_JS.read_text(encoding="utf-8")[:200]
    assert (AXE_JS.parent / "licenses" / "axe-core.txt").is_file()


def test_the_book_vendors_no_mathjax() -> None:
    manifest = json.loads((ROOT / "vendor" / "vendor.json").read_text(encoding="utf-8"))
    assert not [r for r in manifest if r["package"].lower() == "mathjax"]
