"""Settling a process's heap: what start-up made is frozen, later garbage still collected."""

from __future__ import annotations

import gc
import weakref

from opsdesk.kernel import heap


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_settle_freezes_what_exists_and_later_cycles_are_still_collected() -> None:
    try:
        frozen = heap.settle()
        assert frozen > 1000  # this process's modules, at least
        # frozen objects may still die by reference count (another thread of an earlier
        # test letting go of something), never more may appear without another freeze
        assert 1000 < gc.get_freeze_count() <= frozen
        later = _Node()
        gone = weakref.ref(later)
        del later
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
