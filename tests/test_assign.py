"""Assignment export (``dev.py assign``) and its autograder checks (``tk.check``)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bookhelpers import ROOT, assert_strict, build_book, fixture_book, load_dev
from nbclient import NotebookClient

import teachkit as tk
from teachkit.book import assign as _assign
from teachkit.book import grader as _grader
from teachkit.book.assign import AssignError, export_assignments, parse_autograde, parse_chapter
from teachkit.book.grader import Case, ok_test, to_doctest

HEADER = (ROOT / "chapters" / "how_to_use.md").read_text(encoding="utf-8").split("\n---\n")[0]
CHAPTER = (
    HEADER
    + """
---

(fixture-chapter)=
# A chapter to assign

Every solution below holds a marker word starting with tkleak; none may reach a student.

```{code-cell} ipython3
import teachkit as tk
```

## On your own

:::{exercise}
:label: ex-fixture-1

**Data.** Add up the numbers below (tkexercisetext7q), as in {doc}`fixture`.

```python
given = [1, 2, 3]
```
:::

:::{solution} ex-fixture-1
:class: dropdown

Prose answer: tkleakprose7q.

```python
total = 6  # tkleakcode7q
```

```{teachkit-autograde}
:answer: total
:points: 2

# public
assert isinstance(total, int), "total should be an int (tkpublicmsg7q)"
# hidden
assert total == 6, "total should be six (tkleakhidden7q)"
```
:::

:::{exercise}
:label: ex-fixture-2

An argument exercise.
:::

::::{solution} ex-fixture-2
:class: dropdown

Outer text tkleaknested7q.

:::{note}
tkleaknote7q
:::
::::

:::{exercise}
:label: ex-fixture-3

A data exercise with a gated solution.
:::

:::{solution-start} ex-fixture-3
:::

Gated prose tkleakgated7q.

```python
count = len("abc")
```

```{teachkit-autograde}
:answer: count

import math

assert count > 0, "count should be positive"
# hidden
assert math.isfinite(count) and count == 3, "count should be three (tkleakgatedhidden7q)"
```

:::{solution-end}
:::
"""
)
MARKERS = re.compile(r"tkleak\w+")


def _book(tmp_path: Path, text: str = CHAPTER) -> Path:
    book = tmp_path / "src"
    (book / "chapters").mkdir(parents=True)
    (book / "chapters" / "fixture.md").write_text(text, encoding="utf-8")
    (book / "chapters" / "empty.md").write_text(HEADER + "\n---\n\n# No exercises\n")
    return book


def _cells(notebook: Any, role: str) -> list[Any]:
    return [c for c in notebook.cells if c.metadata["teachkit"]["role"] == role]


# -- parsing ---------------------------------------------------------------------------


def test_checks_split_into_public_and_hidden_cases_with_their_imports() -> None:
    checks = parse_autograde(
        "import math\nassert x > 0, 'positive'\n# hidden\ny = x * 2\nassert y == 4\n"
        "# public\nassert math.isfinite(x)\n",
        answer=" x ",
        points="1.5",
    )
    assert checks.answers == ("x",)
    assert checks.points == 1.5
    assert [c.hidden for c in checks.cases] == [False, True, False]
    assert checks.cases[0].code == ">>> import math\n>>> assert x > 0, 'positive'\n"
    assert checks.cases[1].code == ">>> import math\n>>> y = x * 2\n>>> assert y == 4\n"
    assert checks.cases[0].message == "positive"
    assert parse_autograde("assert a and b", answer="a, b").points == 1


def test_a_chapter_parses_into_exercises_with_solutions_and_checks(tmp_path: Path) -> None:
    title, exercises = parse_chapter(_book(tmp_path) / "chapters" / "fixture.md")
    assert title == "A chapter to assign"
    assert [e.label for e in exercises] == ["ex-fixture-1", "ex-fixture-2", "ex-fixture-3"]
    assert [e.heading for e in exercises] == ["Exercise 1", "Exercise 2", "Exercise 3"]
    first, second, gated = exercises
    assert first.text[0].startswith("**Data.**")
    assert first.solution_code == ["total = 6  # tkleakcode7q\n"]
    assert first.autograde is not None
    assert first.autograde.answers == ("total",)
    assert first.autograde.points == 2
    assert second.autograde is None
    assert gated.solution_code == ['count = len("abc")\n']
    assert gated.autograde is not None
    assert [c.hidden for c in gated.autograde.cases] == [False, True]


def test_the_ok_format_round_trips_through_the_grader(tmp_path: Path) -> None:
    cases = [Case(to_doctest("assert x > 0")), Case(to_doctest("assert x == 2"), hidden=True)]
    (tmp_path / "q.py").write_text(ok_test("q", cases, points=4, answers=["x"]))
    spec: dict[str, Any] = {}
    exec((tmp_path / "q.py").read_text(), spec)
    suite = spec["test"]["suites"][0]
    assert spec["OK_FORMAT"] is True  # otter-grader 7 refuses a test file without it
    assert spec["test"]["name"] == "q"
    assert (suite["type"], suite["setup"], suite["teardown"], suite["scored"]) == (
        "doctest",
        "",
        "",
        True,
    )
    assert [c["hidden"] for c in suite["cases"]] == [False, True]
    assert _grader.check("q", {"x": 2}, tests_dir=tmp_path).score == 4
    assert _grader.check("q", {"x": 1}, tests_dir=tmp_path).score == 0  # all or nothing


# -- the grader ------------------------------------------------------------------------


@pytest.fixture
def tests_dir(tmp_path: Path) -> Path:
    cases = [
        Case(to_doctest("assert isinstance(x, int), 'x should be an int'")),
        Case(to_doctest("assert x == 2, 'x should be two'"), hidden=True),
    ]
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "q1.py").write_text(ok_test("q1", cases, points=2, answers=["x"]))
    (folder / "q2.py").write_text(ok_test("q2", [Case(to_doctest("assert y"))], answers=["y"]))
    return folder


def test_check_reports_passed_failed_and_not_answered(tests_dir: Path) -> None:
    right = tk.check("q1", {"x": 2}, tests_dir=tests_dir)
    assert (right.status, right.score) == ("passed", 2)
    assert "passed all 2 checks" in repr(right)
    wrong = tk.check("q1", {"x": 3}, tests_dir=tests_dir)
    assert (wrong.status, wrong.score) == ("failed", 0)
    assert "hidden check: x should be two" in repr(wrong)
    assert "x should be an int" not in repr(wrong)  # only the failing check is listed
    for env in ({"x": ...}, {}):
        unanswered = tk.check("q1", env, tests_dir=tests_dir)
        assert unanswered.status == "not answered"
        assert "not answered yet" in unanswered._repr_markdown_()
        assert "`x`" in unanswered._repr_markdown_()
    odd = tk.check("q1", {"x": "two"}, tests_dir=tests_dir)
    assert "x should be an int" in odd._repr_markdown_()


def test_a_check_never_changes_the_notebook_and_never_raises(tests_dir: Path) -> None:
    (tests_dir / "q3.py").write_text(
        ok_test(
            "q3",
            [Case(to_doctest("x.append(1)") + to_doctest("assert x == [1]"))],
            answers=["x"],
        )
    )
    env: dict[str, Any] = {"x": []}
    assert tk.check("q3", env, tests_dir=tests_dir).passed
    assert tk.check("q3", env, tests_dir=tests_dir).passed  # the first check added nothing
    assert env == {"x": []}
    env["x"] = 5  # has no append: an AttributeError is a failed check, not a crash
    result = tk.check("q3", env, tests_dir=tests_dir)
    assert result.status == "failed"
    assert "AttributeError" in repr(result)


def test_check_all_adds_up_the_points(tests_dir: Path) -> None:
    summary = tk.check_all({"x": 2, "y": False}, tests_dir=tests_dir)
    assert [r.question for r in summary.results] == ["q1", "q2"]
    assert (summary.score, summary.possible) == (2, 3)
    assert "**Score: 2 of 3 points**" in summary._repr_markdown_()
    assert "q2" in repr(summary)


def test_partial_credit_follows_the_files_all_or_nothing_setting(tests_dir: Path) -> None:
    path = tests_dir / "q1.py"
    path.write_text(path.read_text().replace("'all_or_nothing': True", "'all_or_nothing': False"))
    assert tk.check("q1", {"x": 3}, tests_dir=tests_dir).score == 1


def test_unknown_questions_and_missing_tests_get_clear_errors(
    tests_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=r"no check named 'q9' .* the checks there are 'q1', 'q2'"):
        tk.check("q9", {}, tests_dir=tests_dir)
    with pytest.raises(FileNotFoundError, match=r"no tests folder at .*nowhere.*tests_dir="):
        tk.check("q1", {}, tests_dir=tmp_path / "nowhere")
    (tests_dir / "q4.py").write_text("test = 3\n")
    with pytest.raises(ValueError, match=r"q4.py is not an OK-format test file"):
        tk.check("q4", {}, tests_dir=tests_dir)


# -- bad input -------------------------------------------------------------------------


def _fails(tmp_path: Path, text: str, match: str, chapters: list[str] | None = None) -> None:
    book = _book(tmp_path, text)
    with pytest.raises(AssignError, match=match):
        export_assignments(chapters or ["fixture"], book=book, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing half-built


def test_an_unknown_chapter_lists_the_chapters_with_exercises(tmp_path: Path) -> None:
    _fails(
        tmp_path, CHAPTER, r"no chapter 'nope' in .*; chapters with exercises: fixture$", ["nope"]
    )


def test_a_chapter_without_exercises_says_so(tmp_path: Path) -> None:
    _fails(
        tmp_path,
        CHAPTER,
        r"empty\.md has no exercises; chapters with exercises: fixture",
        ["empty"],
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (":answer: total\n", "", r"no :answer: option"),
        (":answer: total\n", ":answer: 2total\n", r"must be Python names"),
        (":points: 2\n", ":points: none\n", r":points: must be a positive number"),
        (":points: 2\n", ":points: 0\n", r":points: must be a positive number"),
        (":points: 2\n", ":points: inf\n", r":points: must be a positive number"),
        ("assert total == 6, ", "total == 6, ", r"statements after its last assert"),
        (":answer: total\n", ":answer: total, grand_total\n", r"never defines grand_total"),
        ("# public\n", "# hidden\n", r"has no public check"),
        ("total = 6  #", "total = = 6  #", r"solution's Python code is not valid Python"),
        ("assert total == 6,", "assert total ==,", r"is not valid Python \(line 51"),
    ],
)
def test_a_malformed_check_names_the_file_and_exercise(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert CHAPTER.count(old) >= 1
    text = CHAPTER.replace(old, new, 1)
    _fails(tmp_path, text, rf"fixture\.md \(ex-fixture-1\): .*{message}")


def test_no_asserts_at_all_is_an_error(tmp_path: Path) -> None:
    text = CHAPTER.replace("assert isinstance(total, int), ", "").replace("assert total == 6, ", "")
    _fails(tmp_path, text, r"fixture\.md \(ex-fixture-1\): .*has no assert statements")


def test_two_check_blocks_in_one_solution_are_refused(tmp_path: Path) -> None:
    block = CHAPTER.split("```{teachkit-autograde}", 1)[1].split("```\n", 1)[0]
    text = CHAPTER.replace(
        ":::\n\n:::{exercise}\n:label: ex-fixture-2",
        "```{teachkit-autograde}" + block + "```\n:::\n\n:::{exercise}\n:label: ex-fixture-2",
        1,
    )
    _fails(tmp_path, text, r"fixture\.md \(ex-fixture-1\): a solution may hold one")


@pytest.mark.parametrize("where", ["**Data.** Add up", "## On your own"])
def test_checks_outside_a_solution_are_refused(tmp_path: Path, where: str) -> None:
    block = "```{teachkit-autograde}\n:answer: total\n\nassert total == 6\n```\n\n"
    text = CHAPTER.replace(where, block + where, 1)
    _fails(tmp_path, text, r"fixture\.md: the teachkit-autograde block at line \d+ is outside")


def test_checks_for_an_unknown_exercise_are_refused(tmp_path: Path) -> None:
    text = CHAPTER.replace(":::{solution} ex-fixture-1", ":::{solution} ex-fixture-9")
    _fails(
        tmp_path,
        text,
        r"fixture\.md: a solution with teachkit-autograde checks names no exercise 'ex-fixture-9'",
    )


# -- the export ------------------------------------------------------------------------


def test_no_solution_reaches_a_student_and_no_hidden_check_the_student_tests(
    tmp_path: Path,
) -> None:
    book = _book(tmp_path)
    (written,) = export_assignments(None, book=book, out=tmp_path / "out")
    assert written == tmp_path / "out" / "fixture"
    student, grader = written / "student", written / "autograder"
    for path in sorted(p for p in written.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        if path.parent.name == "tests" and path.parent.parent == grader:
            assert MARKERS.findall(text) in (["tkleakhidden7q"], ["tkleakgatedhidden7q"]), path
        else:
            assert not MARKERS.findall(text), path
    notebook = nbformat.read(student / "fixture.ipynb", as_version=4)
    assert nbformat.read(grader / "fixture.ipynb", as_version=4) == notebook
    text = json.dumps(notebook.cells)
    assert "tkexercisetext7q" in text  # the exercises are there ...
    assert "*A chapter to assign*" in text  # ... with MyST roles made plain Markdown
    assert "tkpublicmsg7q" in _cells(notebook, "answer")[0].source  # public messages guide
    assert sorted(p.name for p in (student / "tests").iterdir()) == [
        "ex-fixture-1.py",
        "ex-fixture-3.py",
    ]
    for name in ("ex-fixture-1", "ex-fixture-3"):
        spec: dict[str, Any] = {}
        exec((student / "tests" / f"{name}.py").read_text(), spec)
        assert not any(c["hidden"] for c in spec["test"]["suites"][0]["cases"])
        assert "hidden" in (grader / "tests" / f"{name}.py").read_text()
    readme = (written / "README.md").read_text()
    assert "| Exercise 1 | `ex-fixture-1` | total | 2 | 1 | 1 |" in readme
    assert "| Exercise 2 | `ex-fixture-2` | by hand |" in readme


def test_the_notebook_has_setup_exercises_answer_cells_checks_and_a_score(tmp_path: Path) -> None:
    from teachkit.book.launch import install_cell_source

    (written,) = export_assignments(["chapters/fixture.md"], book=_book(tmp_path), out=tmp_path)
    notebook = nbformat.read(written / "student" / "fixture.ipynb", as_version=4)
    nbformat.validate(notebook)
    cells = notebook.cells
    assert cells[0].source.startswith("# Assignment: A chapter to assign")
    assert cells[1].source == install_cell_source(None).rstrip("\n")
    assert cells[2].source == "import teachkit as tk"
    headings = [c.source.split("\n")[0] for c in _cells(notebook, "text")]
    assert headings[:3] == ["## Exercise 1", "## Exercise 2", "## Exercise 3"]
    assert [c.source for c in _cells(notebook, "given")] == ["given = [1, 2, 3]"]
    assert _cells(notebook, "answer")[0].source.endswith("total = ...  # your answer")
    assert [c.source for c in _cells(notebook, "check")] == [
        'tk.check("ex-fixture-1", globals())',
        'tk.check("ex-fixture-3", globals())',
    ]
    assert [c.metadata["teachkit"]["exercise"] for c in _cells(notebook, "written")] == [
        "ex-fixture-1",
        "ex-fixture-2",
        "ex-fixture-3",
    ]
    assert cells[-1].source == "tk.check_all(globals())"
    assert len({c.id for c in cells}) == len(cells)


def test_a_second_export_replaces_the_chapter_folder(tmp_path: Path) -> None:
    book = _book(tmp_path)
    export_assignments(["fixture"], book=book, out=tmp_path / "out")
    stale = tmp_path / "out" / "fixture" / "student" / "tests" / "stale.py"
    stale.write_text("test = {}\n")
    export_assignments(["fixture"], book=book, out=tmp_path / "out")
    assert not stale.exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fixture"]  # no temp left


def test_the_command_line_reports_bad_input_and_writes_on_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = _book(tmp_path)
    assert _assign.main(["empty", "--book", str(book)]) == 2
    assert "empty.md has no exercises; chapters with exercises: fixture" in capsys.readouterr().err
    assert _assign.main(["--book", str(book), "--out", str(tmp_path / "out")]) == 0
    assert "keep autograder/ to yourself" in capsys.readouterr().out
    assert (tmp_path / "out" / "fixture" / "student" / "fixture.ipynb").is_file()


def test_dev_py_assign_runs_the_export_with_the_environments_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    dev = load_dev()
    monkeypatch.setattr(dev, "setup", lambda: Path(sys.executable))
    out = tmp_path / "out"
    assert dev.main(["assign", "kennedy_khrushchev", "--out", str(out)]) == 0
    assert (out / "kennedy_khrushchev" / "autograder" / "tests").is_dir()
    assert dev.main(["assign", "glossary", "--out", str(out)]) == 2
    err = capfd.readouterr().err
    assert "chapters/glossary.md has no exercises; chapters with exercises: " in err
    assert "kennedy_khrushchev" in err.split("chapters with exercises: ")[1]


# -- the book's own checks -------------------------------------------------------------


def _graded() -> list[tuple[str, _assign.Exercise]]:
    found = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        for exercise in parse_chapter(path)[1]:
            if exercise.autograde is not None:
                found.append((path.stem, exercise))
    return found


GRADED = _graded()


def test_every_data_exercise_has_autograder_checks() -> None:
    data = [
        str(exercise.label)
        for path in sorted((ROOT / "chapters").glob("*.md"))
        for exercise in parse_chapter(path)[1]
        if exercise.text and exercise.text[0].startswith("**Data.**")
    ]
    assert len(data) >= 10
    assert sorted(data) == sorted(str(e.label) for _, e in GRADED)


def _solve(exercise: _assign.Exercise) -> dict[str, Any]:
    """The answers the model solution computes, and nothing else the checks could lean on."""
    namespace: dict[str, Any] = {}
    for code in exercise.solution_code:
        exec(code, namespace)
    assert exercise.autograde is not None
    return {name: namespace[name] for name in exercise.autograde.answers}


@pytest.mark.parametrize(("chapter", "exercise"), GRADED, ids=[str(e.label) for _, e in GRADED])
def test_the_model_solution_passes_its_checks_and_a_blank_answer_does_not(
    chapter: str, exercise: _assign.Exercise, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checks = exercise.autograde
    assert checks is not None
    label = str(exercise.label)
    answers = _solve(exercise)
    for name, cases in (
        ("public", [c for c in checks.cases if not c.hidden]),
        ("all", list(checks.cases)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{label}.py").write_text(ok_test(label, cases, answers=checks.answers))
        result = _grader.check(label, answers, tests_dir=folder)
        assert result.passed, f"{chapter}: {result!r}"
        blank = _grader.check(label, {n: ... for n in checks.answers}, tests_dir=folder)
        assert blank.status == "not answered"
        wrong = _grader.check(label, {n: None for n in checks.answers}, tests_dir=folder)
        assert wrong.status == "failed", f"{chapter}: a None answer passed"
    assert any(c.hidden for c in checks.cases), "no hidden check: the public ones give it away"


# -- end to end: the notebooks run ----------------------------------------------------


def _execute(notebook: Any, folder: Path) -> Any:
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}}
    )
    return client.execute()


def _markdown_output(cell: Any) -> str:
    return "".join(
        str(output.get("data", {}).get("text/markdown", "")) for output in cell.get("outputs", [])
    )


def test_the_exported_notebooks_run_and_the_model_answers_pass(tmp_path: Path) -> None:
    chapter = "reagan_gorbachev"
    (written,) = export_assignments([chapter], book=ROOT, out=tmp_path)
    student = written / "student"
    notebook = _execute(nbformat.read(student / f"{chapter}.ipynb", as_version=4), student)
    checks = _cells(notebook, "check")
    assert len(checks) == 2
    for cell in checks:
        assert "not answered yet" in _markdown_output(cell)
    assert "**Score: 0 of 4 points**" in _markdown_output(notebook.cells[-1])

    grader = written / "autograder"
    notebook = nbformat.read(grader / f"{chapter}.ipynb", as_version=4)
    solutions = {
        str(e.label): e.solution_code for e in parse_chapter(ROOT / "chapters" / f"{chapter}.md")[1]
    }
    for cell in _cells(notebook, "answer"):
        cell.source = "\n".join(solutions[cell.metadata["teachkit"]["exercise"]])
    notebook = _execute(notebook, grader)
    for cell in _cells(notebook, "check"):
        assert "passed all" in _markdown_output(cell), _markdown_output(cell)
    assert "**Score: 4 of 4 points**" in _markdown_output(notebook.cells[-1])


# -- the book: the directive in both editions -----------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_a_chapter_with_checks_builds_strictly_in_both_editions(
    tmp_path: Path, edition: str
) -> None:
    book = fixture_book(tmp_path, "chapter_ok.md")
    (book / "chapters" / "fixture.md").write_text(CHAPTER, encoding="utf-8")
    guide = HEADER + "\n---\n\n# Instructor guide\n\nNotes.\n"
    (book / "chapters" / "instructor_guide.md").write_text(guide, encoding="utf-8")
    result = build_book(book, tmp_path / "out", edition=edition)
    assert_strict(result)
    page = (result.html / "chapters" / "fixture.html").read_text(encoding="utf-8")
    if edition == "instructor":
        assert "Autograder checks (answer: total, 2 points)" in page
        assert "Autograder checks (answer: count, 1 point)" in page
        assert "tkleakhidden7q" in page
        assert "teachkit-autograde" in page
    else:
        assert not MARKERS.findall(page)
        assert "Autograder checks" not in page


@pytest.mark.build
def test_checks_outside_a_solution_or_malformed_fail_the_build(tmp_path: Path) -> None:
    stray = (
        "\n```{teachkit-autograde}\n:answer: total\n\n"
        'assert total == 6, "tkleakstray7q"\n```\n'
        "\n```{teachkit-autograde}\n\nassert total == 6\n```\n"
    )
    book = fixture_book(tmp_path, "chapter_ok.md")
    (book / "chapters" / "fixture.md").write_text(CHAPTER + stray, encoding="utf-8")
    result = build_book(book, tmp_path / "out")
    assert result.returncode != 0
    assert "a teachkit-autograde block is outside a {solution}" in result.output
    assert "the teachkit-autograde block has no :answer: option" in result.output
    page = result.html / "chapters" / "fixture.html"
    assert not page.exists() or "tkleakstray7q" not in page.read_text(encoding="utf-8")
