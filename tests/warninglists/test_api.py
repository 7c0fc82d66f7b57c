"""The package's functions follow this node's settings; the data never comes from the network."""

from __future__ import annotations

import socket
import sys

import pytest

from liaison import warninglists
from liaison.warninglists import catalog


def test_defaults_apply_without_settings(settings_env):
    settings_env.delenv("LIAISON_WARNINGLISTS", raising=False)
    settings_env.delenv("LIAISON_WARNINGLIST_FILE", raising=False)
    assert warninglists.is_listed("ipv4", "10.1.2.3")
    assert not warninglists.is_listed("ipv4", "11.1.2.3")
    assert [x.name for x in warninglists.check("domain", "google.com")] == ["tranco10k"]


def test_the_setting_chooses_the_lists(settings_env):
    settings_env.setenv("LIAISON_WARNINGLISTS", "rfc1918")
    assert warninglists.is_listed("ipv4", "10.1.2.3")
    assert not warninglists.is_listed("domain", "google.com")
    assert warninglists.current() is warninglists.current()  # built once per configuration


def test_the_node_file_adds_a_list(settings_env, tmp_path):
    path = tmp_path / "node.txt"
    path.write_text("domain intranet.example-police.eu\n")
    settings_env.setenv("LIAISON_WARNINGLISTS", "")
    settings_env.setenv("LIAISON_WARNINGLIST_FILE", str(path))
    assert [x.name for x in warninglists.check("domain", "wiki.intranet.example-police.eu")] \
        == ["node"]
    assert not warninglists.is_listed("ipv4", "10.1.2.3")
    node = next(i for i in warninglists.available() if i.name == "node")
    assert (node.enabled, node.entries, node.origin) == (True, 1, "node")


def test_a_blank_node_file_setting_means_none(settings_env):
    settings_env.setenv("LIAISON_WARNINGLIST_FILE", "  ")
    assert all(i.name != "node" for i in warninglists.available())


def test_a_bad_setting_fails_loudly(settings_env):
    settings_env.setenv("LIAISON_WARNINGLISTS", "default,rfc-1918")
    with pytest.raises(warninglists.ConfigurationError, match="did you mean 'rfc1918'"):
        warninglists.is_listed("ipv4", "10.1.2.3")


def test_available_lists_every_bundled_list(settings_env):
    settings_env.delenv("LIAISON_WARNINGLISTS", raising=False)
    infos = {i.name: i for i in warninglists.available()}
    assert len(infos) > 100
    assert {n for n, i in infos.items() if i.enabled} == set(warninglists.DEFAULT)
    tranco = infos["tranco10k"]
    assert (tranco.kind, tranco.entries, tranco.origin) == ("hostname", 10_000, "MISP")
    assert tranco.applies_to == ("domain", "url")
    assert infos["rfc1918"].applies_to == ("cidr", "ipv4", "ipv6", "url")
    assert infos["empty-hashes"].applies_to == ("md5", "sha1", "sha256", "sha512")


def test_data_version_names_the_wheel():
    assert warninglists.data_version().startswith("pymispwarninglists 1.")


def test_building_reads_only_local_files(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("warninglists tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    # PyMISP (the MISP adapter) imports the package too; what matters is that building the
    # index does not: its code can fetch lists, so Liaison never runs it
    for name in [m for m in sys.modules if m.split(".")[0] == "pymispwarninglists"]:
        monkeypatch.delitem(sys.modules, name)
    catalog.build.cache_clear()
    index = catalog.build("default,vpn-ipv4,disposable-email", None)
    assert index.is_listed("email", "x@mailinator.com")
    assert "pymispwarninglists" not in sys.modules


def test_every_bundled_list_loads_and_maps():
    kinds = set()
    for name in catalog.known_names():
        source = catalog.load(name)
        kinds.add(source.kind)
        if source.entries and name != "microsoft-azure-appid":  # no Liaison type for it
            assert source.applies_to, name
    assert kinds == {"string", "hostname", "substring", "cidr", "regex"}
