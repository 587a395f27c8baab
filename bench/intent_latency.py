"""Latency of one intent classification (with language detection), against baselines.

In the same run: the shipped model (own phrases + the public file + the static sentence
vector, issue 19), the same weights without the sentence vector (the n-gram part alone),
the static embedding alone, the previous model (own phrases only, trained here), and the
previous model's features and SVM scored through scikit-learn's
``transform``/``decision_function`` one message at a time.

    .venv/bin/python bench/intent_latency.py [N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from opsdesk.assistant.nlu.classifier import (
    INTENT_FEATURES,
    IntentModel,
    classify,
    phrases_intent_model,
    shipped_intent_model,
)
from opsdesk.assistant.nlu.linear import LinearTextModel, _fit
from opsdesk.assistant.nlu.normalize import normalize
from opsdesk.assistant.nlu.typos import typo_copies
from opsdesk.assistant.phrases import load_phrases

MESSAGES = [
    "where is my order #1042",
    "i want to cancel the order i placed yesterday, it's too expensive",
    "wo bleibt mein Paket?? seit einer Woche nichts",
    "je voudrais être remboursé pour la commande OD-100123",
    "hola, quiero hablar con una persona",
    "cadê meu pedido",
    "thx",
    "can you tell me what payment methods you accept and whether klarna is one of them",
]


def percentiles(
    run: Callable[[str], object], n: int, messages: list[str] = MESSAGES
) -> tuple[float, float, float]:
    """Wall-clock p50 and p95, and the p95 of CPU time (which a busy shared machine's
    waiting for a core does not inflate), in milliseconds."""
    wall, cpu = [], []
    for i in range(n):
        message = messages[i % len(messages)]
        start, start_cpu = time.perf_counter(), time.thread_time()
        run(message)
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    w, c = np.array(wall) * 1000, np.array(cpu) * 1000
    return float(np.percentile(w, 50)), float(np.percentile(w, 95)), float(np.percentile(c, 95))


def main(n: int) -> None:
    start = time.perf_counter()
    shipped_intent_model()
    classify("warm up")
    print(f"loading intent + training language model: {time.perf_counter() - start:.1f} s")
    phrases = load_phrases()
    texts = [normalize(p.text) for p in phrases]
    fitted, svm = _fit(texts, [p.intent for p in phrases], INTENT_FEATURES, 0.5)

    def baseline(message: str) -> object:
        vectors: list[TfidfVectorizer] = fitted
        return svm.decision_function(hstack([v.transform([normalize(message)]) for v in vectors]))

    previous: IntentModel = phrases_intent_model()

    def before(message: str) -> object:
        return classify(message, model=previous)

    shipped = shipped_intent_model().linear
    sparse_rows = sum(len(b.terms) for b in shipped.blocks)
    ngrams_only = IntentModel(LinearTextModel(shipped.labels, shipped.blocks,
                              shipped.weights[:sparse_rows].T, shipped.intercept,
                              shipped.temperature))  # fmt: skip

    def without_vector(message: str) -> object:
        return classify(message, model=ngrams_only)

    runs: list[tuple[str, Callable[[str], object]]] = [
        ("classify (shipped)", classify),
        ("classify (shipped, n-grams only)", without_vector),
        ("classify (previous model)", before),
        ("sklearn transform+decision", baseline),
    ]
    if shipped.dense is not None:
        dense = shipped.dense
        runs.insert(2, ("sentence vector alone", lambda m: dense.features(normalize(m))))
    # every message a fresh misspelling: the sentence vector's typo back-off is not cached
    typos = [t for k in range(n // len(MESSAGES) + 1) for t in typo_copies(MESSAGES, seed=k)]
    for name, run, messages in [
        *((name, run, MESSAGES) for name, run in runs),
        ("classify (shipped), new typos", classify, typos),
    ]:
        p50, p95, cpu95 = percentiles(run, n, messages)
        print(
            f"{name:32s} wall p50 {p50:5.2f} ms, p95 {p95:5.2f} ms; cpu p95 {cpu95:5.2f} ms ({n})"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Latency of one intent classification.")
    parser.add_argument("messages", nargs="?", type=int, default=2000, help="how many to time")
    main(parser.parse_args().messages)
