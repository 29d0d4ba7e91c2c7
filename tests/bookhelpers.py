"""Helpers shared by the tests: build a book, find Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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


def build_book(source: Path, out: Path, timeout: int = 1200) -> BookBuild:
    """Build a book the way dev.py does (strict, executed) into ``out/_build/html``."""
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
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, cwd=source, check=False
    )
    return BookBuild(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")


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
