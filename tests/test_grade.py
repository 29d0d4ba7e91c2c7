"""Grading returned notebooks with otter-grader (``dev.py grade``), end to end.

Two chapters are exported once (module fixtures) and graded with real submissions:
right, wrong, unanswered, raising, a kernel kill, an infinite loop, malformed files,
cheats, and a submission that rewrites the tests followed by an honest one.
"""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bookhelpers import ROOT, load_dev

from teachkit.book import grade as _grade
from teachkit.book.assign import export_assignments, foreign_files, parse_chapter, sha256
from teachkit.book.grade import GradeError, grade_one, grade_submissions, load_submission

RG, KK = "reagan_gorbachev", "kennedy_khrushchev"
GENEROUS = 600.0  # seconds: only the infinite loop is meant to reach its limit


@pytest.fixture(scope="module")
def assignments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("assignments")
    export_assignments([RG, KK], book=ROOT, out=out)
    return out


def _student(assignments: Path, chapter: str) -> Any:
    return nbformat.read(assignments / chapter / "student" / f"{chapter}.ipynb", as_version=4)


def _answers(notebook: Any) -> list[Any]:
    return [
        c
        for c in notebook.cells
        if c.cell_type == "code" and "otter_answer_cell" in c.metadata.get("tags", [])
    ]


def _solutions(chapter: str) -> list[str]:
    exercises = parse_chapter(ROOT / "chapters" / f"{chapter}.md")[1]
    return ["".join(e.solution_code) for e in exercises if e.autograde is not None]


def _submit(
    folder: Path, assignments: Path, chapter: str, name: str, edit: Callable[[list[Any]], None]
) -> Path:
    """A returned notebook: the student notebook with its answer cells edited."""
    notebook = copy.deepcopy(_student(assignments, chapter))
    edit(_answers(notebook))
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def _right(chapter: str) -> Callable[[list[Any]], None]:
    def edit(cells: list[Any]) -> None:
        for cell, solution in zip(cells, _solutions(chapter), strict=True):
            cell.source = solution

    return edit


def _first(code: str, chapter: str = RG) -> Callable[[list[Any]], None]:
    """The right answers, then ``code`` appended to the first answer cell."""

    def edit(cells: list[Any]) -> None:
        _right(chapter)(cells)
        cells[0].source += "\n" + code

    return edit


WRONG_RG = "rising_components = []\nexplicit_codes = 0\nmeeting_days = None\ndropped_row = 'none'\n"
MALLORY = """
import pathlib
for test in pathlib.Path.cwd().parent.rglob("tests/*.py"):
    if "teachkit-grade-" in str(test):  # only in her own grading folder, whatever happens
        test.write_text(test.read_text().replace(">>> assert", ">>> assert True or"))
"""
CHEATS = {
    "replace_runner": "import otter\notter.Notebook.check = lambda self, q: None",
    "subclass_runner": "from otter import Notebook\nclass Mine(Notebook):\n    pass",
    "optimize": "import builtins\n_c = builtins.compile\n"
    "builtins.compile = lambda *a, **k: _c(*a, **{**k, 'optimize': 2})",
    "always_equal": "class AlwaysSet(set):\n    def __eq__(self, other):\n        return True",
}


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def graded_rg(assignments: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One grading run of reagan_gorbachev over most kinds of submission."""
    returned = tmp_path_factory.mktemp("returned_rg")
    submissions = [
        _submit(returned, assignments, RG, "alice", _right(RG)),
        _submit(returned, assignments, RG, "mallory", _first(MALLORY)),
        _submit(returned, assignments, RG, "bob", lambda c: setattr(c[0], "source", WRONG_RG)),
        _submit(returned, assignments, RG, "carol", lambda c: None),  # unanswered
        _submit(returned, assignments, RG, "dan", _first("import os\nos.kill(os.getpid(), 9)")),
        *(_submit(returned, assignments, RG, name, _first(code)) for name, code in CHEATS.items()),
    ]
    (returned / "text.ipynb").write_text("this is not JSON", encoding="utf-8")
    (returned / "nocells.ipynb").write_text('{"metadata": {}, "nbformat": 4}', encoding="utf-8")
    good = json.loads(submissions[0].read_text(encoding="utf-8"))
    good["cells"][1]["source"] = 42
    (returned / "number.ipynb").write_text(json.dumps(good), encoding="utf-8")
    good = json.loads(submissions[0].read_text(encoding="utf-8"))
    good["metadata"]["kernelspec"] = {"name": "nope", "display_name": "Nope", "language": "x"}
    (returned / "kernel.ipynb").write_text(json.dumps(good), encoding="utf-8")
    malformed = [returned / f"{n}.ipynb" for n in ("text", "nocells", "number", "kernel")]
    return grade_submissions(
        RG, [*submissions, *malformed], assignments=assignments, timeout=GENEROUS
    )


def test_right_wrong_and_unanswered_submissions_score_as_they_should(graded_rg: Path) -> None:
    rows = _rows(graded_rg)
    questions = ["ex-reagan_gorbachev-2", "ex-reagan_gorbachev-3", "ex-reagan_gorbachev-4"]
    assert list(next(iter(rows.values())))[:4] == ["student", *questions]
    alice, bob, carol = rows["alice"], rows["bob"], rows["carol"]
    assert [alice[q] for q in questions] == ["2", "2", "1"]
    assert (alice["total"], alice["possible"], alice["status"]) == ("5", "5", "graded")
    assert (bob["total"], bob["status"]) == ("0", "graded")
    assert (carol["total"], carol["status"]) == ("0", "graded")
    feedback = graded_rg.parent / "feedback"
    assert "Autograded score: 5 of 5" in (feedback / "alice.md").read_text()
    assert sorted(p.stem for p in feedback.iterdir()) == sorted(rows)


def test_a_test_rewriting_submission_cannot_change_the_next_ones_score(graded_rg: Path) -> None:
    rows = _rows(graded_rg)
    assert rows["mallory"]["status"] == "cheating suspected"
    assert (
        "the submission rewrote its copy of tests/ex-reagan_gorbachev-2.py"
        in rows["mallory"]["notes"]
    )
    assert (rows["bob"]["total"], rows["bob"]["status"]) == ("0", "graded")  # graded after her


def test_cheats_are_flagged_for_a_human_to_read(graded_rg: Path) -> None:
    rows = _rows(graded_rg)
    for name in CHEATS:
        assert rows[name]["status"] == "cheating suspected", (name, rows[name])
    assert "otter" in rows["replace_runner"]["notes"]
    assert "builtins" in rows["optimize"]["notes"]
    assert "__eq__" in rows["always_equal"]["notes"]
    assert rows["alice"]["notes"] == ""  # the handed-out cells and plain answers raise nothing


@pytest.mark.parametrize(
    ("code", "flag"),
    [
        ("x = type('X', (set,), {'__eq__': lambda s, o: True})()", "__eq__"),
        ("import builtins as b\nb.print = None", "builtins"),
        ("from otter.execute import Checker", "Checker"),
        ("f = getattr(grader, 'check')", "getattr"),
        ("x = (", ""),  # not Python: still read, nothing suspect in it
        ("answer = 'open the tests'  # os.kill in a comment", ""),
    ],
)
def test_the_suspect_names_are_found_in_code_and_strings(code: str, flag: str) -> None:
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import os"), nbformat.v4.new_code_cell(code)]
    )
    found = _grade.suspicious(notebook, {"import os"})  # the handed-out cell is not read
    assert (flag in found) if flag else found == []


def test_a_kernel_kill_and_malformed_files_are_one_clear_row_each(graded_rg: Path) -> None:
    rows = _rows(graded_rg)
    assert (rows["dan"]["status"], rows["dan"]["total"]) == ("kernel died", "0")
    for name, says in [
        ("text", "cannot be read as a notebook (JSON)"),
        ("nocells", "no list of cells"),
        ("number", "is not a valid Jupyter notebook"),
    ]:
        assert rows[name]["status"] == "not a notebook", rows[name]
        assert says in rows[name]["notes"]
    kernel = rows["kernel"]
    assert (kernel["status"], kernel["total"]) == ("graded", "5")
    assert "kernel 'nope' was replaced by python3" in kernel["notes"]


def test_grading_never_touches_the_assignment_and_a_re_export_loses_nothing(
    assignments: Path, graded_rg: Path
) -> None:
    assert foreign_files(assignments / RG) == []  # every file as the export wrote it
    before = {p: sha256(p) for p in graded_rg.parent.rglob("*") if p.is_file()}
    export_assignments([RG], book=ROOT, out=assignments)
    assert {p: sha256(p) for p in graded_rg.parent.rglob("*") if p.is_file()} == before
    with pytest.raises(GradeError, match=r"grades\.csv exists: move it"):
        grade_submissions(RG, [ROOT / "README.md"], assignments=assignments)


def test_a_second_chapter_grades_right_wrong_raising_and_a_fake_score_line(
    assignments: Path, tmp_path: Path
) -> None:
    wrong = "khrushchev_trip_ids = set()\nkhrushchev_visit_ids = set()\n"
    raising = 'print("Total Score: 2.000 / 2.000 (100.000%)")\nraise ValueError("no idea")\n'
    submissions = [
        _submit(tmp_path, assignments, KK, "erin", _right(KK)),
        _submit(tmp_path, assignments, KK, "frank", lambda c: setattr(c[0], "source", wrong)),
        _submit(tmp_path, assignments, KK, "grace", lambda c: setattr(c[0], "source", raising)),
    ]
    path = grade_submissions(
        KK, submissions, assignments=assignments, out=tmp_path / "g", timeout=GENEROUS
    )
    rows = _rows(path)
    assert {name: (row["total"], row["status"]) for name, row in rows.items()} == {
        "erin": ("2", "graded"),
        "frank": ("0", "graded"),
        "grace": ("0", "graded"),
    }


def test_an_infinite_loop_is_stopped_at_the_time_limit(assignments: Path, tmp_path: Path) -> None:
    loop = _submit(tmp_path, assignments, RG, "henry", _first("while True:\n    pass"))
    folder = assignments / RG
    autograder, expected, points, handed = _grade._assignment(folder, RG)
    result = grade_one(
        loop,
        autograder=autograder.read_bytes(),
        expected_hash=expected,
        points=points,
        handed_out=handed,
        timeout=20,
    )
    assert (result.status, result.scores) == ("timed out", {})
    assert "stopped after 20 s" in result.notes


def test_a_changed_autograder_is_refused_before_any_run(assignments: Path, tmp_path: Path) -> None:
    folder = assignments / KK
    autograder, _, points, handed = _grade._assignment(folder, KK)
    path = _submit(tmp_path, assignments, KK, "ivan", _right(KK))
    with pytest.raises(GradeError, match=r"autograder zip differs from the one the export wrote"):
        grade_one(path, autograder=autograder.read_bytes(), expected_hash="0" * 64, points=points,
                  handed_out=handed)  # fmt: skip
    copied = tmp_path / "copy"
    shutil.copytree(assignments / KK, copied / KK)
    with (copied / KK / "autograder" / f"{KK}-autograder.zip").open("ab") as handle:
        handle.write(b"\0")  # changed on disk since the export
    with pytest.raises(GradeError, match=r"autograder\.zip differs .* export the assignment again"):
        grade_submissions(KK, [path], assignments=copied, out=tmp_path / "g")
    assert not (tmp_path / "g").exists()  # refused before anything was written


def test_bad_grading_requests_get_clear_errors(assignments: Path, tmp_path: Path) -> None:
    with pytest.raises(GradeError, match=r"no assignment for 'nope' .* dev\.py assign nope"):
        grade_submissions("nope", [tmp_path / "a.ipynb"], assignments=assignments)
    twice = [tmp_path / "a" / "x.ipynb", tmp_path / "b" / "x.ipynb"]
    with pytest.raises(GradeError, match=r"two submissions share a student name: x"):
        grade_submissions(KK, twice, assignments=assignments)
    with pytest.raises(GradeError, match=r"time limit must be a positive number"):
        grade_submissions(KK, [tmp_path / "a.ipynb"], assignments=assignments, timeout=0)
    missing, notes = load_submission(tmp_path / "absent.ipynb")
    assert missing is None
    assert "cannot be read" in notes[0]


def test_dev_py_grade_runs_the_grader_with_the_environments_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    dev = load_dev()
    monkeypatch.setattr(dev, "setup", lambda kind="book": Path(sys.executable))
    (tmp_path / "x.ipynb").write_text("nope")
    args = ["grade", KK, str(tmp_path / "x.ipynb"), "--assignments", str(tmp_path / "none")]
    assert dev.main(args) == 2
    assert "no assignment for 'kennedy_khrushchev'" in capfd.readouterr().err


def test_only_the_book_layer_uses_otter() -> None:
    package = ROOT / "src" / "teachkit"
    below = [p for p in package.rglob("*.py") if "book" not in p.relative_to(package).parts]
    assert below
    for path in below:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+otter\b", source, re.MULTILINE), path
        assert not re.search(r"import_module\(\s*[\"']otter", source), path
