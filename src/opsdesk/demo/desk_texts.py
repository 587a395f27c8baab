"""What the demo's customers and agents write, in the customers' languages (en, de, fr,
es, pt-BR). Short texts with ``{name}``, ``{order}``, ``{item}`` and ``{agent}`` filled in
per ticket; internal notes are in English, the language the team works in."""

from __future__ import annotations

from collections.abc import Mapping

Texts = Mapping[str, tuple[tuple[str, str], ...]]  # language -> (subject, body) variants

LANGUAGES = ("en", "de", "fr", "es", "pt")


def language_of(locale: str) -> str:
    """``pt-BR`` → ``pt``; a language the demo has no texts for writes in English."""
    language = locale.split("-")[0].lower()
    return language if language in LANGUAGES else "en"


CUSTOMER: Mapping[str, Texts] = {
    "late": {
        "en": (
            (
                "Where is my order {order}?",
                "Hi, my order {order} should have arrived by now "
                "and the tracking has not moved for days. Can you tell me where it is?\n{name}",
            ),
            (
                "Order {order} not delivered",
                "Hello, I am still waiting for order {order}. "
                "It was promised for last week. When will it come?",
            ),
        ),
        "de": (
            (
                "Wo bleibt meine Bestellung {order}?",
                "Guten Tag, meine Bestellung {order} "
                "sollte längst da sein, die Sendungsverfolgung zeigt seit Tagen nichts Neues. "
                "Können Sie bitte nachsehen?\nViele Grüße, {name}",
            ),
        ),
        "fr": (
            (
                "Où est ma commande {order} ?",
                "Bonjour, ma commande {order} devait arriver "
                "la semaine dernière et le suivi ne bouge plus. Pouvez-vous vérifier ?\n"
                "Merci, {name}",
            ),
        ),
        "es": (
            (
                "¿Dónde está mi pedido {order}?",
                "Hola, mi pedido {order} ya debería haber "
                "llegado y el seguimiento no cambia desde hace días. ¿Me podéis decir algo?\n"
                "{name}",
            ),
        ),
        "pt": (
            (
                "Cadê meu pedido {order}?",
                "Olá, meu pedido {order} já deveria ter chegado "
                "e o rastreio está parado há dias. Vocês podem verificar?\nObrigado, {name}",
            ),
        ),
    },
    "damaged": {
        "en": (
            (
                "{item} arrived broken",
                "Hello, the {item} from order {order} arrived "
                "damaged, the box was crushed on one side. What can you do?\n{name}",
            ),
        ),
        "de": (
            (
                "{item} kaputt angekommen",
                "Hallo, der Artikel {item} aus Bestellung {order} "
                "ist beschädigt angekommen, der Karton war eingedrückt. Was nun?\n{name}",
            ),
        ),
        "fr": (
            (
                "{item} arrivé cassé",
                "Bonjour, l'article {item} de la commande {order} est "
                "arrivé abîmé, le carton était écrasé. Que pouvez-vous faire ?\n{name}",
            ),
        ),
        "es": (
            (
                "{item} llegó roto",
                "Hola, el artículo {item} del pedido {order} llegó "
                "dañado, la caja venía aplastada. ¿Qué podéis hacer?\n{name}",
            ),
        ),
        "pt": (
            (
                "{item} chegou quebrado",
                "Olá, o item {item} do pedido {order} chegou "
                "danificado, a caixa estava amassada. O que vocês podem fazer?\n{name}",
            ),
        ),
    },
    "wrong_item": {
        "en": (
            (
                "Wrong item in order {order}",
                "Hi, I ordered {item} but the parcel for "
                "order {order} contained something else. Please send the right one.\n{name}",
            ),
        ),
        "de": (
            (
                "Falscher Artikel in Bestellung {order}",
                "Hallo, ich habe {item} bestellt, "
                "im Paket zu Bestellung {order} war aber etwas anderes. Bitte schicken Sie mir "
                "den richtigen Artikel.\n{name}",
            ),
        ),
        "fr": (
            (
                "Mauvais article dans la commande {order}",
                "Bonjour, j'ai commandé {item} "
                "mais le colis de la commande {order} contenait autre chose. Merci de "
                "m'envoyer le bon article.\n{name}",
            ),
        ),
        "es": (
            (
                "Artículo equivocado en el pedido {order}",
                "Hola, pedí {item} pero en el "
                "paquete del pedido {order} venía otra cosa. Enviadme el correcto, por favor."
                "\n{name}",
            ),
        ),
        "pt": (
            (
                "Item errado no pedido {order}",
                "Olá, comprei {item} mas no pacote do pedido "
                "{order} veio outra coisa. Por favor, enviem o item certo.\n{name}",
            ),
        ),
    },
    "return": {
        "en": (
            (
                "Refund for my return ({order})",
                "Hello, I sent back part of order {order} "
                "a while ago. Has it arrived, and when will I get my money back?\n{name}",
            ),
        ),
        "de": (
            (
                "Erstattung für Rücksendung {order}",
                "Guten Tag, ich habe einen Teil von "
                "Bestellung {order} zurückgeschickt. Ist das Paket angekommen und wann bekomme "
                "ich mein Geld zurück?\n{name}",
            ),
        ),
        "fr": (
            (
                "Remboursement du retour {order}",
                "Bonjour, j'ai renvoyé une partie de la "
                "commande {order}. Le colis est-il arrivé et quand serai-je remboursé ?\n"
                "{name}",
            ),
        ),
        "es": (
            (
                "Reembolso de la devolución {order}",
                "Hola, devolví parte del pedido {order}. "
                "¿Os ha llegado? ¿Cuándo recibiré el reembolso?\n{name}",
            ),
        ),
        "pt": (
            (
                "Reembolso da devolução {order}",
                "Olá, devolvi parte do pedido {order}. "
                "Vocês já receberam? Quando vou ter meu dinheiro de volta?\n{name}",
            ),
        ),
    },
    "cancel": {
        "en": (
            (
                "Please cancel order {order}",
                "Hi, I ordered by mistake. Please cancel "
                "order {order} before it ships. Thanks, {name}",
            ),
        ),
        "de": (
            (
                "Bitte Bestellung {order} stornieren",
                "Hallo, ich habe versehentlich "
                "bestellt. Bitte stornieren Sie Bestellung {order}, bevor sie verschickt wird. "
                "Danke, {name}",
            ),
        ),
        "fr": (
            (
                "Annuler la commande {order}",
                "Bonjour, j'ai commandé par erreur. Pouvez-"
                "vous annuler la commande {order} avant l'envoi ? Merci, {name}",
            ),
        ),
        "es": (
            (
                "Cancelar el pedido {order}",
                "Hola, hice el pedido por error. ¿Podéis "
                "cancelar el pedido {order} antes de enviarlo? Gracias, {name}",
            ),
        ),
        "pt": (
            (
                "Cancelar o pedido {order}",
                "Olá, fiz o pedido por engano. Podem cancelar o "
                "pedido {order} antes do envio? Obrigado, {name}",
            ),
        ),
    },
    "angry": {
        "en": (
            (
                "Unacceptable - order {order}",
                "This is the third time I am writing about "
                "order {order}. Nobody answers and the parcel is still not here. If I do not "
                "hear from you today I want my money back.\n{name}",
            ),
        ),
        "de": (
            (
                "Inakzeptabel - Bestellung {order}",
                "Ich schreibe jetzt zum dritten Mal "
                "wegen Bestellung {order}. Niemand antwortet und das Paket ist immer noch nicht "
                "da. Wenn ich heute nichts höre, will ich mein Geld zurück.\n{name}",
            ),
        ),
        "fr": (
            (
                "Inadmissible - commande {order}",
                "C'est la troisième fois que j'écris au "
                "sujet de la commande {order}. Personne ne répond et le colis n'est toujours "
                "pas là. Sans réponse aujourd'hui, je demande un remboursement.\n{name}",
            ),
        ),
        "es": (
            (
                "Inaceptable - pedido {order}",
                "Es la tercera vez que escribo por el pedido "
                "{order}. Nadie contesta y el paquete sigue sin llegar. Si hoy no sé nada, "
                "quiero que me devolváis el dinero.\n{name}",
            ),
        ),
        "pt": (
            (
                "Inaceitável - pedido {order}",
                "É a terceira vez que escrevo sobre o pedido "
                "{order}. Ninguém responde e o pacote ainda não chegou. Se não tiver resposta "
                "hoje, quero meu dinheiro de volta.\n{name}",
            ),
        ),
    },
}

CHASE: Mapping[str, str] = {
    "en": "Any news about order {order}? I am still waiting.",
    "de": "Gibt es schon Neuigkeiten zu Bestellung {order}? Ich warte noch.",
    "fr": "Avez-vous des nouvelles de la commande {order} ? J'attends toujours.",
    "es": "¿Hay novedades del pedido {order}? Sigo esperando.",
    "pt": "Alguma novidade sobre o pedido {order}? Ainda estou esperando.",
}

PHOTO_SENT: Mapping[str, str] = {
    "en": "Here are the photos of the {item} and the box.",
    "de": "Anbei die Fotos vom Artikel {item} und vom Karton.",
    "fr": "Voici les photos de l'article {item} et du carton.",
    "es": "Aquí tenéis las fotos del artículo {item} y de la caja.",
    "pt": "Seguem as fotos do item {item} e da caixa.",
}

# Agent replies by purpose; each starts with the greeting and ends with the agent's name.
AGENT: Mapping[str, Mapping[str, str]] = {
    "checking": {
        "en": "Hello {name},\n\nthank you for writing. I have asked our warehouse and the "
        "carrier about order {order} and will write again as soon as I hear back.\n\n{agent}",
        "de": "Hallo {name},\n\nvielen Dank für Ihre Nachricht. Ich habe bei Lager und "
        "Paketdienst zu Bestellung {order} nachgefragt und melde mich, sobald ich Antwort "
        "habe.\n\n{agent}",
        "fr": "Bonjour {name},\n\nmerci pour votre message. J'ai interrogé notre entrepôt et "
        "le transporteur au sujet de la commande {order} ; je reviens vers vous dès que "
        "j'ai leur réponse.\n\n{agent}",
        "es": "Hola {name}:\n\ngracias por escribirnos. He preguntado al almacén y a la "
        "empresa de transporte por el pedido {order} y te escribo en cuanto me respondan."
        "\n\n{agent}",
        "pt": "Olá {name},\n\nobrigado pela mensagem. Consultei o nosso armazém e a "
        "transportadora sobre o pedido {order} e volto a escrever assim que tiver "
        "resposta.\n\n{agent}",
    },
    "photo": {
        "en": "Hello {name},\n\nI am sorry about the {item}. Could you send us a photo of the "
        "item and the box? Then I can send a replacement straight away.\n\n{agent}",
        "de": "Hallo {name},\n\nes tut mir leid wegen {item}. Könnten Sie uns ein Foto vom "
        "Artikel und vom Karton schicken? Dann sende ich sofort Ersatz.\n\n{agent}",
        "fr": "Bonjour {name},\n\nje suis désolé pour l'article {item}. Pourriez-vous nous "
        "envoyer une photo de l'article et du carton ? Je vous envoie alors un "
        "remplacement tout de suite.\n\n{agent}",
        "es": "Hola {name}:\n\nsiento lo del artículo {item}. ¿Nos puedes enviar una foto del "
        "artículo y de la caja? Así te mando uno nuevo enseguida.\n\n{agent}",
        "pt": "Olá {name},\n\nlamento pelo item {item}. Pode nos enviar uma foto do item e da "
        "caixa? Assim envio um novo imediatamente.\n\n{agent}",
    },
    "done_late": {
        "en": "Hello {name},\n\ngood news: order {order} is with you now. I am sorry it took "
        "longer than we promised, and thank you for your patience.\n\n{agent}",
        "de": "Hallo {name},\n\ngute Nachricht: Bestellung {order} ist jetzt bei Ihnen. "
        "Entschuldigen Sie, dass es länger gedauert hat als versprochen, und danke für Ihre "
        "Geduld.\n\n{agent}",
        "fr": "Bonjour {name},\n\nbonne nouvelle : la commande {order} vous a été livrée. "
        "Désolé pour le retard et merci de votre patience.\n\n{agent}",
        "es": "Hola {name}:\n\nbuenas noticias: el pedido {order} ya está contigo. Perdona "
        "el retraso y gracias por tu paciencia.\n\n{agent}",
        "pt": "Olá {name},\n\nboa notícia: o pedido {order} já foi entregue. Desculpe pela "
        "demora e obrigado pela paciência.\n\n{agent}",
    },
    "done_replacement": {
        "en": "Hello {name},\n\nwe have sent you a new {item} free of charge; you do not need "
        "to send the other one back. Sorry for the trouble.\n\n{agent}",
        "de": "Hallo {name},\n\nwir haben Ihnen kostenlos einen neuen Artikel {item} "
        "geschickt; den anderen müssen Sie nicht zurücksenden. Entschuldigen Sie die "
        "Umstände.\n\n{agent}",
        "fr": "Bonjour {name},\n\nnous vous avons envoyé gratuitement un nouvel article "
        "{item} ; inutile de renvoyer l'autre. Désolé pour ce désagrément.\n\n{agent}",
        "es": "Hola {name}:\n\nte hemos enviado gratis un artículo {item} nuevo; no hace falta "
        "que devuelvas el otro. Perdona las molestias.\n\n{agent}",
        "pt": "Olá {name},\n\nenviamos um novo item {item} sem custo; não precisa devolver o "
        "outro. Desculpe o transtorno.\n\n{agent}",
    },
    "done_return": {
        "en": "Hello {name},\n\nyour return for order {order} has arrived and the refund is on "
        "its way; your bank may take a few business days to show it.\n\n{agent}",
        "de": "Hallo {name},\n\nIhre Rücksendung zu Bestellung {order} ist angekommen und die "
        "Erstattung ist veranlasst; je nach Bank dauert es einige Werktage.\n\n{agent}",
        "fr": "Bonjour {name},\n\nvotre retour pour la commande {order} est bien arrivé et le "
        "remboursement est en cours ; comptez quelques jours ouvrés selon votre banque."
        "\n\n{agent}",
        "es": "Hola {name}:\n\nhemos recibido tu devolución del pedido {order} y el reembolso "
        "está en camino; según tu banco puede tardar unos días hábiles.\n\n{agent}",
        "pt": "Olá {name},\n\nrecebemos a devolução do pedido {order} e o reembolso já foi "
        "feito; dependendo do banco, pode levar alguns dias úteis.\n\n{agent}",
    },
    "done_cancel": {
        "en": "Hello {name},\n\norder {order} is cancelled as you asked, and you will not be "
        "charged for it.\n\n{agent}",
        "de": "Hallo {name},\n\nBestellung {order} ist wie gewünscht storniert; Ihnen wird "
        "nichts berechnet.\n\n{agent}",
        "fr": "Bonjour {name},\n\nla commande {order} est annulée comme demandé ; vous ne "
        "serez pas débité.\n\n{agent}",
        "es": "Hola {name}:\n\nel pedido {order} está cancelado como pediste y no se te "
        "cobrará nada.\n\n{agent}",
        "pt": "Olá {name},\n\no pedido {order} foi cancelado como pedido e nada será "
        "cobrado.\n\n{agent}",
    },
}

# What the agent asks operations for, by the customer's problem (an internal note).
OPERATIONS_ASK: Mapping[str, str] = {
    "late": "Warehouse/carrier: order {order} is past its promised date and tracking has "
    "stalled. Please open a trace with the carrier and tell me what they say.",
    "angry": "Urgent: third message about order {order}. Please check with the carrier "
    "today whether the parcel is lost; if so I will reship.",
    "damaged": "Warehouse: {item} of order {order} arrived damaged. Please check the stock "
    "of this item for the same fault before I send a replacement.",
    "wrong_item": "Warehouse: order {order} was packed with the wrong item instead of {item}. "
    "Please check the shelf and the packing record.",
    "return": "Returns desk: has the parcel for order {order} arrived? The customer asks "
    "about the refund.",
    "cancel": "Warehouse: please stop order {order} if it has not left yet; the customer "
    "wants to cancel.",
}

CSAT_COMMENTS: Mapping[int, Mapping[str, str]] = {
    5: {"en": "Quick and friendly, thank you!", "de": "Schnell und freundlich, danke!",
        "fr": "Rapide et aimable, merci !", "es": "¡Rápido y amable, gracias!",
        "pt": "Rápido e atencioso, obrigado!"},
    4: {"en": "Sorted in the end.", "de": "Am Ende hat alles geklappt.",
        "fr": "Réglé au final.", "es": "Al final se solucionó.", "pt": "No fim deu certo."},
    2: {"en": "It took far too long.", "de": "Hat viel zu lange gedauert.",
        "fr": "Beaucoup trop long.", "es": "Tardó demasiado.", "pt": "Demorou demais."},
}  # fmt: skip
