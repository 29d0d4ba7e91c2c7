"""Lint and types are tests: ruff (lint and format) and mypy on the code, ruff on chapter cells."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from bookhelpers import ROOT

CODE = ["src", "tests", "scripts", "benchmarks", "dev.py"]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_ruff_lint() -> None:
    result = _run("ruff", "check", "--no-cache", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run("ruff", "format", "--check", "--no-cache", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_package_scripts_and_dev_py() -> None:
    result = _run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_on_the_tests() -> None:
    """Tests are type-checked too, but fixtures and helpers need not be annotated."""
    relaxed = ["--allow-untyped-defs", "--allow-incomplete-defs", "--allow-untyped-calls"]
    result = _run("mypy", "--no-incremental", *relaxed, "tests")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_chapter_code_cells_are_linted_and_formatted(chapter: Path, tmp_path: Path) -> None:
    notebook = jupytext.read(chapter)
    target = tmp_path / f"{chapter.stem}.ipynb"
    jupytext.write(notebook, target)
    config = ["--config", str(ROOT / "pyproject.toml")]
    lint = _run("ruff", "check", "--no-cache", *config, str(target), cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--check", "--no-cache", *config, str(target), cwd=tmp_path)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_lint_catches_a_badly_formatted_cell(tmp_path: Path) -> None:
    """The chapter check can fail: a cell with an unused import and bad spacing is caught."""
    chapter = tmp_path / "bad.md"
    header = (ROOT / "chapters" / "how_to_use.md").read_text().split("---")[1]
    chapter.write_text(f"---{header}---\n\n```{{code-cell}} ipython3\nimport os\nx=1\n```\n")
    jupytext.write(jupytext.read(chapter), tmp_path / "bad.ipynb")
    result = _run("ruff", "check", "--no-cache", str(tmp_path / "bad.ipynb"), cwd=tmp_path)
    assert result.returncode != 0
    assert "F401" in result.stdout
