"""Autograder checks for assignment notebooks, in otter-grader's OK test format.

An assignment made by ``python3 dev.py assign`` (see ``teachkit.book.assign``) comes with
a ``tests/`` folder next to its notebook: one OK-format file per exercise, a Python
file that defines ``test = {"name": ..., "points": ..., "suites": [{"cases": [...]}]}``,
each case a doctest (``">>> assert ..."``). ``check`` runs one exercise's cases against
a notebook's variables and ``check_all`` runs them all; both only read and report, so a
wrong or missing answer never raises. This module needs nothing outside the standard
library, so it loads quickly in a student's kernel.
"""

from __future__ import annotations

import contextlib
import copy
import doctest
import pprint
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Status = Literal["passed", "failed", "not answered"]
TESTS_DIR = "tests"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(frozen=True)
class Case:
    """One test case: doctest source (``>>> ...`` lines), whether it is hidden, its message."""

    code: str
    hidden: bool = False
    message: str = ""


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: passed, or what went wrong."""

    case: Case
    passed: bool
    problem: str = ""


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class CheckResult:
    """The result of checking one exercise; shows itself as Markdown in Jupyter.

    ``status`` is ``"passed"`` (every case passed), ``"failed"`` or ``"not answered"``
    (an answer variable is missing or still ``...``). ``score`` follows otter-grader:
    all or nothing when the test file says ``all_or_nothing``, else the points of the
    passed cases.
    """

    question: str
    points: float
    status: Status
    results: tuple[CaseResult, ...] = ()
    missing: tuple[str, ...] = ()
    all_or_nothing: bool = True

    @property
    def passed(self) -> bool:
        """Whether every case passed."""
        return self.status == "passed"

    @property
    def score(self) -> float:
        """The points earned."""
        if self.status == "not answered" or not self.results:
            return 0.0
        if self.all_or_nothing:
            return self.points if self.passed else 0.0
        each = self.points / len(self.results)
        return each * sum(r.passed for r in self.results)

    def _parts(self, markdown: bool) -> tuple[str, str, list[str]]:
        """The headline, a paragraph of advice and a list of failed checks."""
        name = f"`{self.question}`" if markdown else self.question
        points = f"{_number(self.score)} of {_number(self.points)} points"
        if self.status == "not answered":
            names = ", ".join(f"`{n}`" if markdown else n for n in self.missing)
            advice = (
                f"Give {names} a value in the answer cell above, run that cell, "
                "then run this check again."
            )
            return f"{name}: not answered yet ({points}).", advice, []
        failed = [r for r in self.results if not r.passed]
        if not failed:
            checks = "its check" if len(self.results) == 1 else f"all {len(self.results)} checks"
            return f"{name}: passed {checks} ({points}).", "", []
        esc = _md if markdown else str
        problems = [
            f"- {'hidden check' if r.case.hidden else 'check'}: {esc(r.problem)}" for r in failed
        ]
        headline = f"{name}: failed {len(failed)} of {len(self.results)} checks ({points})."
        return headline, "", problems

    def _repr_markdown_(self) -> str:
        headline, advice, problems = self._parts(markdown=True)
        blocks = [f"**{headline}**", advice, "\n".join(problems)]
        return "\n\n".join(block for block in blocks if block)

    def __repr__(self) -> str:
        headline, advice, problems = self._parts(markdown=False)
        return "\n".join(line for line in [headline, advice, *problems] if line)


@dataclass(frozen=True)
class CheckSummary:
    """Every exercise's result and the total score; shows itself as a table in Jupyter."""

    results: tuple[CheckResult, ...]

    @property
    def score(self) -> float:
        """The points earned, summed over the exercises."""
        return sum(r.score for r in self.results)

    @property
    def possible(self) -> float:
        """The points available."""
        return sum(r.points for r in self.results)

    def _repr_markdown_(self) -> str:
        rows = [
            f"| `{r.question}` | {r.status} | {_number(r.score)} of {_number(r.points)} |"
            for r in self.results
        ]
        return "\n".join(
            [
                f"**Score: {_number(self.score)} of {_number(self.possible)} points**",
                "",
                "| Exercise | Result | Points |",
                "| --- | --- | --- |",
                *rows,
            ]
        )

    def __repr__(self) -> str:
        width = max((len(r.question) for r in self.results), default=0)
        rows = [
            f"{r.question:<{width}}  {r.status:<12}  {_number(r.score)} of {_number(r.points)}"
            for r in self.results
        ]
        return "\n".join(
            [f"Score: {_number(self.score)} of {_number(self.possible)} points", *rows]
        )


# -- the OK test format -----------------------------------------------------------------


def ok_test(
    name: str, cases: Iterable[Case], *, points: float = 1, answers: Iterable[str] = ()
) -> str:
    """The text of an OK-format test file (otter-grader's ``tests/<name>.py``).

    The cases are graded all or nothing: an exercise earns its points only when
    every case passes. ``answers`` names the variables the student defines; it is
    an extra key otter-grader ignores.

    Examples
    --------
    >>> text = ok_test("q1", [Case(to_doctest("assert x == 1"))], points=2, answers=["x"])
    >>> spec = {}
    >>> exec(text, spec)
    >>> spec["test"]["points"], spec["test"]["suites"][0]["cases"][0]["hidden"]
    (2, False)
    """
    spec = {
        "name": name,
        "points": points,
        "all_or_nothing": True,
        "answers": list(answers),
        "suites": [
            {
                "cases": [
                    {"code": case.code, "hidden": case.hidden, "locked": False} for case in cases
                ],
                "scored": True,
                "setup": "",
                "teardown": "",
                "type": "doctest",
            }
        ],
    }
    body = pprint.pformat(spec, sort_dicts=False, width=100)
    header = f'"""Autograder test for {name} (OK format, as otter-grader reads it)."""'
    # otter-grader 7 reads a test file only if it says which format it is in
    return f"{header}\n\nOK_FORMAT = True\n\ntest = {body}\n"


def to_doctest(source: str) -> str:
    r"""One Python statement as doctest source: ``>>> `` before its first line, ``... `` after.

    Examples
    --------
    >>> to_doctest("assert (\n    x == 1\n)")
    '>>> assert (\n...     x == 1\n... )\n'
    """
    first, *rest = source.strip("\n").splitlines()
    return "".join([f">>> {first}\n", *(f"... {line}\n" for line in rest)])


def _load(path: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    try:
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        spec = namespace["test"]
        cases = spec["suites"][0]["cases"]
        if not isinstance(spec, dict) or not all(isinstance(c["code"], str) for c in cases):
            raise TypeError("not a mapping of cases with code")
    except Exception as err:  # any malformed file gets the same clear message
        raise ValueError(
            f"{path} is not an OK-format test file (a Python file defining "
            f"test = {{'name': ..., 'points': ..., 'suites': [{{'cases': [...]}}]}}): {err}"
        ) from err
    return spec


def _questions(tests_dir: str | Path) -> tuple[Path, list[str]]:
    folder = Path(tests_dir)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no tests folder at {folder.resolve()}: run this notebook from the folder it came "
            f"in, next to its {folder.name}/ folder, or pass tests_dir= the folder's path"
        )
    return folder, sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))


# -- running the cases ------------------------------------------------------------------


class _Runner(doctest.DocTestRunner):
    """A doctest runner that remembers the first problem instead of printing a report."""

    def __init__(self) -> None:
        super().__init__(verbose=False)
        self.problem = ""
        self.exception: BaseException | None = None

    def report_failure(
        self, out: Any, test: doctest.DocTest, example: doctest.Example, got: str
    ) -> None:
        if not self.problem:
            self.problem = f"expected {example.want.strip()!r}, got {got.strip()!r}"

    def report_unexpected_exception(
        self, out: Any, test: doctest.DocTest, example: doctest.Example, exc_info: Any
    ) -> None:
        error = exc_info[1]
        if self.exception is None:
            self.exception = error
            source = example.source.strip()
            if isinstance(error, AssertionError):
                self.problem = str(error) or f"this did not hold: {source}"
            else:
                self.problem = f"{type(error).__name__}: {error} (while checking: {source})"


def _copy(env: Mapping[str, Any], answers: Iterable[str]) -> dict[str, Any]:
    """A copy of ``env`` in which the answers are deep copies, where they can be copied."""
    namespace = dict(env)
    for name in answers:
        with contextlib.suppress(Exception):  # an answer that cannot be copied is shared
            namespace[name] = copy.deepcopy(env[name])
    return namespace


def _run(question: str, case: Case, env: dict[str, Any]) -> tuple[CaseResult, str | None]:
    """Run one case; also return the name a NameError says is undefined, if any."""
    examples = doctest.DocTestParser().get_examples(case.code, question)
    runner = _Runner()
    runner.run(doctest.DocTest(examples, env, question, None, None, None), out=lambda _: None)
    undefined = None
    if isinstance(runner.exception, NameError):
        undefined = getattr(runner.exception, "name", None) or str(runner.exception)
    return CaseResult(case, not runner.problem, runner.problem), undefined


def check(
    question: str, env: Mapping[str, Any], *, tests_dir: str | Path = TESTS_DIR
) -> CheckResult:
    """Check one exercise's answer: run its test cases against a notebook's variables.

    Parameters
    ----------
    question : str
        The exercise's label, the name of its file in ``tests_dir`` (``ex-<chapter>-<n>``).
    env : mapping
        The variables to check, usually ``globals()`` in the notebook. Each case runs in
        its own copy of it, with deep copies of the answer variables, so a check cannot
        change the student's answers.
    tests_dir : str or Path, default "tests"
        The folder of OK-format test files, relative to the notebook's folder.

    Returns
    -------
    CheckResult
        Passed, failed (with each failing check's message) or not answered yet
        (an answer variable is undefined or still ``...``). A wrong answer never raises.

    Raises
    ------
    FileNotFoundError
        If ``tests_dir`` is not a folder.
    ValueError
        If no test file is named ``question`` (the message lists those there are),
        or the file is not in the OK format.

    Examples
    --------
    >>> import tempfile
    >>> test_file = ok_test("q1", [Case(to_doctest("assert x == 1"))], answers=["x"])
    >>> with tempfile.TemporaryDirectory() as tests:
    ...     _ = (Path(tests) / "q1.py").write_text(test_file)
    ...     print(check("q1", {"x": ...}, tests_dir=tests).status)
    ...     print(check("q1", {"x": 2}, tests_dir=tests))
    not answered
    q1: failed 1 of 1 checks (0 of 1 points).
    - check: this did not hold: assert x == 1
    """
    folder, questions = _questions(tests_dir)
    if question not in questions:
        valid = ", ".join(repr(q) for q in questions) or "none"
        raise ValueError(f"no check named {question!r} in {folder}: the checks there are {valid}")
    spec = _load(folder / f"{question}.py")
    points = float(spec.get("points", 1))
    all_or_nothing = bool(spec.get("all_or_nothing", False))  # otter-grader's default
    answers = [str(a) for a in spec.get("answers", [])]
    missing = [a for a in answers if a not in env or env[a] is Ellipsis]
    if missing:
        return CheckResult(question, points, "not answered", missing=tuple(missing))
    cases = [Case(c["code"], bool(c.get("hidden", True)), "") for c in spec["suites"][0]["cases"]]
    results = []
    for case in cases:  # each case runs in its own copy of env, as in otter-grader
        result, undefined = _run(question, case, _copy(env, answers))
        if undefined is not None:
            return CheckResult(question, points, "not answered", missing=(undefined,))
        results.append(result)
    status: Status = "passed" if all(r.passed for r in results) else "failed"
    return CheckResult(question, points, status, tuple(results), all_or_nothing=all_or_nothing)


def check_all(env: Mapping[str, Any], *, tests_dir: str | Path = TESTS_DIR) -> CheckSummary:
    """Check every exercise that has a test file in ``tests_dir`` and add up the points.

    Parameters
    ----------
    env : mapping
        The variables to check, usually ``globals()`` in the notebook.
    tests_dir : str or Path, default "tests"
        The folder of OK-format test files.

    Returns
    -------
    CheckSummary
        One result per exercise, in name order, and the total score.
    """
    _, questions = _questions(tests_dir)
    return CheckSummary(tuple(check(q, env, tests_dir=tests_dir) for q in questions))
