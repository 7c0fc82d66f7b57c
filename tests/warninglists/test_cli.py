"""`liaison warninglist list` and `liaison warninglist check`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from liaison.cli import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["warninglist", *args], env={"COLUMNS": "200"})


def test_list_shows_every_list_and_which_are_enabled(settings_env):
    settings_env.delenv("LIAISON_WARNINGLISTS", raising=False)
    result = _run("list")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines()
            if line.startswith("│")}
    assert "yes" in rows["rfc1918"] and "yes" not in rows["vpn-ipv4"]
    assert "10,000" in rows["tranco10k"] and "hostname" in rows["tranco10k"]
    assert "pymispwarninglists" in result.output


def test_list_enabled_as_json(settings_env):
    settings_env.setenv("LIAISON_WARNINGLISTS", "rfc1918,tranco10k")
    result = _run("list", "--enabled", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [i["name"] for i in data["lists"]] == ["rfc1918", "tranco10k"]
    assert data["lists"][0]["title"] == "List of RFC 1918 CIDR blocks"


def test_check_normalises_and_explains(settings_env):
    settings_env.delenv("LIAISON_WARNINGLISTS", raising=False)
    result = _run("check", "url", "hxxps://login.example[.]com/x")
    assert result.exit_code == 0, result.output
    assert "https://login.example.com/x: does not correlate" in result.output
    assert "liaison-special-use-domains" in result.output and "'example.com'" in result.output


def test_check_of_a_value_that_correlates_exits_zero(settings_env):
    settings_env.delenv("LIAISON_WARNINGLISTS", raising=False)
    result = _run("check", "ipv4", "45.124.132.127")
    assert result.exit_code == 0
    assert "on no enabled warninglist" in result.output


def test_check_as_json(settings_env):
    settings_env.delenv("LIAISON_WARNINGLISTS", raising=False)
    result = _run("check", "md5", "D41D8CD98F00B204E9800998ECF8427E", "--json")
    data = json.loads(result.output)
    assert data["value"] == "d41d8cd98f00b204e9800998ecf8427e"
    assert data["listings"][0]["name"] == "empty-hashes"


def test_bad_input_and_bad_settings_exit_2(settings_env):
    result = _run("check", "ipv4", "999.1.1.1")
    assert result.exit_code == 2 and "ipv4" in result.output
    settings_env.setenv("LIAISON_WARNINGLISTS", "rfc1919")
    result = _run("list")
    assert result.exit_code == 2
    assert "LIAISON_WARNINGLISTS: unknown warninglist 'rfc1919'" in result.output
