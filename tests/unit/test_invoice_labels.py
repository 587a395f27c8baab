"""The invoice page has every one of its words in every language the assistant speaks."""

from __future__ import annotations

from opsdesk.assistant.nlu import LANGUAGES
from opsdesk.web.chat.routes import INVOICE_LABELS


def test_every_language_labels_every_part_of_the_invoice() -> None:
    assert set(INVOICE_LABELS) == set(LANGUAGES)
    english = set(INVOICE_LABELS["en"])
    for language, labels in INVOICE_LABELS.items():
        assert set(labels) == english, language
        assert all(text.strip() for text in labels.values()), language
