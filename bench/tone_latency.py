"""Tone coach latency per message: the previous English weights against the shipped ones,
in one run, on the Wikipedia requests and on the hand-written reply sets.

    .venv/bin/python bench/tone_latency.py [--rounds 3] [--json]

Prints wall p50/p95 and CPU-time p95 per message (CPU time is what the code costs on a
busy machine; wall time includes waiting for a core).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from opsdesk.tone import check_tone, shipped_model
from opsdesk.tone.model import PolitenessModel, ToneWeights
from opsdesk.tone.reply_set import read_replies

ROOT = Path(__file__).parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "politeness" / "wikipedia_dev.csv"
TONE_DATA = ROOT / "tests" / "data" / "tone"
BASELINE = TONE_DATA / "baseline" / "weights_2026-11-26.json"


def _measure(call: Callable[[str], object], texts: Sequence[str], rounds: int) -> dict[str, float]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for text in texts:
            w0, c0 = time.perf_counter(), time.process_time()
            call(text)
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
    q = statistics.quantiles
    return {
        "messages": len(wall),
        "wall_p50_ms": round(statistics.median(wall) * 1e3, 3),
        "wall_p95_ms": round(q(wall, n=20)[18] * 1e3, 3),
        "cpu_p95_ms": round(q(cpu, n=20)[18] * 1e3, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with CORPUS.open(newline="", encoding="utf-8") as handle:
        requests = [row["Request"] for row in csv.DictReader(handle)]
    replies = [r for folder in ("", "holdout", "agents") for r in read_replies(TONE_DATA / folder)]
    previous = PolitenessModel(ToneWeights.load(BASELINE))
    shipped = shipped_model()
    reply_texts = [r.text for r in replies]
    cases = {
        "assess, previous weights": (lambda t: previous.assess(t), requests),
        "assess, shipped weights": (lambda t: shipped.assess(t), requests),
        "check_tone, previous English weights": (lambda t: check_tone(t, "en", model=previous), requests),
        "check_tone, shipped": (lambda t: check_tone(t, "en"), requests),
        "check_tone, reply sets (5 languages)": (lambda t: check_tone(t), reply_texts),
    }  # fmt: skip
    results = {name: _measure(call, texts, args.rounds) for name, (call, texts) in cases.items()}
    load = Path("/proc/loadavg").read_text().split()[:3]
    if args.json:
        print(json.dumps({"loadavg": load, "results": results}, indent=2))
        return
    print(f"load average {' '.join(load)}")
    for name, r in results.items():
        print(f"{name:40s} p50 {r['wall_p50_ms']:.3f} ms  p95 {r['wall_p95_ms']:.3f} ms  "
              f"cpu p95 {r['cpu_p95_ms']:.3f} ms  ({r['messages']} messages)")  # fmt: skip


if __name__ == "__main__":
    main()
