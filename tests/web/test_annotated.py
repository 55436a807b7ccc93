"""The annotated bestek on the report page: a Word copy per .docx, reviewed statuses, why not for PDF or ODT."""

from __future__ import annotations

import html
import io
import re
import zipfile

import docx
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from procurement.catalogue import load
from procurement.extensions import db
from procurement.models import Finding, StoredDocument
from procurement.reports.annotate import AUTHOR
from tests.documents.pdfmaker import Line, make_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
URL = "/bestekken/1/analyses/1/documenten/{}/geannoteerd.docx"


def text(response: object) -> str:
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def document_ids(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {d.filename: d.id for d in db.session.scalars(select(StoredDocument))}


def comments(data: bytes) -> list[str]:
    return [c.text for c in docx.Document(io.BytesIO(data)).comments]


def test_the_report_of_a_docx_offers_its_annotated_copy_with_comments_and_tracked_insertions(
    app: Flask, client: FlaskClient
) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])
    page = client.get("/bestekken/1").get_data(as_text=True)
    url = URL.format(document_ids(app)[DOCX_NAME])
    assert f'href="{url}"' in page and f"Geannoteerd bestek (Word): {DOCX_NAME}" in page

    response = client.get(url)

    assert response.status_code == 200 and response.mimetype == DOCX_TYPE
    assert "bestek-schoonmaak-geannoteerd.docx" in response.headers["Content-Disposition"]
    notes = comments(response.data)
    assert any(n.startswith("Duurzaamheidscriterium: ") and "Status: aanwezig" in n for n in notes)
    assert any(n.startswith("Toegevoegd: ") for n in notes)
    assert f'w:author="{AUTHOR}"'.encode() in _document_xml(response.data)


def test_the_annotated_copy_follows_the_reviewers_override_and_quotes_the_reason(app: Flask) -> None:
    office, reviewer = app.test_client(roles=("aankoopdienst",)), app.test_client(roles=("duurzaamheid",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    office.post("/bestekken/1/indienen", data={"analysis_id": "1"})
    with app.app_context():
        fid = db.session.scalars(select(Finding.id).where(Finding.criterion == ILO_ID)).one()
    reviewer.post(f"/bestekken/1/bevindingen/{fid}",
                  data={"decision": "override", "status": "missing", "reason": "Enkel in de bijlage <3>"})

    data = reviewer.get(URL.format(document_ids(app)[DOCX_NAME])).data

    title = load().criterion(ILO_ID).title
    ilo = next(n for n in comments(data) if n.startswith(f"Duurzaamheidscriterium: {title}"))
    assert "Beoordeling: aangepast van ‘aanwezig’ naar ‘ontbreekt’" in ilo and "Reden: Enkel in de bijlage <3>" in ilo
    assert any(n.startswith("Toegevoegd: ") and "Reden: Enkel in de bijlage <3>" in n for n in comments(data))


def test_a_pdf_gets_no_annotated_copy_and_the_page_says_why(app: Flask, client: FlaskClient) -> None:
    pdf = make_pdf([[Line("Bestek voor de schoonmaak van stadsgebouwen"),
                     Line("De opdrachtnemer reinigt de kantoren dagelijks.")]])
    post_tender(client, [(DOCX_NAME, cleaning_bestek()), ("bijlage.pdf", pdf)])

    page = text(client.get("/bestekken/1"))

    assert f"Geannoteerd bestek (Word): {DOCX_NAME}" in page
    assert "bijlage.pdf: geen geannoteerde kopie: opmerkingen en voorgestelde wijzigingen" in page
    assert "enkel in een Word-bestand (.docx), niet in een PDF-bestand" in page
    assert "Geannoteerd bestek (Word): bijlage.pdf" not in page
    refused = client.get(URL.format(document_ids(app)["bijlage.pdf"]), follow_redirects=True)
    assert "Enkel van een Word-bestand (.docx) kan een geannoteerde kopie gemaakt worden" in text(refused)


def test_a_document_of_another_tender_or_an_unknown_analysis_is_not_found(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], token="a")
    post_tender(client, [("ander.docx", cleaning_bestek(ilo=False))], token="b", title="Ander bestek")
    ids = document_ids(app)

    assert client.get(URL.format(ids["ander.docx"])).status_code == 404
    assert client.get(f"/bestekken/1/analyses/9/documenten/{ids[DOCX_NAME]}/geannoteerd.docx").status_code == 404
    assert client.get(URL.format(ids[DOCX_NAME])).status_code == 200


def test_a_buyer_without_access_to_tenders_is_refused_the_annotated_copy(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    response = app.test_client(roles=("aankoper",)).get(URL.format(document_ids(app)[DOCX_NAME]))

    assert response.status_code == 403


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")
