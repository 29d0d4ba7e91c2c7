#!/usr/bin/env python3
"""The book's commands, for a fresh machine with Python 3.11+ and nothing else.

    python3 dev.py book [--port 8000] [--edition student|instructor] [--no-serve | --serve-only]
                                        set up, build the book strictly, serve it on 127.0.0.1
                                        (--serve-only: serve the last build, no set-up or build)
    python3 dev.py test                 set up, then run every test: unit, data, build,
                                        browser, accessibility and lint
    python3 dev.py pdf                  set up, build the student edition, and print it with
                                        Chromium: _build/html/_pdf/book.pdf (outline, page
                                        numbers) and one PDF per page of the book
    python3 dev.py assign [CHAPTER ...] [--out DIR]
                                        set up, then export assignments through Otter Assign
                                        (student notebook, autograder, Gradescope zip) per
                                        chapter, into assignments/ by default
    python3 dev.py grade CHAPTER NOTEBOOK ... [--timeout S]
                                        set up, then grade returned notebooks with otter-grader,
                                        one at a time: assignments/grades/CHAPTER/grades.csv

"Set up" means: create ``.venv`` next to this file if it is missing, and install
the hashed lock (``requirements.txt`` for the book, ``requirements-test.txt`` for
the tests) and teachkit (editable) into it whenever the lock changed.
The book command needs neither node nor npm: the JavaScript the pages use is
committed under ``vendor``.
"""

from __future__ import annotations

import argparse
import errno
import functools
import hashlib
import http.server
import os
import platform
import shutil
import socket
import subprocess
import sys
import venv
from pathlib import Path

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# What each command installs: the hashed locks that scripts/lock.py writes from pyproject.toml.
# The test lock holds the book lock's versions and the tests' and linters' tools besides.
# tools (assign, grade, pdf) adds otter-grader, Playwright and pypdf; test adds the test tools.
LOCKS = {
    "book": "requirements.txt",
    "tools": "requirements-tools.txt",
    "test": "requirements-test.txt",
}
BUILD_HTML = ROOT / "_build" / "html"
EDITIONS = ("student", "instructor")


def fail(message: str, code: int = 2) -> None:
    """Print a clear message to stderr and exit."""
    print(f"\ndev.py: {message}", file=sys.stderr)
    raise SystemExit(code)


def check_python() -> None:
    """Refuse to run on a Python older than the book supports."""
    if sys.version_info < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        have = platform.python_version()
        fail(
            f"this book needs Python {need} or later, but this is Python {have} "
            f"({sys.executable}). Install Python {need}+ (python.org, your package manager, "
            f"or pyenv) and run this command with it, e.g. `python{need} dev.py book`."
        )


def venv_python() -> Path:
    """The interpreter inside the project's virtual environment."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _install_fingerprint(kind: str) -> str:
    digest = hashlib.sha256()
    for name in (LOCKS[kind], "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(platform.python_version().encode())
    return digest.hexdigest()


def _installed(kind: str) -> bool:
    """Whether the venv holds the ``kind`` lock as it is now (a later lock covers the earlier)."""
    kinds = list(LOCKS)
    for each in kinds[kinds.index(kind) :]:
        stamp = VENV / f".teachkit-installed-{each}"
        if stamp.exists() and stamp.read_text() == _install_fingerprint(each):
            return True
    return False


def setup(kind: str = "book") -> Path:
    """Create the virtual environment and install the ``kind`` lock and teachkit; return its python.

    ``book`` installs what building and reading the book needs (requirements.txt),
    ``tools`` adds otter-grader, Playwright and pypdf for ``assign``, ``grade`` and ``pdf``
    (requirements-tools.txt),
    ``test`` adds the tests' and linters' tools (requirements-test.txt).
    """
    check_python()
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        try:
            venv.create(VENV, with_pip=True, clear=VENV.exists())
        except (subprocess.CalledProcessError, OSError) as err:
            fail(
                f"could not create a virtual environment ({err}). On Debian or Ubuntu, "
                f"install the venv module: `sudo apt-get install python3-venv`."
            )
    if not _installed(kind):
        print(f"Installing {LOCKS[kind]} (a few minutes the first time) ...", flush=True)
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / LOCKS[kind])], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
        (VENV / f".teachkit-installed-{kind}").write_text(_install_fingerprint(kind))
    return python


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether ``host:port`` can be bound right now."""
    return port_problem(port, host) is None


def port_problem(port: int, host: str = "127.0.0.1") -> str | None:
    """Why ``host:port`` cannot be bound right now (in use, or not allowed), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is already in use (another server, or an earlier "
                    f"`dev.py book`). Stop it, or pick another port: "
                    f"`python3 dev.py book --port {port + 1 if port < 65535 else 8000}`."
                )
            if err.errno == errno.EACCES:
                return (
                    f"this user may not serve on port {port} of {host} (permission denied; "
                    f"ports below 1024 need administrator rights). Pick a port from 1024 to "
                    f"65535: `python3 dev.py book --port 8000`."
                )
            raise
    return None


def port_number(text: str) -> int:
    """The --port argument: a whole number from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number: use 1 to 65535, e.g. 8000")
    return port


def edition_name(text: str) -> str:
    """The --edition argument (or $TEACHKIT_EDITION): student or instructor, in any case."""
    edition = text.strip().lower()
    if edition not in EDITIONS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an edition: use {' or '.join(map(repr, EDITIONS))}"
        )
    return edition


def build(python: Path, edition: str = "student", *, pdf: bool = False) -> None:
    """Build the book strictly; on failure, say which chapter and cell failed.

    With ``pdf``, each page's download menu links to the PDFs ``dev.py pdf`` prints.
    """
    cli = "from jupyter_book.cli.main import main; main()"
    cmd = [str(python), "-c", cli, "build", str(ROOT), "-W", "-n", "--keep-going"]
    print(f"Building the {edition} edition (every chapter is executed) ...", flush=True)
    env = {**os.environ, "TEACHKIT_EDITION": edition, "TEACHKIT_PDF": "1" if pdf else "0"}
    if subprocess.run(cmd, cwd=ROOT, env=env).returncode != 0:
        reports = sorted((BUILD_HTML / "reports").rglob("*.err.log"))
        where = "".join(f"\n  {r.relative_to(ROOT)}" for r in reports)
        fail(
            "the book did not build. The messages above name the chapter and the failing "
            "cell or warning" + (f"; execution tracebacks are in:{where}" if where else "."),
            code=1,
        )


def serve(port: int) -> None:
    """Serve the built book on 127.0.0.1 until interrupted."""
    if not 1 <= port <= 65535:
        fail(f"--port must be between 1 and 65535 (got {port}).")
    problem = port_problem(port)
    if problem:
        fail(problem)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(BUILD_HTML))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"\nThe book is at http://127.0.0.1:{port}/  (Ctrl+C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nStopped.")


def serve_last_build(port: int) -> int:
    """Serve ``_build/html`` as it is, or say how to build it first."""
    if not (BUILD_HTML / "index.html").is_file():
        fail(
            f"there is no built book in {BUILD_HTML.relative_to(ROOT)} to serve: run "
            "`python3 dev.py book` once (it builds, then serves); --serve-only serves that build."
        )
    serve(port)
    return 0


def find_chromium() -> str | None:
    """The Chromium (or Chrome) the browser tests will drive, if any."""
    explicit = os.environ.get("TEACHKIT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> str:
    """Find Chromium; on Debian as root install it with apt; elsewhere explain how."""
    found = find_chromium()
    if found:
        return found
    is_debian = Path("/etc/debian_version").exists() and shutil.which("apt-get")
    if is_debian and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Chromium with apt-get for the browser tests ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
        found = find_chromium()
        if found:
            return found
    fail(
        "the browser tests need Chromium or Chrome, and none was found.\n"
        "  Debian/Ubuntu: sudo apt-get install chromium   (or run this command as root)\n"
        "  Fedora:        sudo dnf install chromium\n"
        "  macOS:         brew install --cask chromium   (or install Google Chrome)\n"
        "  Windows:       install Google Chrome\n"
        "Then run the tests again, or point at a browser with TEACHKIT_CHROMIUM=/path/to/chrome."
    )
    raise AssertionError("unreachable")


def run_tests(python: Path, pytest_args: list[str]) -> int:
    """Run every test: pytest collects unit, data, build, browser and lint tests."""
    chromium = ensure_chromium()
    env = {**os.environ, "TEACHKIT_CHROMIUM": chromium}
    cmd = [str(python), "-m", "pytest", *pytest_args]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def run_pdf(python: Path) -> int:
    """Build the student edition with PDF links, then print it with Chromium (teachkit.book.pdf).

    Sphinx rewrites every page when the PDF setting changes, so the download menus
    of a site built by `dev.py book` gain their PDF links.
    """
    chromium = ensure_chromium()
    build(python, "student", pdf=True)
    env = {**os.environ, "TEACHKIT_CHROMIUM": chromium}
    cmd = [str(python), "-m", "teachkit.book.pdf", str(BUILD_HTML), "--book", str(ROOT)]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def run_assign(python: Path, assign_args: list[str]) -> int:
    """Export assignments with the environment's teachkit (teachkit.book.assign)."""
    cmd = [str(python), "-m", "teachkit.book.assign", *assign_args]
    return subprocess.run(cmd, cwd=ROOT).returncode


def run_grade(python: Path, grade_args: list[str]) -> int:
    """Grade returned notebooks with the environment's teachkit (teachkit.book.grade)."""
    cmd = [str(python), "-m", "teachkit.book.grade", *grade_args]
    return subprocess.run(cmd, cwd=ROOT).returncode


def _absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path else None  # the commands run in ROOT


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    check_python()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    book = sub.add_parser("book", help="set up, build the book strictly and serve it")
    book.add_argument(
        "--port", type=port_number, default=8000, help="port on 127.0.0.1 (default 8000)"
    )
    when = book.add_mutually_exclusive_group()
    when.add_argument("--no-serve", action="store_true", help="build only")
    when.add_argument(
        "--serve-only", action="store_true", help="serve the last build (no set-up, no build)"
    )
    book.add_argument(
        "--edition",
        type=edition_name,
        default=None,
        help="student (default, or $TEACHKIT_EDITION; publish this one) or instructor "
        "(with solutions; never publish)",
    )
    test = sub.add_parser("test", help="set up and run every test")
    test.add_argument("pytest_args", nargs="*", help="extra arguments for pytest, after --")
    sub.add_parser(
        "pdf",
        help="set up, build the student edition and print it to PDFs (needs Chromium)",
    )
    assign = sub.add_parser(
        "assign", help="set up, then export assignments through Otter Assign (otter-grader)"
    )
    assign.add_argument("chapters", nargs="*", help="chapters (default: all with exercises)")
    assign.add_argument("--out", help="output folder (default: assignments)")
    assign.add_argument("--pip-source", help="where the notebooks install teachkit from")
    assign.add_argument("--hub-url", help="JupyterHub URL, for nbgitpuller links in READMEs")
    assign.add_argument("--handout-repo", help="git repository (https) students pull from")
    grade = sub.add_parser(
        "grade", help="set up, then grade returned notebooks with otter-grader, one at a time"
    )
    grade.add_argument("chapter", help="the chapter whose assignment they answer")
    grade.add_argument("submissions", nargs="+", help="returned notebooks, named student.ipynb")
    grade.add_argument("--assignments", help="where dev.py assign wrote (default: assignments)")
    grade.add_argument("--out", help="folder for grades.csv and feedback/")
    grade.add_argument("--timeout", help="seconds allowed per submission (default: 300)")
    args = parser.parse_args(argv)

    if args.command == "book":
        if args.edition is None:  # argparse does not check defaults: check the variable here
            try:
                args.edition = edition_name(os.environ.get("TEACHKIT_EDITION") or "student")
            except argparse.ArgumentTypeError as err:
                book.error(f"$TEACHKIT_EDITION: {err} (or unset it, or pass --edition)")
        problem = None if args.no_serve else port_problem(args.port)
        if problem:
            fail(problem)  # before a long build
        if args.serve_only:
            return serve_last_build(args.port)
        python = setup()
        build(python, args.edition)
        if args.edition == "instructor":
            print("This is the INSTRUCTOR edition, with solutions: do not publish it.")
        if not args.no_serve:
            serve(args.port)
        return 0
    if args.command == "pdf":
        return run_pdf(setup("tools"))
    if args.command == "assign":
        if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
            assign.error(f"--out {args.out!r} is a file: give a folder (it is created if missing)")
        options = [
            ("--out", _absolute(args.out)),
            ("--pip-source", args.pip_source),
            ("--hub-url", args.hub_url),
            ("--handout-repo", args.handout_repo),
        ]
        extra = [part for flag, value in options if value for part in (flag, value)]
        return run_assign(setup("tools"), [*args.chapters, *extra])
    if args.command == "grade":
        options = [
            ("--assignments", _absolute(args.assignments)),
            ("--out", _absolute(args.out)),
            ("--timeout", args.timeout),
        ]
        extra = [part for flag, value in options if value for part in (flag, value)]
        submissions = [str(Path(p).resolve()) for p in args.submissions]
        return run_grade(setup("tools"), [args.chapter, *submissions, *extra])
    return run_tests(setup("test"), args.pytest_args)


if __name__ == "__main__":
    raise SystemExit(main())
