"""Shared fixtures: the strictly built book and a local server for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bookhelpers import (
    CHROMIUM_ARGS,
    FULL_CSS_DIR,
    LAUNCH_ENV,
    ROOT,
    BookBuild,
    build_book,
    chromium_path,
    serve_directory,
)

from teachkit.book.slimcss import FULL_CSS_ENV


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """The whole book, built from scratch with execution forced and warnings as errors.

    It is built as if published from a GitHub repository with a JupyterHub (LAUNCH_ENV),
    so every chapter has its Binder, JupyterHub and Colab buttons.
    """
    out = tmp_path_factory.mktemp("book")
    # the stylesheets as the theme wrote them, before teachkit.book.slimcss purged them
    full_css = {FULL_CSS_ENV: str(out / FULL_CSS_DIR)}
    return build_book(ROOT, out, env={**LAUNCH_ENV, **full_css})


@pytest.fixture(scope="session")
def site(built_book: BookBuild) -> Iterator[str]:
    """Serve the built book on 127.0.0.1 and yield its base URL."""
    if built_book.returncode != 0:
        pytest.fail("the book did not build; see test_book_builds_strictly")
    with serve_directory(built_book.html) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test (Playwright allows one sync driver)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
