"""STIX 2.1 for records (issue #4, section 1): export of what a viewer may see.

`export.bundle(records, now)` turns records into a STIX 2.1 bundle: an identity (and its
country as a location) per owning agency, a report per record, an indicator with a STIX
pattern per observable, the official TLP 2.0 marking-definitions and statement markings for
handling codes. Objects are built as plain JSON, checked in tests by the OASIS validator
and the stix2 library's parser; building them through the stix2 classes costs a hundred
times more per object and would make large exports slow. Ids are stable (UUIDv5 of the
Liaison id), so exporting twice gives the same ids.
"""
