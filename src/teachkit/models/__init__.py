"""teachkit.models: the maths of the book's models, with no charts.

One module per model: :mod:`~teachkit.models.wheeler` (bonding trust, an
ordinal rule table), :mod:`~teachkit.models.kydd` (reassurance by costly
signals), :mod:`~teachkit.models.holsti` (inherent bad faith),
:mod:`~teachkit.models.richardson` (the arms-race stand-in for Jervis's spiral)
and :mod:`~teachkit.models.axelrod` (the shadow of the future). Their model
cards are data files read by :mod:`~teachkit.models.cards`. This layer imports
only :mod:`teachkit.data` (and teachkit's argument checks), never Altair.
"""

from teachkit.models.axelrod import (
    ChallengerValues,
    PayoffStreams,
    axelrod_streams,
    axelrod_threshold,
    axelrod_values,
    tft_is_stable,
)
from teachkit.models.cards import (
    DERIVATION_LABELS,
    Equation,
    ModelCard,
    Parameter,
    model_card,
    model_card_trust,
    model_cards,
)
from teachkit.models.holsti import holsti_trajectory
from teachkit.models.kydd import (
    SignalOutcome,
    kydd_cooperates,
    kydd_posterior,
    kydd_send_probability,
    kydd_signal,
    kydd_trust_threshold,
)
from teachkit.models.richardson import (
    RichardsonPath,
    richardson_equilibrium,
    richardson_path,
    richardson_stable,
)
from teachkit.models.textcompare import TextComparison, TextEdit, compare_texts
from teachkit.models.wheeler import stage_reached, trust_state

__all__ = [
    "DERIVATION_LABELS",
    "ChallengerValues",
    "Equation",
    "ModelCard",
    "Parameter",
    "PayoffStreams",
    "RichardsonPath",
    "SignalOutcome",
    "TextComparison",
    "TextEdit",
    "axelrod_streams",
    "axelrod_threshold",
    "axelrod_values",
    "compare_texts",
    "holsti_trajectory",
    "kydd_cooperates",
    "kydd_posterior",
    "kydd_send_probability",
    "kydd_signal",
    "kydd_trust_threshold",
    "model_card",
    "model_card_trust",
    "model_cards",
    "richardson_equilibrium",
    "richardson_path",
    "richardson_stable",
    "stage_reached",
    "tft_is_stable",
    "trust_state",
]
