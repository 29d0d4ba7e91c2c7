"""The trust-stage explorer: Wheeler's rule table compiled into Vega, with coded cases.

The rule table lives in :mod:`teachkit.models.wheeler`; :func:`state_expression`
and :func:`stage_expression` compile it into the Vega expressions that
:func:`trust_explorer` binds to its sliders, so the static book and a live
kernel cannot disagree. The coded episodes are records of the data layer
(:mod:`teachkit.data.episodes`); :func:`episodes`, :class:`Episode`,
:func:`rule_state` and :func:`coded_cases` are re-exported here.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from teachkit.charts import theme
from teachkit.charts.explorable import Control, Explorable, Table, choose, string
from teachkit.charts.theme import GREY, OKABE_ITO, TITLE_SIZE
from teachkit.charts.trust_cases import GRID_NAME, NARROW_WRAP, REVEAL_NAME, _grid, reveal_panel
from teachkit.charts.trust_narrow import narrow_cases
from teachkit.charts.trust_rules import (
    CHART_NAMES,
    VegaNames,
    rule_expression,
    stage_expression,
    stage_met_expression,
    state_expression,
)
from teachkit.data._loader import _records
from teachkit.data.episodes import (
    COMPONENTS,
    HUMANIZATION,
    IDENTIFICATION,
    INDEX,
    SDS,
    Episode,
    episodes,
)
from teachkit.models.wheeler import (
    COMPONENT_LABELS,
    MUTUAL,
    ONE_SIDED,
    PREVIOUS_LABELS,
    RULES,
    STAGES,
    STATE_LABELS,
    STATES,
    Held,
    coded_cases,
    rule_state,
    stage_reached,
    trust_state,
)

if TYPE_CHECKING:
    import altair as alt

__all__ = [  # the explorer, and the names charts.lenses reads from this module
    "CHART_NAMES",
    "COMPONENTS",
    "HUMANIZATION",
    "IDENTIFICATION",
    "INDEX",
    "RULES",
    "SDS",
    "STAGES",
    "STATES",
    "STATE_LABELS",
    "Episode",
    "Held",
    "VegaNames",
    "_records",
    "coded_cases",
    "episodes",
    "rule_expression",
    "rule_state",
    "stage_expression",
    "stage_met_expression",
    "stage_reached",
    "state_expression",
    "trust_explorer",
    "trust_state",
]


_SMALL: Final = theme.FONT_SIZE  # the ladder's captions

# ---------------------------------------------------------------- the explorer's description

_ARGUMENTS: Final = ("sds", "index", "identification", "humanization")


@functools.cache
def _explorable() -> Explorable:
    """The explorer's controls; the case menu lists the coded episodes (read on first use)."""
    levels = (
        Control(CHART_NAMES.levels[c], argument, COMPONENT_LABELS[c], 0, 3, 1)
        for c, argument in zip(COMPONENTS, _ARGUMENTS, strict=True)
    )
    menus = (
        Control(
            CHART_NAMES.holders[INDEX],
            "index_holder",
            "Who holds the index of trustworthiness",
            kind="menu",
            options=(MUTUAL, ONE_SIDED),
            labels=("mutual: both leaders", "one-sided: one leader only"),
        ),
        Control(
            str(CHART_NAMES.previous_state),
            "previous_state",
            "State of the pair's previous episode",
            kind="menu",
            options=tuple(PREVIOUS_LABELS),
            labels=tuple(PREVIOUS_LABELS.values()),
        ),
        Control(
            "chosen_case",
            "case",
            "Choose a case",
            kind="menu",
            options=tuple(e.id for e in episodes()),
            labels=tuple(e.short_label for e in episodes()),
        ),
        Control("reveal", "reveal", "Reveal the book's coding", kind="checkbox"),
    )
    return Explorable(
        title="Wheeler's bonding trust: set the components, read the stage and the state",
        question="Which step of Wheeler's ladder, and which state of trust, does a pair reach?",
        predict=(
            "Predict first: set the controls to where you think the chosen case stood, "
            "then tick “Reveal the book's coding”."
        ),
        card="wheeler",
        controls=(*levels, *menus),
        notes=(
            "Ordinal codes (0 = not established, 1 = weak, 2 = clear, 3 = strong); "
            "no probabilities. Case codings are the book's interpretation.",
        ),
    )


_DESCRIPTION: Final = (
    "Interactive diagram of Nicholas Wheeler's theory of bonding trust. Four sliders "
    "set the levels, 0 to 3, of security dilemma sensibility, the index of "
    "trustworthiness, positive identification and humanization, and menus set whether "
    "both leaders or one hold the index and the state of the pair's previous episode. "
    "A three-step ladder shows the stage reached, and a text line gives the resulting "
    "state under the book's gating rule with a one-line explanation. A grid compares "
    "the setting with the episodes the book has coded, marking those with the "
    "same state; a case menu and a reveal checkbox show the book's levels, state and "
    "evidence for one case. All codings are the book's interpretation."
)


def _table(all_episodes: Sequence[Episode]) -> Table:
    return Table(
        caption=(
            "The coded episodes: the book's interpretation of Wheeler's four components "
            "(level 0-3 and who holds it), the resulting state and its sources"
        ),
        columns=(
            "Episode",
            "Date",
            *(COMPONENT_LABELS[c] for c in COMPONENTS),
            "State (the book's interpretation)",
            "Citation",
        ),
        rows=tuple(
            (
                e.label,
                e.date,
                *(e.level_text(c) for c in COMPONENTS),
                STATE_LABELS[e.state],
                e.state_citation.replace(";", "; "),
            )
            for e in all_episodes
        ),
    )


# ---------------------------------------------------------------- the ladder and the state


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
    met = " : ".join(f"datum.step == {s.number} ? {stage_met_expression(s)}" for s in STAGES[:-1])
    met += f" : {stage_met_expression(STAGES[-1])}"
    base = alt.Chart(steps).transform_calculate(
        stage=stage,
        met=met,
        status=(
            f"datum.step <= datum.stage ? {string(statuses[0])} : "
            f"datum.met ? {string(statuses[1])} : {string(statuses[2])}"
        ),
        headline="'Stage reached: ' + datum.stage + ' of 3'",
    )
    base = base.transform_calculate(
        caption="replace(datum.status, ', but ', ',\\nbut ') + '\\n' + datum.name"
    )
    x = alt.X("step:O", axis=None, scale=alt.Scale(paddingInner=0.12))
    y_scale = alt.Scale(domain=[0, 3.6])
    blue, sky = OKABE_ITO["blue"], OKABE_ITO["sky_blue"]
    bars = base.mark_bar(stroke=blue, strokeWidth=2).encode(
        x=x,
        y=alt.Y("step:Q", axis=None, scale=y_scale, stack=None),
        fill=alt.Fill(
            "status:N", scale=alt.Scale(domain=statuses, range=[blue, sky, "#FFFFFF"]), legend=None
        ),
        strokeDash=alt.StrokeDash(
            "status:N",
            scale=alt.Scale(domain=statuses, range=[[1, 0], [1, 0], [4, 3]]),
            legend=None,
        ),
        tooltip=[alt.Tooltip("name:N", title="Step"), alt.Tooltip("status:N", title="Status")],
    )
    captions = base.mark_text(
        align="center", baseline="top", dy=6, fontSize=_SMALL, lineBreak="\n", lineHeight=13
    ).encode(x=x, y=alt.datum(0, scale=y_scale), text="caption:N")
    headline = (
        base.transform_filter("datum.step == 1")
        .mark_text(align="left", baseline="top", fontSize=TITLE_SIZE - 1, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.value(0), text="headline:N")
    )
    return alt.LayerChart(layer=[bars, captions, headline]).properties(
        width=300, height=110, title="Your setting: the ladder"
    )


def _state_panel(state: str) -> alt.LayerChart:
    import altair as alt
    import pandas as pd

    explanations = {r.state: "\n".join(textwrap.wrap(r.explanation, 50)) for r in RULES}
    numbers = {r.state: str(r.number) for r in RULES}
    base = alt.Chart(pd.DataFrame({"x": [0]})).transform_calculate(
        reader_state=state,
        label=choose("datum.reader_state", STATE_LABELS, ""),
        explanation=choose("datum.reader_state", explanations, ""),
        rule=f"'Rule ' + {choose('datum.reader_state', numbers, '')} + ' of {len(RULES)} applies.'",
    )
    lines: tuple[tuple[int, dict[str, Any], Any], ...] = (
        (0, {}, alt.value("Resulting state under the book's rule:")),
        (20, {"fontSize": TITLE_SIZE + 3, "fontWeight": "bold"}, "label:N"),
        (50, {"lineBreak": "\n"}, "explanation:N"),
        (112, {"fontSize": _SMALL, "color": GREY}, "rule:N"),
    )
    layers = [
        base.mark_text(align="left", baseline="top", **style).encode(
            x=alt.value(0), y=alt.value(y), text=text
        )
        for y, style, text in lines
    ]
    return alt.LayerChart(layer=layers).properties(
        width=320, height=170, title="Your setting: the state"
    )


# ---------------------------------------------------------------- the explorer (no kernel)


def _narrow_panels(state: str, all_episodes: Sequence[Episode]) -> dict[str, Any]:
    """The panels a phone gets instead of the wide ones: shorter lines, one case a block."""
    return {
        REVEAL_NAME: reveal_panel(state, all_episodes, wrap=NARROW_WRAP, width=theme.NARROW_WIDTH),
        GRID_NAME: narrow_cases(state, all_episodes),
    }


def trust_explorer(
    *,
    case: str | None = None,
    sds: int = 0,
    index: int = 0,
    identification: int = 0,
    humanization: int = 0,
    index_holder: str = "mutual",
    previous_state: str | None = None,
    reveal: bool = False,
) -> alt.VConcatChart:
    """Wheeler's bonding trust as an explorable: sliders, ladder, state and coded cases.

    Four sliders (0-3) set security dilemma sensibility, the index of
    trustworthiness, positive identification and humanization; menus set who
    holds the index (mutual or one-sided) and the state of the pair's
    previous episode (for decay). A three-step ladder shows the stage reached
    (fill, outline and text), a text panel the resulting state with a
    one-line explanation, and a grid compares the setting with every coded
    episode, marking (◆ and a band) those whose coded state matches. A case
    menu and a "Reveal the book's coding" checkbox support predict, then
    reveal. Every control is bound in the spec (no kernel needed); the state
    comes from :data:`teachkit.models.wheeler.RULES`. All codings are the
    book's interpretation. A phone gets the cases as short blocks.

    Parameters
    ----------
    case : str, optional
        Episode id the case menu starts on (default: the oldest episode).
    sds, index, identification, humanization : int, default 0
        Where the four sliders start, 0 to 3.
    index_holder : {"mutual", "one_sided"}, default "mutual"
        Where the menu of who holds the index starts.
    previous_state : str, optional
        Where the previous-state menu starts: a state, or None (no earlier episode).
    reveal : bool, default False
        Whether the book's coding of the chosen case starts revealed.

    Returns
    -------
    altair.VConcatChart
        One column of panels, with the controls bound in the spec.

    Raises
    ------
    TypeError
        If a starting value has the wrong type.
    ValueError
        If ``case`` is not a coded episode id (the message lists them and
        suggests the closest), or another starting value is out of range.

    Examples
    --------
    >>> spec = trust_explorer(case="trump_kim_singapore_2018").to_dict()
    >>> [p["bind"]["name"] for p in spec["params"][:2]]
    ['Security dilemma sensibility', 'Index of trustworthiness']
    """
    import altair as alt

    explorable, all_episodes = _explorable(), episodes()
    start = explorable.start(
        case=all_episodes[0].id if case is None else case,
        sds=sds,
        index=index,
        identification=identification,
        humanization=humanization,
        index_holder=index_holder,
        previous_state="none" if previous_state is None else previous_state,
        reveal=reveal,
    )
    state, stage = state_expression(), stage_expression()
    top = alt.hconcat(_ladder(stage), _state_panel(state), spacing=40)
    panels = [top, reveal_panel(state, all_episodes), _grid(state, all_episodes)]
    narrow, table = _narrow_panels(state, all_episodes), _table(all_episodes)
    explorer = explorable.compose(
        panels, start=start, description=_DESCRIPTION, table=table, narrow=narrow
    )
    explorer.spacing = 28
    return explorer
