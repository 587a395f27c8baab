"""Actions from the ticket: an agent acts on the customer's order without leaving the
ticket (cancel, reship, return, upgrade, new address, discount code, refund), and
operations answer back into tickets that wait on them."""

from opsdesk.support.actions.operations import OperationsReply, reply_from_operations
from opsdesk.support.actions.rules import ActionRefused, check_allowed, is_allowed
from opsdesk.support.actions.schemas import (
    ActionKind,
    ActionOutcome,
    ActionRequest,
    CancelLines,
    CancelOrder,
    ChangeAddress,
    IssueDiscount,
    LineQuantity,
    RecordRefund,
    Reship,
    StartReturn,
    UpgradeShipping,
)
from opsdesk.support.actions.service import (
    DEFAULT_VOICE,
    OrderNotLinked,
    perform_action,
    voice_of,
)

__all__ = [
    "DEFAULT_VOICE",
    "ActionKind",
    "ActionOutcome",
    "ActionRefused",
    "ActionRequest",
    "CancelLines",
    "CancelOrder",
    "ChangeAddress",
    "IssueDiscount",
    "LineQuantity",
    "OperationsReply",
    "OrderNotLinked",
    "RecordRefund",
    "Reship",
    "StartReturn",
    "UpgradeShipping",
    "check_allowed",
    "is_allowed",
    "perform_action",
    "reply_from_operations",
    "voice_of",
]
