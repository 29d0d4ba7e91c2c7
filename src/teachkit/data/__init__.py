"""teachkit.data: the book's datasets, checked against ``datapackage.json``.

:func:`load` returns a dataset as a pandas DataFrame after checking its hash
and every cell against the schema; :func:`describe` and :func:`cite` say where
it comes from. The CSV files and ``datapackage.json`` ship as the resource
package ``teachkit.data.files`` (the repository's ``data/`` folder). This is
the bottom layer of teachkit: it imports nothing else from the package except
its argument checks.
"""

from teachkit.data._loader import DataValidationError, UnknownDatasetError, load, names
from teachkit.data.info import DatasetInfo, cite, describe

__all__ = [
    "DataValidationError",
    "DatasetInfo",
    "UnknownDatasetError",
    "cite",
    "describe",
    "load",
    "names",
]
