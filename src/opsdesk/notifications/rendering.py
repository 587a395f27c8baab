"""Render a message type in the customer's language, register and formats.

Templates live in ``templates/<locale>[-<register>]/<type>.txt``: the first line is
``Subject: …``, the rest is the plain-text body; the HTML part is the same text in a
small layout. Dates, money and numbers are formatted with Babel for the customer's
locale; dates are calendar dates the customer sees (already in their time zone).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, get_currency_precision
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from markupsafe import Markup, escape

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LOCALES = ("en", "de", "fr", "es", "pt-BR")
URL = re.compile(r"https?://[^\s<>\"]+")


class Register(enum.StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"


@dataclass(frozen=True)
class Money:
    """An amount the template shows in the customer's own format (59,80 € / €59.80)."""

    minor: int
    currency: str


@dataclass(frozen=True)
class Rendered:
    locale: str
    subject: str
    text: str
    html: str


def babel_locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


@lru_cache(maxsize=64)  # one per formatting tag seen (en, en-GB, pt-BR …)
def _environment(locale: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    babel = babel_locale(locale)
    env.filters["date"] = lambda value, fmt="full": format_date(_as_date(value), fmt, locale=babel)
    env.filters["money"] = lambda minor, currency: format_currency(
        int(minor) / 10 ** get_currency_precision(currency), currency, locale=babel
    )
    return env


def candidates(locale: str, register: Register, default_locale: str) -> list[str]:
    """Template folders to try, most specific first (``de-informal``, ``de``, store default)."""
    language = locale.split("-")[0]
    ordered = [f"{locale}-{register.value}", locale, f"{language}-{register.value}", language]
    ordered += [f"{default_locale}-{register.value}", default_locale, "en"]
    return list(dict.fromkeys(ordered))


def render(
    message_type: str,
    context: dict[str, Any],
    *,
    locale: str,
    register: Register = Register.FORMAL,
    default_locale: str = "en",
) -> Rendered:
    for folder in candidates(locale, register, default_locale):
        folder_locale = _strip_register(folder)
        formats = _formats(locale, folder_locale)
        try:
            template = _environment(formats).get_template(f"{folder}/{message_type}.txt")
        except TemplateNotFound:
            continue
        values = {k: _localise(v, formats) for k, v in context.items()}
        subject_line, _, body = template.render(**values).partition("\n")
        subject = subject_line.removeprefix("Subject:").strip()
        text = body.strip() + "\n"
        return Rendered(folder_locale, subject, text, to_html(subject, text))
    raise LookupError(f"no template for {message_type} in {locale} or the defaults")


def _formats(customer: str, folder: str) -> str:
    """Dates and money follow the customer's regional tag (``en-GB``, ``pt-PT``) when the
    text is in its language, else the text's own locale."""
    same_language = customer.split("-")[0].casefold() == folder.split("-")[0].casefold()
    return customer if same_language and "-" in customer else folder


def _localise(value: Any, locale: str) -> Any:
    if isinstance(value, Money):
        precision = get_currency_precision(value.currency)
        return format_currency(
            value.minor / 10**precision, value.currency, locale=babel_locale(locale)
        )
    return value


def _strip_register(folder: str) -> str:
    for register in Register:
        folder = folder.removesuffix(f"-{register.value}")
    return folder


def to_html(subject: str, text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{_linkify(p)}</p>" for p in paragraphs)
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head>"
        '<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem">'
        f"{body}</body></html>"
    )


def _linkify(paragraph: str) -> Markup:
    escaped = str(escape(paragraph))
    linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    return Markup(linked.replace("\n", "<br>"))
