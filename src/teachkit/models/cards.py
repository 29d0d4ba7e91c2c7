"""Model cards: what each model says, where its form comes from, what it cannot say.

The cards are prose, so they live as data: one TOML file per model in
``teachkit/models/cards/``, read through :mod:`importlib.resources`. One class,
:class:`ModelCard`, holds every card, Wheeler's ordinal model included; for
Wheeler the stages and the gating rule are added from the rule table in
:mod:`teachkit.models.wheeler`, so the card and the model cannot disagree.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, fields
from importlib.resources import files
from typing import Any, Final

from teachkit._checks import choice

#: The only ways a card or an equation may describe where its form comes from.
DERIVATION_LABELS: Final[tuple[str, ...]] = (
    "author's own stated equation",
    "standard textbook form",
    "book's simplification of the author's formal model",
    "book's formalisation of the author's verbal argument",
)
CARDS: Final[tuple[str, ...]] = ("wheeler", "kydd", "holsti", "richardson", "axelrod")
_ALIASES: Final[dict[str, str]] = {
    "bonding_trust": "wheeler",
    "trust": "wheeler",
    "spiral": "richardson",
    "jervis": "richardson",
    "arms_race": "richardson",
    "dulles": "holsti",
    "bad_faith": "holsti",
    "tit_for_tat": "axelrod",
    "tft": "axelrod",
    "shadow_of_the_future": "axelrod",
    "reassurance": "kydd",
}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a model: its symbol, argument name, valid range and meaning."""

    symbol: str
    argument: str
    valid_range: str
    meaning: str


@dataclass(frozen=True)
class Equation:
    """One equation of a model, in LaTeX, with what it says and where its form comes from."""

    latex: str
    says: str
    derivation: str


@dataclass(frozen=True)
class ModelCard:
    """What a model says, where it comes from, and what it cannot say.

    ``sources`` are BibTeX keys in ``data/references.bib``, the model's own
    source first. ``derivation`` (for the card and for each equation) starts
    with one of :data:`DERIVATION_LABELS`. ``checked_against`` lists the public
    pages the equations were checked against; ``unverified`` says what was not
    checked and which source would settle it. Wheeler's ordinal model has no
    equations: its ``scale``, ``stages`` and ``rules`` describe it instead.
    """

    key: str
    name: str
    sources: tuple[str, ...]
    summary: str
    derivation: str
    functions: tuple[str, ...]
    assumptions: tuple[str, ...]
    cannot_say: tuple[str, ...]
    checked_against: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    equations: tuple[Equation, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    scale: str = ""
    stages: tuple[str, ...] = field(default=())
    rules: tuple[str, ...] = field(default=())

    @property
    def source(self) -> str:
        """The BibTeX key of the model's own source."""
        return self.sources[0]

    @property
    def related_sources(self) -> tuple[str, ...]:
        """BibTeX keys of the other sources the card draws on."""
        return self.sources[1:]

    def _repr_markdown_(self) -> str:
        keys = ", ".join(f"`{key}`" for key in self.sources)
        lines = [f"### Model card: {self.name}", "", self.summary, ""]
        lines += [f"**Sources (BibTeX keys):** {keys}  ", f"**Derivation:** {self.derivation}  "]
        if self.scale:
            lines.append(f"**Scale:** {self.scale}  ")
        lines += ["**Functions:** " + ", ".join(f"`teachkit.{f}`" for f in self.functions), ""]
        if self.equations:
            lines += ["**Equations**", ""]
            for eq in self.equations:
                lines += [f"$${eq.latex}$$", "", f"{eq.says} *({eq.derivation})*", ""]
        if self.parameters:
            lines += ["**Parameters**", "", "| Symbol | Argument | Valid range | Meaning |"]
            lines.append("| --- | --- | --- | --- |")
            lines += [
                f"| ${p.symbol}$ | `{p.argument}` | {p.valid_range} | {p.meaning} |"
                for p in self.parameters
            ]
        if self.stages:
            lines += [
                "**Stages** (a step is reached when its components are held and every "
                "step below is)",
                "",
                *self.stages,
                "",
            ]
        if self.rules:
            lines += [
                "**Gating rule** (the first matching rule wins; the same table drives the chart)",
                "",
                *(f"- {rule}" for rule in self.rules),
            ]
        for title, items in (
            ("Assumptions", self.assumptions),
            ("What it cannot say", self.cannot_say),
            ("Not verified", self.unverified),
            ("Checked against", self.checked_against),
        ):
            if items:
                lines += ["", f"**{title}**", "", *(f"- {item}" for item in items)]
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self._repr_markdown_()


def _derivation(text: str, where: str) -> str:
    if not any(text.startswith(label) for label in DERIVATION_LABELS):
        labels = "; ".join(DERIVATION_LABELS)
        raise ValueError(f"{where}: derivation must start with one of: {labels} (got {text!r})")
    return text


def _card(data: dict[str, Any], file: str) -> ModelCard:
    known = {f.name for f in fields(ModelCard)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{file}: unknown keys {unknown}; valid keys: {sorted(known)}")
    tuples = {
        key: tuple(value)
        for key, value in data.items()
        if isinstance(value, list) and key not in ("equations", "parameters")
    }
    equations = tuple(Equation(**eq) for eq in data.get("equations", []))
    for i, eq in enumerate(equations, 1):
        _derivation(eq.derivation, f"{file}, equation {i}")
    parameters = tuple(Parameter(**p) for p in data.get("parameters", []))
    card = ModelCard(**{**data, **tuples, "equations": equations, "parameters": parameters})
    _derivation(card.derivation, file)
    return card


@functools.cache
def _load(key: str) -> ModelCard:
    file = f"{key}.toml"
    text = files("teachkit.models").joinpath("cards", file).read_text(encoding="utf-8")
    card = _card(tomllib.loads(text), file)
    if key == "wheeler":  # the stages and rules come from the rule table itself
        from teachkit.models import wheeler

        card = wheeler.describe_card(card)
    return card


def model_card(name: str) -> ModelCard:
    """The model card of one of the book's models.

    Parameters
    ----------
    name : str
        ``wheeler``, ``kydd``, ``holsti``, ``richardson`` or ``axelrod`` (case,
        spaces and dashes do not matter; ``spiral``, ``jervis``, ``dulles``,
        ``tft`` and ``bonding_trust`` are accepted aliases).

    Returns
    -------
    ModelCard
        The card; in a notebook it displays as Markdown.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If the name is unknown; the message lists the valid names and
        suggests the closest.

    Examples
    --------
    >>> model_card("Axelrod").source
    'axelrod1984evolution'
    >>> model_card("wheeler").stages[0].startswith("1.")
    True
    """
    options = {**{k: k for k in CARDS}, **_ALIASES}
    key = choice("name", name.strip() if isinstance(name, str) else name, options, listed=CARDS)
    return _load(str(key))


def model_cards() -> dict[str, ModelCard]:
    """Every model card, by short name.

    Examples
    --------
    >>> list(model_cards())
    ['wheeler', 'kydd', 'holsti', 'richardson', 'axelrod']
    """
    return {key: _load(key) for key in CARDS}


def model_card_trust() -> ModelCard:
    """Wheeler's bonding-trust model card: an alias of ``model_card("wheeler")``.

    Examples
    --------
    >>> "no probabilities" in model_card_trust()._repr_markdown_().lower()
    True
    """
    return model_card("wheeler")
