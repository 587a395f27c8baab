"""Wording that makes a service reply rude whatever else it says, in five languages.

Written for OpsDesk. Each kind lists regular-expression alternatives matched
case-insensitively on word boundaries:

- ``dismissal``: brushing the customer off ("stop asking", "not our problem",
  "nothing we can do", "deal with it", "calm down");
- ``blame``: putting the fault on the customer ("you should have", "as I already told
  you", "not our fault");
- ``sarcasm``: mock politeness ("thanks for nothing", "with all due respect");
- ``insult``: words about the customer or the complaint ("ridiculous", "stupid");
- ``curt``: a bare order or a redirect ("just wait", "read the FAQ", "before writing to us").

``WAIT_ONLY`` is a sentence that is nothing but "wait" (with or without "please"/"just").
"""

from __future__ import annotations

RUDE_KINDS = ("dismissal", "blame", "sarcasm", "insult")
CURT_KINDS = ("curt",)

MARKERS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "dismissal": (
            r"stop\s+(?:\w+-)?\w+ing", r"(?:that's|that\s+is|it's|it\s+is)\s+on\s+you",
            r"(?:that's|that\s+is|it's|it\s+is)\s+your\s+(?:own\s+)?problem",
            r"not\s+(?:our|my)\s+(?:problem|job|concern|responsibility|department)",
            r"nothing\s+(?:we|i)\s+can\s+do", r"(?:we|i)\s+(?:can't|cannot)\s+do\s+anything",
            r"deal\s+with\s+it", r"take\s+it\s+up\s+with", r"(?:i|we)\s+(?:don't|do\s+not)\s+care",
            r"whatever(?=\s*[.!])", r"calm\s+down", r"(?:come|arrive)s?\s+when\s+it\s+(?:comes|arrives)",
            r"won't\s+(?:arrive|come|get\s+there)\s+any\s+faster",
            r"wasting\s+(?:our|my)\s+time", r"like\s+everyone\s+else",
            r"(?:contact|call|ask|sort|handle)\s+(?:it\s+|them\s+|the\s+\w+\s+)?yourself",
        ),
        "blame": (
            r"your\s+(?:own\s+)?fault", r"not\s+our\s+fault", r"you\s+should(?:\s+not|n't)?\s+have",
            r"you\s+(?:failed|forgot|neglected)\s+to",
            r"you\s+(?:did\s+not|didn't)\s+(?:read|follow|check|bother|pay\s+attention)",
            r"(?:as|like)\s+i\s+(?:already\s+)?(?:said|told\s+you)", r"already\s+told\s+you",
            r"said\s+(?:\w+\s+)?(?:twice|already)", r"obviously", r"you\s+clearly",
        ),
        "sarcasm": (
            r"thanks\s+for\s+nothing", r"good\s+luck\s+with\s+that", r"with\s+(?:all\s+due\s+)?respect(?=\s*,)",
            r"sorry\s+(?:if\s+)?you\s+feel", r"no\s+offen[cs]e,?\s+but", r"if\s+you\s+had\s+bothered",
        ),
        "insult": (
            r"stupid", r"idiot\w*", r"ridiculous", r"pathetic", r"clueless", r"absurd",
            r"nonsense", r"dumb", r"lazy", r"incompetent", r"moron\w*",
        ),
        "curt": (
            r"just\s+wait", r"be\s+patient(?=\s*[.!])",
            r"read\s+(?:the|our)\s+(?:faq|tracking(?:\s+page)?|manual|instructions|e-?mail|website|"
            r"terms|polic(?:y|ies))",
            r"before\s+(?:writing|contacting|e-?mailing|asking|complaining)",
        ),
    },
    "de": {
        "dismissal": (
            r"hören?\s+sie\s+auf", r"hör\s+auf", r"auf(?:zu)?hören\s+(?:zu|uns|mit)",
            r"nicht\s+(?:unser|mein)\s+problem", r"nicht\s+(?:meine|unsere)\s+aufgabe",
            r"(?:ist\s+)?(?-i:Ihr|dein)\s+(?:eigenes\s+)?problem",
            r"(?:da\s+)?können\s+wir\s+nichts\s+(?:machen|tun)",
            r"wir\s+können\s+(?:da\s+)?nichts\s+(?:machen|tun)",
            r"finden\s+sie\s+sich\s+damit\s+ab", r"find\s+dich\s+damit\s+ab",
            r"wenden\s+sie\s+sich\s+an\s+(?:den\s+|die\s+)?(?:dpd|dhl|hermes|gls|ups|paketdienst|"
            r"versand\w*|spedition)",
            r"(?:ist\s+)?(?:mir|uns)\s+egal", r"beruhigen\s+sie\s+sich", r"beruhig\s+dich",
            r"(?:kontaktieren|kümmern|fragen|wenden)\s+sie\s+(?:sich\s+)?(?:\S+\s+){0,3}selbst",
            r"wenn\s+es\s+kommt", r"schneller\s+kommt\s+es\s+(?:dadurch\s+)?(?:auch\s+)?nicht",
            r"(?:unsere|meine)\s+zeit\s+(?:zu\s+)?verschwenden", r"wie\s+alle\s+anderen",
        ),
        "blame": (
            r"sie\s+hätten\s+(?:\S+\s+){0,5}(?:müssen|sollen)", r"nicht\s+unsere\s+schuld",
            r"(?:ihre|deine)\s+(?:eigene\s+)?schuld",
            r"wie\s+(?:ich\s+(?:ihnen\s+)?)?(?:bereits|schon)\s+(?:\w+\s+)?gesagt",
            r"offensichtlich\s+(?:haben\s+sie|hast\s+du|steht|sie)",
            r"sie\s+haben\s+(?:wohl\s+)?(?:\S+\s+){0,3}nicht\s+gelesen",
        ),
        "sarcasm": (
            r"danke\s+für\s+nichts", r"viel\s+glück\s+damit", r"bei\s+allem\s+respekt",
            r"nichts\s+für\s+ungut", r"tut\s+mir\s+leid,?\s+wenn\s+sie\s+das\s+so\s+(?:sehen|empfinden)",
        ),
        "insult": (r"lächerlich\w*", r"dumm\w*", r"blöd\w*", r"idiot\w*", r"unverschämt\w*",
                   r"unfähig\w*"),
        "curt": (
            r"einfach\s+warten", r"warten\s+sie\s+einfach", r"schick\s+es\s+halt",
            r"lesen\s+sie\s+(?:erst\s+|zuerst\s+)?(?:die|den|das|unsere)\s+(?:\w+\s+)?(?:faq|"
            r"sendungsverfolgung|anleitung|e-?mail|website|richtlinien|agb|bedingungen)",
            r"bevor\s+sie\s+uns\s+(?:schreiben|anrufen|kontaktieren)",
        ),
    },
    "fr": {
        "dismissal": (
            r"arrêt(?:ez|e|er)\s+de", r"pas\s+(?:notre|mon)\s+(?:problème|travail|boulot|affaire)",
            r"(?:c'est\s+)?(?:votre|ton)\s+problème",
            r"(?:on|nous)\s+ne\s+(?:pouvons|peut)\s+rien\s+(?:y\s+)?faire", r"on\s+n'y\s+peut\s+rien",
            r"débrouillez[-\s]vous", r"débrouille[-\s]toi", r"voy(?:ez|ons)\s+(?:ça|cela)\s+avec",
            r"je\s+m'en\s+fiche", r"on\s+s'en\s+fiche", r"calmez[-\s]vous", r"calme[-\s]toi",
            r"arrivera\s+quand\s+(?:il|elle)\s+arrivera", r"n'arrivera\s+pas\s+plus\s+vite",
            r"perdre\s+(?:notre|mon)\s+temps", r"comme\s+tout\s+le\s+monde",
            r"(?:\w+ez)\s+(?:\S+\s+){0,3}vous-même",
        ),
        "blame": (
            r"vous\s+auriez\s+dû", r"pas\s+(?:de\s+)?notre\s+faute", r"(?:de\s+)?votre\s+faute",
            r"comme\s+je\s+(?:vous\s+)?l'ai\s+déjà\s+dit", r"déjà\s+dit",
            r"(?:visiblement|évidemment)\s+(?:vous|c'est)", r"vous\s+n'avez\s+(?:même\s+)?pas\s+lu",
        ),
        "sarcasm": (
            r"merci\s+pour\s+rien", r"bonne\s+chance\s+avec\s+(?:ça|cela)",
            r"(?:sauf|avec\s+tout)\s+(?:le\s+|votre\s+)?respect",
        ),
        "insult": (r"ridicule\w*", r"stupide\w*", r"idiot\w*", r"absurde\w*", r"débile\w*",
                   r"incompétent\w*"),
        "curt": (
            r"simplement\s+attendre", r"attendez\s+simplement",
            r"lisez\s+(?:le|la|les|l'|nos)\s*(?:\w+\s+)?(?:faq|suivi|notice|e-?mail|site|"
            r"conditions|politique)",
            r"lire\s+la\s+faq", r"avant\s+de\s+nous\s+(?:écrire|contacter|appeler)",
        ),
    },
    "es": {
        "dismissal": (
            r"dej(?:e|a|ar)\s+de", r"no\s+es\s+(?:nuestro|mi)\s+problema",
            r"es\s+(?:su|tu)\s+problema", r"(?<!no )es\s+problema\s+(?:suyo|tuyo)",
            r"no\s+es\s+problema\s+nuestro", r"no\s+es\s+(?:mi|nuestro)\s+trabajo",
            r"no\s+podemos\s+hacer\s+nada", r"no\s+hay\s+nada\s+que\s+(?:podamos\s+)?hacer",
            r"apáñese", r"apáñate", r"arréglese", r"arréglatelas", r"reclame\s+a",
            r"(?:me|nos)\s+da\s+igual", r"cálmese", r"cálmate", r"llegará\s+cuando\s+llegue",
            r"no\s+va\s+a\s+llegar\s+antes", r"perder\s+el\s+tiempo", r"como\s+todo\s+el\s+mundo",
            r"usted\s+mism[oa]",
        ),
        "blame": (
            r"debería\s+haber", r"no\s+es\s+(?:culpa\s+nuestra|nuestra\s+culpa)",
            r"(?:es\s+)?(?:su|tu)\s+culpa", r"como\s+ya\s+le\s+(?:dije|he\s+dicho)",
            r"es\s+evidente\s+que", r"obviamente", r"no\s+(?:leyó|ha\s+leído)",
        ),
        "sarcasm": (r"gracias\s+por\s+nada", r"buena\s+suerte\s+con\s+eso",
                    r"con\s+todo\s+(?:el\s+)?respeto", r"siento\s+que\s+lo\s+vea\s+así"),
        "insult": (r"ridícul\w*", r"estúpid\w*", r"idiota\w*", r"absurd\w*", r"tont[oa]s?",
                   r"incompetente\w*"),
        "curt": (
            r"simplemente\s+esper\w+",
            r"lea\s+(?:el|la|las|los|nuestra)\s+(?:\w+\s+)?(?:seguimiento|preguntas\s+frecuentes|"
            r"faq|correo|manual|web|política|condiciones)",
            r"antes\s+de\s+(?:escribirnos|contactarnos|llamarnos)",
        ),
    },
    "pt": {
        "dismissal": (
            r"pare\s+de", r"parar\s+de",
            r"não\s+é\s+(?:problema\s+nosso|nosso\s+problema|problema\s+meu|meu\s+problema)",
            r"não\s+é\s+(?:trabalho\s+meu|meu\s+trabalho)", r"não\s+podemos\s+fazer\s+nada",
            r"(?:o\s+)?problema\s+é\s+seu", r"(?:é\s+)?(?:seu|teu)\s+problema",
            r"(?<!não )é\s+problema\s+(?:seu|teu|do\s+senhor|da\s+senhora)",
            r"não\s+há\s+nada\s+que\s+(?:possamos\s+)?fazer", r"se\s+vir[ae]", r"reclame\s+com",
            r"tanto\s+faz", r"não\s+me\s+importa", r"fique\s+calm[oa]", r"calma\s+aí",
            r"chegar\s+quando\s+chegar", r"não\s+vai\s+chegar\s+mais\s+rápido",
            r"perder\s+tempo", r"como\s+todo\s+mundo", r"você\s+mesm[oa]",
        ),
        "blame": (
            r"deveria\s+ter", r"não\s+é\s+culpa\s+nossa", r"(?:a\s+)?culpa\s+(?:é\s+)?sua",
            r"como\s+(?:eu\s+)?já\s+(?:disse|falei)", r"obviamente", r"não\s+leu",
        ),
        "sarcasm": (r"obrigad[oa]\s+por\s+nada", r"boa\s+sorte\s+com\s+isso",
                    r"com\s+todo\s+(?:o\s+)?respeito"),
        "insult": (r"ridícul\w*", r"estúpid\w*", r"idiota\w*", r"absurd\w*", r"burr[oa]s?",
                   r"incompetente\w*"),
        "curt": (
            r"(?:apenas|simplesmente)\s+esper\w+",
            r"leia\s+(?:o|a|as|os)\s+(?:nossa\s+|nosso\s+)?(?:\w+\s+)?(?:rastreamento|"
            r"perguntas\s+frequentes|faq|e-?mail|manual|site|política|condições)",
            r"antes\s+de\s+nos\s+(?:escrever|ligar|contatar)",
        ),
    },
}  # fmt: skip

# A sentence that is only "wait", in any politeness wrapping: "Please wait.", "Espere.",
# "Attendez, s'il vous plaît." Patterns for the wait word and the softeners around it.
WAIT_ONLY: dict[str, tuple[str, str]] = {
    "en": (r"(?:wait|hold\s+on|hang\s+on)", r"please|just|kindly"),
    "de": (r"(?:warten\s+sie|warte|(?:einen\s+)?moment(?:\s+mal)?)", r"bitte|einfach|mal"),
    "fr": (r"(?:attendez|patientez|attends)", r"s'il\s+vous\s+pla[iî]t|veuillez|simplement"),
    "es": (r"(?:espere|espera|aguarde)", r"por\s+favor|simplemente"),
    "pt": (r"(?:espere|aguarde|espera)", r"por\s+favor|apenas|simplesmente"),
}
