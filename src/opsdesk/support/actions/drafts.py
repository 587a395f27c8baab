"""The words of a ticket action (pure): the internal note agents read (English, like
the order timeline) and the reply the agent may send, in the customer's language
(English and German so far; other languages get the English draft to adapt)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_percent, get_currency_precision

from opsdesk.support import macro_text
from opsdesk.support.actions.schemas import ActionKind

K = ActionKind


@dataclass(frozen=True)
class Facts:
    """What happened, as plain values; only those of the action's kind are set."""

    action: ActionKind
    actor: str
    order_number: str = ""
    reason: str = ""
    agent_note: str = ""
    items: tuple[tuple[str, int], ...] = ()  # (product, units)
    replacement_number: str = ""
    return_number: str = ""
    service_level: str = ""
    promised: date | None = None
    town: str = ""  # a new delivery address: the whole of it, street included
    code: str = ""
    amount_minor: int = 0
    currency: str = ""
    percent_bp: int = 0
    expires: date | None = None
    pending_because: str = ""  # a discount code above the agent's caps: why it waits


def money(minor: int, currency: str, locale: Locale) -> str:
    return format_currency(minor / 10 ** get_currency_precision(currency), currency, locale=locale)


def discount_words(facts: Facts, locale: Locale) -> str:
    if facts.percent_bp:
        return format_percent(facts.percent_bp / 10_000, locale=locale)
    return money(facts.amount_minor, facts.currency, locale)


def _items(facts: Facts) -> str:
    return ", ".join(f"{units} × {name}" for name, units in facts.items)


_EN = Locale.parse("en")

_NOTES: Mapping[ActionKind, str] = {
    K.CANCEL_ORDER: "cancelled order {order}: {reason}. Its reserved stock was released.",
    K.CANCEL_LINES: "cancelled {items} of order {order}: {reason}. "
    "Their reserved stock was released.",
    K.RESHIP: "reshipped {items} of order {order} as replacement order {replacement} "
    "({reason}); stock is reserved for it.",
    K.START_RETURN: "started return {rma} for {items} of order {order} ({reason}).",
    K.UPGRADE_SHIPPING: "upgraded the shipping of order {order} to {level}{charge}; "
    "promised delivery: {promised}.",
    K.CHANGE_ADDRESS: "changed the shipping address of order {order} to {town}; "
    "promised delivery: {promised}.",
    K.ISSUE_DISCOUNT: "issued the single-use discount code {code} ({discount} off, valid "
    "until {expires}) and queued an e-mail with it to the customer: {reason}.",
    K.RECORD_REFUND: "recorded a refund of {amount} on order {order}: {reason}.",
}


_PENDING_DISCOUNT_NOTE = (
    "requested the single-use discount code {code} ({discount} off, valid until {expires}): "
    "{reason}. It is above the agent's caps ({why}), so it waits for a lead or an admin "
    "to approve it; the customer gets nothing until then."
)


def internal_note(facts: Facts, *, charge: str = "") -> str:
    """One paragraph for the ticket's internal note, then the agent's own words."""
    text = _NOTES[facts.action].format(
        order=facts.order_number, reason=facts.reason or "no reason given", items=_items(facts),
        replacement=facts.replacement_number, rma=facts.return_number,
        level=facts.service_level, charge=f" (charged {charge})" if charge else "",
        promised=_day(facts.promised, _EN) or "not known yet", town=facts.town, code=facts.code,
        discount=discount_words(facts, _EN), expires=_day(facts.expires, _EN),
        amount=money(facts.amount_minor, facts.currency, _EN) if facts.currency else "",
    )  # fmt: skip
    if facts.pending_because:
        text = _PENDING_DISCOUNT_NOTE.format(
            code=facts.code, discount=discount_words(facts, _EN),
            expires=_day(facts.expires, _EN), why=facts.pending_because,
            reason=facts.reason or "no reason given",
        )  # fmt: skip
    note = f"Action by {facts.actor}: {text}"
    if facts.agent_note.strip():
        note += f"\n\n{facts.agent_note.strip()}"
    return note


def _day(value: date | None, locale: Locale) -> str:
    return format_date(value, "full", locale=locale) if value else ""


_DRAFTS: Mapping[str, Mapping[ActionKind, str]] = {
    "en": {
        K.CANCEL_ORDER: "we have cancelled your order {order} as you asked; nothing from it "
        "will be sent.",
        K.CANCEL_LINES: "we have removed {items} from your order {order}. The rest of the "
        "order goes ahead as planned.",
        K.RESHIP: "we are sorry about {items} from order {order}. We are sending a "
        "replacement free of charge as order {replacement}, and you will get the tracking "
        "link as soon as it leaves our warehouse.",
        K.START_RETURN: "we have opened return {rma} for {items} from order {order}. Please "
        "pack the items securely and write {rma} on the parcel; we will write again as soon "
        "as it is back with us.",
        K.UPGRADE_SHIPPING: "we have upgraded the shipping of order {order} to {level}.{when}",
        K.CHANGE_ADDRESS: "we have changed the delivery address of order {order} to {town}.{when}",
        K.ISSUE_DISCOUNT: "as a small apology we have sent you the code {code}: it takes "
        "{discount} off your next order and is valid until {expires}.",
        K.RECORD_REFUND: "we have refunded {amount} for order {order}. Depending on your "
        "bank, it can take a few business days to appear on your statement.",
    },
    "de": {
        K.CANCEL_ORDER: "wir haben Ihre Bestellung {order} wie gewünscht storniert; es wird "
        "nichts daraus versendet.",
        K.CANCEL_LINES: "wir haben {items} aus Ihrer Bestellung {order} entfernt. Der Rest "
        "der Bestellung wird wie geplant versendet.",
        K.RESHIP: "es tut uns leid wegen {items} aus Bestellung {order}. Wir senden Ihnen "
        "kostenlos Ersatz als Bestellung {replacement}; den Sendungslink erhalten Sie, "
        "sobald das Paket unser Lager verlässt.",
        K.START_RETURN: "wir haben die Rücksendung {rma} für {items} aus Bestellung {order} "
        "angelegt. Bitte verpacken Sie die Artikel sicher und vermerken Sie {rma} auf dem "
        "Paket; wir melden uns, sobald es bei uns angekommen ist.",
        K.UPGRADE_SHIPPING: "wir haben den Versand von Bestellung {order} auf {level} "
        "umgestellt.{when}",
        K.CHANGE_ADDRESS: "wir haben die Lieferadresse von Bestellung {order} auf {town} "
        "geändert.{when}",
        K.ISSUE_DISCOUNT: "als kleine Entschuldigung haben wir Ihnen den Code {code} "
        "geschickt: Er bringt {discount} Rabatt auf Ihre nächste Bestellung und gilt bis "
        "{expires}.",
        K.RECORD_REFUND: "wir haben Ihnen {amount} für Bestellung {order} erstattet. Je nach "
        "Bank kann es einige Werktage dauern, bis der Betrag auf Ihrem Konto erscheint.",
    },
    "fr": {
        K.CANCEL_ORDER: "nous avons annulé votre commande {order} comme vous l'avez demandé ; "
        "aucun article n'en sera expédié.",
        K.CANCEL_LINES: "nous avons retiré {items} de votre commande {order}. Le reste de la "
        "commande suit son cours comme prévu.",
        K.RESHIP: "nous sommes désolés pour {items} de la commande {order}. Nous vous "
        "envoyons gratuitement un remplacement (commande {replacement}) et vous recevrez le "
        "lien de suivi dès qu'il quittera notre entrepôt.",
        K.START_RETURN: "nous avons ouvert le retour {rma} pour {items} de la commande {order}. "
        "Merci d'emballer soigneusement les articles et d'inscrire {rma} sur le colis ; nous "
        "vous écrirons dès qu'il nous sera parvenu.",
        K.UPGRADE_SHIPPING: "nous avons fait passer la commande {order} en {level}.{when}",
        K.CHANGE_ADDRESS: "nous avons modifié l'adresse de livraison de la commande {order} : "
        "elle sera livrée à {town}.{when}",
        K.ISSUE_DISCOUNT: "pour nous excuser, nous vous avons envoyé le code {code} : il vous "
        "offre {discount} de réduction sur votre prochaine commande et reste valable jusqu'au "
        "{expires}.",
        K.RECORD_REFUND: "nous vous avons remboursé {amount} pour la commande {order}. Selon "
        "votre banque, quelques jours ouvrés peuvent s'écouler avant que le montant "
        "n'apparaisse sur votre relevé.",
    },
    "es": {
        K.CANCEL_ORDER: "hemos cancelado su pedido {order} tal como nos pidió; no se enviará "
        "nada de él.",
        K.CANCEL_LINES: "hemos retirado {items} de su pedido {order}. El resto del pedido sigue "
        "adelante según lo previsto.",
        K.RESHIP: "lamentamos lo ocurrido con {items} del pedido {order}. Le enviamos un "
        "reemplazo sin coste como pedido {replacement} y recibirá el enlace de seguimiento en "
        "cuanto salga de nuestro almacén.",
        K.START_RETURN: "hemos abierto la devolución {rma} para {items} del pedido {order}. Por "
        "favor, embale bien los artículos y escriba {rma} en el paquete; le escribiremos en "
        "cuanto nos llegue.",
        K.UPGRADE_SHIPPING: "hemos cambiado el envío del pedido {order} a {level}.{when}",
        K.CHANGE_ADDRESS: "hemos cambiado la dirección de entrega del pedido {order} a "
        "{town}.{when}",
        K.ISSUE_DISCOUNT: "como pequeña disculpa le hemos enviado el código {code}: le "
        "descuenta {discount} en su próximo pedido y es válido hasta el {expires}.",
        K.RECORD_REFUND: "le hemos reembolsado {amount} por el pedido {order}. Según su banco, "
        "el importe puede tardar unos días hábiles en aparecer en su cuenta.",
    },
    "pt": {
        K.CANCEL_ORDER: "cancelamos o seu pedido {order}, como você pediu; nenhum item dele "
        "será enviado.",
        K.CANCEL_LINES: "retiramos {items} do seu pedido {order}. O restante do pedido segue "
        "normalmente.",
        K.RESHIP: "sentimos muito pelo problema com {items} do pedido {order}. Vamos enviar "
        "uma reposição sem custo como pedido {replacement}, e você receberá o link de "
        "rastreamento assim que ela sair do nosso depósito.",
        K.START_RETURN: "abrimos a devolução {rma} para {items} do pedido {order}. Embale bem "
        "os itens e escreva {rma} no pacote; avisaremos assim que ele chegar até nós.",
        K.UPGRADE_SHIPPING: "mudamos o envio do pedido {order} para {level}.{when}",
        K.CHANGE_ADDRESS: "alteramos o endereço de entrega do pedido {order} para {town}.{when}",
        K.ISSUE_DISCOUNT: "como um pequeno pedido de desculpas, enviamos a você o cupom {code}: "
        "ele dá {discount} de desconto no seu próximo pedido e vale até {expires}.",
        K.RECORD_REFUND: "reembolsamos {amount} referente ao pedido {order}. Dependendo do seu "
        "banco, o valor pode levar alguns dias úteis para aparecer no extrato.",
    },
}
_GREETING = {"en": "Hello {name},", "de": "Hallo {name},", "fr": "Bonjour {name},",
             "es": "Hola, {name}:", "pt": "Olá, {name},"}  # fmt: skip
# German carries on in lower case after the greeting's comma; the others start anew.
_LOWER_AFTER_GREETING = frozenset({"de"})
_WHEN = {
    "en": " It should now arrive on {date}.",
    "de": " Sie sollte nun am {date} ankommen.",
    "fr": " Elle devrait maintenant arriver le {date}.",
    "es": " Ahora debería llegar el {date}.",
    "pt": " A nova previsão de entrega é {date}.",
}
# Every draft ends by offering more help, like the macros: a bare confirmation reads curt
# (and the tone coach scores it so).
_CLOSING = {
    "en": "If you have any questions, we are happy to help.",
    "de": "Bei Fragen sind wir gerne für Sie da.",
    "fr": "Pour toute question, nous restons à votre disposition.",
    "es": "Si tiene cualquier pregunta, estaremos encantados de ayudarle.",
    "pt": "Se tiver qualquer dúvida, estamos à disposição.",
}
_LEVELS = {
    "de": {"express": "Expressversand", "standard": "Standardversand"},
    "fr": {"express": "envoi express", "standard": "envoi standard"},
    "es": {"express": "envío exprés", "standard": "envío estándar"},
    "pt": {"express": "entrega expressa", "standard": "entrega padrão"},
}


def draft_reply(facts: Facts, *, first_name: str, locale_tag: str) -> str:
    """The reply an agent can send as it is, or adapt, in the customer's language."""
    language = locale_tag.split("-")[0].lower()
    if language not in _DRAFTS:  # the English draft, with English dates, to adapt
        language, locale_tag = "en", "en"
    locale = macro_text.babel_locale(locale_tag)
    when = _WHEN[language].format(date=_day(facts.promised, locale)) if facts.promised else ""
    body = _DRAFTS[language][facts.action].format(
        order=facts.order_number, items=_items(facts), replacement=facts.replacement_number,
        rma=facts.return_number, when=when, town=facts.town, code=facts.code,
        level=_LEVELS.get(language, {}).get(facts.service_level, facts.service_level),
        discount=discount_words(facts, locale), expires=_day(facts.expires, locale),
        amount=money(facts.amount_minor, facts.currency, locale) if facts.currency else "",
    )  # fmt: skip
    greeting = _GREETING[language].format(name=first_name or macro_text.placeholder(
        "customer_first_name"))  # fmt: skip
    if language not in _LOWER_AFTER_GREETING:
        body = body[:1].upper() + body[1:]
    return f"{greeting}\n\n{body}\n\n{_CLOSING[language]}"
