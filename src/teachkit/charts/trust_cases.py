"""The explorer's panels about the coded cases: predict-then-reveal, and the grid of cases.

Both read the reader's setting from the explorer's params (:data:`CHART_NAMES`)
and the coded episodes of :mod:`teachkit.data.episodes`; every code shown is
the book's interpretation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

from teachkit.charts.explorable import choose, string
from teachkit.charts.theme import OKABE_ITO
from teachkit.charts.trust_rules import CHART_NAMES
from teachkit.data.episodes import COMPONENTS, Episode, episode
from teachkit.models.wheeler import COMPONENT_LABELS, SHORT_LABELS, STATE_LABELS

if TYPE_CHECKING:
    import altair as alt

_THE_BOOKS: Final = ".   The book\u2019s interpretation: "
_WIDTH: Final = 700
_WRAP: Final = 112  # characters per line of the reveal panel (12px text in 700px)
NARROW_WRAP: Final = 44  # the same in the narrow layout's 280px
REVEAL_NAME: Final = "teachkit_trust_reveal"  # the panel's name, for the narrow layout
GRID_NAME: Final = "teachkit_trust_cases"
_QUESTION: Final = (
    "Predict: set the four sliders, and who holds the index, to where you think this case "
    "stood; the ladder and the state show what your setting gives. Then tick "
    "“Reveal the book's coding” to compare with the book's interpretation."
)

# ---------------------------------------------------------------- the reveal panel


def wrap_expression(text: str, chars: str) -> str:
    """A Vega expression: ``text`` broken into lines of at most ``chars`` characters.

    Done in the browser, so that the wide and the narrow layout share one dataset of
    paragraphs; a word longer than a line is cut. Lines are joined by newlines.

    Examples
    --------
    >>> wrap_expression("datum.text", "40")[:40]
    "replace(replace(datum.text, regexp('(.{1"
    """
    pattern = "'(.{1,' + (" + chars + ") + '})(?:\\\\s+|$)|(\\\\S{' + (" + chars + ") + '})'"
    return f"replace(replace({text}, regexp({pattern}, 'g'), '$1$2\\n'), regexp('\\n$'), '')"


def _reveal_texts(e: Episode) -> list[tuple[str, dict[str, Any]]]:
    """The paragraphs of one case's reveal panel, each with how it is shown."""
    hidden: dict[str, Any] = {"revealed": False}
    question = _QUESTION
    if e.previous_episode_id is not None:
        question += (
            f" This episode follows {episode(e.previous_episode_id).short_label}: set “State of "
            "the pair's previous episode” to the state you think that one had."
        )
    texts = [(f"Case: {e.label}", {"bold": True, **hidden}), (question, hidden)]
    texts += [("", {}), (STATE_LABELS[e.state], {"bold": True, "compare": True})]
    texts.append((f"The book's interpretation of {e.short_label}:", {"bold": True}))
    for c in COMPONENTS:
        head = f"{COMPONENT_LABELS[c]}: {e.level_text(c)} (confidence {e.confidence[c]})"
        texts.append((head, {"bold": True, "indent": 12}))
        texts.append((e.evidence[c], {"indent": 24}))
        texts.append(("Sources: " + e.citation[c].replace(";", "; "), {"indent": 24}))
    why = f"Why {STATE_LABELS[e.state]} (confidence {e.state_confidence}):"
    texts.append((why, {"bold": True, "indent": 12}))
    texts.append((e.state_rationale, {"indent": 24}))
    texts.append(("Sources: " + e.state_citation.replace(";", "; "), {"indent": 24}))
    return texts


def _reveal_rows(e: Episode) -> list[dict[str, object]]:
    """One row per paragraph of the reveal panel; ``revealed_only`` ones wait for the checkbox."""
    return [
        {
            "episode_id": e.id,
            "order": order,
            "text": text,
            "bold": how.get("bold", False),
            "indent": how.get("indent", 0),
            "revealed_only": how.get("revealed", True),
            "compare": how.get("compare", False),
        }
        for order, (text, how) in enumerate(_reveal_texts(e))
    ]


_Weights = tuple[tuple[Literal["normal", "bold"], str], ...]
_WEIGHTS: Final[_Weights] = (("normal", "!datum.bold"), ("bold", "datum.bold"))
_GRID_WEIGHTS: Final[_Weights] = (("normal", "!datum.strong"), ("bold", "datum.strong"))


def reveal_panel(
    state: str, all_episodes: Sequence[Episode], *, wrap: int = _WRAP, width: int = _WIDTH
) -> alt.LayerChart:
    """Predict, then reveal: the chosen case, and the book's coding once revealed."""
    import altair as alt
    import pandas as pd

    rows = [row for e in all_episodes for row in _reveal_rows(e)]
    reader_label = choose("datum.reader_state", STATE_LABELS, "")
    compare = (
        f"{string('Your setting gives: ')} + {reader_label}"
        f" + {string(_THE_BOOKS)} + datum.text + '.'"
    )
    lines = wrap_expression("datum.paragraph", f"{wrap} - datum.indent / 6")
    base = (
        alt.Chart(pd.DataFrame(rows))
        .transform_filter("datum.episode_id == chosen_case && (reveal || !datum.revealed_only)")
        .transform_calculate(reader_state=state)
        .transform_calculate(paragraph=f"datum.compare ? {compare} : datum.text")
        .transform_calculate(shown=f"split({lines}, '\\n')")
        .transform_flatten(["shown"])
        .transform_window(row="row_number()", sort=[alt.SortField("order")])
    )
    x = alt.X("indent:Q", axis=None, scale=alt.Scale(domain=[0, width], range=[0, width]))
    y = alt.Y("row:O", axis=None)
    layers = [
        base.transform_filter(test)
        .mark_text(align="left", baseline="middle", fontWeight=weight)
        .encode(x=x, y=y, text="shown:N")
        for weight, test in _WEIGHTS
    ]
    return alt.LayerChart(layer=layers).properties(
        width=width,
        height=alt.Step(16),
        title="Predict, then reveal the book's coding",
        name=REVEAL_NAME if width == _WIDTH else REVEAL_NAME + "_narrow",
    )


# ---------------------------------------------------------------- the grid of coded cases

_LABEL_WIDTH: Final = 200
_CELL_WIDTHS: Final[tuple[int, ...]] = (96, 96, 96, 96, 150)  # four components, then the state
_GRID_WIDTH: Final = _LABEL_WIDTH + sum(_CELL_WIDTHS)
_COLUMNS: Final[tuple[str, ...]] = (*COMPONENTS, "state")


def _grid_rows(all_episodes: Sequence[Episode]) -> list[dict[str, object]]:
    """One row per cell: the reader's row first (filled in by Vega), then each episode's."""
    centres = [_LABEL_WIDTH + sum(_CELL_WIDTHS[:j]) + _CELL_WIDTHS[j] // 2 for j in range(5)]
    rows: list[dict[str, object]] = []
    for i, e in enumerate([None, *all_episodes], start=1):
        for j, c in enumerate(_COLUMNS):
            text, coded = "", ""
            if e is not None:
                text = STATE_LABELS[e.state] if c == "state" else e.level_text(c)
                coded = e.state
            rows.append(
                {
                    "row": i,
                    "row_label": "Your setting" if e is None else e.short_label,
                    "episode_id": "" if e is None else e.id,
                    "col": c,
                    "x": centres[j],
                    "text": text,
                    "coded_state": coded,
                    "is_reader": e is None,
                }
            )
    headers = {**SHORT_LABELS, "state": "State"}
    rows += [{"row": 0, "x": centres[j], "text": headers[c]} for j, c in enumerate(_COLUMNS)]
    return rows


def _reader_text() -> str:
    """The Vega expression for a cell of the reader's row: the slider's level and holder."""
    cells = {}
    for c in COMPONENTS:
        level, holder = CHART_NAMES.levels[c], CHART_NAMES.holders.get(c)
        who = f"({holder} == 'mutual' ? ', both' : ', one only')" if holder else "', both'"
        cells[c] = f"{level} + ({level} > 0 ? {who} : '')"
    cells["state"] = choose("datum.reader_state", STATE_LABELS, "")
    return "".join(f"datum.col == {string(c)} ? ({e}) : " for c, e in cells.items()) + "''"


def _grid_base(state: str, all_episodes: Sequence[Episode]) -> alt.Chart:
    import altair as alt
    import pandas as pd

    chart: alt.Chart = (
        alt.Chart(pd.DataFrame(_grid_rows(all_episodes)))
        .transform_filter("datum.row > 0")
        .transform_calculate(reader_state=state)
        .transform_calculate(hidden="datum.episode_id == chosen_case && !reveal")
        .transform_calculate(
            same="!datum.is_reader && !datum.hidden && datum.coded_state == datum.reader_state",
        )
        .transform_calculate(
            shown=(
                f"datum.is_reader ? ({_reader_text()}) : datum.hidden ? "
                "(datum.col == 'state' ? '? tick Reveal' : '?') : "
                "(datum.col == 'state' && datum.same ? '◆ ' + datum.text : datum.text)"
            ),
            strong="datum.is_reader || datum.same",
        )
    )
    return chart


def _grid(state: str, all_episodes: Sequence[Episode]) -> alt.LayerChart:
    import altair as alt

    base = _grid_base(state, all_episodes)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, _GRID_WIDTH], range=[0, _GRID_WIDTH]))
    y = alt.Y("row:O", axis=None)
    bands = ["your setting", "same state as yours"]
    colours = [OKABE_ITO["yellow"], OKABE_ITO["sky_blue"]]
    band = (
        base.transform_filter("datum.col == 'state' && datum.strong")
        .transform_calculate(band=f"datum.is_reader ? {string(bands[0])} : {string(bands[1])}")
        .mark_rect(opacity=0.45)
        .encode(
            x=alt.value(0),
            x2=alt.value(_GRID_WIDTH),
            y=y,
            color=alt.Color("band:N", scale=alt.Scale(domain=bands, range=colours), legend=None),
        )
    )
    tooltip = [
        alt.Tooltip("row_label:N", title="Row"),
        alt.Tooltip("col:N", title="Component"),
        alt.Tooltip("shown:N", title="Code"),
    ]
    layers: list[Any] = [band]
    for weight, test in _GRID_WEIGHTS:
        layers.append(
            base.transform_filter(f"{test} && datum.col == 'state'")
            .mark_text(align="left", fontWeight=weight, dx=4)
            .encode(x=alt.value(4), y=y, text="row_label:N")
        )
        layers.append(
            base.transform_filter(test)
            .mark_text(fontWeight=weight)
            .encode(x=x, y=y, text="shown:N", tooltip=tooltip)
        )
    headers = alt.Chart(base.data).transform_filter("datum.row == 0")
    layers.append(headers.mark_text(fontWeight="bold").encode(x=x, y=y, text="text:N"))
    return alt.LayerChart(layer=layers).properties(
        name=GRID_NAME,
        width=_GRID_WIDTH,
        height=alt.Step(22),
        title=alt.Title(
            "Your setting beside the coded cases (the book's interpretation)",
            subtitle=[
                "Level 0-3 and who holds it. ◆ and a blue band mark the cases whose coded state",
                "equals your setting's state; the chosen case stays hidden until you reveal it.",
            ],
        ),
    )
