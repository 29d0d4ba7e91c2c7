"""Assignment export (``dev.py assign``) through Otter Assign; grading is tests/test_grade.py."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bookhelpers import ROOT, assert_strict, build_book, fixture_book, load_dev
from test_chapters import TEACHING

from teachkit.book import assign as _assign
from teachkit.book.assign import (
    MANIFEST,
    AssignError,
    export_assignments,
    parse_autograde,
    parse_chapter,
)
from teachkit.book.exercises import Case
from teachkit.book.handout import nbgitpuller_link

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


def _answer_cells(notebook: Any) -> list[Any]:
    return [c for c in notebook.cells if "otter_answer_cell" in c.metadata.get("tags", [])]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture chapter, exported once through otter assign (a few seconds)."""
    tmp = tmp_path_factory.mktemp("exported")
    (written,) = export_assignments(None, book=_book(tmp), out=tmp / "out")
    return written


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
    assert checks.cases[0].code == "import math\nassert x > 0, 'positive'\n"
    assert checks.cases[1].code == "import math\ny = x * 2\nassert y == 4\n"
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
    assert "tkleakprose7q" in "".join(first.solution_text)  # the model answer, for the key
    assert "tkleaknote7q" in "".join(second.solution_text)


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


def _otter_tests(notebook: Any) -> dict[str, Any]:
    return dict(notebook.metadata["otter"]["tests"])


def test_no_solution_or_hidden_check_reaches_a_student(exported: Path) -> None:
    assert exported.name == "fixture"
    student = exported / "student" / "fixture.ipynb"
    assert not MARKERS.findall(student.read_text(encoding="utf-8"))
    notebook = nbformat.read(student, as_version=4)
    tests = _otter_tests(notebook)
    assert sorted(tests) == ["ex-fixture-1", "ex-fixture-3"]
    for spec in tests.values():
        assert not any(c["hidden"] for c in spec["suites"][0]["cases"])
    assert "tkpublicmsg7q" in json.dumps(tests)  # the public checks are there, for students
    # the autograder zip holds every check; the instructor's notebooks hold the answers
    with zipfile.ZipFile(exported / "autograder" / "fixture-autograder.zip") as zipped:
        hidden = (
            zipped.read("tests/ex-fixture-1.py").decode()
            + zipped.read("tests/ex-fixture-3.py").decode()
        )
    assert MARKERS.findall(hidden) == ["tkleakhidden7q", "tkleakgatedhidden7q"]
    key = (exported / "autograder" / "fixture.ipynb").read_text(encoding="utf-8")
    assert {"tkleakcode7q", "tkleakprose7q", "tkleaknote7q"} <= set(MARKERS.findall(key))
    assert "tkleakhidden7q" in (exported / "source" / "fixture.ipynb").read_text("utf-8")


def test_the_student_notebook_sets_up_checks_and_asks_for_every_answer(exported: Path) -> None:
    from teachkit.book.launch import install_cell_source

    notebook = nbformat.read(exported / "student" / "fixture.ipynb", as_version=4)
    nbformat.validate(notebook)
    cells = notebook.cells
    assert cells[0].source.startswith("# Assignment: A chapter to assign")
    setup = cells[1].source
    assert setup.startswith(install_cell_source(None))  # the book's own install cell, reused
    assert '"otter-grader==7.0.0"' in setup
    assert setup.endswith('grader = otter.Notebook("fixture.ipynb")')
    text = json.dumps([c.source for c in cells])
    assert "tkexercisetext7q" in text  # the exercises are there ...
    assert "*A chapter to assign*" in text  # ... with MyST roles made plain Markdown
    assert [
        c.source for c in cells if c.cell_type == "code" and c.source.startswith("grader.check")
    ] == [
        'grader.check("ex-fixture-1")',
        'grader.check("ex-fixture-3")',
        "grader.check_all()",
    ]
    assert "given = [1, 2, 3]" in [c.source for c in cells if c.cell_type == "code"]
    answers = _answer_cells(notebook)
    assert [c.cell_type for c in answers] == ["code", "markdown", "code"]  # ex 2 is prose
    assert "tkpublicmsg7q" in answers[0].source  # public messages guide the student
    assert answers[0].source.rstrip().endswith("total = ...  # your answer")
    assert "PROMPT" not in answers[0].source
    assert "SOLUTION" not in answers[0].source
    assert answers[2].source.rstrip().endswith("count = ...  # your answer")


def test_the_readme_and_manifest_describe_the_folder(exported: Path) -> None:
    readme = (exported / "README.md").read_text()
    assert "| Exercise 1 | `ex-fixture-1` | total | 2 | 1 | 1 |" in readme
    assert "| Exercise 2 | `ex-fixture-2` | by hand |" in readme
    assert "python3 dev.py grade fixture" in readme
    assert "Programming Assignment" in readme  # the Gradescope steps ...
    assert "export again with `--pip-source`" in readme  # ... which need teachkit installed
    assert "with your rights" in readme  # the residual risk, said plainly
    manifest = json.loads((exported / MANIFEST).read_text())
    on_disk = sorted(
        p.relative_to(exported).as_posix()
        for p in exported.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )
    assert sorted(manifest["files"]) == on_disk
    assert "autograder/fixture-autograder.zip" in on_disk  # a name that does not change


def test_the_readme_gives_the_nbgitpuller_link_when_a_hub_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(_assign.HUB_ENV, raising=False)
    monkeypatch.delenv(_assign.HANDOUT_REPO_ENV, raising=False)
    from teachkit.book.handout import readme

    _, exercises = parse_chapter(_book(tmp_path) / "chapters" / "fixture.md")
    hub, repo = "https://hub.example.edu", "https://github.com/o/handouts"
    text = readme("fixture", "T", exercises, hub=hub, repo=repo)
    link = nbgitpuller_link(hub, repo, "fixture")
    assert f"<{link}>" in text
    assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A")
    assert link.endswith("urlpath=lab%2Ftree%2Fhandouts%2Ffixture.ipynb")
    assert "--hub-url" in readme("fixture", "T", exercises)  # without a hub: how to get one
    with pytest.raises(AssignError, match=r"hub_url 'http://x' must be an https:// URL"):
        export_assignments(["fixture"], book=_book(tmp_path / "b"), hub_url="http://x")
    book = _book(tmp_path / "c")  # the hub the book's launch buttons use is the default
    config = "sphinx:\n  config:\n    teachkit_launch:\n      jupyterhub_url: " + hub + "\n"
    (book / "_config.yml").write_text(config, encoding="utf-8")
    (written,) = export_assignments(["fixture"], book=book, out=tmp_path / "o", handout_repo=repo)
    assert f"<{link}>" in (written / "README.md").read_text()


def test_a_pip_source_reaches_the_notebook_and_gradescopes_requirements(tmp_path: Path) -> None:
    source = "git+https://example.org/course/book.git@v1"
    (written,) = export_assignments(
        ["fixture"], book=_book(tmp_path), out=tmp_path / "out", pip_source=source
    )
    with zipfile.ZipFile(written / "autograder" / "fixture-autograder.zip") as zipped:
        assert f"- {source}" in zipped.read("environment.yml").decode()  # pip installs it
    setup = nbformat.read(written / "student" / "fixture.ipynb", as_version=4).cells[1].source
    assert repr(source) in setup
    assert f"requirements install teachkit from `{source}`" in (written / "README.md").read_text()


def test_a_re_export_replaces_only_what_it_wrote_and_lists_the_rest(tmp_path: Path) -> None:
    book = _book(tmp_path)
    out = tmp_path / "out"
    (first,) = export_assignments(["fixture"], book=book, out=out)
    (again,) = export_assignments(["fixture"], book=book, out=out)  # untouched: replaced
    assert again == first
    assert (first / "student" / "fixture.ipynb").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["fixture"]  # no temp folder left
    returned = first / "student" / "alice.ipynb"
    returned.write_text("{}")
    (first / "README.md").write_text("my notes")
    with pytest.raises(AssignError, match=r"(?s)will not overwrite .*fixture.*README\.md.*"
                       r"student/alice\.ipynb"):  # fmt: skip
        export_assignments(["fixture"], book=book, out=out)
    assert returned.read_text() == "{}"
    assert (first / "README.md").read_text() == "my notes"


def test_the_default_output_is_outside_build_and_git_ignored() -> None:
    assert Path("assignments") == _assign.DEFAULT_OUT
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "assignments/" in ignored


def test_the_command_line_reports_bad_input_and_writes_on_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _book(tmp_path)
    assert _assign.main(["empty", "--book", str(book)]) == 2
    assert "empty.md has no exercises; chapters with exercises: fixture" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)  # relative folders, as dev.py passes them
    assert _assign.main(["--book", "src", "--out", "out"]) == 0
    assert "keep source/ and autograder/ to yourself" in capsys.readouterr().out
    assert (tmp_path / "out" / "fixture" / "student" / "fixture.ipynb").is_file()


def test_dev_py_assign_runs_the_export_with_the_environments_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    dev = load_dev()
    monkeypatch.setattr(dev, "setup", lambda kind="book": Path(sys.executable))
    out = tmp_path / "out"
    assert dev.main(["assign", "kennedy_khrushchev", "--out", str(out)]) == 0
    assert (
        out / "kennedy_khrushchev" / "autograder" / "kennedy_khrushchev-autograder.zip"
    ).is_file()
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


AUTO_CHECKED_KINDS = ("Data", "Model")
KIND = re.compile(r"\A\s*(\*{0,2})([A-Z][a-z]+)\.\1(?=\s)")


def _kind(exercise: _assign.Exercise) -> str | None:
    """The exercise's first word when it names its kind: **Data.**, *Data.* or Data."""
    match = KIND.match(exercise.text[0]) if exercise.text else None
    return match.group(2) if match else None


@pytest.mark.parametrize(
    ("first", "kind"),
    [
        ("**Data.** Load", "Data"),
        ("*Data.* Load", "Data"),
        ("Data. Load", "Data"),
        ("**Model.** Use", "Model"),
        ("Data and models. With", None),
        ("Load the data.", None),
        ("**Data.*", None),
    ],
)
def test_an_exercise_kind_is_read_however_it_is_emphasised(first: str, kind: str | None) -> None:
    exercise = _assign.Exercise(label="ex-x", heading="Exercise", text=[first])
    assert _kind(exercise) == kind


def test_every_data_and_model_exercise_has_autograder_checks() -> None:
    exercises = [
        e for path in sorted((ROOT / "chapters").glob("*.md")) for e in parse_chapter(path)[1]
    ]
    auto = [e for e in exercises if _kind(e) in AUTO_CHECKED_KINDS]
    assert sum(_kind(e) == "Data" for e in exercises) >= 15
    assert sorted(str(e.label) for e in auto) == sorted(str(e.label) for _, e in GRADED)
    plain = [str(e.label) for e in auto if not e.text[0].startswith(f"**{_kind(e)}.**")]
    assert not plain, f"write the kind in bold, as **Data.** or **Model.**: {plain}"


@pytest.mark.parametrize("docname", TEACHING)
def test_every_teaching_chapter_has_an_automatically_checked_exercise(docname: str) -> None:
    graded = [str(e.label) for e in parse_chapter(ROOT / f"{docname}.md")[1] if e.autograde]
    assert graded, f"{docname}.md has no exercise with teachkit-autograde checks"


def _solve(exercise: _assign.Exercise) -> dict[str, Any]:
    """The answers the model solution computes, and nothing else the checks could lean on."""
    namespace: dict[str, Any] = {}
    for code in exercise.solution_code:
        exec(code, namespace)
    assert exercise.autograde is not None
    return {name: namespace[name] for name in exercise.autograde.answers}


def _passes(case: Case, answers: dict[str, Any]) -> bool:
    try:
        exec(case.code, dict(answers))  # each check on its own, as otter runs them
    except Exception:
        return False
    return True


@pytest.mark.parametrize(("chapter", "exercise"), GRADED, ids=[str(e.label) for _, e in GRADED])
def test_the_model_solution_passes_its_checks_and_a_wrong_answer_does_not(
    chapter: str, exercise: _assign.Exercise, capsys: pytest.CaptureFixture[str]
) -> None:
    # otter assign runs the checks against the model answers too; this says which one failed
    checks = exercise.autograde
    assert checks is not None
    answers = _solve(exercise)
    for case in checks.cases:
        assert _passes(case, answers), f"{chapter}: {case.code}"
    assert not all(_passes(c, dict.fromkeys(checks.answers)) for c in checks.cases)
    assert not all(_passes(c, dict.fromkeys(checks.answers, ...)) for c in checks.cases)
    assert any(c.hidden for c in checks.cases), "no hidden check: the public ones give it away"


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
