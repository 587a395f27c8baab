"""Typed delivery addresses for every country the store ships to, and the ones refused or
asked about specifically (#14.5). (text, order's country) → (line1, line2, code, town, region)."""

from __future__ import annotations

import pytest

from opsdesk.assistant.dialogue import Missing, format_address, read_address
from opsdesk.customers import normalise_postal_code

Row = tuple[str, str | None, tuple[str, str, str, str, str]]

READ: list[Row] = [
    # Ireland: Eircode with and without space, town before or after, one line or several
    ("5 Main Street, Cork T12 AB34", "IE", ("5 Main Street", "", "T12 AB34", "Cork", "")),
    ("5 Main Street, Cork, T12AB34", "IE", ("5 Main Street", "", "T12 AB34", "Cork", "")),
    ("5 Main St\nCork\nt12 ab34", "IE", ("5 Main St", "", "T12 AB34", "Cork", "")),
    ("5 Main Street Cork T12 AB34", "IE", ("5 Main Street", "", "T12 AB34", "Cork", "")),
    ("5 Main Street, T12 AB34 Cork", "IE", ("5 Main Street", "", "T12 AB34", "Cork", "")),
    ("Main Street, Cork T12 AB34, Ireland", None, ("Main Street", "", "T12 AB34", "Cork", "")),
    ("12 Grafton Street, Dublin 2, D02 X285", "IE", ("12 Grafton Street", "", "D02 X285", "Dublin 2", "")),
    # United Kingdom
    ("Flat 2, 10 Downing St, London SW1A 2AA", "GB", ("Flat 2, 10 Downing St", "", "SW1A 2AA", "London", "")),
    ("221B Baker Street, London NW1 6XE", None, ("221B Baker Street", "", "NW1 6XE", "London", "")),
    ("1 Deansgate\nManchester\nm3 4lq", "GB", ("1 Deansgate", "", "M3 4LQ", "Manchester", "")),
    ("22 Park Road, Bristol BS1 5LL, UK", None, ("22 Park Road", "", "BS1 5LL", "Bristol", "")),
    ("7 High Street Leeds LS1 6HB", "GB", ("7 High Street", "", "LS1 6HB", "Leeds", "")),
    # Germany, Austria, Switzerland: street, then number
    ("Hauptstr. 5a, 10115 Berlin", "DE", ("Hauptstr. 5a", "", "10115", "Berlin", "")),
    ("Hauptstraße 5 10115 Berlin", "DE", ("Hauptstraße 5", "", "10115", "Berlin", "")),
    ("Lindenweg 12\n20095 Hamburg\nDeutschland", None, ("Lindenweg 12", "", "20095", "Hamburg", "")),
    ("Mariahilfer Straße 12, 1060 Wien, Österreich", None, ("Mariahilfer Straße 12", "", "1060", "Wien", "")),
    ("Bahnhofstrasse 1, CH-8001 Zürich", "CH", ("Bahnhofstrasse 1", "", "8001", "Zürich", "")),
    ("Am Markt 3, 2. OG, 01067 Dresden", "DE", ("Am Markt 3", "2. OG", "01067", "Dresden", "")),
    # France: number first, CEDEX
    ("12 rue de la Paix, 75002 Paris", "FR", ("12 rue de la Paix", "", "75002", "Paris", "")),
    ("12 rue de la Paix\n75002 Paris CEDEX 02", "FR", ("12 rue de la Paix", "", "75002", "Paris CEDEX 02", "")),
    ("3 bis avenue Foch, 69006 Lyon, France", None, ("3 bis avenue Foch", "", "69006", "Lyon", "")),
    ("8 boulevard Longchamp 13001 Marseille", "FR", ("8 boulevard Longchamp", "", "13001", "Marseille", "")),
    ("Appt 4, 15 allée des Tilleuls, 44000 Nantes", "FR", ("Appt 4, 15 allée des Tilleuls", "", "44000", "Nantes", "")),
    # Spain
    ("Calle Mayor 5, 3º B, 28013 Madrid", "ES", ("Calle Mayor 5", "3º B", "28013", "Madrid", "")),
    ("Carrer de Mallorca 401, 08013 Barcelona", "ES", ("Carrer de Mallorca 401", "", "08013", "Barcelona", "")),
    ("Avenida del Puerto 12\n46021 Valencia\nEspaña", None, ("Avenida del Puerto 12", "", "46021", "Valencia", "")),
    ("Plaza Nueva 1, 41001 Sevilla", "ES", ("Plaza Nueva 1", "", "41001", "Sevilla", "")),
    ("Calle Ercilla s/n, 48009 Bilbao", "ES", ("Calle Ercilla s/n", "", "48009", "Bilbao", "")),
    # Portugal
    ("Rua Augusta 100, 1100-053 Lisboa", "PT", ("Rua Augusta 100", "", "1100-053", "Lisboa", "")),
    ("Avenida da Boavista 1200, 4100-130 Porto", "PT", ("Avenida da Boavista 1200", "", "4100-130", "Porto", "")),
    ("Rua do Sol 7\n3000-001 Coimbra\nPortugal", None, ("Rua do Sol 7", "", "3000-001", "Coimbra", "")),
    ("Largo do Carmo 2, 1200-092 Lisboa", "PT", ("Largo do Carmo 2", "", "1200-092", "Lisboa", "")),
    ("Travessa da Rua 5, 8000-123 Faro", "PT", ("Travessa da Rua 5", "", "8000-123", "Faro", "")),
    # Brazil: CEP, number after a comma, neighbourhood, state
    ("Av. Paulista, 1000 - Bela Vista, São Paulo - SP, 01310-100", "BR", ("Av. Paulista, 1000", "Bela Vista", "01310-100", "São Paulo", "SP")),
    ("Rua Augusta 100\n01305-000 São Paulo", None, ("Rua Augusta 100", "", "01305-000", "São Paulo", "")),
    ("Rua das Flores 12, Rio de Janeiro - RJ, 20040-020", "BR", ("Rua das Flores 12", "", "20040-020", "Rio de Janeiro", "RJ")),
    ("Avenida Afonso Pena 1500, 30130005 Belo Horizonte", "BR", ("Avenida Afonso Pena 1500", "", "30130-005", "Belo Horizonte", "")),
    ("Rua XV de Novembro 300, Curitiba/PR, 80020-310, Brasil", None, ("Rua XV de Novembro 300", "", "80020-310", "Curitiba", "PR")),
    # United States: town, state, ZIP
    ("1600 Amphitheatre Pkwy, Mountain View, CA 94043", "US", ("1600 Amphitheatre Pkwy", "", "94043", "Mountain View", "CA")),
    ("1600 Amphitheatre Pkwy Mountain View CA 94043", "US", ("1600 Amphitheatre Pkwy", "", "94043", "Mountain View", "CA")),
    ("350 Fifth Avenue, New York, NY 10118-0110, USA", None, ("350 Fifth Avenue", "", "10118-0110", "New York", "NY")),
    ("1 Infinite Loop\nCupertino, CA 95014", "US", ("1 Infinite Loop", "", "95014", "Cupertino", "CA")),
    ("233 S Wacker Dr, Chicago, IL 60606", "US", ("233 S Wacker Dr", "", "60606", "Chicago", "IL")),
    # Netherlands, Italy, Belgium
    ("Damrak 1, 1012 AB Amsterdam", "NL", ("Damrak 1", "", "1012 AB", "Amsterdam", "")),
    ("Keizersgracht 123, 1015CJ Amsterdam", "NL", ("Keizersgracht 123", "", "1015 CJ", "Amsterdam", "")),
    ("Via del Corso 12, 00186 Roma", "IT", ("Via del Corso 12", "", "00186", "Roma", "")),
    ("Piazza del Duomo 1, 20122 Milano, Italia", None, ("Piazza del Duomo 1", "", "20122", "Milano", "")),
    ("Rue Neuve 10, 1000 Bruxelles", "BE", ("Rue Neuve 10", "", "1000", "Bruxelles", "")),
    # inside a sentence (the first request), with pleasantries around it
    ("please change the delivery address to Hauptstraße 5, 10115 Berlin, thanks!", "DE", ("Hauptstraße 5", "", "10115", "Berlin", "")),
    ("bitte ändern Sie die Lieferadresse auf Hauptstraße 5, 10115 Berlin", "DE", ("Hauptstraße 5", "", "10115", "Berlin", "")),
    ("je voudrais la faire livrer à 12 rue de la Paix, 75002 Paris", "FR", ("12 rue de la Paix", "", "75002", "Paris", "")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "country", "expected"), READ)
def test_addresses_of_every_shipping_country_are_read(
    text: str, country: str | None, expected: tuple[str, str, str, str, str]
) -> None:
    reading = read_address(text, country=country)
    assert reading.address is not None, reading.missing
    a = reading.address
    assert (a.line1, a.line2, a.postal_code, a.city, a.region) == expected


NAMED = [
    ("5 Main Street, Cork T12 AB34, Ireland", "IE"),
    ("Lindenweg 12, 20095 Hamburg, Allemagne", "DE"),
    ("12 rue de la Paix, 75002 Paris, Frankreich", "FR"),
    ("Calle Mayor 5, 28013 Madrid, Espanha", "ES"),
    ("Rua Augusta 100, 1100-053 Lisboa, Portugal", "PT"),
    ("Damrak 1, 1012 AB Amsterdam, Países Bajos", "NL"),
    ("Rua das Flores 12, 20040-020 Rio de Janeiro, Brésil", "BR"),
]


@pytest.mark.parametrize(("text", "country"), NAMED)
def test_a_country_named_in_any_language_wins_over_the_orders(text: str, country: str) -> None:
    address = read_address(text, country="GB").address
    assert address is not None
    assert address.country == country


REFUSED: list[tuple[str, str | None, set[Missing]]] = [
    ("Berlin", "DE", {Missing.STREET, Missing.POSTAL_CODE}),
    ("somewhere in Hamburg", "DE", {Missing.STREET}),
    ("10115 Berlin", "DE", {Missing.STREET}),
    ("Main street, Berlin", "DE", {Missing.HOUSE_NUMBER, Missing.POSTAL_CODE}),
    ("5 Main Street, Cork", "IE", {Missing.POSTAL_CODE}),
    ("5 Main Street, T12 AB34", "IE", {Missing.TOWN}),
    ("5 Main Street, Cork 12345", "IE", {Missing.POSTAL_CODE}),
    ("5 Main Street, Cork B12 AB34", "IE", {Missing.POSTAL_CODE}),
    ("Hauptstraße 5, 10115 Berlin", "IE", {Missing.WRONG_POSTAL_CODE}),
    ("Hauptstraße 5, 1011 Berlin", "DE", {Missing.POSTAL_CODE}),
    ("Hauptstraße 5, 101155 Berlin", "DE", {Missing.POSTAL_CODE}),
    ("Hauptstraße, 10115 Berlin", "DE", {Missing.HOUSE_NUMBER}),
    ("Flat 2, London SW1A 2AA", "GB", {Missing.STREET}),
    ("10 Downing St, London SW1A", "GB", {Missing.POSTAL_CODE}),
    ("10 Downing St, London", "GB", {Missing.POSTAL_CODE}),
    ("12 rue de la Paix, Paris", "FR", {Missing.POSTAL_CODE}),
    ("12 rue de la Paix, 7500 Paris", "FR", {Missing.POSTAL_CODE}),
    ("Calle Mayor 5, 28013", "ES", {Missing.TOWN}),
    ("Rua Augusta 100, 1100 Lisboa", "PT", {Missing.POSTAL_CODE}),
    ("Av. Paulista 1000, São Paulo - SP, 01310", "BR", {Missing.POSTAL_CODE}),
    ("Av. Paulista 1000, São Paulo - RJ, 01310-100", "BR", {Missing.WRONG_POSTAL_CODE}),
    ("1600 Amphitheatre Pkwy, Mountain View, NY 94043", "US", {Missing.WRONG_POSTAL_CODE}),
    ("1600 Amphitheatre Pkwy, Mountain View, CA", "US", {Missing.POSTAL_CODE}),
    ("Damrak 1, 1012 Amsterdam", "NL", {Missing.POSTAL_CODE}),
    ("Via del Corso, 00186 Roma", "IT", {Missing.HOUSE_NUMBER}),
    ("yes", "DE", {Missing.STREET, Missing.POSTAL_CODE, Missing.TOWN}),
    ("where is my parcel?", "DE", {Missing.STREET, Missing.POSTAL_CODE, Missing.TOWN}),
    ("", "DE", {Missing.STREET, Missing.POSTAL_CODE, Missing.TOWN}),
    (", , ,", "DE", {Missing.STREET, Missing.POSTAL_CODE, Missing.TOWN}),
    ("a, b, c, d, e, f, g, h, i, 10115 Berlin", "DE", {Missing.STREET}),
    ("Hauptstraße 5, 10115 " + "Berlin" * 40, "DE", {Missing.TOWN}),
]


@pytest.mark.parametrize(("text", "country", "missing"), REFUSED)
def test_half_addresses_are_refused_and_say_what_is_missing(
    text: str, country: str | None, missing: set[Missing]
) -> None:
    reading = read_address(text, country=country)
    assert reading.address is None
    found = set(reading.missing)
    if Missing.POSTAL_CODE in missing:  # absent, or a code of another country: both asked
        assert found & {Missing.POSTAL_CODE, Missing.WRONG_POSTAL_CODE}
        found.add(Missing.POSTAL_CODE)
    assert missing <= found


def test_a_partial_reading_keeps_what_it_understood() -> None:
    reading = read_address("5 Main Street, Cork", country="IE")
    assert (reading.street, reading.town, reading.missing) == (
        "5 Main Street", "Cork", (Missing.POSTAL_CODE,))  # fmt: skip


@pytest.mark.parametrize(
    ("address", "country", "line"),
    [
        ({"line1": "5 Main Street", "postal_code": "T12 AB34", "city": "Cork"}, "IE",
         "5 Main Street, Cork T12 AB34"),
        ({"line1": "1600 Amphitheatre Pkwy", "postal_code": "94043", "city": "Mountain View",
          "region": "CA"}, "US", "1600 Amphitheatre Pkwy, Mountain View, CA 94043"),
        ({"line1": "Hauptstr. 5a", "postal_code": "10115", "city": "Berlin"}, "DE",
         "Hauptstr. 5a, 10115 Berlin"),
        ({"line1": "Av. Paulista, 1000", "line2": "Bela Vista", "postal_code": "01310-100",
          "city": "São Paulo", "region": "SP"}, "BR",
         "Av. Paulista, 1000, Bela Vista, São Paulo - SP, 01310-100"),
    ],
)  # fmt: skip
def test_an_address_is_written_the_way_its_country_writes_it(
    address: dict[str, object], country: str, line: str
) -> None:
    assert format_address(address, country=country) == line


@pytest.mark.parametrize(
    ("country", "code", "written"),
    [("IE", "t12ab34", "T12 AB34"), ("GB", "sw1a2aa", "SW1A 2AA"), ("NL", "1012ab", "1012 AB"),
     ("BR", "01310100", "01310-100"), ("DE", "D-10115", "10115"), ("FR", "75 002", "75002"),
     ("US", "94043", "94043"), ("IE", "10115", None), ("DE", "1011", None),
     ("PT", "1100053", "1100-053"), ("GB", "SW1A 2AAX", None), ("US", "9404", None)],
)  # fmt: skip
def test_postal_codes_are_checked_and_written_the_countrys_way(
    country: str, code: str, written: str | None
) -> None:
    assert normalise_postal_code(country, code) == written
