"""CSAT results per agent, team or ISO week: average, count and distribution.

Agent and team are grouped in the database (``GROUP BY key, score``: one row per key and
score whatever the volume); weeks depend on the reader's time zone, so the answers'
instants are bucketed here (``csat_policy.week_of``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from opsdesk import staff
from opsdesk.kernel.errors import InvalidInput
from opsdesk.support import csat_policy, macro_text
from opsdesk.support.csat_schemas import CsatGroup, CsatReport, CsatReportRow
from opsdesk.support.models import CsatResponse, Team

Counts = dict[str | None, dict[int, int]]


def csat_report(
    session: Session,
    *,
    group_by: CsatGroup,
    submitted_from: datetime,
    submitted_to: datetime,
    timezone: str = "UTC",
) -> CsatReport:
    if submitted_from.tzinfo is None or submitted_to.tzinfo is None:
        raise InvalidInput("submitted_from and submitted_to need a time zone offset")
    if submitted_from >= submitted_to:
        raise InvalidInput("submitted_from must be before submitted_to",
                           details={"field": "submitted_from"})  # fmt: skip
    if macro_text.time_zone(timezone, "").key != timezone:
        raise InvalidInput(f"unknown time zone {timezone!r}", details={"field": "timezone"})
    window = (CsatResponse.submitted_at >= submitted_from, CsatResponse.submitted_at < submitted_to)
    if group_by is CsatGroup.WEEK:
        counts = _by_week(session, window, timezone)
        labels = {key: key or "" for key in counts}
    else:
        column = CsatResponse.assignee_id if group_by is CsatGroup.AGENT else CsatResponse.team_id
        counts = _by_column(session, column, window)
        labels = _labels(session, group_by, counts)
    rows = [_row(key, labels.get(key, ""), by_score) for key, by_score in sorted(
        counts.items(), key=lambda item: (item[0] is None, item[0] or ""))]  # fmt: skip
    everything: dict[int, int] = defaultdict(int)
    for by_score in counts.values():
        for score, n in by_score.items():
            everything[score] += n
    return CsatReport(
        group_by=group_by, submitted_from=submitted_from, submitted_to=submitted_to,
        timezone=timezone, total=_row(None, "all", everything), rows=rows,
    )  # fmt: skip


def _by_column(
    session: Session, column: sa.orm.InstrumentedAttribute[int | None], window: tuple[object, ...]
) -> Counts:
    counts: Counts = defaultdict(dict)
    query = sa.select(column, CsatResponse.score, sa.func.count()).where(*window)  # type: ignore[arg-type]
    for key, score, n in session.execute(query.group_by(column, CsatResponse.score)):
        counts[None if key is None else str(key)][int(score)] = int(n)
    return counts


def _by_week(session: Session, window: tuple[object, ...], timezone: str) -> Counts:
    zone = macro_text.time_zone(timezone)
    counts: Counts = defaultdict(lambda: defaultdict(int))
    query = sa.select(CsatResponse.submitted_at, CsatResponse.score).where(*window)  # type: ignore[arg-type]
    for submitted_at, score in session.execute(query):
        counts[csat_policy.week_of(submitted_at, zone)][int(score)] += 1
    return counts


def _labels(session: Session, group_by: CsatGroup, counts: Counts) -> dict[str | None, str]:
    ids = [int(key) for key in counts if key is not None]
    if group_by is CsatGroup.AGENT:
        query = sa.select(staff.StaffUser.id, staff.StaffUser.name).where(
            staff.StaffUser.id.in_(ids)
        )
        nobody = "unassigned"
    else:
        query = sa.select(Team.id, Team.name).where(Team.id.in_(ids))
        nobody = "no team"
    labels: dict[str | None, str] = {str(i): name for i, name in session.execute(query)}
    labels[None] = nobody
    return labels


def _row(key: str | None, label: str, by_score: dict[int, int]) -> CsatReportRow:
    summary = csat_policy.summarise(by_score)
    return CsatReportRow(
        key=key, label=label, count=summary.count, average=summary.average,
        distribution={str(score): n for score, n in summary.distribution.items()},
    )  # fmt: skip
