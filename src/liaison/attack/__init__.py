"""MITRE ATT&CK as reference knowledge (issue #4, section 1): techniques, tactics, software,
groups, campaigns and mitigations, loaded from MITRE's published STIX data (Enterprise as
STIX 2.0 objects, up-converted to 2.1; ICS and Mobile as STIX 2.1 bundles), so records can
cite them by ATT&CK id and the console can show them."""
