"""The exercises of a chapter and their autograder checks, read from its MyST source.

An author adds checks to a data exercise inside its solution, so the student edition
(which strips every solution) never shows them: a ``teachkit-autograde`` block (see
:mod:`teachkit.book.assign`) with ``:answer:``, ``:points:`` and ``assert`` lines under
``# public`` and ``# hidden``. :func:`parse_chapter` finds a chapter's exercises, their
solutions and their checks; :func:`parse_autograde` reads one block.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from teachkit.book.solutions import (
    _LITERAL,
    _closing,
    _directive,
    _opener,
    gated_span,
)

DIRECTIVE = "teachkit-autograde"
_PYTHON = frozenset({"python", "py", "python3", "ipython", "ipython3"})
_CODE_DIRECTIVES = frozenset({"code-cell", "code", "code-block", "sourcecode"})
_SECTION = re.compile(r"#\s*(public|hidden)\s*", re.IGNORECASE)
_OPTION = re.compile(r"[ \t]*:(?P<key>[\w-]+):(?P<value>.*)")
_ROLE = re.compile(r"\{(?P<role>[\w:+-]+)\}`(?P<content>[^`]+)`")


class AssignError(ValueError):
    """A chapter cannot be made into an assignment; the message says why and where."""


@dataclass(frozen=True)
class Case:
    """One check: its Python source, whether it is hidden, and the assert's message.

    The source is the block's imports, then the statements before the ``assert``, then it.
    """

    code: str
    hidden: bool = False
    message: str = ""


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
    solution_text: list[str] = field(default_factory=list)  # the model answer, MyST


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
        segment = (ast.get_source_segment(source, statement) or "").strip("\n") + "\n"
        if isinstance(statement, ast.Import | ast.ImportFrom):
            imports.append(segment)  # every later check needs it: each runs on its own
            continue
        pending.append(segment)
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
        solution = solutions.pop(label or "", None)
        code, autograde = _solution_parts(path, label or "", solution)
        model = _options(solution.body)[1] if solution else []
        exercises.append(Exercise(label, heading, text, code, autograde, model))
    for label, solution in solutions.items():
        if any(f.name == DIRECTIVE for f in _fences(solution.body)):
            raise AssignError(
                f"{path}: a solution with {DIRECTIVE} checks names no exercise {label!r}"
            )
    return _title(lines), exercises


# -- the notebook --------------------------------------------------------------------
