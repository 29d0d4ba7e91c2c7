"""Two editions from one source: the student edition leaks no solution, anywhere.

The unit tests check how solutions are stripped from source text. The build tests
plant unique marker words in every form a solution can take (a fixture chapter)
and prove that a student build contains none of them in any file of the site (HTML,
``searchindex.js``, ``_sources``, notebooks, JSON, the inventory) or among the
executed notebooks, while an instructor build contains them all. The real book is
checked too: phrases and words taken from its chapters' solutions, by a parser
independent of the one under test, appear nowhere in the (student) built book.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from bookhelpers import ROOT, BookBuild, assert_strict, build_book, fixture_book
from hypothesis import given
from hypothesis import strategies as st

from teachkit.book.editions import (
    EDITION_ENV,
    EDITIONS,
    SOLUTION_NOTE,
    EditionError,
    resolve_edition,
    strip_solutions,
    strip_source,
)

FIXTURE = "chapter_with_solution_markers.md"
MARKERS = (  # one per form of solution in the fixture chapter
    "tkleakprose7q",
    "tkleakcode7q",
    "tkleaknested7q",
    "tkleakbacktick7q",
    "tkleakbacktickcode7q",
    "tkleakinner7q",
    "tkleakgated7q",
    "tkleakoutput7q",  # printed by a code cell inside a gated solution: only in outputs
)
KEPT = ("tkexercisekept7q", "tkkeptexample7q")  # exercises and a code example stay
GUIDE_MARKER = "tkguidemarker7q"
NOTE_TEXT = SOLUTION_NOTE.strip("*")
HEADER = (ROOT / "chapters" / "how_to_use.md").read_text(encoding="utf-8").split("---")[1]

# An independent reading of the chapters' solutions (not teachkit's parser): the
# book writes each as ":::{solution} label" ... ":::" (or with more colons).
SOLUTION_BLOCK = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{solution\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
CODE_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
PHRASE_WORDS = 7


# -- resolving the edition ------------------------------------------------------------


def test_the_default_edition_is_the_student_edition() -> None:
    assert resolve_edition(None) == "student"
    assert resolve_edition("") == "student"
    assert resolve_edition("  ") == "student"
    assert EDITIONS == ("student", "instructor")


@pytest.mark.parametrize("value", ["student", "instructor", "Instructor", " student\n"])
def test_a_valid_edition_is_accepted(value: str) -> None:
    assert resolve_edition(value) == value.strip().lower()


@pytest.mark.parametrize("value", ["teacher", "students", "instructors", "all"])
def test_an_unknown_edition_is_refused_with_the_valid_ones_named(value: str) -> None:
    with pytest.raises(EditionError) as err:
        resolve_edition(value)
    message = str(err.value)
    assert repr(value) in message
    assert "'student'" in message
    assert "'instructor'" in message
    assert EDITION_ENV in message


# -- stripping solutions from source text ---------------------------------------------

EXERCISE = ":::{exercise}\n:label: ex-1\n\nThe question.\n:::\n\n"


def test_a_solution_with_a_code_fence_is_replaced_by_the_note() -> None:
    source = EXERCISE + (
        ":::{solution} ex-1\n:class: dropdown\n\nSECRET prose.\n\n"
        "```python\nprint('SECRET code')\n```\n:::\n\nAfter.\n"
    )
    text, count = strip_solutions(source)
    assert count == 1
    assert "SECRET" not in text
    assert "{solution}" not in text
    assert text.startswith(EXERCISE)
    assert SOLUTION_NOTE in text
    assert text.endswith("After.\n")


def test_a_solution_needs_no_note() -> None:
    text, count = strip_solutions(EXERCISE + ":::{solution} ex-1\nSECRET\n:::\n", note="")
    assert (text, count) == (EXERCISE, 1)


def test_more_colons_and_a_nested_colon_fence() -> None:
    source = (
        "::::{solution} ex-1\nSECRET\n\n:::{note}\nSECRET nested\n:::\n\nSECRET more\n::::\nKept\n"
    )
    text, count = strip_solutions(source, note="")
    assert (text, count) == ("Kept\n", 1)


def test_a_shorter_colon_line_does_not_end_a_longer_fence() -> None:
    source = "::::{solution} ex-1\n:::\nSECRET\n::::\nKept\n"
    assert strip_solutions(source, note="") == ("Kept\n", 1)


def test_a_solution_written_with_backticks_or_tildes() -> None:
    for fence in ("```", "````", "~~~"):
        source = f"{fence}{{solution}} ex-1\n:class: dropdown\n\nSECRET\n{fence}\nKept\n"
        assert strip_solutions(source, note="") == ("Kept\n", 1), fence


def test_a_solution_nested_in_another_directive() -> None:
    source = ":::::{admonition} More\nKept\n\n:::{solution} ex-1\nSECRET\n:::\n:::::\n"
    text, count = strip_solutions(source, note="NOTE")
    assert count == 1
    assert "SECRET" not in text
    assert text.startswith(":::::{admonition} More\nKept\n")
    assert "NOTE" in text
    assert text.rstrip().endswith(":::::")


def test_a_gated_solution_with_a_code_cell() -> None:
    source = (
        ":::{solution-start} ex-1\n:::\n\nSECRET\n\n```{code-cell} ipython3\n"
        "print('SECRET')\n```\n\n:::{solution-end}\n:::\nKept\n"
    )
    assert strip_solutions(source, note="") == ("Kept\n", 1)


def test_a_gated_solution_without_its_end_removes_the_rest() -> None:
    text, count = strip_solutions("Kept\n:::{solution-start} ex-1\n:::\nSECRET\n", note="")
    assert (text, count) == ("Kept\n", 1)


def test_an_unclosed_solution_removes_the_rest() -> None:
    assert strip_solutions("Kept\n:::{solution} ex-1\nSECRET\n", note="") == ("Kept\n", 1)


def test_a_solution_shown_as_an_example_in_a_code_block_is_kept() -> None:
    source = "```markdown\n:::{solution} ex-1\nExample\n:::\n```\n"
    assert strip_solutions(source) == (source, 0)


def test_a_code_cell_is_not_read_as_markdown() -> None:
    source = '```{code-cell} ipython3\ntext = """\n:::{solution} x\n:::\n"""\n```\n'
    assert strip_solutions(source) == (source, 0)


def test_the_note_does_not_join_a_paragraph() -> None:
    text, _ = strip_solutions("Text above\n:::{solution} ex-1\nSECRET\n:::\nText below\n")
    assert text == f"Text above\n\n{SOLUTION_NOTE}\n\nText below\n"


def test_keep_lines_keeps_every_later_line_number() -> None:
    source = EXERCISE + ":::{solution} ex-1\na\nb\nc\n:::\nTarget line\n"
    text, _ = strip_solutions(source, keep_lines=True)
    assert text.splitlines().index("Target line") == source.splitlines().index("Target line")


def test_stripping_twice_changes_nothing_more() -> None:
    source = (ROOT / "tests" / "fixtures" / FIXTURE).read_text(encoding="utf-8")
    once, count = strip_solutions(source)
    assert count == 5
    assert strip_solutions(once) == (once, 0)


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="`~:\r\n"), max_size=40), max_size=30
    )
)
def test_text_without_fences_is_left_alone(lines: list[str]) -> None:
    source = "\n".join(lines)
    assert strip_solutions(source) == (source, 0)


def test_the_markdown_cells_of_an_ipynb_file() -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": ["Q\n", ":::{solution} q\n", "SECRET\n", ":::\n"],
            },
            {
                "cell_type": "code",
                "metadata": {},
                "source": "x = 1",
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text, count = strip_source(json.dumps(notebook), ".ipynb", note="")
    assert count == 1
    assert "SECRET" not in text
    assert json.loads(text)["cells"][1]["source"] == "x = 1"


def _independently_stripped(text: str) -> str:
    return SOLUTION_BLOCK.sub("", text)


def _blank_lines_squeezed(text: str) -> str:
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


@pytest.mark.parametrize("chapter", sorted((ROOT / "chapters").glob("*.md")), ids=lambda p: p.stem)
def test_every_solution_of_a_real_chapter_is_stripped_and_nothing_else(chapter: Path) -> None:
    source = chapter.read_text(encoding="utf-8")
    text, count = strip_solutions(source, note="", keep_lines=True)
    assert count == len(SOLUTION_BLOCK.findall(source))
    assert len(text.splitlines()) == len(source.splitlines())
    assert _blank_lines_squeezed(text) == _blank_lines_squeezed(_independently_stripped(source))


# -- leak checks on built sites ---------------------------------------------------------


def _normalized(text: str) -> str:
    """Lowercase, with JSON's escaped newlines and all runs of whitespace as one space."""
    return " ".join(text.replace("\\n", " ").lower().split())


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """Every file under ``folder`` that holds text, as (relative path, normalized text)."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.name == "objects.inv":  # four header lines, then zlib-compressed text
            data = zlib.decompress(data.split(b"\n", 4)[4])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # images and fonts
        yield path.relative_to(folder).as_posix(), _normalized(text)


def _where(folders: list[Path], needles: tuple[str, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {needle: [] for needle in needles}
    for folder in folders:
        for name, text in _texts(folder):
            for needle in needles:
                if needle.lower() in text:
                    found[needle].append(f"{folder.name}/{name}")
    return found


def _site_and_notebooks(result: BookBuild) -> list[Path]:
    folders = [result.html, result.html.parent / "jupyter_execute"]
    return [f for f in folders if f.is_dir()]


def _build(book: Path, out: Path, edition: str) -> BookBuild:
    """Build one edition (build_book sets TEACHKIT_EDITION for its subprocess)."""
    return build_book(book, out, edition=edition)


def _assert_strict(result: BookBuild) -> None:
    assert_strict(result)


@pytest.fixture(scope="module")
def editions_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture chapter, plus an instructor guide, in a one-chapter book."""
    book = fixture_book(tmp_path_factory.mktemp("editions"), FIXTURE)
    guide = f"---{HEADER}---\n\n# Instructor guide\n\nTeaching notes: {GUIDE_MARKER}.\n"
    (book / "chapters" / "instructor_guide.md").write_text(guide, encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def student(editions_book: Path, tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    return _build(editions_book, tmp_path_factory.mktemp("student"), "student")


@pytest.fixture(scope="module")
def instructor(editions_book: Path, tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    return _build(editions_book, tmp_path_factory.mktemp("instructor"), "instructor")


@pytest.fixture(scope="module")
def student_after_instructor(
    editions_book: Path, tmp_path_factory: pytest.TempPathFactory
) -> BookBuild:
    """A student build into an output folder that an instructor build filled first."""
    out = tmp_path_factory.mktemp("student_after_instructor")
    _assert_strict(_build(editions_book, out, "instructor"))
    assert (out / "_build" / "html" / "chapters" / "instructor_guide.html").is_file()
    return _build(editions_book, out, "student")


def _assert_no_leak(result: BookBuild) -> None:
    _assert_strict(result)
    folders = _site_and_notebooks(result)
    walked = [name for folder in folders for name, _ in _texts(folder)]
    for kind in (".html", ".js", ".md", ".ipynb", "searchindex.js", "objects.inv"):
        assert any(name.endswith(kind) for name in walked), f"no {kind} file was checked"
    leaks = {k: v for k, v in _where(folders, (*MARKERS, GUIDE_MARKER)).items() if v}
    assert leaks == {}, f"the student edition leaks: {leaks}"
    assert {k: v for k, v in _where(folders, ("instructor_guide",)).items() if v} == {}
    assert not (result.html / "chapters" / "instructor_guide.html").exists()
    images = result.html / "_images"  # the only image is a gated solution's output
    assert not images.is_dir() or sorted(images.iterdir()) == []


@pytest.mark.build
def test_the_student_edition_holds_no_solution_anywhere(student: BookBuild) -> None:
    _assert_no_leak(student)


@pytest.mark.build
def test_a_student_build_after_an_instructor_build_leaves_nothing_behind(
    student_after_instructor: BookBuild,
) -> None:
    _assert_no_leak(student_after_instructor)


@pytest.mark.build
def test_the_student_edition_keeps_exercises_and_its_notebook_download(student: BookBuild) -> None:
    _assert_strict(student)
    page = (student.html / "chapters" / "fixture.html").read_text(encoding="utf-8")
    for kept in KEPT:
        assert kept in page
    assert page.count(NOTE_TEXT) == 5  # one note for each solution removed
    assert 'href="../_sources/chapters/fixture.ipynb"' in page  # the notebook download
    notebook = (student.html / "_sources" / "chapters" / "fixture.ipynb").read_text()
    assert NOTE_TEXT in notebook
    assert "tkexercisekept7q" in notebook
    source = (student.html / "_sources" / "chapters" / "fixture.md").read_text(encoding="utf-8")
    assert source.count(NOTE_TEXT) == 5
    assert "tkexercisekept7q" in source
    assert "(instructor edition)" not in page


@pytest.mark.build
def test_the_instructor_edition_has_every_solution_and_the_guide(instructor: BookBuild) -> None:
    _assert_strict(instructor)
    folders = _site_and_notebooks(instructor)
    missing = [k for k, v in _where(folders, (*MARKERS, *KEPT, GUIDE_MARKER)).items() if not v]
    assert missing == []
    page = (instructor.html / "chapters" / "fixture.html").read_text(encoding="utf-8")
    assert all(marker in page for marker in MARKERS)
    assert NOTE_TEXT not in page
    index = (instructor.html / "searchindex.js").read_text(encoding="utf-8")
    assert all(f'"{marker}"' in index for marker in MARKERS)
    assert list((instructor.html / "_images").glob("*.png")) != []  # the solution's plot
    assert (instructor.html / "chapters" / "instructor_guide.html").is_file()
    intro = (instructor.html / "intro.html").read_text(encoding="utf-8")
    assert "For instructors" in intro
    assert 'href="chapters/instructor_guide.html"' in intro
    assert "(instructor edition)" in intro


@pytest.mark.build
def test_an_unknown_edition_stops_the_build(tmp_path: Path) -> None:
    book = fixture_book(tmp_path, "chapter_ok.md")
    result = _build(book, tmp_path / "out", "teacher")
    assert result.returncode != 0
    assert "TEACHKIT_EDITION='teacher' is not an edition of this book" in result.output
    assert "'student' or 'instructor'" in result.output


# -- the real book ------------------------------------------------------------------------


def _prose(body: str) -> str:
    """A solution's prose: no code fences, no directive options."""
    body = CODE_FENCE.sub(" ", body)
    return re.sub(r"^:[\w-]+:.*$", " ", body, flags=re.MULTILINE)


def _corpus() -> str:
    """Everything the student edition may legitimately show, normalized."""
    texts = [_independently_stripped(p.read_text(encoding="utf-8")) for p in ROOT.glob("*.md")]
    texts += [
        _independently_stripped(p.read_text(encoding="utf-8"))
        for p in (ROOT / "chapters").glob("*.md")
        if p.stem != "instructor_guide"
    ]
    for pattern in ("data/*.csv", "data/*.json", "data/*.bib", "src/teachkit/**/*.py"):
        texts += [p.read_text(encoding="utf-8") for p in ROOT.glob(pattern)]
    return _normalized("\n".join(texts))


def _solution_bodies() -> list[str]:
    return [
        m.group("body")
        for chapter in sorted((ROOT / "chapters").glob("*.md"))
        for m in SOLUTION_BLOCK.finditer(chapter.read_text(encoding="utf-8"))
    ]


def real_solution_phrases() -> list[str]:
    """From each solution, the first run of seven plain words found nowhere else."""
    corpus = _corpus()
    phrases = []
    for body in _solution_bodies():
        words = _normalized(_prose(body)).split()
        for start in range(len(words) - PHRASE_WORDS + 1):
            window = words[start : start + PHRASE_WORDS]
            phrase = " ".join(window)
            if all(w.isalpha() for w in window) and phrase not in corpus:
                phrases.append(phrase)
                break
    return phrases


def real_solution_stems() -> set[str]:
    """Search-index terms (stemmed words) that only the solutions contain."""
    from sphinx.search.en import SearchEnglish

    stem = SearchEnglish({}).stem
    words = set(re.findall(r"[a-z]{6,}", _normalized(" ".join(map(_prose, _solution_bodies())))))
    # single words may also come from the self-check quizzes, which the site shows by design;
    # their phrases may not (real_solution_phrases does not count them as published text)
    quizzes = [p.read_text(encoding="utf-8") for p in (ROOT / "chapters" / "quizzes").glob("*.yml")]
    others = set(re.findall(r"[a-z]{3,}", _corpus() + _normalized("\n".join(quizzes))))
    return {stem(w) for w in words} - {stem(w) for w in others}


def _searchindex_terms(html: Path) -> set[str]:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[len("Search.setIndex(") : -1])
    return {t for key in ("terms", "titleterms") for t, pages in data[key].items() if pages != []}


@pytest.mark.build
def test_the_real_books_solutions_are_nowhere_in_the_student_site(built_book: BookBuild) -> None:
    # built_book is always the student edition: build_book sets TEACHKIT_EDITION itself
    assert built_book.returncode == 0, "the book did not build; see test_book_builds_strictly"
    phrases = real_solution_phrases()
    assert len(phrases) >= 0.8 * len(_solution_bodies()) >= 40  # never vacuous
    found = _where([built_book.html], tuple(phrases))
    assert {k: v for k, v in found.items() if v} == {}
    stems = real_solution_stems()
    assert len(stems) >= 20
    assert stems & _searchindex_terms(built_book.html) == set()
    assert not (built_book.html / "chapters" / "instructor_guide.html").exists()
    assert not (built_book.html / "_sources" / "chapters" / "instructor_guide.md").exists()
    assert not (built_book.html / "_sources" / "chapters" / "instructor_guide.ipynb").exists()


@pytest.mark.build
def test_the_instructor_edition_of_the_real_book_builds_strictly(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Both editions of the real book build with zero warnings (the student one: built_book)."""
    result = build_book(ROOT, tmp_path_factory.mktemp("instructor"), edition="instructor")
    _assert_strict(result)
    guide = (result.html / "chapters" / "instructor_guide.html").read_text(encoding="utf-8")
    assert "How to assign chapters" in guide
    page = (result.html / "chapters" / "kennedy_khrushchev.html").read_text(encoding="utf-8")
    assert NOTE_TEXT not in page  # the solutions are there, not the student edition's note
    assert "Autograder checks (answer: khrushchev_trip_ids" in page
    notebook = (result.html / "_sources" / "chapters" / "kennedy_khrushchev.ipynb").read_text()
    assert "khrushchev_trip_ids" in notebook  # the instructor's download keeps its solutions
