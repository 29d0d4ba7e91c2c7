"""Lean pages (issue 17): purged stylesheets, and scripts fetched only when a reader needs them.

* ``teachkit.book.slimcss`` rewrites the theme's stylesheets without the rules no page can
  use. Its unit tests are below; the browser test checks that every element of several
  pages, light and dark, on a phone and a laptop, has the same computed style with the
  purged stylesheets as with the theme's own.
* ``teachkit.js`` fetches Vega only when a chart comes near the screen (or the page is
  printed), and ``teachkit-theme.js`` fetches the theme's Bootstrap only when a reader
  reaches for a header menu or button.
* The first-visit weight of every page, as served (uncompressed), meets the goals.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bookhelpers import FULL_CSS_DIR, BookBuild, draw_every_chart
from hypothesis import given
from hypothesis import strategies as st

from teachkit.book import sphinxext
from teachkit.book.slimcss import (
    Usage,
    can_match,
    purge,
    purge_all,
    required_names,
    stylesheets,
    usage,
)

CHART_PAGE_BYTES = 1_000_000
TEXT_PAGE_BYTES = 400_000
PHONE = {"width": 412, "height": 823}  # Lighthouse's mobile screen
LAPTOP = {"width": 1280, "height": 900}


def used(*names: str, variables: tuple[str, ...] = ()) -> Usage:
    return Usage(frozenset(names), frozenset(variables))


# -- the purge, on small stylesheets ---------------------------------------------------------


def test_rules_for_classes_no_page_uses_go_and_the_rest_stay() -> None:
    css = ".kept{color:red}.gone{color:blue}.kept .gone{margin:0}.gone,.kept>p{padding:0}"
    assert purge(css, used("kept")) == ".kept{color:red}.gone,.kept>p{padding:0}"


def test_negations_attributes_elements_and_bootstrap_parts_never_count_against_a_rule() -> None:
    css = (
        "p:not(.gone){color:red}[data-theme=dark] a{color:blue}"
        ".bs-tooltip-auto{margin:0}#gone{padding:0}:root{font-size:1rem}"
    )
    assert purge(css, used()) == (
        "p:not(.gone){color:red}[data-theme=dark] a{color:blue}"
        ".bs-tooltip-auto{margin:0}:root{font-size:1rem}"
    )
    assert required_names(".a:is(.b, .c) .d, p") == [["a", "d"], []]
    assert can_match("#x .y", frozenset({"x", "y"}))
    assert not can_match("#x .y", frozenset({"x"}))


def test_custom_properties_go_unless_something_uses_them_even_through_another() -> None:
    css = ":root{--a:1px;--b:var(--a);--c:2px;--d:3px}.k{margin:var(--b)}"
    assert purge(css, used("k")) == ":root{--a:1px;--b:var(--a)}.k{margin:var(--b)}"
    # a page's inline style or a script may use one too
    assert "--d:3px" in (purge(css, used("k", variables=("--d",))) or "")


def test_a_custom_property_one_stylesheet_sets_and_another_uses_is_kept() -> None:
    sheets = {"theme": ":root{--colour:red;--unused:blue}", "other": ".k{color:var(--colour)}"}
    slim = purge_all(sheets, used("k"), others=[".mine{margin:var(--gap)}"])
    assert slim["theme"] == ":root{--colour:red}"
    assert purge_all({"theme": ":root{--gap:1px}"}, used(), [".m{margin:var(--gap)}"]) == {
        "theme": ":root{--gap:1px}"
    }


def test_groups_are_purged_inside_and_other_at_rules_kept_as_written() -> None:
    css = (
        "@media (min-width:960px){.gone{color:red}}@media print{.k{color:blue}}"
        "@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{to{transform:rotate(1turn)}}"
    )
    slim = purge(css, used("k")) or ""
    assert "960px" not in slim
    assert "@media print{.k{color:blue}}" in slim
    assert "@font-face" in slim
    assert "@keyframes spin" in slim


def test_strings_keep_their_spaces_and_comments_go() -> None:
    css = '/* note */ .k::before { content: "a  b";  margin : 0  auto }'
    assert purge(css, used("k")) == '.k::before{content:"a  b";margin:0 auto}'


def test_a_stylesheet_tinycss2_cannot_read_is_left_alone() -> None:
    assert purge(".k{color:red}}", used("k")) is None


def test_usage_reads_classes_and_ids_from_pages_and_every_word_from_scripts() -> None:
    seen = usage(
        ['<div class="a b" id="c" style="margin:var(--m)">hidden words</div>'],
        ['el.classList.add("showing"); el.style.setProperty("--w", 1)'],
    )
    assert {"a", "b", "c", "showing"} <= seen.names
    assert "hidden" not in seen.names
    assert {"--m", "--w"} <= seen.vars


def test_the_books_own_and_vendored_stylesheets_are_never_purged(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    (static / "vendor" / "icons").mkdir(parents=True)
    for name in ("theme.css", "teachkit.css", "vendor/icons/icons.css"):
        (static / name).write_text("a{}", encoding="utf-8")
    page = tmp_path / "index.html"
    links = "".join(
        f'<link rel="stylesheet" href="_static/{n}?v=1" />'
        for n in ("theme.css", "teachkit.css", "vendor/icons/icons.css")
    )
    found = stylesheets(tmp_path, {page: links})
    assert [p.name for p in found] == ["theme.css"]


# -- the narrow layout's references into the wide one -----------------------------------------


def resolve(node: Any, wide: Any) -> Any:
    """What teachkit.js does with a spec's references (resolveShared)."""
    if isinstance(node, list):
        return [resolve(v, wide) for v in node]
    if isinstance(node, dict):
        if list(node) == [sphinxext.SAME]:
            part: Any = wide
            for key in node[sphinxext.SAME]:
                part = part[key]
            return resolve(part, wide)
        return {k: resolve(v, wide) for k, v in node.items()}
    return node


def test_a_chart_carries_each_repeated_part_once() -> None:
    import altair as alt
    import pandas as pd

    import teachkit as tk
    from teachkit.charts import theme

    tk.enable()
    rows = pd.DataFrame({"x": range(40), "y": [i * i for i in range(40)]})
    line = alt.Chart(rows).mark_line().encode(x="x", y="y")
    chart = (line | line.mark_point()).properties(description="y against x, twice").to_dict()
    wide = sphinxext.compile_vega(chart)
    narrow = sphinxext.compile_vega(theme.narrow(chart))
    short, short_narrow = sphinxext.shared_parts(wide, narrow)
    assert resolve(short, short) == wide
    assert resolve(short_narrow, short) == narrow
    assert len(json.dumps(short_narrow)) < 0.75 * len(json.dumps(narrow))
    assert len(json.dumps(short)) < len(json.dumps(wide))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=70),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=40,
)


@given(wide=st.dictionaries(st.text(max_size=5), json_values, max_size=6), narrow=json_values)
def test_references_always_resolve_to_the_specs_as_compiled(
    wide: dict[str, Any], narrow: Any
) -> None:
    doubled = {**wide, "again": copy.deepcopy(wide)}  # repeats for certain
    short, short_narrow = sphinxext.shared_parts(doubled, narrow)
    assert resolve(short, short) == doubled
    assert resolve(short_narrow, short) == narrow


# -- the built book ---------------------------------------------------------------------------


def _pages(built: BookBuild) -> list[str]:
    return sorted(
        p.relative_to(built.html).as_posix()
        for p in built.html.rglob("*.html")
        if not p.relative_to(built.html).parts[0].startswith("_") and p.name != "index.html"
    )


def _charts(built: BookBuild, page: str) -> int:
    return (built.html / page).read_text(encoding="utf-8").count('<div class="teachkit-chart"')


def test_the_themes_stylesheets_are_purged_to_a_third_or_less(built_book: BookBuild) -> None:
    full = built_book.html.parents[1] / FULL_CSS_DIR
    originals = {p.relative_to(full).as_posix(): p.stat().st_size for p in full.rglob("*.css")}
    assert "_static/styles/pydata-sphinx-theme.css" in originals
    slim = {name: (built_book.html / name).stat().st_size for name in originals}
    assert sum(slim.values()) <= sum(originals.values()) / 3
    assert all(slim[name] < originals[name] for name in originals)


_STYLE_DIGESTS = r"""() => {
  const hash = (text) => {  // FNV-1a
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(16);
  };
  const style = (el, pseudo) => {
    const cs = getComputedStyle(el, pseudo);
    if (pseudo && (cs.content === 'none' || cs.content === 'normal')) { return ''; }
    const parts = [];
    for (let i = 0; i < cs.length; i++) {  // custom properties draw nothing themselves
      if (!cs[i].startsWith('--')) { parts.push(cs[i] + ':' + cs.getPropertyValue(cs[i])); }
    }
    return parts.join(';');
  };
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => !el.closest('div.teachkit-chart, script, style'))
    // (Bootstrap numbers each tooltip's id at random)
    .map(el => [el.tagName + '#' + el.id.replace(/^tooltip\d+$/, 'tooltip') + '.' +
                el.getAttribute('class'),
                hash(style(el) + '|' + style(el, '::before') + '|' + style(el, '::after'))]);
}"""

_FIRST_DIFFERENCE = """(index) => {
  const el = Array.from(document.querySelectorAll('body *'))
    .filter(el => !el.closest('div.teachkit-chart, script, style'))[index];
  const out = {};
  for (const pseudo of [null, '::before', '::after']) {
    const cs = getComputedStyle(el, pseudo);
    for (let i = 0; i < cs.length; i++) {
      if (!cs[i].startsWith('--')) { out[(pseudo || '') + cs[i]] = cs.getPropertyValue(cs[i]); }
    }
  }
  return out;
}"""


_STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def _serve_css(body: str) -> Any:
    def serve(route: Any) -> None:
        route.fulfill(body=body, content_type="text/css")

    return serve


def _styles(browser: Any, url: str, screen: dict[str, int], scheme: str, full: Path | None) -> Any:
    context = browser.new_context(viewport=screen, color_scheme=scheme)
    if full is not None:  # the theme's own stylesheets in place of the purged ones
        for original in full.rglob("*.css"):
            pattern = "**/" + original.relative_to(full).as_posix() + "*"
            context.route(pattern, _serve_css(original.read_text(encoding="utf-8")))
    page = context.new_page()
    page.goto(url, wait_until="load")
    # the same in both: no transitions, so that no style is caught halfway
    page.add_style_tag(content=_STILL)
    page.wait_for_timeout(300)  # the theme's scripts settle (scroll spy, header state)
    toggle = page.locator(".bd-header-article [data-bs-toggle='dropdown']").first
    if screen is LAPTOP and toggle.count():  # a menu open: Bootstrap's own classes at work
        toggle.click()
        page.wait_for_selector(".bd-header-article .dropdown-menu.show")
        tip = page.locator(".bd-header-article [data-bs-toggle='tooltip']").first
        tip.hover()  # and a tooltip shown
        page.wait_for_selector(".tooltip.show")
    digests = page.evaluate(_STYLE_DIGESTS)
    return context, page, digests


@pytest.mark.browser
@pytest.mark.parametrize("screen", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "page",
    ["intro", "chapters/data_appendix", "chapters/rival_lenses", "chapters/glossary", "search"],
)
def test_the_purge_changes_no_computed_style(
    browser: Any, site: str, built_book: BookBuild, page: str, scheme: str, screen: dict[str, int]
) -> None:
    full = built_book.html.parents[1] / FULL_CSS_DIR
    url = f"{site}/{page}.html"
    before_context, before_page, before = _styles(browser, url, screen, scheme, full)
    after_context, after_page, after = _styles(browser, url, screen, scheme, None)
    try:
        assert [label for label, _ in before] == [label for label, _ in after]
        changed = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if b[1] != a[1]]
        if changed:
            was = before_page.evaluate(_FIRST_DIFFERENCE, changed[0])
            now = after_page.evaluate(_FIRST_DIFFERENCE, changed[0])
            diff = {k: (was.get(k), now.get(k)) for k in set(was) | set(now)}
            diff = {k: v for k, v in diff.items() if v[0] != v[1]}
            pytest.fail(f"{len(changed)} elements changed; first {before[changed[0]][0]}: {diff}")
    finally:
        before_context.close()
        after_context.close()


# -- scripts fetched when needed -------------------------------------------------------------


def _open(browser: Any, url: str, screen: dict[str, int], hold: list[Any] | None = None) -> Any:
    """A page with a record of the scripts it fetched.

    With ``hold``, a request for the theme's Bootstrap is kept waiting in that list until
    the test lets it go (``hold[0].continue_()``).
    """
    context = browser.new_context(viewport=screen)
    fetched: list[str] = []

    def record(route: Any) -> None:
        fetched.append(route.request.url.split("?")[0].rsplit("/", 1)[-1])
        if hold is not None and "bootstrap.js" in route.request.url:
            hold.append(route)
            return
        route.continue_()

    context.route(re.compile(r".*\.js(\?.*)?$"), record)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return context, page, fetched


@pytest.mark.browser
def test_vega_is_fetched_once_and_only_when_a_chart_comes_near(
    browser: Any, site: str, built_book: BookBuild
) -> None:
    context, page, fetched = _open(browser, f"{site}/chapters/rival_lenses.html", PHONE)
    first = page.locator("div.teachkit-chart").first.evaluate(
        "el => el.getBoundingClientRect().top / window.innerHeight"
    )
    assert first > 1.6, "the first chart is near the top: choose another page for this test"
    assert "vega.min.js" not in fetched
    assert page.locator("div.teachkit-chart svg").count() == 0
    assert draw_every_chart(page) == _charts(built_book, "chapters/rival_lenses.html")
    assert fetched.count("vega.min.js") == 1
    context.close()


@pytest.mark.browser
def test_printing_draws_every_chart_before_any_came_near(browser: Any, site: str) -> None:
    context, page, fetched = _open(browser, f"{site}/chapters/rival_lenses.html", PHONE)
    assert "vega.min.js" not in fetched
    page.emulate_media(media="print")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('div.teachkit-chart'))"
        ".every(el => el.querySelector('svg'))"
    )
    context.close()


@pytest.mark.browser
def test_bootstrap_waits_until_a_reader_reaches_for_the_header(browser: Any, site: str) -> None:
    context, page, fetched = _open(browser, f"{site}/chapters/glossary.html", LAPTOP)
    assert "bootstrap.js" not in fetched
    assert page.evaluate("() => typeof window.bootstrap") == "undefined"
    page.locator(".bd-header-article [data-bs-toggle='tooltip']").first.hover()
    page.wait_for_function("() => window.bootstrap && window.bootstrap.Dropdown")
    assert fetched.count("bootstrap.js") == 1
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_the_first_reach_for_a_header_button_shows_its_tooltip(
    browser: Any, site: str, how: str
) -> None:
    """Bootstrap arrives after the pointer or focus that fetched it: the tooltip still shows."""
    context, page, fetched = _open(browser, f"{site}/chapters/glossary.html", LAPTOP)
    button = page.locator(".bd-header-article [data-bs-toggle='tooltip']").first
    assert "bootstrap.js" not in fetched
    if how == "keyboard":
        button.focus()
    else:
        button.hover()
    tooltip = page.locator(".tooltip.show")
    tooltip.wait_for(state="visible", timeout=5000)
    titles = {button.get_attribute(a) for a in ("aria-label", "data-bs-original-title")}
    assert tooltip.inner_text().strip() in titles - {None, ""}
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_a_header_menu_opens_even_before_bootstrap_has_arrived(
    browser: Any, site: str, how: str
) -> None:
    held: list[Any] = []
    context, page, _ = _open(browser, f"{site}/chapters/glossary.html", LAPTOP, hold=held)
    toggle = page.locator(".bd-header-article [data-bs-toggle='dropdown']").first
    if how == "keyboard":
        toggle.focus()
        page.keyboard.press("Enter")
    else:
        toggle.click()
    page.wait_for_timeout(200)
    assert len(held) == 1, "reaching for the menu did not fetch Bootstrap"
    menu = page.locator(".bd-header-article .dropdown-menu.show")
    assert menu.count() == 0  # Bootstrap is still on its way
    held[0].continue_()
    menu.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    menu.wait_for(state="detached")
    assert toggle.get_attribute("aria-expanded") == "false"
    context.close()


@pytest.mark.browser
def test_back_to_top_shows_when_scrolling_up_without_bootstrap(browser: Any, site: str) -> None:
    context, page, fetched = _open(browser, f"{site}/chapters/data_appendix.html", PHONE)
    button = page.locator("#pst-back-to-top")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -300)
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function("() => window.scrollY === 0")
    assert "bootstrap.js" not in fetched
    context.close()


@pytest.mark.browser
def test_search_terms_are_highlighted_only_on_a_page_opened_from_the_results(
    browser: Any, site: str
) -> None:
    context, page, fetched = _open(browser, f"{site}/chapters/glossary.html", LAPTOP)
    assert "doctools.js" not in fetched
    assert "sphinx_highlight.js" not in fetched
    page.goto(f"{site}/chapters/glossary.html?highlight=trust", wait_until="load")
    page.wait_for_selector("span.highlighted")
    assert page.locator("span.highlighted").first.inner_text().lower() == "trust"
    assert fetched.count("sphinx_highlight.js") == 1
    context.close()


# -- weight -----------------------------------------------------------------------------------


def _first_visit_bytes(browser: Any, url: str, screen: dict[str, int]) -> int:
    """Bytes a first visit fetches (every response body, as served) until the page settles."""
    context = browser.new_context(viewport=screen)
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)
    context.close()
    return sum(sizes)


@pytest.mark.browser
@pytest.mark.parametrize("screen", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_every_first_visit_meets_the_weight_goals(
    browser: Any, site: str, built_book: BookBuild, screen: dict[str, int]
) -> None:
    over = {}
    for page in _pages(built_book):
        goal = CHART_PAGE_BYTES if _charts(built_book, page) else TEXT_PAGE_BYTES
        weight = _first_visit_bytes(browser, f"{site}/{page}", screen)
        if weight > goal:
            over[page] = f"{weight / 1000:.0f} KB > {goal / 1000:.0f} KB"
    assert over == {}
