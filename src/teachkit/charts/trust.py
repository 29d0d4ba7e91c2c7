"""The trust-stage explorer: Wheeler's rule table compiled into Vega, with coded cases.

The rule table lives in :mod:`teachkit.models.wheeler`; :func:`state_expression`
and :func:`stage_expression` compile it into the Vega expressions that
:func:`trust_explorer` binds to its sliders, so the static book and a live
kernel cannot disagree.
"""

from __future__ import annotations

import difflib
import functools
import html
import json
import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

from teachkit.models.wheeler import *  # noqa: F403  (the skeleton; split next)
from teachkit.models.wheeler import _BLACK, _BLUE, _ORANGE, _SKY, _SHORT, _previous, _setting, _stage, _suggest

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

_GREY = "#767676"  # neutral outline for steps not reached (contrast 4.5:1 on white)


# ---------------------------------------------------------------- compiling the table to Vega


@dataclass(frozen=True)
class VegaNames:
    """The Vega expressions a compiled rule reads.

    ``levels`` maps each component to an expression for its level; ``holders``
    maps a component to an expression giving ``'mutual'`` or ``'one_sided'``
    (a component missing from it is taken as mutual); ``previous_state`` is
    an expression giving a state or ``'none'`` (None: no previous episode).
    """

    levels: Mapping[str, str]
    holders: Mapping[str, str] = field(default_factory=dict)
    previous_state: str | None = None


#: The explorer's Vega params: one per slider and menu.
CHART_NAMES: Final = VegaNames(
    levels={
        SDS: "sensibility",
        INDEX: "index_level",
        IDENTIFICATION: "identification",
        HUMANIZATION: "humanization",
    },
    holders={INDEX: "index_holder"},
    previous_state="previous_state",
)


def _js(text: str) -> str:
    """A Vega string literal (JSON escaping is valid in Vega expressions)."""
    return json.dumps(text)


def _vega(condition: Condition, names: VegaNames) -> str:
    if isinstance(condition, Held):
        level = f"{names.levels[condition.component]} >= {condition.at_least}"
        holder = names.holders.get(condition.component)
        if holder is not None:
            return f"({level} && {holder} == {_js(condition.holder)})"
        return f"({level})" if condition.holder == MUTUAL else "false"
    if isinstance(condition, PreviousWas):
        if names.previous_state is None:
            return "false"
        return f"({names.previous_state} == {_js(condition.state)})"
    return f"!{_vega(condition.condition, names)}"


def _all(conditions: Sequence[Condition], names: VegaNames) -> str:
    if not conditions:
        return "true"
    parts = [_vega(c, names) for c in conditions]
    return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"


def rule_expression(rule: Rule, names: VegaNames = CHART_NAMES) -> str:
    """The Vega expression that is true when ``rule``'s condition holds.

    Examples
    --------
    >>> rule_expression(RULES[3])
    '(index_level >= 1 && index_holder == "mutual")'
    """
    parts = [_all(clause, names) for clause in rule.any_of]
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def state_expression(names: VegaNames = CHART_NAMES) -> str:
    """The gating rule as one Vega expression that yields the state's id.

    A chain of conditional expressions, one per row of :data:`RULES`, in order.

    Examples
    --------
    >>> state_expression().endswith(': "no_trust"')
    True
    """
    *rules, last = RULES
    expression = _js(last.state)
    for rule in reversed(rules):
        expression = f"{rule_expression(rule, names)} ? {_js(rule.state)} : {expression}"
    return expression


def stage_met_expression(stage: Stage, names: VegaNames = CHART_NAMES) -> str:
    """The Vega expression that is true when one step's own components are held."""
    return _all(stage.requires, names)


def stage_expression(names: VegaNames = CHART_NAMES) -> str:
    """The stage reached (0-3) as one Vega expression compiled from :data:`STAGES`.

    Examples
    --------
    >>> stage_expression().count("?")
    3
    """
    expression = str(STAGES[-1].number)
    for stage, below in zip(
        reversed(STAGES), reversed((0, *(s.number for s in STAGES[:-1]))), strict=True
    ):
        expression = f"{stage_met_expression(stage, names)} ? ({expression}) : {below}"
    return expression


def _lookup_expression(key: str, mapping: Mapping[str, str], default: str = "") -> str:
    expression = _js(default)
    for value, text in reversed(list(mapping.items())):
        expression = f"{key} == {_js(value)} ? {_js(text)} : {expression}"
    return expression


# ---------------------------------------------------------------- the coded episodes


@dataclass(frozen=True)
class Episode:
    """One coded episode of ``trust_codings`` (the book's interpretation)."""

    id: str
    label: str
    short_label: str
    dyad: str
    dyad_label: str
    leader_a: str  # display surname
    leader_b: str
    date: str
    previous_episode_id: str | None
    levels: Mapping[str, int]
    directions: Mapping[str, str]
    evidence: Mapping[str, str]
    citation: Mapping[str, str]
    confidence: Mapping[str, str]
    state: str
    state_confidence: str
    state_rationale: str
    state_citation: str

    def holder_text(self, component: str) -> str:
        """Who holds a component, in words: ``"both"``, ``"Trump only"`` or ``""``."""
        direction = self.directions[component]
        if direction == "mutual":
            return "both"
        if direction in ("a_to_b", "b_to_a"):
            return f"{self.leader_a if direction == 'a_to_b' else self.leader_b} only"
        return ""

    def level_text(self, component: str) -> str:
        """A component's code in words, e.g. ``"2, both"`` or ``"0"``."""
        holder = self.holder_text(component)
        level = str(self.levels[component])
        return f"{level}, {holder}" if holder else level


def _text(value: object) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return str(value)


def _records(name: str) -> list[dict[str, Any]]:
    from teachkit.data._loader import _records as records

    return records(name)


def _short_label(dyad_label: str, episode_id: str, mode: str) -> str:
    *_, place, year = episode_id.split("_")
    place = "letters" if mode == "letters" else place.capitalize()
    return f"{dyad_label}, {place} {year}"


@functools.cache
def _episodes() -> tuple[Episode, ...]:
    dyad_labels = {str(r["id"]): str(r["label"]) for r in _records("dyads")}
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in _records("trust_codings"):
        rows.setdefault(str(row["episode_id"]), []).append(row)
    episodes = []
    for episode_id, group in rows.items():
        first = group[0]
        by = {str(r["component"]): r for r in group}
        dyad = str(first["dyad"])
        dyad_label = dyad_labels.get(dyad, dyad)
        a, _, b = dyad_label.partition("\u2013")  # an en dash, as in dyads.csv
        episodes.append(
            Episode(
                id=episode_id,
                label=str(first["episode_label"]),
                short_label=_short_label(dyad_label, episode_id, str(first["interaction_mode"])),
                dyad=dyad,
                dyad_label=dyad_label,
                leader_a=a or str(first["leader_a"]),
                leader_b=b or str(first["leader_b"]),
                date=str(first["date"]),
                previous_episode_id=_text(first["previous_episode_id"]) or None,
                levels={c: int(by[c]["level"]) for c in COMPONENTS},
                directions={c: str(by[c]["direction"]) for c in COMPONENTS},
                evidence={c: str(by[c]["evidence"]) for c in COMPONENTS},
                citation={c: str(by[c]["citation"]) for c in COMPONENTS},
                confidence={c: str(by[c]["confidence"]) for c in COMPONENTS},
                state=str(first["state"]),
                state_confidence=str(first["state_confidence"]),
                state_rationale=str(first["state_rationale"]),
                state_citation=str(first["state_citation"]),
            )
        )
    return tuple(sorted(episodes, key=lambda e: (e.date, e.id)))


def episodes() -> tuple[Episode, ...]:
    """The coded episodes, oldest first (the book's interpretation).

    Examples
    --------
    >>> [e.id for e in episodes()][:2]
    ['chamberlain_hitler_munich_1938', 'kennedy_khrushchev_vienna_1961']
    """
    return _episodes()


def _episode(episode_id: object, argument: str = "episode_id") -> Episode:
    found = {e.id: e for e in _episodes()}
    if isinstance(episode_id, str) and episode_id in found:
        return found[episode_id]
    hint = _suggest(episode_id, list(found)) if isinstance(episode_id, str) else ""
    raise ValueError(
        f"{argument} must be one of the coded episodes: {', '.join(found)} "
        f"(got {episode_id!r}).{hint}"
    )


def _previous_state_of(episode: Episode) -> str | None:
    if episode.previous_episode_id is None:
        return None
    return _episode(episode.previous_episode_id, "previous_episode_id").state


def rule_state(episode_id: str) -> str:
    """The state :func:`trust_state` gives for a coded episode's own levels.

    Compare it with the episode's coded ``state``: they agree by construction,
    since the book coded with the rule in view.

    Examples
    --------
    >>> rule_state("vajpayee_sharif_kargil_1999")
    'decayed'
    """
    e = _episode(episode_id)
    return trust_state(
        *(e.levels[c] for c in COMPONENTS),
        sds_direction=e.directions[SDS],
        index_direction=e.directions[INDEX],
        identification_direction=e.directions[IDENTIFICATION],
        humanization_direction=e.directions[HUMANIZATION],
        previous_state=_previous_state_of(e),
    )


def coded_cases() -> pd.DataFrame:
    """One row per coded episode: its four levels and directions, state and sources.

    A readable text alternative to :func:`trust_explorer`; every code is the
    book's interpretation.

    Returns
    -------
    pandas.DataFrame
        Columns ``episode_id``, ``episode``, ``date``, a level and a
        direction column per component, ``previous_episode_id``,
        ``previous_state``, ``state``, ``rule_state`` (what
        :func:`trust_state` gives), ``stage_reached``, ``state_confidence``
        and ``state_citation``.

    Examples
    --------
    >>> table = coded_cases()
    >>> (table["state"] == table["rule_state"]).all()
    np.True_
    """
    import pandas as pd

    rows = []
    for e in _episodes():
        row: dict[str, object] = {"episode_id": e.id, "episode": e.label, "date": e.date}
        for c in COMPONENTS:
            row[c] = e.levels[c]
            row[f"{c}_direction"] = e.directions[c]
        row |= {
            "previous_episode_id": e.previous_episode_id,
            "previous_state": _previous_state_of(e),
            "state": e.state,
            "rule_state": rule_state(e.id),
            "stage_reached": stage_reached(
                *(e.levels[c] for c in COMPONENTS),
                sds_direction=e.directions[SDS],
                index_direction=e.directions[INDEX],
                identification_direction=e.directions[IDENTIFICATION],
                humanization_direction=e.directions[HUMANIZATION],
            ),
            "state_confidence": e.state_confidence,
            "state_citation": e.state_citation.replace(";", "; "),
        }
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the explorer (no kernel)

_WIDTH: Final = 700
_WRAP: Final = 112  # characters per line of the reveal panel (12px text in 700px)
_QUESTION: Final = (
    "Predict: set the four sliders, and who holds the index, to where you think this case "
    "stood; the ladder and the state show what your setting gives. Then tick "
    "“Reveal the book's coding” to compare with the book's interpretation."
)
_PREVIOUS_LABELS: Final[Mapping[str, str]] = {
    "none": "no earlier episode",
    **{s: STATE_LABELS[s] for s in STATES},
}


def _lines(text: str, width: int = _WRAP) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False)


def _reveal_rows(e: Episode) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []

    def add(
        text: str,
        *,
        bold: bool = False,
        indent: int = 0,
        revealed: bool = True,
        compare: bool = False,
    ) -> None:
        rows.append(
            {
                "episode_id": e.id,
                "order": len(rows),
                "text": text,
                "bold": bold,
                "indent": indent,
                "revealed_only": revealed,
                "compare": compare,
            }
        )

    add(f"Case: {e.label}", bold=True, revealed=False)
    question = _QUESTION
    if e.previous_episode_id is not None:
        previous = _episode(e.previous_episode_id)
        question += (
            f" This episode follows {previous.short_label}: set “State of the pair's "
            "previous episode” to the state you think that one had."
        )
    for line in _lines(question):
        add(line, revealed=False)
    add("", revealed=True)
    add(STATE_LABELS[e.state], bold=True, compare=True)  # the chart adds the slider's state
    add(f"The book's interpretation of {e.short_label}:", bold=True)
    for c in COMPONENTS:
        add(
            f"{COMPONENT_LABELS[c]}: {e.level_text(c)} (confidence {e.confidence[c]})",
            bold=True,
            indent=12,
        )
        for line in _lines(e.evidence[c], _WRAP - 4):
            add(line, indent=24)
        for line in _lines("Sources: " + e.citation[c].replace(";", "; "), _WRAP - 4):
            add(line, indent=24)
    add(f"Why {STATE_LABELS[e.state]} (confidence {e.state_confidence}):", bold=True, indent=12)
    for line in _lines(e.state_rationale, _WRAP - 4):
        add(line, indent=24)
    for line in _lines("Sources: " + e.state_citation.replace(";", "; "), _WRAP - 4):
        add(line, indent=24)
    return rows


def _table(all_episodes: Sequence[Episode]) -> dict[str, object]:
    return {
        "caption": (
            "The coded episodes: the book's interpretation of Wheeler's four components "
            "(level 0-3 and who holds it), the resulting state and its sources"
        ),
        "columns": [
            "Episode",
            "Date",
            *(COMPONENT_LABELS[c] for c in COMPONENTS),
            "State (the book's interpretation)",
            "Citation",
        ],
        "rows": [
            [
                e.label,
                e.date,
                *(e.level_text(c) for c in COMPONENTS),
                STATE_LABELS[e.state],
                e.state_citation.replace(";", "; "),
            ]
            for e in all_episodes
        ],
    }


def _params(case: str, all_episodes: Sequence[Episode]) -> list[Any]:
    import altair as alt

    def slider(name: str, label: str) -> Any:
        return alt.param(
            name=name, value=0, bind=alt.binding_range(min=0, max=3, step=1, name=label)
        )

    return [
        *(slider(CHART_NAMES.levels[c], COMPONENT_LABELS[c]) for c in COMPONENTS),
        alt.param(
            name=CHART_NAMES.holders[INDEX],
            value=MUTUAL,
            bind=alt.binding_select(
                options=[MUTUAL, ONE_SIDED],
                labels=["mutual: both leaders", "one-sided: one leader only"],
                name="Who holds the index of trustworthiness",
            ),
        ),
        alt.param(
            name=CHART_NAMES.previous_state,
            value="none",
            bind=alt.binding_select(
                options=list(_PREVIOUS_LABELS),
                labels=list(_PREVIOUS_LABELS.values()),
                name="State of the pair's previous episode",
            ),
        ),
        alt.param(
            name="chosen_case",
            value=case,
            bind=alt.binding_select(
                options=[e.id for e in all_episodes],
                labels=[e.short_label for e in all_episodes],
                name="Choose a case",
            ),
        ),
        alt.param(
            name="reveal", value=False, bind=alt.binding_checkbox(name="Reveal the book's coding")
        ),
    ]


def _ladder(stage: str) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    statuses = ["■ reached", "▨ held, but a step below is missing", "□ not reached"]
    steps = pd.DataFrame(
        {
            "step": [s.number for s in STAGES],
            "name": [f"Step {s.number}\n" + "\n".join(textwrap.wrap(s.name, 20)) for s in STAGES],
        }
    )
    met = (
        " : ".join(f"datum.step == {s.number} ? {stage_met_expression(s)}" for s in STAGES[:-1])
        + f" : {stage_met_expression(STAGES[-1])}"
    )
    base = alt.Chart(steps).transform_calculate(
        stage=stage,
        met=met,
        status=(
            f"datum.step <= datum.stage ? {_js(statuses[0])} : "
            f"datum.met ? {_js(statuses[1])} : {_js(statuses[2])}"
        ),
        headline="'Stage reached: ' + datum.stage + ' of 3'",
    )
    base = base.transform_calculate(
        caption="replace(datum.status, ', but ', ',\\nbut ') + '\\n' + datum.name"
    )
    x = alt.X("step:O", axis=None, scale=alt.Scale(paddingInner=0.12))
    y_scale = alt.Scale(domain=[0, 3.6])
    bars = base.mark_bar(stroke=_BLUE, strokeWidth=2).encode(
        x=x,
        y=alt.Y("step:Q", axis=None, scale=y_scale, stack=None),
        fill=alt.Fill(
            "status:N",
            scale=alt.Scale(domain=statuses, range=[_BLUE, _SKY, "#FFFFFF"]),
            legend=None,
        ),
        strokeDash=alt.StrokeDash(
            "status:N",
            scale=alt.Scale(domain=statuses, range=[[1, 0], [1, 0], [4, 3]]),
            legend=None,
        ),
        tooltip=[alt.Tooltip("name:N", title="Step"), alt.Tooltip("status:N", title="Status")],
    )
    captions = base.mark_text(
        align="center", baseline="top", dy=6, fontSize=11, lineBreak="\n", lineHeight=13
    ).encode(x=x, y=alt.datum(0, scale=y_scale), text="caption:N")
    headline = (
        base.transform_filter("datum.step == 1")
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.value(0), text="headline:N")
    )
    return alt.LayerChart(layer=[bars, captions, headline]).properties(
        width=300, height=110, title=alt.Title("Your setting: the ladder", anchor="start")
    )


def _state_panel(state: str) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    explanations = {r.state: "\n".join(textwrap.wrap(r.explanation, 50)) for r in RULES}
    numbers = {r.state: str(r.number) for r in RULES}
    base = alt.Chart(pd.DataFrame({"x": [0]})).transform_calculate(
        reader_state=state,
        label=_lookup_expression("datum.reader_state", STATE_LABELS),
        explanation=_lookup_expression("datum.reader_state", explanations),
        rule="'Rule ' + ("
        + _lookup_expression("datum.reader_state", numbers)
        + ") + ' of 5 applies.'",
    )
    intro = base.mark_text(align="left", baseline="top", fontSize=12).encode(
        x=alt.value(0), y=alt.value(0), text=alt.value("Resulting state under the book's rule:")
    )
    name = base.mark_text(align="left", baseline="top", fontSize=18, fontWeight="bold").encode(
        x=alt.value(0), y=alt.value(20), text="label:N"
    )
    explanation = base.mark_text(align="left", baseline="top", fontSize=12, lineBreak="\n").encode(
        x=alt.value(0), y=alt.value(50), text="explanation:N"
    )
    rule = base.mark_text(align="left", baseline="top", fontSize=11, color=_GREY).encode(
        x=alt.value(0), y=alt.value(112), text="rule:N"
    )
    return alt.LayerChart(layer=[intro, name, explanation, rule]).properties(
        width=320, height=170, title=alt.Title("Your setting: the state", anchor="start")
    )


def _reveal_panel(state: str, all_episodes: Sequence[Episode]) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    rows = [row for e in all_episodes for row in _reveal_rows(e)]
    reader_label = _lookup_expression("datum.reader_state", STATE_LABELS)
    compare = (
        f"{_js('Your setting gives: ')} + ({reader_label})"
        f" + {_js('.   The book' + chr(8217) + 's interpretation: ')} + datum.text + '.'"
    )
    base = (
        alt.Chart(pd.DataFrame(rows))
        .transform_filter("datum.episode_id == chosen_case && (reveal || !datum.revealed_only)")
        .transform_window(row="row_number()", sort=[alt.SortField("order")])
        .transform_calculate(reader_state=state)
        .transform_calculate(shown=f"datum.compare ? {compare} : datum.text")
    )
    x = alt.X("indent:Q", axis=None, scale=alt.Scale(domain=[0, _WIDTH], range=[0, _WIDTH]))
    y = alt.Y("row:O", axis=None)
    plain = (
        base.transform_filter("!datum.bold")
        .mark_text(align="left", baseline="middle", fontSize=12)
        .encode(x=x, y=y, text="shown:N")
    )
    bold = (
        base.transform_filter("datum.bold")
        .mark_text(align="left", baseline="middle", fontSize=12, fontWeight="bold")
        .encode(x=x, y=y, text="shown:N")
    )
    return alt.LayerChart(layer=[plain, bold]).properties(
        width=_WIDTH,
        height=alt.Step(16),
        title=alt.Title("Predict, then reveal the book's coding", anchor="start"),
    )


_LABEL_WIDTH: Final = 200
_CELL_WIDTHS: Final[tuple[int, ...]] = (96, 96, 96, 96, 150)  # four components, then the state


def _grid(state: str, all_episodes: Sequence[Episode]) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    columns = [*COMPONENTS, "state"]
    headers = {**_SHORT, "state": "State"}
    width = _LABEL_WIDTH + sum(_CELL_WIDTHS)
    centres = [_LABEL_WIDTH + sum(_CELL_WIDTHS[:j]) + _CELL_WIDTHS[j] // 2 for j in range(5)]
    rows: list[dict[str, object]] = []
    for i, e in enumerate([None, *all_episodes], start=1):
        for j, c in enumerate(columns):
            if e is None:
                text, coded = "", ""
            elif c == "state":
                text, coded = STATE_LABELS[e.state], e.state
            else:
                text, coded = e.level_text(c), e.state
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
    header_rows = [{"row": 0, "x": centres[j], "text": headers[c]} for j, c in enumerate(columns)]
    n = CHART_NAMES.levels
    holder = CHART_NAMES.holders[INDEX]
    reader_cells = {
        SDS: f"{n[SDS]} + ({n[SDS]} > 0 ? ', both' : '')",
        INDEX: (
            f"{n[INDEX]} + ({n[INDEX]} > 0 ? ({holder} == 'mutual' ? ', both' : ', one only') : '')"
        ),
        IDENTIFICATION: f"{n[IDENTIFICATION]} + ({n[IDENTIFICATION]} > 0 ? ', both' : '')",
        HUMANIZATION: f"{n[HUMANIZATION]} + ({n[HUMANIZATION]} > 0 ? ', both' : '')",
        "state": _lookup_expression("datum.reader_state", STATE_LABELS),
    }
    reader_text = (
        "".join(f"datum.col == {_js(c)} ? ({e}) : " for c, e in reader_cells.items()) + "''"
    )
    base = (
        alt.Chart(pd.DataFrame(rows))
        .transform_calculate(reader_state=state)
        .transform_calculate(hidden="datum.episode_id == chosen_case && !reveal")
        .transform_calculate(
            same="!datum.is_reader && !datum.hidden && datum.coded_state == datum.reader_state",
        )
        .transform_calculate(
            shown=(
                f"datum.is_reader ? ({reader_text}) : datum.hidden ? "
                "(datum.col == 'state' ? '? tick Reveal' : '?') : "
                "(datum.col == 'state' && datum.same ? '◆ ' + datum.text : datum.text)"
            ),
            strong="datum.is_reader || datum.same",
        )
    )
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, width], range=[0, width]))
    y = alt.Y("row:O", axis=None)
    band = (
        base.transform_filter("datum.col == 'state' && datum.strong")
        .transform_calculate(band="datum.is_reader ? 'your setting' : 'same state as yours'")
        .mark_rect(opacity=0.45)
        .encode(
            x=alt.value(0),
            x2=alt.value(width),
            y=y,
            color=alt.Color(
                "band:N",
                scale=alt.Scale(
                    domain=["your setting", "same state as yours"], range=["#F0E442", _SKY]
                ),
                legend=None,
            ),
        )
    )
    tooltip = [
        alt.Tooltip("row_label:N", title="Row"),
        alt.Tooltip("col:N", title="Component"),
        alt.Tooltip("shown:N", title="Code"),
    ]
    layers = [band]
    weights: tuple[tuple[Literal["normal", "bold"], str], ...] = (
        ("normal", "!datum.strong"),
        ("bold", "datum.strong"),
    )
    for weight, test in weights:
        layers.append(
            base.transform_filter(f"{test} && datum.col == 'state'")
            .mark_text(align="left", fontSize=11, fontWeight=weight, dx=4)
            .encode(x=alt.value(4), y=y, text="row_label:N")
        )
        layers.append(
            base.transform_filter(test)
            .mark_text(fontSize=11, fontWeight=weight)
            .encode(x=x, y=y, text="shown:N", tooltip=tooltip)
        )
    layers.append(
        alt.Chart(pd.DataFrame(header_rows))
        .mark_text(fontSize=11, fontWeight="bold")
        .encode(x=x, y=y, text="text:N")
    )
    return alt.LayerChart(layer=layers).properties(
        width=width,
        height=alt.Step(22),
        title=alt.Title(
            "Your setting beside the coded cases (the book's interpretation)",
            subtitle=[
                "Level 0-3 and who holds it. ◆ and a blue band mark the cases whose coded state",
                "equals your setting's state; the chosen case stays hidden until you reveal it.",
            ],
            anchor="start",
        ),
    )


def trust_explorer(*, case: str | None = None) -> alt.ConcatChart:
    """Wheeler's bonding trust as an explorable: sliders, ladder, state and coded cases.

    Four sliders (0-3) set security dilemma sensibility, the index of
    trustworthiness, positive identification and humanization; menus set who
    holds the index (mutual or one-sided) and the state of the pair's
    previous episode (for decay). A three-step ladder shows the stage reached
    (fill, outline and text), a text panel the resulting state with a
    one-line explanation, and a grid compares the setting with every coded
    episode, marking (◆ and a band) those whose coded state matches. A case
    menu and a "Reveal the book's coding" checkbox support predict, then
    reveal. Every control is bound in the Vega-Lite spec, so the static book
    needs no kernel; the state is computed by expressions compiled from
    :data:`RULES`. All codings are the book's interpretation.

    Parameters
    ----------
    case : str, optional
        Episode id the case menu starts on (default: the oldest episode).

    Returns
    -------
    altair.ConcatChart
        One column of panels, with the controls bound in the spec.

    Raises
    ------
    ValueError
        If ``case`` is not a coded episode id (the message lists them and
        suggests the closest).

    Examples
    --------
    >>> spec = trust_explorer(case="trump_kim_singapore_2018").to_dict()
    >>> [p["bind"]["name"] for p in spec["params"]][:2]
    ['Security dilemma sensibility', 'Index of trustworthiness']
    """
    import altair as alt

    all_episodes = _episodes()
    chosen = all_episodes[0].id if case is None else _episode(case, "case").id
    state, stage = state_expression(), stage_expression()
    top = alt.hconcat(_ladder(stage), _state_panel(state), spacing=40)
    chart = alt.concat(
        top,
        _reveal_panel(state, all_episodes),
        _grid(state, all_episodes),
        columns=1,
        spacing=28,
        align="none",  # each panel starts at the left edge, whatever its axis labels
    )
    explorer: alt.ConcatChart = (
        chart.add_params(*_params(chosen, all_episodes))
        .properties(
            title=alt.Title(
                "Wheeler's bonding trust: set the components, read the stage and the state",
                subtitle=(
                    "Ordinal codes (0 = not established, 1 = weak, 2 = clear, 3 = strong); "
                    "no probabilities. Case codings are the book's interpretation."
                ),
                anchor="start",
            ),
            description=(
                "Interactive diagram of Nicholas Wheeler's theory of bonding trust. Four sliders "
                "set the levels, 0 to 3, of security dilemma sensibility, the index of "
                "trustworthiness, positive identification and humanization, and menus set whether "
                "both leaders or one hold the index and the state of the pair's previous episode. "
                "A three-step ladder shows the stage reached, and a text line gives the resulting "
                "state under the book's gating rule with a one-line explanation. A grid compares "
                "the setting with the ten episodes the book has coded, marking those with the "
                "same state; a case menu and a reveal checkbox show the book's levels, state and "
                "evidence for one case. All codings are the book's interpretation."
            ),
            usermeta={"teachkit": {"table": _table(all_episodes)}},
        )
        .configure_view(stroke=None)
    )
    # the reveal panel grows and shrinks: let the view resize its layout on every change
    explorer.autosize = alt.AutoSizeParams(type="pad", resize=True)
    return explorer


# ---------------------------------------------------------------- model card
