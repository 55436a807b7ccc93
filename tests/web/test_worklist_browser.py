"""In a real Chromium, with CSRF on: the sustainability office clears a report as a worklist (the "done when")."""

from __future__ import annotations

from typing import Any

import pytest
from accounts import make_user
from builders import DOCX_NAME, cleaning_bestek
from conftest import sign_in

from procurement.extensions import db
from procurement.models import Tender

pytestmark = pytest.mark.browser
ILO = "#c-hr-ilo-core-conventions"
SHOWN = "[...document.querySelectorAll('article.finding')].filter(a => !a.closest('[hidden]'))"


@pytest.fixture
def live_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def switch_user(page: Any, url: str, name: str) -> None:
    page.click("button.logout")
    page.wait_for_url(f"{url}/aanmelden", timeout=10000)
    sign_in(page, url, name)


def submitted_by_the_office(page: Any, url: str, app: Any) -> None:
    """The procurement office uploads a cleaning bestek without the ILO clause and submits it."""
    make_user(app, "aankoopdienst", name="an")
    switch_user(page, url, "an")
    page.goto(f"{url}/bestekken/nieuw")
    page.fill("#title", "Schoonmaak stadhuis")
    page.set_input_files("#files", files=[{"name": DOCX_NAME, "mimeType": "application/octet-stream",
                                           "buffer": cleaning_bestek(ilo=False)}])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/bestekken/1", timeout=15000)
    page.wait_for_selector("text=Score per thema", timeout=30000)
    page.click("text=Indienen ter controle")
    page.wait_for_selector(".review-panel.state-ter_controle", timeout=10000)


def test_the_sustainability_office_filters_overrides_in_place_confirms_the_rest_and_approves_with_the_safeguard(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    submitted_by_the_office(page, url, app)
    make_user(app, "duurzaamheid", name="dirk")
    switch_user(page, url, "dirk")
    page.goto(f"{url}/bestekken/1")
    page.evaluate("window.notReloaded = true")

    # filter to what is missing, without a reload
    page.check("form[data-filters] input[value=missing]")
    statuses = page.evaluate(f"{SHOWN}.map(a => a.dataset.status)")
    assert statuses and set(statuses) == {"missing"}
    assert "bevinding" in page.inner_text("[data-filter-count]")

    # override one finding without a reason: the error beside the reason, the focus on it, nothing saved
    finding = page.locator(ILO)
    finding.locator("summary", has_text="Beoordelen").click()
    finding.locator("input[value=override]").check()
    finding.locator("select[name=status]").select_option("partial")
    finding.locator("button", has_text="Beoordeling bewaren").click()
    page.wait_for_selector(f"{ILO} .error", timeout=10000)
    assert "Geef de reden waarom de status anders is." in page.inner_text(f"{ILO} .error")
    assert page.evaluate("document.activeElement.id").startswith("reason-")
    assert page.evaluate("window.notReloaded") is True  # saved with fetch: no page load
    assert page.locator(f"{ILO} .review-mark").count() == 0

    # with a reason it is saved in place; the bar's counts follow
    open_before = int(page.inner_text("[data-count=open]"))
    page.fill(f"{ILO} textarea[name=reason]", "Het bestek noemt enkel kinderarbeid.")
    page.locator(ILO).locator("button", has_text="Beoordeling bewaren").click()
    page.wait_for_selector(f"{ILO} .review-mark[data-review=override]", state="attached", timeout=10000)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator(ILO).is_hidden()  # partial now: the filter on missing hides it, the focus moved on
    assert page.evaluate("document.activeElement.dataset.status") == "missing"
    assert int(page.inner_text("[data-count=open]")) == open_before - 1
    assert page.is_checked("form[data-filters] input[value=missing]")  # the filter survives the save
    assert "Bevinding aangepast: gedeeltelijk." in page.inner_text("[data-worklist-message]")

    # confirm the rest, with its count on the button
    button = page.locator("form.confirm-rest button")
    assert f"({open_before - 1})" in button.inner_text()
    button.click()
    page.wait_for_selector(f"text={open_before - 1} overige bevindingen bevestigd.", timeout=10000)
    assert page.inner_text("[data-count=open]") == "0"

    # approval: an essential is still missing, so it asks first and shows the reviewed score
    assert "Score na beoordeling" in page.inner_text("#vangnet")
    page.click("button[value=approve]")
    page.wait_for_selector("#vangnet-fout", timeout=10000)
    assert page.evaluate("document.activeElement.id") == "acknowledged"
    with app.app_context():
        assert db.session.get_one(Tender, 1).review_state == "ter_controle"
    page.check("#acknowledged")
    page.click("button[value=approve]")
    page.wait_for_selector(".review-panel.state-goedgekeurd", timeout=10000)


def test_a_buyer_saves_a_named_bundle_signs_out_and_reopens_it(page: Any, live: tuple[Any, str]) -> None:
    _, url = live
    page.goto(f"{url}/catalogus/criteria/hr-ilo-core-conventions")
    page.click("form.choose button")
    page.goto(f"{url}/selectie/")
    page.fill("#name", "Schoonmaak 2027")
    page.click("form.save-bundle button[type=submit]")
    page.wait_for_selector("h1:has-text('Schoonmaak 2027')", timeout=10000)
    link = page.input_value("#deellink")

    page.click("button.logout")
    page.wait_for_url(f"{url}/aanmelden", timeout=10000)
    sign_in(page, url, "test")
    page.click("nav >> text=Selectie")
    assert page.locator("article.finding").count() == 0  # a new session: the current selection is empty
    page.click("text=Mijn selecties")
    page.click("text=Schoonmaak 2027")
    assert page.url == link
    assert page.locator("#c-hr-ilo-core-conventions").count() == 1
    page.click("text=Openen als je huidige selectie")
    page.wait_for_url(f"{url}/selectie/", timeout=10000)
    assert page.locator("#c-hr-ilo-core-conventions").count() == 1


def test_without_javascript_the_review_form_posts_and_redirects_and_the_filters_stay_hidden(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    submitted_by_the_office(page, url, app)
    make_user(app, "duurzaamheid", name="dirk")
    plain = page.context.browser.new_context(java_script_enabled=False, locale="nl-BE").new_page()
    sign_in(plain, url, "dirk")
    plain.goto(f"{url}/bestekken/1")
    assert plain.locator("form[data-filters]").is_hidden()

    finding = plain.locator(ILO)
    finding.locator("summary", has_text="Beoordelen").click()
    finding.locator("input[value=override]").check()
    finding.locator("select[name=status]").select_option("partial")
    finding.locator("button", has_text="Beoordeling bewaren").click()
    plain.wait_for_selector(f"{ILO} .error", timeout=10000)
    assert plain.evaluate("document.activeElement.name") == "reason"  # the autofocus attribute, no script
    plain.fill(f"{ILO} textarea[name=reason]", "Het bestek noemt enkel kinderarbeid.")
    plain.locator(ILO).locator("button", has_text="Beoordeling bewaren").click()
    plain.wait_for_selector(f"{ILO} .review-mark[data-review=override]", timeout=10000)

    assert plain.url.endswith("/bestekken/1#c-hr-ilo-core-conventions")  # POST, redirect to the finding
    assert "Bevinding aangepast: gedeeltelijk." in plain.inner_text(".flash")
    plain.context.close()
