"""Returns (RMA): request, decide, receive and inspect (restock or write off), refund.

Other modules use this surface only; the Shopify refunds adapter calls
:func:`record_refund` (idempotent by ``external_id``).
"""

from opsdesk.returns.events import (
    RefundRecorded,
    ReturnDecided,
    ReturnInspected,
    ReturnReceived,
    ReturnRequested,
)
from opsdesk.returns.inspection import inspect_line
from opsdesk.returns.models import (
    ConditionGrade,
    Disposition,
    Refund,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from opsdesk.returns.policy import (
    RETURN_WINDOW_DAYS,
    return_window_closes,
    within_return_window,
)
from opsdesk.returns.refunds import record_refund, refund_return, refunds_for_order
from opsdesk.returns.service import decide, get_return, receive, request_return, returns_for_order

__all__ = [
    "RETURN_WINDOW_DAYS",
    "ConditionGrade",
    "Disposition",
    "Refund",
    "RefundRecorded",
    "ReturnDecided",
    "ReturnInspected",
    "ReturnReason",
    "ReturnReceived",
    "ReturnRequest",
    "ReturnRequested",
    "ReturnStatus",
    "decide",
    "get_return",
    "inspect_line",
    "receive",
    "record_refund",
    "refund_return",
    "refunds_for_order",
    "request_return",
    "return_window_closes",
    "returns_for_order",
    "within_return_window",
]
