"""Shared fixtures: the strictly built book and a local server for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bookhelpers import ROOT, BookBuild, build_book, serve_directory


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """The whole book, built from scratch with execution forced and warnings as errors."""
    return build_book(ROOT, tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def site(built_book: BookBuild) -> Iterator[str]:
    """Serve the built book on 127.0.0.1 and yield its base URL."""
    if built_book.returncode != 0:
        pytest.fail("the book did not build; see test_book_builds_strictly")
    with serve_directory(built_book.html) as base:
        yield base
