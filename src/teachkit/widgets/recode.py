"""Recode a case: ipywidgets that recompute Wheeler's state in Python (live kernels only)."""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any, Final

from teachkit._checks import STATIC_BUILD_ENV
from teachkit.charts.trust import *  # noqa: F403  (the skeleton; split next)
from teachkit.charts.trust import _episode
from teachkit.models.wheeler import _SHORT, _previous

# ---------------------------------------------------------------- live kernels: ipywidgets

_LIVE_NOTE: Final = (
    "This control needs a live kernel (Binder, JupyterHub or Colab): it recomputes the "
    "state in Python with teachkit.trust_state."
)


def _static_build() -> bool:
    return os.environ.get(STATIC_BUILD_ENV, "").strip().lower() not in ("", "0", "false")


def _static_note(e: Episode) -> Any:
    display: Any = import_module("IPython.display")
    codes = "; ".join(f"{_SHORT[c].lower()} {e.level_text(c)}" for c in COMPONENTS)
    return display.Markdown(
        f"**Recode a case: {e.label}.** {_LIVE_NOTE} In this static page nothing can run, so "
        "there is no control here: open the page in a live session to use it, or use the "
        "explorer's sliders, which work in the page. The book's interpretation of this case: "
        f"{codes}; state {STATE_LABELS[e.state]}."
    )


def recode_case(episode_id: str) -> Any:
    """Widgets to recode one episode and see the state the book's rule gives (live kernels only).

    Sliders (0-3) and menus set each component's level and who holds it,
    starting from the book's coding; a menu sets the previous episode's
    state. Every change recomputes the state with :func:`trust_state`, the
    same rule table as the static explorer. The box says in its own text that
    it needs a live kernel (Binder, JupyterHub or Colab).

    When the environment variable ``TEACHKIT_STATIC_BUILD`` is set (the book's
    build sets it while executing chapters), it returns a Markdown note
    instead, so the static page shows text, not a dead control.

    Parameters
    ----------
    episode_id : str
        A coded episode id (see :func:`episodes`).

    Returns
    -------
    ipywidgets.VBox or IPython.display.Markdown

    Raises
    ------
    ValueError
        If ``episode_id`` is not a coded episode (the closest is suggested).
    """
    e = _episode(episode_id)
    if _static_build():
        return _static_note(e)
    widgets: Any = import_module("ipywidgets")
    wide = {"description_width": "initial"}
    layout = widgets.Layout(width="360px")
    sliders = {
        c: widgets.IntSlider(
            value=e.levels[c],
            min=0,
            max=3,
            step=1,
            description=COMPONENT_LABELS[c],
            style=wide,
            layout=layout,
            continuous_update=False,
        )
        for c in COMPONENTS
    }
    direction_options = [
        ("both leaders (mutual)", "mutual"),
        (f"{e.leader_a} only", "a_to_b"),
        (f"{e.leader_b} only", "b_to_a"),
        ("neither (level 0)", "none"),
    ]
    directions = {
        c: widgets.Dropdown(
            options=direction_options,
            value=e.directions[c],
            description="held by",
            style=wide,
            layout=widgets.Layout(width="260px"),
        )
        for c in COMPONENTS
    }
    previous = widgets.Dropdown(
        options=[(label, value) for value, label in _PREVIOUS_LABELS.items()],
        value=_previous_state_of(e) or "none",
        description="State of the pair's previous episode",
        style=wide,
    )
    result = widgets.HTML()
    reset = widgets.Button(description="Back to the book's coding", icon="undo")

    def update(*_: object) -> None:
        prev = None if previous.value == "none" else str(previous.value)
        kwargs = {
            "sds_direction": directions[SDS].value,
            "index_direction": directions[INDEX].value,
            "identification_direction": directions[IDENTIFICATION].value,
            "humanization_direction": directions[HUMANIZATION].value,
        }
        levels = [sliders[c].value for c in COMPONENTS]
        try:
            state = trust_state(*levels, previous_state=prev, **kwargs)
            stage = stage_reached(*levels, **kwargs)
        except ValueError as err:
            result.value = f"<p><b>Not a valid coding:</b> {html.escape(str(err))}</p>"
            return
        result.value = (
            f"<p>Your coding gives <b>{STATE_LABELS[state]}</b> (stage reached: {stage} of 3). "
            f"The book's interpretation: <b>{STATE_LABELS[e.state]}</b>.</p>"
        )

    def back(*_: object) -> None:
        for c in COMPONENTS:
            sliders[c].value = e.levels[c]
            directions[c].value = e.directions[c]
        previous.value = _previous_state_of(e) or "none"

    for control in (*sliders.values(), *directions.values(), previous):
        control.observe(update, names="value")
    reset.on_click(back)
    update()
    header = widgets.HTML(
        f"<p><b>Recode a case: {html.escape(e.label)}</b><br>{html.escape(_LIVE_NOTE)} "
        "Codes are ordinal (0-3), not probabilities; the starting values are the book's "
        "interpretation.</p>"
    )
    rows = [widgets.HBox([sliders[c], directions[c]]) for c in COMPONENTS]
    return widgets.VBox([header, *rows, previous, result, reset])
