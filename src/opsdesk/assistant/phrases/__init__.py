"""Training phrases written for OpsDesk, one file per language, expanded deterministically.

A phrase file holds wrapper templates (``@verb``/``@noun``), then per ``[intent]`` core
phrases (``= verb phrase``, ``~ noun phrase``) and literal phrases. Each core is combined
with a few wrappers, chosen by rotation so that no wrapper becomes a clue for one intent.
Slot words (ORDERNUM, SKU, PRODUCT, EMAIL, POSTCODE) are filled with realistic values, and
a seeded share of phrases gets a typo copy, because customers type fast.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from importlib import resources

from opsdesk.assistant.nlu.intents import LANGUAGES

WRAPPERS_PER_VERB_CORE = 6
WRAPPERS_PER_NOUN_CORE = 4
TYPO_SHARE = 0.3

SLOT_VALUES: dict[str, tuple[str, ...]] = {
    "ORDERNUM": (
        "#1042",
        "OD-100123",
        "ORD558201",
        "#20931",
        "9f3c2a7be41d4c6f8a0b5d2e7c1f9a34",
        "4471",
    ),
    "SKU": ("SKU-0042", "TS-BLK-M", "HD-2291", "SKU 7781"),
    "PRODUCT": (
        "the blue hoodie",
        "running shoes",
        "the oak desk lamp",
        "wireless earbuds",
        "linen shirt",
    ),
    "EMAIL": ("anna.berg@example.com", "joe99@mail.example.org"),
    "POSTCODE": ("10115", "SW1A 1AA", "01310-100", "94107"),
}


@dataclass(frozen=True)
class Phrase:
    text: str
    intent: str
    language: str


@dataclass
class PhraseFile:
    """One language's phrase file, parsed but not yet expanded."""

    verb_wrappers: list[str] = field(default_factory=list)
    noun_wrappers: list[str] = field(default_factory=list)
    verb_cores: dict[str, list[str]] = field(default_factory=dict)
    noun_cores: dict[str, list[str]] = field(default_factory=dict)
    literals: dict[str, list[str]] = field(default_factory=dict)

    def intents(self) -> list[str]:
        return sorted(set(self.verb_cores) | set(self.noun_cores) | set(self.literals))


def parse_phrase_file(text: str) -> PhraseFile:
    parsed = PhraseFile()
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("@verb", "@noun") or (line.startswith("[") and line.endswith("]")):
            section = line.strip("[]")
        elif section == "@verb":
            parsed.verb_wrappers.append(line)
        elif section == "@noun":
            parsed.noun_wrappers.append(line)
        elif not section:
            raise ValueError(f"phrase outside of a section: {line!r}")
        elif line[:2] == "= ":
            parsed.verb_cores.setdefault(section, []).append(line[2:])
        elif line[:2] == "~ ":
            parsed.noun_cores.setdefault(section, []).append(line[2:])
        else:
            parsed.literals.setdefault(section, []).append(line)
    return parsed


def _rotate(wrappers: list[str], intent: str, index: int, count: int) -> list[str]:
    if not wrappers:
        return []
    start = zlib.crc32(intent.encode()) + index * count
    return [wrappers[(start + k) % len(wrappers)] for k in range(min(count, len(wrappers)))]


def _fill_slots(text: str, counter: int) -> str:
    for slot, values in SLOT_VALUES.items():
        if slot in text:
            text = text.replace(slot, values[counter % len(values)])
    return text


def add_typo(text: str, rng: random.Random) -> str:
    """Return ``text`` with one plausible slip: a dropped, doubled or swapped letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    pos = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:pos] + word[pos + 1 :]
    elif kind == 1:
        word = word[:pos] + word[pos] + word[pos:]
    else:
        word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
    words[i] = word
    return " ".join(words)


def expand(parsed: PhraseFile, language: str, *, seed: int = 7) -> list[Phrase]:
    """All phrases of one language file, in a stable order."""
    rng = random.Random(f"{language}-{seed}")
    phrases: list[Phrase] = []
    for intent in parsed.intents():
        texts: list[str] = []
        for i, core in enumerate(parsed.verb_cores.get(intent, [])):
            wrappers = _rotate(parsed.verb_wrappers, intent, i, WRAPPERS_PER_VERB_CORE)
            texts.extend(w.replace("{}", core) for w in wrappers)
        for i, core in enumerate(parsed.noun_cores.get(intent, [])):
            wrappers = _rotate(parsed.noun_wrappers, intent, i, WRAPPERS_PER_NOUN_CORE)
            texts.extend(w.replace("{}", core) for w in wrappers)
        texts.extend(parsed.literals.get(intent, []))
        texts = [_fill_slots(t, n) for n, t in enumerate(texts)]
        typos = [add_typo(t, rng) for t in texts if rng.random() < TYPO_SHARE]
        unique = dict.fromkeys(texts + typos)
        phrases.extend(Phrase(text=t, intent=intent, language=language) for t in unique)
    return phrases


def read_phrase_file(language: str) -> PhraseFile:
    source = resources.files(__package__).joinpath(f"{language}.txt")
    return parse_phrase_file(source.read_text(encoding="utf-8"))


def load_phrases(languages: tuple[str, ...] = LANGUAGES) -> list[Phrase]:
    """The shipped training phrases of the given languages."""
    return [p for lang in languages for p in expand(read_phrase_file(lang), lang)]


__all__ = ["Phrase", "PhraseFile", "add_typo", "expand", "load_phrases", "parse_phrase_file"]
