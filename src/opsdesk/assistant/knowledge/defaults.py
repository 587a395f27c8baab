"""The store policies every installation starts with, in English, German, French, Spanish
and Portuguese (a unit test keeps every article in every language).

Staff replace them with their own (``/api/v1/kb/articles``); until the knowledge base
has any article at all, the assistant answers from these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultArticle:
    slug: str
    locale: str
    title: str
    body: str
    tags: tuple[str, ...]
    intents: tuple[str, ...]


_RETURNS = ("check_refund_policy", "get_refund", "track_refund", "start_return")
_DELIVERY = ("delivery_period", "delivery_options")
_PAYMENT = ("check_payment_methods", "payment_issue")
_CANCEL = ("check_cancellation_fee",)
_ACCOUNT = ("create_account", "edit_account", "recover_password", "registration_problems",
            "switch_account", "newsletter_subscription", "place_order", "review")  # fmt: skip

DEFAULT_ARTICLES: tuple[DefaultArticle, ...] = (
    DefaultArticle(
        "returns", "en", "Returns and refunds",
        "You can return unused items within 30 days of delivery. Start the return on your "
        "order page (the link is in every e-mail about your order), pack the items safely "
        "and hand the parcel to the carrier. Once the return arrives and has been checked, "
        "we refund the price to your original payment method, usually within 5 business days.",
        ("returns", "refund", "money back"), _RETURNS,
    ),
    DefaultArticle(
        "returns", "de", "Rücksendung und Erstattung",
        "Unbenutzte Artikel können Sie innerhalb von 30 Tagen nach der Zustellung "
        "zurückschicken. Starten Sie die Rücksendung auf Ihrer Bestellseite (der Link steht in "
        "jeder E-Mail zu Ihrer Bestellung), verpacken Sie die Artikel sicher und geben Sie das "
        "Paket beim Paketdienst ab. Sobald die Rücksendung bei uns geprüft ist, erstatten wir "
        "den Betrag auf Ihr ursprüngliches Zahlungsmittel, in der Regel innerhalb von 5 Werktagen.",
        ("rücksendung", "erstattung", "retoure"), _RETURNS,
    ),
    DefaultArticle(
        "returns", "fr", "Retours et remboursements",
        "Vous pouvez retourner les articles non utilisés dans les 30 jours suivant la "
        "livraison. Démarrez le retour dans le chat ou sur la page de votre commande (le lien "
        "figure dans chaque e-mail concernant votre commande), emballez les articles avec soin "
        "et déposez le colis chez le transporteur. Dès que le retour est arrivé et a été "
        "vérifié, nous vous remboursons sur votre moyen de paiement d'origine, en général sous "
        "5 jours ouvrés.",
        ("retour", "remboursement", "renvoyer"), _RETURNS,
    ),
    DefaultArticle(
        "returns", "es", "Devoluciones y reembolsos",
        "Puede devolver los artículos sin usar en un plazo de 30 días desde la entrega. Inicie "
        "la devolución en el chat o en la página de su pedido (el enlace está en todos los "
        "correos sobre su pedido), embale los artículos con cuidado y entregue el paquete al "
        "transportista. Cuando la devolución llegue y se haya revisado, le reembolsamos el "
        "importe en su medio de pago original, normalmente en 5 días hábiles.",
        ("devolución", "reembolso", "devolver"), _RETURNS,
    ),
    DefaultArticle(
        "returns", "pt", "Devoluções e reembolsos",
        "Você pode devolver itens não usados em até 30 dias após a entrega. Inicie a "
        "devolução no chat ou na página do pedido (o link está em todos os e-mails sobre o "
        "seu pedido), embale os itens com cuidado e entregue o pacote à transportadora. "
        "Assim que a devolução chegar e for conferida, reembolsamos o valor no meio de "
        "pagamento original, normalmente em até 5 dias úteis.",
        ("devolução", "reembolso", "estorno"), _RETURNS,
    ),
    DefaultArticle(
        "delivery", "en", "Delivery times and options",
        "We ship from our own warehouses on business days. Standard delivery usually takes "
        "2 to 5 business days, economy up to 8, and express 1 to 2. You choose the option at "
        "checkout; every order gets a tracking link as soon as it is handed to the carrier.",
        ("delivery", "shipping", "express"), _DELIVERY,
    ),
    DefaultArticle(
        "delivery", "de", "Lieferzeiten und Versandarten",
        "Wir versenden an Werktagen aus unseren eigenen Lagern. Der Standardversand dauert "
        "meist 2 bis 5 Werktage, Economy bis zu 8 und Express 1 bis 2. Die Versandart wählen "
        "Sie an der Kasse; jede Bestellung erhält einen Link zur Sendungsverfolgung, sobald "
        "sie dem Paketdienst übergeben ist.",
        ("lieferung", "versand", "express"), _DELIVERY,
    ),
    DefaultArticle(
        "delivery", "fr", "Délais et modes de livraison",
        "Nous expédions depuis nos propres entrepôts les jours ouvrés. La livraison standard "
        "prend en général de 2 à 5 jours ouvrés, l'économique jusqu'à 8 et l'express 1 à 2. "
        "Vous choisissez le mode de livraison lors de la commande ; chaque commande reçoit un "
        "lien de suivi dès qu'elle est remise au transporteur.",
        ("livraison", "expédition", "express"), _DELIVERY,
    ),
    DefaultArticle(
        "delivery", "es", "Plazos y opciones de envío",
        "Enviamos desde nuestros propios almacenes en días hábiles. El envío estándar suele "
        "tardar de 2 a 5 días hábiles, el económico hasta 8 y el exprés de 1 a 2. La opción "
        "se elige al pagar; cada pedido recibe un enlace de seguimiento en cuanto se entrega "
        "al transportista.",
        ("envío", "entrega", "exprés"), _DELIVERY,
    ),
    DefaultArticle(
        "delivery", "pt", "Prazos e opções de entrega",
        "Enviamos dos nossos próprios armazéns em dias úteis. A entrega padrão costuma levar "
        "de 2 a 5 dias úteis, a econômica até 8 e a expressa de 1 a 2. Você escolhe a opção "
        "ao finalizar a compra; todo pedido recebe um link de rastreamento assim que é "
        "entregue à transportadora.",
        ("entrega", "frete", "expressa"), _DELIVERY,
    ),
    DefaultArticle(
        "payment", "en", "Payment methods",
        "You can pay by credit or debit card, PayPal or bank transfer. Your card is charged "
        "when the order is placed; if a payment fails, no order is created and you can simply "
        "try again or choose another method.",
        ("payment", "card", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "payment", "de", "Zahlungsarten",
        "Sie können mit Kredit- oder Debitkarte, PayPal oder per Überweisung bezahlen. Die "
        "Karte wird bei der Bestellung belastet; schlägt eine Zahlung fehl, entsteht keine "
        "Bestellung, und Sie können es einfach erneut oder mit einer anderen Zahlungsart "
        "versuchen.",
        ("zahlung", "karte", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "payment", "fr", "Moyens de paiement",
        "Vous pouvez payer par carte de crédit ou de débit, PayPal ou virement bancaire. La "
        "carte est débitée au moment de la commande ; si un paiement échoue, aucune commande "
        "n'est créée et vous pouvez simplement réessayer ou choisir un autre moyen.",
        ("paiement", "carte", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "payment", "es", "Formas de pago",
        "Puede pagar con tarjeta de crédito o débito, PayPal o transferencia bancaria. El "
        "cargo en la tarjeta se hace al realizar el pedido; si un pago falla, no se crea "
        "ningún pedido y puede volver a intentarlo o elegir otra forma de pago.",
        ("pago", "tarjeta", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "payment", "pt", "Formas de pagamento",
        "Você pode pagar com cartão de crédito ou débito, PayPal ou transferência bancária. "
        "O cartão é cobrado quando o pedido é feito; se um pagamento falhar, nenhum pedido é "
        "criado e você pode simplesmente tentar de novo ou escolher outra forma.",
        ("pagamento", "cartão", "paypal"), _PAYMENT,
    ),
    DefaultArticle(
        "cancellation", "en", "Cancelling an order",
        "Cancelling is free as long as the order has not left our warehouse. After that, "
        "simply return it once it arrives.",
        ("cancel", "cancellation fee"), _CANCEL,
    ),
    DefaultArticle(
        "cancellation", "de", "Bestellung stornieren",
        "Eine Stornierung ist kostenlos, solange die Bestellung unser Lager nicht verlassen "
        "hat. Danach schicken Sie sie nach der Zustellung einfach zurück.",
        ("stornieren", "stornogebühr"), _CANCEL,
    ),
    DefaultArticle(
        "cancellation", "fr", "Annuler une commande",
        "L'annulation est gratuite tant que la commande n'a pas quitté notre entrepôt. "
        "Ensuite, il vous suffit de la retourner après la livraison.",
        ("annuler", "frais d'annulation"), _CANCEL,
    ),
    DefaultArticle(
        "cancellation", "es", "Cancelar un pedido",
        "La cancelación es gratuita mientras el pedido no haya salido de nuestro almacén. "
        "Después, simplemente devuélvalo cuando lo reciba.",
        ("cancelar", "gastos de cancelación"), _CANCEL,
    ),
    DefaultArticle(
        "cancellation", "pt", "Cancelar um pedido",
        "O cancelamento é gratuito enquanto o pedido não tiver saído do nosso armazém. "
        "Depois disso, basta devolvê-lo quando chegar.",
        ("cancelar", "taxa de cancelamento"), _CANCEL,
    ),
    DefaultArticle(
        "account", "en", "Your customer account and orders",
        "You can order with or without an account. To create or edit an account, reset your "
        "password or change newsletter settings, use the \"My account\" page of our shop.",
        ("account", "password", "newsletter"), _ACCOUNT,
    ),
    DefaultArticle(
        "account", "de", "Kundenkonto und Bestellungen",
        "Sie können mit oder ohne Kundenkonto bestellen. Konto anlegen oder ändern, Passwort "
        "zurücksetzen oder Newsletter-Einstellungen ändern: auf der Seite „Mein Konto“ "
        "unseres Shops.",
        ("konto", "passwort", "newsletter"), _ACCOUNT,
    ),
    DefaultArticle(
        "account", "fr", "Votre compte client et vos commandes",
        "Vous pouvez commander avec ou sans compte. Pour créer ou modifier un compte, "
        "réinitialiser votre mot de passe ou gérer la newsletter, rendez-vous sur la page "
        "« Mon compte » de notre boutique.",
        ("compte", "mot de passe", "newsletter"), _ACCOUNT,
    ),
    DefaultArticle(
        "account", "es", "Su cuenta de cliente y sus pedidos",
        "Puede comprar con o sin cuenta. Para crear o modificar una cuenta, restablecer la "
        "contraseña o cambiar la suscripción al boletín, use la página «Mi cuenta» de "
        "nuestra tienda.",
        ("cuenta", "contraseña", "boletín"), _ACCOUNT,
    ),
    DefaultArticle(
        "account", "pt", "Sua conta de cliente e seus pedidos",
        "Você pode comprar com ou sem conta. Para criar ou editar uma conta, redefinir a "
        "senha ou alterar a inscrição na newsletter, use a página \"Minha conta\" da nossa "
        "loja.",
        ("conta", "senha", "newsletter"), _ACCOUNT,
    ),
)  # fmt: skip
