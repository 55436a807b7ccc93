"""The report page ("Voor de aankondiging") and the API carry the eForms codes and the OCDS sustainability goals."""

from __future__ import annotations

from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask.testing import FlaskClient


def test_the_report_page_shows_the_codes_for_the_notice(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    page = client.get("/bestekken/1").get_data(as_text=True)

    assert "Voor de aankondiging" in page
    assert "<code>hum-right</code>" in page  # BT-775 from the met ILO clause
    assert "<code>none</code>" in page  # BT-805: no green criterion met


def test_the_api_gives_the_eforms_codes_and_the_ocds_extension(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    body = client.get("/api/bestekken/1").get_json()

    assert body["notice"]["BT-775"] == [{"code": "hum-right", "criteria": ["hr-ilo-core-conventions"]}]
    assert body["notice"]["BT-774"] == [] and body["notice"]["BT-805"] == [{"code": "none", "criteria": []}]
    (goal,) = body["notice"]["ocds"]["tender"]["sustainability"]
    assert goal["goal"] == "social.humanRightsDueDiligence" and len(goal["strategies"]) == 1


def test_without_a_met_criterion_the_notice_has_no_social_code(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek(ilo=False))])

    body = client.get("/api/bestekken/1").get_json()

    assert body["notice"]["BT-775"] == [] and body["notice"]["ocds"]["tender"]["sustainability"] == []
