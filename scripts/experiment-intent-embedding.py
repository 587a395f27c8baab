"""Choose how much the static sentence vector weighs beside the sparse n-grams (issue 19).

Grouped cross-validation over the public intents file (template groups on one side; own
phrases and typo copies of the training folds always fitted, as in ``nlu.recipe``),
scored as written and with seeded typos, for each ``alpha`` (0 = the sparse model alone)
and table size. The out-of-template messages are printed beside it as a test only: the
choice is the best grouped-CV mean of clean and typo accuracy.

    .venv/bin/python scripts/experiment-intent-embedding.py PUBLIC_CSV TABLE.npz [TABLE.npz…]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from opsdesk.assistant.nlu.classifier import INTENT_FEATURES
from opsdesk.assistant.nlu.evaluation import read_labelled_csv
from opsdesk.assistant.nlu.grouping import template_groups
from opsdesk.assistant.nlu.normalize import normalize
from opsdesk.assistant.nlu.recipe import GROUP_THRESHOLD, TYPO_SEED, training_set
from opsdesk.assistant.nlu.static_embedding import StaticEmbedding
from opsdesk.assistant.nlu.typos import typo_copies

ALPHAS = (0.0, 0.5, 1.0, 2.0)
FOLDS = 3


def fit_predict(train_x, train_y, tests, alpha, dense_train, dense_tests):
    extra = [csr_matrix(dense_train * alpha)] if alpha else []
    svm = LinearSVC(C=0.5, class_weight="balanced", max_iter=5000, random_state=0)
    svm.fit(hstack([train_x, *extra]).tocsr(), train_y)
    out = []
    for x, d in zip(tests, dense_tests, strict=True):
        extra = [csr_matrix(d * alpha)] if alpha else []
        out.append(svm.predict(hstack([x, *extra]).tocsr()))
    return out


def main(public_csv: Path, tables: list[Path]) -> None:
    public = read_labelled_csv(public_csv, text_column="utterance", label_column="intent")
    oot = read_labelled_csv(
        Path("tests/data/intents/out_of_template.csv"),
        text_column="text", label_column="intent", language_column="language",
    )  # fmt: skip
    oot_typos = typo_copies(oot.texts, seed=0, count=2)
    own = training_set([], [])
    groups = np.array(template_groups(public.texts, threshold=GROUP_THRESHOLD))
    embeddings = {p.name: StaticEmbedding.load(p) for p in tables}
    results: dict[tuple[str, float], list[float]] = {}
    folds = GroupKFold(n_splits=FOLDS).split(public.texts, public.labels, groups)
    for fold, (train, test) in enumerate(folds):
        texts = [public.texts[i] for i in train]
        labels = [public.labels[i] for i in train]
        held = [public.texts[i] for i in test]
        truth = np.array([public.labels[i] for i in test] * 2)
        fit_texts = [*own.texts, *texts, *typo_copies(texts, seed=TYPO_SEED, count=1)]
        fit_labels = [*own.labels, *labels, *labels]
        held_all = [*held, *typo_copies(held, seed=fold, count=2)]
        norm_fit = [normalize(t) for t in fit_texts]
        parts = {"cv": [normalize(t) for t in held_all]}
        if fold == 0:
            parts["oot"] = [normalize(t) for t in [*oot.texts, *oot_typos]]
        vectorizers = [spec.vectorizer().fit(norm_fit) for spec in INTENT_FEATURES]
        sparse_fit = hstack([v.transform(norm_fit) for v in vectorizers]).tocsr()
        sparse = {
            k: hstack([v.transform(t) for v in vectorizers]).tocsr() for k, t in parts.items()
        }
        for name, emb in embeddings.items():
            dense_fit = emb.embed_many(norm_fit)
            dense = {k: emb.embed_many(t) for k, t in parts.items()}
            for alpha in ALPHAS:
                if alpha == 0 and name != next(iter(embeddings)):
                    continue
                start = time.time()
                keys = list(parts)
                predicted = fit_predict(
                    sparse_fit, fit_labels, [sparse[k] for k in keys], alpha,
                    dense_fit, [dense[k] for k in keys],
                )  # fmt: skip
                cv = predicted[0]
                n = len(held)
                scores = [(cv[:n] == truth[:n]).mean(), (cv[n:] == truth[n:]).mean()]
                results.setdefault((name, alpha), []).append(scores)
                line = (
                    f"fold {fold} {name} alpha {alpha}: clean {scores[0]:.3f} typos {scores[1]:.3f}"
                )
                if fold == 0:
                    o = predicted[1]
                    m = len(oot.texts)
                    oot_truth = np.array(oot.labels)
                    lang = np.array(oot.languages)
                    per = {
                        la: round(float((o[:m][lang == la] == oot_truth[lang == la]).mean()), 3)
                        for la in sorted(set(lang))
                    }
                    line += (f" | OOT (fold-0 model) {(o[:m] == oot_truth).mean():.3f}"
                             f" typos {(o[m:] == np.array(oot.labels)).mean():.3f} {per}")  # fmt: skip
                print(f"{line} ({time.time() - start:.0f} s)", flush=True)
    for (name, alpha), folds_scores in results.items():
        mean = np.mean(folds_scores, axis=0)
        print(f"{name} alpha {alpha}: grouped CV clean {mean[0]:.4f} typos {mean[1]:.4f}")


def by_source(public_csv: Path, tables: list[Path]) -> None:
    """Two folds that split by *who wrote it*: fit on the own phrases, score the public
    file; fit on the public file (+ typo copies) and the non-English own phrases, score the
    English own phrases. Clean and with seeded typos."""
    from opsdesk.assistant.phrases import load_phrases

    public = read_labelled_csv(public_csv, text_column="utterance", label_column="intent")
    phrases = load_phrases()
    own_en = [p for p in phrases if p.language == "en"]
    own_other = [p for p in phrases if p.language != "en"]
    folds = [
        ([p.text for p in phrases], [p.intent for p in phrases], public.texts, public.labels),
        (
            [*public.texts, *typo_copies(public.texts, seed=TYPO_SEED, count=1),
             *(p.text for p in own_other)],
            [*public.labels, *public.labels, *(p.intent for p in own_other)],
            [p.text for p in own_en], [p.intent for p in own_en],
        ),
    ]  # fmt: skip
    embeddings = {p.name: StaticEmbedding.load(p) for p in tables}
    for k, (fit_texts, fit_labels, held, labels) in enumerate(folds):
        held_all = [normalize(t) for t in [*held, *typo_copies(held, seed=k, count=2)]]
        truth = np.array(labels * 2)
        norm_fit = [normalize(t) for t in fit_texts]
        vectorizers = [spec.vectorizer().fit(norm_fit) for spec in INTENT_FEATURES]
        sparse_fit = hstack([v.transform(norm_fit) for v in vectorizers]).tocsr()
        sparse_held = hstack([v.transform(held_all) for v in vectorizers]).tocsr()
        for name, emb in embeddings.items():
            dense_fit, dense_held = emb.embed_many(norm_fit), emb.embed_many(held_all)
            for alpha in ALPHAS:
                if alpha == 0 and name != next(iter(embeddings)):
                    continue
                (p,) = fit_predict(sparse_fit, fit_labels, [sparse_held], alpha,
                                   dense_fit, [dense_held])  # fmt: skip
                n = len(held)
                print(f"source fold {k} {name} alpha {alpha}: clean "
                      f"{(p[:n] == truth[:n]).mean():.3f} typos {(p[n:] == truth[n:]).mean():.3f}",
                      flush=True)  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "--by-source":
        by_source(Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
    else:
        main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
