"""A chat with a valid session token, fed generated conversations: every turn is answered
(200) or refused with a clear 4xx — never a 500 — and the chat stays readable.

The schema fuzzing (``test_api_fuzz.py``) has no chat token, so it only reaches the
token check. Here hypothesis writes whole conversations from the pieces real ones are
made of — requests in five languages, the order's real number and contact details,
wrong ones, one-time codes, addresses, yes/no, and hostile text (control characters,
mixed scripts, markup, the longest message allowed) — and sends them turn by turn,
the clock moving a few seconds per turn as a person types. Derandomized in the suite;
``OPSDESK_FUZZ_EXAMPLES`` asks for a deeper random run.
"""

from __future__ import annotations

import os
from datetime import timedelta

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from tests.factories.fulfilment import FixedClock
from tests.factories.tracking import THURSDAY, late_order

EXAMPLES = int(os.environ.get("OPSDESK_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 25,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
REQUESTS = [
    "where is my order", "wo ist meine Bestellung", "où est ma commande", "dónde está mi pedido",
    "onde está minha encomenda", "cancel my order", "I want to return the lamp",
    "change the delivery address to 5 Main Street, Cork T12 AB34",
    "Hauptstraße 5, 10115 Berlin", "12 rue de la Paix, 75002 Paris", "yes", "no", "ja",
    "talk to a human", "refund please", "this is outrageous!!!", "123456", "000000",
    "ana.lima@example.com", "10115", "wrong@example.org",
]  # fmt: skip
HOSTILE = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=4000),
    st.sampled_from(["<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --", "\u202e\u0007",
                     "OD-" + "Z" * 40, "x" * 4000, " ", "\n\n", "🙂" * 500]),
)  # fmt: skip


def _turn(number: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(REQUESTS),
        st.sampled_from(REQUESTS).map(lambda text: f"{text} {number}"),
        st.just(number),
        HOSTILE,
    )


def test_generated_conversations_never_break_the_chat(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        number = late_order(session).number
        session.commit()
    clock = FixedClock(THURSDAY)
    client.app.state.clock = clock  # type: ignore[attr-defined]
    failures: list[str] = []

    @FUZZ
    @given(turns=st.lists(_turn(number), min_size=1, max_size=8),
           locale=st.sampled_from(["en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", None]))  # fmt: skip
    def converse(turns: list[str], locale: str | None) -> None:
        started = client.post("/api/v1/chat/sessions", json={"store": "demo", "locale": locale})
        assert started.status_code == 201, started.text
        chat = started.json()
        headers = {"X-Chat-Token": chat["token"]}
        for text in turns:
            clock.now += timedelta(seconds=4)
            answer = client.post(f"/api/v1/chat/sessions/{chat['id']}/messages",
                                 json={"text": text}, headers=headers)  # fmt: skip
            if answer.status_code >= 500 or answer.status_code not in (200, 413, 422, 429):
                failures.append(f"{text[:80]!r} → {answer.status_code} {answer.text[:200]}")
            elif answer.status_code == 200:
                assert answer.json()["replies"] or answer.json().get("handover"), answer.text
        history = client.get(f"/api/v1/chat/sessions/{chat['id']}/messages", headers=headers)
        assert history.status_code == 200, history.text

    converse()
    assert failures == []
