"""Shipments in the operations workspace: the label to print (the packing station links
here once a parcel has its tracking number)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk import shipping
from opsdesk.kernel.errors import Conflict, NotFound
from opsdesk.kernel.http import DB
from opsdesk.kernel.pdf import MEDIA_TYPE
from opsdesk.shipping.carriers.records import label_of
from opsdesk.shipping.labels import label_pdf
from opsdesk.web.ui.access import not_found
from opsdesk.web.ui.ops.pages import reader
from opsdesk.web.ui.templating import render

router = APIRouter(include_in_schema=False)
PATH = "/workspace/shipments"


def label_path(shipment_id: int) -> str:
    return f"{PATH}/{shipment_id}/label.pdf"


@router.get(PATH + "/{shipment_id}/label.pdf")
def shipment_label(shipment_id: int, request: Request, session: DB) -> Response:
    """The carrier's own document where it returned one, else OpsDesk's 100×150 mm PDF."""
    principal = reader(session, request)
    if isinstance(principal, Response):
        return principal
    try:
        shipping.get_shipment(session, shipment_id)
    except NotFound:
        return not_found(request, principal, "shipment")
    stored = label_of(session, shipment_id)
    if stored is not None and stored.label_url:
        return RedirectResponse(stored.label_url, status_code=307)
    try:
        body = label_pdf(session, shipment_id, request.app.state.settings.store_name)
    except Conflict as exc:  # no tracking number yet
        return render(
            request, "workspace/problem.html", 409, principal=principal,
            title="No label yet", text=exc.message,
        )  # fmt: skip
    headers = {
        "Content-Disposition": f'inline; filename="label-{shipment_id}.pdf"',
        "Cache-Control": "private, no-store",
    }
    return Response(body, media_type=MEDIA_TYPE, headers=headers)
