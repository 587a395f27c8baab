"""Seeded synthetic typos: how a model holds up when customers type fast.

Four slips, each inside one word of four letters or more: a dropped letter, a doubled
letter, two neighbouring letters swapped, or a letter replaced by a neighbouring key on a
QWERTY keyboard. The same seed gives the same typos, so figures can be repeated.
"""

from __future__ import annotations

import random

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbour_keys() -> dict[str, str]:
    """Each letter's neighbours on its own row and the rows above and below."""
    keys: dict[str, str] = {}
    for r, row in enumerate(_ROWS):
        for c, key in enumerate(row):
            near = {row[j] for j in (c - 1, c + 1) if 0 <= j < len(row)}
            for other in (r - 1, r + 1):
                if 0 <= other < len(_ROWS):
                    near |= {
                        _ROWS[other][j] for j in (c - 1, c, c + 1) if 0 <= j < len(_ROWS[other])
                    }
            keys[key] = "".join(sorted(near))
    return keys


NEIGHBOUR_KEYS = _neighbour_keys()
SLIPS = ("drop", "double", "swap", "neighbour")


def _slip(word: str, kind: str, rng: random.Random) -> str:
    pos = rng.randrange(1, len(word) - 1)
    if kind == "drop":
        return word[:pos] + word[pos + 1 :]
    if kind == "double":
        return word[:pos] + word[pos] + word[pos:]
    if kind == "swap":
        return word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
    near = NEIGHBOUR_KEYS.get(word[pos].lower())
    return word[:pos] + rng.choice(near) + word[pos + 1 :] if near else word


def with_typos(text: str, rng: random.Random, *, count: int = 1) -> str:
    """``text`` with up to ``count`` slips, each in a different word where possible."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    rng.shuffle(candidates)
    for i in candidates[:count]:
        words[i] = _slip(words[i], rng.choice(SLIPS), rng)
    return " ".join(words)


def typo_copies(texts: list[str], *, seed: int, count: int = 2) -> list[str]:
    """One typo copy of every text, reproducible from ``seed``."""
    rng = random.Random(seed)
    return [with_typos(t, rng, count=count) for t in texts]
