"""The data appendix and the glossary, generated as MyST Markdown from the data package.

Nothing here is copied by hand: titles, columns, constraints, quirks, guidance
and glossary entries all come from ``datapackage.json`` and the CSV files, so
the pages change when the data change. In the book, the directives
``teachkit-data-appendix`` and ``teachkit-glossary`` (see :func:`register`)
parse this Markdown into real sections, tables and glossary terms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from teachkit.data._loader import DatasetInfo, FieldInfo, _info, _Package, _package, _read_checked

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_INTERPRETATION = {
    "trust_codings": (
        "**These codings are the book's interpretation, not a measurement.** Each stage, level "
        "and state was assigned by one reading of the essays and other sources, and every row "
        "gives its evidence and citations so that readers can check it and disagree. The "
        "levels are ordinal codes, not scores: do not add or average them, and do not treat "
        "them as data about what the leaders felt."
    ),
    "personal_diplomacy_scorecard": (
        "**The assessment columns of this scorecard are the book's interpretation, not a "
        "measurement.** The meeting counts come from the summits table and every outcome has "
        "a dated source, but which outcomes count and what verdict they support is one "
        "reading; the force-multiplier case and Brands's sceptical case sit side by side so "
        "that readers can weigh them differently."
    ),
}
_ESCAPE = re.compile(r"([\\`*_\[\]<>|$&{}~#])")
_URL = re.compile(r"https?://[^\s<>]+")
_ESSAY = re.compile(r"(e[0-9]{3})(?: line ([0-9]+))?")


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
    >>> from teachkit.data._loader import describe
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
    if info.name in _INTERPRETATION:
        out += ["```{important}", _INTERPRETATION[info.name], "```", ""]
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


def _appendix_from(package: _Package) -> str:
    return "\n".join(dataset_markdown(_info(package, name)) for name in sorted(package.resources))


def data_appendix_markdown() -> str:
    """The data appendix: every dataset's provenance, licence, columns, quirks and guidance.

    Returns
    -------
    str
        MyST Markdown with one level-2 section per dataset, labelled
        ``data-<name>`` (e.g. ``{ref}`data-summits```).

    Examples
    --------
    >>> text = data_appendix_markdown()
    >>> "(data-summits)=" in text and "| `start_date` |" in text
    True
    """
    return _appendix_from(_package())


# -- the glossary -----------------------------------------------------------------------


def _records(package: _Package, name: str) -> list[dict[str, Any]]:
    """A dataset's rows as dicts, checked like :func:`teachkit.load` but without pandas."""
    columns, rows = _read_checked(package.root, package.resource(name))
    return [{c.name: v for c, v in zip(columns, row, strict=True)} for row in rows]


def _bibliography(package: _Package) -> tuple[set[str], dict[str, str]]:
    """BibTeX keys in references.bib, and the key of each source essay (from its note)."""
    bib = package.root.joinpath("references.bib")
    text = bib.read_text(encoding="utf-8") if bib.is_file() else ""
    keys, essays = set(), {}
    for entry in re.split(r"\n(?=@)", "\n" + text):
        match = re.match(r"@\w+\s*\{\s*([^,\s]+)\s*,", entry)
        if match:
            keys.add(match.group(1))
            essay = re.search(r"note\s*=\s*\{Source essay (e[0-9]{3})\b", entry)
            if essay:
                essays[essay.group(1)] = match.group(1)
    return keys, essays


def _glossary_from(package: _Package) -> str:
    entries = sorted(_records(package, "glossary"), key=lambda g: str(g["term"]).casefold())
    term_of = {g["id"]: g["term"] for g in entries}
    essays = {e["id"]: e for e in _records(package, "essays")}
    keys, essay_keys = _bibliography(package)

    def essay(token: str, *, cite: bool = True) -> str | None:
        """An essay id (or "eNNN line L") as its author and title, and its citation."""
        match = _ESSAY.fullmatch(token)
        if not match or match.group(1) not in essays:
            return None
        e = essays[match.group(1)]
        title = str(e["title"])
        title = _escape(title) if title.startswith("(") else f"“{_escape(title)}”"
        text = f"{_escape(str(e['author'] or 'author unknown'))}, {title} (essay {match.group(1)}"
        text += f", line {match.group(2)} of the plain-text copy)" if match.group(2) else ")"
        key = essay_keys.get(match.group(1))
        return f"{text} {{cite:p}}`{key}`" if key and cite else text

    def source(token: str) -> str:
        if _URL.fullmatch(token):
            return f"<{token}>"
        if token in keys:
            return f"{{cite:p}}`{token}`"
        return essay(token) or _escape(token)

    def split(cell: object) -> list[str]:
        return [t for t in str(cell or "").split(";") if t]

    lines = ["```{glossary}"]
    for g in entries:
        lines += [str(g["term"]), f"  {_escape(str(g['definition']))}", ""]
        parts = [f"**Source:** {'; '.join(source(t) for t in split(g['source']))}."]
        also = [f"{{term}}`{term_of[i]}`" for i in split(g["see_also"]) if i in term_of]
        if also:
            parts.append(f"**See also:** {', '.join(also)}.")
        used = [essay(t, cite=False) or _escape(t) for t in split(g["used_in"])]
        if used:
            parts.append(f"**Discussed in:** {'; '.join(used)}.")
        lines += [f"  {' '.join(parts)}", ""]
    return "\n".join(lines).rstrip() + "\n```\n"


def glossary_markdown() -> str:
    """The glossary as a MyST ``{glossary}`` directive, one entry per term in glossary.csv.

    Terms are sorted alphabetically and keep the display form of the CSV's
    ``term`` column, so a chapter links one with ``{term}`security dilemma```
    (Sphinx matches terms case-insensitively). Sources that are BibTeX keys
    become ``{cite:p}`` citations, essay ids the essay's author and title.

    Returns
    -------
    str
        A fenced ``{glossary}`` block.

    Examples
    --------
    >>> text = glossary_markdown()
    >>> lines = glossary_markdown().splitlines()
    >>> lines[0], "security dilemma sensibility" in lines
    ('```{glossary}', True)
    """
    return _glossary_from(_package())


# -- Sphinx directives --------------------------------------------------------------------


def register(app: Sphinx) -> None:
    """Add the directives ``teachkit-data-appendix`` and ``teachkit-glossary`` to Sphinx.

    Each parses the generated MyST Markdown in place, so the appendix's
    headings become sections of the page (with ``data-<name>`` labels) and
    the glossary's terms become ``{term}`` targets. Use them in MyST pages only.
    Call this from the Sphinx extension's ``setup``.
    """
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class _Generated(SphinxDirective):
        has_content = False
        generate = staticmethod(data_appendix_markdown)

        def run(self) -> list[nodes.Node]:
            package = _package()
            paths = ["datapackage.json", "references.bib"]
            paths += [r["path"] for r in package.resources.values()]
            for path in paths:
                self.env.note_dependency(str(package.root.joinpath(path)))
            text = self.generate()
            document = self.state.document
            before = {id(section) for section in document.findall(nodes.section)}
            holder = nodes.Element()
            lines = StringList(text.splitlines(), source=self.env.docname)
            self.state.nested_parse(lines, self.content_offset, holder, match_titles=True)
            # The generated headings became sections of the page; what came before the
            # first one (its label) stayed in ``holder``. Put it just before that section,
            # so the label names the section wherever the directive stands on the page.
            new = [s for s in document.findall(nodes.section) if id(s) not in before]
            leading = list(holder.children)
            if not new or not all(isinstance(n, nodes.target) for n in leading):
                return leading
            parent = new[0].parent
            for node in reversed(leading):
                holder.remove(node)
                parent.insert(parent.index(new[0]), node)
            return []

    class _Glossary(_Generated):
        generate = staticmethod(glossary_markdown)

    app.add_directive("teachkit-data-appendix", _Generated)
    app.add_directive("teachkit-glossary", _Glossary)
