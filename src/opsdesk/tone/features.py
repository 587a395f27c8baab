"""Turn a message into the sparse features the politeness model weighs.

One function serves both fitting and scoring, so the shipped weights mean exactly
what they meant when they were fitted. Features are binary (present or not):

- ``s:<strategy>`` for each politeness strategy found;
- ``w:<token>`` for word unigrams and ``b:<token> <token>`` for bigrams, with sentence
  boundaries marked (``<s>``) so "please" opening a request differs from one inside it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from opsdesk.tone.strategies import Finding

_TOKEN = re.compile(r"<url>|[a-z0-9]+(?:'[a-z]+)?|[?!]")
_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+")
SENTENCE_MARK = "<s>"


def tokens(text: str) -> list[str]:
    """Lower-cased words plus ``?``/``!``, each sentence opened by :data:`SENTENCE_MARK`."""
    out: list[str] = []
    for sentence in _BOUNDARY.split(text.lower()):
        words = _TOKEN.findall(sentence)
        if words:
            out.append(SENTENCE_MARK)
            out.extend(words)
    return out


def ngram_features(words: list[str]) -> set[str]:
    unigrams = {f"w:{w}" for w in words if w != SENTENCE_MARK}
    bigrams = {f"b:{a} {b}" for a, b in pairwise(words)}
    return unigrams | bigrams


def strategy_features(findings: list[Finding]) -> set[str]:
    return {f"s:{f.strategy}" for f in findings}


def features(text: str, findings: list[Finding]) -> set[str]:
    """The names of the binary features that are on for ``text``."""
    return ngram_features(tokens(text)) | strategy_features(findings)
