"""The disruption form on the store's clock, which changes widen a disruption, and how
a region or carrier is matched to the store's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsdesk import proactive
from opsdesk.kernel.errors import InvalidInput
from opsdesk.web.ui.admin_forms import FormRefused, local_input, parse_local, store_zone
from opsdesk.web.ui.disruption_form import DisruptionForm

BERLIN = store_zone("Europe/Berlin")
START = datetime(2026, 11, 19, 11, tzinfo=UTC)


def problem(field: str, raw: str) -> str:
    with pytest.raises(FormRefused) as refused:
        parse_local(field, raw, BERLIN)
    (only,) = refused.value.problems
    assert only.field == field
    return only.reason


def test_times_are_read_on_the_stores_clock_in_winter_and_in_summer() -> None:
    assert parse_local("starts_at", "2026-11-19T12:00", BERLIN) == START
    summer = parse_local("starts_at", " 2026-07-01T12:00 ", BERLIN)
    assert summer == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert local_input(START, BERLIN) == "2026-11-19T12:00"
    assert problem("starts_at", "tomorrow") == "a date and time like 2026-11-19T15:00"


def test_a_time_the_clocks_skip_or_repeat_is_refused_not_guessed() -> None:
    assert problem("starts_at", "2027-03-28T02:30") == (
        "2027-03-28 02:30 in Europe/Berlin does not exist: the clocks go forward that night. "
        "Pick a time before or after the skipped hour"
    )
    assert problem("ends_at", "2026-10-25T02:00") == (
        "2026-10-25 02:00 in Europe/Berlin happens twice: the clocks go back that night. "
        "Pick a time outside the repeated hour"
    )
    # either side of the changes is fine
    after_autumn = parse_local("ends_at", "2026-10-25T03:00", BERLIN)
    after_spring = parse_local("ends_at", "2027-03-28T03:00", BERLIN)
    assert (after_autumn, after_spring) == (datetime(2026, 10, 25, 2, tzinfo=UTC),
                                            datetime(2027, 3, 28, 1, tzinfo=UTC))  # fmt: skip


def test_an_unknown_zone_name_falls_back_to_utc() -> None:
    assert store_zone("Mars/Olympus_Mons").key == "UTC"


@pytest.mark.parametrize(
    ("now", "starts", "ends"),
    [
        (START + timedelta(hours=4, minutes=17), "2026-11-19T16:00", "2026-11-20T16:00"),
        # 02:30 CEST, in the hour the clocks repeat: the form starts an hour earlier
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "2026-10-25T01:00", "2026-10-26T01:00"),
        # a day after 02:00 is the hour the clocks skip: the form ends at 03:00
        (datetime(2027, 3, 27, 1, 30, tzinfo=UTC), "2027-03-27T02:00", "2027-03-28T03:00"),
    ],
)
def test_the_blank_form_starts_this_hour_on_the_stores_clock_for_a_day(
    now: datetime, starts: str, ends: str
) -> None:
    blank = DisruptionForm.blank(now, BERLIN).values
    assert (blank["starts_at"], blank["ends_at"]) == (starts, ends)
    assert parse_local("starts_at", blank["starts_at"], BERLIN) <= now  # running now
    assert parse_local("ends_at", blank["ends_at"], BERLIN) >= now + timedelta(hours=23)


def disruption(**values: object) -> proactive.Disruption:
    fields: dict[str, object] = {"kind": proactive.DisruptionKind.WEATHER,
                                 "severity": proactive.Severity.MEDIUM, "region": "eu-west",
                                 "carrier": "", "starts_at": START,
                                 "ends_at": START + timedelta(days=1), "note": ""}  # fmt: skip
    return proactive.Disruption(**(fields | values))


def test_a_time_shown_unchanged_keeps_its_stored_instant_even_in_the_repeated_hour() -> None:
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the second 02:30
    row = disruption(starts_at=second, ends_at=second + timedelta(days=1))
    form = DisruptionForm.of(row, BERLIN)
    assert form.values["starts_at"] == "2026-10-25T02:30"

    assert form.data(BERLIN, row)["starts_at"] == second
    with pytest.raises(FormRefused, match="happens twice"):
        form.data(BERLIN)  # typed afresh, 02:30 that night is refused


@pytest.mark.parametrize(
    ("change", "wider"),
    [
        ({"severity": "high"}, True),
        ({"severity": "low"}, False),
        ({"starts_at": START - timedelta(hours=1)}, True),
        ({"ends_at": START + timedelta(days=2)}, True),
        ({"ends_at": START + timedelta(hours=2)}, False),
        ({"region": "EU-WEST", "kind": "strike", "note": "only words"}, False),
        ({"region": "eu-south"}, True),
        ({"region": ""}, True),  # anywhere
        ({"carrier": "DHL"}, False),  # narrower: that carrier only
    ],
)
def test_a_change_widens_a_disruption_when_it_could_raise_some_parcels_risk(
    change: dict[str, object], wider: bool
) -> None:
    update = proactive.DisruptionUpdate.model_validate(change)
    assert proactive.disruption_widens(disruption(), update) is wider


PLACES = proactive.Places(
    regions=(proactive.Region("BE", "warehouse Berlin"), proactive.Region("eu-west", "")),
    carriers=("DHL", "simulated"),
)


def test_a_region_or_carrier_is_the_stores_own_in_any_letter_case() -> None:
    assert PLACES.resolve(" Eu-West", "dhl") == ("eu-west", "DHL")
    assert PLACES.resolve("", None) == ("", "")
    assert [r.shown for r in PLACES.regions] == ["BE — warehouse Berlin", "eu-west"]


def test_an_unknown_region_and_carrier_are_refused_together_naming_the_known() -> None:
    with pytest.raises(InvalidInput) as refused:
        PLACES.resolve("IE", "UPS")
    assert refused.value.details == {
        "errors": [
            {"field": "region", "reason": "unknown region 'IE'; known regions: BE, eu-west"},
            {"field": "carrier", "reason": "unknown carrier 'UPS'; known carriers: DHL, simulated"},
        ],
        "known_regions": ["BE", "eu-west"],
        "known_carriers": ["DHL", "simulated"],
    }


def test_a_disruptions_own_region_stays_listed_while_nothing_travels_there() -> None:
    kept = PLACES.with_current("AM", "Correios")
    assert [r.code for r in kept.regions] == ["AM", "BE", "eu-west"]
    assert kept.carriers == ("Correios", "DHL", "simulated")
    assert PLACES.with_current("be", "") == PLACES
