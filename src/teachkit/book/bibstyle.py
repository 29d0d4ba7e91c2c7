"""Author-year citations that tell same-author, same-year works apart: Wheeler 2018a, 2018b, 2018c.

sphinxcontrib-bibtex's ``author_year`` referencing style prints every work by one author in one
year the same way ("Wheeler, 2018"), so a reader cannot tell which of several works a citation
means. This Sphinx extension registers two plugins that add a letter to the year of each such
work, in the order the bibliography lists them:

* ``author_year_abc``, a sphinxcontrib-bibtex *referencing* style (set it as
  ``bibtex_reference_style``): the in-text citations, e.g. "(Wheeler, 2018a)";
* ``alpha_abc``, a pybtex *formatting* style (set it as ``bibtex_default_style``): the
  bibliography, whose entries then show the same year, e.g. "2018a", as the citations that point
  to them. Everything else is pybtex's ``alpha`` style.

The letters come from :func:`year_suffixes`, computed from the book's BibTeX files when the
builder starts. List this module under ``sphinx: extra_extensions`` in ``_config.yml``, after
``sphinxcontrib.bibtex`` is loaded (Jupyter Book loads it when ``bibtex_bibfiles`` is set).
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.database
import pybtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, join, node, optional
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import (
    BaseReferenceStyle,
    BracketStyle,
    GroupReferenceStyle,
    PersonStyle,
)
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.richtext import BaseText
    from pybtex.style import FormattedEntry
    from sphinx.application import Sphinx

REFERENCE_STYLE = "author_year_abc"
FORMATTING_STYLE = "alpha_abc"

#: Citation key -> letter for works that share their authors and year with another work.
#: Filled when the Sphinx builder starts (:func:`_load_suffixes`), read by the year nodes.
_SUFFIXES: dict[str, str] = {}


def _surnames(entry: Entry) -> tuple[str, ...]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    return tuple(" ".join(p.last_names) for p in people)


def year_suffixes(entries: Mapping[str, Entry] | Iterable[Entry]) -> dict[str, str]:
    """Letters that tell apart works with the same authors (or editors) and year.

    Works are grouped by the surnames of their authors (editors if there are none) and by
    ``year``; in a group of two or more, each gets "a", "b", "c", ... in the order of pybtex's
    ``author_year_title`` sorting, the order the ``alpha`` bibliography lists them in. Works
    that are alone in their group, or that have no author, editor or year, get no letter.

    >>> from pybtex.database import parse_string
    >>> bib = parse_string(
    ...     "@misc{b, author={Doe, J.}, title={Beta}, year={2018}}"
    ...     "@misc{a, author={Doe, J.}, title={Alpha}, year={2018}}"
    ...     "@misc{c, author={Doe, J.}, title={Gamma}, year={2019}}",
    ...     "bibtex",
    ... )
    >>> year_suffixes(bib.entries)
    {'a': 'a', 'b': 'b'}
    """
    items = list(entries.values()) if isinstance(entries, Mapping) else list(entries)
    groups: dict[tuple[tuple[str, ...], str], list[Entry]] = defaultdict(list)
    for entry in items:
        names, year = _surnames(entry), entry.fields.get("year", "")
        if names and year:
            groups[names, year].append(entry)
    sorting = pybtex.plugin.find_plugin("pybtex.style.sorting", "author_year_title")()
    suffixes: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        if len(group) > len(string.ascii_lowercase):
            raise ValueError(f"more than 26 works share authors and year: {group[0].key}, ...")
        for letter, entry in zip(string.ascii_lowercase, sorting.sort(group), strict=False):
            suffixes[entry.key] = letter
    return suffixes


def _year_text(entry: Entry) -> str:
    return str(entry.fields.get("year", "")) + _SUFFIXES.get(entry.key, "")


@node  # type: ignore[untyped-decorator]
def suffixed_year(children: list[Any], data: dict[str, Any]) -> BaseText:
    """The entry's year with its letter, if it shares authors and year with another work."""
    assert not children
    year = first_of[optional[bib_field("year")], "n.d."].format_data(data)
    return Text(year, _SUFFIXES.get(data["entry"].key, ""))


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name: str) -> Any:
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[
                join(sep=self.author_year_sep)[
                    self.person.author_or_editor_or_title(full="s" in role_name),
                    suffixed_year,
                ]
            ],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name: str) -> Any:
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[
                self.bracket.left,
                join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                    pre_text,
                    reference[suffixed_year],
                    post_text,
                ],
                self.bracket.right,
            ],
        ]


@dataclass
class _Year(BaseReferenceStyle):
    bracket: BracketStyle = field(default_factory=BracketStyle)

    def role_names(self) -> Iterable[str]:
        return ["year", "yearpar"]

    def outer(self, role_name: str, children: list[BaseText]) -> Any:
        return self.bracket.outer(children, brackets="par" in role_name, capfirst=False)

    def inner(self, role_name: str) -> Any:
        return reference[suffixed_year]


@dataclass
class AuthorYearAbcReferenceStyle(GroupReferenceStyle):
    """sphinxcontrib-bibtex's ``author_year`` style, with a/b/c after shared years.

    The same roles and defaults as ``author_year`` (``p``, ``t``, ``author``, ``label``,
    ``year`` and their variants); only the year carries the letter from :func:`year_suffixes`.
    """

    bracket_textual: BracketStyle = field(default_factory=BracketStyle)
    bracket_parenthetical: BracketStyle = field(default_factory=BracketStyle)
    bracket_author: BracketStyle = field(default_factory=BracketStyle)
    bracket_label: BracketStyle = field(default_factory=BracketStyle)
    bracket_year: BracketStyle = field(default_factory=BracketStyle)
    person: PersonStyle = field(default_factory=PersonStyle)
    author_year_sep: BaseText | str = ", "
    text_reference_sep: BaseText | str = " "
    pre_text_sep: BaseText | str = " "
    post_text_sep: BaseText | str = ", "

    def __post_init__(self) -> None:
        self.styles.extend(
            [
                _Parenthetical(
                    bracket=self.bracket_parenthetical,
                    person=self.person,
                    author_year_sep=self.author_year_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                _Textual(
                    bracket=self.bracket_textual,
                    person=self.person,
                    text_reference_sep=self.text_reference_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person),
                ExtraLabelReferenceStyle(bracket=self.bracket_label),
                _Year(bracket=self.bracket_year),
                ExtraEmptyReferenceStyle(),
            ]
        )
        super().__post_init__()  # type: ignore[no-untyped-call,unused-ignore]


class AlphaAbcStyle(AlphaStyle):  # type: ignore[misc]
    """pybtex's ``alpha`` bibliography style, printing the year with its a/b/c letter."""

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        """The entry as ``alpha`` formats it, its year carrying its a/b/c letter."""
        letter = _SUFFIXES.get(entry.key, "")
        if letter and "year" in entry.fields:
            shown = pybtex.database.Entry(
                entry.type, fields=dict(entry.fields), persons=entry.persons
            )
            shown.key = entry.key
            shown.fields["year"] = _year_text(entry)
            entry = shown
        return super().format_entry(label, entry, bib_data=bib_data)


def register() -> None:
    """Register both plugins (idempotent)."""
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        REFERENCE_STYLE,
        AuthorYearAbcReferenceStyle,
        force=True,
    )
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, AlphaAbcStyle)


def load_bibfiles(paths: Iterable[Path], encoding: str = "utf-8-sig") -> dict[str, Entry]:
    """Every entry of the given BibTeX files, by citation key."""
    entries: dict[str, Entry] = {}
    for path in paths:
        entries.update(pybtex.database.parse_file(str(path), "bibtex", encoding=encoding).entries)
    return entries


def _load_suffixes(app: Sphinx) -> None:
    files = [Path(app.confdir) / f for f in app.config.bibtex_bibfiles or []]
    encoding = getattr(app.config, "bibtex_encoding", "utf-8-sig")
    _SUFFIXES.clear()
    _SUFFIXES.update(year_suffixes(load_bibfiles(files, encoding)))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the styles and compute the letters from ``bibtex_bibfiles`` when building."""
    register()
    # before sphinxcontrib-bibtex (priority 500) formats anything
    app.connect("builder-inited", _load_suffixes, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
