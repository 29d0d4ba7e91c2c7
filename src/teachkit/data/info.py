"""What a dataset is: its schema, provenance and caveats, as data and as Markdown.

:func:`describe` and :func:`cite` read ``datapackage.json``; :class:`DatasetInfo`
prints as plain text and shows in a notebook as Markdown
(:func:`dataset_markdown`, which the book's data appendix uses too). Every
word of it comes from the data package, none from Python strings.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from teachkit.data._loader import _Package, _package

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_BOOK_AUTHORS = "The Trusting Enemies authors"


class FieldInfo(NamedTuple):
    """A column: its name, type, description and constraints."""

    name: str
    type: str
    description: str
    constraints: Mapping[str, Any]


class Source(NamedTuple):
    """Where a dataset comes from."""

    title: str
    url: str


class Licence(NamedTuple):
    """A dataset's licence: SPDX name, full title and URL."""

    name: str
    title: str
    url: str


class Guidance(NamedTuple):
    """What an instructor may, and may not, conclude from a dataset."""

    may_conclude: str
    may_not_conclude: str


@dataclass(frozen=True, repr=False)
class DatasetInfo:
    """Schema and provenance of one dataset, as :func:`describe` returns it."""

    name: str
    title: str
    description: str
    path: str
    rows: int
    licences: tuple[Licence, ...]
    sources: tuple[Source, ...]
    fields: tuple[FieldInfo, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str], ...]  # (column(s), "resource.column(s)")
    quirks: tuple[str, ...]
    guidance: Guidance
    interpretation: str = ""  # a warning that the dataset's codings are the book's reading

    @property
    def licence(self) -> str:
        """The licence name(s), e.g. ``"CC-BY-4.0"``."""
        return " and ".join(lic.name for lic in self.licences)

    def __repr__(self) -> str:
        return f"DatasetInfo(name={self.name!r}, rows={self.rows}, fields={len(self.fields)})"

    def __str__(self) -> str:
        lines = [
            f"{self.name}: {self.title}",
            "",
            self.description,
            "",
            f"File {self.path}, {self.rows} rows. Licence: {self.licence}.",
            "Sources:",
            *(f"  - {s.title} <{s.url}>" for s in self.sources),
            "Columns:",
            *(f"  - {f.name} ({f.type}): {f.description}" for f in self.fields),
            "Known quirks:",
            *(f"  - {q}" for q in self.quirks),
            f"May conclude: {self.guidance.may_conclude}",
            f"May not conclude: {self.guidance.may_not_conclude}",
        ]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return dataset_markdown(self, level=3, label=False)


def _count_rows(root: Traversable, path: str) -> int:
    text = root.joinpath(path).read_text(encoding="utf-8")
    return sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1


def _keys(value: str | Iterable[str]) -> str:
    return value if isinstance(value, str) else ", ".join(value)


def _info(package: _Package, name: str) -> DatasetInfo:
    r = package.resource(name)
    schema = r["schema"]
    key = schema.get("primaryKey") or []
    guidance = r.get("guidance") or {}
    return DatasetInfo(
        name=r["name"],
        title=r.get("title", r["name"]),
        description=r.get("description", ""),
        path=r["path"],
        rows=_count_rows(package.root, r["path"]),
        licences=tuple(
            Licence(x.get("name", ""), x.get("title", x.get("name", "")), x.get("path", ""))
            for x in r.get("licenses", [])
        ),
        sources=tuple(Source(s.get("title", ""), s.get("path", "")) for s in r.get("sources", [])),
        fields=tuple(
            FieldInfo(
                f["name"],
                f.get("type", "string"),
                f.get("description", ""),
                MappingProxyType(dict(f.get("constraints") or {})),
            )
            for f in schema["fields"]
        ),
        primary_key=(key,) if isinstance(key, str) else tuple(key),
        foreign_keys=tuple(
            (
                _keys(fk["fields"]),
                f"{fk['reference']['resource']}.{_keys(fk['reference']['fields'])}",
            )
            for fk in schema.get("foreignKeys", [])
        ),
        quirks=tuple(r.get("quirks", [])),
        guidance=Guidance(guidance.get("may_conclude", ""), guidance.get("may_not_conclude", "")),
        interpretation=r.get("interpretation", ""),
    )


def describe(name: str) -> DatasetInfo:
    """What a dataset holds and where it comes from: its schema, provenance and caveats.

    Parameters
    ----------
    name : str
        A dataset name from :func:`names`.

    Returns
    -------
    DatasetInfo
        Title, description, licences, sources, columns (name, type,
        description, constraints), quirks, guidance and row count. Printing
        it gives a plain-text summary; in a notebook it shows as a table.

    Examples
    --------
    >>> info = describe("summits")
    >>> info.fields[0].name, info.licence
    ('id', 'CC-BY-4.0')
    """
    return _info(_package(), name)


def _cite(package: _Package, name: str) -> str:
    from teachkit import __version__

    info = _info(package, name)
    licences = "; ".join(f"{x.name} ({x.title}), {x.url}" for x in info.licences)
    sources = "\n".join(
        f"  - {s.title}: {s.url}" if s.url else f"  - {s.title}" for s in info.sources
    )
    book = package.descriptor.get("title", "the data package of the book Trusting Enemies")
    return (
        f'{_BOOK_AUTHORS}, "{info.title}" (dataset {info.name}, file {info.path}), '
        f"in {book}, teachkit {__version__}. Licence: {licences}.\n"
        f"Compiled from:\n{sources}"
    )


def cite(name: str) -> str:
    """How to cite a dataset: the book's compilation, its licence and its sources.

    Parameters
    ----------
    name : str
        A dataset name from :func:`names`.

    Returns
    -------
    str
        A citation of the compiled dataset, then one line per source with its URL.

    Examples
    --------
    >>> print(cite("essays").splitlines()[0])  # doctest: +ELLIPSIS
    The Trusting Enemies authors, "The five source essays" (dataset essays, ...
    """
    return _cite(_package(), name)


# -- Markdown ----------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>|$&{}~#])")
_URL = re.compile(r"https?://[^\s<>]+")


# -- Markdown helpers -----------------------------------------------------------------


def _escape(text: str) -> str:
    """Plain text as MyST Markdown: no accidental markup, roles or maths; URLs as links."""
    out, last = [], 0
    text = " ".join(text.split())
    for match in _URL.finditer(text):
        url = match.group(0)
        while url[-1] in ".,;:'\"" or (url[-1] == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        out.append(_ESCAPE.sub(r"\\\1", text[last : match.start()]))
        out.append(f"<{url}>")
        last = match.start() + len(url)
    out.append(_ESCAPE.sub(r"\\\1", text[last:]))
    escaped = "".join(out)
    escaped = re.sub(r"^([-+])", r"\\\1", escaped)  # a leading "-" is not a list item...
    return re.sub(r"^([0-9]+)([.)])", r"\1\\\2", escaped)  # ...nor "1985. ..." a numbered one


def _code(text: str, *, table: bool = False) -> str:
    """Inline code; ``|`` is escaped inside tables."""
    code = f"`` {text} ``" if "`" in text else f"`{text}`"
    return code.replace("|", "\\|") if table else code


def _link(title: str, url: str) -> str:
    return f"[{_escape(title)}]({url.replace(' ', '%20')})" if url else _escape(title)


def _constraints(field: FieldInfo, primary_key: tuple[str, ...]) -> str:
    c = field.constraints
    parts = []
    if field.name in primary_key:
        parts.append("primary key")
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(_code(str(v), table=True) for v in c["enum"]))
    if "pattern" in c:
        parts.append("pattern " + _code(c["pattern"], table=True))
    for key, label in (
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("minLength", "minimum length"),
        ("maxLength", "maximum length"),
    ):
        if key in c:
            parts.append(f"{label} {_code(str(c[key]), table=True)}")
    return "; ".join(parts) if parts else "optional"


def _type(field: FieldInfo) -> str:
    kind = {"date": "date (YYYY-MM-DD)", "boolean": "boolean (true/false)"}.get(field.type)
    if "enum" in field.constraints:
        return f"{field.type}, categorical"
    return kind or field.type


# -- one dataset ------------------------------------------------------------------------


def dataset_markdown(info: DatasetInfo, *, level: int = 2, label: bool = True) -> str:
    """One dataset's schema and provenance as MyST Markdown.

    Parameters
    ----------
    info : DatasetInfo
        What :func:`teachkit.describe` returns.
    level : int, default 2
        Heading level of the dataset's title; its parts are one level below.
    label : bool, default True
        Put targets for ``{ref}`` links before the headings: ``data-<name>`` for
        the dataset, ``data-<name>-sources``, ``-columns``, ``-quirks``,
        ``-may-conclude`` and ``-may-not-conclude`` for its parts.

    Returns
    -------
    str
        Title, provenance, licence, row count, a table of columns, quirks and
        guidance.

    Examples
    --------
    >>> from teachkit.data.info import describe
    >>> print(dataset_markdown(describe("essays"), label=False).splitlines()[0])
    ## The five source essays
    """
    h = "#" * level

    def part(slug: str, title: str) -> list[str]:
        target = [f"(data-{info.name}-{slug})="] if label else []
        return [*target, f"{h}# {title}", ""]

    licences = ", ".join(
        f"{_link(x.name, x.url)} ({_escape(x.title)})"
        if x.title != x.name
        else _link(x.name, x.url)
        for x in info.licences
    )
    load = _code(f'tk.load("{info.name}")')
    out = [f"(data-{info.name})="] if label else []
    out += [f"{h} {_escape(info.title)}", ""]
    out += [
        f"Dataset {_code(info.name)}: file {_code(info.path)}, {info.rows} rows. "
        f"Load it with {load}.",
        "",
        _escape(info.description),
        "",
    ]
    if info.interpretation:
        out += ["```{important}", info.interpretation, "```", ""]
    out += part("sources", "Provenance and licence")
    out += [f"- {_link(s.title, s.url)}" for s in info.sources] or ["No sources recorded."]
    out += ["", f"Licence: {licences or 'not stated'}.", ""]
    out += part("columns", "Columns")
    keys = f"Primary key: {', '.join(_code(k) for k in info.primary_key) or 'none'}."
    refs = "; ".join(f"{_code(cols)} refers to {_code(ref)}" for cols, ref in info.foreign_keys)
    out += [keys + (f" Foreign keys: {refs}." if refs else ""), ""]
    out += ["| Column | Type | Constraints | Description |", "| --- | --- | --- | --- |"]
    out += [
        f"| {_code(f.name, table=True)} | {_type(f)} | {_constraints(f, info.primary_key)} "
        f"| {_escape(f.description) or 'not described'} |"
        for f in info.fields
    ]
    out += ["", *part("quirks", "Known quirks")]
    out += [f"- {_escape(q)}" for q in info.quirks] or ["None recorded."]
    out += ["", *part("may-conclude", "What an instructor may conclude")]
    out += [_escape(info.guidance.may_conclude) or "Not stated.", ""]
    out += part("may-not-conclude", "What an instructor may not conclude")
    out += [_escape(info.guidance.may_not_conclude) or "Not stated.", ""]
    return "\n".join(out).rstrip() + "\n"
