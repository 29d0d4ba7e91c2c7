"""The trust explorer's coded cases laid out for a phone: one short block per case.

The wide grid (:mod:`teachkit.charts.trust_cases`) is a table of five columns,
734 px wide. On a narrow screen each case becomes a block of short lines: the
case, its four codes packed two or so to a line, and its state, so that the
text keeps its size. The explorer hands this panel to the theme's narrow layout
(:func:`teachkit.charts.theme.narrow`) in place of the grid; the cells, the
hidden case and the highlighting are the grid's, from the same expressions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

from teachkit.charts.explorable import choose, string
from teachkit.charts.theme import NARROW_WIDTH, OKABE_ITO
from teachkit.charts.trust_rules import CHART_NAMES
from teachkit.data.episodes import COMPONENTS, Episode
from teachkit.models.wheeler import SHORT_LABELS, STATE_LABELS

if TYPE_CHECKING:
    import altair as alt

_LINE_CHARS: Final = 38  # about NARROW_WIDTH px of 12 px text
_WORST_READER_CELL: Final = "3, one only"  # the longest code the reader's row can show
_TITLE: Final = "Your setting beside the coded cases"
_SUBTITLE: Final = (
    "The book's interpretation: level 0-3",
    "and who holds it. ◆ and a blue band",
    "mark the cases whose coded state equals",
    "your setting's state; the chosen case",
    "stays hidden until you reveal it.",
)


def pack(cells: Sequence[str], limit: int = _LINE_CHARS) -> list[list[int]]:
    """Group cells (by index) into lines of at most ``limit`` characters, joined by " · ".

    Examples
    --------
    >>> pack(["Sensibility 3, both", "Index 2, both", "Identification 1, Vajpayee only"])
    [[0, 1], [2]]
    """
    lines: list[list[int]] = []
    width = 0
    for i, cell in enumerate(cells):
        if lines and width + 3 + len(cell) <= limit:
            lines[-1].append(i)
            width += 3 + len(cell)
        else:
            lines.append([i])
            width = len(cell)
    return lines


def _reader_cell(component: str) -> str:
    level, holder = CHART_NAMES.levels[component], CHART_NAMES.holders.get(component)
    who = f"({holder} == 'mutual' ? ', both' : ', one only')" if holder else "', both'"
    return f"{string(SHORT_LABELS[component] + ' ')} + {level} + ({level} > 0 ? {who} : '')"


def _case_lines(e: Episode | None) -> list[dict[str, object]]:
    """The lines of one case's block (the reader's setting when ``e`` is None)."""
    labels = [SHORT_LABELS[c] for c in COMPONENTS]
    if e is None:
        groups = pack([f"{label} {_WORST_READER_CELL}" for label in labels])
        cells = [_reader_cell(c) for c in COMPONENTS]
        codes = [" + ' · ' + ".join(cells[i] for i in group) for group in groups]
    else:
        texts = [f"{label} {e.level_text(c)}" for label, c in zip(labels, COMPONENTS, strict=True)]
        codes = [" · ".join(texts[i] for i in group) for group in pack(texts)]
    hidden = [" · ".join(f"{labels[i]} ?" for i in group) for group in pack(labels)]
    hidden += [""] * (len(codes) - len(hidden))
    label = "Your setting" if e is None else e.short_label  # shown even while hidden
    rows: list[dict[str, object]] = [{"kind": "case", "text": label, "hidden": label}]
    rows += [{"kind": "codes", "text": t, "hidden": h} for t, h in zip(codes, hidden, strict=False)]
    state = "" if e is None else "State: " + STATE_LABELS[e.state]
    rows.append({"kind": "state", "text": state, "hidden": "State: ? (tick Reveal)"})
    for row in rows:
        row.update(
            episode_id="" if e is None else e.id,
            coded_state="" if e is None else e.state,
            is_reader=e is None,
        )
    return rows


def _lines(all_episodes: Sequence[Episode]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    line = 0.0
    for e in [None, *all_episodes]:
        block = _case_lines(e)
        for row in block:
            rows.append({**row, "line": line})
            line += 1
        line += 0.5  # a half-line gap between cases
    return rows


def narrow_cases(state: str, all_episodes: Sequence[Episode]) -> alt.LayerChart:
    """The coded cases as blocks of short lines, for the explorer's narrow layout."""
    import altair as alt
    import pandas as pd

    rows = _lines(all_episodes)
    reader_state = "'State: ' + " + choose("datum.reader_state", STATE_LABELS, "")
    codes = [
        f"datum.line == {r['line']} ? ({r['text']}) : "
        for r in rows
        if r["is_reader"] and r["kind"] == "codes"
    ]
    reader = (
        f"datum.kind == 'state' ? ({reader_state}) : datum.kind == 'case' ? datum.text : "
        + "".join(codes)
        + "''"
    )
    last = max(float(str(r["line"])) for r in rows) + 1
    base = (
        alt.Chart(pd.DataFrame(rows))
        .transform_calculate(reader_state=state)
        .transform_calculate(hidden_now="datum.episode_id == chosen_case && !reveal")
        .transform_calculate(
            same="!datum.is_reader && !datum.hidden_now && datum.coded_state == datum.reader_state"
        )
        .transform_calculate(
            shown=(
                f"datum.is_reader ? ({reader}) : datum.hidden_now ? datum.hidden : "
                "(datum.kind == 'state' && datum.same ? '◆ ' + datum.text : datum.text)"
            ),
            strong="datum.is_reader || datum.same",
            band="datum.is_reader ? 'your setting' : 'same state as yours'",
            end="datum.line + 1",
            middle="datum.line + 0.5",
        )
    )
    y_scale = alt.Scale(domain=[0, last], nice=False, zero=False, reverse=True)
    band = (
        base.transform_filter("datum.strong")
        .mark_rect(opacity=0.45)
        .encode(
            x=alt.value(0),
            x2=alt.value(NARROW_WIDTH),
            y=alt.Y("line:Q", axis=None, scale=y_scale),
            y2="end:Q",
            color=alt.Color(
                "band:N",
                scale=alt.Scale(
                    domain=["your setting", "same state as yours"],
                    range=[OKABE_ITO["yellow"], OKABE_ITO["sky_blue"]],
                ),
                legend=None,
            ),
        )
    )
    y = alt.Y("middle:Q", axis=None, scale=y_scale)
    strong_state = "(datum.strong && datum.kind == 'state')"
    styles: tuple[tuple[Literal["bold", "normal"], str, int], ...] = (
        ("bold", f"datum.kind == 'case' || {strong_state}", 4),
        ("normal", f"datum.kind != 'case' && !{strong_state}", 14),
    )
    texts = [
        base.transform_filter(f"({test}) && datum.shown != ''")
        .mark_text(align="left", baseline="middle", fontWeight=weight)
        .encode(x=alt.value(indent), y=y, text="shown:N")
        for weight, test, indent in styles
    ]
    return alt.LayerChart(layer=[band, *texts]).properties(
        width=NARROW_WIDTH,
        height=int(last * 17),
        title=alt.Title(_TITLE, subtitle=list(_SUBTITLE)),
    )
