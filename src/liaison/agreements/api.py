from __future__ import annotations

from fastapi import APIRouter

from liaison.agreements import service
from liaison.agreements.schemas import AgreementCreate, AgreementRead, StatusChange
from liaison.api.deps import DB, Caller, Now, Paging, paged
from liaison.vocab import AgreementStatus

router = APIRouter(prefix="/agreements", tags=["agreements"])


@router.get("")
def list_agreements(caller: Caller, session: DB, now: Now, page: Paging,
                    status: AgreementStatus | None = None,
                    member_id: str | None = None) -> dict[str, object]:
    rows, total = service.list_agreements(session, caller,
                                          status=status.value if status else None,
                                          member_id=member_id, limit=page.limit,
                                          offset=page.offset)
    return paged([service.read_model(a, now) for a in rows], total, page)


@router.post("", response_model=AgreementRead, status_code=201)
def create_agreement(body: AgreementCreate, caller: Caller, session: DB,
                     now: Now) -> AgreementRead:
    return service.read_model(service.create_agreement(session, body, now, by=caller), now)


@router.get("/{agreement_id}", response_model=AgreementRead)
def get_agreement(agreement_id: str, caller: Caller, session: DB, now: Now) -> AgreementRead:
    return service.read_model(service.get_agreement(session, agreement_id, caller), now)


@router.post("/{agreement_id}/suspend", response_model=AgreementRead)
def suspend(agreement_id: str, body: StatusChange, caller: Caller, session: DB,
            now: Now) -> AgreementRead:
    agreement = service.get_agreement(session, agreement_id, caller)
    service.set_status(session, agreement, AgreementStatus.SUSPENDED, body.reason, now, caller)
    return service.read_model(agreement, now)


@router.post("/{agreement_id}/reinstate", response_model=AgreementRead)
def reinstate(agreement_id: str, body: StatusChange, caller: Caller, session: DB,
              now: Now) -> AgreementRead:
    agreement = service.get_agreement(session, agreement_id, caller)
    service.set_status(session, agreement, AgreementStatus.ACTIVE, body.reason, now, caller)
    return service.read_model(agreement, now)
