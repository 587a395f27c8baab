"""Inbox pages on SQLite and PostgreSQL: every active ticket of a view once, in its order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from opsdesk.support.workspace import InboxQuery, InboxSort, InboxView, inbox
from tests.factories.support import make_ticket

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_pages_of_a_view_cover_every_ticket_once_in_the_sort_order(session: Session) -> None:
    ids = [make_ticket(session, now=T0 + timedelta(minutes=i)).id for i in range(7)]
    session.flush()
    seen: list[int] = []
    page, more = 1, True
    while more:
        query = InboxQuery(view=InboxView.OPEN, sort=InboxSort.OLDEST, page=page)
        tickets, more = inbox(session, query, me=None, limit=3, now=T0 + timedelta(hours=1))
        assert len(tickets) == (3 if more else 1)
        seen.extend(t.id for t in tickets)
        page += 1
    assert seen == ids
    assert page == 4


def test_a_page_past_the_end_is_empty_and_page_numbers_below_one_mean_the_first(
    session: Session,
) -> None:
    first = make_ticket(session, now=T0).id
    session.flush()
    at = T0 + timedelta(hours=1)
    beyond, more = inbox(session, InboxQuery(view=InboxView.OPEN, page=5), me=None, now=at)
    assert (beyond, more) == ([], False)
    zero, _ = inbox(session, InboxQuery(view=InboxView.OPEN, page=0), me=None, now=at)
    assert [t.id for t in zero] == [first]
