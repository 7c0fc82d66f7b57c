"""LIAISON_WARNINGLIST_FILE: a node's own values, as text or JSON, with clear errors."""

from __future__ import annotations

import json

import pytest

from liaison.warninglists import nodefile
from liaison.warninglists.index import Index
from liaison.warninglists.selection import ConfigurationError

SHA256 = "2C26B46B68FFC68FF99B453C1D30413413422D706483BFA0F98A5E886266E7AE"
TEXT = f"""\
# Our own infrastructure and training data
domain   police.example-gov.eu
cidr     203.0.114.0/24
ipv4     198.51.99.7
url      hxxps://training.lab[.]eu/phish-demo
sha256   {SHA256}
file_name Training Sample.docx
"""


def _index(path):
    return Index([nodefile.read(path)])


def test_a_text_node_list(tmp_path):
    path = tmp_path / "node.txt"
    path.write_text(TEXT)
    index = _index(path)
    listing = index.check("domain", "cyber.police.example-gov.eu")[0]
    assert (listing.name, listing.entry) == ("node", "police.example-gov.eu")
    assert "node.txt" in listing.description
    assert index.is_listed("email", "duty-officer@police.example-gov.eu")
    assert index.is_listed("url", "https://police.example-gov.eu/report?id=7")
    assert index.is_listed("ipv4", "203.0.114.200")
    assert index.is_listed("url", "http://203.0.114.9/x")
    assert index.is_listed("ipv4", "198.51.99.7") and not index.is_listed("ipv4", "198.51.99.8")
    assert index.is_listed("url", "https://training.lab.eu/phish-demo")
    assert not index.is_listed("url", "https://training.lab.eu/other")
    assert index.is_listed("sha256", SHA256.lower())
    assert index.is_listed("file_name", "Training Sample.docx")
    assert not index.is_listed("domain", "example-gov.eu")


def test_a_json_node_list(tmp_path):
    path = tmp_path / "node.json"
    path.write_text(json.dumps({"description": "Seized-lab addresses",
                                "entries": [{"type": "ipv4", "value": "45.1.2.3"},
                                            ["domain", "lab.example-gov.eu"]]}))
    index = _index(path)
    assert index.check("ipv4", "45.1.2.3")[0].description == "Seized-lab addresses"
    assert index.is_listed("domain", "lab.example-gov.eu")
    path.write_text(json.dumps([{"type": "md5", "value": "0" * 32}]))
    assert _index(path).is_listed("md5", "0" * 32)


def test_every_bad_line_is_named(tmp_path):
    path = tmp_path / "node.txt"
    path.write_text("ipv4 10.0.0.256\n\n# fine\nfoo bar\ndomain\nmd5 abc\n")
    with pytest.raises(ConfigurationError) as caught:
        nodefile.read(path)
    messages = [d.message for d in caught.value.details]
    assert caught.value.message.startswith("LIAISON_WARNINGLIST_FILE: 4 problems")
    assert f"{path} line 1: ipv4: each of the four numbers" in messages[0]
    assert "line 4: foo: unknown observable type 'foo'" in messages[1]
    assert "line 5: expected a type and a value" in messages[2]
    assert "line 6: md5: must be exactly 32 hexadecimal characters" in messages[3]


@pytest.mark.parametrize(("content", "says"), [
    ("[{", "not valid JSON"),
    ('{"entries": 3}', 'expected a JSON list of {"type": …, "value": …} entries'),
    ('[["ipv4"]]', "entry 1: expected a type and a value"),
])
def test_bad_json_is_explained(tmp_path, content, says):
    path = tmp_path / "node.json"
    path.write_text(content)
    with pytest.raises(ConfigurationError, match="LIAISON_WARNINGLIST_FILE") as caught:
        nodefile.read(path)
    assert says in caught.value.details[0].message


def test_a_missing_file_is_explained(tmp_path):
    with pytest.raises(ConfigurationError) as caught:
        nodefile.read(tmp_path / "absent.txt")
    assert "cannot read" in caught.value.message and "absent.txt" in caught.value.message
    assert "No such file" in caught.value.message


def test_many_problems_are_cut_short(tmp_path):
    path = tmp_path / "node.txt"
    path.write_text("ipv4 x\n" * 30)
    with pytest.raises(ConfigurationError) as caught:
        nodefile.read(path)
    assert len(caught.value.details) == 21
    assert caught.value.details[-1].message == "… and 10 more"
