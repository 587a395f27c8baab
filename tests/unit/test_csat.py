"""CSAT, pure: when an answer may change, how answers add up, weeks in a time zone, and
the survey page's strings in five languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from opsdesk.support import csat_policy
from opsdesk.support.csat_policy import Submission
from opsdesk.web.survey import i18n

NOON = datetime(2026, 11, 17, 12, 0, tzinfo=UTC)


def test_an_answer_can_be_changed_for_a_day_then_no_more() -> None:
    assert csat_policy.submission(None, NOON) is Submission.CREATE
    assert csat_policy.submission(NOON, NOON + timedelta(hours=23)) is Submission.REVISE
    assert csat_policy.submission(NOON, NOON + timedelta(hours=24)) is Submission.REVISE
    assert csat_policy.submission(NOON, NOON + timedelta(hours=25)) is Submission.TOO_LATE


@pytest.mark.parametrize(
    ("raw", "score"),
    [("4", 4), (" 5 ", 5), (1, 1), ("0", None), ("6", None), ("4.5", None), (True, None),
     ("", None), ("three", None)],
)  # fmt: skip
def test_only_whole_scores_from_one_to_five_count(raw: object, score: int | None) -> None:
    assert csat_policy.valid_score(raw) == score


def test_answers_add_up_to_average_count_and_distribution() -> None:
    summary = csat_policy.summarise_scores([5, 4, 4, 1])
    assert (summary.count, summary.average) == (4, 3.5)
    assert summary.distribution == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    assert csat_policy.summarise({}).average is None


def test_weeks_are_counted_where_the_reader_is() -> None:
    sunday_night_utc = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert csat_policy.week_of(sunday_night_utc, ZoneInfo("UTC")) == "2026-W47"
    assert csat_policy.week_of(sunday_night_utc, ZoneInfo("Europe/Berlin")) == "2026-W48"


def test_comments_are_trimmed_and_bounded() -> None:
    assert csat_policy.clean_comment("  great  ") == "great"
    assert len(csat_policy.clean_comment("x" * 5000)) == csat_policy.MAX_COMMENT


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_language_has_every_string_with_the_same_placeholders(locale: str) -> None:
    english = i18n.catalogue("en")
    strings = i18n.catalogue(locale)
    assert strings.keys() == english.keys()
    for key, text in english.items():
        assert set(re.findall(r"\{(\w+)\}", strings[key])) == set(re.findall(r"\{(\w+)\}", text))


def test_the_page_language_follows_the_nearest_supported_locale() -> None:
    assert i18n.choose(None, "de-AT", "en") == "de"
    assert i18n.choose("pt", "de") == "pt-BR"
    assert i18n.choose("ja", None) == "en"
