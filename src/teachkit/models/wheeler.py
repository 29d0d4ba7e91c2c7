"""Wheeler's bonding trust as an ordinal, interpretive model: one rule table.

The gating rule that turns four component codes into a state lives once, as
data (:data:`STAGES` and :data:`RULES`). Python reads the table in
:func:`trust_state` and :func:`stage_reached`, and applies it to the book's
coded episodes (:mod:`teachkit.data.episodes`) in :func:`rule_state` and
:func:`coded_cases`; :mod:`teachkit.charts.trust` compiles the same table into
the Vega expressions that ``trust_explorer`` binds to its sliders, so the
static book and a live kernel cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from teachkit import _checks
from teachkit.data.episodes import (
    COMPONENTS,
    HUMANIZATION,
    IDENTIFICATION,
    INDEX,
    SDS,
    Episode,
    episode,
    episodes,
)

if TYPE_CHECKING:
    import pandas as pd

    from teachkit.models.cards import ModelCard

# ---------------------------------------------------------------- vocabulary

COMPONENT_LABELS: Final[Mapping[str, str]] = {
    SDS: "Security dilemma sensibility",
    INDEX: "Index of trustworthiness",
    IDENTIFICATION: "Positive identification",
    HUMANIZATION: "Humanization",
}
SHORT_LABELS: Final[Mapping[str, str]] = {
    SDS: "Sensibility",
    INDEX: "Index",
    IDENTIFICATION: "Identification",
    HUMANIZATION: "Humanization",
}
STATES: Final[tuple[str, ...]] = (
    "no_trust",
    "calculative_trust",
    "bonded_trust",
    "decayed",
    "fake_bonding",
)
STATE_LABELS: Final[Mapping[str, str]] = {
    "no_trust": "no trust",
    "calculative_trust": "calculative trust",
    "bonded_trust": "bonded trust",
    "decayed": "decayed",
    "fake_bonding": "fake bonding (one-sided)",
}
LEVELS: Final = range(4)
MUTUAL: Final = "mutual"
ONE_SIDED: Final = "one_sided"
NONE: Final = "none"
#: Every direction the functions accept: the data's four, plus "one_sided" for either one.
DIRECTIONS: Final[tuple[str, ...]] = ("mutual", "a_to_b", "b_to_a", "one_sided", "none")
_HOLDER: Final[Mapping[str, str]] = {
    "mutual": MUTUAL,
    "a_to_b": ONE_SIDED,
    "b_to_a": ONE_SIDED,
    "one_sided": ONE_SIDED,
    "none": NONE,
}

#: The previous-state menu: the states, and "none" for a pair's first episode.
PREVIOUS_LABELS: Final[Mapping[str, str]] = {
    "none": "no earlier episode",
    **{s: STATE_LABELS[s] for s in STATES},
}


# ---------------------------------------------------------------- the rule table


@dataclass(frozen=True)
class Held:
    """Component ``component`` is coded ``at_least`` or more and held by ``holder``.

    ``holder`` is ``"mutual"`` (both leaders) or ``"one_sided"`` (one leader only).
    """

    component: str
    at_least: int
    holder: str

    def describe(self) -> str:
        """The condition in words."""
        who = "both leaders" if self.holder == MUTUAL else "one leader only"
        return f"{COMPONENT_LABELS[self.component].lower()} at {self.at_least} or more ({who})"


@dataclass(frozen=True)
class PreviousWas:
    """The pair's previous episode had state ``state``."""

    state: str

    def describe(self) -> str:
        """The condition in words."""
        return f"the previous episode's state was {STATE_LABELS[self.state]}"


@dataclass(frozen=True)
class Not:
    """The negation of a condition."""

    condition: Held | PreviousWas

    def describe(self) -> str:
        """The condition in words."""
        return f"not ({self.condition.describe()})"


Condition = Held | PreviousWas | Not


@dataclass(frozen=True)
class Stage:
    """A step of Wheeler's ladder and the conditions under which a pair stands on it."""

    number: int
    name: str
    requires: tuple[Held, ...]


@dataclass(frozen=True)
class Rule:
    """One line of the gating rule: ``state`` if any alternative in ``any_of`` holds.

    Each alternative is a tuple of conditions that must all hold; an empty
    tuple always holds.
    """

    number: int
    state: str
    any_of: tuple[tuple[Condition, ...], ...]
    explanation: str

    def describe(self) -> str:
        """The rule in words, e.g. ``"(4) calculative trust if ..."``."""
        alternatives = [
            " and ".join(c.describe() for c in clause) or "otherwise" for clause in self.any_of
        ]
        joined = "; or ".join(alternatives)
        condition = joined if joined == "otherwise" else f"if {joined}"
        return f"({self.number}) {STATE_LABELS[self.state]} {condition}"


#: Wheeler's three stages. A step is reached when its components are held
#: clearly (level 2 or more) by both leaders and every step below is reached:
#: stage 3 (identity transformation) needs stages 1 and 2 (Wheeler, e004).
STAGES: Final[tuple[Stage, ...]] = (
    Stage(1, "Security dilemma sensibility", (Held(SDS, 2, MUTUAL),)),
    Stage(2, "Index of trustworthiness", (Held(INDEX, 2, MUTUAL),)),
    Stage(
        3,
        "Identity transformation (identification and humanization)",
        (Held(IDENTIFICATION, 2, MUTUAL), Held(HUMANIZATION, 2, MUTUAL)),
    ),
)
_ALL_STAGES: Final[tuple[Condition, ...]] = tuple(c for s in STAGES for c in s.requires)

#: The gating rule of ``trust_codings`` (datapackage.json); the first matching rule wins.
RULES: Final[tuple[Rule, ...]] = (
    Rule(
        1,
        "bonded_trust",
        (_ALL_STAGES,),
        "Both leaders hold all four components clearly (2 or more): "
        "trust as suspension, with no weighing of the risk of betrayal.",
    ),
    Rule(
        2,
        "decayed",
        (
            (PreviousWas("bonded_trust"),),
            (PreviousWas("calculative_trust"), Not(Held(INDEX, 1, MUTUAL))),
        ),
        "The pair's earlier trust has eroded: it was bonded and no longer is, "
        "or it was calculative and the mutual index is gone.",
    ),
    Rule(
        3,
        "fake_bonding",
        ((Held(INDEX, 1, ONE_SIDED),),),
        "Only one leader believes they hold an index of the other's trustworthiness; "
        "the other may be faking it.",
    ),
    Rule(
        4,
        "calculative_trust",
        ((Held(INDEX, 1, MUTUAL),),),
        "Both leaders read some index of the other's trustworthiness, "
        "but they still weigh the risks of being let down.",
    ),
    Rule(
        5,
        "no_trust",
        ((),),
        "Neither leader holds an index of the other's trustworthiness.",
    ),
)


# ---------------------------------------------------------------- input checks


def _level(name: str, value: object) -> int:
    return _checks.whole(name, value, 0, 3)


def _holder(name: str, direction: object, level: int) -> str:
    holder = str(_checks.choice(name, direction, _HOLDER))
    if holder == NONE and level > 0:
        raise ValueError(
            f"{name} is 'none' (neither leader holds the component) but its level is {level}; "
            "use 'none' only with level 0, or say who holds it"
        )
    return NONE if level == 0 else holder


def _previous(previous_state: object) -> str | None:
    if previous_state is None:
        return None
    return str(_checks.choice("previous_state", previous_state, STATES))


@dataclass(frozen=True)
class _Setting:
    levels: Mapping[str, int]
    holders: Mapping[str, str]
    previous_state: str | None = None


def _setting(
    levels: Sequence[object],
    directions: Sequence[object],
    previous_state: object = None,
) -> _Setting:
    names = ("sds", "index", "identification", "humanization")
    checked = [_level(n, v) for n, v in zip(names, levels, strict=True)]
    holders = [
        _holder(f"{n}_direction", d, lv)
        for n, d, lv in zip(names, directions, checked, strict=True)
    ]
    return _Setting(
        dict(zip(COMPONENTS, checked, strict=True)),
        dict(zip(COMPONENTS, holders, strict=True)),
        _previous(previous_state),
    )


# ---------------------------------------------------------------- reading the table in Python


def _holds(condition: Condition, setting: _Setting) -> bool:
    if isinstance(condition, Held):
        return (
            setting.levels[condition.component] >= condition.at_least
            and setting.holders[condition.component] == condition.holder
        )
    if isinstance(condition, PreviousWas):
        return setting.previous_state == condition.state
    return not _holds(condition.condition, setting)


def _rule(setting: _Setting) -> Rule:
    for rule in RULES:
        if any(all(_holds(c, setting) for c in clause) for clause in rule.any_of):
            return rule
    raise AssertionError("the last rule always matches")  # pragma: no cover


def _stage(setting: _Setting) -> int:
    reached = 0
    for stage in STAGES:
        if not all(_holds(c, setting) for c in stage.requires):
            break
        reached = stage.number
    return reached


def trust_state(
    sds: int,
    index: int,
    identification: int,
    humanization: int,
    *,
    index_direction: str = "mutual",
    previous_state: str | None = None,
    sds_direction: str = "mutual",
    identification_direction: str = "mutual",
    humanization_direction: str = "mutual",
) -> str:
    """The state of a pair of leaders under the book's gating rule (the book's interpretation).

    Reads :data:`RULES`, the same table the explorer's Vega expressions are
    compiled from. The first matching rule wins:

    1. ``bonded_trust`` if all four components are 2 or more and mutual;
    2. ``decayed`` if the previous state was ``bonded_trust``, or was
       ``calculative_trust`` and the index is no longer 1 or more and mutual;
    3. ``fake_bonding`` if the index is 1 or more and one-sided;
    4. ``calculative_trust`` if the index is 1 or more and mutual;
    5. ``no_trust`` otherwise.

    Levels are ordinal codes (0 = not established, 1 = weak, 2 = clear but
    partial, 3 = strong), not measurements or probabilities.

    Parameters
    ----------
    sds, index, identification, humanization : int
        Levels 0-3 of security dilemma sensibility, the index of
        trustworthiness, positive identification and humanization.
    index_direction : str, default "mutual"
        Who holds the index: ``"mutual"``, ``"a_to_b"``, ``"b_to_a"``,
        ``"one_sided"`` (either one) or ``"none"`` (only with level 0).
    previous_state : str or None
        State of the pair's previous episode, for decay; None if there is none.
    sds_direction, identification_direction, humanization_direction : str
        Who holds the other components (same options; default mutual).

    Returns
    -------
    str
        One of :data:`STATES`.

    Raises
    ------
    TypeError
        If a level is not a whole number, or a direction or state not a string.
    ValueError
        If a level is outside 0-3, a direction or state is unknown (the
        closest is suggested), or a direction is ``"none"`` with a level above 0.

    Examples
    --------
    >>> trust_state(3, 3, 2, 3)
    'bonded_trust'
    >>> trust_state(0, 2, 0, 0, index_direction="a_to_b")
    'fake_bonding'
    >>> trust_state(0, 0, 1, 1, previous_state="bonded_trust")
    'decayed'
    """
    setting = _setting(
        (sds, index, identification, humanization),
        (sds_direction, index_direction, identification_direction, humanization_direction),
        previous_state,
    )
    return _rule(setting).state


def stage_reached(
    sds: int,
    index: int,
    identification: int,
    humanization: int,
    *,
    index_direction: str = "mutual",
    sds_direction: str = "mutual",
    identification_direction: str = "mutual",
    humanization_direction: str = "mutual",
) -> int:
    """The highest of Wheeler's three stages the pair stands on, 0 to 3.

    A step is reached when both leaders hold its components clearly (level 2
    or more) and every step below is reached: stage 1 is security dilemma
    sensibility, stage 2 the index of trustworthiness, stage 3 identity
    transformation (positive identification and humanization). Stage 3 is
    reached exactly when rule 1 of the gating rule gives bonded trust.

    Parameters
    ----------
    sds, index, identification, humanization : int
        Levels 0-3 (see :func:`trust_state`).
    index_direction, sds_direction, identification_direction, humanization_direction : str
        Who holds each component (see :func:`trust_state`).

    Returns
    -------
    int
        0 (no step), 1, 2 or 3.

    Raises
    ------
    TypeError
        If a level is not a whole number or a direction not a string.
    ValueError
        On a level outside 0-3 or an unknown direction.

    Examples
    --------
    >>> stage_reached(3, 2, 1, 2)
    2
    >>> stage_reached(1, 3, 3, 3)  # a strong index cannot stand on a weak first step
    0
    """
    setting = _setting(
        (sds, index, identification, humanization),
        (sds_direction, index_direction, identification_direction, humanization_direction),
    )
    return _stage(setting)


# ---------------------------------------------------------------- the coded episodes


def rule_state(episode_id: str) -> str:
    """The state :func:`trust_state` gives for a coded episode's own codes.

    Compare it with the episode's coded ``state``: they agree by construction,
    since the book coded with the rule in view.

    Raises
    ------
    ValueError
        If ``episode_id`` is not a coded episode (the closest is suggested).

    Examples
    --------
    >>> rule_state("vajpayee_sharif_kargil_1999")
    'decayed'
    """
    return trust_state(**episode(episode_id).coding())


def _case_row(e: Episode) -> dict[str, object]:
    row: dict[str, object] = {"episode_id": e.id, "episode": e.label, "date": e.date}
    for c in COMPONENTS:
        row[c] = e.levels[c]
        row[f"{c}_direction"] = e.directions[c]
    return row | {
        "previous_episode_id": e.previous_episode_id,
        "previous_state": e.previous_state,
        "state": e.state,
        "rule_state": trust_state(**e.coding()),
        "stage_reached": stage_reached(**e.codes()),
        "state_confidence": e.state_confidence,
        "state_citation": e.state_citation.replace(";", "; "),
    }


def coded_cases() -> pd.DataFrame:
    """One row per coded episode: its four levels and directions, state and sources.

    A readable text alternative to ``trust_explorer``; every code is the
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

    return pd.DataFrame([_case_row(e) for e in episodes()])


# ---------------------------------------------------------------- the model card


def describe_card(card: ModelCard) -> ModelCard:
    """Wheeler's model card with its stages and gating rule written from the rule table."""
    stages = tuple(
        f"{s.number}. {s.name}: " + " and ".join(c.describe() for c in s.requires) for s in STAGES
    )
    return replace(card, stages=stages, rules=tuple(r.describe() for r in RULES))
