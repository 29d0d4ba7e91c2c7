"""Shared fixtures: the strictly built book and a local server for it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from bookhelpers import ROOT, BookBuild, build_book


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """The whole book, built from scratch with execution forced and warnings as errors."""
    return build_book(ROOT, tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def site(built_book: BookBuild) -> Iterator[str]:
    """Serve the built book on 127.0.0.1 and yield its base URL."""
    if built_book.returncode != 0:
        pytest.fail("the book did not build; see test_book_builds_strictly")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(built_book.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
