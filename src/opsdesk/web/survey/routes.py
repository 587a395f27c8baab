"""``/survey/{token}``: the customer rates a solved ticket from 1 to 5, with a comment.

The token is the ticket id signed for the purpose ``csat`` (30 days); a forged, altered
or expired one gets a friendly 403 page. The form carries an HMAC of the token, so only
a page opened with the link posts it. Responses are private (never cached or indexed,
no referrer). The language: ``?lang=``, then the customer's, then the browser's, then
the store's default.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from opsdesk.kernel.errors import Forbidden, InvalidInput, NotFound
from opsdesk.kernel.http import DB
from opsdesk.support import csat
from opsdesk.web.public import PRIVATE_HEADERS, accepted_language, now_of, settings_of
from opsdesk.web.survey import i18n
from opsdesk.web.ui.templating import templates

router = APIRouter(include_in_schema=False)

SCORES = (1, 2, 3, 4, 5)


def _strings(request: Request, lang: str | None, customer_locale: str = "") -> i18n.Strings:
    chosen = i18n.choose(lang, customer_locale or None, accepted_language(request),
                         settings_of(request).default_locale)  # fmt: skip
    return i18n.Strings(chosen)


def _render(
    request: Request, name: str, t: i18n.Strings, status_code: int = 200, **context: Any
) -> Response:
    context |= {"t": t, "store_name": settings_of(request).store_name,
                "languages": list(i18n.LANGUAGE_NAMES.items())}  # fmt: skip
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=PRIVATE_HEADERS
    )


def _problem(request: Request, kind: str, status_code: int, lang: str | None) -> Response:
    return _render(request, "survey/problem.html", _strings(request, lang), status_code, kind=kind)


def _view(request: Request, session: DB, token: str) -> csat.SurveyView:
    ticket_id = csat.ticket_id_from_token(settings_of(request).secret_key, token)
    return csat.survey_view(session, ticket_id, now=now_of(request))


def _form(
    request: Request, token: str, view: csat.SurveyView, t: i18n.Strings, *,
    status_code: int = 200, error: str = "", score: int | None = None, comment: str | None = None,
) -> Response:  # fmt: skip
    return _render(
        request, "survey/form.html", t, status_code, view=view, token=token, scores=SCORES,
        form_token=csat.form_token(settings_of(request).secret_key, token), error=error,
        chosen=score if score is not None else view.score,
        comment=comment if comment is not None else view.comment,
    )  # fmt: skip


@router.get("/survey/{token}")
def survey_page(
    request: Request, session: DB, token: str, lang: str | None = None, score: str = ""
) -> Response:
    """The form; ``?score=4`` (a star clicked in the e-mail) preselects, never submits."""
    try:
        view = _view(request, session, token)
    except Forbidden:
        return _problem(request, "link", 403, lang)
    except NotFound:
        return _problem(request, "missing", 404, lang)
    t = _strings(request, lang, view.locale)
    if not view.revisable:
        return _render(request, "survey/closed.html", t, view=view)
    preselected = int(score) if score in {"1", "2", "3", "4", "5"} else None
    return _form(request, token, view, t, score=preselected)


@router.get("/survey/{token}/thanks")
def thanks_page(
    request: Request, session: DB, token: str, lang: str | None = None, revised: str = ""
) -> Response:
    try:
        view = _view(request, session, token)
    except Forbidden:
        return _problem(request, "link", 403, lang)
    except NotFound:
        return _problem(request, "missing", 404, lang)
    t = _strings(request, lang, view.locale)
    return _render(request, "survey/thanks.html", t, view=view, token=token, revised=revised == "1")


@router.post("/survey/{token}")
async def submit_survey(request: Request, session: DB, token: str) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    lang = fields.get("lang") or None
    try:
        view = _view(request, session, token)
    except Forbidden:
        return _problem(request, "link", 403, lang)
    except NotFound:
        return _problem(request, "missing", 404, lang)
    t = _strings(request, lang, view.locale)
    comment = fields.get("comment", "")
    secret = settings_of(request).secret_key
    if not csat.form_token_matches(secret, token, fields.get("form_token", "")):
        return _form(request, token, view, t, status_code=403, error="form.error.expired_form",
                     comment=comment)  # fmt: skip
    return _store(request, session, token, view, t, fields.get("score", ""), comment)


def _store(
    request: Request, session: DB, token: str, view: csat.SurveyView, t: i18n.Strings,
    score: str, comment: str,
) -> Response:  # fmt: skip
    try:
        _answer, decision = csat.submit_response(
            session, view.ticket_id, score=score, comment=comment, locale=t.locale,
            now=now_of(request),
        )  # fmt: skip
    except InvalidInput:
        return _form(request, token, view, t, status_code=422, error="form.error.score",
                     comment=comment)  # fmt: skip
    except csat.SurveyClosed:
        return _render(request, "survey/closed.html", t, 409, view=view)
    revised = "&revised=1" if decision is csat.Submission.REVISE else ""
    return RedirectResponse(
        f"/survey/{token}/thanks?lang={t.locale}{revised}", status_code=303,
        headers=PRIVATE_HEADERS,
    )  # fmt: skip
