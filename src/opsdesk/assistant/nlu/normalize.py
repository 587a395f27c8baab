"""Text normalisation before intent classification.

Identifiers carry no intent, only their kind does: "where is #1042" and "where is
OD-100123" should look the same to the model, and so should template placeholders such
as ``{{Order Number}}``. Case, accents and apostrophes are folded, so "dont" and "don't",
"cancelación" and "cancelacion" meet.
"""

from __future__ import annotations

import re

from opsdesk.assistant.nlu import patterns
from opsdesk.assistant.nlu.text import fold

PLACEHOLDER_TOKENS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("order", "tracking"), "ordernum"),
    (("mail",), "emailaddr"),
    (("zip", "postal", "postcode"), "postcode"),
    (("sku", "product", "item"), "skucode"),
    (("url", "website", "link"), "urladdr"),
    (("date",), "somedate"),
)

_TOKEN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (patterns.URL, " urladdr "),
    (patterns.EMAIL, " emailaddr "),
    (patterns.ORDER_NUMBER, " ordernum "),
    (patterns.SKU_PREFIXED, " skucode "),
    (patterns.POSTCODE_BR, " postcode "),
    (patterns.POSTCODE_US_PLUS4, " postcode "),
    (patterns.POSTCODE_UK, " postcode "),
    (patterns.SKU_TOKEN, " skucode "),
)
_NON_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"\d+")


def _placeholder_token(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    for keywords, token in PLACEHOLDER_TOKENS:
        if any(k in name for k in keywords):
            return f" {token} "
    return f" {name} "


def _order_word_number(match: re.Match[str]) -> str:
    whole = match.group(0)
    return whole[: match.start(1) - match.start(0)] + "ordernum"


def replace_identifiers(text: str) -> str:
    """Replace placeholders, URLs, e-mails, order numbers, SKUs and postcodes by tokens."""
    text = patterns.PLACEHOLDER.sub(_placeholder_token, text)
    for pattern, token in _TOKEN_RULES:
        text = pattern.sub(token, text)
    return patterns.ORDER_WORD_NUMBER.sub(_order_word_number, text)


def normalize(text: str) -> str:
    """The form of a message the intent model sees."""
    text = fold(replace_identifiers(text)).replace("'", "").replace("\u2019", "")
    text = _DIGITS.sub(" num ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())
