"""The branded, public order tracking page behind a signed link.

Notifications fill ``tracking_page_url`` with :func:`tracking_url` (or
:func:`link_for_order` where only the secret and public URL are at hand); the web
portal (``opsdesk.web.portal``) verifies tokens with :func:`order_id_from_token` and
renders :func:`build_page` in the customer's language (:class:`Translator`).
:func:`expected_date` is the day a customer should expect a parcel, as the page, the
assistant and any delay notice tell it.
"""

from opsdesk.tracking.guard import Check, check_order
from opsdesk.tracking.i18n import (
    LANGUAGE_NAMES,
    LOCALES,
    Translator,
    choose_locale,
    formatting_locale,
    zone,
)
from opsdesk.tracking.links import (
    LINK_MAX_AGE_DAYS,
    link_for_order,
    order_id_from_token,
    return_form_token,
    return_form_token_matches,
    token_for_order,
    token_proves_control,
    tracking_url,
)
from opsdesk.tracking.policy import (
    CUSTOMER_KINDS,
    STEPS,
    Progress,
    ProgressState,
    Punctuality,
    is_customer_facing,
    parse_return_quantities,
    progress_for,
    punctuality,
)
from opsdesk.tracking.service import (
    find_order_for_customer,
    lookup_link,
    return_error_key,
    start_return,
)
from opsdesk.tracking.view import (
    TrackingPage,
    announced_dates,
    build_page,
    expected_date,
    later_of,
)

__all__ = [
    "CUSTOMER_KINDS",
    "LANGUAGE_NAMES",
    "LINK_MAX_AGE_DAYS",
    "LOCALES",
    "STEPS",
    "Check",
    "Progress",
    "ProgressState",
    "Punctuality",
    "TrackingPage",
    "Translator",
    "announced_dates",
    "build_page",
    "check_order",
    "choose_locale",
    "expected_date",
    "find_order_for_customer",
    "formatting_locale",
    "is_customer_facing",
    "later_of",
    "link_for_order",
    "lookup_link",
    "order_id_from_token",
    "parse_return_quantities",
    "progress_for",
    "punctuality",
    "return_error_key",
    "return_form_token",
    "return_form_token_matches",
    "start_return",
    "token_for_order",
    "token_proves_control",
    "tracking_url",
    "zone",
]
