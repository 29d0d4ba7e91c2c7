"""teachkit: datasets and explorables for the book *Trusting Enemies*.

``import teachkit`` does no work of its own: pandas, Altair and the datasets
load only when a function that needs them is first used.

Examples
--------
>>> import teachkit as tk
>>> tk.enable()
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the layer that exports it (data -> models -> charts -> widgets; book on top)
_EXPORTS: dict[str, str] = {
    "lenses_view": "teachkit.charts",
    "compare_texts": "teachkit.models",
    "edit_chart": "teachkit.charts",
    "TextComparison": "teachkit.models",
    "TextEdit": "teachkit.models",
    "axelrod_explorer": "teachkit.charts",
    "holsti_explorer": "teachkit.charts",
    "kydd_explorer": "teachkit.charts",
    "richardson_explorer": "teachkit.charts",
    "trust_state": "teachkit.models",
    "stage_reached": "teachkit.models",
    "trust_explorer": "teachkit.charts",
    "model_card_trust": "teachkit.models",
    "recode_case": "teachkit.widgets",
    "coded_cases": "teachkit.charts",
    "summit_timeline": "teachkit.charts",
    "summit_table": "teachkit.charts",
    "names": "teachkit.data",
    "load": "teachkit.data",
    "describe": "teachkit.data",
    "cite": "teachkit.data",
    "DatasetInfo": "teachkit.data",
    "DataValidationError": "teachkit.data",
    "UnknownDatasetError": "teachkit.data",
    "enable": "teachkit.charts",
    "render": "teachkit.charts",
    "save_html": "teachkit.charts",
    "future_weights": "teachkit.charts",
    "axelrod_streams": "teachkit.models",
    "axelrod_threshold": "teachkit.models",
    "axelrod_values": "teachkit.models",
    "holsti_trajectory": "teachkit.models",
    "kydd_cooperates": "teachkit.models",
    "kydd_posterior": "teachkit.models",
    "kydd_send_probability": "teachkit.models",
    "kydd_signal": "teachkit.models",
    "kydd_trust_threshold": "teachkit.models",
    "model_card": "teachkit.models",
    "ModelCard": "teachkit.models",
    "richardson_equilibrium": "teachkit.models",
    "richardson_path": "teachkit.models",
    "richardson_stable": "teachkit.models",
    "tft_is_stable": "teachkit.models",
}

__all__ = [
    "DataValidationError",
    "DatasetInfo",
    "ModelCard",
    "TextComparison",
    "TextEdit",
    "UnknownDatasetError",
    "axelrod_explorer",
    "axelrod_streams",
    "axelrod_threshold",
    "axelrod_values",
    "cite",
    "coded_cases",
    "compare_texts",
    "describe",
    "edit_chart",
    "enable",
    "future_weights",
    "holsti_explorer",
    "holsti_trajectory",
    "kydd_cooperates",
    "kydd_explorer",
    "kydd_posterior",
    "kydd_send_probability",
    "kydd_signal",
    "kydd_trust_threshold",
    "lenses_view",
    "load",
    "model_card",
    "model_card_trust",
    "names",
    "recode_case",
    "render",
    "richardson_equilibrium",
    "richardson_explorer",
    "richardson_path",
    "richardson_stable",
    "save_html",
    "stage_reached",
    "summit_table",
    "summit_timeline",
    "tft_is_stable",
    "trust_explorer",
    "trust_state",
]  # a literal, for linters; tested against _EXPORTS

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from teachkit.charts import (
        axelrod_explorer,
        coded_cases,
        edit_chart,
        enable,
        future_weights,
        holsti_explorer,
        kydd_explorer,
        lenses_view,
        render,
        richardson_explorer,
        save_html,
        summit_table,
        summit_timeline,
        trust_explorer,
    )
    from teachkit.data import (
        DatasetInfo,
        DataValidationError,
        UnknownDatasetError,
        cite,
        describe,
        load,
        names,
    )
    from teachkit.models import (
        ModelCard,
        TextComparison,
        TextEdit,
        axelrod_streams,
        axelrod_threshold,
        axelrod_values,
        compare_texts,
        holsti_trajectory,
        kydd_cooperates,
        kydd_posterior,
        kydd_send_probability,
        kydd_signal,
        kydd_trust_threshold,
        model_card,
        model_card_trust,
        richardson_equilibrium,
        richardson_path,
        richardson_stable,
        stage_reached,
        tft_is_stable,
        trust_state,
    )
    from teachkit.widgets import (
        recode_case,
    )


# names retired by the classroom issue (#14), and what replaced them
_RETIRED: dict[str, str] = {
    "check": 'otter-grader\'s grader.check("<question>") in the assignment notebook',
    "check_all": "otter-grader's grader.check_all() in the assignment notebook",
    "CheckResult": "otter-grader's check results (grader.check)",
    "CheckSummary": "otter-grader's grader.check_all()",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    if name in _RETIRED:
        raise AttributeError(
            f"teachkit.{name} was retired: assignments are checked with {_RETIRED[name]}; "
            "python3 dev.py assign makes them and python3 dev.py grade grades them"
        )
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'teachkit' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
