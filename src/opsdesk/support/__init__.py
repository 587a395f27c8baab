"""The service desk: tickets, messages, assignment, SLA status, search, e-mail in and out.

``opsdesk.support.sla`` holds the pure SLA arithmetic (business calendars, policies,
ticket clocks, reports) that the ticket services build on.
"""

from opsdesk.support import sla
from opsdesk.support.actions import (
    ActionKind,
    ActionOutcome,
    ActionRefused,
    ActionRequest,
    OperationsReply,
    perform_action,
    reply_from_operations,
)
from opsdesk.support.assignment import auto_assign, next_agent, open_ticket_counts, set_availability
from opsdesk.support.changes import link_order, unlink_order, update_ticket
from opsdesk.support.csat import (
    csat_for_customer,
    queue_survey,
    submit_response,
    survey_token,
    survey_url,
)
from opsdesk.support.csat_report import csat_report
from opsdesk.support.csat_schemas import CsatGroup, CsatRead, CsatReport, CustomerCsat
from opsdesk.support.desk_events import CsatReceived, OperationsReplied, TicketActionPerformed
from opsdesk.support.events import (
    CustomerReplied,
    TicketAssigned,
    TicketCreated,
    TicketReplied,
    TicketSlaChanged,
    TicketStatusChanged,
)
from opsdesk.support.history import Author
from opsdesk.support.inbound import receive_email
from opsdesk.support.load import WeekLoad, ticket_load
from opsdesk.support.macro_defaults import seed_default_macros
from opsdesk.support.macro_schemas import MacroCreate, MacroPreview, MacroRead, MacroUpdate
from opsdesk.support.macros import (
    StoreContext,
    create_macro,
    delete_macro,
    get_macro,
    list_macros,
    preview_macro,
    render_macro,
    store_context,
    update_macro,
)
from opsdesk.support.mail import InboundEmail, parse_email
from opsdesk.support.models import (
    AgentAvailability,
    AuthorKind,
    Channel,
    OutboundStatus,
    SlaPolicyRecord,
    Team,
    Ticket,
    TicketEventKind,
    TicketHistoryEvent,
    TicketMessage,
    TicketOrderLink,
)
from opsdesk.support.outbound import send_reply
from opsdesk.support.queries import (
    SlaFilter,
    Sort,
    TicketFilter,
    list_tickets,
    read_ticket,
    search_tickets,
)
from opsdesk.support.reports import sla_report, sla_reports
from opsdesk.support.schemas import (
    MessageCreate,
    MessageRead,
    SlaRead,
    SlaState,
    TicketCreate,
    TicketRead,
    TicketSummary,
    TicketUpdate,
)
from opsdesk.support.sla_status import (
    create_team,
    ensure_team,
    save_policy,
    seed_default_policy,
    team_calendar,
)
from opsdesk.support.tickets import (
    REPLY_BY_EMAIL_TAG,
    add_customer_message,
    add_staff_message,
    create_ticket,
)

__all__ = [
    "REPLY_BY_EMAIL_TAG",
    "ActionKind",
    "ActionOutcome",
    "ActionRefused",
    "ActionRequest",
    "AgentAvailability",
    "Author",
    "AuthorKind",
    "Channel",
    "CsatGroup",
    "CsatRead",
    "CsatReceived",
    "CsatReport",
    "CustomerCsat",
    "CustomerReplied",
    "InboundEmail",
    "MacroCreate",
    "MacroPreview",
    "MacroRead",
    "MacroUpdate",
    "MessageCreate",
    "MessageRead",
    "OperationsReplied",
    "OperationsReply",
    "OutboundStatus",
    "SlaFilter",
    "SlaPolicyRecord",
    "SlaRead",
    "SlaState",
    "Sort",
    "StoreContext",
    "Team",
    "Ticket",
    "TicketActionPerformed",
    "TicketAssigned",
    "TicketCreate",
    "TicketCreated",
    "TicketEventKind",
    "TicketFilter",
    "TicketHistoryEvent",
    "TicketMessage",
    "TicketOrderLink",
    "TicketRead",
    "TicketReplied",
    "TicketSlaChanged",
    "TicketStatusChanged",
    "TicketSummary",
    "TicketUpdate",
    "WeekLoad",
    "add_customer_message",
    "add_staff_message",
    "auto_assign",
    "create_macro",
    "create_team",
    "create_ticket",
    "csat_for_customer",
    "csat_report",
    "delete_macro",
    "ensure_team",
    "get_macro",
    "link_order",
    "list_macros",
    "list_tickets",
    "next_agent",
    "open_ticket_counts",
    "parse_email",
    "perform_action",
    "preview_macro",
    "queue_survey",
    "read_ticket",
    "receive_email",
    "render_macro",
    "reply_from_operations",
    "save_policy",
    "search_tickets",
    "seed_default_macros",
    "seed_default_policy",
    "send_reply",
    "set_availability",
    "sla",
    "sla_report",
    "sla_reports",
    "store_context",
    "submit_response",
    "survey_token",
    "survey_url",
    "team_calendar",
    "ticket_load",
    "unlink_order",
    "update_macro",
    "update_ticket",
]
