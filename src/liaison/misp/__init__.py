"""MISP events (issue #4, section 3): records exported as events PyMISP loads, and MISP event
JSON imported into records through the normalisation module."""
