"""The JSON API gives an analysis in the shape of the `procurement check` contract."""

from __future__ import annotations

from builders import DOCX_NAME, ILO_ID, annex_bestek, cleaning_bestek, post_tender
from flask.testing import FlaskClient

from procurement.catalogue import THEMES

STATUSES = {"met", "partial", "missing", "not_applicable"}


def test_an_analysis_as_json_has_the_contract_keys(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    body = client.get("/api/analyses/1").get_json()

    assert {"catalogue_version", "engine_version", "documents"} <= set(body)
    (document,) = body["documents"]
    assert {"file", "error", "product_groups", "score", "essential_complete", "themes", "findings"} <= set(document)
    assert document["file"] == DOCX_NAME and document["error"] is None
    assert set(document["themes"]) == set(THEMES)
    for theme in document["themes"].values():
        assert set(theme) == {"score", "met", "partial", "missing", "applicable"}
    finding = next(f for f in document["findings"] if f["criterion"] == ILO_ID)
    assert {"criterion", "theme", "type", "essential", "status", "similarity", "missing_elements", "evidence"} <= set(
        finding
    )
    assert finding["status"] == "met"
    evidence = finding["evidence"][0]
    assert set(evidence["location"]) == {"section", "paragraph", "page"}
    assert evidence["location"]["page"] is None and evidence["location"]["paragraph"] >= 1
    assert {f["status"] for f in document["findings"]} <= STATUSES
    assert body["analysis"]["status"] == "done"


def test_a_tender_of_several_files_is_one_entry_naming_each_evidence_file(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False)), ("bijlage.docx", annex_bestek())])

    body = client.get("/api/bestekken/1").get_json()

    (document,) = body["documents"]
    assert document["files"] == [DOCX_NAME, "bijlage.docx"]
    finding = next(f for f in document["findings"] if f["criterion"] == ILO_ID)
    assert finding["evidence"][0]["file"] == "bijlage.docx"


def test_an_unknown_analysis_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/api/analyses/42")

    assert response.status_code == 404
    assert response.get_json() == {"error": "Niet gevonden"}


def test_a_failed_analysis_is_a_document_entry_with_its_error_and_no_findings(client: FlaskClient) -> None:
    from sqlalchemy import update

    from procurement.extensions import db
    from procurement.models import Analysis

    post_tender(client, [(DOCX_NAME, cleaning_bestek())])
    with client.application.app_context():  # the state a worker leaves when an original cannot be read
        db.session.execute(update(Analysis).values(status="failed", error="Het origineel is onleesbaar."))
        db.session.commit()

    (document,) = client.get("/api/analyses/1").get_json()["documents"]

    assert document["error"] == "Het origineel is onleesbaar." and document["findings"] == []
