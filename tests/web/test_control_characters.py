"""A tender typed with control characters still gets its Word annex (they never reach the document's XML)."""

from __future__ import annotations

import io

import docx
from builders import DOCX_NAME, cleaning_bestek, offer, post_tender
from flask import Flask
from sqlalchemy import select

from procurement.extensions import db
from procurement.models import Tender


def test_the_word_annex_of_a_tender_with_control_characters_in_its_title_opens(app: Flask) -> None:
    client = app.test_client()
    with app.app_context():
        offer("Facilitair beheer")
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], title="Schoonmaak\x0bstadhuis",
                reference="2026\x01/001", department="Facilitair\x1bbeheer")
    with app.app_context():
        tender = db.session.scalars(select(Tender)).one()
        tender_id, analysis_id = tender.id, tender.analyses[0].id
        assert tender.title == "Schoonmaak stadhuis"

    response = client.get(f"/bestekken/{tender_id}/analyses/{analysis_id}/bijlage.docx")

    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "Schoonmaak stadhuis" in text
