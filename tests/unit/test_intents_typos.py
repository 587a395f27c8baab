"""The seeded typo generator used to measure robustness (issue 19)."""

from __future__ import annotations

import random

from opsdesk.assistant.nlu.typos import NEIGHBOUR_KEYS, typo_copies, with_typos


def test_the_same_seed_gives_the_same_typos_and_another_seed_others() -> None:
    texts = ["please cancel my order from yesterday", "where is my parcel going"] * 5
    assert typo_copies(texts, seed=3) == typo_copies(texts, seed=3)
    assert typo_copies(texts, seed=3) != typo_copies(texts, seed=4)


def test_each_slip_stays_inside_one_long_word_and_keeps_its_last_letter() -> None:
    rng = random.Random(1)
    text = "hi my refund from march never came back"
    for _ in range(200):
        slipped = with_typos(text, rng, count=1)
        changed = [(a, b) for a, b in zip(text.split(), slipped.split(), strict=True) if a != b]
        assert len(changed) <= 1
        for before, after in changed:
            assert len(before) > 3
            assert abs(len(before) - len(after)) <= 1
            assert after[-1] == before[-1]


def test_two_slips_touch_two_different_words() -> None:
    rng = random.Random(7)
    text = "please change the delivery address"
    changed = {
        i
        for _ in range(50)
        for i, (a, b) in enumerate(
            zip(text.split(), with_typos(text, rng, count=2).split(), strict=True)
        )
        if a != b
    }
    assert changed <= {0, 1, 3, 4}  # "the" is too short to slip
    assert len(changed) >= 3


def test_short_words_and_numbers_are_left_alone() -> None:
    assert with_typos("is it ok #1042", random.Random(0), count=3) == "is it ok #1042"


def test_neighbour_keys_are_next_to_each_other_on_a_qwerty_keyboard() -> None:
    assert set("qwedcxza") >= set(NEIGHBOUR_KEYS["s"]) >= set("awdz")
    assert "p" not in NEIGHBOUR_KEYS["a"]
    assert all(
        key in NEIGHBOUR_KEYS[near] for key, nears in NEIGHBOUR_KEYS.items() for near in nears
    )
