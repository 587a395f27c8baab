"""The delay-notice condition of the built-in "Shipment at risk" rule, as arrays.

The rule sends a notice once the parcel's risk reaches a threshold, optionally only
from a number of calendar days before the promised day (the rule fact
``days_to_promise``: 0 on the promised day itself), and optionally at once whatever
the day when the risk reaches a higher level (a carrier that moved its estimate past
the promise makes the risk 1). The replay (``alerts.py``) applies the same condition to
every replayed scan, so what ``opsdesk eval delay-risk`` reports is what the rule would
have sent. :meth:`NoticeRule.condition` writes it in the rules' JSON condition
language and :meth:`NoticeRule.from_condition` reads that form back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray


def _risk(value: float) -> dict[str, Any]:
    return {"fact": "risk", "op": ">=", "value": value}


def _days(value: int) -> dict[str, Any]:
    return {"fact": "days_to_promise", "op": "<=", "value": value}


@dataclass(frozen=True)
class NoticeRule:
    """``risk >= threshold`` [and ``days_to_promise <= days``] [or ``risk >= at_once``]."""

    threshold: float
    days: int | None = None
    at_once: float | None = None

    def holds(
        self, risk: NDArray[np.float64], days_to_promise: NDArray[np.int64]
    ) -> NDArray[np.bool_]:
        told = risk >= self.threshold
        if self.days is not None:
            told &= days_to_promise <= self.days
        if self.at_once is not None:
            told |= risk >= self.at_once
        return np.asarray(told, dtype=bool)

    def condition(self) -> dict[str, Any]:
        gated: dict[str, Any] = _risk(self.threshold)
        if self.days is not None:
            gated = {"all": [gated, _days(self.days)]}
        return gated if self.at_once is None else {"any": [_risk(self.at_once), gated]}

    def label(self) -> str:
        if self.threshold <= 0 and self.days is not None and self.at_once is None:
            return f"days to promise ≤ {self.days} (no model, as a rule)"
        text = f"risk ≥ {self.threshold:.2f}"
        if self.days is not None:
            text += f" and days to promise ≤ {self.days}"
        return text if self.at_once is None else f"risk ≥ {self.at_once:.2f}, or {text}"

    @classmethod
    def from_condition(cls, condition: dict[str, Any]) -> NoticeRule:
        """The rule a condition written by :meth:`condition` describes (ValueError else)."""
        for candidate in _candidates(condition):
            if candidate.condition() == condition:
                return candidate
        raise ValueError("not a delay-notice condition written by NoticeRule.condition")


def _candidates(condition: dict[str, Any]) -> list[NoticeRule]:
    """The rule each reading of ``condition``'s numbers would make (one of them fits)."""
    values: list[Any] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            values.extend([node["value"]] if "value" in node else [])
            for part in node.get("all", []) + node.get("any", []):
                collect(part)

    collect(condition)
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) == 1:
        return [NoticeRule(float(numbers[0]))]
    if len(numbers) == 2:
        return [NoticeRule(float(numbers[0]), int(numbers[1]))]
    if len(numbers) == 3:
        return [NoticeRule(float(numbers[1]), int(numbers[2]), float(numbers[0]))]
    return []


# The built-in rule's seeded condition (``rules/builtin.py``; a test keeps them equal).
BUILTIN_RULE = NoticeRule(0.6)
# The combination the replay recommends: told on the promised day while the model still
# says 0.6 (a parcel the carrier has out for delivery is spared), at once when the delay
# is certain. On the shared history it ties the no-model rule on both counts and beats
# the seeded rule's needless notices 4-5 times over (docs/benchmarks.md, "Delay risk").
COMBINED_RULE = NoticeRule(0.6, days=0, at_once=1.0)
# The trade-off curve ``opsdesk eval delay-risk`` reports beside the no-model rule.
CURVE: tuple[NoticeRule, ...] = (
    *(NoticeRule(t) for t in (0.6, 0.7, 0.8, 0.9)),
    *(NoticeRule(0.6, days=d) for d in (2, 1)),
    NoticeRule(0.7, days=1),
    NoticeRule(0.6, days=0, at_once=0.9),
    COMBINED_RULE,
    # The no-model rule as a store writes it: it also tells parcels handed over on the
    # promised day itself, which the replay's no-model baseline cannot tell a day ahead.
    NoticeRule(0.0, days=0),
)
