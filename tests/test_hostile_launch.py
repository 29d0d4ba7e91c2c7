"""Issue #13: the launch settings refuse URLs and branch names that would break the links."""

from __future__ import annotations

import pytest

from teachkit.book import launch

GOOD_URLS = [
    "https://hub.example.edu",
    "https://hub.example.edu/",
    "http://hub.example.edu:8000/jupyter/",
    "https://mybinder.org",
]
BAD_URLS = {
    "fragment": "https://hub.example.edu/#top",
    "empty fragment": "https://hub.example.edu#",
    "query": "https://hub.example.edu/?next=x",
    "port 0": "https://hub.example.edu:0",
    "port too big": "https://hub.example.edu:99999",
    "port not a number": "https://hub.example.edu:abc",
    "space in the host": "https://hub example.edu",
    "space in the path": "https://hub.example.edu/my hub",
    "tab": "https://hub.example.edu/\thub",
    "user and password": "https://user:secret@hub.example.edu",
    "user": "https://user@hub.example.edu",
    "no scheme": "hub.example.edu",
    "ftp": "ftp://hub.example.edu",
}


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_good_url_is_accepted(url: str) -> None:
    assert launch.check_url(url, key="jupyterhub_url") == url.rstrip("/")


@pytest.mark.parametrize("url", list(BAD_URLS.values()), ids=list(BAD_URLS))
def test_a_bad_url_is_a_launch_config_error_naming_the_key(url: str) -> None:
    with pytest.raises(launch.LaunchConfigError) as err:
        launch.check_url(url, key="jupyterhub_url", env="TEACHKIT_JUPYTERHUB_URL")
    message = str(err.value)
    assert "teachkit_launch.jupyterhub_url (or $TEACHKIT_JUPYTERHUB_URL)" in message
    assert repr(url) in message


@pytest.mark.parametrize(
    "branch",
    [
        "../../x",
        "a..b",
        "-x",
        "x/",
        "/x",
        "x.lock",
        "a b",
        "@",
        "a@{1}",
        ".hidden",
        "x/.y",
        "a:b",
        "a~1",
        "a^",
        "a*",
        "a[b",
        "a\\b",
        "a//b",
    ],
)
def test_notebooks_branch_must_be_a_branch_name(branch: str) -> None:
    assert not launch.is_branch_name(branch)
    with pytest.raises(launch.LaunchConfigError, match="notebooks_branch"):
        launch.resolve_settings({"notebooks_branch": branch}, environ={})


@pytest.mark.parametrize("branch", ["gh-pages", "main", "release/2026", "v1.2", "a-b_c"])
def test_real_branch_names_are_accepted(branch: str) -> None:
    assert launch.is_branch_name(branch)
    settings = launch.resolve_settings({"notebooks_branch": branch}, environ={})
    assert settings.notebooks_branch == branch


def test_the_repository_branch_is_checked_too() -> None:
    with pytest.raises(launch.LaunchConfigError, match=r"repository\.branch"):
        launch.parse_repository("o/r", branch="../main", origin="x")


def test_a_bad_hub_url_in_the_environment_stops_the_settings() -> None:
    environ = {"TEACHKIT_JUPYTERHUB_URL": "https://user:pw@hub.example.edu"}
    with pytest.raises(launch.LaunchConfigError, match="TEACHKIT_JUPYTERHUB_URL"):
        launch.resolve_settings({}, environ=environ)
