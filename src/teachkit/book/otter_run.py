"""Grade one submission with otter-grader, no Docker: ``python -m teachkit.book.otter_run``.

``python -m teachkit.book.otter_run AUTOGRADER_ZIP SUBMISSION WORKDIR`` lays out
``WORKDIR/autograder`` as Gradescope's container would (``source/`` from the zip,
``submission/``, ``results/``) and runs otter's autograder there, as ``otter run``
does, but keeps the folder so that :mod:`teachkit.book.grade`, which starts this in
a process of its own under a time limit, can read the results and check the tests.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Lay out the autograder folder and run otter's autograder on one submission."""
    autograder, submission, workdir = list(sys.argv[1:] if argv is None else argv)
    ag_dir = Path(workdir) / "autograder"
    for sub in ("source", "submission", "results"):
        (ag_dir / sub).mkdir(parents=True, exist_ok=True)
    (ag_dir / "submission_metadata.json").write_text("{}", encoding="utf-8")
    with zipfile.ZipFile(autograder) as zipped:
        zipped.extractall(ag_dir / "source")
    shutil.copy(submission, ag_dir / "submission")
    otter = importlib.import_module("otter.run.run_autograder")  # untyped
    otter.main(str(ag_dir), logo=False, debug=False, otter_run=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
