"""Tokens and meaning flags for :mod:`teachkit.models.textcompare`.

A text is split into word and punctuation tokens; an edit gets the meaning
flags (name, negation, number, punctuation) whose counts differ between the
original's and the copy's tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

#: The meaning flags an edit can carry, in display order.
MEANING_FLAGS: Final[tuple[str, ...]] = ("name", "negation", "number", "punctuation")

_FLAG_HELP: Final[dict[str, str]] = {
    "name": "a capitalised word inside a sentence (a name or title) changed",
    "negation": "the number of negations (not, no, never, n't, ...) changed",
    "number": "a number (digits or a number word) changed",
    "punctuation": "a mark that separates clauses (. ; : ? ! or a dash) was added or removed",
}

# An abbreviation such as U.S. or H.W. keeps its full stops; a word may hold
# inner apostrophes or hyphens (don't, son-in-law); any other non-space
# character is a token of its own (punctuation).
_TOKEN: Final = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['\u2019\-]\w+)*|[^\w\s]")
_DASHES: Final = frozenset({"\u2014", "\u2013"})  # em dash, en dash
_CLAUSE_MARKS: Final = frozenset({".", ";", ":", "?", "!"}) | _DASHES
_SENTENCE_ENDS: Final = frozenset({".", "?", "!"})
_CLOSERS: Final = frozenset({"\u201d", "\u2019", '"', "'", ")", "]"})
_OPENERS: Final = frozenset({".", "?", "!", ":", "\u201c", "\u2018", '"', "'", "("}) | _DASHES
_NEGATIONS: Final = frozenset(
    {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "without"}
)
_NUMBER_WORDS: Final[dict[str, str]] = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
    )
} | {"hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000"}


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------- meaning flags


def _names(tokens: list[_Token], start: int, end: int) -> Counter[str]:
    """Capitalised words in ``tokens[start:end]`` that do not open a sentence."""
    found: Counter[str] = Counter()
    for i in range(start, end):
        text = tokens[i].text
        if not (tokens[i].is_word and text[0].isupper()) or text == "I":
            continue
        opens = i == 0 or tokens[i - 1].text in _OPENERS
        if not opens:
            found[text] += 1
    return found


def _negations(words: Iterable[str]) -> int:
    return sum(
        1 for w in words if w.lower() in _NEGATIONS or w.lower().endswith(("n't", "n\u2019t"))
    )


def _numbers(words: Iterable[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for word in words:
        low = word.lower()
        if any(ch.isdigit() for ch in low):
            found[low] += 1
        elif low in _NUMBER_WORDS:
            found[_NUMBER_WORDS[low]] += 1
    return found


def _clause_marks(words: Iterable[str]) -> Counter[str]:
    return Counter(w for w in words if w in _CLAUSE_MARKS)


def _flags(a: list[_Token], i1: int, i2: int, b: list[_Token], j1: int, j2: int) -> tuple[str, ...]:
    old = [t.text for t in a[i1:i2]]
    new = [t.text for t in b[j1:j2]]
    found = {
        "name": _names(a, i1, i2) != _names(b, j1, j2),
        "negation": _negations(old) != _negations(new),
        "number": _numbers(old) != _numbers(new),
        "punctuation": _clause_marks(old) != _clause_marks(new),
    }
    return tuple(flag for flag in MEANING_FLAGS if found[flag])


def _phrase(text: str, tokens: list[_Token], start: int, end: int) -> str:
    if start == end:
        return ""
    return text[tokens[start].start : tokens[end - 1].end]


def _sentence_starts(tokens: list[_Token]) -> list[int]:
    """Token positions where sentences start.

    A sentence ends at . ? or ! (with any closing quotes or brackets after
    it), except a full stop after a single capital letter (an initial, as in
    "Franklin D. Roosevelt").
    """
    starts = [0]
    for i, token in enumerate(tokens[:-1]):
        if token.text not in _SENTENCE_ENDS:
            continue
        before = tokens[i - 1].text if i else ""
        if token.text == "." and len(before) == 1 and before.isupper():
            continue  # an initial
        nxt = i + 1
        while nxt < len(tokens) and tokens[nxt].text in _CLOSERS:
            nxt += 1
        if nxt < len(tokens) and tokens[nxt].text not in _SENTENCE_ENDS and nxt != starts[-1]:
            starts.append(nxt)
    return starts
