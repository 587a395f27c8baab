from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from opsdesk.kernel.http import Principal, require
from opsdesk.tone import explain
from opsdesk.tone.schemas import (
    MarkerRead,
    SpanRead,
    StrategyRead,
    SuggestionRead,
    SuggestionSpan,
    ToneCheck,
    ToneReportRead,
)
from opsdesk.tone.service import ToneReport, check_tone
from opsdesk.tone.suggestions import ReplyContext

router = APIRouter(tags=["tone"])
Staff = Annotated[Principal, Depends(require())]


def _context(body: ToneCheck) -> ReplyContext | None:
    if body.context is None:
        return None
    url = body.context.tracking_url
    return ReplyContext(
        customer_name=body.context.customer_name,
        estimated_delivery_date=body.context.estimated_delivery_date,
        tracking_url=str(url) if url is not None else None,
    )


def _read(report: ToneReport) -> ToneReportRead:
    return ToneReportRead(
        score=round(report.score, 4),
        label=report.label,
        language=report.language,
        strategies=[
            StrategyRead(
                name=s.name,
                description=explain.describe_strategy(s.name),
                spans=[SpanRead(start=p.start, end=p.end, text=p.text) for p in s.spans],
                weight=round(s.weight, 4),
            )
            for s in report.strategies
        ],
        suggestions=[
            SuggestionRead(
                kind=s.kind,
                message=s.message,
                original=s.original,
                replacement=s.replacement,
                span=SuggestionSpan(start=s.start, end=s.end),
            )
            for s in report.suggestions
        ],
        markers=[
            MarkerRead(
                kind=m.kind,
                severity=explain.severity_word(m),
                description=explain.describe_marker(m),
                span=SpanRead(start=m.span.start, end=m.span.end, text=m.span.text),
            )
            for m in report.markers
        ],
    )


@router.post("/tone/check", response_model=ToneReportRead)
def check(body: ToneCheck, _staff: Staff) -> ToneReportRead:
    """Politeness score, strategies found and rewrite suggestions for a draft reply."""
    return _read(check_tone(body.text, body.locale, _context(body)))
