"""Issue #13: solutions in hostile forms never reach the student edition.

Each form below was left (in part) on the page by the old line-by-line stripper. The
unit tests strip each one; the build test plants a marker word in every form, in a
text notebook (``.md``), a plain MyST page and an ``.ipynb`` notebook, and proves that
the student build holds none of them in any file (HTML, ``_sources``, search index,
downloaded notebooks, executed notebooks), and builds strictly.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bookhelpers import FIXTURES, BookBuild, assert_strict, build_book, fixture_book

from teachkit.book import editions

HOSTILE = "chapter_hostile_solutions.md"
MARKERS = (
    "tkhostilelist7q",
    "tkhostiletab7q",
    "tkhostilecase7q",
    "tkhostilequote7q",
    "tkhostileitem7q",
    "tkhostilerst7q",
    "tkhostilegated7q",
)
KEPT = ("tkhostilekept7q", "tkhostiletail7q")
NOTE = "NOTE"

# Line separators Python's str.splitlines() breaks at and markdown-it does not.
SEPARATORS = {"ls": "\u2028", "nel": "\x85", "ff": "\x0c"}


def _separated(prefix: str) -> str:
    """Solutions whose text holds a separator just before a fence-like line."""
    parts = []
    for name, char in SEPARATORS.items():
        parts.append(
            f":::{{exercise}}\n:label: ex-{prefix}-{name}\n\nQ.\n:::\n\n"
            f":::{{solution}} ex-{prefix}-{name}\nBefore the separator.{char}:::\n"
            f"After it: {prefix}{name}7q.\n:::\n\n"
        )
    return "".join(parts)


def _markers(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{name}7q" for name in SEPARATORS)


def _strip(text: str, **kwargs: object) -> tuple[str, int]:
    return editions.strip_solutions(text, note=NOTE, **kwargs)  # type: ignore[arg-type]


# -- unit tests: each hostile form ----------------------------------------------------

CASES = {
    "fence indented four spaces in a list item": (
        ":::{solution} ex-1\n1. First step\n\n    :::{note}\n    a note\n    :::\n\n"
        "The answer is 42. SECRET\n:::\nKept\n"
    ),
    "fence indented by a tab in a list item": (
        ":::{solution} ex-1\n1. First step\n\n\t:::{note}\n\ta note\n\t:::\n\nSECRET\n:::\nKept\n"
    ),
    "capitalised directive name": ":::{Solution} ex-1\nSECRET\n:::\nKept\n",
    "upper-case backtick directive": "```{SOLUTION} ex-1\nSECRET\n```\nKept\n",
    "in a block quote": "> Kept\n>\n> :::{solution} ex-1\n> SECRET\n> :::\n",
    "on a list item's first line": "1. :::{solution} ex-1\n   SECRET\n   :::\n2. Kept\n",
    "in a list in a block quote": "> - :::{solution} ex-1\n>   SECRET\n>   :::\n> - Kept\n",
    "eval-rst": "```{eval-rst}\n.. solution:: ex-1\n\n   SECRET\n\nKept\n```\n",
    "eval-rst, capitalised": "```{eval-rst}\n.. Solution:: ex-1\n\n   SECRET\n\nKept\n```\n",
    "eval-rst, gated": (
        "```{eval-rst}\n.. solution-start:: ex-1\n\nSECRET\n\n.. solution-end::\n\nKept\n```\n"
    ),
    "eval-rst, nested in an rst admonition": (
        "```{eval-rst}\n.. admonition:: Kept\n\n   .. solution:: ex-1\n\n      SECRET\n```\n"
    ),
    "gated end shown as an indented code block": (
        ":::{solution-start} ex-1\n:::\n\nText\n\n    :::{solution-end}\n    :::\n\n"
        "SECRET\n\n:::{solution-end}\n:::\nKept\n"
    ),
    "gated pair in a list item": (
        "- :::{solution-start} ex-1\n  :::\n\n  SECRET\n\n  :::{solution-end}\n  :::\n- Kept\n"
    ),
    "gated start in a directive, end outside it": (
        "::::{admonition} Kept\n:::{solution-start} ex-1\n:::\nSECRET\n::::\nSECRET\n"
        ":::{solution-end}\n:::\nKept\n"
    ),
    "U+2028 before a closing fence": ":::{solution} ex-1\nA\u2028:::\nSECRET\n:::\nKept\n",
    "U+0085 before a closing fence": ":::{solution} ex-1\nA\x85:::\nSECRET\n:::\nKept\n",
    "form feed before a closing fence": ":::{solution} ex-1\nA\x0c:::\nSECRET\n:::\nKept\n",
    "U+2028 before an opening fence": "Kept\u2028:::{solution} ex-1\nSECRET\n:::\nKept\n",
    "CR line endings": (
        ":::{solution} ex-1\r1. a\r\r    :::{note}\r    b\r    :::\r\rSECRET\r:::\rKept\r"
    ),
}


@pytest.mark.parametrize("source", list(CASES.values()), ids=list(CASES))
def test_a_hostile_solution_is_stripped_whole(source: str) -> None:
    for keep_lines in (False, True):
        text, count = _strip(source, keep_lines=keep_lines)
        assert "SECRET" not in text, text
        assert "Kept" in text
        assert count >= 1
        assert NOTE in text


def test_the_issues_minimal_case_leaves_only_the_note() -> None:
    source = (
        ":::{solution} ex-1\n1. First step\n\n    :::{note}\n    a note\n    :::\n\n"
        "The answer is 42.\n:::\n"
    )
    assert editions.strip_solutions(source, note="") == ("", 1)


def test_the_note_stays_in_its_list_item_and_block_quote() -> None:
    text, _ = _strip("1. :::{solution} ex-1\n   SECRET\n   :::\n2. Kept\n")
    assert text == f"1. {NOTE}\n\n2. Kept\n"
    text, _ = _strip("> Kept\n>\n> :::{solution} ex-1\n> SECRET\n> :::\n> More\n")
    assert text == f"> Kept\n>\n> {NOTE}\n>\n> More\n"


def test_keep_lines_keeps_line_numbers_in_hostile_forms() -> None:
    source = (FIXTURES / HOSTILE).read_text(encoding="utf-8")
    text, count = _strip(source, keep_lines=True)
    assert count == len(MARKERS)
    assert len(text.splitlines()) == len(source.splitlines())
    assert text.splitlines()[-1] == source.splitlines()[-1]


@pytest.mark.parametrize(
    "source",
    [
        "    :::{solution} ex-1\n    Example\n    :::\n",  # an indented code block
        "````markdown\n```{solution} ex-1\nExample\n```\n````\n",
        "Inline ```{solution}``` text.\n",
        "```{code-cell} ipython3\ns = '''\n:::{solution} x\n:::\n'''\n```\n",
    ],
)
def test_text_that_only_looks_like_a_solution_is_kept(source: str) -> None:
    assert editions.strip_solutions(source) == (source, 0)


def test_the_hostile_fixture_chapter_keeps_nothing_of_its_solutions() -> None:
    source = (FIXTURES / HOSTILE).read_text(encoding="utf-8")
    text, count = _strip(source)
    assert count == len(MARKERS)
    assert [m for m in MARKERS if m in text] == []
    assert all(kept in text for kept in KEPT)


def test_separators_are_read_both_ways() -> None:
    text, count = _strip(_separated("tkunit"))
    assert count == len(SEPARATORS)
    assert [m for m in _markers("tkunit") if m in text] == []
    assert not any(char in text for char in SEPARATORS.values())


def test_an_included_rst_file_is_stripped_as_rst() -> None:
    source = "Kept\n\n.. solution:: ex-1\n   :class: dropdown\n\n   SECRET\n\nKept too\n"
    text, count = editions.strip_source(source, ".rst", note=NOTE)
    assert count == 1
    assert "SECRET" not in text
    assert text.startswith("Kept\n")
    assert text.endswith("Kept too\n")


def _notebook(*cells: tuple[str, str]) -> str:
    made = []
    for number, (kind, source) in enumerate(cells):
        cell: dict[str, object] = {"cell_type": kind, "id": f"c{number}", "metadata": {}}
        cell["source"] = source
        if kind == "code":
            cell |= {"outputs": [], "execution_count": None}
        made.append(cell)
    return json.dumps({"cells": made, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_gated_solution_spanning_notebook_cells_is_removed_with_its_code() -> None:
    source = _notebook(
        ("markdown", "Question\n\n:::{solution-start} ex-1\n:::\nSECRET prose\n"),
        ("code", "print('SECRET code')"),
        ("markdown", "SECRET more\n"),
        ("markdown", "SECRET last\n\n:::{Solution-End}\n:::\nKept after\n"),
        ("code", "kept = 1"),
    )
    text, count = editions.strip_source(source, ".ipynb", note=NOTE)
    assert count == 1
    assert "SECRET" not in text
    cells = json.loads(text)["cells"]
    assert [c["cell_type"] for c in cells] == ["markdown", "markdown", "code"]
    assert NOTE in "".join(cells[0]["source"])
    assert "".join(cells[1]["source"]) == "Kept after\n"


def test_a_notebook_gate_without_its_end_removes_every_later_cell() -> None:
    source = _notebook(
        ("markdown", "Kept\n\n:::{solution-start} ex-1\n:::\n"),
        ("code", "print('SECRET')"),
        ("markdown", "SECRET"),
    )
    text, count = editions.strip_source(source, ".ipynb", note="")
    assert count == 1
    assert "SECRET" not in text
    assert len(json.loads(text)["cells"]) == 1


def test_gated_span_follows_the_parse() -> None:
    lines = ["Body\n", "\n", "    :::{solution-end}\n", "    :::\n", "\n", ":::{solution-end}\n"]
    lines += [":::\n", "After\n"]
    assert editions.gated_span(lines, 0) == (5, 7)
    assert editions.gated_span([line.rstrip("\n") for line in lines], 0) == (5, 7)
    assert editions.gated_span(["a\n", "b\n"], 0) == (2, 2)
    assert editions.gated_span(["x\n", ":::{exercise-end}\n", ":::\n"], 0, "exercise-end") == (1, 3)


# -- the build: a student edition of every hostile form -----------------------------


def _plain_page() -> str:
    return "# A plain page\n\nNo notebook header: MyST reads it whole.\n\n" + _separated("tkplain")


def _ipynb() -> str:
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook = json.loads(
        _notebook(
            ("markdown", "# A notebook chapter\n\n:::{exercise}\n:label: ex-nb-1\n\nQ.\n:::\n"),
            ("markdown", ":::{solution-start} ex-nb-1\n:::\n\nGated prose: tkhostilenbprose7q.\n"),
            ("code", 'print("tkhostile" + "nbout7q")'),
            ("markdown", "More of it: tkhostilenbmore7q.\n\n:::{solution-end}\n:::\n"),
            ("markdown", "After the solution: tkhostilenbkept7q.\n"),
            ("code", 'print("kept" + "output7q")'),
        )
    )
    notebook["metadata"] = {"kernelspec": kernel, "language_info": {"name": "python"}}
    return json.dumps(notebook, indent=1)


NOTEBOOK_MARKERS = ("tkhostilenbprose7q", "tkhostilenbout7q", "tkhostilenbmore7q")


@pytest.fixture(scope="module")
def hostile_student(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    book = fixture_book(tmp_path_factory.mktemp("hostile"), HOSTILE)
    chapters = book / "chapters"
    with (chapters / "fixture.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n" + _separated("tkhostile"))
    (book / "plain.md").write_text(_plain_page(), encoding="utf-8")  # not a chapter: no header
    (chapters / "notebook.ipynb").write_text(_ipynb(), encoding="utf-8")
    toc = yaml.safe_load((book / "_toc.yml").read_text())
    toc["parts"][0]["chapters"] += [{"file": "plain"}, {"file": "chapters/notebook"}]
    (book / "_toc.yml").write_text(yaml.safe_dump(toc))
    return build_book(book, tmp_path_factory.mktemp("hostile_out"), edition="student")


def _files(result: BookBuild) -> dict[str, str]:
    folders = [result.html, result.html.parent / "jupyter_execute"]
    texts = {}
    for folder in (f for f in folders if f.is_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
            texts[f"{folder.name}/{path.relative_to(folder).as_posix()}"] = text.lower()
    return texts


@pytest.mark.build
def test_no_hostile_solution_reaches_the_student_build(hostile_student: BookBuild) -> None:
    result = hostile_student
    assert_strict(result)
    files = _files(result)
    for needed in (
        "html/chapters/fixture.html",
        "html/plain.html",
        "html/chapters/notebook.html",
        "html/searchindex.js",
        "html/_sources/chapters/fixture.md",
        "html/_sources/chapters/fixture.ipynb",
        "html/_sources/chapters/notebook.ipynb",
    ):
        assert needed in files, sorted(files)
    secrets = (*MARKERS, *_markers("tkhostile"), *_markers("tkplain"), *NOTEBOOK_MARKERS)
    leaks = {s: [name for name, text in files.items() if s in text] for s in secrets}
    assert {s: where for s, where in leaks.items() if where} == {}
    page = files["html/chapters/fixture.html"]
    assert all(kept in page for kept in KEPT)
    assert "a quoted aside the student edition keeps" in page
    assert "a second item the student edition keeps" in page
    assert "tkhostilenbkept7q" in files["html/chapters/notebook.html"]
    assert "keptoutput7q" in files["html/chapters/notebook.html"]


# -- the configuration: the edition and the instructor-only pages ----------------------


@pytest.mark.parametrize("value", [3, None, ["student"], True])
def test_a_non_string_teachkit_edition_is_an_edition_error(value: object) -> None:
    with pytest.raises(editions.EditionError) as err:
        editions.resolve_edition(None, value)  # type: ignore[arg-type]
    assert "teachkit_edition" in str(err.value)
    assert "'student' or 'instructor'" in str(err.value)


def test_a_bad_configured_edition_is_named_as_the_setting() -> None:
    with pytest.raises(editions.EditionError, match=r"teachkit_edition = 'teacher' is not an"):
        editions.resolve_edition(None, "teacher")
    assert editions.resolve_edition(None, " Instructor ") == "instructor"


def _app(srcdir: Path, pages: object) -> SimpleNamespace:
    config = SimpleNamespace(
        teachkit_instructor_pages=pages,
        source_suffix={".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"},
        root_doc="intro",
    )
    return SimpleNamespace(srcdir=str(srcdir), config=config)


@pytest.fixture
def source_tree(tmp_path: Path) -> Path:
    (tmp_path / "chapters").mkdir()
    for page in ("intro.md", "chapters/guide.md", "chapters/one.md"):
        (tmp_path / page).write_text("# Page\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("pages", "problem"),
    [
        ([""], "is not a page name"),
        (["/"], "is not a page name"),
        (["chapters"], "is a folder, not a page"),
        (["chapters/"], "is a folder, not a page"),
        (["."], "is not a page name"),
        (["../outside"], "is not a page name"),
        (["chapters/*"], "is not a page name"),
        (["intro"], "is the book's root page"),
        (["chapters/missing"], "names no page of the book"),
        ([3], "is not a page name"),
        ("chapters/guide", "must be a list of page names"),
        (None, "must be a list of page names"),
    ],
)
def test_instructor_pages_that_would_delete_more_are_refused(
    source_tree: Path, pages: object, problem: str
) -> None:
    app = _app(source_tree, pages)
    with pytest.raises(editions.EditionError) as err:
        editions.instructor_pages(app, app.config)  # type: ignore[arg-type]
    assert "teachkit_instructor_pages" in str(err.value)
    assert problem in str(err.value)


def test_instructor_pages_are_normalised(source_tree: Path) -> None:
    app = _app(source_tree, ["/chapters/guide/", "chapters/one.md"])
    assert editions.instructor_pages(app, app.config) == ["chapters/guide", "chapters/one"]  # type: ignore[arg-type]
    default = _app(source_tree, list(editions.INSTRUCTOR_PAGES))  # may be missing
    assert editions.instructor_pages(default, default.config) == ["chapters/instructor_guide"]  # type: ignore[arg-type]


def test_only_the_pages_own_files_are_deleted(tmp_path: Path) -> None:
    site = tmp_path / "html"
    (site / "chapters").mkdir(parents=True)
    names = ("guide.html", "guide.ipynb", "guide.md.txt", "guide_two.html", "one.html")
    for name in names:
        (site / "chapters" / name).write_text("x")
    (site / "index.html").write_text("x")
    editions._remove_page_files("chapters/guide", [site, tmp_path / "missing"])
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert left == ["chapters/guide_two.html", "chapters/one.html", "index.html"]


@pytest.mark.build
@pytest.mark.parametrize("pages", [[""], ["chapters"]], ids=["empty", "folder"])
def test_a_bad_instructor_page_stops_the_build_and_deletes_nothing(
    tmp_path: Path, pages: list[str]
) -> None:
    book = fixture_book(tmp_path, "chapter_ok.md")
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["config"]["teachkit_instructor_pages"] = pages
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp_path / "out" / "_build" / "html"
    (site / "chapters").mkdir(parents=True)
    (site / "chapters" / "fixture.html").write_text("an earlier build")
    (site / "index.html").write_text("an earlier build")
    result = build_book(book, tmp_path / "out", edition="student")
    assert result.returncode != 0
    assert "teachkit_instructor_pages" in result.output
    assert (site / "chapters" / "fixture.html").read_text() == "an earlier build"
    assert (site / "index.html").is_file()
