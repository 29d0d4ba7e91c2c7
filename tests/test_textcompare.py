"""compare_texts (teachkit.models) and edit_chart: word-level comparison, flags and displays."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import teachkit as tk
from teachkit.charts.explorable import chart_meta
from teachkit.charts.textcompare import edit_chart
from teachkit.models._texttokens import _tokens
from teachkit.models.textcompare import MEANING_FLAGS, TextComparison, compare_texts

# Texts built from a small vocabulary, so that hypothesis finds shared runs and edits.
VOCAB = ["the", "leader", "met", "Kim", "Brandt", "not", "two", "3", "trust", "summit", "a"]
MARKS = [".", ";", ",", ":", "\u2014"]
token = st.one_of(st.sampled_from(VOCAB), st.sampled_from(MARKS))
words = st.lists(token, min_size=0, max_size=40).map(lambda ts: ["trust", *ts])
texts = words.map(" ".join)


def _rebuild(original: str, copy: str, result: TextComparison) -> list[str]:
    """Apply the edits to the original's tokens; this must give the copy's tokens."""
    a = [t.text for t in _tokens(original)]
    b = [t.text for t in _tokens(copy)]
    out: list[str] = []
    at = 0
    for edit in result.edits:
        out += a[at : edit.original_start]
        out += b[edit.copy_start : edit.copy_end]
        at = edit.original_end
    return out + a[at:]


# ---------------------------------------------------------------- properties


@given(text=texts)
def test_identical_texts_have_no_edits(text: str) -> None:
    result = compare_texts(text, text)
    assert result.identical
    assert result.edit_count == 0
    assert result.changed_share == 0.0
    assert result.sentences_changed == 0
    assert result.meaning_flags == ()


@given(text=texts)
def test_spacing_and_line_breaks_do_not_count(text: str) -> None:
    respaced = "  \n".join(text.split(" "))
    assert compare_texts(text, respaced).identical


@given(original=texts, copy=texts)
def test_measures_are_in_range(original: str, copy: str) -> None:
    result = compare_texts(original, copy)
    assert 0.0 <= result.changed_share <= 1.0
    assert 0 <= result.words_changed <= result.original_words
    assert result.changed_share == result.words_changed / result.original_words
    assert 0 <= result.sentences_changed <= result.sentences
    assert result.identical == (result.edit_count == 0)
    assert set(result.meaning_flags) <= set(result.edits)


@given(original=texts, copy=texts)
def test_edits_turn_the_original_into_the_copy(original: str, copy: str) -> None:
    result = compare_texts(original, copy)
    assert _rebuild(original, copy, result) == [t.text for t in _tokens(copy)]


@given(original=texts, copy=texts)
def test_edits_are_well_formed_and_in_order(original: str, copy: str) -> None:
    result = compare_texts(original, copy)
    previous_end = -1
    for edit in result.edits:
        assert edit.original_start > previous_end or edit.original_start == 0
        previous_end = edit.original_end
        assert set(edit.flags) <= set(MEANING_FLAGS)
        assert list(edit.flags) == [f for f in MEANING_FLAGS if f in edit.flags]
        if edit.kind == "inserted":
            assert edit.original == ""
            assert edit.copy
            assert edit.words_changed == 0
        elif edit.kind == "deleted":
            assert edit.original
            assert edit.copy == ""
        else:
            assert edit.original
            assert edit.copy


@given(tokens=words, at=st.integers(min_value=1, max_value=41), mark=st.sampled_from([";", ":"]))
def test_adding_a_clause_mark_is_always_flagged(tokens: list[str], at: int, mark: str) -> None:
    at = min(at, len(tokens))
    original = " ".join(tokens)
    copy = " ".join([*tokens[:at], mark, *tokens[at:]])
    result = compare_texts(original, copy)
    assert result.edit_count == 1
    assert result.edits[0].kind == "inserted"
    assert "punctuation" in result.edits[0].flags


@given(tokens=words, at=st.integers(min_value=0, max_value=40))
def test_swapping_a_name_for_another_name_is_flagged(tokens: list[str], at: int) -> None:
    """A capitalised word after a lower-case word is a name; changing it is flagged."""
    at = min(at, len(tokens) - 1)
    original = " ".join([*tokens[: at + 1], "Brands", *tokens[at + 1 :]])
    copy = " ".join([*tokens[: at + 1], "Models", *tokens[at + 1 :]])
    assume(tokens[at] not in MARKS)  # after a mark, a capital may open a sentence
    (edit,) = compare_texts(original, copy).edits
    assert (edit.original, edit.copy) == ("Brands", "Models")
    assert "name" in edit.flags


@given(text=texts)
def test_a_copy_with_no_word_in_common_changes_everything(text: str) -> None:
    result = compare_texts(text, "Entirely unrelated prose")
    assert result.changed_share == 1.0
    assert result.sentences_changed == result.sentences


# ---------------------------------------------------------------- concrete cases


def test_counts_on_a_small_example() -> None:
    result = compare_texts("One two three four.", "One two five four.")
    assert (result.original_words, result.copy_words) == (4, 4)
    assert result.words_changed == 1
    assert result.changed_share == 0.25
    assert [(e.kind, e.original, e.copy) for e in result.edits] == [("replaced", "three", "five")]
    assert result.edits[0].flags == ("number",)


def test_deletion_insertion_and_share_of_words_not_marks() -> None:
    result = compare_texts("We met; we talked.", "We met we talked at length.")
    kinds = [(e.kind, e.original, e.copy) for e in result.edits]
    assert kinds == [("deleted", ";", ""), ("inserted", "", "at length")]
    assert result.words_changed == 0  # a semicolon is not a word
    assert result.edits[0].flags == ("punctuation",)
    assert result.edits[1].flags == ()


@pytest.mark.parametrize(
    ("original", "copy", "flag"),
    [
        ("The column is by Hal Brands today.", "The column is by Hal Models today.", "name"),
        ("They did not meet.", "They did meet.", "negation"),
        ("They didn't meet.", "They did meet.", "negation"),
        ("There were two summits.", "There were three summits.", "number"),
        ("There were 2 summits.", "There were 3 summits.", "number"),
        (
            "Tests rose; after the letter, talks failed.",
            "Tests rose after the letter.",
            "punctuation",
        ),
    ],
)
def test_each_meaning_flag(original: str, copy: str, flag: str) -> None:
    flagged = compare_texts(original, copy).meaning_flags
    assert flagged, "the edit should be flagged"
    assert any(flag in edit.flags for edit in flagged)


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        ("Yet it failed.", "But it failed."),  # a capital that opens a sentence is not a name
        ("He won one success.", "He won 1 success."),  # one and 1 are the same number
        ("It isn't over.", "It is not over."),  # one negation either way
        ("We met, and talked.", "We met and talked."),  # a comma does not order clauses
        ("Good policy.", "Bad policy."),  # an ordinary word swap
    ],
)
def test_edits_that_should_not_be_flagged(original: str, copy: str) -> None:
    result = compare_texts(original, copy)
    assert result.edit_count >= 1
    assert result.meaning_flags == ()


def test_the_deleted_semicolon_that_reorders_events() -> None:
    """A made-up sentence with the same defect as the spun copy: the semicolon goes."""
    original = "Missile tests resumed; after the letter arrived, officials denied any reply."
    copy = "Missile tests resumed just after the letter arrived, officials denied any reply."
    result = compare_texts(original, copy)
    (edit,) = result.edits
    assert (edit.kind, edit.original, edit.copy) == ("replaced", ";", "just")
    assert edit.flags == ("punctuation",)
    assert result.sentences == 1
    assert result.sentences_changed == 1


def test_abbreviations_initials_and_quotes_do_not_split_sentences() -> None:
    text = 'Franklin D. Roosevelt met U.S. envoys. He said "Stop." Then he left!'
    assert [t.text for t in _tokens("U.S. envoys")] == ["U.S.", "envoys"]
    assert compare_texts(text, text).sentences == 3


def test_sentences_changed_counts_each_sentence_once() -> None:
    result = compare_texts("A b c. D e f. G h i.", "A x c. D e f. G y z.")
    assert (result.sentences, result.sentences_changed) == (3, 2)


def test_insertion_at_the_very_end_counts_for_the_last_sentence() -> None:
    result = compare_texts("A b. C d.", "A b. C d. E f.")
    assert [e.kind for e in result.edits] == ["inserted"]
    assert result.sentences_changed == 1


def test_phrases_are_quoted_exactly_as_written() -> None:
    apostrophe = "\u2019"  # the curly apostrophe of published prose
    result = compare_texts(f"the son-in-law{apostrophe}s  plan", f"the nephew{apostrophe}s plan")
    assert [(e.original, e.copy) for e in result.edits] == [
        (f"son-in-law{apostrophe}s", f"nephew{apostrophe}s")
    ]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [None, 5, b"bytes", ["a", "list"]])
def test_non_strings_are_refused(bad: Any) -> None:
    with pytest.raises(TypeError, match="original must be a string"):
        compare_texts(bad, "text")
    with pytest.raises(TypeError, match="copy must be a string"):
        compare_texts("text", bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [("", "is empty"), ("   \n\t", "is empty"), ("?! ;", "contains no words")],
)
def test_empty_texts_are_refused(bad: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"original {message}"):
        compare_texts(bad, "text")
    with pytest.raises(ValueError, match=f"copy {message}"):
        compare_texts("text", bad)


# ---------------------------------------------------------------- displays


def test_markdown_table_escapes_and_names_the_flags() -> None:
    result = compare_texts("a | b *c*", "a / b *d*")
    markdown = result._repr_markdown_()
    assert "| # | Original | Copy | Change | Meaning flags |" in markdown
    assert "\\|" in markdown
    assert result.summary() in markdown


def test_html_table_is_escaped_and_accessible() -> None:
    result = compare_texts("He said <b>no</b> today.", "He said yes today.")
    page = result._repr_html_()
    assert "<b>" not in page
    assert "&lt;b&gt;no&lt;/b&gt;" in page
    assert "<caption>" in page
    assert '<th scope="col">Original</th>' in page
    assert "negation" in page  # flags are written out as words, not shown by colour


def test_displays_of_identical_texts_have_no_table() -> None:
    result = compare_texts("Same.", "Same.")
    assert "<table>" not in result._repr_html_()
    assert "|" not in result._repr_markdown_()


def test_long_edit_lists_are_cut_with_a_note() -> None:
    original = " ".join(f"w{i} same" for i in range(30))
    copy = " ".join(f"v{i} same" for i in range(30))
    result = compare_texts(original, copy)
    assert result.edit_count == 30
    markdown = result.to_markdown(max_rows=5)
    assert len(re.findall(r"^\| \d+ \|", markdown, flags=re.MULTILINE)) == 5
    assert "First 5 of 30 edits." in markdown
    assert "First 20 of 30 edits." in result.to_html()
    with pytest.raises(ValueError, match="max_rows must be a whole number"):
        result.to_markdown(max_rows=0)


def test_to_frame_has_one_row_per_edit() -> None:
    result = compare_texts("Hal Brands wrote; then he left.", "Hal Models wrote then he left.")
    frame = result.to_frame()
    assert list(frame.columns) == [
        "kind",
        "original",
        "copy",
        "flags",
        "original_start",
        "words_changed",
    ]
    assert frame["flags"].tolist() == ["name", "punctuation"]


def test_edit_chart_has_description_table_and_a_non_colour_cue() -> None:
    result = compare_texts("Hal Brands wrote; then he left.", "Hal Models wrote then he left.")
    spec = edit_chart(result).to_dict()
    assert spec["description"].startswith("Strip chart of 2 edits")
    assert spec["encoding"]["shape"]["field"] == "flagged"
    assert spec["encoding"]["y"]["field"] == "kind"
    (meta,) = chart_meta(spec)
    table = meta["table"]
    assert len(table["rows"]) == 2
    assert table["rows"][0][2:] == ["Brands", "Models", "name"]


def test_text_analysis_is_in_the_models_layer_and_public() -> None:
    import teachkit.models

    assert tk.compare_texts is compare_texts is teachkit.models.compare_texts
    assert tk.TextComparison is TextComparison
    assert compare_texts.__module__ == "teachkit.models.textcompare"


def test_edit_chart_concatenates_with_other_charts() -> None:
    import altair as alt

    chart = edit_chart(compare_texts("a b c", "a x c"))
    assert chart.config is alt.Undefined
    both = alt.hconcat(chart, edit_chart(compare_texts("d e", "d f"))).to_dict()
    assert chart_meta(both) or chart_meta(both["hconcat"][0])


def test_edit_chart_of_identical_texts_still_draws() -> None:
    spec = edit_chart(compare_texts("Same.", "Same.")).to_dict()
    assert spec["description"].startswith("Strip chart of 0 edits")


def test_edit_chart_refuses_other_input() -> None:
    with pytest.raises(TypeError, match="result of compare_texts"):
        edit_chart("not a comparison")  # type: ignore[arg-type]


def test_flag_legend_explains_only_the_flags_used() -> None:
    result = compare_texts("Hal Brands wrote; then he left.", "Hal Models wrote then he left.")
    legend = result.flag_legend()
    assert legend.startswith("Meaning flags: name = ")
    assert "punctuation = " in legend
    assert "negation" not in legend
    assert "number" not in legend
    assert legend in result.to_markdown()
    assert "Meaning flags: name = " in result.to_html()
    assert compare_texts("Good policy.", "Bad policy.").flag_legend() == ""


def test_long_texts_with_common_words_still_align_word_by_word() -> None:
    """difflib's "autojunk" would skip words that fill over 1% of a long text; it must be off."""
    sentence = "The leader met the envoy and the envoy met the leader again."
    original = " ".join([sentence] * 30)  # 360 words, where "the" is 25% of them
    copy = original.replace("envoy and", "diplomat and", 1)
    result = compare_texts(original, copy)
    assert result.edit_count == 1
    assert result.words_changed == 1
    assert result.sentences == 30
    assert result.sentences_changed == 1


def test_one_mark_inserted_in_a_run_of_repeated_words_is_one_edit() -> None:
    """Hypothesis found it: difflib alone paired the wrong 'trust's and gave two edits."""
    result = compare_texts("trust trust trust", "trust ; trust trust")
    assert [(e.kind, e.original, e.copy) for e in result.edits] == [("inserted", "", ";")]
