"""The Word annex and the CSV export of a report open in their own tools and hold the right content."""

from __future__ import annotations

import csv
import io

import docx
from builders import DOCX_NAME, ILO_CLAUSE, ILO_ID, bestek, cleaning_bestek, post_tender
from conftest import current_checker_of
from flask import Flask
from flask.testing import FlaskClient

from procurement.catalogue.model import SECTION_NAMES, SECTIONS
from procurement.extensions import db
from procurement.models import Analysis
from procurement.reports import view


def test_the_word_annex_holds_the_missing_clauses_in_bestek_order(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    with app.app_context():
        analysis = db.session.get(Analysis, 1)
        assert analysis is not None
        report = view.build(analysis)

    response = client.get("/bestekken/1/analyses/1/bijlage.docx")

    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    annex = docx.Document(io.BytesIO(response.data))
    texts = [p.text for p in annex.paragraphs]
    ilo_clause = view.clause_paragraphs(current_checker_of(app).catalogue.criterion(ILO_ID).clause)[0]
    assert ilo_clause in texts
    for finding in report.todo:
        assert finding.clause_paragraphs[0] in texts
    headings = [p.text for p in annex.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    order = [s for s in SECTIONS if SECTION_NAMES[s] in headings]
    assert headings == [SECTION_NAMES[s] for s in order]  # selectie before ... before uitvoeringsvoorwaarden
    assert SECTION_NAMES["uitvoeringsvoorwaarden"] in headings


def test_the_csv_opens_with_the_csv_module_one_row_per_finding(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    response = client.get("/bestekken/1/analyses/1/rapport.csv")

    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["criterium", "titel"] and "status" in header
    assert len(body) == len([c for c in current_checker_of(app).catalogue.criteria if not c.retired])
    ilo = next(r for r in body if r[0] == ILO_ID)
    assert ilo[header.index("status")] == "aanwezig"
    assert "dwangarbeid" in ilo[header.index("passage")]


def test_exports_of_an_unfinished_or_foreign_analysis_are_404(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    assert client.get("/bestekken/2/analyses/1/bijlage.docx").status_code == 404
    assert client.get("/bestekken/1/analyses/7/rapport.csv").status_code == 404


def test_a_passage_that_looks_like_a_formula_stays_text_in_the_csv(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, bestek(("Uitvoeringsvoorwaarden", [f"=2+2 {ILO_CLAUSE}"])))])

    response = client.get("/bestekken/1/analyses/1/rapport.csv")

    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    ilo = next(r for r in rows if r[0] == ILO_ID)
    assert ilo[rows[0].index("passage")].startswith("'=2+2")
