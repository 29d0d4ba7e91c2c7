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
``teachkit._grader`` runs (``tk.check``, ``tk.check_all``).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import keyword
import math
import re
import sys
import tempfile
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from teachkit._editions import (
    _LITERAL,
    _closing,
    _directive,
    _is_solution,
    _opener,
    gated_span,
)
from teachkit._grader import Case, ok_test, to_doctest

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DIRECTIVE = "teachkit-autograde"
DEFAULT_OUT = Path("_build") / "assignments"
_PYTHON = frozenset({"python", "py", "python3", "ipython", "ipython3"})
_CODE_DIRECTIVES = frozenset({"code-cell", "code", "code-block", "sourcecode"})
_SECTION = re.compile(r"#\s*(public|hidden)\s*", re.IGNORECASE)
_OPTION = re.compile(r"[ \t]*:(?P<key>[\w-]+):(?P<value>.*)")
_ROLE = re.compile(r"\{(?P<role>[\w:+-]+)\}`(?P<content>[^`]+)`")

logger = logging.getLogger(__name__)


class AssignError(ValueError):
    """A chapter cannot be made into an assignment; the message says why and where."""


@dataclass(frozen=True)
class Autograde:
    """An exercise's checks: the answer variables, the points and the test cases."""

    answers: tuple[str, ...]
    points: float
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Exercise:
    """One exercise: its label, heading, text and (from its solution) code and checks."""

    label: str | None
    heading: str
    text: list[str]
    solution_code: list[str] = field(default_factory=list)
    autograde: Autograde | None = None


# -- reading MyST source (the fence helpers are _editions', which strips solutions) ------


@dataclass(frozen=True)
class _Fence:
    name: str | None  # the directive's name, or None for a code block
    argument: str
    body: list[str]
    line: int  # 1-based line of the opener in the file
    last: int  # 1-based line of its last line (the closer)
    body_line: int  # 1-based line of the body's first line


def _fences(lines: list[str], first_line: int = 1) -> Iterator[_Fence]:
    """Every fence in ``lines``, and those inside directives other than exercises and solutions.

    A gated ``{x-start}`` ... ``{x-end}`` pair is one fence named ``x``.
    """
    index = 0
    while index < len(lines):
        opened = _opener(lines[index])
        if opened is None:
            index += 1
            continue
        indent, marker, info = opened
        close = _closing(lines, index, marker)
        end = len(lines) if close is None else close + 1
        name = _directive(info)
        argument = info.strip()[len(name) + 2 :].strip() if name else info.strip()
        inner = lines[index + 1 : len(lines) if close is None else close]
        body = [line.removeprefix(indent) for line in inner]
        body_line = first_line + index + 1
        if name in ("exercise-start", "solution-start"):
            name = name.removesuffix("-start")
            body_line = first_line + end
            stop, after = gated_span(lines, end, f"{name}-end")
            body, end = lines[end:stop], after
        yield _Fence(name, argument, body, first_line + index, first_line + end - 1, body_line)
        if name is not None and name not in _LITERAL and name not in ("exercise", "solution"):
            yield from _fences(body, body_line)
        index = end


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's ``:key: value`` options (or YAML ``---`` block), and the rest."""
    if body and body[0].strip() == "---":
        import yaml

        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), len(body))
        loaded = yaml.safe_load("".join(body[1:end])) or {}
        return {str(k): str(v) for k, v in loaded.items()}, body[end + 1 :]
    options: dict[str, str] = {}
    index = 0
    while index < len(body) and (match := _OPTION.fullmatch(body[index].rstrip("\r\n"))):
        options[match.group("key")] = match.group("value").strip()
        index += 1
    return options, body[index:]


# -- the checks ----------------------------------------------------------------------


def _points(text: str | None) -> float:
    try:
        points = float(text) if text not in (None, "") else 1.0
    except ValueError:
        points = -1.0
    if not (points > 0 and math.isfinite(points)):
        raise AssignError(f":points: must be a positive number (got {text!r})")
    return int(points) if points.is_integer() else points


def parse_autograde(
    code: str, *, answer: str | None, points: str | None = None, first_line: int = 1
) -> Autograde:
    r"""Read a ``teachkit-autograde`` block: one test case per ``assert``.

    Examples
    --------
    >>> checks = parse_autograde("assert x > 0\n# hidden\nassert x == 2", answer="x")
    >>> [case.hidden for case in checks.cases], checks.points
    ([False, True], 1)
    """
    names = tuple(a.strip() for a in (answer or "").split(","))
    if not answer or not answer.strip():
        raise AssignError(
            "has no :answer: option: name the variable(s) the student must define, "
            "e.g. ':answer: trip_ids' or ':answer: start, end'"
        )
    bad = [a for a in names if not a.isidentifier() or keyword.iskeyword(a)]
    if bad:
        raise AssignError(f":answer: {answer!r} must be Python names separated by commas")
    source = textwrap.dedent(code)
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        where = first_line + (err.lineno or 1) - 1
        raise AssignError(f"is not valid Python (line {where}: {err.msg})") from None
    lines = source.splitlines()
    hidden = [False]
    for line in lines:
        match = _SECTION.fullmatch(line.strip())
        hidden.append(match.group(1).lower() == "hidden" if match else hidden[-1])
    cases, imports, pending = [], [], []
    for statement in tree.body:
        doctest = to_doctest(ast.get_source_segment(source, statement) or "")
        if isinstance(statement, ast.Import | ast.ImportFrom):
            imports.append(doctest)  # every later check needs it: each runs on its own
            continue
        pending.append(doctest)
        if isinstance(statement, ast.Assert):
            message = statement.msg.value if isinstance(statement.msg, ast.Constant) else ""
            code = "".join([*imports, *pending])
            cases.append(Case(code, hidden[statement.lineno], str(message)))
            pending = []
    if not cases:
        raise AssignError(
            'has no assert statements: write each check as `assert <condition>, "<message>"`'
        )
    if pending:
        raise AssignError("has statements after its last assert, which no check would run")
    if all(case.hidden for case in cases):
        raise AssignError(
            "has no public check: add one under `# public` so students can check the form "
            "of their answer"
        )
    return Autograde(names, _points(points), tuple(cases))


def _defined(code: list[str]) -> set[str]:
    """The names the solution's Python code binds."""
    bound: set[str] = set()
    for block in code:
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            elif isinstance(node, ast.alias):
                bound.add((node.asname or node.name).split(".")[0])
            elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                bound.add(node.name)
    return bound


# -- chapters ------------------------------------------------------------------------


def _title(lines: list[str]) -> str:
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    fenced = {i for f in _fences(lines) for i in range(f.line, f.last + 1)}
    for index in range(start, len(lines)):
        if index + 1 not in fenced and lines[index].startswith("# "):
            return lines[index][2:].strip()
    return ""


def _solution_parts(
    path: Path, label: str, solution: _Fence | None
) -> tuple[list[str], Autograde | None]:
    code: list[str] = []
    checks: list[tuple[_Fence, dict[str, str], list[str]]] = []
    for fence in _fences(solution.body, solution.body_line) if solution else ():
        options, rest = _options(fence.body)
        language = fence.argument.split()[0].lower() if fence.argument else ""
        if (fence.name is None or fence.name in _CODE_DIRECTIVES) and language in _PYTHON:
            code.append("".join(rest if fence.name else fence.body))
        elif fence.name == DIRECTIVE:
            checks.append((fence, options, rest))
    if not checks:
        return code, None
    if len(checks) > 1:
        raise AssignError(f"{path} ({label}): a solution may hold one {DIRECTIVE} block, not two")
    fence, options, rest = checks[0]
    try:
        autograde = parse_autograde(
            "".join(rest),
            answer=options.get("answer"),
            points=options.get("points"),
            first_line=fence.body_line + len(fence.body) - len(rest),
        )
    except AssignError as err:
        raise AssignError(f"{path} ({label}): the {DIRECTIVE} block {err}") from None
    try:
        defined = _defined(code)
    except SyntaxError as err:
        message = f"{path} ({label}): the solution's Python code is not valid Python: {err}"
        raise AssignError(message) from None
    undefined = [name for name in autograde.answers if name not in defined]
    if undefined:
        raise AssignError(
            f"{path} ({label}): the solution's Python code never defines "
            f"{', '.join(undefined)}, which :answer: names: define it there so the checks "
            "can be tested against the model answer"
        )
    return code, autograde


def parse_chapter(path: Path) -> tuple[str, list[Exercise]]:
    """A chapter's title and its exercises, each with its solution's code and checks."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fences = list(_fences(lines))
    solutions = {f.argument: f for f in reversed(fences) if f.name == "solution"}
    stray = [f for f in fences if f.name == DIRECTIVE] + [
        inner
        for f in fences
        if f.name == "exercise"
        for inner in _fences(f.body, f.body_line)
        if inner.name == DIRECTIVE
    ]
    if stray:
        raise AssignError(
            f"{path}: the {DIRECTIVE} block at line {stray[0].line} is outside a solution, so "
            "the student edition would show its checks: move it into the exercise's solution"
        )
    exercises: list[Exercise] = []
    for fence in (f for f in fences if f.name == "exercise"):
        options, text = _options(fence.body)
        while text and not text[0].strip():
            text = text[1:]
        label = options.get("label")
        heading = f"Exercise {len(exercises) + 1}" + (
            f": {fence.argument}" if fence.argument else ""
        )
        code, autograde = _solution_parts(path, label or "", solutions.pop(label or "", None))
        exercises.append(Exercise(label, heading, text, code, autograde))
    for label, solution in solutions.items():
        if any(f.name == DIRECTIVE for f in _fences(solution.body)):
            raise AssignError(
                f"{path}: a solution with {DIRECTIVE} checks names no exercise {label!r}"
            )
    return _title(lines), exercises


# -- the notebook --------------------------------------------------------------------


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
    from teachkit._launch import install_cell_source

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
    nbformat = _nbformat()
    folder = Path(book) / "chapters"
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
    parsed = {name: parse_chapter(folder / f"{name}.md") for name in wanted or with_exercises}
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
            staged = Path(tmp) / name
            for copy, hidden in (("student", False), ("autograder", True)):
                (staged / copy / "tests").mkdir(parents=True)
                nbformat.write(notebook, staged / copy / f"{name}.ipynb")
                for exercise in exercises:
                    checks = exercise.autograde
                    if checks is None:
                        continue
                    cases = [c for c in checks.cases if hidden or not c.hidden]
                    text = ok_test(
                        str(exercise.label), cases, points=checks.points, answers=checks.answers
                    )
                    (staged / copy / "tests" / f"{exercise.label}.py").write_text(text, "utf-8")
                if not any(e.autograde for e in exercises):
                    (staged / copy / "tests").rmdir()
            (staged / "README.md").write_text(_readme(name, title, exercises), "utf-8")
        for name in parsed:
            final = target / name
            if final.exists():
                final.rename(Path(tmp) / f"{name}.old")
            (Path(tmp) / name).rename(final)
            written.append(final)
    return written


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
    """``python -m teachkit._assign [CHAPTER ...] [--out DIR]``: export assignments."""
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
