"""Why an item goes back, read from the customer's own words in five languages. No I/O.

The values are those of ``returns.ReturnReason``. A damaged or wrong item is not a plain
return: a person looks at it (a replacement may be better than a refund), so
:func:`person_intent` names the intent a handover for it carries.

Phrases are matched on accent-folded, lower-cased text at a word start, so a stem such as
"pequen" covers "pequeño", "pequeña" and "pequena".
"""

from __future__ import annotations

import re
import unicodedata

DAMAGED = "damaged"
WRONG_ITEM = "wrong_item"
NOT_AS_DESCRIBED = "not_as_described"
CHANGED_MIND = "changed_mind"
LATE = "late"

# First match wins: damage and a wrong item before a plain change of mind.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        DAMAGED,
        (
            "damaged",
            "broken",
            "cracked",
            "defective",
            "smashed",
            "scratched",
            "doesn't work",
            "does not work",
            "kaputt",
            "beschädigt",
            "beschaedigt",
            "defekt",
            "zerbrochen",
            "gebrochen",
            "funktioniert nicht",
            "abîmé",
            "cassé",
            "endommagé",
            "défectueux",
            "fissuré",
            "ne fonctionne pas",
            "dañad",
            "roto",
            "llegó rota",
            "está rota",
            "defectuos",
            "estropead",
            "no funciona",
            "danificad",
            "quebrad",
            "com defeito",
            "estragad",
            "rachad",
            "não funciona",
        ),
    ),
    (
        WRONG_ITEM,
        (
            "wrong item",
            "wrong product",
            "wrong size was sent",
            "not what i ordered",
            "falsche artikel",
            "falschen artikel",
            "falscher artikel",
            "falsches produkt",
            "nicht das, was ich bestellt",
            "mauvais article",
            "mauvais produit",
            "pas ce que j'ai commandé",
            "artículo equivocado",
            "producto equivocado",
            "no es lo que pedí",
            "produto errado",
            "item errado",
            "não é o que eu pedi",
            "não é o que pedi",
        ),
    ),
    (
        NOT_AS_DESCRIBED,
        (
            "not as described",
            "looks different",
            "different from the picture",
            "anders als beschrieben",
            "anders als auf dem bild",
            "pas conforme",
            "différent de la photo",
            "no es como en la foto",
            "distinto de la foto",
            "diferente da foto",
            "não corresponde",
        ),
    ),
    (
        LATE,
        (
            "too late",
            "zu spät",
            "trop tard",
            "demasiado tarde",
            "tarde demais",
            "chegou tarde",
        ),
    ),
    (
        CHANGED_MIND,
        (
            "too small",
            "too big",
            "too large",
            "too tight",
            "doesn't fit",
            "does not fit",
            "don't like",
            "do not like",
            "changed my mind",
            "don't need",
            "no longer need",
            "zu klein",
            "zu groß",
            "zu gross",
            "zu eng",
            "passt nicht",
            "gefällt mir nicht",
            "brauche ich nicht",
            "es mir anders überlegt",
            "trop petit",
            "trop grand",
            "trop serré",
            "ne me va pas",
            "ne me plaît pas",
            "changé d'avis",
            "plus besoin",
            "pequeñ",
            "demasiado grande",
            "me queda grande",
            "no me queda",
            "no me gusta",
            "cambié de opinión",
            "ya no lo necesito",
            "pequen",
            "muito grande",
            "ficou grande",
            "não serve",
            "não gostei",
            "mudei de ideia",
            "não preciso mais",
        ),
    ),
)
_PERSON_INTENTS = {DAMAGED: "report_damaged_item", WRONG_ITEM: "report_wrong_item"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PATTERNS = tuple(
    (reason, re.compile("|".join(rf"(?<!\w){re.escape(_fold(p))}" for p in phrases)))
    for reason, phrases in _PHRASES
)


def read_reason(text: str) -> str | None:
    """The return reason the words state, or None when they state none."""
    folded = _fold(text)
    return next((reason for reason, pattern in _PATTERNS if pattern.search(folded)), None)


def person_intent(text: str) -> str | None:
    """The intent of a handover when the words make the return a case for a person."""
    reason = read_reason(text)
    return _PERSON_INTENTS.get(reason) if reason else None
