"""Author-year citations tell same-author, same-year works apart (teachkit.book.bibstyle)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bookhelpers import ROOT
from pybtex.database import parse_string

from teachkit.book import bibstyle as _bibstyle

BIB = ROOT / "data" / "references.bib"
WHEELER_2018 = {"wheeler2018bisa", "wheeler2018oupblog", "wheeler2018trusting"}


def test_the_three_wheeler_2018_works_get_distinct_letters() -> None:
    suffixes = _bibstyle.year_suffixes(_bibstyle.load_bibfiles([BIB]))
    assert {key: suffixes.get(key) for key in WHEELER_2018} == {
        # the alpha bibliography's order (author, year, title): "The Personal Chemistry ...",
        # "Trust in Face-to-Face Diplomacy", "Trusting Enemies"
        "wheeler2018bisa": "a",
        "wheeler2018oupblog": "b",
        "wheeler2018trusting": "c",
    }
    # Works alone in their author-year group keep a plain year, co-authored ones included.
    for key in ("holmes2018face", "holmes2020social", "booth2008security", "brands2020personal"):
        assert key not in suffixes
    # Every letter belongs to a group of at least two works.
    assert sorted(suffixes.values()).count("a") == sorted(suffixes.values()).count("b")


def test_groups_need_the_same_authors_and_year() -> None:
    bib = parse_string(
        "@misc{x1, author={Roe, A.}, title={One}, year={2000}}"
        "@misc{x2, author={Roe, A. and Poe, B.}, title={Two}, year={2000}}"
        "@misc{x3, editor={Roe, A.}, title={Three}, year={2000}}"
        "@misc{x4, author={Roe, A.}, title={Four}}"
        "@misc{x5, key={Anonymous}, title={Five}, year={2000}}",
        "bibtex",
    )
    # x1 and x3 share the surname Roe (editor stands in for author) and the year; x2 has
    # another author list, x4 no year and x5 no author or editor
    suffixes = _bibstyle.year_suffixes(bib.entries)
    assert set(suffixes) == {"x1", "x3"}
    assert sorted(suffixes.values()) == ["a", "b"]


def _build(tmp_path: Path, text: str) -> str:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_text(BIB.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['sphinxcontrib.bibtex', 'teachkit.book.bibstyle']\n"
        "bibtex_bibfiles = ['refs.bib']\n"
        f"bibtex_reference_style = '{_bibstyle.REFERENCE_STYLE}'\n"
        f"bibtex_default_style = '{_bibstyle.FORMATTING_STYLE}'\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    app = Sphinx(src, src, out, tmp_path / "doctrees", "html", status=None, warning=None)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_citations_and_bibliography_show_the_letters(tmp_path: Path) -> None:
    html = _build(
        tmp_path,
        "Test\n====\n\n"
        ":cite:p:`wheeler2018bisa`, :cite:p:`wheeler2018oupblog`, :cite:t:`wheeler2018trusting`,"
        " :cite:p:`holmes2018face`, :cite:year:`wheeler2018bisa`\n\n"
        ".. bibliography::\n",
    )
    text = re.sub(r"<[^>]+>", "", html)
    assert "Wheeler, 2018a" in text
    assert "Wheeler, 2018b" in text
    assert "Wheeler [2018c]" in text  # textual citation: author, then the year
    assert "[Holmes, 2018]" in text  # alone in its group: no letter
    assert "Wheeler, 2018]" not in text
    # the bibliography entries carry the same years as the citations that point to them
    bibliography = text[text.index("Whe18a") :]
    assert "August 2018a." in bibliography
    assert "April 2018b." in bibliography
    assert "Oxford, 2018c." in bibliography
