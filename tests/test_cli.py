"""The `liaison` command end to end against the test database."""

from __future__ import annotations

import json


def _ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def test_operator_flow(cli):
    _ok(cli("migrate"))
    _ok(cli("agency", "create", "--name", "Rhine Digital Crime Directorate", "--short", "DE-RDC",
            "--country", "DE", "--kind", "police", "--timezone", "Europe/Berlin",
            "--contact-point"))
    _ok(cli("agency", "create", "--name", "Seine Cyber Brigade", "--short", "FR-SCB",
            "--country", "FR", "--kind", "police", "--timezone", "Europe/Paris"))
    assert "DE-RDC" in _ok(cli("agency", "list"))
    _ok(cli("user", "create", "--agency", "DE-RDC", "--username", "anna", "--name", "Anna K",
            "--role", "analyst", "--password", "a-long-password"))
    _ok(cli("user", "create", "--agency", "FR-SCB", "--username", "luc", "--name", "Luc M",
            "--role", "analyst", "--role", "supervisor", "--password", "a-long-password"))
    _ok(cli("agreement", "create", "--name", "Rhine-Seine MoU", "--member", "DE-RDC",
            "--member", "FR-SCB", "--legal-basis", "MoU on cybercrime cooperation",
            "--reference", "ETS 185 Art. 26", "--category", "technical_indicators",
            "--purpose", "investigation", "--max-tlp", "amber"))
    out = _ok(cli("record", "add", "--as", "anna", "--title", "Emotet loader C2 servers",
                  "--offence", "illegal_access", "--tlp", "amber", "--distribution", "partners",
                  "--category", "technical_indicators", "--purpose", "investigation",
                  "--observable", "ipv4=203.0.113.7", "--observable", "domain=c2.example.net"))
    record_id = out.split("Recorded")[1].split(":")[0].strip()
    listed = json.loads(_ok(cli("record", "list", "--as", "luc", "--json")))
    assert [r["id"] for r in listed["items"]] == [record_id]
    shown = json.loads(_ok(cli("record", "show", record_id, "--as", "luc", "--json")))
    assert shown["visibility"]["agreement_name"] == "Rhine-Seine MoU"
    assert {"type": "ipv4", "value": "203.0.113.7", "comment": None} in shown["observables"]

    _ok(cli("agreement", "suspend", "Rhine-Seine MoU", "--reason", "Under review"))
    hidden = cli("record", "show", record_id, "--as", "luc")
    assert hidden.exit_code == 3 and "No such record" in hidden.output
    assert "suspended" in _ok(cli("agreement", "list"))

    token_out = _ok(cli("token", "issue", "luc", "--days", "5"))
    token_id = token_out.split("Token ")[1].split()[0]
    assert token_id in _ok(cli("token", "list", "luc"))
    assert "Revoked" in _ok(cli("token", "revoke", token_id))
    assert "intact" in _ok(cli("audit", "verify"))
    assert "agreement.suspended" in _ok(cli("audit", "tail", "--limit", "50"))


def test_bad_input_exits_non_zero_with_a_message(cli):
    _ok(cli("migrate"))
    bad_country = cli("agency", "create", "--name", "Nowhere Unit", "--short", "XX-NU",
                      "--country", "XX", "--kind", "police", "--timezone", "UTC")
    assert bad_country.exit_code == 2 and "country" in bad_country.output
    bad_kind = cli("agency", "create", "--name", "Nowhere Unit", "--short", "XX-NU",
                   "--country", "DE", "--kind", "army", "--timezone", "UTC")
    assert bad_kind.exit_code == 2 and "kind" in bad_kind.output
    missing = cli("record", "list", "--as", "ghost")
    assert missing.exit_code == 3 and "ghost" in missing.output
    assert cli("token", "revoke", "no-such-token").exit_code == 3
    bad_observable = cli("record", "add", "--as", "ghost", "--observable", "nonsense")
    assert bad_observable.exit_code != 0


def test_record_import_from_json_lines(cli, tmp_path):
    _ok(cli("migrate"))
    _ok(cli("agency", "create", "--name", "Rhine Digital Crime Directorate", "--short", "DE-RDC",
            "--country", "DE", "--kind", "police", "--timezone", "Europe/Berlin"))
    _ok(cli("user", "create", "--agency", "DE-RDC", "--username", "anna", "--name", "Anna K",
            "--role", "analyst", "--password", "a-long-password"))
    record = {"title": "Phishing kit panel", "offences": ["computer_related_fraud"],
              "tlp": "green", "distribution": "owner", "categories": ["technical_indicators"],
              "purpose": "investigation",
              "observables": [{"type": "url", "value": "hxxps://panel.kit-store[.]top/a"}]}
    good = tmp_path / "records.jsonl"
    good.write_text("\n".join(json.dumps({**record, "title": f"Phishing kit panel {i}"})
                              for i in range(5)) + "\n")
    out = _ok(cli("record", "import", str(good), "--as", "anna", "--batch", "2"))
    assert "Imported 5 records with 5 observables" in out
    listed = json.loads(_ok(cli("record", "list", "--as", "anna", "--json")))
    assert listed["total"] == 5

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([record, {**record, "tlp": "purple"}]))
    refused = cli("record", "import", str(bad), "--as", "anna")
    assert refused.exit_code == 2 and "records.1.tlp" in refused.output
    kept = _ok(cli("record", "import", str(bad), "--as", "anna", "--keep-good"))
    assert "Imported 1 records" in kept and "left out" in kept
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    assert cli("record", "import", str(broken), "--as", "anna").exit_code == 2
