"""The catalogue pages for buyers: search with filters in the URL, results with their facts, the criterion page."""

from __future__ import annotations

import re

from builders import ILO_ID
from flask.testing import FlaskClient

from procurement.catalogue import load


def result_ids(page: str) -> list[str]:
    return re.findall(r'<tr id="c-([a-z0-9-]+)"', page)


def test_the_index_has_a_search_box_every_filter_and_the_bundle_bar(client: FlaskClient) -> None:
    page = client.get("/catalogus/").get_data(as_text=True)

    assert 'role="search"' in page and 'method="get"' in page
    for name in ("q", "thema", "productgroep", "soort", "ambitie", "essentieel", "sdg"):
        assert f'name="{name}"' in page
    assert "Je selectie: <strong data-bundle-size>0</strong>" in page
    assert "enkel algemene criteria (alle bestekken)" in page
    assert "SDG 13 · Klimaatactie" in page


def test_a_search_with_a_typo_lists_the_ilo_clause_first_and_says_what_was_meant(client: FlaskClient) -> None:
    page = client.get("/catalogus/?q=kinderarbied").get_data(as_text=True)

    assert result_ids(page)[0] == ILO_ID
    assert "Gezocht naar ‘kinderarbeid’ (je typte ‘kinderarbied’)." in page
    assert "gevonden in:" in page


def test_results_show_title_theme_kind_groups_ambition_essential_badge_and_an_add_button(
    client: FlaskClient,
) -> None:
    page = client.get("/catalogus/?q=IAO").get_data(as_text=True)
    row = page[page.index(f'<tr id="c-{ILO_ID}"') :]
    row = row[: row.index("</tr>")]

    for text in ("Fundamentele arbeidsnormen van de IAO", "Mensen- en arbeidsrechten", "Uitvoeringsvoorwaarde",
                 "alle bestekken", "basis", "tag-essential", "Toevoegen aan selectie"):
        assert text in row
    assert 'action="/selectie/toevoegen"' in row and 'name="csrf_token"' in row
    assert f'name="terug" value="/catalogus/?q=IAO#c-{ILO_ID}"' in row


def test_filters_stay_in_the_url_and_show_as_chosen(client: FlaskClient) -> None:
    url = "/catalogus/?q=&thema=human-rights&productgroep=cleaning-services&soort=execution-condition&ambitie=1" \
          "&essentieel=ja&sdg=10"
    page = client.get(url).get_data(as_text=True)

    for value in ("human-rights", "cleaning-services", "execution-condition", "1", "ja", "10"):
        assert f'<option value="{value}" selected>' in page
    assert ILO_ID in result_ids(page)
    assert "Wissen" in page


def test_filters_without_words_list_only_the_criteria_that_meet_them(client: FlaskClient) -> None:
    page = client.get("/catalogus/?productgroep=all").get_data(as_text=True)
    ids = result_ids(page)

    assert ILO_ID in ids
    assert not any(i.startswith("clean-") for i in ids)
    everywhere = [c for c in load().criteria if c.applies_to_all and not c.retired]
    assert f"{len(everywhere)} criteria gevonden." in page and len(ids) == len(everywhere)


def test_unknown_filter_values_are_ignored(client: FlaskClient) -> None:
    page = client.get("/catalogus/?thema=bestaat-niet&ambitie=9&sdg=99&productgroep=x").get_data(as_text=True)
    live = sum(not c.retired for c in load().criteria)

    assert f"{live} criteria." in page


def test_an_unknown_word_says_so_and_finds_nothing(client: FlaskClient) -> None:
    page = client.get("/catalogus/?q=zzzzonbestaandwoord").get_data(as_text=True)

    assert "Niet gevonden in de catalogus: ‘zzzzonbestaandwoord’." in page
    assert "Geen criteria gevonden" in page
    assert result_ids(page) == []


def test_a_product_group_filter_offers_everything_essential_in_one_click(client: FlaskClient) -> None:
    page = client.get("/catalogus/?productgroep=cleaning-services").get_data(as_text=True)

    assert "Alles wat essentieel is voor <strong>Schoonmaakdiensten</strong>" in page
    assert "Selectie starten: alles wat essentieel is voor Schoonmaakdiensten" in page


def test_the_criterion_page_shows_everything_a_buyer_needs_to_use_the_clause(client: FlaskClient) -> None:
    page = client.get(f"/catalogus/criteria/{ILO_ID}").get_data(as_text=True)

    for text in ("Hoort in het bestek bij", "Uitvoeringsvoorwaarden", "Standaardclausule", "Tekst kopiëren",
                 'id="clause-raw"', "Waarom", "Juridische basis", "Wet van 17 juni 2016", "Bewijsmiddelen",
                 "Labels", "Fair Wear", "SDG 5: Gendergelijkheid", "SDG 10: Ongelijkheid verminderen",
                 "BT-775 (sociale doelstelling)", "Bron", "Toevoegen aan selectie"):
        assert text in page, text


def test_the_criterion_page_offers_removal_once_the_criterion_is_chosen(client: FlaskClient) -> None:
    client.post("/selectie/toevoegen", data={"criterium": ILO_ID})

    page = client.get(f"/catalogus/criteria/{ILO_ID}").get_data(as_text=True)

    assert "Verwijderen uit selectie" in page
    assert 'action="/selectie/verwijderen"' in page
    assert "Je selectie: <strong data-bundle-size>1</strong> criterium" in page


def test_the_product_group_page_offers_to_start_a_bundle_with_everything_essential(client: FlaskClient) -> None:
    page = client.get("/catalogus/productgroepen/cleaning-services").get_data(as_text=True)

    assert 'action="/selectie/productgroep"' in page
    assert 'name="productgroep" value="cleaning-services"' in page
    assert "Selectie starten: alles wat essentieel is voor Schoonmaakdiensten" in page
    assert "Toevoegen aan selectie" in page  # on every row
