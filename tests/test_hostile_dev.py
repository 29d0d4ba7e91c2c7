"""Issue #13: dev.py and the assignment export refuse bad input clearly, before any work."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Any

import pytest
from bookhelpers import load_dev

from teachkit.book import assign

dev = load_dev()


@pytest.fixture
def no_setup(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (instead of running) set-up, the build and the server."""
    calls: list[str] = []

    def setup(kind: str = "book") -> Path:
        calls.append("setup" if kind == "book" else f"setup {kind}")
        return Path("python")

    monkeypatch.setattr(dev, "setup", setup)
    monkeypatch.setattr(dev, "build", lambda python, edition="student": calls.append(edition))
    monkeypatch.setattr(dev, "serve", lambda port: calls.append(f"serve {port}"))

    def run_assign(python: Path, args: list[str]) -> int:
        calls.append("assign")
        return 0

    monkeypatch.setattr(dev, "run_assign", run_assign)
    monkeypatch.delenv("TEACHKIT_EDITION", raising=False)
    return calls


@pytest.mark.parametrize("port", ["0", "-1", "99999", "65536", "http"])
def test_a_bad_port_is_refused_by_argparse_before_set_up(
    no_setup: list[str], capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        dev.main(["book", "--port", port])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--port" in err
    assert "1 to 65535" in err
    assert no_setup == []


def test_the_edges_of_the_port_range_are_accepted(no_setup: list[str]) -> None:
    assert dev.port_number("1") == 1
    assert dev.port_number("65535") == 65535
    assert dev.main(["book", "--no-serve", "--port", "65535"]) == 0
    assert no_setup == ["setup", "student"]


class _ForbiddenSocket(socket.socket):
    def bind(self, address: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")


def test_a_forbidden_port_is_not_called_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dev.socket, "socket", _ForbiddenSocket)
    problem = dev.port_problem(80)
    assert problem is not None
    assert "in use" not in problem
    assert "permission denied" in problem
    assert "port 80" in problem


@pytest.mark.parametrize("value", ["teacher", "students", "1"])
def test_a_bad_teachkit_edition_stops_before_set_up(
    no_setup: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
) -> None:
    monkeypatch.setenv("TEACHKIT_EDITION", value)
    with pytest.raises(SystemExit) as exit_info:
        dev.main(["book", "--no-serve"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"$TEACHKIT_EDITION: {value!r} is not an edition" in err
    assert "'student' or 'instructor'" in err
    assert no_setup == []


@pytest.mark.parametrize(
    ("value", "edition"), [("Instructor", "instructor"), (" STUDENT ", "student")]
)
def test_teachkit_edition_is_normalised_and_the_instructor_warning_shown(
    no_setup: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
    edition: str,
) -> None:
    monkeypatch.setenv("TEACHKIT_EDITION", value)
    assert dev.main(["book", "--no-serve"]) == 0
    assert no_setup == ["setup", edition]
    warned = "do not publish it" in capsys.readouterr().out
    assert warned == (edition == "instructor")


def test_the_edition_flag_wins_over_the_variable_and_is_checked(
    no_setup: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEACHKIT_EDITION", "teacher")
    assert dev.main(["book", "--no-serve", "--edition", "Student"]) == 0
    assert no_setup == ["setup", "student"]
    with pytest.raises(SystemExit):
        dev.main(["book", "--no-serve", "--edition", "teacher"])
    assert "'teacher' is not an edition" in capsys.readouterr().err


def test_the_deploy_workflow_names_the_student_edition() -> None:
    workflow = (dev.ROOT / ".github" / "workflows" / "deploy-student.yml").read_text("utf-8")
    assert "dev.py book --no-serve --edition student" in workflow


def test_assign_out_naming_a_file_is_refused_before_set_up(
    no_setup: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    with pytest.raises(SystemExit) as exit_info:
        dev.main(["assign", "--out", str(existing)])
    assert exit_info.value.code == 2
    assert "is a file" in capsys.readouterr().err
    assert no_setup == []
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize("inside", [False, True], ids=["the file", "a folder inside it"])
def test_export_assignments_into_a_file_is_an_assign_error(tmp_path: Path, inside: bool) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    out = existing / "sub" if inside else existing
    with pytest.raises(assign.AssignError, match="is a file, not a folder"):
        assign.export_assignments(["kennedy_khrushchev"], book=dev.ROOT, out=out)
    assert existing.read_text() == "keep me"
    assert assign.main(["kennedy_khrushchev", "--book", str(dev.ROOT), "--out", str(out)]) == 2


def test_serve_only_serves_the_last_build_without_set_up(
    no_setup: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text("<p>built</p>")
    monkeypatch.setattr(dev, "BUILD_HTML", tmp_path)
    monkeypatch.setattr(dev, "port_problem", lambda port: None)
    assert dev.main(["book", "--serve-only", "--port", "8123"]) == 0
    assert no_setup == ["serve 8123"]  # no set-up, no build


def test_serve_only_without_a_build_says_how_to_make_one(
    no_setup: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(dev, "BUILD_HTML", tmp_path / "html")
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "port_problem", lambda port: None)
    with pytest.raises(SystemExit):
        dev.main(["book", "--serve-only"])
    assert "run `python3 dev.py book` once" in capsys.readouterr().err
    assert no_setup == []


def test_serve_only_and_no_serve_exclude_each_other(
    no_setup: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        dev.main(["book", "--serve-only", "--no-serve"])
    assert "not allowed with argument" in capsys.readouterr().err
    assert no_setup == []


def test_each_command_installs_its_lock(
    no_setup: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dev, "run_tests", lambda python, args: 0)
    assert dev.main(["test"]) == 0
    assert dev.main(["book", "--no-serve"]) == 0
    assert dev.main(["assign"]) == 0
    assert no_setup == ["setup test", "setup", "student", "setup tools", "assign"]


def test_each_lock_pins_every_package_with_hashes() -> None:
    for name in dev.LOCKS.values():
        text = (dev.ROOT / name).read_text()
        entries = [line for line in text.splitlines() if line and line[0].isalnum()]
        assert len(entries) > 50, name
        for entry in entries:
            assert "==" in entry, entry
        assert text.count("--hash=sha256:") >= len(entries), name
    book = (dev.ROOT / "requirements.txt").read_text()
    assert "pytest==" not in book  # reading needs no test tools
    assert "ruff==" not in book
