"""Small text helpers shared by the NLU pieces."""

from __future__ import annotations

import unicodedata


def fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped if len(stripped) == 1 else char


def fold(text: str) -> str:
    """Lowercase and drop accents, keeping one character per character so spans still fit."""
    return "".join(fold_char(c) for c in text.lower())
