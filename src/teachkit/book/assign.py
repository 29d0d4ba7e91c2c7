"""Assignments on otter-grader, one per chapter (``python3 dev.py assign``).

An author adds checks to a data exercise inside its solution, so the student edition
(which strips every solution) never shows them::

    ```{teachkit-autograde}
    :answer: trip_ids
    :points: 2

    # public
    assert isinstance(trip_ids, set), "trip_ids should be a set of trip ids"
    # hidden
    assert trip_ids == {2770, 2778}, "trip_ids should hold both trips"
    ```

Each ``assert`` is one check, run on its own (as otter-grader does): other statements
before it belong to it, and an ``import`` belongs to every check after it. ``# public``
and ``# hidden`` lines start sections (public by default). ``:answer:`` names the
variables the student defines, which the solution's Python code must define too.
The instructor edition shows the block as code with a caption.

``export_assignments`` writes, per chapter, an Otter Assign source notebook
(:mod:`teachkit.book.source_notebook`) and runs ``otter assign`` on it: ``student/``
(the notebook students get, public checks only), ``autograder/`` (the solutions
notebook and ``<chapter>-autograder.zip``, for ``otter run`` and Gradescope) and a
README. A manifest records every file written, with its hash: a later export replaces
the folder only if it holds nothing else, and grading (:mod:`teachkit.book.grade`)
checks the autograder against it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from teachkit.book.editions import (
    _is_solution,
)
from teachkit.book.exercises import (
    DIRECTIVE,
    AssignError,
    Autograde,
    Exercise,
    _fences,
    parse_autograde,
    parse_chapter,
)
from teachkit.book.handout import readme as _readme

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = [
    "AssignError",
    "Autograde",
    "Exercise",
    "export_assignments",
    "parse_autograde",
    "parse_chapter",
]

DEFAULT_OUT = Path("assignments")
MANIFEST = ".teachkit-assign.json"
HUB_ENV = "TEACHKIT_JUPYTERHUB_URL"
HANDOUT_REPO_ENV = "TEACHKIT_HANDOUT_REPOSITORY"

logger = logging.getLogger(__name__)


# -- the manifest: what an export wrote -----------------------------------------------


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """The files an export wrote into ``folder`` and their hashes ({} if none)."""
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def foreign_files(folder: Path) -> list[str]:
    """Files in ``folder`` an export did not write, or that changed since it wrote them."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        return [folder.name]
    recorded = read_manifest(folder)
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue
        if rel == MANIFEST and recorded:
            continue
        if path.is_symlink() or recorded.get(rel) != sha256(path):
            found.append(rel)
    return found


def _write_manifest(folder: Path) -> None:
    files = {
        p.relative_to(folder).as_posix(): sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    text = json.dumps({"written_by": "python3 dev.py assign", "files": files}, indent=1)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


# -- the export ----------------------------------------------------------------------


def _chapter_names(folder: Path) -> dict[str, bool]:
    """Every chapter in ``folder``, and whether it has exercises."""
    if not folder.is_dir():
        raise AssignError(f"no chapters folder at {folder}: run this from the book's folder")
    return {
        path.stem: any(f.name == "exercise" for f in _fences(path.read_text("utf-8").splitlines()))
        for path in sorted(folder.glob("*.md"))
    }


def _chosen_chapters(
    folder: Path, chapters: Sequence[str] | None
) -> dict[str, tuple[str, list[Exercise]]]:
    """The chapters to export, parsed; an unknown one or one without exercises is an error."""
    names = _chapter_names(folder)
    with_exercises = [name for name, has in names.items() if has]
    valid = ", ".join(with_exercises) or "none"
    wanted = [Path(c).stem if c.endswith(".md") else Path(c).name for c in chapters or ()]
    for name in wanted:
        if name not in names:
            raise AssignError(f"no chapter {name!r} in {folder}; chapters with exercises: {valid}")
        if not names[name]:
            raise AssignError(
                f"{folder / name}.md has no exercises; chapters with exercises: {valid}"
            )
    if not wanted and not with_exercises:
        raise AssignError(f"no chapter in {folder} has exercises")
    return {name: parse_chapter(folder / f"{name}.md") for name in wanted or with_exercises}


def _otter_assign(source: Path, dist: Path) -> None:
    """Run ``otter assign`` (in its own process: otter is imported only to export)."""
    source, dist = source.resolve(), dist.resolve()  # otter runs in the source's folder
    cmd = [sys.executable, "-m", "otter", "assign", "--no-pdfs", str(source), str(dist)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=source.parent)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise AssignError(f"otter assign failed on {source.name}:\n{tail}")


def _stage(staged: Path, name: str, notebook: Any, readme: str, pip_source: str | None) -> None:
    """Write the source notebook, run otter assign, and lay out the chapter's folder."""
    nbformat = importlib_nbformat()
    (staged / "source").mkdir(parents=True)
    if pip_source:  # the autograder zip's requirements: Gradescope installs teachkit
        (staged / "source" / "requirements.txt").write_text(pip_source + "\n", "utf-8")
    nbformat.write(notebook, staged / "source" / f"{name}.ipynb")
    dist = staged / ".otter"
    _otter_assign(staged / "source" / f"{name}.ipynb", dist)
    (dist / "student").rename(staged / "student")
    (dist / "autograder").rename(staged / "autograder")
    shutil.rmtree(dist)
    (zipped,) = (staged / "autograder").glob(f"{name}-autograder_*.zip")
    zipped.rename(staged / "autograder" / f"{name}-autograder.zip")  # a name that stays put
    (staged / "README.md").write_text(readme, encoding="utf-8")
    _write_manifest(staged)


def importlib_nbformat() -> Any:
    """Nbformat (untyped), imported when an export needs it."""
    import importlib

    return importlib.import_module("nbformat")


def _check_target(target: Path, out: str | Path | None, names: Sequence[str]) -> None:
    """Refuse a target inside a file, or chapter folders holding files no export wrote."""
    blocking = next((p for p in (target, *target.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise AssignError(
            f"out={str(out if out is not None else target)!r}: {blocking} is a file, not a "
            "folder; give a folder for the assignments (it is created if missing)"
        )
    for name in names:
        foreign = foreign_files(target / name)
        if foreign:
            listed = "".join(f"\n  {target / name / rel}" for rel in foreign[:20])
            more = f"\n  ... and {len(foreign) - 20} more" if len(foreign) > 20 else ""
            raise AssignError(
                f"will not overwrite {target / name}: it holds files this export did not "
                f"write, or changed since:{listed}{more}\nMove them elsewhere (returned "
                "notebooks belong outside the assignment folder) and run the export again, "
                "or export to another folder with --out."
            )


def export_assignments(
    chapters: Sequence[str] | None = None,
    *,
    book: str | Path = ".",
    out: str | Path | None = None,
    pip_source: str | None = None,
    hub_url: str | None = None,
    handout_repo: str | None = None,
) -> list[Path]:
    """Write an assignment (Otter Assign source, student notebook, autograder) per chapter.

    Parameters
    ----------
    chapters : sequence of str, optional
        Chapter names (``kennedy_khrushchev`` or ``chapters/kennedy_khrushchev.md``);
        by default every chapter with exercises.
    book : str or Path, default "."
        The book's folder (the one holding ``chapters/``).
    out : str or Path, optional
        Where to write; by default ``<book>/assignments``. A chapter's folder there is
        replaced only when it holds nothing but the files an earlier export wrote.
    pip_source : str, optional
        What the student notebook's first cell installs teachkit from when it is missing.
    hub_url, handout_repo : str, optional
        A JupyterHub (default ``$TEACHKIT_JUPYTERHUB_URL``, else the book's
        ``teachkit_launch.jupyterhub_url``) and the git repository students' notebooks are
        pushed to (default ``$TEACHKIT_HANDOUT_REPOSITORY``): with both, each README gives
        the nbgitpuller link.

    Returns
    -------
    list of Path
        The chapter folders written.

    Raises
    ------
    AssignError
        For an unknown chapter or one without exercises (the message lists the
        chapters with exercises), a malformed ``teachkit-autograde`` block (the
        message names the file and the exercise), an ``out`` that is (or is inside)
        a file, a chapter folder holding files no export wrote (the message lists
        them), or an ``otter assign`` failure. Nothing is written then.
    """
    from teachkit.book.source_notebook import source_notebook

    folder = Path(book) / "chapters"
    parsed = _chosen_chapters(folder, chapters)
    target = Path(out) if out is not None else Path(book) / DEFAULT_OUT
    _check_target(target, out, list(parsed))
    hub = _https(hub_url or os.environ.get(HUB_ENV, "") or _configured_hub(Path(book)), "hub_url")
    repo = _https(handout_repo or os.environ.get(HANDOUT_REPO_ENV, ""), "handout_repo")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(dir=target, prefix=".assign-") as tmp:
        for name, (title, exercises) in parsed.items():
            notebook = source_notebook(
                name, title, exercises, chapters=folder, pip_source=pip_source
            )
            readme = _readme(name, title, exercises, hub=hub, repo=repo, pip_source=pip_source)
            _stage(Path(tmp) / name, name, notebook, readme, pip_source)
        _check_target(target, out, list(parsed))  # again: grading may have run meanwhile
        for name in parsed:
            final = target / name
            if final.exists():
                final.rename(Path(tmp) / f"{name}.old")
            (Path(tmp) / name).rename(final)
            written.append(final)
    return written


def _configured_hub(book: Path) -> str:
    """``teachkit_launch.jupyterhub_url`` in the book's ``_config.yml``, or ""."""
    import yaml

    try:
        config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
        hub = config["sphinx"]["config"]["teachkit_launch"]["jupyterhub_url"]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return ""
    return hub if isinstance(hub, str) else ""


def _https(value: str, key: str) -> str:
    value = value.strip().rstrip("/")
    if value and not value.startswith("https://"):
        raise AssignError(f"{key} {value!r} must be an https:// URL, e.g. https://hub.example.edu")
    return value


# -- Sphinx: the directive, shown in the instructor edition --------------------------


class AutogradeDirective(SphinxDirective):
    """``teachkit-autograde``: an exercise's checks, shown as code with a caption."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "answer": directives.unchanged_required,
        "points": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Check the block and render it as a captioned literal Python block."""
        code = "\n".join(self.content)
        try:
            checks = parse_autograde(
                code, answer=self.options.get("answer"), points=self.options.get("points")
            )
        except AssignError as err:
            logger.warning(
                "the %s block %s",
                DIRECTIVE,
                err,
                location=(self.env.docname, self.lineno),
                type="teachkit",
                subtype="autograde",
            )
            return []
        unit = "point" if checks.points == 1 else "points"
        text = f"Autograder checks (answer: {', '.join(checks.answers)}, {checks.points:g} {unit})"
        # a plain paragraph, not a code-block caption, which numfig would number "Listing n"
        caption = nodes.paragraph(
            "", "", nodes.strong(text, text), classes=[f"{DIRECTIVE}-caption"]
        )
        literal = nodes.literal_block(code, code, language="python")
        wrapper = nodes.container("", caption, literal, classes=[DIRECTIVE])
        for node in (wrapper, caption, literal):
            self.set_source_info(node)
        return [wrapper]


def _outside_solutions(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about (and drop) checks outside a solution: the student edition would show them."""

    def is_checks(node: nodes.Node) -> bool:
        return isinstance(node, nodes.container) and DIRECTIVE in node["classes"]

    for node in list(doctree.findall(is_checks)):
        parent = node.parent
        while parent is not None and not _is_solution(parent):
            parent = parent.parent
        if parent is None:
            logger.warning(
                "a %s block is outside a {solution}: the student edition would show its "
                "hidden checks. Move it into the exercise's solution",
                DIRECTIVE,
                location=node,
                type="teachkit",
                subtype="autograde",
            )
            node.parent.remove(node)


def register(app: Sphinx) -> None:
    """Add the ``teachkit-autograde`` directive (call from the extension's setup)."""
    app.add_directive(DIRECTIVE, AutogradeDirective)
    app.connect("doctree-read", _outside_solutions)


# -- the command ---------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m teachkit.book.assign [CHAPTER ...] [--out DIR]``: export assignments."""
    parser = argparse.ArgumentParser(
        prog="dev.py assign",
        description="Export assignments through Otter Assign: a student notebook, an "
        "autograder and a Gradescope zip per chapter.",
    )
    parser.add_argument(
        "chapters", nargs="*", help="chapter names (default: every chapter with exercises)"
    )
    parser.add_argument("--book", default=".", help="the book's folder (default: .)")
    parser.add_argument("--out", help=f"output folder (default: <book>/{DEFAULT_OUT.as_posix()})")
    parser.add_argument("--pip-source", help="what the notebooks install teachkit from, if missing")
    parser.add_argument("--hub-url", help=f"a JupyterHub for nbgitpuller links (or ${HUB_ENV})")
    parser.add_argument(
        "--handout-repo",
        help=f"the git repository (https) student notebooks are pushed to (or ${HANDOUT_REPO_ENV})",
    )
    args = parser.parse_args(argv)
    try:
        written = export_assignments(
            args.chapters,
            book=args.book,
            out=args.out,
            pip_source=args.pip_source,
            hub_url=args.hub_url,
            handout_repo=args.handout_repo,
        )
    except AssignError as err:
        print(f"assign: {err}", file=sys.stderr)
        return 2
    for folder in written:
        print(f"wrote {folder}")
    print(
        "Give students each chapter's student/ notebook; keep source/ and autograder/ to "
        "yourself. Each chapter's README.md says how to hand out and grade."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
