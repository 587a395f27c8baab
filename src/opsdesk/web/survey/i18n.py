"""The survey page's strings in five languages (one JSON file per locale)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LOCALES = ("en", "de", "fr", "es", "pt-BR")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español",
                  "pt-BR": "Português"}  # fmt: skip


@cache
def catalogue(locale: str) -> dict[str, str]:
    with (LOCALES_DIR / f"{locale}.json").open(encoding="utf-8") as handle:
        data: dict[str, str] = json.load(handle)
    return data


def supported(tag: str | None) -> str | None:
    """The supported locale nearest a BCP 47 tag (``de-AT`` → ``de``, ``pt`` → ``pt-BR``)."""
    if not tag:
        return None
    wanted = tag.strip().replace("_", "-").casefold()
    for locale in LOCALES:
        if wanted == locale.casefold():
            return locale
    language = wanted.split("-")[0]
    return next((loc for loc in LOCALES if loc.split("-")[0].casefold() == language), None)


def choose(*preferences: str | None) -> str:
    for tag in preferences:
        locale = supported(tag)
        if locale is not None:
            return locale
    return "en"


@dataclass(frozen=True)
class Strings:
    locale: str

    def __call__(self, key: str, **params: object) -> str:
        text = catalogue(self.locale).get(key) or catalogue("en").get(key, key)
        return text.format(**params) if params else text
