"""In a real Chromium, with CSRF on: the whole review loop, from upload to approval, and its audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from accounts import make_user
from builders import DOCX_NAME, cleaning_bestek
from conftest import sign_in

pytestmark = pytest.mark.browser
ILO = "#c-hr-ilo-core-conventions"
CHARTER = "#c-hr-mvo-charter"


@pytest.fixture
def live_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def switch_user(page: Any, url: str, name: str) -> None:
    page.click("button.logout")  # signing out is a POST with the CSRF token
    page.wait_for_url(f"{url}/aanmelden", timeout=10000)
    sign_in(page, url, name)


def upload(page: Any, selector: str, content: bytes) -> None:
    page.set_input_files(selector, files=[{"name": DOCX_NAME, "mimeType": "application/octet-stream",
                                           "buffer": content}])


def test_the_review_loop_from_upload_to_approval_leaves_every_step_in_the_audit_trail(
    page: Any, live: tuple[Any, str]
) -> None:
    app, url = live
    make_user(app, "aankoopdienst", name="an")
    make_user(app, "duurzaamheid", name="dirk")

    # the procurement office uploads a bestek without the ILO clause and submits it
    switch_user(page, url, "an")
    page.goto(f"{url}/bestekken/nieuw")
    page.fill("#title", "Schoonmaak stadhuis")
    upload(page, "#files", cleaning_bestek(ilo=False))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/bestekken/1", timeout=15000)
    page.wait_for_selector("text=Score per thema", timeout=30000)
    page.click("text=Indienen ter controle")
    page.wait_for_selector(".review-panel.state-ter_controle", timeout=10000)

    # the sustainability office overrides a finding with a reason and sends the bestek back
    switch_user(page, url, "dirk")
    page.goto(f"{url}/bestekken/1")
    charter = page.locator(CHARTER)
    charter.locator("summary", has_text="Beoordelen").click()
    charter.locator("input[value=override]").check()
    charter.locator("select[name=status]").select_option("met")
    charter.locator("textarea[name=reason]").fill("Het MVO-charter zit als bijlage 2 bij het bestek.")
    charter.locator("button", has_text="Beoordeling bewaren").click()
    page.wait_for_selector(f"{CHARTER} .review-mark[data-review=override]", timeout=10000)
    assert "na beoordeling" in page.inner_text(".scorecard")
    page.fill("#comment", "Neem de IAO-clausule op in de uitvoeringsvoorwaarden.")
    page.click("button[value=send_back]")
    page.wait_for_selector(".review-panel.state-aan_te_passen", timeout=10000)

    # the procurement office reads the comment and uploads a new version: back to review by itself
    switch_user(page, url, "an")
    page.goto(f"{url}/bestekken/1")
    assert "Neem de IAO-clausule op in de uitvoeringsvoorwaarden." in page.inner_text(".review-panel")
    upload(page, "#versie-files", cleaning_bestek(ilo=True))
    page.click("button:has-text(\"Nieuwe versie opladen\")")
    page.wait_for_selector("text=Wat veranderde sinds analyse #1", timeout=30000)
    assert "Fundamentele arbeidsnormen van de IAO" in page.inner_text(".changes")
    assert page.locator(".review-panel.state-ter_controle").count() == 1
    assert "overgenomen van de vorige analyse" in page.inner_text(CHARTER)

    # the sustainability office approves
    switch_user(page, url, "dirk")
    page.goto(f"{url}/bestekken/1")
    page.check("#acknowledged")  # not every finding is reviewed: the safeguard asks
    page.click("button[value=approve]")
    page.wait_for_selector(".review-panel.state-goedgekeurd", timeout=10000)

    # the audit trail shows every step, who took it, on what
    page.goto(f"{url}/bestekken/1/audit")
    rows = page.locator("table.trail tbody tr")
    steps = [(rows.nth(i).get_attribute("data-action"), rows.nth(i).locator("td").nth(1).inner_text())
             for i in range(rows.count())]
    assert list(reversed(steps)) == [
        ("tender.created", "an"),
        ("analysis.done", "systeem"),
        ("review.submitted", "an"),
        ("finding.overridden", "dirk"),
        ("review.sent_back", "dirk"),
        ("tender.version_uploaded", "an"),
        ("review.resubmitted", "an"),
        ("finding.carried_over", "systeem"),
        ("analysis.done", "systeem"),
        ("review.approved", "dirk"),
    ]
    trail = page.inner_text("table.trail")
    assert "Het MVO-charter zit als bijlage 2" in trail
    assert "hr-mvo-charter" not in trail  # titles where a person reads, not the criterion's id
