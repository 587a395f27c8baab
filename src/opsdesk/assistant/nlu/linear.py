"""A linear model over TF-IDF n-grams: fitted with scikit-learn, scored without it.

scikit-learn's pipeline costs milliseconds per single message in input checks; the model
itself is a dictionary lookup and a small matrix product. So training uses
``TfidfVectorizer`` + ``LinearSVC``, and the fitted vocabulary, idf weights and
coefficients are kept as plain arrays: a message scores in a fraction of a millisecond,
and a model saves to an ``.npz`` file with no pickle (loading runs no code from the file).
Confidence is a softmax over the decision scores with a temperature fitted on held-out
examples (temperature scaling), so a 0.8 means about 80 % right.
"""

from __future__ import annotations

import json
import math
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # scikit-learn and SciPy load only when a model is fitted (about a second)
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

FORMAT_VERSION = 1
TEMPERATURES = tuple(0.25 * 1.25**k for k in range(24))


@dataclass(frozen=True)
class BlockSpec:
    """How one block of n-gram features is cut from the text (mirrors TfidfVectorizer)."""

    analyzer: str
    ngram_min: int
    ngram_max: int
    min_df: int = 1

    def vectorizer(self) -> TfidfVectorizer:
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            analyzer=self.analyzer,
            ngram_range=(self.ngram_min, self.ngram_max),
            min_df=self.min_df,
            sublinear_tf=True,
            lowercase=False,
            dtype=np.float64,
        )


class Embedder(Protocol):
    dim: int

    def embed(self, text: str) -> NDArray[np.float64]: ...


@dataclass(frozen=True)
class DenseBlock:
    """A sentence vector appended to the n-gram features, scaled by ``alpha`` (how much it
    weighs against the unit-length tf-idf blocks under the SVM's one regularisation)."""

    embedder: Embedder
    alpha: float

    def features(self, text: str) -> NDArray[np.float64]:
        return self.alpha * self.embedder.embed(text)

    def matrix(self, texts: Sequence[str]) -> csr_matrix:
        from scipy.sparse import csr_matrix

        return csr_matrix(np.vstack([self.features(t) for t in texts]))


class TfidfBlock:
    """The transform half of a fitted TfidfVectorizer: n-grams → l2-normalised tf-idf."""

    def __init__(self, spec: BlockSpec, terms: Sequence[str], idf: NDArray[np.float64]) -> None:
        self.spec = spec
        self.terms = list(terms)
        self.vocabulary = {term: i for i, term in enumerate(self.terms)}
        self.idf = idf
        self.analyze: Callable[[str], list[str]] = spec.vectorizer().build_analyzer()

    @classmethod
    def from_fitted(cls, spec: BlockSpec, fitted: TfidfVectorizer) -> TfidfBlock:
        terms = sorted(fitted.vocabulary_, key=fitted.vocabulary_.__getitem__)
        return cls(spec, terms, np.asarray(fitted.idf_, dtype=np.float64))

    def features(self, text: str) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
        counts = Counter(t for t in self.analyze(text) if t in self.vocabulary)
        index = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.intp, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float64, len(counts))
        weights = tf * self.idf[index]
        norm = float(np.sqrt(weights @ weights))
        return index, (weights / norm if norm else weights)


class LinearTextModel:
    """Labels, feature blocks and one weight column per label; scores a text."""

    def __init__(
        self,
        labels: Sequence[str],
        blocks: Sequence[TfidfBlock],
        coef: NDArray[np.float64],
        intercept: NDArray[np.float64],
        temperature: float,
        dense: DenseBlock | None = None,
    ) -> None:
        self.labels = list(labels)
        self.blocks = list(blocks)
        self.weights = np.ascontiguousarray(coef.T)  # rows are features: gather, then sum
        self.intercept = intercept
        self.temperature = temperature
        self.dense = dense
        self._offsets = np.cumsum([0] + [len(b.terms) for b in self.blocks[:-1]])
        self._dense_rows = self.weights[sum(len(b.terms) for b in self.blocks) :]
        if len(self._dense_rows) != (dense.embedder.dim if dense else 0):
            raise ValueError("the weights do not match the features")

    def decision(self, text: str) -> NDArray[np.float64]:
        scores = self.intercept.copy()
        for offset, block in zip(self._offsets, self.blocks, strict=True):
            index, values = block.features(text)
            if len(index):
                scores += values @ self.weights[index + offset]
        if self.dense is not None:
            scores += self.dense.features(text) @ self._dense_rows
        return scores

    def probabilities(self, text: str) -> NDArray[np.float64]:
        return softmax(self.decision(text) * self.temperature)

    def save(self, path: Path, metadata: dict[str, Any]) -> None:
        arrays: dict[str, Any] = {
            "coef": self.weights.T.astype(np.float32),  # half the file; scores differ < 1e-6
            "intercept": self.intercept,
            "labels": np.array(self.labels, dtype=str),
        }
        specs = []
        for i, block in enumerate(self.blocks):
            arrays[f"terms_{i}"] = np.array(block.terms, dtype=str)
            arrays[f"idf_{i}"] = block.idf
            specs.append(block.spec.__dict__)
        header: dict[str, Any] = {
            "format": FORMAT_VERSION, "temperature": self.temperature, "blocks": specs
        }  # fmt: skip
        if self.dense is not None:
            header["dense"] = {"alpha": self.dense.alpha, "dim": self.dense.embedder.dim}
        arrays["header"] = np.array(json.dumps({**header, "metadata": metadata}))
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(
        cls, path: Path, embedder: Callable[[], Embedder | None] = lambda: None
    ) -> tuple[LinearTextModel, dict[str, Any]]:
        """``embedder`` gives the sentence vectors a model with a dense block learnt with
        (called only for such a model)."""
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            if header.get("format") != FORMAT_VERSION:
                raise ValueError(f"unsupported model format {header.get('format')!r}")
            dense = None
            if "dense" in header:
                vectors = embedder()
                if vectors is None or vectors.dim != header["dense"]["dim"]:
                    raise ValueError(f"{path} needs the sentence embedding it was trained on")
                dense = DenseBlock(vectors, float(header["dense"]["alpha"]))
            blocks = [
                TfidfBlock(BlockSpec(**spec), data[f"terms_{i}"].tolist(), data[f"idf_{i}"])
                for i, spec in enumerate(header["blocks"])
            ]
            model = cls(
                data["labels"].tolist(),
                blocks,
                np.asarray(data["coef"], dtype=np.float64),
                data["intercept"],
                header["temperature"],
                dense,
            )
        return model, header["metadata"]


def softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=-1, keepdims=True), dtype=np.float64)


def _matrix(
    fitted: Sequence[TfidfVectorizer], texts: Sequence[str], dense: DenseBlock | None = None
) -> csr_matrix:
    from scipy.sparse import csr_matrix, hstack

    extra = [dense.matrix(texts)] if dense is not None else []
    return csr_matrix(hstack([*(v.transform(texts) for v in fitted), *extra]))


def _fit(
    texts: Sequence[str],
    labels: Sequence[str],
    specs: Sequence[BlockSpec],
    c: float,
    dense: DenseBlock | None = None,
) -> tuple[list[TfidfVectorizer], LinearSVC]:
    from sklearn.svm import LinearSVC

    fitted = [spec.vectorizer().fit(texts) for spec in specs]
    svm = LinearSVC(C=c, class_weight="balanced", max_iter=5000, random_state=0)
    with warnings.catch_warnings():
        # A retailer's file may have few messages per intent; that is allowed, not a mistake.
        warnings.filterwarnings("ignore", message="The number of unique classes")
        svm.fit(_matrix(fitted, texts, dense), labels)
    return fitted, svm


def can_stratify(labels: Sequence[str], test_share: float) -> bool:
    """Whether both parts of a split can hold every label (scikit-learn refuses otherwise)."""
    counts = Counter(labels)
    test_size = math.ceil(len(labels) * test_share)
    return min(counts.values()) >= 2 and len(counts) <= min(test_size, len(labels) - test_size)


def _best_temperature(decisions: NDArray[np.float64], truth: NDArray[np.intp]) -> float:
    """The softmax temperature that maximises the likelihood of held-out labels."""

    def nll(t: float) -> float:
        p = softmax(decisions * t)[np.arange(len(truth)), truth]
        return float(-np.log(np.clip(p, 1e-12, None)).mean())

    return min(TEMPERATURES, key=nll)


def _split(
    texts: Sequence[str], labels: Sequence[str], seed: int, groups: Sequence[int] | None
) -> tuple[list[str], list[str], list[str], list[str]]:
    """80/20, stratified; with ``groups``, whole groups go to one side (group -1: always
    fitted), so near-duplicates of a held-out message cannot make the model look sure."""
    from sklearn.model_selection import GroupShuffleSplit, train_test_split

    if groups is None:
        stratify = list(labels) if can_stratify(labels, 0.2) else None
        parts = train_test_split(
            list(texts), list(labels), test_size=0.2, random_state=seed, stratify=stratify
        )
        return parts[0], parts[1], parts[2], parts[3]
    grouped = [i for i, g in enumerate(groups) if g >= 0]
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    _fit_part, held_part = next(splitter.split(grouped, groups=[groups[i] for i in grouped]))
    held = {grouped[i] for i in held_part}
    fit = [i for i in range(len(texts)) if i not in held]
    return (
        [texts[i] for i in fit],
        [texts[i] for i in sorted(held)],
        [labels[i] for i in fit],
        [labels[i] for i in sorted(held)],
    )


def _held_out_temperature(
    texts: Sequence[str],
    labels: Sequence[str],
    specs: Sequence[BlockSpec],
    c: float,
    seed: int,
    groups: Sequence[int] | None = None,
    dense: DenseBlock | None = None,
) -> float:
    fit_x, held_x, fit_y, held_y = _split(texts, labels, seed, groups)
    if len(set(fit_y)) < 2 or not held_x:
        return 1.0
    fitted, svm = _fit(fit_x, fit_y, specs, c, dense)
    decisions = svm.decision_function(_matrix(fitted, held_x, dense))
    if decisions.ndim == 1:  # two labels: sklearn returns one column
        decisions = np.column_stack([-decisions, decisions]) / 2
    known = {label: i for i, label in enumerate(svm.classes_)}
    keep = [i for i, y in enumerate(held_y) if y in known]
    if not keep:  # no held-out label was seen in fitting: nothing to calibrate on
        return 1.0
    truth = np.array([known[held_y[i]] for i in keep], dtype=np.intp)
    return _best_temperature(decisions[keep], truth)


def fit_linear_text_model(
    texts: Sequence[str],
    labels: Sequence[str],
    specs: Sequence[BlockSpec],
    *,
    c: float = 0.5,
    seed: int = 13,
    groups: Sequence[int] | None = None,
    dense: DenseBlock | None = None,
) -> LinearTextModel:
    """Fit on all examples; the temperature comes from a fit on 80 % scored on the rest
    (on whole ``groups`` of near-duplicates when given). ``dense``: a sentence vector
    appended to the n-gram features."""
    if len(set(labels)) < 2:
        raise ValueError("training needs examples of at least two labels")
    if groups is not None and len(groups) != len(texts):
        raise ValueError("texts and groups differ in length")
    temperature = _held_out_temperature(texts, labels, specs, c, seed, groups, dense)
    fitted, svm = _fit(texts, labels, specs, c, dense)
    coef = np.asarray(svm.coef_, dtype=np.float64)
    intercept = np.asarray(svm.intercept_, dtype=np.float64)
    if coef.shape[0] == 1:  # binary: expand to one column per label, symmetric
        coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    blocks = [TfidfBlock.from_fitted(spec, v) for spec, v in zip(specs, fitted, strict=True)]
    classes = [str(x) for x in svm.classes_]
    return LinearTextModel(classes, blocks, coef, intercept, temperature, dense)
