"""Correlation: which records share an observable, seen through the sharing policy.

The store is an index from canonical value to the records holding it (the observables
themselves, plus derived links such as a URL's host), never pairwise rows. Values on a
warninglist, or held by more records than the node's limit, link nothing.
"""
