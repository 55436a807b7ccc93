"""In a real Chromium: the report page's "Geannoteerd bestek (Word)" downloads the bestek with its annotations."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from builders import DOCX_NAME, cleaning_bestek
from docx.oxml.ns import qn

from procurement import services
from procurement.extensions import db, originals
from procurement.services import current_checker
from procurement.worker import submit

pytestmark = pytest.mark.browser


def test_the_annotated_bestek_downloads_from_the_report_page(page, live, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app, url = live
    with app.app_context():
        tender = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue,
            title="Schoonmaak", files=[(DOCX_NAME, cleaning_bestek())],
        )
        tender_id, analysis_id = tender.id, tender.analyses[0].id
        submit(analysis_id)  # wake the worker
    page.goto(f"{url}/bestekken/{tender_id}")
    page.wait_for_selector("text=Score per thema", timeout=30000)

    with page.expect_download() as waiting:
        page.click(f"a[data-annotated]:has-text('{DOCX_NAME}')")
    download = waiting.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert saved.name == "bestek-schoonmaak-geannoteerd.docx"
    annotated = docx.Document(io.BytesIO(saved.read_bytes()))
    assert len(annotated.comments) > 0
    assert any(p.find("w:pPr/w:rPr/w:ins", p.nsmap) is not None for p in annotated.element.body.iter(qn("w:p")))
