"""Deconfliction hits: an agency's value matches a record it may not see.

The searching agency learns only which agency to contact (and a hit reference), unless the
owner marked the record not disclosable; the owner always learns which of its records
matched, which agency matched it and when. Nothing of the record itself is disclosed.
"""
