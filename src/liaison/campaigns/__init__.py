"""Campaigns across agencies: records linked through shared values (connected
components), and each viewer's view of them through the policy."""
