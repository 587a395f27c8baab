from __future__ import annotations

import pytest

from opsdesk.tone import STRATEGY_NAMES, detect


def found(text: str) -> dict[str, list[str]]:
    return {f.strategy: [s.text for s in f.spans] for f in detect(text)}


@pytest.mark.parametrize(
    ("strategy", "text", "expected_span"),
    [
        ("gratitude", "Thanks a lot for the quick photos.", "Thanks"),
        ("gratitude", "We really appreciate your patience.", "We really appreciate"),
        ("deference", "Great catch on the wrong address, I will fix it.", "Great"),
        ("greeting", "Hello Mia, the parcel left our warehouse.", "Hello"),
        ("greeting", "Good morning! Your refund is on its way.", "Good morning"),
        ("positive_lexicon", "That is a lovely choice of colour.", "lovely"),
        ("negative_lexicon", "The label printer made a mess of it.", "mess"),
        ("apologizing", "Sorry about the mix-up with the sizes.", "Sorry"),
        ("apologizing", "We apologise for the missing insert.", "We apologise"),
        ("please", "Could you please check the serial number?", "please"),
        ("please_start", "Please keep the original box.", "Please"),
        ("indirect_btw", "By the way, the blue one is back in stock.", "By the way"),
        ("direct_question", "Why did the courier skip our street?", "Why"),
        ("direct_start", "So the order never left the depot.", "So"),
        ("counterfactual_modal", "Would you send the receipt again?", "Would you"),
        ("indicative_modal", "Can you confirm the house number?", "Can you"),
        ("first_person_start", "I checked the tracking page twice.", "I"),
        ("first_person_plural", "The parcel reached our hub today.", "our"),
        ("first_person", "Yesterday I called the depot.", "I"),
        ("second_person", "Thanks for letting us know your size.", "your"),
        ("second_person_start", "You sent the wrong voucher code.", "You"),
        ("hedges", "Maybe the courier tried the back door.", "Maybe"),
        ("factuality", "In fact the item was never scanned.", "In fact"),
        ("subjunctive", "I was wondering whether the lamp fits.", "I was wondering"),
        ("imperative", "Send the broken mug back.", "Send"),
        ("blaming", "You should have read the size chart.", "You should have"),
        ("blaming", "That is not our problem.", "not our problem"),
        ("vague_time", "Your refund will come through soon.", "soon"),
        ("vague_time", "The spare part ships in a few days.", "in a few days"),
    ],
)
def test_each_strategy_finds_its_cue_and_reports_the_span(
    strategy: str, text: str, expected_span: str
) -> None:
    assert strategy in STRATEGY_NAMES
    assert expected_span in found(text).get(strategy, [])


@pytest.mark.parametrize(
    ("strategy", "text"),
    [
        ("please", "Please keep the original box."),  # only at the start: please_start
        ("please_start", "Could you please keep the box?"),
        ("greeting", "The item is a hi-fi speaker."),
        ("apologizing", "The sorrel-green scarf is back."),
        ("imperative", "Do you have the order number?"),  # a question, not a command
        ("imperative", "Thank you for the photos."),
        ("vague_time", "It arrives on Friday, 14 November."),
        ("second_person_start", "Our team packed it today."),
        ("direct_question", "I know what happened."),
        ("counterfactual_modal", "It could be the courier."),
        ("blaming", "We should have packed it better."),
        ("negative_lexicon", "The wrongly-sized box."),
    ],
)
def test_strategies_do_not_fire_on_lookalikes(strategy: str, text: str) -> None:
    assert strategy not in found(text)


def test_spans_point_at_the_matched_text() -> None:
    text = "Hi Jo. Sorry, the parcel is late. Could you wait until Monday?"
    for finding in detect(text):
        for span in finding.spans:
            assert text[span.start : span.end] == span.text


def test_sentence_start_strategies_see_every_sentence() -> None:
    text = "Thanks for the photo. Please send the invoice too.\nYou can reply here."
    spans = found(text)
    assert spans["please_start"] == ["Please"]
    assert spans["second_person_start"] == ["You"]
