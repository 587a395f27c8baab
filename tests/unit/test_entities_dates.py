"""Dates in customer messages, absolute and relative, in five languages."""

from __future__ import annotations

from datetime import date

import pytest

from opsdesk.assistant.nlu.dates import find_dates

TODAY = date(2026, 11, 26)  # a Thursday


def only_date(message: str, *, month_first: bool = False) -> date:
    (mention,) = find_dates(message, TODAY, month_first=month_first)
    return mention.date


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("deliver on 2026-12-03", date(2026, 12, 3)),
        ("bestellt am 03.11.2026", date(2026, 11, 3)),
        ("bestellt am 3.11.26", date(2026, 11, 3)),
        ("livraison le 03/12/2026", date(2026, 12, 3)),
        ("by 3 December 2026", date(2026, 12, 3)),
        ("by December 3rd, 2026", date(2026, 12, 3)),
        ("am 3. Dezember", date(2026, 12, 3)),
        ("le 3 décembre", date(2026, 12, 3)),
        ("el 3 de diciembre de 2026", date(2026, 12, 3)),
        ("dia 3 de dezembro", date(2026, 12, 3)),
        ("ordered on the 20th of november", date(2026, 11, 20)),
    ],
)
def test_absolute_dates(message: str, expected: date) -> None:
    assert only_date(message) == expected


def test_us_style_dates_read_month_first_when_asked() -> None:
    assert only_date("due 12/03/2026", month_first=True) == date(2026, 12, 3)
    assert only_date("due 12/03/2026") == date(2026, 3, 12)


def test_a_day_above_twelve_settles_the_order_of_day_and_month() -> None:
    assert only_date("due 25/12/2026", month_first=True) == date(2026, 12, 25)
    assert only_date("due 12/25/2026") == date(2026, 12, 25)


def test_a_date_without_year_is_the_occurrence_nearest_today() -> None:
    assert only_date("it came on 20 November") == date(2026, 11, 20)
    assert only_date("arrives 5 January") == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("can it come tomorrow", date(2026, 11, 27)),
        ("I ordered yesterday", date(2026, 11, 25)),
        ("the day after tomorrow", date(2026, 11, 28)),
        ("kommt es morgen?", date(2026, 11, 27)),
        ("übermorgen wäre gut", date(2026, 11, 28)),
        ("livré demain ?", date(2026, 11, 27)),
        ("llega mañana?", date(2026, 11, 27)),
        ("chega amanhã?", date(2026, 11, 27)),
        ("in 3 days", date(2026, 11, 29)),
        ("in two weeks", date(2026, 12, 10)),
        ("ordered 5 days ago", date(2026, 11, 21)),
        ("vor 2 Tagen bestellt", date(2026, 11, 24)),
        ("dans 3 jours", date(2026, 11, 29)),
        ("il y a une semaine", date(2026, 11, 19)),
        ("hace 3 días", date(2026, 11, 23)),
        ("em 2 dias", date(2026, 11, 28)),
        ("há 4 dias", date(2026, 11, 22)),
    ],
)
def test_relative_days(message: str, expected: date) -> None:
    assert only_date(message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("next Monday please", date(2026, 11, 30)),
        ("on friday", date(2026, 11, 27)),
        ("can it come thursday", date(2026, 12, 3)),
        ("ordered last Friday", date(2026, 11, 20)),
        ("nächsten Montag", date(2026, 11, 30)),
        ("am letzten Dienstag bestellt", date(2026, 11, 24)),
        ("lundi prochain", date(2026, 11, 30)),
        ("commandé lundi dernier", date(2026, 11, 23)),
        ("el próximo martes", date(2026, 12, 1)),
        ("el lunes pasado", date(2026, 11, 23)),
        ("na sexta", date(2026, 11, 27)),
        ("segunda-feira passada", date(2026, 11, 23)),
    ],
)
def test_weekdays_point_to_the_coming_or_the_past_one(message: str, expected: date) -> None:
    assert only_date(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "Guten Morgen, ich habe eine Frage",
        "llamé esta mañana",
        "may I ask something",
        "it takes 3-4 days",
        "my cep is 01310-100",
        "I need 2 of them",
    ],
)
def test_words_that_only_look_like_dates_are_ignored(message: str) -> None:
    assert find_dates(message, TODAY) == []


def test_spans_point_into_the_original_accented_text() -> None:
    message = "Lieferung übermorgen bitte"
    (mention,) = find_dates(message, TODAY)
    assert message[mention.start : mention.end] == "übermorgen"
