"""The report as a worklist: counts and filters, review in place as JSON, confirm the rest, the approval safeguard."""

from __future__ import annotations

import html
import re

import pytest
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from procurement.extensions import db
from procurement.models import AuditEvent, Finding, FindingReview, Tender
from tests.web.test_review import finding_id, latest_seen, state, text

JSON = {"Accept": "application/json"}


@pytest.fixture
def office(app: Flask) -> FlaskClient:
    return app.test_client(roles=("aankoopdienst",))


@pytest.fixture
def reviewer(app: Flask) -> FlaskClient:
    return app.test_client(roles=("duurzaamheid",))


@pytest.fixture
def submitted(app: Flask, office: FlaskClient) -> Flask:
    """A cleaning bestek without the ILO clause (an essential is missing), handed in for review."""
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    return app


def readable(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def unreviewed(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(Finding.id)).outerjoin(FindingReview)
            .where(FindingReview.id.is_(None), Finding.status != "not_applicable")
        ) or 0


def test_the_report_shows_a_worklist_bar_with_counts_filters_and_theme_links(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=True))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    body = reviewer.get("/bestekken/1").get_data(as_text=True)
    open_count = unreviewed(app)

    assert 'id="werklijst"' in body
    assert f'data-count="open">{open_count}<' in body
    assert 'data-count="missing">' in body
    assert "<form class=\"worklist-filters\" data-filters hidden>" in body  # shown by static/app.js
    assert 'href="#t-human-rights"' in body
    assert f"Bevestig de overige bevindingen ({open_count})" in body
    assert 'class="finding-more"' in body  # met findings fold what they found


def test_a_review_in_place_answers_json_with_the_changed_report_and_panel(
    submitted: Flask, reviewer: FlaskClient
) -> None:
    fid = finding_id(submitted)

    response = reviewer.post(f"/bestekken/1/bevindingen/{fid}", headers=JSON,
                             data={"decision": "override", "status": "met", "reason": "staat in bijlage 3"})

    assert response.status_code == 200
    answer = response.get_json()
    assert answer["message"] == "Bevinding aangepast: aanwezig."
    assert answer["focus"] == f"c-{ILO_ID}"
    assert set(answer["fragments"]) == {"rapport", "beoordeling"}
    assert "Na beoordeling: aanwezig (analyse: ontbreekt)" in readable(answer["fragments"]["rapport"])
    assert answer["fragments"]["beoordeling"].startswith('<section class="review-panel')


def test_an_override_without_a_reason_in_place_answers_422_with_the_error_beside_the_reason(
    submitted: Flask, reviewer: FlaskClient
) -> None:
    fid = finding_id(submitted)

    response = reviewer.post(f"/bestekken/1/bevindingen/{fid}", headers=JSON,
                             data={"decision": "override", "status": "partial", "reason": " "})

    assert response.status_code == 422
    answer = response.get_json()
    assert answer["field"] == "reason"
    assert f'id="review-{fid}-error">Niet bewaard: Geef de reden waarom de status anders is.' in \
        answer["fragments"]["rapport"]
    assert f'id="reason-{fid}" name="reason" class="input"' in answer["fragments"]["rapport"]
    assert "data-error-focus" in answer["fragments"]["rapport"]
    with submitted.app_context():
        assert db.session.get_one(Finding, fid).review is None


def test_confirming_the_rest_confirms_every_applicable_finding_nobody_reviewed(
    submitted: Flask, reviewer: FlaskClient
) -> None:
    fid = finding_id(submitted)
    reviewer.post(f"/bestekken/1/bevindingen/{fid}",
                  data={"decision": "override", "status": "partial", "reason": "enkel kinderarbeid"})
    before = unreviewed(submitted)

    page = text(reviewer.post("/bestekken/1/bevindingen/bevestigen", data=latest_seen(submitted),
                              follow_redirects=True))

    assert before > 1
    assert f"{before} overige bevindingen bevestigd." in page
    assert unreviewed(submitted) == 0
    with submitted.app_context():
        assert db.session.get_one(Finding, fid).review.decision == "override"  # the override stays
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "finding.confirmed_rest")).one()
        assert len(event.data["criteria"]) == before
    assert "Bevestig de overige bevindingen" not in page


def test_approving_with_an_essential_missing_asks_for_confirmation_and_shows_the_reviewed_score(
    submitted: Flask, reviewer: FlaskClient
) -> None:
    before = text(reviewer.get("/bestekken/1"))
    refused = reviewer.post("/bestekken/1/beslissing", data={**latest_seen(submitted), "action": "approve"})

    assert "Voor je goedkeurt: Score na beoordeling:" in before
    assert "essentieel criterium is niet volledig aanwezig" in before or "essentiële criteria zijn niet" in before
    assert refused.status_code == 422
    assert "Niet goedgekeurd: Score na beoordeling" in text(refused)
    assert 'aria-invalid="true" autofocus data-error-focus' in refused.get_data(as_text=True)
    assert state(submitted) == "ter_controle"

    reviewer.post("/bestekken/1/beslissing", data={**latest_seen(submitted), "action": "approve", "acknowledged": "y"})

    assert state(submitted) == "goedgekeurd"
    with submitted.app_context():
        summary = db.session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "review.approved")).one()
        assert "goedgekeurd ondanks: Score na beoordeling" in summary


def test_a_complete_and_fully_reviewed_tender_is_approved_without_the_safeguard(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=True))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    with app.app_context():
        for f in db.session.scalars(select(Finding).where(Finding.essential, Finding.status != "met",
                                                          Finding.status != "not_applicable")):
            reviewer.post(f"/bestekken/1/bevindingen/{f.id}",
                          data={"decision": "override", "status": "met", "reason": "staat in bijlage 2"})
    reviewer.post("/bestekken/1/bevindingen/bevestigen", data=latest_seen(app))

    page = text(reviewer.get("/bestekken/1"))
    reviewer.post("/bestekken/1/beslissing", data={**latest_seen(app), "action": "approve"})

    assert "Voor je goedkeurt" not in page
    with app.app_context():
        assert db.session.get_one(Tender, 1).review_state == "goedgekeurd"


def test_a_concept_shows_no_decision_form_to_someone_who_also_holds_the_review_role(client: FlaskClient) -> None:
    post_tender(client, [(DOCX_NAME, cleaning_bestek())])

    body = client.get("/bestekken/1").get_data(as_text=True)

    assert "Indienen ter controle" in body
    assert 'class="decision stack"' not in body  # nothing to decide before it is submitted: no empty form
