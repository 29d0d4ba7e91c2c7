"""Every teaching chapter follows the book's template (CONTRIBUTING.md, "Add a chapter")."""

from __future__ import annotations

import csv
import re

import pytest
import yaml
from bookhelpers import ROOT

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
REFERENCE_PARTS = {"Start here", "Reference"}
TEACHING = [
    chapter["file"]
    for part in TOC["parts"]
    if part["caption"] not in REFERENCE_PARTS
    for chapter in part["chapters"]
]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "data" / "references.bib").read_text(), re.M))
with (ROOT / "data" / "glossary.csv").open(encoding="utf-8") as handle:
    GLOSSARY = {row["term"].lower() for row in csv.DictReader(handle)}


def _text(docname: str) -> str:
    return (ROOT / f"{docname}.md").read_text(encoding="utf-8")


def test_every_part_of_the_book_is_in_the_toc() -> None:
    captions = [part["caption"] for part in TOC["parts"]]
    for caption in (
        "Foundations",
        "The theory of bonding trust",
        "Cases",
        "Trump and Kim",
        "Rival lenses",
        "Reading sources critically",
    ):
        assert caption in captions


@pytest.mark.parametrize("docname", TEACHING)
def test_chapter_has_the_template_sections(docname: str) -> None:
    text = _text(docname)
    for heading in ("## What you'll do", "## What you'll learn", "## What you'll need"):
        assert heading in text, heading
    assert re.search(r"^## Discussion questions", text, re.M)
    assert re.search(r"^## Further reading", text, re.M)


@pytest.mark.parametrize("docname", [*TEACHING, "chapters/how_to_use"])
def test_chapter_has_a_self_check_quiz_before_its_exercises(docname: str) -> None:
    from teachkit.book import quiz as _quiz

    text = _text(docname)
    quizzes = re.findall(r"^```\{teachkit-quiz\} (\S+)", text, re.M)
    assert len(quizzes) == 1, "one self-check quiz per chapter"
    quiz = _quiz.load_quiz(ROOT / "chapters" / quizzes[0])
    assert any(q.kind == "theory" for q in quiz.questions), "at least one theory question"
    assert text.index("## Check yourself") < text.index("## On your own")


@pytest.mark.parametrize("docname", TEACHING)
def test_chapter_has_three_exercises_each_with_a_solution(docname: str) -> None:
    text = _text(docname)
    exercises = re.findall(r"^:{3,}\{exercise\}[^\n]*\n:label: (\S+)", text, re.M)
    solutions = re.findall(r"^:{3,}\{solution\} (\S+)", text, re.M)
    assert len(exercises) >= 3
    assert sorted(exercises) == sorted(solutions)


@pytest.mark.parametrize("docname", TEACHING)
def test_chapter_runs_teachkit_and_cites_and_links_terms(docname: str) -> None:
    text = _text(docname)
    assert "```{code-cell} ipython3\nimport teachkit as tk" in text
    assert re.search(r"tk\.\w+\(", text.split("import teachkit as tk", 1)[1])
    keys = {
        k.strip() for group in re.findall(r"\{cite:?\w*\}`([^`]+)`", text) for k in group.split(",")
    }
    assert keys, "no citation"
    assert keys <= BIB_KEYS, keys - BIB_KEYS
    terms = re.findall(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`", text)
    assert terms, "no glossary link"
    for target, plain in terms:
        term = " ".join((target or plain).split()).lower()  # a term may wrap across lines
        assert term in GLOSSARY, term


def test_exercise_labels_are_unique_across_the_book() -> None:
    labels = [
        label
        for docname in TEACHING
        for label in re.findall(r"^:label: (\S+)", _text(docname), re.M)
    ]
    assert len(labels) == len(set(labels))
