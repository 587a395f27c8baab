"""How the shipped intent model is made, so that ``opsdesk assistant train --shipped``
rebuilds it exactly from the repository and the public file.

It learns from OpsDesk's own phrases (five languages, ``assistant/phrases``) and, since
issue 19, from the public customer-service intents file (English, CDLA-Sharing 1.0, which
places no condition on trained models): its messages as written plus one seeded typo copy
of each. The public messages are grouped by template (``nlu.grouping``) and the
confidence temperature is fitted on whole held-out groups, so confidence reflects text
unlike the training messages rather than near-copies of them. Only arrays are shipped
(vocabulary, idf, weights); no sentence of the file is.

When the package carries the static multilingual embedding (``intent-embedding.npz``,
``nlu.static_embedding``), its sentence vector, scaled by ``EMBEDDING_ALPHA``, is appended
to the n-gram features; alpha was chosen by grouped cross-validation over the public file
(``scripts/experiment-intent-embedding.py``), never on the out-of-template test messages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from opsdesk.assistant.nlu.classifier import IntentModel, train_intent_model
from opsdesk.assistant.nlu.grouping import template_groups
from opsdesk.assistant.nlu.intents import LANGUAGES
from opsdesk.assistant.nlu.linear import DenseBlock
from opsdesk.assistant.nlu.static_embedding import shipped_embedding
from opsdesk.assistant.nlu.typos import typo_copies
from opsdesk.assistant.phrases import load_phrases

PUBLIC_FILE_NAME = "customer_service_intents_8k.csv"
PUBLIC_TEXT_COLUMN = "utterance"
PUBLIC_LABEL_COLUMN = "intent"
TYPO_SEED = 19
GROUP_THRESHOLD = 0.3
EMBEDDING_ALPHA = 2.0  # 0: the sparse n-gram model alone


@dataclass(frozen=True)
class TrainingSet:
    texts: list[str]
    labels: list[str]
    groups: list[int]  # -1: own phrase (always fitted, never held out for calibration)


def phrases_digest() -> str:
    """A fingerprint of the phrase files: the shipped model records the one it learnt."""
    digest = hashlib.sha256()
    folder = resources.files("opsdesk.assistant.phrases")
    for language in LANGUAGES:
        digest.update(folder.joinpath(f"{language}.txt").read_bytes())
    return digest.hexdigest()[:16]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def training_set(public_texts: Sequence[str], public_labels: Sequence[str]) -> TrainingSet:
    """Own phrases, then the public messages, then their typo copies (same groups)."""
    phrases = load_phrases(LANGUAGES)
    texts = [p.text for p in phrases]
    labels = [p.intent for p in phrases]
    groups = [-1] * len(phrases)
    if public_texts:
        public_groups = template_groups(public_texts, threshold=GROUP_THRESHOLD)
        texts += [*public_texts, *typo_copies(list(public_texts), seed=TYPO_SEED, count=1)]
        labels += [*public_labels, *public_labels]
        groups += [*public_groups, *public_groups]
    return TrainingSet(texts, labels, groups)


def train_recipe(
    public_texts: Sequence[str],
    public_labels: Sequence[str],
    *,
    provenance: Mapping[str, object] | None = None,
    alpha: float = EMBEDDING_ALPHA,
) -> IntentModel:
    """The shipped model's recipe on the given public messages (none: own phrases only);
    ``alpha`` 0 (or no embedding table in the package) leaves the sentence vector out."""
    data = training_set(public_texts, public_labels)
    recorded: dict[str, object] = {
        "phrases": phrases_digest(),
        "public_messages": len(public_texts),
    }
    embedding = shipped_embedding() if alpha else None
    dense = DenseBlock(embedding, alpha) if embedding is not None else None
    if embedding is not None:
        recorded["embedding"] = embedding.digest()
    return train_intent_model(
        data.texts,
        data.labels,
        groups=data.groups,
        provenance={**recorded, **(provenance or {})},
        dense=dense,
    )


def shipped_model_path() -> Path:
    """Where the shipped model lives in a source checkout (package data)."""
    return Path(__file__).with_name("intent-model.npz")
