"""Regular expressions shared by entity extraction and text normalisation."""

from __future__ import annotations

import re

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

# Order numbers: OpsDesk's own ("OD-K1V95154GY", replacements "OD-K1V95154GY-R1"),
# "#1001", "OD-100123", "ORD123456", 32-hex marketplace ids, and a bare number right
# after an order word in any supported language ("order 55012").
ORDER_NUMBER = re.compile(
    r"\bOD-[0-9A-HJKMNP-TV-Z]{10}(?:-R\d{1,3})?\b"
    r"|(?<![\w#])#\d{3,12}\b"
    r"|\b(?:ord(?:er)?|od|so)-?\d{3,12}\b"
    r"|\b[0-9a-f]{32}\b",
    re.IGNORECASE,
)
ORDER_WORD_NUMBER = re.compile(
    r"\b(?:order|bestellung|auftrag|commande|pedido|encomenda)"
    r"(?:\s+(?:number|no\.?|nr\.?|nummer|num[ée]ro|n[°º]|n[uú]mero))?"
    r"(?:\s+(?:is|ist|est|es|é|was))?\s*[:#]?\s*(\d{4,12})\b",
    re.IGNORECASE,
)

# Stock-keeping units: an explicit "SKU" prefix, or a token of letters and digits joined
# by dashes ("TS-BLK-M" has no digit, so only the prefixed form or a digit makes a SKU).
SKU_PREFIXED = re.compile(r"\bsku[\s:#-]*([a-z0-9]+(?:-[a-z0-9]+)*)\b", re.IGNORECASE)
SKU_TOKEN = re.compile(
    r"\b(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)+\b", re.IGNORECASE
)

POSTCODE_UK = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
POSTCODE_BR = re.compile(r"\b\d{5}-\d{3}\b")
POSTCODE_US_PLUS4 = re.compile(r"\b\d{5}-\d{4}\b")
# Ireland's Eircode: a routing key (letter, two digits; or D6W), then four characters.
POSTCODE_IE = re.compile(r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9A-Z]{4}\b")
POSTCODE_PT = re.compile(r"(?<![\d-])\d{4}-\d{3}(?![\d-])")
POSTCODE_FIVE = re.compile(r"(?<![\d#.,/-])\d{5}(?![\d.,/-]\d)")
