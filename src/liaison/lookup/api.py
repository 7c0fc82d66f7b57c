"""REST adapter of the private lookup (partner side); the asker's side is `client.ask`."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from liaison.api.deps import DB, Caller, Now, context
from liaison.lookup import oprf, service
from liaison.lookup.schemas import EvaluateIn, EvaluateOut

router = APIRouter(prefix="/lookups", tags=["lookups"])


def _max_per_day(request: Request) -> int:
    return context(request).settings.lookup_max_values_per_day


MaxPerDay = Annotated[int, Depends(_max_per_day)]


@router.post("/{agency_id}/evaluate", response_model=EvaluateOut)
def evaluate(agency_id: str, body: EvaluateIn, caller: Caller, session: DB, now: Now,
             max_per_day: MaxPerDay) -> EvaluateOut:
    """The partner's OPRF key applied to the caller's blinded points (rate-limited per day)."""
    answer = service.evaluate(session, caller, agency_id, body.points(), now,
                              max_per_day=max_per_day)
    return EvaluateOut(epoch=answer.epoch, count=len(answer.points) // oprf.POINT_BYTES,
                       evaluated=base64.b64encode(answer.points).decode(),
                       remaining_today=answer.remaining_today)


@router.get("/{agency_id}/tokens", response_class=Response, responses={200: {
    "content": {"application/octet-stream": {}},
    "description": "The partner's tokens, sorted and concatenated; headers Liaison-Key-Epoch, "
                   "Liaison-Token-Bytes and Liaison-Token-Count describe them."}})
def tokens(agency_id: str, caller: Caller, session: DB, now: Now) -> Response:
    """One token per distinct value the partner holds, in binary (8 bytes a value)."""
    held = service.token_set(session, caller, agency_id, now)
    return Response(held.tokens, media_type="application/octet-stream", headers={
        "Liaison-Key-Epoch": str(held.epoch), "Liaison-Token-Bytes": str(held.token_bytes),
        "Liaison-Token-Count": str(held.count)})
