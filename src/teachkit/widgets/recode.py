"""Recode a case: ipywidgets that recompute Wheeler's state in Python (live kernels only)."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, replace
from importlib import import_module
from typing import Any, Final

from teachkit._checks import STATIC_BUILD_ENV
from teachkit.data.episodes import COMPONENTS, Episode, episode
from teachkit.models.wheeler import (
    COMPONENT_LABELS,
    PREVIOUS_LABELS,
    SHORT_LABELS,
    STATE_LABELS,
    stage_reached,
    trust_state,
)

_LIVE_NOTE: Final = (
    "This control needs a live kernel (Binder, JupyterHub or Colab): it recomputes the "
    "state in Python with teachkit.trust_state."
)


def _static_build() -> bool:
    return os.environ.get(STATIC_BUILD_ENV, "").strip().lower() not in ("", "0", "false")


def _static_note(e: Episode) -> Any:
    display: Any = import_module("IPython.display")
    codes = "; ".join(f"{SHORT_LABELS[c].lower()} {e.level_text(c)}" for c in COMPONENTS)
    return display.Markdown(
        f"**Recode a case: {e.label}.** {_LIVE_NOTE} In this static page nothing can run, so "
        "there is no control here: open the page in a live session to use it, or use the "
        "explorer's sliders, which work in the page. The book's interpretation of this case: "
        f"{codes}; state {STATE_LABELS[e.state]}."
    )


@dataclass(frozen=True)
class _Controls:
    """The widgets of one recoding: a slider and a menu per component, and the previous state."""

    sliders: dict[str, Any]
    directions: dict[str, Any]
    previous: Any

    def recoded(self, e: Episode) -> Episode:
        """The episode with the codes the reader has set."""
        return replace(
            e,
            levels={c: int(self.sliders[c].value) for c in COMPONENTS},
            directions={c: str(self.directions[c].value) for c in COMPONENTS},
            previous_state=None if self.previous.value == "none" else str(self.previous.value),
        )

    def reset(self, e: Episode) -> None:
        """Back to the book's coding."""
        for c in COMPONENTS:
            self.sliders[c].value = e.levels[c]
            self.directions[c].value = e.directions[c]
        self.previous.value = e.previous_state or "none"


# One label width for the four sliders, so that their tracks have the same length and
# line up; widths in em grow with the reader's font size, and no label or choice is clipped.
_SLIDER_STYLE: Final = {"description_width": "15em"}
_SLIDER_WIDTH: Final = "31em"
_MENU_WIDTH: Final = "19em"


def _controls(widgets: Any, e: Episode) -> _Controls:
    wide = {"description_width": "initial"}
    sliders = {
        c: widgets.IntSlider(
            value=e.levels[c],
            min=0,
            max=3,
            step=1,
            description=COMPONENT_LABELS[c],
            style=_SLIDER_STYLE,
            layout=widgets.Layout(width=_SLIDER_WIDTH),
            continuous_update=False,
        )
        for c in COMPONENTS
    }
    options = [
        ("both leaders (mutual)", "mutual"),
        (f"{e.leader_a} only", "a_to_b"),
        (f"{e.leader_b} only", "b_to_a"),
        ("neither (level 0)", "none"),
    ]
    directions = {
        c: widgets.Dropdown(
            options=options,
            value=e.directions[c],
            description="held by",
            style=wide,
            layout=widgets.Layout(width=_MENU_WIDTH),
        )
        for c in COMPONENTS
    }
    previous = widgets.Dropdown(
        options=[(label, value) for value, label in PREVIOUS_LABELS.items()],
        value=e.previous_state or "none",
        description="State of the pair's previous episode",
        style=wide,
        layout=widgets.Layout(width="32em", max_width="100%"),
    )
    return _Controls(sliders, directions, previous)


def _verdict(recoded: Episode, book: Episode) -> str:
    """The HTML line under the controls: the state the recoding gives, or why it is invalid."""
    try:
        state = trust_state(**recoded.coding())
        stage = stage_reached(**recoded.codes())
    except ValueError as err:
        return f"<p><b>Not a valid coding:</b> {html.escape(str(err))}</p>"
    return (
        f"<p>Your coding gives <b>{STATE_LABELS[state]}</b> (stage reached: {stage} of 3). "
        f"The book's interpretation: <b>{STATE_LABELS[book.state]}</b>.</p>"
    )


def recode_case(episode_id: str) -> Any:
    """Widgets to recode one episode and see the state the book's rule gives (live kernels only).

    Sliders (0-3) and menus set each component's level and who holds it,
    starting from the book's coding; a menu sets the previous episode's
    state. Every change recomputes the state with
    :func:`teachkit.models.wheeler.trust_state`, the same rule table as the
    static explorer. The box says in its own text that it needs a live kernel
    (Binder, JupyterHub or Colab).

    When the environment variable ``TEACHKIT_STATIC_BUILD`` is set (the book's
    build sets it while executing chapters), it returns a Markdown note
    instead, so the static page shows text, not a dead control.

    Parameters
    ----------
    episode_id : str
        A coded episode id (see :func:`teachkit.data.episodes.episodes`).

    Returns
    -------
    ipywidgets.VBox or IPython.display.Markdown

    Raises
    ------
    ValueError
        If ``episode_id`` is not a coded episode (the closest is suggested).

    Examples
    --------
    >>> box = recode_case("reagan_gorbachev_geneva_1985")
    >>> "calculative trust" in box.children[-2].value
    True
    """
    e = episode(episode_id)
    if _static_build():
        return _static_note(e)
    widgets: Any = import_module("ipywidgets")
    controls = _controls(widgets, e)
    result = widgets.HTML()
    reset = widgets.Button(
        description="Back to the book's coding", icon="undo", layout=widgets.Layout(width="auto")
    )

    def update(*_: object) -> None:
        result.value = _verdict(controls.recoded(e), e)

    for control in (*controls.sliders.values(), *controls.directions.values(), controls.previous):
        control.observe(update, names="value")
    reset.on_click(lambda *_: controls.reset(e))
    update()
    header = widgets.HTML(
        f"<p><b>Recode a case: {html.escape(e.label)}</b><br>{html.escape(_LIVE_NOTE)} "
        "Codes are ordinal (0-3), not probabilities; the starting values are the book's "
        "interpretation.</p>"
    )
    wrap = widgets.Layout(flex_flow="row wrap")  # a narrow screen puts the menu under it
    rows = [
        widgets.HBox([controls.sliders[c], controls.directions[c]], layout=wrap) for c in COMPONENTS
    ]
    return widgets.VBox([header, *rows, controls.previous, result, reset])
