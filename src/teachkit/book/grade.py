"""Grade returned notebooks with otter-grader, one at a time (``python3 dev.py grade``).

``grade_submissions`` grades each returned notebook of a chapter's assignment (made by
:mod:`teachkit.book.assign`) in a fresh temporary copy of its autograder zip, whose
hash is checked against the export's manifest before each run, in a process of its own
(:mod:`teachkit.book.otter_run`) killed with everything it started when it overruns its
time limit. It writes one ``grades.csv`` (student, points per question, total, status)
and a feedback file per student. A file that is not a notebook is one row with a clear
status. Statuses: graded, timed out, kernel died, not a notebook, cheating suspected
(the submission rewrote its copy of the tests, or its code reaches for what could fool
the checks: read it), grading failed (otter refused it; the feedback says why).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import hashlib
import importlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import tokenize
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teachkit.book.assign import DEFAULT_OUT, read_manifest, sha256

DEFAULT_TIMEOUT = 300.0
GRADES_FOLDER = "grades"
# names a solution never needs and a cheat does: otter's checker, the builtins, code
# objects, comparison dunders, the process and the file system
SUSPECT = frozenset(
    {
        *("otter", "Checker", "Notebook", "GradingResults", "TestFile", "TestCase"),
        *("builtins", "__builtins__", "compile", "exec", "eval", "__import__", "importlib"),
        *("setattr", "delattr", "getattr", "globals", "locals", "vars", "sys", "gc", "inspect"),
        *("ctypes", "pickle", "dill", "__getattribute__"),
        *("__eq__", "__ne__", "__hash__", "__bool__", "__class__", "__subclasses__"),
        *("__code__", "__globals__", "__dict__", "doctest", "unittest"),
        *("os", "shutil", "subprocess", "signal", "open", "write_text", "write_bytes"),
    }
)


class GradeError(ValueError):
    """Grading cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class Grade:
    """One submission's result: points per question, status, and notes for the feedback."""

    student: str
    status: str
    scores: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """The points earned."""
        return sum(self.scores.values())


def _nbformat() -> Any:
    return importlib.import_module("nbformat")  # untyped


# -- the assignment --------------------------------------------------------------------


def _assignment(folder: Path, chapter: str) -> tuple[Path, str, dict[str, float], set[str]]:
    """The autograder zip, its recorded hash, each question's points, the handed-out cells."""
    zip_rel = f"autograder/{chapter}-autograder.zip"
    recorded = read_manifest(folder)
    if zip_rel not in recorded:
        raise GradeError(
            f"no assignment for {chapter!r} at {folder} (no {zip_rel} in its manifest): "
            f"run `python3 dev.py assign {chapter}` first"
        )
    points: dict[str, float] = {}
    with zipfile.ZipFile(folder / zip_rel) as zipped:
        for member in sorted(zipped.namelist()):
            if member.startswith("tests/") and member.endswith(".py"):
                spec = _ok_spec(zipped.read(member).decode("utf-8"))
                points[str(spec["name"])] = float(spec.get("points") or 1)
    student = _nbformat().read(folder / "student" / f"{chapter}.ipynb", as_version=4)
    handed = {c.source for c in student.cells if c.cell_type == "code"}
    return folder / zip_rel, recorded[zip_rel], points, handed


def _ok_spec(text: str) -> dict[str, Any]:
    """The ``test = {...}`` of an OK-format test file, read without running it."""
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "test" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, dict):
                return value
    raise GradeError("an autograder test file has no test = {...}: export the assignment again")


# -- one submission --------------------------------------------------------------------


def load_submission(path: Path) -> tuple[Any, list[str]]:
    """The submission as a notebook ready to grade and notes on it, or (None, [why not])."""
    nbformat = _nbformat()
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as err:
        return None, [f"cannot be read as a notebook (JSON): {err}"]
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, ["is JSON but not a notebook: it has no list of cells"]
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as err:  # nbformat raises many kinds; each is "not a notebook" here
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return None, [f"is not a valid Jupyter notebook: {first}"]
    notes = []
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        notes.append(f"its kernel {kernel!r} was replaced by python3 for grading")
        notebook.metadata["kernelspec"] = {
            "display_name": "Python 3",
            "language": "python",
            "name": "python3",
        }
    return notebook, notes


def _names(source: str) -> set[str]:
    """The identifiers in Python source, and dunder names in its strings (not comments)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return set(re.findall(r"[A-Za-z_]\w*", source))
    names = {t.string for t in tokens if t.type == tokenize.NAME}
    for token in tokens:  # type("X", (set,), {"__eq__": ...}) names a dunder in a string
        if token.type == tokenize.STRING:
            names |= set(re.findall(r"__\w+__", token.string))
    return names


def suspicious(notebook: Any, handed_out: set[str]) -> list[str]:
    """The suspect names in code cells the student wrote or changed."""
    found: set[str] = set()
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source not in handed_out:
            found |= _names(cell.source) & SUSPECT
    return sorted(found)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the grading process, everything it started (the kernel has its own session)."""
    psutil = importlib.import_module("psutil")  # untyped; ipykernel's dependency

    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        children = []
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _run(autograder: Path, submission: Path, workdir: Path, timeout: float) -> tuple[str, str]:
    """Run otter on one submission in ``workdir``: ("ok" | "timed out" | "failed", output)."""
    cmd = [sys.executable, "-m", "teachkit.book.otter_run", str(autograder), str(submission)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        [*cmd, str(workdir)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        return "timed out", ""
    _kill(process)  # a kernel the run left behind
    text = output.decode("utf-8", "replace")
    return ("ok" if process.returncode == 0 else "failed"), text


def _tampered(autograder: bytes, ag_dir: Path) -> list[str]:
    """Test files that differ, after the run, from those in the autograder zip."""
    changed = []
    with zipfile.ZipFile(io.BytesIO(autograder)) as zipped:
        for member in zipped.namelist():
            if not member.startswith("tests/"):
                continue
            for copy in (ag_dir / "source" / member, ag_dir / "submission" / member):
                if copy.exists() and copy.read_bytes() != zipped.read(member):
                    changed.append(member)
    return sorted(set(changed))


def _scores(results: Path, points: dict[str, float]) -> tuple[dict[str, float], dict[str, str]]:
    data = json.loads(results.read_text(encoding="utf-8"))
    scores, outputs = dict.fromkeys(points, 0.0), {}
    for test in data.get("tests", []):
        name = str(test.get("name", ""))
        if name in points:
            scores[name] = float(test.get("score") or 0)
            outputs[name] = str(test.get("output", ""))
    return scores, outputs


def grade_one(
    path: Path,
    *,
    autograder: bytes,
    expected_hash: str,
    points: dict[str, float],
    handed_out: set[str],
    timeout: float = DEFAULT_TIMEOUT,
) -> Grade:
    """Grade one returned notebook in a fresh temporary copy of the autograder.

    ``autograder`` is the zip's bytes, read once per grading run: a submission that
    finds and rewrites the zip on disk cannot change what later ones are graded with.
    """
    student = path.stem
    notebook, notes = load_submission(path)
    if notebook is None:
        return Grade(student, "not a notebook", notes=tuple(notes))
    with tempfile.TemporaryDirectory(prefix="teachkit-grade-") as tmp:
        work = Path(tmp)
        copy = work / "autograder.zip"
        copy.write_bytes(autograder)
        if sha256(copy) != expected_hash:
            raise GradeError(
                "the autograder zip differs from the one the export wrote (its hash "
                "changed): export the assignment again before grading"
            )
        submitted = work / "in" / f"{student}.ipynb"
        submitted.parent.mkdir()
        _nbformat().write(notebook, submitted)
        outcome, output = _run(copy, submitted, work, timeout)
        results = work / "autograder" / "results" / "results.json"
        tampered = _tampered(autograder, work / "autograder")
        if outcome == "timed out":
            return Grade(student, "timed out", notes=(*notes, f"stopped after {timeout:g} s"))
        if outcome == "failed" or not results.exists():
            died = "DeadKernelError" in output or "Kernel died" in output
            why = output.strip().splitlines()[-1:] or ["no message"]
            status = "kernel died" if died else "grading failed"
            return Grade(student, status, notes=(*notes, f"otter: {why[0]}"))
        scores, outputs = _scores(results, points)
    suspects = suspicious(notebook, handed_out)
    if tampered:
        notes.append(f"the submission rewrote its copy of {', '.join(tampered)}")
    if suspects:
        notes.append(f"its code uses {', '.join(suspects)}: read it before trusting the score")
    status = "cheating suspected" if tampered or suspects else "graded"
    return Grade(student, status, scores, tuple(notes), outputs)


# -- the grading run -------------------------------------------------------------------


def _feedback(grade: Grade, points: dict[str, float], chapter: str) -> str:
    lines = [f"# Feedback: {grade.student}, {chapter}", "", f"Status: **{grade.status}**", ""]
    lines += [f"- {note}" for note in grade.notes]
    if grade.scores:
        possible = sum(points.values())
        lines += ["", f"Autograded score: {grade.total:g} of {possible:g}", ""]
        lines += ["| Question | Points |", "| --- | --- |"]
        lines += [f"| {q} | {grade.scores[q]:g} of {p:g} |" for q, p in points.items()]
        for question, output in grade.outputs.items():
            lines += ["", f"## {question}", "", "```", output.strip(), "```"]
    lines += ["", "Questions answered in words are marked by hand, not here."]
    return "\n".join(lines) + "\n"


def grade_submissions(
    chapter: str,
    submissions: Sequence[str | Path],
    *,
    assignments: str | Path = DEFAULT_OUT,
    out: str | Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Grade every returned notebook of ``chapter``'s assignment; return ``grades.csv``'s path.

    Raises
    ------
    GradeError
        If the assignment was not exported, two submissions would share a student name,
        the time limit is not positive, ``grades.csv`` already exists in ``out`` (nothing
        is overwritten) or the autograder changed since the export.
    """
    folder = Path(assignments) / chapter
    zip_path, expected, points, handed = _assignment(folder, chapter)
    target = Path(out) if out is not None else Path(assignments) / GRADES_FOLDER / chapter
    paths = [Path(p) for p in submissions]
    stems = [p.stem for p in paths]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise GradeError(f"two submissions share a student name: {', '.join(twice)}")
    if not paths:
        raise GradeError("give the returned notebooks to grade, e.g. returned/*.ipynb")
    if not timeout > 0:
        raise GradeError(f"the time limit must be a positive number of seconds (got {timeout})")
    if (target / "grades.csv").exists():
        raise GradeError(
            f"{target / 'grades.csv'} exists: move it (or the folder) first, or grade into "
            "another folder with --out; nothing is overwritten"
        )
    autograder = zip_path.read_bytes()  # once: every submission gets a copy of these bytes
    if hashlib.sha256(autograder).hexdigest() != expected:
        raise GradeError(
            f"{zip_path} differs from the one the export wrote (its hash changed): export "
            "the assignment again before grading"
        )
    (target / "feedback").mkdir(parents=True, exist_ok=True)
    grades = [
        grade_one(p, autograder=autograder, expected_hash=expected, points=points,
                  handed_out=handed, timeout=timeout)
        for p in paths
    ]  # fmt: skip
    with (target / "grades.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *points, "total", "possible", "status", "notes"])
        for grade in grades:
            scores = [f"{grade.scores[q]:g}" if grade.scores else "" for q in points]
            total = f"{grade.total:g}" if grade.scores else "0"
            possible = f"{sum(points.values()):g}"
            writer.writerow(
                [grade.student, *scores, total, possible, grade.status, "; ".join(grade.notes)]
            )
    for grade in grades:
        text = _feedback(grade, points, chapter)
        (target / "feedback" / f"{grade.student}.md").write_text(text, encoding="utf-8")
    return target / "grades.csv"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m teachkit.book.grade CHAPTER SUBMISSION...``: grade returned notebooks."""
    parser = argparse.ArgumentParser(
        prog="dev.py grade",
        description="Grade returned notebooks with otter-grader, each alone, with a time limit.",
    )
    parser.add_argument("chapter", help="the chapter whose assignment they answer")
    parser.add_argument("submissions", nargs="+", help="returned notebooks (student.ipynb)")
    parser.add_argument(
        "--assignments",
        default=str(DEFAULT_OUT),
        help="where dev.py assign wrote (default: %(default)s)",
    )
    parser.add_argument("--out", help="where to write grades.csv and feedback/")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds per submission (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        path = grade_submissions(
            args.chapter, args.submissions, assignments=args.assignments, out=args.out,
            timeout=args.timeout,
        )  # fmt: skip
    except GradeError as err:
        print(f"grade: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path} and {path.parent / 'feedback'}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
