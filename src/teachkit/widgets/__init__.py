"""teachkit.widgets: Python-side controls (ipywidgets) for live kernels only.

In the published book these show a note saying they need a live kernel
(Binder, JupyterHub, Colab or a laptop); everything they show is also
available as a static chart from :mod:`teachkit.charts`.
"""

from teachkit.widgets.recode import recode_case

__all__ = ["recode_case"]
