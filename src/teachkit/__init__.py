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

# public name -> private module that defines it (one home for every piece of logic)
_EXPORTS: dict[str, str] = {
    "lenses_view": "teachkit._lenses",
    "compare_texts": "teachkit._textcompare",
    "edit_chart": "teachkit._textcompare",
    "TextComparison": "teachkit._textcompare",
    "TextEdit": "teachkit._textcompare",
    "axelrod_explorer": "teachkit._model_charts",
    "holsti_explorer": "teachkit._model_charts",
    "kydd_explorer": "teachkit._model_charts",
    "richardson_explorer": "teachkit._model_charts",
    "trust_state": "teachkit._trust",
    "stage_reached": "teachkit._trust",
    "trust_explorer": "teachkit._trust",
    "model_card_trust": "teachkit._trust",
    "recode_case": "teachkit._trust",
    "coded_cases": "teachkit._trust",
    "summit_timeline": "teachkit._timeline",
    "summit_table": "teachkit._timeline",
    "names": "teachkit._data",
    "load": "teachkit._data",
    "describe": "teachkit._data",
    "cite": "teachkit._data",
    "DatasetInfo": "teachkit._data",
    "DataValidationError": "teachkit._data",
    "UnknownDatasetError": "teachkit._data",
    "enable": "teachkit._render",
    "render": "teachkit._render",
    "future_weights": "teachkit._charts",
    "check": "teachkit._grader",
    "check_all": "teachkit._grader",
    "CheckResult": "teachkit._grader",
    "CheckSummary": "teachkit._grader",
    "axelrod_streams": "teachkit._models",
    "axelrod_threshold": "teachkit._models",
    "axelrod_values": "teachkit._models",
    "holsti_trajectory": "teachkit._models",
    "kydd_cooperates": "teachkit._models",
    "kydd_posterior": "teachkit._models",
    "kydd_send_probability": "teachkit._models",
    "kydd_signal": "teachkit._models",
    "kydd_trust_threshold": "teachkit._models",
    "model_card": "teachkit._models",
    "ModelCard": "teachkit._models",
    "richardson_equilibrium": "teachkit._models",
    "richardson_path": "teachkit._models",
    "richardson_stable": "teachkit._models",
    "tft_is_stable": "teachkit._models",
}

__all__ = [
    "CheckResult",
    "CheckSummary",
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
    "check",
    "check_all",
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
    "stage_reached",
    "summit_table",
    "summit_timeline",
    "tft_is_stable",
    "trust_explorer",
    "trust_state",
]  # a literal, for linters; tested against _EXPORTS

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from teachkit._charts import future_weights
    from teachkit._data import (
        DatasetInfo,
        DataValidationError,
        UnknownDatasetError,
        cite,
        describe,
        load,
        names,
    )
    from teachkit._grader import CheckResult, CheckSummary, check, check_all
    from teachkit._lenses import lenses_view
    from teachkit._model_charts import (
        axelrod_explorer,
        holsti_explorer,
        kydd_explorer,
        richardson_explorer,
    )
    from teachkit._models import (
        ModelCard,
        axelrod_streams,
        axelrod_threshold,
        axelrod_values,
        holsti_trajectory,
        kydd_cooperates,
        kydd_posterior,
        kydd_send_probability,
        kydd_signal,
        kydd_trust_threshold,
        model_card,
        richardson_equilibrium,
        richardson_path,
        richardson_stable,
        tft_is_stable,
    )
    from teachkit._render import enable, render
    from teachkit._textcompare import TextComparison, TextEdit, compare_texts, edit_chart
    from teachkit._timeline import summit_table, summit_timeline
    from teachkit._trust import (
        coded_cases,
        model_card_trust,
        recode_case,
        stage_reached,
        trust_explorer,
        trust_state,
    )


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'teachkit' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
