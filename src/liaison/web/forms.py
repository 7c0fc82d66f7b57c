"""Filter forms read from the query string, validated by the same schemas as the API.

A form keeps the raw values so the page can show them back with the messages next to the
fields; empty fields mean "no filter", as a browser submits every field of a GET form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from liaison.errors import FieldError, Invalid
from liaison.intel.schemas import RecordQuery
from liaison.schemas import parse
from liaison.vocab import AgreementStatus

PAGE_SIZE = 50
MAX_PAGE = 20_000  # the API's offset ceiling divided by the page size

RECORD_FIELDS = ("q", "tlp", "offence", "owner_id", "observable_type", "observable_value", "own")
FIELD_LABELS = {
    "q": "Search text", "tlp": "TLP", "offence": "Offence", "owner_id": "Owner agency",
    "observable_type": "Observable type", "observable_value": "Observable value",
    "own": "Own records only", "page": "Page", "status": "Status",
}


def _page(params: QueryParams, errors: list[FieldError]) -> int:
    raw = params.get("page", "").strip()
    if not raw:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        errors.append(FieldError("page", f"must be a whole number from 1 to {MAX_PAGE}"))
        return 1
    return int(raw)


@dataclass
class Filters:
    """The submitted values, the page asked for and what was wrong with them."""

    values: dict[str, str]
    page: int = 1
    errors: list[FieldError] = field(default_factory=list)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def error(self, name: str) -> str:
        """The message for one field, to show next to it ('' when it is fine)."""
        return "; ".join(e.message for e in self.errors if e.field == name)

    @property
    def active(self) -> bool:
        return any(self.values.values())

    def link(self, page: int) -> str:
        """The query string for another page of the same filters."""
        pairs = [(k, v) for k, v in self.values.items() if v]
        if page > 1:
            pairs.append(("page", str(page)))
        return "?" + urlencode(pairs) if pairs else "?"

    def fail(self, exc: Invalid) -> None:
        self.errors.extend(exc.details or [FieldError("", exc.message)])


def _values(params: QueryParams, names: tuple[str, ...]) -> dict[str, str]:
    return {name: params.get(name, "").strip()[:2048] for name in names}


def record_filters(params: QueryParams) -> tuple[Filters, RecordQuery | None]:
    form = Filters(_values(params, RECORD_FIELDS))
    form.page = _page(params, form.errors)
    try:
        query = parse(RecordQuery, {k: v for k, v in form.values.items() if v})
    except Invalid as exc:
        form.fail(exc)
        return form, None
    return form, (None if form.errors else query)


def agreement_filters(params: QueryParams) -> tuple[Filters, AgreementStatus | None]:
    form = Filters(_values(params, ("status",)))
    form.page = _page(params, form.errors)
    status = None
    if form.values["status"]:
        try:
            status = AgreementStatus(form.values["status"])
        except ValueError:
            allowed = ", ".join(s.value for s in AgreementStatus)
            form.errors.append(FieldError("status", f"must be one of {allowed}"))
    return form, status
