"""Admission control: at most ``slots`` requests inside, a bounded line, 503 past it."""

from __future__ import annotations

import asyncio

import pytest

from opsdesk.kernel.admission import Admission
from opsdesk.kernel.errors import Overloaded
from tests.support.loops import run_async


def test_no_more_than_the_slots_are_inside_and_the_rest_wait_their_turn() -> None:
    async def scenario() -> tuple[int, int]:
        gate = Admission(slots=3, max_wait_seconds=5)
        inside = most = 0

        async def request() -> None:
            nonlocal inside, most
            await gate.enter()
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)
            inside -= 1
            gate.leave()

        await asyncio.gather(*(request() for _ in range(40)))
        return most, inside

    assert run_async(scenario) == (3, 0)


def test_a_request_that_would_wait_too_long_is_turned_away_with_a_retry_after() -> None:
    async def scenario() -> Overloaded:
        gate = Admission(slots=1, max_wait_seconds=0.05)
        await gate.enter()  # the only slot, held
        with pytest.raises(Overloaded) as refused:
            await gate.enter()
        gate.leave()
        await gate.enter()  # free again: admitted at once
        return refused.value

    refusal = run_async(scenario)
    assert refusal.status_code == 503
    assert refusal.details["retry_after_seconds"] >= 1


def test_a_full_line_is_refused_at_once() -> None:
    async def scenario() -> float:
        gate = Admission(slots=1, max_waiting=0, max_wait_seconds=30)
        await gate.enter()
        started = asyncio.get_running_loop().time()
        with pytest.raises(Overloaded):
            await gate.enter()
        return asyncio.get_running_loop().time() - started

    assert run_async(scenario) < 1
