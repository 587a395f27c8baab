"""Demo order numbers that look like the store's own and cannot be counted through.

A live store draws each number at random (``orders.new_order_number``); the demo must be
the same for the same seed, so it permutes the order id through a keyed Feistel network
over the 50 bits of a number: every id gets its own number (a permutation never
collides), neighbouring ids get unrelated numbers, and without the seed nobody can tell
which number comes next. (The demo's seed is no secret: a demo store is not for real
customers.)
"""

from __future__ import annotations

import hashlib

from opsdesk import orders

HALF = orders.ORDER_NUMBER_BITS // 2
MASK = (1 << HALF) - 1
ROUNDS = 4


def _round(key: bytes, round_no: int, value: int) -> int:
    digest = hashlib.blake2b(value.to_bytes(4, "big"), key=key, digest_size=8,
                             person=b"od-number" + bytes([round_no])).digest()  # fmt: skip
    return int.from_bytes(digest, "big") & MASK


def order_number(seed: int, order_id: int) -> str:
    """The demo number of ``order_id`` for ``seed``: unique per id, unordered."""
    if not 0 <= order_id <= (1 << orders.ORDER_NUMBER_BITS) - 1:
        raise ValueError(f"order id out of range: {order_id}")
    key = seed.to_bytes(16, "big", signed=True)
    left, right = order_id >> HALF, order_id & MASK
    for round_no in range(ROUNDS):
        left, right = right, left ^ _round(key, round_no, right)
    return orders.order_number_from_bits((left << HALF) | right)
