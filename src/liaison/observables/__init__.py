"""Validation and normalisation of observables: one canonical form per value (issue #3).

Pure standards code: no database, no web framework, no network at run time. Use

    normalise(type, raw, region=None) -> canonical str      raises InvalidObservable
    normalise_batch(items, keep_good=False) -> BatchResult  .good, .problems, .ok
    derived_links(type, canonical) -> [Observable]          url/email/domain → domains, hosts
    guess_type(raw) -> ObservableType | None                for unlabelled free text
    refang(text) / defang(text)

Offline IP enrichment lives in `liaison.observables.enrich` (imported on demand: it loads
the registry country table).
"""

from liaison.observables.domains import registrable_domain
from liaison.observables.guess import guess_type
from liaison.observables.links import derived_links
from liaison.observables.normalise import (
    MAX_LENGTH,
    BatchResult,
    Problem,
    normalise,
    normalise_batch,
    observable_type,
)
from liaison.observables.refang import defang, refang
from liaison.observables.types import InvalidObservable, Observable, ObservableType

__all__ = [
    "MAX_LENGTH",
    "BatchResult",
    "InvalidObservable",
    "Observable",
    "ObservableType",
    "Problem",
    "defang",
    "derived_links",
    "guess_type",
    "normalise",
    "normalise_batch",
    "observable_type",
    "refang",
    "registrable_domain",
]
