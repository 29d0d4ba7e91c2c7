"""Compare an original text with a copy of it, word by word, for source criticism.

Pure text analysis, with no chart: :func:`teachkit.edit_chart` (in
:mod:`teachkit.charts.textcompare`) draws where the edits fall.

:func:`compare_texts` aligns the two texts with :mod:`difflib` on word and
punctuation tokens and reports how much of the original was replaced or
deleted, at how many places, and each edit (original phrase -> copy phrase).
A simple heuristic flags the edits most likely to change the meaning: those
touching names, negations, numbers, or the punctuation that separates clauses.
The flags are prompts for a human reader, not a verdict.
"""

from __future__ import annotations

import bisect
import difflib
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from teachkit.models._texttokens import (
    _FLAG_HELP,
    _flags,
    _phrase,
    _sentence_starts,
    _Token,
    _tokens,
)
from teachkit.models._texttokens import (
    MEANING_FLAGS as MEANING_FLAGS,
)

if TYPE_CHECKING:
    import pandas as pd

EditKind = Literal["replaced", "deleted", "inserted"]

_OPCODE_KIND: Final[dict[str, EditKind]] = {
    "replace": "replaced",
    "delete": "deleted",
    "insert": "inserted",
}
_DISPLAY_ROWS: Final = 20


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string (str), got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} is empty: give the text to compare")
    if not any(token.is_word for token in _tokens(value)):
        raise ValueError(f"{name} contains no words, only punctuation: {value[:40]!r}")
    return value


@dataclass(frozen=True)
class TextEdit:
    """One place where the copy differs from the original.

    Attributes
    ----------
    kind : {"replaced", "deleted", "inserted"}
        What happened to the original's tokens at this place.
    original : str
        The original's phrase, exactly as written there ("" for an insertion).
    copy : str
        The copy's phrase ("" for a deletion).
    original_start, original_end : int
        Token positions of the phrase in the original (end exclusive; equal
        for an insertion, where ``original_start`` is the insertion point).
    copy_start, copy_end : int
        Token positions of the phrase in the copy.
    words_changed : int
        Words (not punctuation marks) of the original replaced or deleted here.
    flags : tuple of str
        Meaning flags from :data:`MEANING_FLAGS`, in that order; empty if none.
    """

    kind: EditKind
    original: str
    copy: str
    original_start: int
    original_end: int
    copy_start: int
    copy_end: int
    words_changed: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class TextComparison:
    """The result of :func:`compare_texts`: measures, edits and flags.

    Attributes
    ----------
    original_words, copy_words : int
        Word tokens (not punctuation) in each text.
    original_tokens : int
        All tokens (words and punctuation marks) of the original.
    words_changed : int
        Words of the original replaced or deleted in the copy.
    changed_share : float
        ``words_changed / original_words``, in ``[0, 1]``.
    sentences, sentences_changed : int
        Sentences of the original (split after . ? or !) and how many of them
        hold at least one edit.
    edits : tuple of TextEdit
        Every place where the texts differ, in the original's order.
    """

    original_words: int
    copy_words: int
    original_tokens: int
    words_changed: int
    changed_share: float
    sentences: int
    sentences_changed: int
    edits: tuple[TextEdit, ...]

    @property
    def edit_count(self) -> int:
        """Number of places where the copy differs from the original."""
        return len(self.edits)

    @property
    def meaning_flags(self) -> tuple[TextEdit, ...]:
        """The edits that carry at least one meaning flag: read these first."""
        return tuple(edit for edit in self.edits if edit.flags)

    @property
    def identical(self) -> bool:
        """True if the two texts have exactly the same tokens."""
        return not self.edits

    def summary(self) -> str:
        """One sentence that states the measures.

        Examples
        --------
        >>> print(compare_texts("One two three four.", "One two five four.").summary())
        ... # doctest: +NORMALIZE_WHITESPACE
        1 of 4 words (25.0%) replaced or deleted, at 1 place;
        1 of 1 sentence changed; 1 edit flagged.
        """
        place = "place" if self.edit_count == 1 else "places"
        sentence = "sentence" if self.sentences == 1 else "sentences"
        flagged = len(self.meaning_flags)
        return (
            f"{self.words_changed} of {self.original_words} words "
            f"({self.changed_share:.1%}) replaced or deleted, at {self.edit_count} {place}; "
            f"{self.sentences_changed} of {self.sentences} {sentence} changed; "
            f"{flagged} edit{'' if flagged == 1 else 's'} flagged."
        )

    def to_frame(self) -> pd.DataFrame:
        """The edits as a pandas DataFrame, one row per edit.

        Returns
        -------
        pandas.DataFrame
            Columns ``kind``, ``original``, ``copy``, ``flags`` (joined with
            ";", empty if none), ``original_start`` and ``words_changed``.

        Examples
        --------
        >>> compare_texts("a b c", "a x c").to_frame()[["original", "copy"]].values.tolist()
        [['b', 'x']]
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "kind": [e.kind for e in self.edits],
                "original": [e.original for e in self.edits],
                "copy": [e.copy for e in self.edits],
                "flags": [";".join(e.flags) for e in self.edits],
                "original_start": [e.original_start for e in self.edits],
                "words_changed": [e.words_changed for e in self.edits],
            }
        )

    def flag_legend(self) -> str:
        """What each meaning flag used in this comparison means, in one line.

        Examples
        --------
        >>> compare_texts("It is not so.", "It is so.").flag_legend()
        "Meaning flags: negation = the number of negations (not, no, never, n't, ...) changed."
        """
        used = [flag for flag in MEANING_FLAGS if any(flag in e.flags for e in self.edits)]
        if not used:
            return ""
        return "Meaning flags: " + "; ".join(f"{f} = {_FLAG_HELP[f]}" for f in used) + "."

    def _rows(self, max_rows: int) -> tuple[list[tuple[int, TextEdit]], str]:
        if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
            raise ValueError(f"max_rows must be a whole number of at least 1 (got {max_rows!r})")
        rows = list(enumerate(self.edits, start=1))[:max_rows]
        more = len(self.edits) - len(rows)
        note = f"First {len(rows)} of {len(self.edits)} edits." if more else ""
        return rows, note

    def to_markdown(self, *, max_rows: int = _DISPLAY_ROWS) -> str:
        """The summary and a diff table in Markdown (``_repr_markdown_`` uses this).

        Parameters
        ----------
        max_rows : int, default 20
            Most edits to list; a note says how many were left out.

        Returns
        -------
        str
            Markdown text.

        Examples
        --------
        >>> print(compare_texts("It is not so.", "It is so.").to_markdown())
        ... # doctest: +NORMALIZE_WHITESPACE
        1 of 4 words (25.0%) replaced or deleted, at 1 place;
        1 of 1 sentence changed; 1 edit flagged.
        <BLANKLINE>
        | # | Original | Copy | Change | Meaning flags |
        | --- | --- | --- | --- | --- |
        | 1 | not | (nothing) | deleted | negation |
        <BLANKLINE>
        Meaning flags: negation = the number of negations (not, no, never, n't, ...) changed.
        """
        rows, note = self._rows(max_rows)
        lines = [self.summary(), ""]
        if not rows:
            return lines[0] + "\n"
        lines += [
            "| # | Original | Copy | Change | Meaning flags |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {n} | {_md_cell(e.original)} | {_md_cell(e.copy)} | {e.kind} | "
            f"{', '.join(e.flags) or '-'} |"
            for n, e in rows
        ]
        for extra in (note, self.flag_legend()):
            if extra:
                lines += ["", extra]
        return "\n".join(lines) + "\n"

    def to_html(self, *, max_rows: int = _DISPLAY_ROWS) -> str:
        """The summary and a diff table in HTML (``_repr_html_`` uses this).

        The table has a caption and column headers; the kind of change and the
        flags are written out as words, so nothing depends on colour.

        Parameters
        ----------
        max_rows : int, default 20
            Most edits to list; a note says how many were left out.

        Returns
        -------
        str
            An HTML fragment.

        Examples
        --------
        >>> "<caption>" in compare_texts("a b", "a c").to_html()
        True
        """
        rows, note = self._rows(max_rows)
        summary = f"<p>{html.escape(self.summary())}</p>"
        if not rows:
            return f'<div class="teachkit-textcompare">{summary}</div>'
        head = "".join(
            f'<th scope="col">{title}</th>'
            for title in ("#", "Original", "Copy", "Change", "Meaning flags")
        )
        body = "".join(
            f'<tr><th scope="row">{n}</th><td>{_html_cell(e.original)}</td>'
            f"<td>{_html_cell(e.copy)}</td><td>{e.kind}</td>"
            f"<td>{html.escape(', '.join(e.flags) or '-')}</td></tr>"
            for n, e in rows
        )
        footer = "".join(
            f"<p>{html.escape(extra)}</p>" for extra in (note, self.flag_legend()) if extra
        )
        return (
            f'<div class="teachkit-textcompare">{summary}<table>'
            "<caption>Edits from the original to the copy, in the original's order</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{footer}</div>"
        )

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html()


def _md_cell(text: str) -> str:
    if not text:
        return "(nothing)"
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for mark in "*_`[]<>#":
        escaped = escaped.replace(mark, "\\" + mark)
    return escaped


def _html_cell(text: str) -> str:
    return html.escape(text.replace("\n", " ")) if text else "<em>(nothing)</em>"


# ---------------------------------------------------------------- public API


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Difflib's opcodes after setting aside the common start and end of both lists.

    Trimming first keeps a single insertion in a run of repeated words one edit:
    on its own, difflib may match ``trust trust`` against the wrong pair and
    report an insertion plus a deletion.
    """
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(
        None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False
    )
    return [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in middle.get_opcodes()
    ]


def _edits(first: str, a: list[_Token], second: str, b: list[_Token]) -> list[TextEdit]:
    """Every stretch where the token lists differ, aligned with difflib (no autojunk)."""
    return [
        TextEdit(
            kind=_OPCODE_KIND[tag],
            original=_phrase(first, a, i1, i2),
            copy=_phrase(second, b, j1, j2),
            original_start=i1,
            original_end=i2,
            copy_start=j1,
            copy_end=j2,
            words_changed=sum(1 for t in a[i1:i2] if t.is_word),
            flags=_flags(a, i1, i2, b, j1, j2),
        )
        for tag, i1, i2, j1, j2 in _opcodes([t.text for t in a], [t.text for t in b])
        if tag != "equal"
    ]


def _touched(edits: list[TextEdit], starts: list[int], tokens: int) -> set[int]:
    """The sentences the edits touch.

    An insertion belongs to the token after it (or to the last token, when it
    comes at the very end).
    """
    touched: set[int] = set()
    for e in edits:
        first_token = min(e.original_start, tokens - 1)
        last_token = max(first_token, e.original_end - 1)
        for position in range(first_token, last_token + 1):
            touched.add(bisect.bisect_right(starts, position) - 1)
    return touched


def compare_texts(original: str, copy: str) -> TextComparison:
    """Compare a copy with its original, word by word.

    Both texts are split into tokens (words, with abbreviations such as
    ``U.S.`` kept whole, and single punctuation marks) and aligned with
    :class:`difflib.SequenceMatcher` (``autojunk=False``, so common words are
    not skipped). Every stretch that is not the same in both is one *edit*:
    a replacement, a deletion or an insertion. Capitals count (``Kim`` is not
    ``kim``); spacing and line breaks do not.

    Each edit gets *meaning flags*, a heuristic for what a reader should
    check first: ``name`` (a capitalised word that does not open a sentence
    differs), ``negation`` (the count of not, no, never, n't and the like
    differs), ``number`` (digits or number words differ; ``one`` and ``1``
    count as the same) and ``punctuation`` (a full stop, semicolon, colon,
    question or exclamation mark, or dash that separates clauses was added
    or removed, which can regroup or reorder what a sentence says). A flag
    is a prompt to read the passage, not proof that the meaning changed.

    Parameters
    ----------
    original : str
        The text believed to be the original.
    copy : str
        The text to check against it.

    Returns
    -------
    TextComparison
        Measures (``changed_share``, ``edit_count``, ``sentences_changed``),
        the list of ``edits`` and the flagged ones (``meaning_flags``). In a
        notebook it displays as a diff table.

    Raises
    ------
    TypeError
        If either text is not a string.
    ValueError
        If either text is empty, only white space, or has no words.

    Examples
    --------
    >>> result = compare_texts("Hal Brands wrote; then he left.", "Hal Models wrote then he left.")
    >>> result.edit_count, round(result.changed_share, 3)
    (2, 0.167)
    >>> [(e.original, e.copy, e.flags) for e in result.meaning_flags]
    [('Brands', 'Models', ('name',)), (';', '', ('punctuation',))]
    >>> compare_texts("Same words.", "Same  words.").identical
    True
    """
    first = _check_text("original", original)
    second = _check_text("copy", copy)
    a, b = _tokens(first), _tokens(second)
    starts = _sentence_starts(a)
    edits = _edits(first, a, second, b)
    original_words = sum(1 for t in a if t.is_word)
    words_changed = sum(e.words_changed for e in edits)
    return TextComparison(
        original_words=original_words,
        copy_words=sum(1 for t in b if t.is_word),
        original_tokens=len(a),
        words_changed=words_changed,
        changed_share=words_changed / original_words,
        sentences=len(starts),
        sentences_changed=len(_touched(edits, starts, len(a))),
        edits=tuple(edits),
    )
