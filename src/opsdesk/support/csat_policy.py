"""CSAT decisions without I/O: whether an answer is new, a revision or too late, and how
answers add up (average, count, distribution) per agent, team or week.

One answer per ticket. A customer may change their mind for
:data:`REVISION_WINDOW` after answering (a mis-click on the wrong star is common);
later submits are refused so reports stay stable once read.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SCORES = (1, 2, 3, 4, 5)
REVISION_WINDOW = timedelta(hours=24)
SURVEY_MAX_AGE = timedelta(days=30)
MAX_COMMENT = 2000


class Submission(enum.StrEnum):
    CREATE = "create"
    REVISE = "revise"
    TOO_LATE = "too_late"


def submission(first_answered_at: datetime | None, now: datetime) -> Submission:
    if first_answered_at is None:
        return Submission.CREATE
    if now - first_answered_at <= REVISION_WINDOW:
        return Submission.REVISE
    return Submission.TOO_LATE


def valid_score(value: object) -> int | None:
    """The score as an int when it is one of 1–5 (form text included), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value in SCORES else None


def clean_comment(text: str) -> str:
    return text.strip()[:MAX_COMMENT]


@dataclass(frozen=True)
class Summary:
    count: int
    average: float | None
    distribution: dict[int, int]


def summarise(counts: Mapping[int, int]) -> Summary:
    """From {score: how many}; the average is rounded to two decimals."""
    distribution = {score: int(counts.get(score, 0)) for score in SCORES}
    total = sum(distribution.values())
    if total == 0:
        return Summary(0, None, distribution)
    average = sum(score * n for score, n in distribution.items()) / total
    return Summary(total, round(average, 2), distribution)


def summarise_scores(scores: Iterable[int]) -> Summary:
    counts: dict[int, int] = {}
    for score in scores:
        counts[score] = counts.get(score, 0) + 1
    return summarise(counts)


def week_of(instant: datetime, zone: ZoneInfo) -> str:
    """ISO week of the local day, ``2026-W47``."""
    year, week, _ = instant.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"
