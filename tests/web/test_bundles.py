"""Clause bundles: chosen across pages, kept in the session, shown and exported in the order of a bestek."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable

import docx
import pytest
from builders import ILO_ID
from conftest import current_checker_of
from flask import Flask
from flask.testing import FlaskClient

from procurement.catalogue import Catalogue
from procurement.catalogue.model import SECTION_NAMES, SECTIONS
from procurement.reports.bundle import CSV_HEADER, NOTE_STYLE
from procurement.reports.view import clause_paragraphs
from procurement.web.bundles import essential_ids

TECH_SPEC = "clean-env-ecolabel-products"  # technische specificaties
RESERVED = "se-reserved-contract"  # administratieve bepalingen
SELECTION = "env-environmental-management-selection"  # selectie
AWARD = "energy-life-cycle-cost-award"  # gunningscriteria
CHOSEN = (ILO_ID, AWARD, TECH_SPEC, SELECTION, RESERVED)  # in the order a buyer might pick them


@pytest.fixture
def catalogue(app: Flask) -> Catalogue:
    return current_checker_of(app).catalogue


def add(client: FlaskClient, criterion_id: str, back: str = "") -> str:
    response = client.post("/selectie/toevoegen", data={"criterium": criterion_id, "terug": back})
    assert response.status_code == 302
    return response.location


def bundle_ids(client: FlaskClient) -> list[str]:
    page = client.get("/selectie/").get_data(as_text=True)
    return re.findall(r'<article class="finding" id="c-([a-z0-9-]+)"', page)


def test_adding_a_criterion_puts_it_in_the_bundle_and_returns_to_the_page_it_came_from(
    client: FlaskClient,
) -> None:
    location = add(client, ILO_ID, back=f"/catalogus/?q=iao#c-{ILO_ID}")

    assert location == f"/catalogus/?q=iao#c-{ILO_ID}"
    page = client.get("/catalogus/?q=iao").get_data(as_text=True)
    assert "is toegevoegd aan je selectie (1 criterium)" in page
    assert 'class="chosen"' in page and "Verwijderen uit selectie" in page
    assert bundle_ids(client) == [ILO_ID]


def test_adding_the_same_criterion_twice_keeps_one(client: FlaskClient) -> None:
    add(client, ILO_ID)
    add(client, ILO_ID)

    assert "zat al in je selectie (1 criterium)" in client.get("/selectie/").get_data(as_text=True)
    assert bundle_ids(client) == [ILO_ID]


def test_criteria_chosen_on_different_pages_end_up_in_one_bundle(client: FlaskClient) -> None:
    add(client, ILO_ID, back="/catalogus/?q=kinderarbeid")
    add(client, TECH_SPEC, back=f"/catalogus/criteria/{TECH_SPEC}")
    add(client, AWARD, back="/catalogus/productgroepen/cleaning-services")

    assert set(bundle_ids(client)) == {ILO_ID, TECH_SPEC, AWARD}


def test_removing_a_criterion_takes_it_out_of_the_bundle(client: FlaskClient) -> None:
    add(client, ILO_ID)
    add(client, TECH_SPEC)

    response = client.post("/selectie/verwijderen", data={"criterium": ILO_ID, "terug": "/selectie/"})

    assert response.status_code == 302
    assert bundle_ids(client) == [TECH_SPEC]


def test_an_unknown_criterion_is_refused(client: FlaskClient) -> None:
    response = client.post("/selectie/toevoegen", data={"criterium": "bestaat-niet"})

    assert response.status_code == 400
    assert bundle_ids(client) == []


@pytest.mark.parametrize("back", ["//elders.example/x", "https://elders.example/", "javascript:alert(1)", "/\\elders"])
def test_the_way_back_never_leaves_the_site(client: FlaskClient, back: str) -> None:
    assert add(client, ILO_ID, back=back) == "/selectie/"


def test_a_bundle_post_without_the_csrf_token_is_refused(make_app: Callable[..., Flask]) -> None:
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.get(f"/catalogus/criteria/{ILO_ID}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token

    refused = client.post("/selectie/toevoegen", data={"criterium": ILO_ID})
    accepted = client.post("/selectie/toevoegen", data={"criterium": ILO_ID, "csrf_token": token.group(1)})

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert bundle_ids(client) == [ILO_ID]


def test_starting_from_a_product_group_selects_its_essential_and_the_essential_general_criteria(
    client: FlaskClient, catalogue: Catalogue,
) -> None:
    response = client.post("/selectie/productgroep", data={"productgroep": "cleaning-services", "vervangen": "ja"})

    assert response.status_code == 302 and response.location == "/selectie/"
    expected = {
        c.id for c in catalogue.criteria
        if c.essential and (c.applies_to_all or "cleaning-services" in c.product_groups)
    }
    assert set(bundle_ids(client)) == expected == set(essential_ids(catalogue, "cleaning-services"))
    assert ILO_ID in expected and TECH_SPEC in expected
    assert not any(catalogue.criterion(i).product_groups == ("catering",) for i in expected)


def test_a_new_bundle_from_a_group_replaces_the_old_one_and_adding_keeps_it(client: FlaskClient) -> None:
    add(client, AWARD)
    client.post("/selectie/productgroep", data={"productgroep": "cleaning-services", "vervangen": "ja"})
    assert AWARD not in bundle_ids(client)

    add(client, AWARD)
    client.post("/selectie/productgroep", data={"productgroep": "catering", "vervangen": "nee"})
    ids = bundle_ids(client)

    assert AWARD in ids and TECH_SPEC in ids
    assert len(ids) == len(set(ids))  # the general essentials of both groups only once


def test_an_unknown_product_group_is_refused(client: FlaskClient) -> None:
    assert client.post("/selectie/productgroep", data={"productgroep": "x"}).status_code == 400


def test_emptying_the_bundle_leaves_nothing_to_download(client: FlaskClient) -> None:
    add(client, ILO_ID)

    client.post("/selectie/leegmaken")

    assert bundle_ids(client) == []
    page = client.get("/selectie/").get_data(as_text=True)
    assert "Je selectie is leeg" in page
    for url in ("/selectie/duurzaamheidsclausules.docx", "/selectie/duurzaamheidsclausules.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response.location == "/selectie/"


def test_the_bundle_page_lists_the_criteria_by_bestek_section_in_bestek_order(client: FlaskClient) -> None:
    for criterion_id in CHOSEN:
        add(client, criterion_id)

    page = client.get("/selectie/").get_data(as_text=True)

    headings = re.findall(r'<h2 id="s-([a-z-]+)">', page)
    assert headings == list(SECTIONS)
    assert bundle_ids(client) == [RESERVED, SELECTION, TECH_SPEC, AWARD, ILO_ID]
    assert "Download als Word (.docx)" in page and "Download als CSV" in page


def test_the_word_file_holds_each_clause_under_its_section_in_bestek_order(
    client: FlaskClient, catalogue: Catalogue,
) -> None:
    for criterion_id in CHOSEN:
        add(client, criterion_id)

    response = client.get("/selectie/duurzaamheidsclausules.docx")

    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "duurzaamheidsclausules.docx" in response.headers["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.data))
    outline = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [text for style, text in outline if style == "Heading 1"] == [SECTION_NAMES[s] for s in SECTIONS]
    texts = [p.text for p in document.paragraphs]
    for criterion_id in CHOSEN:
        c = catalogue.criterion(criterion_id)
        title_at = texts.index(c.title)
        section_at = texts.index(SECTION_NAMES[c.section])
        assert section_at < title_at
        for paragraph in clause_paragraphs(c.clause):
            assert texts.index(paragraph) > title_at
    order = [texts.index(catalogue.criterion(i).title) for i in (RESERVED, SELECTION, TECH_SPEC, AWARD, ILO_ID)]
    assert order == sorted(order)


def test_the_word_file_puts_legal_basis_and_proof_in_a_smaller_style(client: FlaskClient) -> None:
    add(client, ILO_ID)

    document = docx.Document(io.BytesIO(client.get("/selectie/duurzaamheidsclausules.docx").data))

    notes = [p for p in document.paragraphs if p.style.name == NOTE_STYLE]
    assert any(p.text.startswith("Juridische basis: Wet van 17 juni 2016") for p in notes)
    assert any(p.text.startswith("Bewijs: ") for p in notes)
    style = document.styles[NOTE_STYLE]
    assert style.font.size.pt < document.styles["Normal"].font.size.pt


def test_the_csv_file_is_utf8_with_bom_semicolons_and_one_row_per_criterion_in_bestek_order(
    client: FlaskClient, catalogue: Catalogue,
) -> None:
    for criterion_id in CHOSEN:
        add(client, criterion_id)

    response = client.get("/selectie/duurzaamheidsclausules.csv")

    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_HEADER
    assert [r[0] for r in rows[1:]] == [RESERVED, SELECTION, TECH_SPEC, AWARD, ILO_ID]
    ilo = dict(zip(CSV_HEADER, rows[-1], strict=True))
    assert ilo["titel"] == catalogue.criterion(ILO_ID).title
    assert ilo["thema"] == "Mensen- en arbeidsrechten"
    assert ilo["sectie"] == "Uitvoeringsvoorwaarden"
    assert ilo["essentieel"] == "ja"
    assert "Internationale Arbeidsorganisatie" in ilo["clausule"]
    assert "Fair Wear" in ilo["labels"]


def test_the_whole_catalogue_fits_in_the_session_cookie(client: FlaskClient, catalogue: Catalogue) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Werkzeug warns when a cookie grows past what browsers keep
        for c in catalogue.criteria:  # as a browser does: every post followed by the page it leads to
            client.post("/selectie/toevoegen", data={"criterium": c.id}, follow_redirects=True)
        page = client.get("/selectie/").get_data(as_text=True)

    assert f"{len(catalogue.criteria)} clausules" in page
    cookie = client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 2500


def test_a_buyer_with_only_the_aankoper_role_can_search_build_and_download_a_bundle(app: Flask) -> None:
    buyer = app.test_client(roles=("aankoper",))

    assert buyer.get("/catalogus/?q=kinderarbeid").status_code == 200
    add(buyer, ILO_ID)
    buyer.post("/selectie/productgroep", data={"productgroep": "cleaning-services", "vervangen": "nee"})

    assert ILO_ID in bundle_ids(buyer)
    assert buyer.get("/selectie/duurzaamheidsclausules.docx").status_code == 200
    assert buyer.get("/selectie/duurzaamheidsclausules.csv").status_code == 200
