"""Helpers shared by the tests: build a book, find Chromium."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# axe-core, pinned and vendored for the tests only (tests/vendor/vendor.json; refreshed by
# scripts/vendor_js.py): the accessibility engine the browser tests inject into each page
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_IMPACTS = ("moderate", "serious", "critical")
# The whole book is built for the tests as if published from this (made-up) repository with
# a JupyterHub, so that every chapter has all three launch buttons (tests/test_launch.py).
TEST_REPOSITORY = "teachkit-tests/trusting-enemies"
TEST_HUB_URL = "https://hub.example.edu"
FULL_CSS_DIR = "full-css"  # beside _build: the stylesheets before the purge (conftest)
LAUNCH_ENV = {"TEACHKIT_REPOSITORY": TEST_REPOSITORY, "TEACHKIT_JUPYTERHUB_URL": TEST_HUB_URL}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class BookBuild:
    """The result of one `jupyter-book build`."""

    returncode: int
    output: str
    html: Path


def build_book(
    source: Path,
    out: Path,
    timeout: int = 1200,
    *,
    edition: str = "student",
    env: Mapping[str, str | None] | None = None,
) -> BookBuild:
    """Build a book the way dev.py does (strict, executed) into ``out/_build/html``.

    ``env`` sets environment variables for the build; a value of None unsets one.
    """
    cmd = [
        sys.executable,
        "-c",
        "from jupyter_book.cli.main import main; main()",
        "build",
        str(source),
        "--path-output",
        str(out),
        "-W",
        "-n",
        "--keep-going",
    ]
    environ = {**os.environ, "TEACHKIT_EDITION": edition}
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=source,
        check=False,
        env=environ,
    )
    return BookBuild(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")


# Sphinx's own warnings and errors read "WARNING: text" or "path:line: WARNING: text". Python's
# default logging format ("ERROR:tornado.general:...", as a kernel's ZMQ shutdown race prints
# on stderr now and then) is not a build problem and must not fail a strict build's test.
_SPHINX_PROBLEM = re.compile(r"(?:^|: )(?:WARNING|ERROR|CRITICAL): ")
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # Jupyter Book colours its log even into a pipe


def sphinx_problems(output: str) -> list[str]:
    """The lines of a build log that are Sphinx warnings or errors (colour codes removed)."""
    lines = (_COLOUR.sub("", line) for line in output.splitlines())
    return [line for line in lines if _SPHINX_PROBLEM.search(line)]


def assert_strict(result: BookBuild, tail: int = 4000) -> None:
    """The build exited 0 and logged no Sphinx warning or error."""
    assert result.returncode == 0, result.output[-tail:]
    problems = sphinx_problems(result.output)
    assert not problems, "\n".join(problems[:20])


def chromium_path() -> str:
    """The Chromium to drive: $TEACHKIT_CHROMIUM, or one on PATH."""
    explicit = os.environ.get("TEACHKIT_CHROMIUM")
    candidates: list[str | None] = [explicit] if explicit else []
    candidates += [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        "no Chromium found for the browser tests: run `python3 dev.py test`, which installs it "
        "on Debian as root and otherwise says how to get it, or set TEACHKIT_CHROMIUM"
    )
    raise AssertionError("unreachable")


def axe_violations(
    page: Any, impacts: tuple[str, ...] = AXE_IMPACTS, *, include: str | None = None
) -> list[str]:
    """Run the pinned axe-core on a Playwright page (or the part ``include`` selects).

    Returns one line per violation of the given impacts (moderate and worse by default).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate(
        "sel => axe.run(sel ? {include: [[sel]]} : document, {resultTypes: ['violations']})",
        include,
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def fixture_book(tmp_path: Path, chapter: str) -> Path:
    """A one-chapter book with the real _config.yml and the given chapter."""
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    (book / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    (book / "data").mkdir()
    shutil.copy(ROOT / "data" / "references.bib", book / "data" / "references.bib")
    (book / "intro.md").write_text("# Fixture book\n\nSee {doc}`chapters/fixture`.\n")
    shutil.copy(FIXTURES / chapter, book / "chapters" / "fixture.md")
    toc = {
        "format": "jb-book",
        "root": "intro",
        "parts": [{"caption": "Fixture", "chapters": [{"file": "chapters/fixture"}]}],
    }
    (book / "_toc.yml").write_text(yaml.safe_dump(toc))
    return book


# teachkit.js draws a chart when it comes near the screen: bring each one near in turn
# (waiting, a few frames at most, until it has started drawing), then go back to the top.
_BRING_EVERY_CHART_NEAR = """async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    for (const el of document.querySelectorAll('div.teachkit-chart')) {
        el.scrollIntoView({block: 'center'});
        for (let i = 0; i < 30 && el.getAttribute('data-teachkit-drawn') === 'waiting'; i++) {
            await frame();
        }
    }
    window.scrollTo(0, 0);
}"""


def draw_every_chart(page: Any, timeout: int = 15000) -> int:
    """Have every chart on a loaded page drawn (an SVG each); return how many there are."""
    charts = int(page.locator("div.teachkit-chart").count())
    if charts:
        page.evaluate(_BRING_EVERY_CHART_NEAR)
        page.wait_for_function(
            "n => document.querySelectorAll('div.teachkit-chart svg').length >= n",
            arg=charts,
            timeout=timeout,
        )
    return charts


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serving(handler: type[http.server.SimpleHTTPRequestHandler], directory: Path) -> Iterator[str]:
    """Run ``handler`` over ``directory`` on 127.0.0.1 (a free port); yield the base URL."""
    bound = functools.partial(handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) and yield its base URL."""
    with _serving(_QuietHandler, directory) as base:
        yield base


# text GitHub Pages sends gzip-compressed (the page weights and Lighthouse are measured so)
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".map", ".xml")


class _GzipHandler(_QuietHandler):
    """Static files, text gzip-compressed when the browser accepts it (as GitHub Pages does)."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in _COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_compressed(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 with gzip for text, and yield its base URL."""
    with _serving(_GzipHandler, directory) as base:
        yield base


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside a nested spec (e.g. ``chart.to_dict()``), depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def load_dev() -> ModuleType:
    """dev.py (the README's commands) as a module, for tests of its parser and helpers."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
