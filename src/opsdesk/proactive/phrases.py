"""The free-text parts proactive messages fill in, written here per language.

Delay reasons and remedies slot into the notification templates (``because …`` /
``Der Grund: …`` / ``nous vous offrons : …``), so each phrase fits its sentence and
avoids the pronouns that would have to follow the formal/informal register. The note a
customer gets on an exception ticket is a whole message, in both registers where the
language has them.
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, get_currency_precision

LANGUAGES = ("en", "de", "fr", "es", "pt-BR")

REASONS: dict[str, dict[str, str]] = {
    "en": {
        "backorder_slipped": "our supplier will deliver the missing item later than planned",
        "weather": "severe weather is slowing down deliveries in the region",
        "hub_closure": "a parcel hub on the route is closed for the moment",
        "strike": "a strike is holding up deliveries on the route",
        "carrier_outage": "the carrier is working through a disruption in its network",
        "carrier_problem": "the carrier reported a problem on the way",
        "carrier_delay": "the carrier has moved its delivery estimate",
        "slow_transit": "the parcel is moving more slowly through the carrier's network than usual",
    },
    "de": {
        "backorder_slipped": "unser Lieferant liefert den noch fehlenden Artikel später als geplant",
        "weather": "Unwetter verzögern derzeit die Zustellung in der Region",
        "hub_closure": "ein Paketzentrum auf dem Weg ist vorübergehend geschlossen",
        "strike": "ein Streik hält die Zustellung auf dem Weg auf",
        "carrier_outage": "beim Versanddienstleister gibt es eine Störung im Netz",
        "carrier_problem": "der Versanddienstleister hat ein Problem unterwegs gemeldet",
        "carrier_delay": "der Versanddienstleister hat seinen Liefertermin verschoben",
        "slow_transit": "das Paket ist im Netz des Versanddienstleisters langsamer "
        "unterwegs als üblich",
    },
    "fr": {
        "backorder_slipped": "notre fournisseur livrera l’article attendu plus tard que prévu",
        "weather": "des intempéries ralentissent les livraisons dans la région",
        "hub_closure": "un centre de tri sur le trajet est fermé pour le moment",
        "strike": "une grève retarde les livraisons sur le trajet",
        "carrier_outage": "le transporteur subit une perturbation de son réseau",
        "carrier_problem": "le transporteur a signalé un incident en cours d’acheminement",
        "carrier_delay": "le transporteur a repoussé sa date de livraison prévue",
        "slow_transit": "le colis avance plus lentement que d’habitude dans le réseau "
        "du transporteur",
    },
    "es": {
        "backorder_slipped": "nuestro proveedor entregará el artículo pendiente más tarde de lo previsto",
        "weather": "el mal tiempo está retrasando las entregas en la región",
        "hub_closure": "un centro de distribución en la ruta está cerrado por el momento",
        "strike": "una huelga está retrasando las entregas en la ruta",
        "carrier_outage": "la empresa de transporte sufre una incidencia en su red",
        "carrier_problem": "la empresa de transporte informó de un problema en el camino",
        "carrier_delay": "la empresa de transporte ha aplazado su fecha de entrega prevista",
        "slow_transit": "el paquete avanza más despacio de lo habitual por la red de "
        "la empresa de transporte",
    },
    "pt-BR": {
        "backorder_slipped": "nosso fornecedor vai entregar o item aguardado mais tarde do que o previsto",
        "weather": "o mau tempo está atrasando as entregas na região",
        "hub_closure": "um centro de distribuição no trajeto está fechado no momento",
        "strike": "uma greve está atrasando as entregas no trajeto",
        "carrier_outage": "a transportadora está com uma instabilidade na rede",
        "carrier_problem": "a transportadora informou um problema no caminho",
        "carrier_delay": "a transportadora adiou a previsão de entrega",
        "slow_transit": "a encomenda está andando mais devagar do que o normal na rede "
        "da transportadora",
    },
}

# {code}, {amount} (formatted money) and {until} (a formatted date) are filled in.
REMEDIES: dict[str, dict[str, str]] = {
    "en": {
        "shipping_upgrade": "we are giving you free express shipping on your next order "
        "with the code {code} (worth {amount}, valid until {until})",
        "discount": "here is {amount} off your next order with the code {code}, "
        "valid until {until}",
    },
    "de": {
        "shipping_upgrade": "kostenloser Expressversand für die nächste Bestellung mit dem "
        "Code {code} (im Wert von {amount}, gültig bis {until})",
        "discount": "ein Rabatt von {amount} auf die nächste Bestellung mit dem Code {code}, "
        "gültig bis {until}",
    },
    "fr": {
        "shipping_upgrade": "la livraison express offerte sur la prochaine commande avec le "
        "code {code} (d’une valeur de {amount}, valable jusqu’au {until})",
        "discount": "une remise de {amount} sur la prochaine commande avec le code {code}, "
        "valable jusqu’au {until}",
    },
    "es": {
        "shipping_upgrade": "el envío exprés gratis en el próximo pedido con el código "
        "{code} (por valor de {amount}, válido hasta el {until})",
        "discount": "un descuento de {amount} en el próximo pedido con el código {code}, "
        "válido hasta el {until}",
    },
    "pt-BR": {
        "shipping_upgrade": "frete expresso grátis no próximo pedido com o cupom {code} "
        "(no valor de {amount}, válido até {until})",
        "discount": "um desconto de {amount} no próximo pedido com o cupom {code}, "
        "válido até {until}",
    },
}

# What the carrier reported, as the first sentence of the exception note ({order}).
EXCEPTIONS: dict[str, dict[str, str]] = {
    "en": {
        "lost": "the carrier has reported the parcel of order {order} as lost.",
        "exception": "the carrier has reported a problem with the parcel of order {order}.",
        "returned_to_sender": "the carrier is sending the parcel of order {order} back to us.",
    },
    "de": {
        "lost": "der Versanddienstleister meldet das Paket der Bestellung {order} als verloren.",
        "exception": "der Versanddienstleister meldet ein Problem mit dem Paket der "
        "Bestellung {order}.",
        "returned_to_sender": "der Versanddienstleister schickt das Paket der Bestellung "
        "{order} an uns zurück.",
    },
    "fr": {
        "lost": "le transporteur signale que le colis de la commande {order} est perdu.",
        "exception": "le transporteur signale un problème avec le colis de la commande {order}.",
        "returned_to_sender": "le transporteur nous renvoie le colis de la commande {order}.",
    },
    "es": {
        "lost": "la empresa de transporte informa de que el paquete del pedido {order} "
        "se ha perdido.",
        "exception": "la empresa de transporte informa de un problema con el paquete del "
        "pedido {order}.",
        "returned_to_sender": "la empresa de transporte nos está devolviendo el paquete del "
        "pedido {order}.",
    },
    "pt-BR": {
        "lost": "a transportadora informou que a encomenda do pedido {order} foi extraviada.",
        "exception": "a transportadora informou um problema com a encomenda do pedido {order}.",
        "returned_to_sender": "a transportadora está devolvendo a encomenda do pedido "
        "{order} para nós.",
    },
}

# The whole note: {name}, {what} (above), {ticket}, {store}; keyed language[-register].
NEXT_STEPS: dict[str, str] = {
    "en": "Hello {name},\n\nwe are sorry: {what}\n\nNext steps: we have opened case "
    "{ticket} for you, and our team will get back to you within one business day with a "
    "replacement or a refund. You do not need to do anything. If you prefer one or the "
    "other, simply reply to this e-mail.\n\nKind regards,\n{store}",
    "de-formal": "Hallo {name},\n\nes tut uns leid: {what}\n\nSo geht es weiter: Wir haben "
    "für Sie den Vorgang {ticket} angelegt, und unser Team meldet sich innerhalb eines "
    "Werktags mit einer Ersatzlieferung oder einer Erstattung bei Ihnen. Sie müssen nichts "
    "weiter tun. Wenn Ihnen das eine lieber ist als das andere, antworten Sie einfach auf "
    "diese E-Mail.\n\nFreundliche Grüße\nIhr Team von {store}",
    "de-informal": "Hallo {name},\n\nes tut uns leid: {what}\n\nSo geht es weiter: Wir haben "
    "für dich den Vorgang {ticket} angelegt, und unser Team meldet sich innerhalb eines "
    "Werktags mit einer Ersatzlieferung oder einer Erstattung bei dir. Du musst nichts "
    "weiter tun. Wenn dir das eine lieber ist als das andere, antworte einfach auf diese "
    "E-Mail.\n\nViele Grüße\nDein Team von {store}",
    "fr-formal": "Bonjour {name},\n\nNous sommes désolés : {what}\n\nLa suite : nous avons "
    "ouvert le dossier {ticket} pour vous, et notre équipe reviendra vers vous sous un jour "
    "ouvré avec un renvoi ou un remboursement. Vous n’avez rien à faire. Si vous préférez "
    "l’un ou l’autre, répondez simplement à cet e-mail.\n\nBien cordialement,\n"
    "L’équipe {store}",
    "fr-informal": "Bonjour {name},\n\nNous sommes désolés : {what}\n\nLa suite : nous avons "
    "ouvert le dossier {ticket} pour toi, et notre équipe reviendra vers toi sous un jour "
    "ouvré avec un renvoi ou un remboursement. Tu n’as rien à faire. Si tu préfères l’un ou "
    "l’autre, réponds simplement à cet e-mail.\n\nÀ bientôt,\nL’équipe {store}",
    "es-formal": "Hola {name}:\n\nLo sentimos: {what}\n\nPróximos pasos: hemos abierto el "
    "caso {ticket} para usted y nuestro equipo se pondrá en contacto con usted en un día "
    "laborable con un reenvío o un reembolso. No tiene que hacer nada. Si prefiere una u "
    "otra opción, responda a este correo.\n\nUn cordial saludo,\nEl equipo de {store}",
    "es-informal": "Hola {name}:\n\nLo sentimos: {what}\n\nPróximos pasos: hemos abierto el "
    "caso {ticket} para ti y nuestro equipo te escribirá en un día laborable con un reenvío "
    "o un reembolso. No tienes que hacer nada. Si prefieres una u otra opción, responde a "
    "este correo.\n\nUn saludo,\nEl equipo de {store}",
    "pt-BR": "Olá, {name}!\n\nSentimos muito: {what}\n\nPróximos passos: abrimos o "
    "atendimento {ticket} para você, e nossa equipe vai entrar em contato em até um dia útil "
    "com um reenvio ou um reembolso. Você não precisa fazer nada. Se preferir uma das "
    "opções, é só responder a este e-mail.\n\nAbraços,\nEquipe {store}",
}


def language(locale: str) -> str:
    """The phrase table for a BCP 47 locale: exact (pt-BR), then its language, then en."""
    if locale in REASONS:
        return locale
    base = locale.split("-")[0].lower()
    if base == "pt":
        return "pt-BR"
    return base if base in REASONS else "en"


def _babel(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def reason(key: str, locale: str) -> str:
    table = REASONS[language(locale)]
    return table.get(key, table["slow_transit"])


def money(minor: int, currency: str, locale: str) -> str:
    amount = minor / 10 ** get_currency_precision(currency)
    return format_currency(amount, currency, locale=_babel(locale))


def remedy(kind: str, *, code: str, minor: int, currency: str, until: date, locale: str) -> str:
    lang = language(locale)
    return REMEDIES[lang][kind].format(
        code=code,
        amount=money(minor, currency, lang),
        until=format_date(until, "long", locale=_babel(lang)),
    )


def next_steps(
    status: str, *, locale: str, register: str, name: str, order: str, ticket: str, store: str
) -> str:
    """The exception note for the customer: what the carrier said and what we do now."""
    lang = language(locale)
    what_table = EXCEPTIONS[lang]
    what = what_table.get(status, what_table["exception"]).format(order=order)
    template = NEXT_STEPS.get(f"{lang}-{register}") or NEXT_STEPS.get(lang) or NEXT_STEPS["en"]
    return template.format(name=name, what=what, ticket=ticket, store=store)
