"""Every page answers in Dutch; the catalogue can be browsed, filtered and searched."""

from __future__ import annotations

import pytest
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask.testing import FlaskClient


@pytest.fixture
def tender_client(client: FlaskClient) -> FlaskClient:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/bestekken/",
        "/bestekken/?q=schoonmaak",
        "/bestekken/nieuw",
        "/bestekken/1",
        "/bestekken/1?analyse=1",
        "/catalogus/",
        "/catalogus/?thema=human-rights&soort=execution-condition&essentieel=ja&q=arbeid",
        f"/catalogus/criteria/{ILO_ID}",
        "/catalogus/productgroepen/cleaning-services",
    ],
)
def test_every_page_answers_200_in_dutch(tender_client: FlaskClient, url: str) -> None:
    response = tender_client.get(url)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="nl">' in page
    for item in ("Overzicht", "Bestekken", "Nieuw bestek", "Catalogus"):
        assert item in page
    head, _, body = page.partition("<body")
    assert "<section" not in head and "<h1" in body  # nothing of the page leaks into <head>
    assert page.count('id="audit"') <= 1


def test_the_home_page_shows_recent_tenders_with_score_and_theme_figures(tender_client: FlaskClient) -> None:
    page = tender_client.get("/").get_data(as_text=True)

    assert "Schoonmaak stadsgebouwen" in page
    assert "Gemiddelde score per thema" in page
    assert "Mensen- en arbeidsrechten" in page
    assert "klaar" in page


def test_an_unknown_page_gets_a_dutch_404(client: FlaskClient) -> None:
    for url in ("/bestaat-niet", "/bestekken/999", "/catalogus/criteria/onbekend", "/catalogus/productgroepen/x"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_the_catalogue_lists_criteria_by_theme_with_links(client: FlaskClient) -> None:
    page = client.get("/catalogus/").get_data(as_text=True)

    assert "Mensen- en arbeidsrechten" in page
    assert f"/catalogus/criteria/{ILO_ID}" in page
    assert "/catalogus/productgroepen/cleaning-services" in page


def test_the_catalogue_filters_by_theme_and_searches_the_text(client: FlaskClient) -> None:
    social = client.get("/catalogus/?thema=social-economy").get_data(as_text=True)
    assert f"/catalogus/criteria/{ILO_ID}" not in social

    found = client.get("/catalogus/?q=kinderarbeid").get_data(as_text=True)
    assert f"/catalogus/criteria/{ILO_ID}" in found

    nothing = client.get("/catalogus/?q=zzzzonbestaandwoord").get_data(as_text=True)
    assert "Geen criteria gevonden" in nothing


def test_a_criterion_page_shows_its_standard_clause_and_legal_basis(client: FlaskClient) -> None:
    page = client.get(f"/catalogus/criteria/{ILO_ID}").get_data(as_text=True)

    assert "Standaardclausule" in page
    assert "Internationale Arbeidsorganisatie" in page
    assert "Juridische basis" in page
    assert "Tekst kopiëren" in page


def test_a_product_group_page_lists_the_general_criteria_too(client: FlaskClient) -> None:
    page = client.get("/catalogus/productgroepen/cleaning-services").get_data(as_text=True)

    assert "Schoonmaakdiensten" in page
    assert "Algemene criteria" in page
    assert f"/catalogus/criteria/{ILO_ID}" in page
