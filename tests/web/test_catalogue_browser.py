"""In a real Chromium: a buyer searches with a typo, filters, builds a bundle over two pages and gets a Word file."""

from __future__ import annotations

import docx
import pytest
from builders import ILO_ID
from conftest import current_checker_of

from procurement.catalogue.model import SECTION_NAMES
from procurement.reports.view import clause_paragraphs

pytestmark = pytest.mark.browser
TECH_SPEC = "clean-env-ecolabel-products"


def test_a_buyer_searches_with_a_typo_filters_builds_a_bundle_and_downloads_it_in_bestek_order(  # type: ignore[no-untyped-def]
    page, live, tmp_path
):
    app, url = live
    catalogue = current_checker_of(app).catalogue

    # search with a typo, then narrow with a filter: both end up in a URL that can be bookmarked
    page.goto(f"{url}/catalogus/")
    page.fill("#q", "kinderarbied")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**q=kinderarbied**")
    assert page.locator("text=je typte ‘kinderarbied’").is_visible()
    page.select_option("#essentieel", "ja")
    page.select_option("#soort", "execution-condition")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**essentieel=ja**")
    assert "soort=execution-condition" in page.url
    rows = page.locator("table.criteria tbody tr")
    assert rows.first.get_attribute("id") == f"c-{ILO_ID}"

    # first page: add from the search results; the page comes back with the filters kept
    search_url = page.url
    page.locator(f"#c-{ILO_ID} button[type=submit]").click()
    page.wait_for_selector("text=is toegevoegd aan je selectie")
    assert page.url.split("#")[0] == search_url.split("#")[0]
    assert page.locator(f"#c-{ILO_ID} button[type=submit]").inner_text() == "Verwijderen uit selectie"

    # second page: search another clause, open it and add it from its own page
    page.fill("#q", "eco-label")
    page.select_option("#essentieel", "")
    page.select_option("#soort", "technical-specification")
    page.select_option("#productgroep", "cleaning-services")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**productgroep=cleaning-services**")
    page.locator(f"#c-{TECH_SPEC} a").first.click()
    page.wait_for_url(f"**/catalogus/criteria/{TECH_SPEC}")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("button.copy")  # shown once JavaScript runs
    page.wait_for_selector("text=De clausule staat op het klembord")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.split("\n\n") == list(clause_paragraphs(catalogue.criterion(TECH_SPEC).clause))
    page.locator(f"#c-{TECH_SPEC} button[type=submit]").dblclick()  # a double click adds it once
    page.wait_for_selector("text=Verwijderen uit selectie")
    assert page.locator("[data-bundle-size]").inner_text() == "2"

    # the bundle: download the Word file and read it back
    page.click("text=Selectie bekijken")
    page.wait_for_url(f"{url}/selectie/")
    with page.expect_download() as download_info:
        page.click("text=Download als Word (.docx)")
    download = download_info.value
    assert download.suggested_filename == "duurzaamheidsclausules.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    technical, conditions = SECTION_NAMES["technische-specificaties"], SECTION_NAMES["uitvoeringsvoorwaarden"]
    spec, ilo = catalogue.criterion(TECH_SPEC), catalogue.criterion(ILO_ID)
    assert texts.index(technical) < texts.index(spec.title) < texts.index(conditions) < texts.index(ilo.title)
    for c in (spec, ilo):
        start = texts.index(c.title)
        for paragraph in clause_paragraphs(c.clause):
            assert paragraph in texts[start:]
    assert texts.count(spec.title) == 1


def test_one_click_on_a_product_group_replaces_the_bundle_with_everything_essential_for_it(  # type: ignore[no-untyped-def]
    page, live
):
    app, url = live
    catalogue = current_checker_of(app).catalogue
    essentials = [c for c in catalogue.criteria
                  if c.essential and (c.applies_to_all or "cleaning-services" in c.product_groups)]
    other = next(c for c in catalogue.criteria if c.product_groups == ("catering",) and not c.essential)
    page.goto(f"{url}/catalogus/criteria/{other.id}")
    page.locator(f"#c-{other.id} button[type=submit]").click()
    page.wait_for_selector("text=Verwijderen uit selectie")

    page.goto(f"{url}/catalogus/productgroepen/cleaning-services")
    page.click("text=Nieuwe selectie: alles wat essentieel is voor Schoonmaakdiensten")
    page.wait_for_url(f"{url}/selectie/")

    assert page.locator("text=vormen je nieuwe selectie").is_visible()
    shown = page.locator("article.finding").evaluate_all("nodes => nodes.map(n => n.id.slice(2))")
    assert set(shown) == {c.id for c in essentials}
    assert other.id not in shown
