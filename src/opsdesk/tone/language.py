"""A cheap guess at a reply's language from its function words.

Counts very common words of English, German, French, Spanish and Portuguese and picks
the language with most hits. Limits, by design: it knows only these five languages,
needs a few words to be sure (a one-word reply such as "Moment." falls back to the
caller's locale or English), and mixed-language text gets the majority language.
Spanish and Portuguese share many words; the lists below keep the shared ones out.
"""

from __future__ import annotations

import re

SUPPORTED = ("en", "de", "fr", "es", "pt")
DEFAULT = "en"


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _vocabulary(
        "the and you your is are was will be to of for it this that with have has we our "
        "i my me please thanks thank not can could would hello hi sorry order"
    ),
    "de": _vocabulary(
        "der die das und ist sind ich sie ihr ihre ihnen wir uns nicht ein eine einen mit "
        "für auf bitte danke hallo wird werden haben hat zu bei ihrer ihren leider bestellung "
        "moment warten dir mir mich dich du wenn auch noch schon kein keine halt mal"
    ),
    "fr": _vocabulary(
        "le la les et est sont je vous votre vos nous ne pas une avec pour sur merci "
        "bonjour sera être avoir il elle des du au aux désolé commande attendez instant "
        "ça cela ce mais très aussi déjà rien"
    ),
    "es": _vocabulary(
        "el los las y es están yo usted su sus nosotros no una con por gracias "
        "hola del al lo siento pronto momento muy pero cuando ya le les este esta "
        "eso hay aquí también más todos días me te nuestro"
    ),
    "pt": _vocabulary(
        "o os as e é são eu você seu sua nós não um uma com obrigado obrigada olá "
        "do da dos ao na em desculpe aguarde breve isso essa esse mas já mais muito "
        "também aqui nosso nossa todo"
    ),
}

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
MIN_HITS = 2


def detect_language(text: str, hint: str | None = None) -> str:
    """ISO 639-1 code of the most likely supported language.

    ``hint`` (a locale such as ``de-CH``) decides when the words do not: too few hits or
    a tie. Unsupported hints fall back to English.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    ranked = sorted(hits.items(), key=lambda item: item[1], reverse=True)
    (best, best_hits), (_, runner_up) = ranked[0], ranked[1]
    if best_hits >= MIN_HITS and best_hits > runner_up:
        return best
    return language_of_locale(hint)


def language_of_locale(locale: str | None) -> str:
    if not locale:
        return DEFAULT
    language = re.split(r"[-_]", locale.strip(), maxsplit=1)[0].lower()
    return language if language in SUPPORTED else DEFAULT
