"""Every page of the built book, in headless Chromium, offline.

Each page is visited once; the visit records what the checks below assert:
no request leaves 127.0.0.1, no console error, every chart draws an SVG, every
slider moved with the keyboard redraws its chart, and axe-core (pinned, in
tests/vendor) finds no moderate, serious or critical accessibility violation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest
import yaml
from bookhelpers import (
    ROOT,
    BookBuild,
    axe_violations,
    build_book,
    draw_every_chart,
    fixture_book,
    serve_directory,
)

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
REDRAW_TIMEOUT_MS = 3000


def toc_pages() -> list[str]:
    """Every page the reader can reach: the table of contents plus the index and search."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return [*pages, "genindex", "search"]


PAGES = toc_pages()


@dataclass
class PageReport:
    """What one visit to a page observed."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    charts: int = 0
    drawn_charts: int = 0
    sliders: list[tuple[str, bool]] = field(default_factory=list)
    unlabelled_controls: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    widgets: int = 0


def _move_slider(page: Any, slider: Any) -> bool:
    """Press an arrow key on a focused slider; return whether its chart's SVG changed."""
    chart = slider.locator("xpath=ancestor::div[contains(@class, 'teachkit-chart')][1]")
    before = chart.locator("svg").first.inner_html()
    slider.focus()
    start = slider.input_value()
    page.keyboard.press("ArrowRight")
    if slider.input_value() == start:  # already at the maximum
        page.keyboard.press("ArrowLeft")
    try:
        chart.locator("svg").first.evaluate(
            """(svg, before) => new Promise((resolve, reject) => {
                if (svg.innerHTML !== before) return resolve(true);
                const obs = new MutationObserver(() => {
                    if (svg.innerHTML !== before) { obs.disconnect(); resolve(true); }
                });
                obs.observe(svg, {subtree: true, childList: true, attributes: true,
                                  characterData: true});
                setTimeout(() => { obs.disconnect(); reject(new Error("no redraw")); }, TIMEOUT);
            })""".replace("TIMEOUT", str(REDRAW_TIMEOUT_MS)),
            before,
        )
    except Exception:
        return False
    return True


def visit(browser: Any, url: str) -> PageReport:
    """Load one page offline and record everything the checks need."""
    report = PageReport()
    context = browser.new_context()

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            report.external_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on(
        "console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: report.console_errors.append(f"uncaught: {e}"))
    page.on(
        "response",
        lambda r: (
            report.console_errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
        ),
    )
    page.goto(url, wait_until="load")
    report.charts = draw_every_chart(page)
    report.drawn_charts = page.locator("div.teachkit-chart svg").count()
    if page.locator("script[type='application/vnd.jupyter.widget-state+json']").count():
        page.wait_for_selector(".jupyter-widgets", timeout=15000)
    report.widgets = page.locator(".widget-slider, .jupyter-widget-slider").count()
    sliders = page.locator("div.teachkit-chart input[type=range]")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        name = slider.get_attribute("name") or f"slider {i}"
        report.sliders.append((name, _move_slider(page, slider)))
    for control in page.locator("div.teachkit-chart input, div.teachkit-chart select").all():
        label = control.evaluate(
            "el => (el.labels && el.labels.length ? el.labels[0].textContent : '') "
            "|| el.getAttribute('aria-label') || ''"
        )
        if not label.strip():
            report.unlabelled_controls.append(control.evaluate("el => el.outerHTML")[:120])
    # axe-core fetches stylesheets itself to read the CSSOM, and resolves the theme's
    # relative @import against the page, so its requests are not the reader's: stop here.
    errors_seen_by_reader = list(report.console_errors)
    report.violations = axe_violations(page)
    report.console_errors = errors_seen_by_reader
    context.close()
    return report


@pytest.fixture(scope="session")
def reports(browser: Any, site: str) -> dict[str, PageReport]:
    """Visit every page once; the tests below read the records."""
    return {page: visit(browser, f"{site}/{page}.html") for page in PAGES}


def test_every_built_page_is_visited(built_book: BookBuild) -> None:
    built = {
        p.relative_to(built_book.html).with_suffix("").as_posix()
        for p in built_book.html.rglob("*.html")
        if not p.relative_to(built_book.html).parts[0].startswith("_")
    }
    built.discard("index")  # a redirect to the root page
    assert built == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_no_third_party_requests(reports: dict[str, PageReport], page: str) -> None:
    assert reports[page].external_requests == []


@pytest.mark.parametrize("page", PAGES)
def test_no_console_errors(reports: dict[str, PageReport], page: str) -> None:
    assert reports[page].console_errors == []


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_draws_an_svg(reports: dict[str, PageReport], page: str) -> None:
    assert reports[page].drawn_charts == reports[page].charts


@pytest.mark.parametrize("page", PAGES)
def test_every_slider_redraws_its_chart_from_the_keyboard(
    reports: dict[str, PageReport], page: str
) -> None:
    assert [name for name, changed in reports[page].sliders if not changed] == []


@pytest.mark.parametrize("page", PAGES)
def test_every_control_has_an_accessible_name(reports: dict[str, PageReport], page: str) -> None:
    assert reports[page].unlabelled_controls == []


@pytest.mark.parametrize("page", PAGES)
def test_no_serious_accessibility_violations(reports: dict[str, PageReport], page: str) -> None:
    assert reports[page].violations == []


def test_the_book_has_an_explorable(reports: dict[str, PageReport]) -> None:
    """The foundation's promise: at least one chart with a slider works in the static book."""
    sliders = [s for r in reports.values() for s in r.sliders]
    assert sliders, "no page has a slider"
    assert all(changed for _, changed in sliders)


@pytest.fixture(scope="session")
def widget_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fixture book whose page holds both a chart and ipywidgets state, served locally."""
    tmp = tmp_path_factory.mktemp("widgets")
    build = build_book(fixture_book(tmp, "chapter_widget.md"), tmp / "out")
    assert build.returncode == 0, build.output[-3000:]
    with serve_directory(build.html) as base:
        yield base


@pytest.fixture(scope="session")
def widget_page(browser: Any, widget_site: str) -> tuple[PageReport, str]:
    """One visit to the widget page, and its HTML as built."""
    report = visit(browser, f"{widget_site}/chapters/fixture.html")
    with urlopen(f"{widget_site}/chapters/fixture.html") as response:
        return report, response.read().decode("utf-8")


def test_the_widget_manager_is_served_locally_and_loads_once(widget_page: Any) -> None:
    report, html = widget_page
    scripts = re.findall(r'<script[^>]*src="([^"?]+)', html)
    assert sum(s.endswith("vendor/require.js") for s in scripts) == 1
    assert sum(s.endswith("vendor/embed-amd.js") for s in scripts) == 1
    assert len(scripts) == len(set(scripts))
    # teachkit.js fetches Vega through require.js here (a plain script would register as an
    # anonymous AMD module, leave no window.vega and log a mismatched define)
    assert not any(s.endswith("vega.min.js") for s in scripts)
    assert report.external_requests == []
    assert report.console_errors == []
    assert report.drawn_charts == report.charts == 1
    assert report.widgets >= 1


def test_a_chart_draws_when_the_widget_scripts_arrive_late(browser: Any, widget_site: str) -> None:
    """The page's scripts are deferred: a chart can come near before require.js has run.
    It must still fetch Vega through require.js (a plain script that arrives after
    require.js fails with a mismatched anonymous define and leaves no window.vega, as it
    did one visit in eight under load)."""
    context = browser.new_context()
    errors: list[str] = []

    def late(seconds: float) -> Any:
        def hold(route: Any) -> None:
            time.sleep(seconds)
            route.continue_()

        return hold

    context.route("**/_static/vendor/require.js", late(1.0))
    context.route("**/_static/vendor/vega.min.js", late(1.0))
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    try:
        page.goto(f"{widget_site}/chapters/fixture.html", wait_until="load")
        assert draw_every_chart(page) == 1
        assert page.locator("div.teachkit-chart svg").count() == 1
        assert page.evaluate("() => typeof window.vega.View") == "function"
        page.wait_for_selector(".jupyter-widgets", timeout=15000)
        assert errors == []
    finally:
        context.close()


def test_the_offline_guard_catches_a_cdn_script(browser: Any) -> None:
    """The request check itself can fail: a page that loads from a CDN is reported."""
    page_html = (
        '<html><head><script src="https://cdn.jsdelivr.net/npm/vega@6"></script></head></html>'
    )
    context = browser.new_context()
    seen: list[str] = []

    def guard(route: Any) -> None:
        if "127.0.0.1" in route.request.url:
            route.continue_()
        else:
            seen.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_content(page_html)
    context.close()
    assert any("cdn.jsdelivr.net" in url for url in seen)
