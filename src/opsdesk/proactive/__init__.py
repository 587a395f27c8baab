"""Proactive service: delay risk, disruptions and rules that tell customers first.

The public surface for the proactive rules and other modules:

- :func:`scan_in_flight` / :func:`iter_scan` score every shipment in flight, store the
  latest risk per shipment and record ``ShipmentAtRisk`` once per threshold crossing;
- :func:`shipment_risk` and :func:`at_risk_shipments` read the stored risk;
- :func:`declare_disruption` / :func:`update_disruption` change what the model knows
  about storms, closed hubs and strikes, rescoring affected shipments at once, in the
  regions and carriers :func:`disruption_places` lists; :func:`preview_disruption` /
  :func:`preview_disruption_update` show first what that would do (shipments, risks, the
  rules' messages and codes) without writing anything;
- :func:`seed_builtin_rules`, :func:`create_rule`, :func:`update_rule` manage the
  proactive rules (``rules/``); lifecycle messages and rule triggers run in the worker
  (``proactive.handlers``); :func:`process_due_follow_ups` sends due follow-ups;
- :class:`RiskModel` (pure, arrays in, probabilities out), :func:`retrain`,
  :func:`evaluate` and :func:`read_olist_history` for training and measuring it.
"""

from opsdesk.proactive.disruption_places import Places, Region
from opsdesk.proactive.disruption_preview import preview_declare as preview_disruption
from opsdesk.proactive.disruption_preview import preview_update as preview_disruption_update
from opsdesk.proactive.disruptions import declare as declare_disruption
from opsdesk.proactive.disruptions import places as disruption_places
from opsdesk.proactive.disruptions import update as update_disruption
from opsdesk.proactive.disruptions import widens as disruption_widens
from opsdesk.proactive.events import ShipmentAtRisk
from opsdesk.proactive.models import (
    Disruption,
    DisruptionKind,
    RiskModelRecord,
    Severity,
    ShipmentRiskRecord,
)
from opsdesk.proactive.risk.evaluation import (
    DEFAULT_ALERT_THRESHOLD,
    CrossValidationReport,
    EvaluationReport,
    cross_validate,
    evaluate,
)
from opsdesk.proactive.risk.features import InFlightState, ShipmentFacts
from opsdesk.proactive.risk.matching import ActiveDisruption
from opsdesk.proactive.risk.model import History, RiskBreakdown, RiskModel
from opsdesk.proactive.risk.olist import read_history as read_olist_history
from opsdesk.proactive.risk.olist import split_by_purchase
from opsdesk.proactive.risk.reading import at_risk_shipments, shipment_risk
from opsdesk.proactive.risk.scan import ShipmentRisk, iter_scan, scan_in_flight
from opsdesk.proactive.risk.store import latest_model, retrain
from opsdesk.proactive.rules.followups import process_due as process_due_follow_ups
from opsdesk.proactive.rules.models import OrderFlag, Rule, RuleEvaluation, ScheduledAction
from opsdesk.proactive.rules.store import create_rule, seed_builtin_rules, update_rule
from opsdesk.proactive.schemas import DisruptionCreate, DisruptionPreviewRead, DisruptionUpdate

__all__ = [
    "DEFAULT_ALERT_THRESHOLD",
    "ActiveDisruption",
    "CrossValidationReport",
    "Disruption",
    "DisruptionCreate",
    "DisruptionKind",
    "DisruptionPreviewRead",
    "DisruptionUpdate",
    "EvaluationReport",
    "History",
    "InFlightState",
    "OrderFlag",
    "Places",
    "Region",
    "RiskBreakdown",
    "RiskModel",
    "RiskModelRecord",
    "Rule",
    "RuleEvaluation",
    "ScheduledAction",
    "Severity",
    "ShipmentAtRisk",
    "ShipmentFacts",
    "ShipmentRisk",
    "ShipmentRiskRecord",
    "at_risk_shipments",
    "create_rule",
    "cross_validate",
    "declare_disruption",
    "disruption_places",
    "disruption_widens",
    "evaluate",
    "iter_scan",
    "latest_model",
    "preview_disruption",
    "preview_disruption_update",
    "process_due_follow_ups",
    "read_olist_history",
    "retrain",
    "scan_in_flight",
    "seed_builtin_rules",
    "shipment_risk",
    "split_by_purchase",
    "update_disruption",
    "update_rule",
]
