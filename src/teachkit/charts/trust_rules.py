"""Wheeler's rule table compiled into Vega expressions, so the static book runs the same rule.

:func:`state_expression` and :func:`stage_expression` read the table of
:mod:`teachkit.models.wheeler` when called (not when imported), so a change
to the table changes Python and Vega together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from teachkit.charts.explorable import string
from teachkit.data.episodes import HUMANIZATION, IDENTIFICATION, INDEX, SDS
from teachkit.models import wheeler
from teachkit.models.wheeler import (
    MUTUAL,
    Condition,
    Held,
    PreviousWas,
    Rule,
    Stage,
)

__all__ = [
    "CHART_NAMES",
    "VegaNames",
    "rule_expression",
    "stage_expression",
    "stage_met_expression",
    "state_expression",
]


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


def _vega(condition: Condition, names: VegaNames) -> str:
    if isinstance(condition, Held):
        level = f"{names.levels[condition.component]} >= {condition.at_least}"
        holder = names.holders.get(condition.component)
        if holder is not None:
            return f"({level} && {holder} == {string(condition.holder)})"
        return f"({level})" if condition.holder == MUTUAL else "false"
    if isinstance(condition, PreviousWas):
        if names.previous_state is None:
            return "false"
        return f"({names.previous_state} == {string(condition.state)})"
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
    >>> rule_expression(wheeler.RULES[3])
    '(index_level >= 1 && index_holder == "mutual")'
    """
    parts = [_all(clause, names) for clause in rule.any_of]
    return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def state_expression(names: VegaNames = CHART_NAMES) -> str:
    """The gating rule as one Vega expression that yields the state's id.

    A chain of conditional expressions, one per row of
    :data:`teachkit.models.wheeler.RULES` (read when called), in order.

    Examples
    --------
    >>> state_expression().endswith(': "no_trust"')
    True
    """
    *rules, last = wheeler.RULES
    expression = string(last.state)
    for rule in reversed(rules):
        expression = f"{rule_expression(rule, names)} ? {string(rule.state)} : {expression}"
    return expression


def stage_met_expression(stage: Stage, names: VegaNames = CHART_NAMES) -> str:
    """The Vega expression that is true when one step's own components are held."""
    return _all(stage.requires, names)


def stage_expression(names: VegaNames = CHART_NAMES) -> str:
    """The stage reached (0-3) as one Vega expression compiled from the stages.

    Examples
    --------
    >>> stage_expression().count("?")
    3
    """
    stages = wheeler.STAGES
    expression = str(stages[-1].number)
    for stage, below in zip(
        reversed(stages), reversed((0, *(s.number for s in stages[:-1]))), strict=True
    ):
        expression = f"{stage_met_expression(stage, names)} ? ({expression}) : {below}"
    return expression
