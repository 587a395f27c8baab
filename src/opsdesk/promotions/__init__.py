"""Discount codes: issued by agents and proactive rules, redeemed through the API."""

from opsdesk.promotions.approval import AlreadyDecided, Approver, approve_code, reject_code
from opsdesk.promotions.budget import issued_budget
from opsdesk.promotions.caps import RoleCaps, all_caps, cap_history, caps_for, set_caps
from opsdesk.promotions.events import (
    DiscountCodeApproved,
    DiscountCodeIssued,
    DiscountCodeRedeemed,
    DiscountCodeRejected,
    DiscountCodeRevoked,
)
from opsdesk.promotions.limits import HARD_MAX_AMOUNT_MINOR, HARD_MAX_REDEMPTIONS, Caps
from opsdesk.promotions.models import (
    DiscountCap,
    DiscountCode,
    DiscountKind,
    DiscountReason,
    DiscountRedemption,
    DiscountSource,
    DiscountStatus,
)
from opsdesk.promotions.policy import CodeTerms, OrderContext, Refusal, discount_for, evaluate
from opsdesk.promotions.redemptions import (
    DiscountNotApplicable,
    Quote,
    RedemptionOutcome,
    get_redemption,
    list_redemptions,
    redeem_code,
    validate_code,
)
from opsdesk.promotions.schemas import DiscountCodeRead, RedemptionRead
from opsdesk.promotions.service import (
    CodeFilter,
    CodeReference,
    get_code,
    issue_code,
    list_codes,
    revoke_code,
    terms_of,
)

__all__ = [
    "HARD_MAX_AMOUNT_MINOR",
    "HARD_MAX_REDEMPTIONS",
    "AlreadyDecided",
    "Approver",
    "Caps",
    "CodeFilter",
    "CodeReference",
    "CodeTerms",
    "DiscountCap",
    "DiscountCode",
    "DiscountCodeApproved",
    "DiscountCodeIssued",
    "DiscountCodeRead",
    "DiscountCodeRedeemed",
    "DiscountCodeRejected",
    "DiscountCodeRevoked",
    "DiscountKind",
    "DiscountNotApplicable",
    "DiscountReason",
    "DiscountRedemption",
    "DiscountSource",
    "DiscountStatus",
    "OrderContext",
    "Quote",
    "RedemptionOutcome",
    "RedemptionRead",
    "Refusal",
    "RoleCaps",
    "all_caps",
    "approve_code",
    "cap_history",
    "caps_for",
    "discount_for",
    "evaluate",
    "get_code",
    "get_redemption",
    "issue_code",
    "issued_budget",
    "list_codes",
    "list_redemptions",
    "redeem_code",
    "reject_code",
    "revoke_code",
    "set_caps",
    "terms_of",
    "validate_code",
]
