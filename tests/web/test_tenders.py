"""Creating a tender, reading its report, uploading new versions, and refusing bad uploads cleanly."""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pytest
from builders import DOCX_NAME, ILO_CLAUSE, ILO_ID, annex_bestek, cleaning_bestek, post_tender
from conftest import current_checker_of
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from procurement.extensions import db
from procurement.models import DONE, Analysis, Finding, StoredDocument, Tender
from procurement.reports.view import clause_paragraphs


def findings(app: Flask, analysis_id: int = 1) -> dict[str, Finding]:
    with app.app_context():
        rows = db.session.scalars(select(Finding).where(Finding.analysis_id == analysis_id))
        return {f.criterion: f for f in rows}


def counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.scalar(select(func.count()).select_from(model)) for model in (Tender, StoredDocument, Analysis)
        )


def stored_files(app: Flask) -> list[str]:
    root = Path(app.config["UPLOAD_DIR"])
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_real_docx_makes_a_tender_whose_report_shows_findings_and_scores(app: Flask, client: FlaskClient) -> None:
    response = post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/bestekken/1")
    page = client.get("/bestekken/1").get_data(as_text=True)
    assert "Resultaat" in page and "Score per thema" in page
    assert "Schoonmaakdiensten" in page and "CPV 90910000" in page  # detected product group, with its evidence
    assert "aanwezig" in page and "ontbreekt" in page
    assert "Hoe wordt de score berekend?" in page and "gewicht" in page
    assert findings(app)[ILO_ID].status == "met"
    with app.app_context():
        analysis = db.session.get(Analysis, 1)
        assert analysis is not None and analysis.status == DONE and analysis.progress == 100
        assert analysis.score is not None and set(analysis.themes) >= {"human-rights", "environment"}


def test_the_evidence_of_a_met_clause_is_quoted_with_its_location(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    page = html.unescape(client.get("/bestekken/1").get_data(as_text=True))
    assert "het verbod op dwangarbeid (nr. 29 en 105)" in page
    assert f"{DOCX_NAME}, §" in page and "3. Uitvoeringsvoorwaarden" in page


def test_a_missing_clause_shows_the_standard_text_to_insert(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])

    assert findings(app)[ILO_ID].status == "missing"
    page = html.unescape(client.get("/bestekken/1").get_data(as_text=True))
    clause = current_checker_of(app).catalogue.criterion(ILO_ID).clause
    assert clause_paragraphs(clause)[0] in page
    assert "Standaardtekst om in te voegen" in page and "Tekst kopiëren" in page
    assert "Niet alle essentiële criteria zijn aanwezig" in page


def test_documents_of_one_tender_are_checked_together(app: Flask, client: FlaskClient) -> None:
    files = [(DOCX_NAME, cleaning_bestek(ilo=False)), ("bijlage-sociaal.docx", annex_bestek())]

    post_tender(client, files)

    ilo = findings(app)[ILO_ID]
    assert ilo.status == "met"
    assert ilo.evidence[0]["file"] == "bijlage-sociaal.docx"
    page = client.get("/bestekken/1").get_data(as_text=True)
    assert DOCX_NAME in page and "bijlage-sociaal.docx" in page


def test_chosen_product_groups_are_used_instead_of_detection(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())], product_groups=["office-supplies"])

    with app.app_context():
        analysis = db.session.get(Analysis, 1)
        assert analysis is not None
        assert [g["id"] for g in analysis.product_groups] == ["office-supplies"]
        assert analysis.product_groups[0]["source"] == "given"


def test_a_form_without_title_or_file_shows_dutch_errors(app: Flask, client: FlaskClient) -> None:
    response = client.post("/bestekken/nieuw", data={"title": "", "form_token": "t"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Geef de opdracht een titel." in page
    assert "Kies minstens één bestand." in page
    assert counts(app) == (0, 0, 0)


def truncated_docx() -> bytes:
    data = cleaning_bestek()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.docx", b"", "leeg"),
        ("willekeurig.docx", os.urandom(4096), ""),
        ("afgebroken.docx", truncated_docx(), ""),
        ("programma.exe", b"MZ\x90\x00 not a document", "Enkel .docx, .pdf, .odt of .txt-bestanden."),
    ],
)
def test_a_bad_upload_shows_a_dutch_error_and_leaves_nothing_behind(
    app: Flask, client: FlaskClient, name: str, content: bytes, message: str
) -> None:
    # a good file first: it is read, but nothing of it may be kept when the second file fails
    response = post_tender(client, [(DOCX_NAME, cleaning_bestek()), (name, content)])

    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'class="error"' in page
    assert message in page
    if not name.endswith(".exe"):
        assert f"{name}: " in page  # the file is named, with the parser's Dutch reason
    assert counts(app) == (0, 0, 0)
    assert stored_files(app) == []


def test_an_oversized_upload_gets_the_dutch_413_page_and_stores_nothing(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(MAX_CONTENT_LENGTH=256 * 1024)
    client = app.test_client()

    response = post_tender(client, [("groot.docx", os.urandom(300 * 1024))])

    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Bestand te groot" in page
    assert "Er werd niets bewaard" in page
    assert counts(app) == (0, 0, 0)
    assert stored_files(app) == []


def test_posting_the_same_form_twice_makes_one_tender(app: Flask, client: FlaskClient) -> None:
    first = post_tender(client, [(DOCX_NAME, cleaning_bestek())], token="same")
    second = post_tender(client, [(DOCX_NAME, cleaning_bestek())], token="same")

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert counts(app) == (1, 1, 1)
    third = post_tender(client, [(DOCX_NAME, cleaning_bestek())], token="another")
    assert third.headers["Location"].endswith("/bestekken/2")


def test_the_form_carries_a_fresh_one_time_token_and_a_button_that_disables(client: FlaskClient) -> None:
    one = client.get("/bestekken/nieuw").get_data(as_text=True)
    two = client.get("/bestekken/nieuw").get_data(as_text=True)

    token = one.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    assert len(token) > 20 and token not in two
    assert "data-once" in one


def test_a_new_version_replaces_the_same_named_file_and_is_analysed_again(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False)), ("bijlage.docx", annex_bestek())])

    response = client.post(
        "/bestekken/1/versies",
        data={"versie-form_token": "v2", "versie-files": [(io.BytesIO(cleaning_bestek()), DOCX_NAME)]},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    with app.app_context():
        latest = db.session.scalars(select(StoredDocument).where(StoredDocument.batch == 2)).all()
        assert sorted(d.filename for d in latest) == sorted(["bijlage.docx", DOCX_NAME])
        analysis = db.session.get(Analysis, 2)
        assert analysis is not None and analysis.batch == 2 and analysis.status == DONE
    page = client.get("/bestekken/1").get_data(as_text=True)
    assert "versie 2" in page and "Analyses" in page


def test_a_bad_new_version_shows_the_error_on_the_tender_page(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    response = client.post(
        "/bestekken/1/versies",
        data={"versie-form_token": "v2", "versie-files": [(io.BytesIO(b"PK\x03\x04" + bytes(2000)), "kapot.docx")]},
        content_type="multipart/form-data",
    )

    assert response.status_code == 200
    assert "kapot.docx: " in html.unescape(response.get_data(as_text=True))
    assert counts(app) == (1, 1, 1)


def test_reanalysing_queues_and_runs_a_new_analysis(app: Flask, client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    response = client.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "again"})
    client.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "again"})  # a double click

    assert response.status_code == 302
    assert counts(app) == (1, 1, 2)
    assert findings(app, 2)[ILO_ID].status == "met"


def test_the_status_endpoint_reports_progress_as_json(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    status = client.get("/bestekken/1/status").get_json()

    assert status["status"] == "done" and status["progress"] == 100 and status["busy"] is False
    assert client.get("/bestekken/9/status").status_code == 404


def test_the_original_is_downloaded_byte_for_byte(client: FlaskClient) -> None:
    original = cleaning_bestek(extra=[ILO_CLAUSE])
    post_tender(client, [(DOCX_NAME, original)])

    with client.get("/bestekken/1/documenten/1") as response:  # a file response: closed when read
        assert response.status_code == 200
        assert response.data == original
        assert "attachment" in response.headers["Content-Disposition"]


def test_the_detected_product_groups_can_be_corrected_and_the_tender_is_analysed_again(
    app: Flask, client: FlaskClient
) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])
    page = client.get("/bestekken/1").get_data(as_text=True)
    token = re.search(r'id="groepen-form_token" name="groepen-form_token" type="hidden" value="([^"]+)"', page)
    assert token and 'name="groepen-product_groups"' in page
    data = {"groepen-product_groups": ["catering"], "groepen-form_token": token.group(1)}

    response = client.post("/bestekken/1/productgroepen", data=data)
    again = client.post("/bestekken/1/productgroepen", data=data)  # a double submit does nothing more

    assert response.status_code == 302 and again.status_code == 302
    with app.app_context():
        analyses = db.session.scalars(select(Analysis).order_by(Analysis.id)).all()
        assert len(analyses) == 2
        assert [g["id"] for g in analyses[-1].product_groups] == ["catering"]
        assert analyses[-1].product_groups[0]["source"] == "given"


def test_an_unknown_product_group_is_refused_with_a_dutch_message(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    response = client.post(
        "/bestekken/1/productgroepen",
        data={"groepen-product_groups": ["ruimtevaart"], "groepen-form_token": "x"},
        follow_redirects=True,
    )

    assert "Kies bestaande productgroepen" in response.get_data(as_text=True)
