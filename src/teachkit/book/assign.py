"""Assignment notebooks with autograder checks, one per chapter (``python3 dev.py assign``).

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

``export_assignments`` reads a chapter's MyST source and writes, per chapter, a
``student/`` folder (the notebook: exercises, no solutions; ``tests/`` with the
public checks only) and an ``autograder/`` folder (the same notebook; every check),
plus a README for the instructor. The checks are otter-grader OK test files that
``teachkit.book.grader`` runs (``tk.check``, ``tk.check_all``).
"""

from __future__ import annotations

import argparse
import importlib
import re
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
    _PYTHON,
    DIRECTIVE,
    AssignError,
    Autograde,
    Exercise,
    _fences,
    _title,
    parse_autograde,
    parse_chapter,
)
from teachkit.book.grader import ok_test

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

DEFAULT_OUT = Path("_build") / "assignments"
_ROLE = re.compile(r"\{(?P<role>[\w:+-]+)\}`(?P<content>[^`]+)`")

logger = logging.getLogger(__name__)


def _markdown(lines: list[str], chapters: Path) -> str:
    """MyST text as plain Markdown: roles become their text ({doc} the chapter's title)."""

    def plain(match: re.Match[str]) -> str:
        role, content = match.group("role"), match.group("content")
        explicit = re.fullmatch(r"(.*?)\s*<([^<>]+)>", content, re.DOTALL)
        if explicit:
            return explicit.group(1)
        target = content.lstrip("~!")
        if role == "doc":
            page = (
                chapters.parent / f"{target[1:]}.md"
                if target[0] == "/"
                else chapters / f"{target}.md"
            )
            title = _title(page.read_text(encoding="utf-8").splitlines()) if page.is_file() else ""
            return f"*{title or target}*"
        return f"${content}$" if role == "math" else target

    return _ROLE.sub(plain, "".join(lines).strip("\n"))


def _nbformat() -> Any:
    return importlib.import_module("nbformat")  # untyped; needed only to export


def _cell(kind: str, source: str, role: str, label: str | None) -> Any:
    nbformat = _nbformat()
    new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    return new(source, metadata={"teachkit": {"role": role, "exercise": label}})


def _exercise_cells(exercise: Exercise, chapters: Path) -> list[Any]:
    """The exercise's text (its Python code blocks as code cells) and the cells to answer in."""
    label, cells, start = exercise.label, [], 0
    text = [f"## {exercise.heading}\n", "\n", *exercise.text]
    for fence in _fences(text, 0):  # line numbers from 0: indices into text
        language = (fence.argument.split() or [""])[0].lower()
        if fence.line < start or fence.name is not None or language not in _PYTHON:
            continue  # inside a block already handled, or not a Python code block
        cells.append(
            _cell("markdown", _markdown(text[start : fence.line], chapters), "text", label)
        )
        cells.append(_cell("code", "".join(fence.body).rstrip("\n"), "given", label))
        start = fence.last + 1
    rest = _markdown(text[start:], chapters)
    if rest:
        cells.append(_cell("markdown", rest, "text", label))
    checks = exercise.autograde
    if checks is not None:
        hints = [f"# - {c.message}" for c in checks.cases if not c.hidden and c.message]
        answer = [
            f"# Your code for {exercise.heading.split(':')[0].lower()}. Keep the name(s) below:",
            "# the check in the next cell looks for them.",
            *(["# What the checks look for:", *hints] if hints else []),
            *(f"{name} = ...  # your answer" for name in checks.answers),
        ]
        cells.append(_cell("code", "\n".join(answer), "answer", label))
        cells.append(_cell("code", f'tk.check("{label}", globals())', "check", label))
        cells.append(_cell("markdown", "*Your answer in words:*", "written", label))
    else:
        cells.append(_cell("markdown", "*Your answer:*", "written", label))
    return cells


def assignment_notebook(
    title: str, exercises: Sequence[Exercise], *, chapters: Path, pip_source: str | None = None
) -> Any:
    """The students' notebook: the exercises, cells to answer in and checks; no solutions."""
    from teachkit.book.launch import install_cell_source

    nbformat = _nbformat()

    graded = any(e.autograde for e in exercises)
    intro = [
        f"# Assignment: {title}",
        "",
        "Answer each exercise in the cells under it. Run the first two cells first: they set "
        "up teachkit, the book's Python package.",
    ]
    if graded:
        intro += [
            "",
            "Some exercises have an answer cell and a check cell. Store your answer in the "
            "name the answer cell gives, run it, then run the check: it says whether your "
            "answer is there and has the right form. Your instructor's grading runs more "
            "checks, so passing these is not the whole grade. Keep the `tests/` folder next "
            "to this notebook: the checks read it.",
        ]
    cells = [
        _cell("markdown", "\n".join(intro), "title", None),
        _cell("code", install_cell_source(pip_source).rstrip("\n"), "setup", None),
        _cell("code", "import teachkit as tk", "setup", None),
    ]
    for exercise in exercises:
        cells += _exercise_cells(exercise, chapters)
    if graded:
        cells.append(
            _cell(
                "markdown",
                "## Your score\n\nThis runs every check in the `tests/` folder and adds up "
                "the points.",
                "text",
                None,
            )
        )
        cells.append(_cell("code", "tk.check_all(globals())", "score", None))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(notebook)
    return notebook


# -- the export ----------------------------------------------------------------------


def _chapter_names(folder: Path) -> dict[str, bool]:
    """Every chapter in ``folder``, and whether it has exercises."""
    if not folder.is_dir():
        raise AssignError(f"no chapters folder at {folder}: run this from the book's folder")
    return {
        path.stem: any(f.name == "exercise" for f in _fences(path.read_text("utf-8").splitlines()))
        for path in sorted(folder.glob("*.md"))
    }


def _readme(name: str, title: str, exercises: Sequence[Exercise]) -> str:
    """The instructor's notes for one chapter's assignment (Markdown)."""
    rows = []
    for exercise in exercises:
        checks = exercise.autograde
        if checks is None:
            rows.append(f"| {exercise.heading} | `{exercise.label}` | by hand | | | |")
            continue
        public = sum(not c.hidden for c in checks.cases)
        rows.append(
            f"| {exercise.heading} | `{exercise.label}` | {', '.join(checks.answers)} | "
            f"{checks.points:g} | {public} | {len(checks.cases) - public} |"
        )
    graded = any(e.autograde for e in exercises)
    handout = (
        f"Give students the `student/` folder (zip it): `{name}.ipynb` and its `tests/` folder, "
        "which holds only the public checks. Never hand out `autograder/`: its `tests/` folder "
        "holds the hidden checks."
        if graded
        else f"Give students `student/{name}.ipynb`. No exercise here has automatic checks."
    )
    grading = """
## Grading

Copy each returned notebook into `autograder/` under a name of its own (say `alice.ipynb`),
next to `autograder/tests/`, which has every check, public and hidden. Run it from top to
bottom: in Jupyter (Restart and Run All), or with the book's environment:
`jupyter execute --inplace --allow-errors autograder/alice.ipynb`. Its last cell,
`tk.check_all(globals())`, then shows each exercise's result and the score. An exercise earns
its points only when every one of its checks passes. Read the notebook too: a student can
change any cell, and the checks cannot judge explanations.

The test files are in otter-grader's OK format (`tests/<label>.py`), and otter-grader 7
scores them as `tk.check` does.
"""
    return f"""# Assignment: {title}

Made by `python3 dev.py assign {name}` from `chapters/{name}.md`, for instructors.

## What to hand out

{handout} The notebook has the exercises and none of the model answers. Its first cell
installs teachkit where it is missing: set `TEACHKIT_PIP_SOURCE` to a pip requirement for
teachkit (for example your repository's `git+https://` URL) in environments such as Colab,
or export with `--pip-source`.

## Exercises

| Exercise | Label | Answer variables | Points | Public checks | Hidden checks |
| --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

Exercises marked "by hand", and the written part of every exercise, are marked with the
rubrics in the instructor guide.
{grading if graded else ""}"""


def export_assignments(
    chapters: Sequence[str] | None = None,
    *,
    book: str | Path = ".",
    out: str | Path | None = None,
    pip_source: str | None = None,
) -> list[Path]:
    """Write an assignment (student and autograder notebooks, tests, README) per chapter.

    Parameters
    ----------
    chapters : sequence of str, optional
        Chapter names (``kennedy_khrushchev`` or ``chapters/kennedy_khrushchev.md``);
        by default every chapter with exercises.
    book : str or Path, default "."
        The book's folder (the one holding ``chapters/``).
    out : str or Path, optional
        Where to write; by default ``<book>/_build/assignments``. Each chapter's folder
        there is replaced.
    pip_source : str, optional
        What the notebooks' first cell installs teachkit from when it is missing.

    Returns
    -------
    list of Path
        The chapter folders written.

    Raises
    ------
    AssignError
        For an unknown chapter or one without exercises (the message lists the
        chapters with exercises), a malformed ``teachkit-autograde`` block (the
        message names the file and the exercise), or an ``out`` that is (or is
        inside) a file. Nothing is written then.
    """
    folder = Path(book) / "chapters"
    parsed = _chosen_chapters(folder, chapters)
    target = Path(out) if out is not None else Path(book) / DEFAULT_OUT
    blocking = next((p for p in (target, *target.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise AssignError(
            f"out={str(out if out is not None else target)!r}: {blocking} is a file, not a "
            "folder; give a folder for the assignments (it is created if missing)"
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(dir=target, prefix=".assign-") as tmp:
        for name, (title, exercises) in parsed.items():
            notebook = assignment_notebook(title, exercises, chapters=folder, pip_source=pip_source)
            _stage(Path(tmp) / name, name, notebook, exercises)
            (Path(tmp) / name / "README.md").write_text(_readme(name, title, exercises), "utf-8")
        for name in parsed:
            final = target / name
            if final.exists():
                final.rename(Path(tmp) / f"{name}.old")
            (Path(tmp) / name).rename(final)
            written.append(final)
    return written


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


def _stage(staged: Path, name: str, notebook: Any, exercises: Sequence[Exercise]) -> None:
    """Write the student and autograder copies: the notebook and its OK-format tests."""
    nbformat = _nbformat()
    for copy, hidden in (("student", False), ("autograder", True)):
        (staged / copy / "tests").mkdir(parents=True)
        nbformat.write(notebook, staged / copy / f"{name}.ipynb")
        for exercise in exercises:
            checks = exercise.autograde
            if checks is None:
                continue
            cases = [c for c in checks.cases if hidden or not c.hidden]
            text = ok_test(str(exercise.label), cases, points=checks.points, answers=checks.answers)
            (staged / copy / "tests" / f"{exercise.label}.py").write_text(text, "utf-8")
        if not any(e.autograde for e in exercises):
            (staged / copy / "tests").rmdir()


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
        description="Export assignment notebooks (exercises, no solutions) with autograder checks.",
    )
    parser.add_argument(
        "chapters", nargs="*", help="chapter names (default: every chapter with exercises)"
    )
    parser.add_argument("--book", default=".", help="the book's folder (default: .)")
    parser.add_argument("--out", help=f"output folder (default: <book>/{DEFAULT_OUT.as_posix()})")
    parser.add_argument("--pip-source", help="what the notebooks install teachkit from, if missing")
    args = parser.parse_args(argv)
    try:
        written = export_assignments(
            args.chapters, book=args.book, out=args.out, pip_source=args.pip_source
        )
    except AssignError as err:
        print(f"assign: {err}", file=sys.stderr)
        return 2
    for folder in written:
        print(f"wrote {folder}")
    print("Give students each chapter's student/ folder; keep autograder/ to yourself.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
