"""Per-language cues and replacement phrases for the rewrite suggestions, written for OpsDesk.

English is covered fully elsewhere (the strategy detectors); these phrasebooks hold
the common patterns for every supported language: greeting, closing, apology for a
delay, vague time words, curt "hold on" replies and polite request forms.
Placeholders: ``{name}``, ``{date}``, ``{tracking_url}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from opsdesk.tone import lexicon


def _cues(*alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{'|'.join(alternatives)})(?![\w'])", re.IGNORECASE)


def _whole(*alternatives: str) -> re.Pattern[str]:
    """A sentence that is nothing but one of ``alternatives`` (plus punctuation)."""
    return re.compile(rf"^\s*(?:{'|'.join(alternatives)})\s*[.!…]*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Phrasebook:
    language: str
    greeting_cues: re.Pattern[str]
    greeting: str  # with {name}
    greeting_without_name: str
    closing_cues: re.Pattern[str]
    closing: str
    curt_wait: re.Pattern[str]
    wait_politely: str
    apology_cues: re.Pattern[str]
    delay_cues: re.Pattern[str]
    delay_apology: str
    vague_time: re.Pattern[str]
    delivery_cues: re.Pattern[str]
    by_date: str  # replaces the vague words, with {date}
    tracking: str  # with {tracking_url}
    date_format: str  # a Babel date pattern


ENGLISH = Phrasebook(
    language="en",
    greeting_cues=_cues(*lexicon.GREETINGS),
    greeting="Hello {name},",
    greeting_without_name="Hello,",
    closing_cues=_cues(
        r"thanks?",
        r"regards",
        r"best\s+wishes",
        r"let\s+(?:me|us)\s+know",
        r"anything\s+else",
        r"happy\s+to\s+help",
        r"have\s+a\s+(?:great|good|nice|lovely)",
        r"take\s+care",
    ),
    closing="If there is anything else I can do for you, just let me know.",
    curt_wait=_whole(
        r"hold\s+on",
        r"hang\s+on",
        r"wait(?:\s+(?:a\s+(?:sec|second|minute|moment)|please))?",
        r"(?:one|a|just\s+a)\s+(?:sec|second|moment|minute)",
        r"give\s+me\s+a\s+(?:sec|second|minute)",
    ),
    wait_politely="Please allow me a moment to check that for you.",
    apology_cues=_cues(*lexicon.APOLOGIES),
    delay_cues=_cues(
        r"delay(?:s|ed)?",
        r"late",
        r"running\s+behind",
        r"held\s+up",
        r"behind\s+schedule",
        r"taking\s+longer",
        r"postponed",
    ),
    delay_apology="I'm sorry for the delay with your order.",
    vague_time=_cues(*lexicon.VAGUE_TIME),
    delivery_cues=_cues(
        r"arriv\w*", r"deliver\w*", r"ship\w*", r"dispatch\w*", r"parcel", r"package", r"order"
    ),
    by_date="by {date}",
    tracking="You can follow the parcel here: {tracking_url}",
    date_format="EEEE, d MMMM",
)

GERMAN = Phrasebook(
    language="de",
    greeting_cues=_cues(
        r"hallo",
        r"guten\s+(?:tag|morgen|abend)",
        r"liebe[rs]?",
        r"sehr\s+geehrte[rs]?",
        r"moin",
        r"servus",
        r"grüß\s+gott",
    ),
    greeting="Hallo {name},",
    greeting_without_name="Guten Tag,",
    closing_cues=_cues(
        r"danke",
        r"vielen\s+dank",
        r"(?:viele|beste|freundliche)\s+grüße",
        r"mit\s+freundlichen",
        r"melden\s+sie\s+sich",
        r"gerne\s+(?:weiter)?helfen",
    ),
    closing="Wenn ich sonst noch etwas für Sie tun kann, melden Sie sich gerne.",
    curt_wait=_whole(
        r"warten\s+sie(?:\s+mal)?", r"(?:einen\s+)?moment(?:\s+mal)?", r"augenblick", r"sekunde"
    ),
    wait_politely="Bitte geben Sie mir einen Moment, damit ich das für Sie prüfen kann.",
    apology_cues=_cues(r"entschuldig\w*", r"tut\s+(?:mir|uns)\s+leid", r"bedauer\w*"),
    delay_cues=_cues(r"verzöger\w*", r"verspät\w*", r"später\s+als\s+geplant", r"im\s+verzug"),
    delay_apology="Es tut mir leid, dass sich Ihre Bestellung verzögert.",
    vague_time=_cues(
        r"bald",
        r"demnächst",
        r"in\s+kürze",
        r"zeitnah",
        r"irgendwann",
        r"in\s+(?:ein\s+paar|einigen|wenigen)\s+tagen",
        r"so\s+schnell\s+wie\s+möglich",
    ),
    delivery_cues=_cues(
        r"liefer\w*", r"zustell\w*", r"zugestellt", r"paket", r"sendung", r"bestellung"
    ),
    by_date="voraussichtlich bis {date}",
    tracking="Die Sendung können Sie hier verfolgen: {tracking_url}",
    date_format="EEEE, d. MMMM",
)

FRENCH = Phrasebook(
    language="fr",
    greeting_cues=_cues(
        r"bonjour", r"bonsoir", r"salut", r"cher", r"chère", r"madame", r"monsieur"
    ),
    greeting="Bonjour {name},",
    greeting_without_name="Bonjour,",
    closing_cues=_cues(
        r"merci",
        r"cordialement",
        r"bien\s+à\s+vous",
        r"bonne\s+(?:journée|soirée)",
        r"n'hésitez\s+pas",
    ),
    closing="N'hésitez pas à revenir vers moi si je peux faire autre chose pour vous.",
    curt_wait=_whole(
        r"attendez", r"patientez", r"un\s+(?:instant|moment)", r"une\s+(?:seconde|minute)"
    ),
    wait_politely="Merci de m'accorder un instant pour vérifier cela pour vous.",
    apology_cues=_cues(r"désolée?s?", r"excus\w*", r"pardon", r"regrett\w*"),
    delay_cues=_cues(r"retard\w*", r"plus\s+long\s+que\s+prévu"),
    delay_apology="Veuillez nous excuser pour le retard de votre commande.",
    vague_time=_cues(
        r"bientôt",
        r"prochainement",
        r"sous\s+peu",
        r"rapidement",
        r"dès\s+que\s+possible",
        r"dans\s+(?:quelques|les\s+prochains)\s+jours",
    ),
    delivery_cues=_cues(r"livr\w*", r"colis", r"commande", r"arriv\w*", r"expédi\w*"),
    by_date="d'ici le {date}",
    tracking="Vous pouvez suivre le colis ici : {tracking_url}",
    date_format="EEEE d MMMM",
)

SPANISH = Phrasebook(
    language="es",
    greeting_cues=_cues(r"hola", r"buen(?:os|as)\s+(?:días|tardes|noches)", r"estimad[oa]s?"),
    greeting="Hola, {name}:",
    greeting_without_name="Hola:",
    closing_cues=_cues(
        r"gracias", r"saludos", r"atentamente", r"no\s+dude", r"quedo\s+a\s+(?:su\s+)?disposición"
    ),
    closing="Si puedo ayudarle en algo más, no dude en escribirme.",
    curt_wait=_whole(r"espere", r"aguarde", r"un\s+(?:momento|segundo)"),
    wait_politely="Permítame un momento, por favor, para comprobarlo.",
    apology_cues=_cues(r"lo\s+(?:siento|sentimos)", r"disculp\w*", r"perdón", r"lament\w*"),
    delay_cues=_cues(r"retras\w*", r"demora\w*"),
    delay_apology="Lamentamos el retraso de su pedido.",
    vague_time=_cues(
        r"pronto",
        r"en\s+breve",
        r"próximamente",
        r"lo\s+antes\s+posible",
        r"cuanto\s+antes",
        r"en\s+unos\s+(?:pocos\s+)?días",
    ),
    delivery_cues=_cues(r"lleg\w*", r"entreg\w*", r"pedido", r"paquete", r"envío", r"enviad\w*"),
    by_date="a más tardar el {date}",
    tracking="Puede seguir el envío aquí: {tracking_url}",
    date_format="EEEE d 'de' MMMM",
)

PORTUGUESE = Phrasebook(
    language="pt",
    greeting_cues=_cues(r"olá", r"oi", r"bom\s+dia", r"boa\s+(?:tarde|noite)", r"prezad[oa]s?"),
    greeting="Olá, {name},",
    greeting_without_name="Olá,",
    closing_cues=_cues(
        r"obrigad[oa]",
        r"atenciosamente",
        r"abraços?",
        r"(?:fico|estou)\s+à\s+disposição",
        r"qualquer\s+dúvida",
    ),
    closing="Se precisar de mais alguma coisa, é só me avisar.",
    curt_wait=_whole(r"espere", r"aguarde", r"um\s+(?:momento|segundo|minuto)"),
    wait_politely="Por favor, permita-me um momento para verificar isso para você.",
    apology_cues=_cues(r"desculp\w*", r"lament\w*", r"sinto\s+muito", r"perdão"),
    delay_cues=_cues(r"atras\w*", r"demora\w*"),
    delay_apology="Pedimos desculpas pelo atraso do seu pedido.",
    vague_time=_cues(
        r"em\s+breve",
        r"logo",
        r"brevemente",
        r"o\s+mais\s+rápido\s+possível",
        r"assim\s+que\s+possível",
        r"nos\s+próximos\s+dias",
        r"em\s+(?:alguns|poucos)\s+dias",
    ),
    delivery_cues=_cues(r"cheg\w*", r"entreg\w*", r"pedido", r"pacote", r"encomenda", r"enviad\w*"),
    by_date="até {date}",
    tracking="Você pode acompanhar a entrega aqui: {tracking_url}",
    date_format="EEEE, d 'de' MMMM",
)

PHRASEBOOKS: dict[str, Phrasebook] = {
    book.language: book for book in (ENGLISH, GERMAN, FRENCH, SPANISH, PORTUGUESE)
}

# What to write instead of a sentence with rude wording, per language: the sentence is
# replaced whole (adding "please" to "stop asking" would keep it rude). "again" replaces
# the second such sentence, so a reply does not say the same thing twice.
INSTEAD_OF_RUDE: dict[str, dict[str, str]] = {
    "en": {
        "blame": "Let me explain what happened and how we can put it right.",
        "other": "Let me look into this for you and come back to you with an answer.",
        "again": "I'm sorry for the trouble, and I'll keep you updated.",
    },
    "de": {
        "blame": "Ich erkläre Ihnen gerne, was passiert ist und wie wir es wieder gutmachen.",
        "other": "Ich kümmere mich gerne darum und melde mich mit einer Antwort bei Ihnen.",
        "again": "Die Unannehmlichkeiten tun mir leid, ich halte Sie auf dem Laufenden.",
    },
    "fr": {
        "blame": "Je vous explique volontiers ce qui s'est passé et comment nous allons "
        "arranger cela.",
        "other": "Je m'en occupe volontiers et je reviens vers vous avec une réponse.",
        "again": "Je suis désolé pour ce désagrément et je vous tiens informé.",
    },
    "es": {
        "blame": "Con gusto le explico lo que ha pasado y cómo vamos a solucionarlo.",
        "other": "Con gusto lo reviso por usted y le escribo con una respuesta.",
        "again": "Disculpe las molestias; le mantendré informado.",
    },
    "pt": {
        "blame": "Com prazer explico o que aconteceu e como vamos resolver isso.",
        "other": "Com prazer vou verificar isso para você e retorno com uma resposta.",
        "again": "Desculpe pelo transtorno; vou manter você informado.",
    },
}
