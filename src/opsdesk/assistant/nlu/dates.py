"""Dates in customer messages: absolute ("3 May 2026", "03.05.2026") and relative
("tomorrow", "next Monday", "in 3 days") in English, German, French, Spanish, Portuguese.

Works on accent-folded lowercase text (same length as the input), so spans point into the
original message. Relative expressions resolve against a reference date the caller passes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from opsdesk.assistant.nlu.text import fold

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janv janvier enero janeiro jaenner",
        "february feb februar fevr fevrier febrero fevereiro",
        "march mar marz mars marzo marco",
        "april apr avril abril",
        "may mai mayo maio",
        "june jun juni juin junio junho",
        "july jul juli juillet julio julho",
        "august aug aout agosto",
        "september sep sept septembre septiembre setembro",
        "october oct oktober octobre octubre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember decembre diciembre dezembro",
    ),
    start=1,
):
    MONTHS.update(dict.fromkeys(_names.split(), _number))

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon montag lundi lunes segunda-feira",
        "tuesday tue tues dienstag mardi martes terca-feira",
        "wednesday wed mittwoch mercredi miercoles quarta-feira",
        "thursday thu thurs donnerstag jeudi jueves quinta-feira",
        "friday fri freitag vendredi viernes sexta-feira",
        "saturday sat samstag samedi sabado",
        "sunday sun sonntag dimanche domingo",
    )
):
    WEEKDAYS.update(dict.fromkeys(_names.split(), _number))
# Portuguese short weekday names also mean "second", "third"…: only after "na"/"próxima".
PT_SHORT_WEEKDAYS = {"segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4}

RELATIVE_DAYS: dict[str, int] = {
    "day after tomorrow": 2,
    "day before yesterday": -2,
    "ubermorgen": 2,
    "vorgestern": -2,
    "apres-demain": 2,
    "avant-hier": -2,
    "pasado manana": 2,
    "depois de amanha": 2,
    "anteontem": -2,
    "today": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "yesterday": -1,
    "heute": 0,
    "morgen": 1,
    "gestern": -1,
    "aujourd'hui": 0,
    "demain": 1,
    "hier": -1,
    "hoy": 0,
    "manana": 1,
    "ayer": -1,
    "hoje": 0,
    "amanha": 1,
    "ontem": -1,
}
# "guten Morgen" is a greeting and "esta mañana" is this morning, not tomorrow.
NOT_RELATIVE_BEFORE = ("guten ", "heute ", "jeden ", "la ", "esta ", "por la ", "de la ")

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "ten": 10, "einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "funf": 5, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "um": 1, "uma": 1,
    "dois": 2, "duas": 2, "quatro": 4,
}  # fmt: skip
UNIT_DAYS: dict[str, int] = {
    "day": 1, "days": 1, "tag": 1, "tagen": 1, "tage": 1, "jour": 1, "jours": 1,
    "dia": 1, "dias": 1, "week": 7, "weeks": 7, "woche": 7, "wochen": 7,
    "semaine": 7, "semaines": 7, "semana": 7, "semanas": 7,
}  # fmt: skip

_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = "(" + "|".join(sorted(UNIT_DAYS, key=len, reverse=True)) + ")"
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th|er|o|º|\.)?"

ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
NUMERIC = re.compile(r"(?<![\d.:/-])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2})\b|\.(?!\d))")
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}}){_ORD}\s*(?:de\s+|of\s+)?{_MONTH}(?:,?\s+(?:de\s+)?(\d{{4}}))?\b"
)
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}){_ORD}(?:,?\s+(\d{{4}}))?\b")
AHEAD = re.compile(rf"\b(?:in|dans|en|em)\s+{_NUM}\s+{_UNIT}\b")
AGO = re.compile(rf"\b(?:vor|il y a|hace|ha)\s+{_NUM}\s+{_UNIT}\b|\b{_NUM}\s+{_UNIT}\s+ago\b")
WEEKDAY = re.compile(r"\b(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b")
PT_WEEKDAY = re.compile(r"\b(?:na|proxima|nesta|ate a|ate)\s+(segunda|terca|quarta|quinta|sexta)\b")
RELATIVE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, RELATIVE_DAYS)) + r")(?![\w-])")
PAST_BEFORE = ("last ", "letzten ", "letzter ", "vergangenen ", "pasado ")
PAST_AFTER = ("dernier", "pasado", "passad")


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: date


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _closest_year(month: int, day: int, reference: date) -> date | None:
    """A date without a year is the occurrence nearest to the reference date."""
    options = [_safe_date(reference.year + k, month, day) for k in (-1, 0, 1)]
    valid = [d for d in options if d is not None]
    return min(valid, key=lambda d: abs((d - reference).days)) if valid else None


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _day_month(day: int, month: int, year: int | None, reference: date) -> date | None:
    return _safe_date(year, month, day) if year else _closest_year(month, day, reference)


def _numeric(m: re.Match[str], reference: date, month_first: bool) -> date | None:
    a, b = int(m.group(1)), int(m.group(3))
    year = _year(m.group(4))
    if m.group(2) == "/" and (b > 12 or (month_first and a <= 12)):
        a, b = b, a
    return _day_month(a, b, year, reference)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def _weekday(target: int, reference: date, before: str, after: str) -> date:
    """The coming such weekday, or the previous one when the words around say "last"."""
    if before.endswith(PAST_BEFORE) or after.lstrip().startswith(PAST_AFTER):
        back = (reference.weekday() - target) % 7 or 7
        return reference - timedelta(days=back)
    ahead = (target - reference.weekday()) % 7 or 7
    return reference + timedelta(days=ahead)


Found = list[tuple[int, int, date | None]]


def _absolute(folded: str, reference: date, month_first: bool) -> Found:
    found: Found = []
    for m in ISO.finditer(folded):
        found.append((m.start(), m.end(), _safe_date(*(int(g) for g in m.groups()))))
    for m in NUMERIC.finditer(folded):
        found.append((m.start(), m.end(), _numeric(m, reference, month_first)))
    for m in DAY_MONTH.finditer(folded):
        value = _day_month(int(m.group(1)), MONTHS[m.group(2)], _year(m.group(3)), reference)
        found.append((m.start(), m.end(), value))
    for m in MONTH_DAY.finditer(folded):
        value = _day_month(int(m.group(2)), MONTHS[m.group(1)], _year(m.group(3)), reference)
        found.append((m.start(), m.end(), value))
    return found


def _offsets(folded: str, reference: date) -> Found:
    """Offsets from the reference date: "in 3 days", "vor 2 Wochen", "hace una semana"."""
    found: Found = []
    for m in AHEAD.finditer(folded):
        days = _count(m.group(1)) * UNIT_DAYS[m.group(2)]
        found.append((m.start(), m.end(), reference + timedelta(days=days)))
    for m in AGO.finditer(folded):
        num, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        days = _count(num) * UNIT_DAYS[unit]
        found.append((m.start(), m.end(), reference - timedelta(days=days)))
    return found


def _relative_words(folded: str, reference: date) -> Found:
    found: Found = []
    for m in RELATIVE.finditer(folded):
        if not folded[: m.start()].endswith(NOT_RELATIVE_BEFORE):
            found.append(
                (m.start(), m.end(), reference + timedelta(days=RELATIVE_DAYS[m.group(1)]))
            )
    for m in WEEKDAY.finditer(folded):
        before, after = folded[max(0, m.start() - 12) : m.start()], folded[m.end() :]
        found.append((m.start(), m.end(), _weekday(WEEKDAYS[m.group(1)], reference, before, after)))
    for m in PT_WEEKDAY.finditer(folded):
        value = _weekday(PT_SHORT_WEEKDAYS[m.group(1)], reference, "", folded[m.end() :])
        found.append((m.start(1), m.end(), value))
    return found


def find_dates(text: str, reference: date, *, month_first: bool = False) -> list[DateMention]:
    """Dates mentioned in ``text``, left to right; overlapping matches keep the longest.

    ``month_first`` reads an ambiguous "03/05/2026" as March 5th (US style); otherwise
    as 3 May, which is how the other supported languages write it.
    """
    folded = fold(text)
    found = [
        *_absolute(folded, reference, month_first),
        *_offsets(folded, reference),
        *_relative_words(folded, reference),
    ]
    mentions: list[DateMention] = []
    for start, end, value in sorted(found, key=lambda c: (c[0], c[0] - c[1])):
        if value is None or (mentions and start < mentions[-1].end):
            continue
        mentions.append(DateMention(text=text[start:end], start=start, end=end, date=value))
    return mentions
