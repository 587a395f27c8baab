"""Checks of how the politeness model carries beyond the requests it was fitted on.

Three pieces, all pure: near-duplicate groups (so a request and its near-copy never sit
on both sides of a split), a fixed held-out part of the dev file, and labelled texts of
other registers (support e-mails, forum questions, reviews) scored per register.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from opsdesk.kernel.errors import InvalidInput
from opsdesk.tone.fitting import LabelledSet
from opsdesk.tone.model import PolitenessModel
from opsdesk.tone.reply_set import csv_rows

NEAR_DUPLICATE_JACCARD = 0.5
HELD_OUT_PERCENT = 20
REGISTER_COLUMNS = ("register", "label", "text")
LABELS = {"polite": 1, "impolite": 0}
_WORD = re.compile(r"[a-z0-9']+")


def near_duplicate_groups(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[int]:
    """A group id per text; texts whose word sets overlap by ``threshold`` (Jaccard) or
    more share one, transitively."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, text in enumerate(texts):
        for word in set(_WORD.findall(text.lower())):
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    n = len(texts)
    words = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocabulary)))
    shared = sparse.triu(words @ words.T, k=1).tocoo()
    sizes = np.asarray(words.sum(axis=1)).ravel()
    union = sizes[shared.row] + sizes[shared.col] - shared.data
    close = shared.data >= threshold * union
    linked = sparse.csr_matrix(
        (np.ones(int(close.sum())), (shared.row[close], shared.col[close])), shape=(n, n)
    )
    _, labels = sparse.csgraph.connected_components(linked, directed=False)
    return [int(label) for label in labels]  # fmt: skip


def _held_out(text: str, percent: int) -> bool:
    digest = hashlib.sha256(text.strip().lower().encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def split_held_out(
    data: LabelledSet, groups: Sequence[int], percent: int = HELD_OUT_PERCENT
) -> tuple[LabelledSet, LabelledSet]:
    """(rest, held out): a fixed ~``percent`` % of the groups, chosen by a hash of the
    group's first text, so every run and machine holds out the same requests."""
    first: dict[int, str] = {}
    for text, group in zip(data.texts, groups, strict=True):
        first.setdefault(group, text)
    out = [_held_out(first[g], percent) for g in groups]
    return _subset(data, out, False), _subset(data, out, True)


def _subset(data: LabelledSet, held_out: Sequence[bool], side: bool) -> LabelledSet:
    kept = [(t, y) for t, y, o in zip(data.texts, data.labels, held_out, strict=True) if o == side]
    return LabelledSet([t for t, _ in kept], [y for _, y in kept])


@dataclass(frozen=True)
class RegisterText:
    register: str
    label: int  # 1 polite, 0 impolite
    text: str


def read_register_texts(path: Path) -> list[RegisterText]:
    """Labelled texts from a CSV (columns register, label, text) or each ``*.csv`` in a folder."""
    texts: list[RegisterText] = []
    for name, number, row in csv_rows(path, REGISTER_COLUMNS, "files"):
        if row["label"] not in LABELS:
            raise InvalidInput(f"{name} line {number}: label must be polite or impolite")
        texts.append(RegisterText(row["register"].strip(), LABELS[row["label"]], row["text"]))
    return texts


def register_accuracy(model: PolitenessModel, texts: Sequence[RegisterText]) -> dict[str, float]:
    """Share right per register (probability ≥ 0.5 means polite), plus ``all``."""
    right: dict[str, list[bool]] = {}
    for item in texts:
        hit = int(model.probability(item.text) >= 0.5) == item.label
        right.setdefault(item.register, []).append(hit)
        right.setdefault("all", []).append(hit)
    return {register: float(np.mean(hits)) for register, hits in sorted(right.items())}
