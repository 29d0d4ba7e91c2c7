"""The strict, executed build: the real book passes, and broken chapters fail it.

The fixture books reuse the real ``_config.yml``, so these tests prove the
book's own settings are strict, not a test-only configuration.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bookhelpers import ROOT, BookBuild, assert_strict, build_book, fixture_book, sphinx_problems

pytestmark = pytest.mark.build


def test_book_builds_strictly(built_book: BookBuild) -> None:
    assert_strict(built_book)
    assert "build succeeded" in built_book.output
    assert "Kernel is running over TCP" not in built_book.output  # teachkit.book.kernels


def test_every_chapter_in_the_toc_is_built_and_executed(built_book: BookBuild) -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for name in files:
        assert (built_book.html / f"{name}.html").is_file(), name
        assert f"{name}.md: Executed notebook" in built_book.output, f"{name} was not executed"


def test_no_built_page_names_a_cdn(built_book: BookBuild) -> None:
    cdn = re.compile(r"cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|ajax\.googleapis")
    offenders = [
        p.relative_to(built_book.html).as_posix()
        for p in built_book.html.rglob("*.html")
        if cdn.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_chart_pages_load_teachkit_js_once_and_leave_vega_to_it(built_book: BookBuild) -> None:
    page = (built_book.html / "chapters" / "how_to_use.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*src="([^"?]+)', page)
    assert sum(s.endswith("/teachkit.js") for s in scripts) == 1
    # teachkit.js fetches the Vega runtime when a chart first comes near the screen
    assert not any(s.endswith("vega.min.js") for s in scripts), "Vega is in the head"
    assert (built_book.html / "_static" / "vendor" / "vega.min.js").is_file()
    assert not any("vega-lite" in s or "vega-embed" in s for s in scripts), "compiled at build"
    assert len(scripts) == len(set(scripts)), "a script is loaded twice"
    assert not any(s.endswith("require.js") for s in scripts), "require.js without widgets"


def test_a_good_fixture_chapter_builds(tmp_path: Path) -> None:
    result = build_book(fixture_book(tmp_path, "chapter_ok.md"), tmp_path / "out")
    assert result.returncode == 0, result.output[-3000:]


def test_a_failing_cell_fails_the_build_and_names_chapter_and_cell(tmp_path: Path) -> None:
    result = build_book(fixture_book(tmp_path, "chapter_failing_cell.md"), tmp_path / "out")
    assert result.returncode != 0
    assert "chapters/fixture" in result.output
    assert "planted failure in the second cell" in result.output
    assert 'raise RuntimeError("planted failure' in result.output  # the cell's source


def test_a_chapter_without_its_jupytext_header_fails_the_build(tmp_path: Path) -> None:
    result = build_book(fixture_book(tmp_path, "chapter_no_header.md"), tmp_path / "out")
    assert result.returncode != 0
    assert "jupytext header lacks jupytext" in result.output
    assert "chapters/fixture" in result.output


def test_a_broken_cross_reference_fails_the_build(tmp_path: Path) -> None:
    result = build_book(fixture_book(tmp_path, "chapter_broken_xref.md"), tmp_path / "out")
    assert result.returncode != 0
    assert "a-label-that-does-not-exist" in result.output


def test_a_chart_without_a_description_fails_the_build(tmp_path: Path) -> None:
    chapter = "chapter_chart_without_description.md"
    result = build_book(fixture_book(tmp_path, chapter), tmp_path / "out")
    assert result.returncode != 0
    assert "a chart has no description" in result.output


def test_live_only_widgets_degrade_to_a_note_in_the_static_book(built_book: BookBuild) -> None:
    """recode_case is an ipywidgets tool: the static page says so instead of a dead control."""
    page = (built_book.html / "chapters" / "bonding_trust_stages.html").read_text(encoding="utf-8")
    assert "needs a live kernel" in page
    assert "application/vnd.jupyter.widget-state+json" not in page
    assert "embed-amd.js" not in page


def test_a_strict_build_log_is_read_for_sphinx_problems_only() -> None:
    log = "\n".join(
        [
            "reading sources... [100%] intro",
            "ERROR:tornado.general:Uncaught exception in ZMQStream callback",  # kernel shutdown
            "zmq.error.ZMQError: Socket operation on non-socket",
            "/book/chapters/a.md:12: WARNING: undefined label: 'x' [ref.ref]",
            "\x1b[91mWARNING: a page without a location\x1b[39;49;00m",
            "ERROR: Execution Failed with traceback saved in /tmp/x.log",
        ]
    )
    assert sphinx_problems(log) == [
        "/book/chapters/a.md:12: WARNING: undefined label: 'x' [ref.ref]",
        "WARNING: a page without a location",
        "ERROR: Execution Failed with traceback saved in /tmp/x.log",
    ]
