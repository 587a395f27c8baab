"""Small hand-written vocabularies the demo store is built from.

Everything here was written for OpsDesk: invented names, approximate city centres,
made-up product lines. Nothing is copied from a data set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str
    timezone: str
    latitude: float
    longitude: float
    postal_prefix: str


@dataclass(frozen=True)
class LocaleProfile:
    """What customers of one locale look like: names, streets, cities, currency."""

    locale: str
    share: float
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[City, ...]
    currency: str
    house_number_first: bool


@dataclass(frozen=True)
class WarehouseSite:
    code: str
    name: str
    address_line: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    priority: int
    carriers: tuple[str, ...]


WAREHOUSES: tuple[WarehouseSite, ...] = (
    WarehouseSite(
        "LEJ", "Leipzig", "Am Logistikpark 4", "Leipzig", "eu-central", "04435", "DE",
        51.39, 12.23, "Europe/Berlin", 10, ("DHL", "DPD"),
    ),
    WarehouseSite(
        "VLC", "Valencia", "Carrer de la Logística 17", "Valencia", "eu-south", "46988", "ES",
        39.52, -0.47, "Europe/Madrid", 20, ("SEUR", "GLS"),
    ),
    WarehouseSite(
        "GRU", "São Paulo", "Rodovia Hélio Smidt 900", "Guarulhos", "sa-east", "07190-100",
        "BR", -23.44, -46.47, "America/Sao_Paulo", 30, ("Correios", "Jadlog"),
    ),
)  # fmt: skip

LOCALES: tuple[LocaleProfile, ...] = (
    LocaleProfile(
        "de", 0.34,
        ("Anna", "Lukas", "Marie", "Jonas", "Lea", "Felix", "Hannah", "Paul", "Greta", "Emil",
         "Mila", "Karl"),
        ("Müller", "Schmidt", "Becker", "Wagner", "Hoffmann", "Krüger", "Neumann", "Vogel",
         "Braun", "Zimmermann", "Hartmann", "Lange"),
        ("Hauptstraße", "Lindenweg", "Bahnhofstraße", "Gartenstraße", "Am Markt", "Bergstraße"),
        (
            City("Berlin", "DE", "eu-central", "Europe/Berlin", 52.52, 13.40, "10"),
            City("Hamburg", "DE", "eu-central", "Europe/Berlin", 53.55, 9.99, "20"),
            City("München", "DE", "eu-central", "Europe/Berlin", 48.14, 11.58, "80"),
            City("Köln", "DE", "eu-central", "Europe/Berlin", 50.94, 6.96, "50"),
            City("Dresden", "DE", "eu-central", "Europe/Berlin", 51.05, 13.74, "01"),
            City("Wien", "AT", "eu-central", "Europe/Vienna", 48.21, 16.37, "1"),
        ),
        "EUR", False,
    ),
    LocaleProfile(
        "en", 0.22,
        ("Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Freya", "Jack", "Poppy",
         "Liam", "Ruby"),
        ("Smith", "Jones", "Taylor", "Brown", "Walsh", "Evans", "Byrne", "Hughes", "Clarke",
         "Murphy", "Wright", "Price"),
        ("High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Queen Street"),
        (
            City("London", "GB", "eu-west", "Europe/London", 51.51, -0.13, "N"),
            City("Manchester", "GB", "eu-west", "Europe/London", 53.48, -2.24, "M"),
            City("Bristol", "GB", "eu-west", "Europe/London", 51.45, -2.59, "BS"),
            City("Leeds", "GB", "eu-west", "Europe/London", 53.80, -1.55, "LS"),
            City("Dublin", "IE", "eu-west", "Europe/Dublin", 53.35, -6.26, "D"),
        ),
        "GBP", True,
    ),
    LocaleProfile(
        "fr", 0.18,
        ("Camille", "Louis", "Chloé", "Hugo", "Manon", "Jules", "Léa", "Arthur", "Inès",
         "Gabriel", "Zoé", "Raphaël"),
        ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fontaine",
         "Chevalier", "Mercier", "Blanc", "Garnier"),
        ("rue de la Paix", "avenue des Tilleuls", "rue du Moulin", "boulevard Voltaire",
         "rue des Écoles", "place du Marché"),
        (
            City("Paris", "FR", "eu-west", "Europe/Paris", 48.86, 2.35, "75"),
            City("Lyon", "FR", "eu-west", "Europe/Paris", 45.76, 4.84, "69"),
            City("Marseille", "FR", "eu-west", "Europe/Paris", 43.30, 5.37, "13"),
            City("Toulouse", "FR", "eu-west", "Europe/Paris", 43.60, 1.44, "31"),
            City("Nantes", "FR", "eu-west", "Europe/Paris", 47.22, -1.55, "44"),
        ),
        "EUR", True,
    ),
    LocaleProfile(
        "es", 0.14,
        ("Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Leo", "Valeria", "Daniel", "Paula",
         "Álvaro", "Carmen", "Pablo"),
        ("García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres",
         "Domínguez", "Vázquez", "Ramos", "Gil"),
        ("Calle Mayor", "Avenida del Puerto", "Calle de la Luna", "Paseo de la Alameda",
         "Calle del Olivo", "Plaza Nueva"),
        (
            City("Madrid", "ES", "eu-south", "Europe/Madrid", 40.42, -3.70, "28"),
            City("Barcelona", "ES", "eu-south", "Europe/Madrid", 41.39, 2.17, "08"),
            City("Valencia", "ES", "eu-south", "Europe/Madrid", 39.47, -0.38, "46"),
            City("Sevilla", "ES", "eu-south", "Europe/Madrid", 37.39, -5.98, "41"),
            City("Bilbao", "ES", "eu-south", "Europe/Madrid", 43.26, -2.93, "48"),
        ),
        "EUR", False,
    ),
    LocaleProfile(
        "pt-BR", 0.12,
        ("Ana", "João", "Beatriz", "Pedro", "Larissa", "Gustavo", "Camila", "Rafael",
         "Juliana", "Thiago", "Fernanda", "Bruno"),
        ("Souza", "Silva", "Oliveira", "Santos", "Pereira", "Costa", "Almeida", "Ribeiro",
         "Carvalho", "Gomes", "Rocha", "Barbosa"),
        ("Rua das Flores", "Avenida Brasil", "Rua São José", "Rua do Comércio",
         "Avenida Atlântica", "Rua XV de Novembro"),
        (
            City("São Paulo", "BR", "sa-east", "America/Sao_Paulo", -23.55, -46.63, "01"),
            City("Rio de Janeiro", "BR", "sa-east", "America/Sao_Paulo", -22.91, -43.17, "20"),
            City("Belo Horizonte", "BR", "sa-east", "America/Sao_Paulo", -19.92, -43.94, "30"),
            City("Curitiba", "BR", "sa-east", "America/Sao_Paulo", -25.43, -49.27, "80"),
            City("Recife", "BR", "sa-east", "America/Recife", -8.05, -34.88, "50"),
        ),
        "BRL", False,
    ),
)  # fmt: skip

# Prices are kept in EUR; other currencies get a fixed demo rate (no live FX in a demo).
EUR_RATES: dict[str, float] = {"EUR": 1.0, "GBP": 0.86, "BRL": 5.6}


@dataclass(frozen=True)
class Category:
    name: str
    nouns: tuple[str, ...]
    fragile_nouns: frozenset[str]
    price_eur: tuple[int, int]
    weight_g: tuple[int, int]
    variant_axis: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category(
        "Kitchen",
        ("Carafe", "Mug", "Chef's Knife", "Cutting Board", "Salad Bowl", "Teapot", "Pan"),
        frozenset({"Carafe", "Mug", "Teapot", "Salad Bowl"}),
        (9, 89), (200, 1800), ("Sand", "Slate", "Sage", "Ivory"),
    ),
    Category(
        "Home Decor",
        ("Vase", "Mirror", "Cushion", "Throw Blanket", "Picture Frame", "Candle Holder"),
        frozenset({"Vase", "Mirror", "Picture Frame"}),
        (12, 120), (150, 3000), ("Terracotta", "Charcoal", "Ivory", "Ochre"),
    ),
    Category(
        "Lighting",
        ("Table Lamp", "Pendant Light", "String Lights", "Lantern", "Desk Lamp"),
        frozenset({"Table Lamp", "Pendant Light", "Lantern"}),
        (19, 159), (300, 4000), ("Brass", "Black", "White"),
    ),
    Category(
        "Garden",
        ("Planter", "Watering Can", "Pruning Shears", "Bird Feeder", "Seed Tin"),
        frozenset({"Planter"}),
        (6, 75), (100, 5000), ("Small", "Medium", "Large"),
    ),
    Category(
        "Outdoor",
        ("Picnic Blanket", "Camping Mug", "Hammock", "Cooler Bag", "Trail Bottle"),
        frozenset(),
        (11, 140), (200, 2500), ("Forest", "Sky", "Sunset"),
    ),
    Category(
        "Stationery",
        ("Notebook", "Fountain Pen", "Desk Organiser", "Planner", "Sketchbook"),
        frozenset(),
        (4, 59), (80, 900), ("A5", "A4", "Pocket"),
    ),
    Category(
        "Bath",
        ("Towel Set", "Soap Dish", "Bath Mat", "Toothbrush Cup", "Laundry Basket"),
        frozenset({"Soap Dish", "Toothbrush Cup"}),
        (7, 69), (120, 2000), ("Sand", "Sage", "White"),
    ),
    Category(
        "Tea & Coffee",
        ("Loose Tea", "Coffee Beans", "Pour-Over Kit", "Tea Tin", "Milk Frother"),
        frozenset({"Pour-Over Kit"}),
        (6, 49), (100, 1200), ("250 g", "500 g", "1 kg"),
    ),
    Category(
        "Toys",
        ("Wooden Train", "Puzzle", "Building Blocks", "Plush Fox", "Kite"),
        frozenset(),
        (8, 65), (150, 1500), ("Classic", "Deluxe"),
    ),
)  # fmt: skip

ADJECTIVES: tuple[str, ...] = (
    "Alder", "Birch", "Cove", "Dune", "Ember", "Fjord", "Glen", "Harbour", "Isle", "Juniper",
    "Kestrel", "Lark", "Meadow", "Nordic", "Orchard", "Pebble", "Quarry", "Ridge", "Saltmarsh",
    "Thistle", "Upland", "Valley", "Willow", "Yarrow", "Zephyr",
)  # fmt: skip

SUPPLIERS: tuple[str, ...] = (
    "Nordwerk Haushalt GmbH", "Atelier Cerâmica Lda", "Lumen & Co", "Verde Jardín S.L.",
    "Papeterie du Canal", "Trailhead Goods Ltd",
)  # fmt: skip

# What each supplier says delivery takes (days), in the order of SUPPLIERS: the demo's
# purchase orders arrive 4-9 days after they are placed.
SUPPLIER_LEAD_DAYS: tuple[int, ...] = (6, 9, 5, 7, 4, 8)

PACKERS: tuple[str, ...] = ("Jana", "Mehmet", "Sofia", "Tobias", "Lucas", "Irene", "Marta")

EXCEPTION_REASONS: tuple[str, ...] = (
    "address could not be found",
    "recipient not at home, parcel held at depot",
    "parcel damaged in transit",
    "customs inspection",
)
