"""How the static embedding table is made from one big-model vector per vocabulary item
(``scripts/build-intent-embedding``; nothing here runs in the product).

- **Vocabulary**: the normalised words of the own phrases and of the public intents file,
  and the most frequent words of each of the five languages (wordfreq's lists, folded the
  way ``normalize`` folds a message).
- **Reduction**: the vectors are centred (multilingual-e5's vectors share one large common
  direction) and projected on their first principal components, signs fixed so that a
  rebuild gives the same table.
- **Weights**: smooth inverse frequency, ``a / (a + p(word))``: "the", "de", "que" weigh
  almost nothing, "refund", "Rechnung" almost one. Words of our own texts missing from the
  frequency lists count as rare. The table is then scaled so that a typical rare word's
  row has length one (a one-word message's vector is about as long as its tf-idf block).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from opsdesk.assistant.nlu.normalize import normalize
from opsdesk.assistant.nlu.static_embedding import StaticEmbedding

DIMENSIONS = 256
SIF_COEFFICIENT = 1e-4


def vocabulary_words(texts: Iterable[str]) -> list[str]:
    """The distinct normalised words of ``texts``, sorted."""
    return sorted({word for text in texts for word in normalize(text).split()})


def folded_frequencies(frequency: Mapping[str, float]) -> dict[str, float]:
    """Word frequencies keyed by the normalised form (the highest of the forms that meet)."""
    folded: dict[str, float] = {}
    for word, value in frequency.items():
        for form in normalize(word).split():
            folded[form] = max(folded.get(form, 0.0), value)
    return folded


def principal_components(vectors: NDArray[np.float64], dims: int) -> NDArray[np.float64]:
    """The centred vectors on their first ``dims`` components, each component's sign fixed
    so that its largest loading is positive (SVD's signs are otherwise arbitrary)."""
    centred = vectors - vectors.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:dims]
    signs = np.sign(components[np.arange(len(components)), np.abs(components).argmax(axis=1)])
    return np.asarray(centred @ (components * signs[:, None]).T, dtype=np.float64)


def build_table(
    words: Sequence[str],
    vectors: NDArray[np.floating],
    frequency: Mapping[str, float],
    *,
    dims: int = DIMENSIONS,
    sif: float = SIF_COEFFICIENT,
) -> StaticEmbedding:
    """The weighted, reduced table; rows sorted by frequency (most frequent first), so the
    typo back-off prefers common words on ties."""
    if len(words) != len(vectors):
        raise ValueError("one vector per word")
    reduced = principal_components(np.asarray(vectors, dtype=np.float64), dims)
    p = np.array([frequency.get(w, 0.0) for w in words])
    weight = sif / (sif + p)
    rows = reduced * weight[:, None]
    norms = np.linalg.norm(rows, axis=1)
    typical = float(np.median(norms[weight > 0.5])) if (weight > 0.5).any() else 1.0
    rows = rows / (typical or 1.0)
    order = sorted(range(len(words)), key=lambda i: (-p[i], words[i]))
    return StaticEmbedding([words[i] for i in order], rows[order].astype(np.float32))
