"""The street line of a typed address: which part holds it, and whether it has a number.

Street words cover the countries the store ships to, in both orders: number first
("12 rue de la Paix", "1600 Amphitheatre Pkwy") and number last ("Hauptstr. 5a",
"Calle Mayor 5", "Av. Paulista, 1000").
"""

from __future__ import annotations

import re

_STREET_WORDS = (
    # English
    "street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|way|court|ct|place|pl|boulevard|blvd|"
    "parkway|pkwy|terrace|crescent|close|square|sq|row|hill|park|grove|gardens|mews|walk|"
    "highway|hwy|quay|green|"
    # German, Dutch (also as word endings, see _STREET_SUFFIX)
    "strasse|straße|str|weg|platz|gasse|allee|ring|damm|ufer|chaussee|steig|markt|"
    "straat|gracht|laan|plein|kade|dijk|"
    # French
    "rue|avenue|bd|boulevard|chemin|allée|allee|impasse|quai|cours|route|rte|"
    # Spanish, Portuguese, Italian
    "calle|c|avenida|avda|plaza|pza|paseo|camino|carrer|ronda|travesía|"
    "rua|r|travessa|tv|praça|praca|largo|estrada|alameda|al|rodovia|"
    "via|viale|piazza|corso|vicolo|piazzale"
)
STREET_WORD = re.compile(rf"(?<!\w)(?:{_STREET_WORDS})(?:\.|(?!\w))", re.IGNORECASE)
_STREET_SUFFIX = re.compile(
    r"\w(?:straße|strasse|str\.|weg|platz|gasse|allee|ring|damm|straat|gracht|laan|plein|kade)"
    r"(?!\w)",
    re.IGNORECASE,
)
# "5", "5a", "12-14", "10/2", "5 bis"; Spain's "s/n" (no number); not "3º" (a floor).
HOUSE_NUMBER = re.compile(
    r"(?<![\w/])(?:\d{1,5}(?:\s?[a-z])?(?:\s?[-/]\s?\d{1,5}[a-z]?)?(?:\s(?:bis|ter))?|s/n)"
    r"(?![\w/º°ª])",
    re.IGNORECASE,
)
# Flats, floors and the like: a number there is not the house's.
_UNIT = re.compile(
    r"^(?:flat|apt|apartment|unit|suite|floor|fl|wohnung|whg|etage|stock|og|"
    r"appartement|appt|étage|bâtiment|bat|piso|planta|puerta|andar|apto|apartamento|"
    r"bloco|sala|interno|int|scala|piano)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"(?:^|\s)(?:to|into|is|auf|nach|an|ist|à|a|vers|est|para|pra|en|é|:)\s+", re.IGNORECASE
)
_PLEASANTRY = re.compile(
    r"[\s,.;!]*\b(?:please|thanks|thank you|thx|cheers|bitte|danke(?: schön)?|vielen dank|"
    r"merci(?: beaucoup)?|s'il vous plaît|svp|gracias|por favor|obrigad[oa])[\s.!]*$",
    re.IGNORECASE,
)
SENTENCE_WORDS = 5


def has_street_word(text: str) -> bool:
    return bool(STREET_WORD.search(text) or _STREET_SUFFIX.search(text))


def house_number(text: str) -> str | None:
    """The house number in a street line, if it has one ("Hauptstr. 5a" → "5a")."""
    if _UNIT.match(text.strip()):
        return None
    match = HOUSE_NUMBER.search(text)
    return match.group() if match else None


def is_unit(text: str) -> bool:
    """A flat, floor or door line ("Flat 2", "3º B", "2. OG")."""
    stripped = text.strip()
    return bool(_UNIT.match(stripped) or re.fullmatch(r"\d{1,2}\s?[º°ª.]?\s?[a-z]{0,2}", stripped,
                                                      re.IGNORECASE))  # fmt: skip


def without_pleasantries(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _PLEASANTRY.sub("", text).strip()
    return text


def without_preamble(part: str) -> str:
    """The address in a sentence's first part: "… of OD-1 to Hauptstraße 5" → "Hauptstraße 5".

    Only a sentence is cut (a street name may hold "a" or "to"), after the last marker
    word that leaves a street line behind.
    """
    if len(part.split()) < SENTENCE_WORDS:
        return part
    cuts = [m.end() for m in _MARKER.finditer(part)]
    for cut in reversed(cuts):
        rest = part[cut:].strip()
        if rest and (house_number(rest) or has_street_word(rest)):
            return rest
    return part


def split_town(before_code: str) -> tuple[str, str]:
    """ "5 Main Street Cork" → ("5 Main Street", "Cork"): the town follows the street word."""
    words = before_code.split()
    for index in range(len(words) - 1, 0, -1):
        if has_street_word(words[index - 1]) and not any(c.isdigit() for c in words[index]):
            head, tail = " ".join(words[:index]), " ".join(words[index:])
            if house_number(head):
                return head, tail
    return before_code, ""
