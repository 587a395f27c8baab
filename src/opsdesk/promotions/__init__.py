"""Discount codes: issued by agents and proactive rules, redeemed through the API."""

from opsdesk.promotions.events import DiscountCodeIssued, DiscountCodeRedeemed, DiscountCodeRevoked
from opsdesk.promotions.models import (
    DiscountCode,
    DiscountKind,
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
    issued_budget,
    list_codes,
    revoke_code,
    terms_of,
)

__all__ = [
    "CodeFilter",
    "CodeReference",
    "CodeTerms",
    "DiscountCode",
    "DiscountCodeIssued",
    "DiscountCodeRead",
    "DiscountCodeRedeemed",
    "DiscountCodeRevoked",
    "DiscountKind",
    "DiscountNotApplicable",
    "DiscountRedemption",
    "DiscountSource",
    "DiscountStatus",
    "OrderContext",
    "Quote",
    "RedemptionOutcome",
    "RedemptionRead",
    "Refusal",
    "discount_for",
    "evaluate",
    "get_code",
    "get_redemption",
    "issue_code",
    "issued_budget",
    "list_codes",
    "list_redemptions",
    "redeem_code",
    "revoke_code",
    "terms_of",
    "validate_code",
]
