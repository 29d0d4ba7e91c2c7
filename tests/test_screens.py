"""Every chart page on a phone and a laptop, in light and dark, in headless Chromium.

Each chart page of the built book is visited once per screen (390x844 and
1280x900) and colour mode; the visit records, with tests/screens_probe.js,
what the checks below assert: no horizontal overflow, the smallest rendered
chart text, the contrast of every chart text with what is painted behind it,
and every control labelled, reachable, big enough to touch and above the chart
it changes. Screenshots of every chart in the four modes are written to
``_build/screens/<screen>-<mode>/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bookhelpers import ROOT, BookBuild, draw_every_chart, walk

pytestmark = pytest.mark.browser

SCREENS = {"phone": (390, 844), "laptop": (1280, 900)}
MODES = ("light", "dark")
CASES = [(screen, mode) for screen in SCREENS for mode in MODES]
PROBE = (Path(__file__).parent / "screens_probe.js").read_text(encoding="utf-8")
SHOTS = ROOT / "_build" / "screens"
SMALLEST_TEXT = {"phone": 11.0, "laptop": 11.9}  # CSS px; the theme's text is 12, titles 15
MIN_CONTRAST = 4.5
MIN_TARGET = 24  # CSS px, WCAG 2.2 target size (minimum)
HEADLINE_PAGES = ("chapters/trust_as_suspension", "chapters/trump_kim_timeline")
#: Pages of the formal-model explorers (Kydd, Richardson, Holsti, Axelrod, the lenses
#: view): their readouts go under the plot and their text lines wrap on a phone.
FORMAL_PAGES = ("chapters/rival_lenses", "chapters/trump_kim_can_they_hit_it_off")


@dataclass
class Visit:
    """What one visit (a page, a screen, a colour mode) observed."""

    report: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    chart_near_control: list[str] = field(default_factory=list)


def chart_pages(html: Path) -> list[str]:
    """The built pages that draw at least one chart, as paths without .html."""
    return sorted(
        p.relative_to(html).with_suffix("").as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith("_")
        and 'class="teachkit-chart"' in p.read_text(encoding="utf-8")
    )


def _new_page(browser: Any, screen: str, mode: str) -> tuple[Any, Any]:
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=mode)
    # the theme keeps the reader's choice in localStorage ("mode": light, dark or auto)
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    return context, context.new_page()


def _wait_for_charts(page: Any, mode: str) -> None:
    draw_every_chart(page)
    page.wait_for_function(
        """mode => {
            const charts = document.querySelectorAll('div.teachkit-chart');
            return charts.length > 0 && Array.from(charts).every(el =>
                el.getAttribute('data-teachkit-drawn') === 'yes' &&
                el.getAttribute('data-teachkit-mode') === mode);
        }""",
        arg=mode,
        timeout=20000,
    )


_NEAR = """() => {
    const header = document.querySelector('header');
    const far = [];
    document.querySelectorAll('div.teachkit-chart').forEach(el => {
        el.querySelectorAll('input, select').forEach(control => {
            control.focus();
            const box = el.querySelector('svg').getBoundingClientRect();
            const top = header ? header.getBoundingClientRect().bottom : 0;
            if (!(box.top < window.innerHeight - 40 && box.bottom > top + 40)) {
                far.push(control.getAttribute('name') || '?');
            }
        });
    });
    return far;
}"""


def _screenshots(page: Any, name: str, folder: Path) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    for i, figure in enumerate(page.locator("figure.teachkit-figure").all()):
        box = figure.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }"
        )
        box["x"], box["width"] = 0, page.viewport_size["width"]
        page.screenshot(path=str(folder / f"{name}-{i}.png"), full_page=True, clip=box)


def visit(browser: Any, url: str, name: str, screen: str, mode: str) -> Visit:
    """Load one chart page in one screen and mode; measure it and photograph its charts."""
    context, page = _new_page(browser, screen, mode)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    try:
        page.goto(url, wait_until="load")
        _wait_for_charts(page, mode)
        result = Visit(report=page.evaluate(PROBE), errors=errors)
        result.chart_near_control = page.evaluate(_NEAR)
        folder = SHOTS / f"{screen}-{mode}"
        folder.mkdir(parents=True, exist_ok=True)
        _screenshots(page, name.replace("/", "_"), folder)
    finally:
        context.close()
    return result


@pytest.fixture(scope="session")
def pages(built_book: BookBuild) -> list[str]:
    return chart_pages(built_book.html)


@pytest.fixture(scope="session")
def visits(browser: Any, site: str, pages: list[str]) -> dict[tuple[str, str], Any]:
    """Visit every chart page once per screen and mode; the tests below read the records."""
    return {
        case: {page: visit(browser, f"{site}/{page}.html", page, *case) for page in pages}
        for case in CASES
    }


def _charts(visits: dict[tuple[str, str], Any], case: tuple[str, str]) -> Iterator[Any]:
    for page, seen in visits[case].items():
        for chart in seen.report["charts"]:
            yield page, chart


def test_the_headline_explorables_are_among_the_chart_pages(pages: list[str]) -> None:
    assert set(HEADLINE_PAGES) | set(FORMAL_PAGES) <= set(pages)
    assert len(pages) >= 10


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_no_horizontal_overflow(visits: Any, screen: str, mode: str) -> None:
    found = [
        f"{page}: {seen.report['chartsPastTheWindow'][:3]} past the window's edge"
        for page, seen in visits[screen, mode].items()
        if seen.report["chartsPastTheWindow"]
    ]
    found += [
        f"{page} {chart['id']}: {chart['overflow']:.0f} px past the column"
        for page, chart in _charts(visits, (screen, mode))
        if chart["overflow"] > 1
    ]
    assert found == []


def _too_small(visits: Any, screen: str, mode: str) -> list[str]:
    smallest = SMALLEST_TEXT[screen]
    return [
        f"{page} {chart['id']}: {chart['smallestText']:.1f} px ({chart['smallestTextLabel']!r})"
        for page, chart in _charts(visits, (screen, mode))
        if chart["texts"] and chart["smallestText"] < smallest
    ]


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_chart_text_is_readable_size(visits: Any, screen: str, mode: str) -> None:
    assert _too_small(visits, screen, mode) == []
    assert all(chart["texts"] > 0 for _, chart in _charts(visits, (screen, mode)))


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_chart_text_contrast(visits: Any, screen: str, mode: str) -> None:
    found = [
        f"{page} {chart['id']}: {chart['lowContrast'][:3]}"
        for page, chart in _charts(visits, (screen, mode))
        if chart["lowContrast"]
    ]
    assert found == []


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_charts_follow_the_colour_mode(visits: Any, screen: str, mode: str) -> None:
    for page, chart in _charts(visits, (screen, mode)):
        assert chart["mode"] == mode, page
        luminance = sum(chart["background"][:3]) / 3
        assert (luminance < 60) if mode == "dark" else (luminance > 200), (page, chart["id"])


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_narrow_screens_get_the_narrow_layout(visits: Any, screen: str, mode: str) -> None:
    layouts = {
        page: chart["layout"]
        for page, chart in _charts(visits, (screen, mode))
        if page in HEADLINE_PAGES
    }
    if screen == "phone":
        assert set(layouts.values()) == {"narrow"}
    assert set(layouts) == set(HEADLINE_PAGES)


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_every_control_is_labelled_reachable_and_big_enough(
    visits: Any, screen: str, mode: str
) -> None:
    found = []
    controls = 0
    for page, chart in _charts(visits, (screen, mode)):
        if chart["controls"] and not (chart.get("controlsHeading") and chart["controlsAboveChart"]):
            found.append(f"{page} {chart['id']}: controls not grouped above the chart")
        for c in chart["controls"]:
            controls += 1
            problems = [
                "no label" if not c["label"] else "",
                "not focusable" if not c["focusable"] else "",
                "off screen" if not c["inView"] else "",
                "outside the group" if not c["inGroup"] else "",
                f"{c['width']:.0f}x{c['height']:.0f} px"
                if min(c["width"], c["height"]) < MIN_TARGET
                else "",
                "" if c["bookFont"] else f"font {c['fontFamily']}, not the book's",
            ]
            if any(problems):
                found.append(f"{page} {c['name']}: {', '.join(p for p in problems if p)}")
    assert controls > 10
    assert found == []


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_the_chart_is_on_screen_while_a_control_is_used(
    visits: Any, screen: str, mode: str
) -> None:
    found = {page: seen.chart_near_control for page, seen in visits[screen, mode].items()}
    assert {page: names for page, names in found.items() if names} == {}


@pytest.mark.parametrize(("screen", "mode"), CASES)
def test_no_console_errors_and_screenshots_written(visits: Any, screen: str, mode: str) -> None:
    assert {page: seen.errors for page, seen in visits[screen, mode].items() if seen.errors} == {}
    shots = list((SHOTS / f"{screen}-{mode}").glob("*.png"))
    charts = sum(1 for _ in _charts(visits, (screen, mode)))
    assert len(shots) >= charts


def test_charts_follow_a_live_switch_and_a_resize_keeping_the_settings(
    browser: Any, site: str
) -> None:
    """The theme's switch (data-theme on <html>) and a narrower window redraw the chart
    in place: dark colours, then the narrow layout, with the reader's slider kept."""
    context, page = _new_page(browser, "laptop", "light")
    try:
        page.goto(f"{site}/{HEADLINE_PAGES[0]}.html", wait_until="load")
        _wait_for_charts(page, "light")
        slider = page.locator("div.teachkit-chart input[type=range]").first
        slider.focus()
        page.keyboard.press("ArrowRight")
        moved = slider.input_value()
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        _wait_for_charts(page, "dark")
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function(
            "() => document.querySelector('div.teachkit-chart')"
            ".getAttribute('data-teachkit-layout') === 'narrow'",
            timeout=10000,
        )
        _wait_for_charts(page, "dark")
        report = page.evaluate(PROBE)
        after = page.locator("div.teachkit-chart input[type=range]").first.input_value()
    finally:
        context.close()
    chart = report["charts"][0]
    assert after == moved != "0"
    assert chart["smallestText"] >= SMALLEST_TEXT["phone"]
    assert chart["lowContrast"] == []
    assert json.dumps(chart["background"]) != json.dumps([255, 255, 255, 1])


# ---------------------------------------------------------------- the theme's two other looks


def _contrast(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dark_ink_reads_on_the_dark_background() -> None:
    from teachkit.charts import theme

    look = theme.dark()
    background = look["config"]["background"]
    for ink in (theme.DARK_TEXT, theme.DARK_MUTED, look["colours"]["#0072b2"]):
        assert _contrast(ink, background) >= MIN_CONTRAST
    # text keeps 4.5:1 on the fills that turn dark, as it does on the pale fills in light
    for fill in ("#f0e442", "#56b4e9", "#ffffff"):
        assert _contrast(theme.DARK_TEXT, look["colours"][fill]) >= MIN_CONTRAST
        assert _contrast("#000000", fill) >= MIN_CONTRAST
    assert all(key == key.lower() for key in look["colours"])


def test_narrow_stacks_panels_and_keeps_text_size() -> None:
    import altair as alt

    from teachkit.charts import theme

    chart = alt.hconcat(
        alt.Chart().mark_point().properties(width=460, title="A title long enough to wrap twice"),
        alt.Chart().mark_bar().properties(width=100),
    )
    spec = chart.to_dict()
    small = theme.narrow(spec)
    assert "hconcat" in spec
    assert "hconcat" not in small
    first, second = small["vconcat"]
    assert (first["width"], second["width"]) == (theme.NARROW_WIDTH, 100)
    assert first["title"]["frame"] == "bounds"
    assert all(len(line) <= theme.NARROW_TITLE_CHARS for line in first["title"]["text"])
    assert small["config"]["axis"]["labelLimit"] == theme.NARROW_LABEL_LIMIT
    assert theme.theme()["config"]["axis"]["labelFontSize"] >= 12
    assert theme.theme()["config"]["title"]["fontSize"] >= 14
    with pytest.raises(TypeError, match="dict"):
        theme.narrow(chart)  # type: ignore[arg-type]


def test_narrow_swaps_the_panels_an_explorable_names() -> None:
    from teachkit.charts import theme, trust

    spec = trust.trust_explorer().to_dict()
    small = theme.narrow(spec)
    text = json.dumps(small)
    assert "teachkit_trust_cases" in json.dumps(spec)
    assert "teachkit_trust_cases" not in text
    assert "teachkit_trust_reveal_narrow" in text
    assert '"narrow"' not in text  # the alternatives leave the metadata
    assert set(spec["datasets"]) < set(small["datasets"])


def test_the_narrow_cases_keep_each_case_named_while_its_codes_are_hidden() -> None:
    from teachkit.charts import theme, trust

    small = theme.narrow(trust.trust_explorer().to_dict())
    blocks = [rows for rows in small["datasets"].values() if rows and "kind" in rows[0]]
    assert len(blocks) == 1
    cases = [r for r in blocks[0] if r["kind"] == "case"]
    assert len(cases) == len(trust.episodes()) + 1
    assert all(r["hidden"] == r["text"] != "" for r in cases)
    assert all("?" in r["hidden"] for r in blocks[0] if r["kind"] == "state")


def _text_beside_the_plot(spec: dict[str, Any]) -> list[Any]:
    """Text marks placed at a fixed x past a narrow panel's width."""
    return [
        node["encoding"]["x"]["value"]
        for node in walk(spec)
        if isinstance(node.get("mark"), dict)
        and node["mark"].get("type") == "text"
        and isinstance(node.get("encoding", {}).get("x", {}).get("value"), (int, float))
        and node["encoding"]["x"]["value"] > 0
    ]


def test_narrow_formal_explorers_put_readouts_under_the_plot_and_stack_legends() -> None:
    from teachkit.charts import holsti, kydd, lenses, theme

    wide = kydd.kydd_explorer().to_dict()
    assert _text_beside_the_plot(wide)  # the check can fail: the wide readouts sit beside
    assert _text_beside_the_plot(theme.narrow(wide)) == []
    legends = [
        n["legend"]
        for n in walk(theme.narrow(holsti.holsti_explorer().to_dict()))
        if isinstance(n.get("legend"), dict) and n["legend"].get("orient") == "top"
    ]
    assert legends
    assert all(g["direction"] == "vertical" for g in legends)
    wide_rows, narrow_rows = (
        max(
            row["row"]
            for rows in spec["datasets"].values()
            if rows and "meeting" in rows[0]
            for row in rows
        )
        for spec in (lenses.lenses_view().to_dict(), theme.narrow(lenses.lenses_view().to_dict()))
    )
    assert narrow_rows > wide_rows  # a narrow strip puts crowded names on more rows
