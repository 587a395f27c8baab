"""Cheap, pure readings of a message the intent model does not give: yes, no, anger.

Confirmations are short answers to a question the assistant just asked, so only the
opening words count ("yes please", "ja, bitte", "não, obrigado"). Anger is judged on
plain signs: strong negative words, insults, shouting in capitals, a row of "!".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_YES = {
    "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "confirmed", "correct",
    "please do", "go ahead", "do it", "right", "absolutely", "of course",
    "ja", "jawohl", "genau", "gerne", "klar", "bitte", "richtig", "mach das", "stimmt",
    "oui", "d'accord", "dac", "vas-y", "allez-y", "bien sur", "exact", "je confirme",
    "si", "vale", "claro", "confirmo", "de acuerdo", "correcto", "por supuesto",
    "sim", "pode", "isso", "certo", "com certeza", "pode ser",
}  # fmt: skip
_NO = {
    "no", "nope", "nah", "don't", "do not", "not now", "never mind", "stop", "wait",
    "nein", "nee", "lieber nicht", "nicht", "doch nicht", "halt",
    "non", "pas maintenant", "surtout pas", "annule pas",
    "no gracias", "todavia no", "mejor no",
    "nao", "agora nao", "melhor nao",
}  # fmt: skip
_ANGRY_WORDS = (
    "ridiculous", "unacceptable", "terrible", "worst", "awful", "horrible", "disgusting",
    "scam", "fraud", "useless", "incompetent", "furious", "angry", "fed up", "pathetic",
    "joke", "lächerlich", "unverschämt", "inakzeptabel", "frechheit", "katastrophe",
    "betrug", "wütend", "sauer", "schlechteste", "unmöglich", "nutzlos",
    "inadmissible", "inacceptable", "honteux", "scandaleux", "arnaque", "nul", "furieux",
    "inaceptable", "vergüenza", "estafa", "pésimo", "harto", "indignante",
    "absurdo", "vergonha", "péssimo", "golpe", "ridículo", "revoltante", "inaceitável",
)  # fmt: skip
_INSULTS = (
    "wtf", "damn", "shit", "crap", "idiots", "scheiße", "scheisse", "mist", "merde",
    "putain", "mierda", "joder", "porra", "droga",
)  # fmt: skip
_WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)
MAX_CONFIRMATION_WORDS = 8


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _opening(text: str, words: int = 3) -> list[str]:
    tokens = _WORD_RE.findall(_fold(text))
    return [" ".join(tokens[:n]) for n in range(1, min(words, len(tokens)) + 1)]


def _starts_with(text: str, vocabulary: set[str]) -> bool:
    if len(_WORD_RE.findall(text)) > MAX_CONFIRMATION_WORDS:
        return False
    folded = {_fold(v) for v in vocabulary}
    return any(prefix in folded for prefix in _opening(text))


def is_no(text: str) -> bool:
    """A short refusal, also when hedged first ("ok, no, wait")."""
    if _starts_with(text, _NO):
        return True
    words = _WORD_RE.findall(_fold(text))
    single = {_fold(v) for v in _NO if " " not in v}
    return len(words) <= MAX_CONFIRMATION_WORDS and any(w in single for w in words[:3])


def is_yes(text: str) -> bool:
    """A short agreement; "no" wins when both appear ("ok, no, wait")."""
    return _starts_with(text, _YES) and not is_no(text)


@dataclass(frozen=True)
class Anger:
    strong_words: int
    insults: int
    shouting: bool
    exclamations: int

    @property
    def is_angry(self) -> bool:
        signs = self.strong_words + 2 * self.insults + int(self.shouting)
        return signs >= 2 or (signs >= 1 and self.exclamations >= 2)


def _count(folded: str, words: tuple[str, ...]) -> int:
    return sum(1 for w in words if re.search(rf"(?<!\w){re.escape(_fold(w))}(?!\w)", folded))


def read_anger(text: str) -> Anger:
    folded = _fold(text)
    letters = [c for c in text if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    shouting = len(letters) >= 12 and capitals / len(letters) > 0.7
    return Anger(
        strong_words=_count(folded, _ANGRY_WORDS),
        insults=_count(folded, _INSULTS),
        shouting=shouting,
        exclamations=text.count("!"),
    )


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
MAX_WORDS_BESIDE = 3  # "it's OD-1234", "my e-mail is …": an answer, not a new question


def is_mostly(text: str, values: tuple[str, ...]) -> bool:
    """The message is just ``values`` (an order number, an e-mail), not a question around it."""
    for value in values:
        text = re.sub(re.escape(value), " ", text, flags=re.IGNORECASE)
    return len(_LETTER_WORD.findall(text)) <= MAX_WORDS_BESIDE
