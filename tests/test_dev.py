"""The two commands' bad-input paths: old Python, busy port, no Chromium, failed build."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from bookhelpers import ROOT, load_dev

dev = load_dev()


def test_an_old_python_gets_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "version_info", (3, 9, 18, "final", 0))
    with pytest.raises(SystemExit) as exit_info:
        dev.check_python()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "needs Python 3.11 or later" in err
    assert "dev.py book" in err


def test_a_busy_port_names_the_port_and_how_to_pick_another(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not dev.port_is_free(port)
        with pytest.raises(SystemExit):
            dev.serve(port)
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert f"--port {port + 1}" in err


def test_the_book_command_refuses_a_busy_port_before_building() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, str(ROOT / "dev.py"), "book", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 2
    assert "already in use" in proc.stderr
    assert "Building the book" not in proc.stdout


def test_an_impossible_port_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        dev.serve(70000)
    assert "between 1 and 65535" in capsys.readouterr().err


def test_without_chromium_the_test_command_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("TEACHKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)  # not root: no apt-get
    with pytest.raises(SystemExit) as exit_info:
        dev.ensure_chromium()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "apt-get install chromium" in err
    assert "TEACHKIT_CHROMIUM" in err


def test_a_failed_build_exits_non_zero_and_points_at_the_reports(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reports = tmp_path / "_build" / "html" / "reports" / "chapters"
    reports.mkdir(parents=True)
    (reports / "broken.err.log").write_text("Traceback ...")
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "BUILD_HTML", tmp_path / "_build" / "html")
    failing = tmp_path / "python"
    failing.write_text("#!/bin/sh\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(SystemExit) as exit_info:
        dev.build(failing)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "did not build" in err
    assert "reports/chapters/broken.err.log" in err
