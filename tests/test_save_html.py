"""A chart saved with tk.save_html opens offline: Vega inlined, no request, no actions menu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import teachkit as tk

pytestmark = pytest.mark.browser


def test_a_saved_chart_draws_offline_with_its_slider(browser: Any, tmp_path: Path) -> None:
    out = tk.save_html(tk.future_weights(weight=0.9), tmp_path / "weights.html")
    requests: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()

        def only_the_file(route: Any) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:  # offline: any other request is recorded and refused
                requests.append(route.request.url)
                route.abort()

        page.route("**/*", only_the_file)
        page.goto(out.as_uri())
        page.wait_for_selector("#vis svg", timeout=15_000)
        slider = page.locator("input[type=range]")
        assert slider.count() >= 1  # the bound slider works in the saved page
        assert page.locator(".vega-actions").count() == 0  # no actions menu
    finally:
        context.close()
    assert requests == []


@pytest.mark.parametrize(
    ("chart", "path", "error", "message"),
    [
        (None, "x.html", TypeError, "chart must be an Altair chart"),
        ("chart", "x.html", TypeError, "chart must be an Altair chart"),
        ("ok", 3, TypeError, "path must be a str or pathlib.Path"),
        ("ok", "x.png", ValueError, r"path must end in \.html"),
    ],
)
def test_save_html_names_what_was_wrong(
    chart: Any, path: Any, error: type[Exception], message: str, tmp_path: Path
) -> None:
    target = chart if chart != "ok" else tk.future_weights()
    where = path if not isinstance(path, str) else tmp_path / path
    with pytest.raises(error, match=message):
        tk.save_html(target, where)
    assert not list(tmp_path.iterdir())  # nothing half-written
