"""Groups of near-duplicate messages, so a cross-validation cannot score a template it
was trained on.

Public intent sets are written from templates: "I need help canceling my order" and
"could you help me cancelling the last order I made?" differ in a few words. A random
split puts one on each side and the score measures recall of templates, not
generalisation. Messages are compared in their normalised form (placeholders, order
numbers and digits replaced, case and punctuation dropped) by the cosine of their word
1–2-gram tf-idf vectors; each message that no earlier group leader reaches at
``threshold`` leads a new group, and every later message it reaches joins it (leader
clustering: unlike linking neighbours of neighbours, it does not chain a whole file into
one group).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from opsdesk.assistant.nlu.normalize import normalize

DEFAULT_THRESHOLD = 0.5


def template_groups(texts: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """A group number per text; texts with the same normalised form always share one."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return []
    normalised = [normalize(t) or "empty" for t in texts]
    vectors = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
    matrix = vectors.fit_transform(normalised)
    similar = (matrix @ matrix.T).tocsr()
    group = np.full(len(texts), -1, dtype=np.intp)
    leaders = 0
    for i in range(len(texts)):
        if group[i] >= 0:
            continue
        row = similar.getrow(i)
        reached = row.indices[row.data >= threshold - 1e-9]
        free = reached[group[reached] < 0]
        group[free] = leaders
        group[i] = leaders
        leaders += 1
    return [int(g) for g in group]
