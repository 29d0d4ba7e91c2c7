"""A chapter's exercises as an Otter Assign source notebook (``python3 dev.py assign``).

Otter Assign (otter-grader) turns one *source* notebook into a student notebook and
an autograder. :func:`source_notebook` writes that source from a chapter's MyST
exercises (read by :mod:`teachkit.book.exercises`): a raw ``# ASSIGNMENT CONFIG``
cell, then per exercise a ``# BEGIN QUESTION`` ... ``# END QUESTION`` block holding
the exercise's text and given code, its solution, and, for an exercise with a
``teachkit-autograde`` block, one test cell per check (``# HIDDEN`` first for a hidden
one). An exercise without checks becomes a manually graded question whose solution
is the model answer, which only the instructor's copy keeps.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from teachkit.book.downloads import install_cell_source
from teachkit.book.exercises import _PYTHON, DIRECTIVE, Exercise, _fences, _title

OTTER_PIN = "otter-grader==7.0.0"
REQUIREMENTS = "requirements.txt"  # next to the source notebook: teachkit, for Gradescope
_ROLE = re.compile(r"\{(?P<role>[\w:+-]+)\}`(?P<content>[^`]+)`")


def _nbformat() -> Any:
    return importlib.import_module("nbformat")  # untyped; needed only to export


def markdown(lines: Sequence[str], chapters: Path) -> str:
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


def setup_source(name: str, pip_source: str | None) -> str:
    """The student notebook's first cell: set up and start otter's grader.

    It installs teachkit (the book's own install cell) and otter-grader where missing.
    """
    return (
        install_cell_source(pip_source)
        + 'if importlib.util.find_spec("otter") is None:\n'
        + f'    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", '
        f'"{OTTER_PIN}"])\n'
        + "    importlib.invalidate_caches()\n"
        + "\n"
        + "import otter\n"
        + "import teachkit as tk\n"
        + "\n"
        + f'grader = otter.Notebook("{name}.ipynb")'
    )


def _config(name: str, pip_source: str | None) -> str:
    config: dict[str, Any] = {
        "name": name,
        "init_cell": False,  # the setup cell installs otter first, then starts the grader
        "check_all_cell": True,
        "export_cell": False,
        "run_tests": True,  # the model answers must pass every check
        "solutions_pdf": False,
        "generate": True,
        "tests": {"files": False, "ok_format": True},
    }
    if pip_source:  # Gradescope's container installs these (see REQUIREMENTS)
        config["requirements"] = REQUIREMENTS
    return "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)


def _raw(text: str) -> Any:
    return _nbformat().v4.new_raw_cell(text)


def _text_cells(exercise: Exercise, chapters: Path) -> list[Any]:
    """The exercise's heading and text, its Python code blocks as code cells."""
    v4 = _nbformat().v4
    cells, start = [], 0
    text = [f"## {exercise.heading}\n", "\n", *exercise.text]
    for fence in _fences(text, 0):  # line numbers from 0: indices into text
        language = (fence.argument.split() or [""])[0].lower()
        if fence.line < start or fence.name is not None or language not in _PYTHON:
            continue  # inside a block already handled, or not a Python code block
        cells.append(v4.new_markdown_cell(markdown(text[start : fence.line], chapters)))
        cells.append(v4.new_code_cell("".join(fence.body).rstrip("\n")))
        start = fence.last + 1
    rest = markdown(text[start:], chapters)
    if rest:
        cells.append(v4.new_markdown_cell(rest))
    return cells


def _model_answer(exercise: Exercise, chapters: Path) -> str:
    """The solution's text without its autograder block, as Markdown."""
    lines = list(exercise.solution_text)
    for fence in reversed(list(_fences(lines, 0))):
        if fence.name == DIRECTIVE:
            del lines[fence.line : fence.last + 1]
    answer = markdown(lines, chapters) or "(The chapter gives no model answer in words.)"
    return f"**Model answer.** {answer}"


def _answer_source(exercise: Exercise) -> str:
    """The answer cell: hints, ``name = ...`` for students, the model code for the key."""
    checks = exercise.autograde
    assert checks is not None
    hints = [f"# - {c.message}" for c in checks.cases if not c.hidden and c.message]
    prompt = [f"{name} = ...  # your answer" for name in checks.answers]
    return "\n".join(
        [
            f"# Your code for {exercise.heading.split(':')[0].lower()}. Keep the name(s) below:",
            "# the checks (grader.check in the next cell) look for them.",
            *(["# What the checks look for:", *hints] if hints else []),
            '""" # BEGIN PROMPT',
            *prompt,
            '""" # END PROMPT',
            "# BEGIN SOLUTION NO PROMPT",
            *"".join(exercise.solution_code).rstrip("\n").splitlines(),
            "# END SOLUTION",
        ]
    )


def _question(exercise: Exercise, chapters: Path) -> list[Any]:
    v4 = _nbformat().v4
    checks = exercise.autograde
    config: dict[str, Any] = {"name": str(exercise.label)}
    if checks is None:
        config["manual"] = True
    else:
        config.update(points=checks.points, all_or_nothing=True)
    cells = [_raw("# BEGIN QUESTION\n" + yaml.safe_dump(config, sort_keys=False))]
    cells += _text_cells(exercise, chapters)
    cells.append(_raw("# BEGIN SOLUTION"))
    if checks is not None:
        cells.append(v4.new_code_cell(_answer_source(exercise)))
    cells.append(v4.new_markdown_cell(_model_answer(exercise, chapters)))
    cells.append(_raw("# END SOLUTION"))
    if checks is not None:
        cells.append(_raw("# BEGIN TESTS"))
        for case in checks.cases:
            prefix = "# HIDDEN\n" if case.hidden else ""
            cells.append(v4.new_code_cell(prefix + case.code.rstrip("\n")))
        cells.append(_raw("# END TESTS"))
    cells.append(_raw("# END QUESTION"))
    return cells


def source_notebook(
    name: str,
    title: str,
    exercises: Sequence[Exercise],
    *,
    chapters: Path,
    pip_source: str | None = None,
) -> Any:
    """The Otter Assign source notebook for one chapter: config, setup, one question each.

    Exercises without a label cannot be questions (otter names tests after them) and
    are left out; :func:`teachkit.book.exercises.parse_chapter` readers see them.
    """
    v4 = _nbformat().v4
    intro = (
        f"# Assignment: {title}\n\n"
        "Run the first cell first: it installs what this notebook needs where it is missing "
        "and starts the checks. Answer each exercise in the cells under it. After an answer "
        'cell, run `grader.check("...")` to test the form of your answer; your instructor\'s '
        "grading runs more checks (hidden ones), so passing these is not the whole grade. "
        "Exercises answered in words are marked by hand."
    )
    cells = [
        _raw(_config(name, pip_source)),
        v4.new_markdown_cell(intro),
        v4.new_code_cell(setup_source(name, pip_source)),
    ]
    for exercise in exercises:
        if exercise.label:
            cells += _question(exercise, chapters)
    notebook = v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    _nbformat().validate(notebook)
    return notebook
