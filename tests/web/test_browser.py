"""In a real Chromium: the upload form sends once, the report page follows the analysis, clauses can be copied."""

from __future__ import annotations

import pytest
from builders import DOCX_NAME, cleaning_bestek
from sqlalchemy import func, select

from procurement import services
from procurement.extensions import db, originals
from procurement.models import Tender
from procurement.services import current_checker

pytestmark = pytest.mark.browser
def test_a_double_click_on_upload_makes_one_tender_and_the_report_follows(page, live):  # type: ignore[no-untyped-def]
    app, url = live
    page.goto(f"{url}/bestekken/nieuw")
    page.fill("#title", "Schoonmaak via de browser")
    page.set_input_files(
        "#files",
        files=[{"name": DOCX_NAME, "mimeType": "application/octet-stream", "buffer": cleaning_bestek()}],
    )

    page.dblclick("button[type=submit]")

    page.wait_for_url(f"{url}/bestekken/1", timeout=15000)
    page.wait_for_selector("text=Score per thema", timeout=30000)
    with app.app_context():
        assert db.session.scalar(select(func.count(Tender.id))) == 1


def test_the_report_page_shows_progress_and_reloads_when_the_analysis_is_done(page, live):  # type: ignore[no-untyped-def]
    app, url = live
    with app.app_context():  # queued without waking the worker: the page sees it waiting, then done
        tender = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue, title="Wacht",
            files=[(DOCX_NAME, cleaning_bestek(ilo=False))],
        )
        tender_id = tender.id

    page.goto(f"{url}/bestekken/{tender_id}")
    progress_seen = page.locator("progress").count() == 1

    page.wait_for_selector("text=Score per thema", timeout=30000)
    assert progress_seen
    copy = page.locator("button.copy").first
    assert copy.is_visible()  # shown only when JavaScript runs
