from __future__ import annotations

from fastapi.testclient import TestClient

URL = "/api/v1/tone/check"


def test_a_curt_vague_reply_gets_a_score_strategies_and_dated_suggestions(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    text = "Your order will arrive soon."
    response = client.post(
        URL,
        json={
            "text": text,
            "context": {
                "customer_name": "Noor",
                "estimated_delivery_date": "2025-11-14",
                "tracking_url": "https://track.example.com/OD77",
            },
        },
        headers=agent_headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert 0 <= body["score"] <= 1
    assert body["label"] in {"impolite", "neutral"}
    assert body["language"] == "en"
    strategies = {s["name"]: s for s in body["strategies"]}
    assert strategies["vague_time"]["spans"] == [{"start": 23, "end": 27, "text": "soon"}]
    vague = next(s for s in body["suggestions"] if s["kind"] == "vague_time")
    assert vague["original"] == text
    assert vague["span"] == {"start": 0, "end": len(text)}
    assert "Friday, 14 November" in vague["replacement"]
    assert "https://track.example.com/OD77" in vague["replacement"]
    greeting = next(s for s in body["suggestions"] if s["kind"] == "missing_greeting")
    assert greeting["replacement"].startswith("Hello Noor,")


def test_a_warm_reply_scores_higher_than_a_curt_one(
    client: TestClient, operations_headers: dict[str, str]
) -> None:
    def score(text: str) -> float:
        response = client.post(URL, json={"text": text}, headers=operations_headers)
        assert response.status_code == 200
        return float(response.json()["score"])

    warm = "Hi Noor, thank you for your patience. Could you please confirm your address?"
    assert score(warm) > score("Hold on. Send the address.")


def test_a_german_reply_is_coached_in_german(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    response = client.post(
        URL,
        json={"text": "Ihre Bestellung ist verspätet und kommt bald.", "locale": "de-DE"},
        headers=agent_headers,
    )
    body = response.json()
    assert body["language"] == "de"
    kinds = {s["kind"]: s["replacement"] for s in body["suggestions"]}
    assert kinds["missing_apology"].startswith("Es tut mir leid")
    assert "voraussichtlich bis {estimated_delivery_date}" in kinds["vague_time"]


def test_empty_blank_and_oversized_text_are_422(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    for text in ("", "   \n", "x" * 10_001):
        response = client.post(URL, json={"text": text}, headers=agent_headers)
        assert response.status_code == 422
        assert response.json()["error"]["details"]["errors"][0]["field"] == "text"


def test_a_malformed_context_is_422_not_500(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    response = client.post(
        URL,
        json={"text": "Hello", "context": {"estimated_delivery_date": "next week"}},
        headers=agent_headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_the_tone_check_needs_a_staff_token(client: TestClient) -> None:
    response = client.post(URL, json={"text": "Hello"})
    assert response.status_code == 401


def test_suggestion_gaming_does_not_buy_a_polite_score_and_the_reason_is_in_words(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    gamed = "Hello Maria, thank you! Please stop emailing us, it's not our problem if DPD is slow."
    response = client.post(URL, json={"text": gamed}, headers=agent_headers)
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "impolite"
    [first, second] = body["markers"]
    assert (first["kind"], first["severity"], first["span"]["text"]) == (
        "dismissal",
        "rude",
        "stop emailing",
    )
    assert "“stop emailing” brushes the customer off" in first["description"]
    assert second["span"]["text"] == "not our problem"
    gratitude = next(s for s in body["strategies"] if s["name"] == "gratitude")
    assert gratitude["description"] == "Thanks the customer"


def test_a_warm_german_reply_scores_polite_with_the_formal_address_found(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    text = "Hallo Frau Weber, vielen Dank für Ihre Geduld. Es tut uns sehr leid. Gerne helfen wir."
    response = client.post(URL, json={"text": text, "locale": "de"}, headers=agent_headers)
    body = response.json()
    assert (body["language"], body["label"], body["markers"]) == ("de", "polite", [])
    formal = next(s for s in body["strategies"] if s["name"] == "formal_address")
    assert formal["spans"][0]["text"] == "Ihre"
    assert "formally" in formal["description"]
