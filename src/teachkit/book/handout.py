"""The instructor's README for one chapter's assignment: hand out, collect, grade.

Written by ``python3 dev.py assign`` (:mod:`teachkit.book.assign`) next to the student
notebook and the autograder.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from teachkit.book.exercises import Exercise

RESIDUAL_RISK = """\
A submission is code, and grading runs it with your rights: on your machine with
`dev.py grade` (or `otter run`), in Gradescope's container there. Each submission is
graded alone, in a fresh temporary copy of the autograder whose test files are checked
against their hashes first, under a time limit; so one submission cannot change another's
score, hang the grading or lose a file. But the checks run in the student's own Python
session, after the student's code: code written to fool them (replace otter's checker,
redefine `==`, strip asserts, rewrite its own copy of the tests) can still score points.
`dev.py grade` flags submissions whose code reaches for such tools as "cheating
suspected" and names what it saw; read those notebooks before you trust their scores,
and read every notebook's written answers. Grade on a machine or account that holds
nothing you cannot lose.
"""


def nbgitpuller_link(hub: str, repo: str, name: str, *, branch: str = "main") -> str:
    """The JupyterHub link that pulls ``<name>.ipynb`` from ``repo`` and opens it in JupyterLab.

    Examples
    --------
    >>> link = nbgitpuller_link("https://hub.example.edu", "https://github.com/o/hand", "ch1")
    >>> link.split("?")[0]
    'https://hub.example.edu/hub/user-redirect/git-pull'
    >>> link.split("?")[1]
    'repo=https%3A%2F%2Fgithub.com%2Fo%2Fhand&branch=main&urlpath=lab%2Ftree%2Fhand%2Fch1.ipynb'
    """
    folder = repo.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    urlpath = quote(f"lab/tree/{folder}/{name}.ipynb", safe="")
    return (
        f"{hub}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
        f"&branch={quote(branch, safe='')}&urlpath={urlpath}"
    )


def _table(exercises: Sequence[Exercise]) -> str:
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
    return "\n".join(
        [
            "| Exercise | Question | Answer variables | Points | Public checks | Hidden checks |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
        ]
    )


def _distribute(name: str, hub: str, repo: str) -> str:
    if hub and repo:
        return (
            f"Push `student/{name}.ipynb` to the top folder of your handout repository "
            f"({repo}), never `source/` or `autograder/`. Students then open it on your "
            f"JupyterHub with this nbgitpuller link:\n\n<{nbgitpuller_link(hub, repo, name)}>\n"
        )
    return (
        "For a JupyterHub link (nbgitpuller), export again with `--hub-url` and "
        "`--handout-repo` (or `$TEACHKIT_JUPYTERHUB_URL` and `$TEACHKIT_HANDOUT_REPOSITORY`): "
        "this README then gives the link. Otherwise upload the notebook to your course page, "
        "Colab or your learning platform.\n"
    )


def _gradescope(name: str, pip_source: str | None) -> str:
    needs = (
        f"Its requirements install teachkit from `{pip_source}`."
        if pip_source
        else "Gradescope's container must install teachkit, which the notebooks import: "
        "export again with `--pip-source` (where teachkit is published, e.g. your copy of "
        "the book's repository as `git+https://github.com/OWNER/REPO`) before uploading."
    )
    zipped = f"autograder/{name}-autograder.zip"
    return f"""1. Create a "Programming Assignment" and upload `{zipped}` as its
   autograder (Gradescope builds its Docker image from the zip's `setup.sh`). {needs}
2. Students submit their `{name}.ipynb`; Gradescope runs every check and shows the public
   results to students, the hidden ones after you publish grades."""


def readme(
    name: str,
    title: str,
    exercises: Sequence[Exercise],
    *,
    hub: str = "",
    repo: str = "",
    pip_source: str | None = None,
) -> str:
    """The README of ``assignments/<name>/`` (Markdown)."""
    return f"""# Assignment: {title}

Made by `python3 dev.py assign {name}` from `chapters/{name}.md` through Otter Assign
(otter-grader 7). Export again after editing the chapter: the export refuses to replace
this folder while it holds files it did not write, and lists them.

| Path | What it is | Who sees it |
| --- | --- | --- |
| `student/{name}.ipynb` | the exercises, answer cells, public checks (`grader.check`) | students |
| `autograder/{name}-autograder.zip` | every check, hidden ones too | Gradescope, `dev.py grade` |
| `autograder/{name}.ipynb` | the notebook with the model answers | you |
| `source/{name}.ipynb` | the Otter Assign source this was made from | you |

## Hand out

Give students `student/{name}.ipynb`: one file, which carries its public checks. Its first
cell installs teachkit and otter-grader where they are missing (Colab, a laptop; set
`TEACHKIT_PIP_SOURCE` to where teachkit is published, or export with `--pip-source`), then
starts otter's grader. Students run `grader.check("<question>")` after an answer.

{_distribute(name, hub, repo)}
## Questions

{_table(exercises)}

"By hand" questions are marked by you with the rubrics in the instructor guide; the model
answer is in `autograder/{name}.ipynb`. Autograded questions score all or nothing.

## Grade on Gradescope

{_gradescope(name, pip_source)}

## Grade here

Collect the returned notebooks in a folder of their own, named after the students
(`alice.ipynb`), then, from the book's folder:

    python3 dev.py grade {name} path/to/returned/*.ipynb

This writes `assignments/grades/{name}/grades.csv` (student, points per question, total,
status: graded / timed out / kernel died / not a notebook / cheating suspected) and a
feedback file per student, and never touches the returned notebooks.

## What grading cannot promise

{RESIDUAL_RISK}"""
