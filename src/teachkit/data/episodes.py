"""The coded episodes of ``trust_codings``: one typed record per episode.

Every code is the book's interpretation of Wheeler's four components of
bonding trust. ``trust_codings.csv`` has four rows per episode (one per
component); :func:`episodes` gathers them into one :class:`Episode`, with the
pair's label from ``dyads.csv`` and the coded state of the pair's previous
episode. :meth:`Episode.coding` gives the codes as the keyword arguments of
:func:`teachkit.models.wheeler.trust_state`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from teachkit import _checks
from teachkit.data._loader import _records

SDS: Final = "security_dilemma_sensibility"
INDEX: Final = "index_of_trustworthiness"
IDENTIFICATION: Final = "positive_identification"
HUMANIZATION: Final = "humanization"
#: The values of ``trust_codings.component``, in the order of Wheeler's stages.
COMPONENTS: Final[tuple[str, ...]] = (SDS, INDEX, IDENTIFICATION, HUMANIZATION)


class Codes(TypedDict):
    """An episode's levels and directions, named as :func:`trust_state` names them."""

    sds: int
    index: int
    identification: int
    humanization: int
    sds_direction: str
    index_direction: str
    identification_direction: str
    humanization_direction: str


class Coding(Codes):
    """:class:`Codes` and the state of the pair's previous episode (for decay)."""

    previous_state: str | None


@dataclass(frozen=True)
class Episode:
    """One coded episode of ``trust_codings`` (the book's interpretation).

    ``levels``, ``directions``, ``evidence``, ``citation`` and ``confidence``
    map each component (:data:`COMPONENTS`) to its cell; ``previous_state``
    is the coded state of the episode named in ``previous_episode_id``.
    """

    id: str
    label: str
    short_label: str
    dyad: str
    dyad_label: str
    leader_a: str  # display surname
    leader_b: str
    date: str
    previous_episode_id: str | None
    previous_state: str | None
    levels: Mapping[str, int]
    directions: Mapping[str, str]
    evidence: Mapping[str, str]
    citation: Mapping[str, str]
    confidence: Mapping[str, str]
    state: str
    state_confidence: str
    state_rationale: str
    state_citation: str

    def codes(self) -> Codes:
        """The four levels and directions as keyword arguments of ``stage_reached``.

        Examples
        --------
        >>> episode("trump_kim_singapore_2018").codes()["index_direction"]
        'a_to_b'
        """
        lv, to = self.levels, self.directions
        return Codes(
            sds=lv[SDS],
            index=lv[INDEX],
            identification=lv[IDENTIFICATION],
            humanization=lv[HUMANIZATION],
            sds_direction=to[SDS],
            index_direction=to[INDEX],
            identification_direction=to[IDENTIFICATION],
            humanization_direction=to[HUMANIZATION],
        )

    def coding(self) -> Coding:
        """The codes and the previous state: the keyword arguments of ``trust_state``.

        Examples
        --------
        >>> episode("vajpayee_sharif_kargil_1999").coding()["previous_state"]
        'bonded_trust'
        """
        return {**self.codes(), "previous_state": self.previous_state}

    def holder_text(self, component: str) -> str:
        """Who holds a component, in words: ``"both"``, ``"Trump only"`` or ``""``."""
        direction = self.directions[component]
        if direction == "mutual":
            return "both"
        if direction in ("a_to_b", "b_to_a"):
            return f"{self.leader_a if direction == 'a_to_b' else self.leader_b} only"
        return ""

    def level_text(self, component: str) -> str:
        """A component's code in words, e.g. ``"2, both"`` or ``"0"``.

        Examples
        --------
        >>> episode("trump_kim_singapore_2018").level_text(INDEX)
        '2, Trump only'
        """
        holder = self.holder_text(component)
        level = str(self.levels[component])
        return f"{level}, {holder}" if holder else level


def _text(value: object) -> str:
    """A cell as text: ``""`` for a missing value (None or NaN)."""
    return "" if value is None or value != value else str(value)


def _short_label(dyad_label: str, row: Mapping[str, Any]) -> str:
    """The pair's label, the place and the year (from ``date``), e.g. "..., Geneva 1985".

    No column names the place of an episode that was not a summit (Kargil), so
    the place is still read from the episode id (``..._kargil_1999``).
    """
    place = str(row["episode_id"]).split("_")[-2]
    place = "letters" if row["interaction_mode"] == "letters" else place.capitalize()
    return f"{dyad_label}, {place} {str(row['date'])[:4]}"


def _episode(group: list[dict[str, Any]], dyad_labels: Mapping[str, str]) -> Episode:
    first = group[0]
    by = {str(r["component"]): r for r in group}
    dyad = str(first["dyad"])
    dyad_label = dyad_labels.get(dyad, dyad)
    a, _, b = dyad_label.partition("\u2013")  # an en dash, as in dyads.csv
    return Episode(
        id=str(first["episode_id"]),
        label=str(first["episode_label"]),
        short_label=_short_label(dyad_label, first),
        dyad=dyad,
        dyad_label=dyad_label,
        leader_a=a or str(first["leader_a"]),
        leader_b=b or str(first["leader_b"]),
        date=str(first["date"]),
        previous_episode_id=_text(first["previous_episode_id"]) or None,
        previous_state=None,  # filled in by _episodes, once every episode is read
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


@functools.cache
def _episodes() -> tuple[Episode, ...]:
    from dataclasses import replace

    dyad_labels = {str(r["id"]): str(r["label"]) for r in _records("dyads")}
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in _records("trust_codings"):
        rows.setdefault(str(row["episode_id"]), []).append(row)
    read = [_episode(group, dyad_labels) for group in rows.values()]
    states = {e.id: e.state for e in read}
    found = [
        replace(e, previous_state=states[e.previous_episode_id]) if e.previous_episode_id else e
        for e in read
    ]
    return tuple(sorted(found, key=lambda e: (e.date, e.id)))


def episodes() -> tuple[Episode, ...]:
    """The coded episodes, oldest first (the book's interpretation).

    Examples
    --------
    >>> [e.id for e in episodes()][:2]
    ['chamberlain_hitler_munich_1938', 'kennedy_khrushchev_vienna_1961']
    """
    return _episodes()


def episode(episode_id: object, argument: str = "episode_id") -> Episode:
    """One coded episode by its id; the error names ``argument`` and the valid ids.

    Examples
    --------
    >>> episode("reagan_gorbachev_geneva_1985").short_label.endswith(", Geneva 1985")
    True
    >>> episode("reagan_gorbachev_geneva_85")
    Traceback (most recent call last):
    ...
    ValueError: episode_id must be one of ... did you mean 'reagan_gorbachev_geneva_1985'?
    """
    found: dict[str, Episode] = {e.id: e for e in _episodes()}
    chosen = _checks.choice(argument, episode_id, found)
    assert isinstance(chosen, Episode)
    return chosen
