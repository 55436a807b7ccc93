"""The review loop on the web: submit, override with a reason, send back, new version, carry over, approve."""

from __future__ import annotations

import html
import io
import re

import pytest
from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from procurement.extensions import db
from procurement.models import Analysis, AuditEvent, Finding, Tender
from procurement.services import review
from procurement.services.audit import AuditIsAppendOnly

REASON = "staat in bijlage 3"
APPROVE = {"action": "approve", "acknowledged": "y"}  # approving despite gaps: the safeguard ticked


@pytest.fixture
def office(app: Flask) -> FlaskClient:
    return app.test_client(roles=("aankoopdienst",))


@pytest.fixture
def reviewer(app: Flask) -> FlaskClient:
    return app.test_client(roles=("duurzaamheid",))


def text(response: object) -> str:
    """A page as its reader sees it: no tags, single spaces."""
    body = response.get_data(as_text=True)  # type: ignore[attr-defined]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def page(client: FlaskClient, url: str = "/bestekken/1") -> str:
    return text(client.get(url))


def finding_id(app: Flask, criterion: str = ILO_ID, analysis_id: int | None = None) -> int:
    with app.app_context():
        query = select(Finding).where(Finding.criterion == criterion).order_by(Finding.id.desc())
        if analysis_id is not None:
            query = query.where(Finding.analysis_id == analysis_id)
        found = db.session.scalars(query).first()
        assert found is not None
        return found.id


def state(app: Flask) -> str:
    with app.app_context():
        return db.session.get_one(Tender, 1).review_state


def override(client: FlaskClient, fid: int, status: str = "met", reason: str = REASON) -> str:
    response = client.post(f"/bestekken/1/bevindingen/{fid}", data={"decision": "override", "status": status,
                                                                    "reason": reason}, follow_redirects=True)
    return text(response)


def new_version(client: FlaskClient, data: bytes, token: str = "v2") -> object:
    return client.post("/bestekken/1/versies", content_type="multipart/form-data",
                       data={"versie-form_token": token, "versie-files": [(io.BytesIO(data), DOCX_NAME)]})


def latest_seen(app: Flask) -> dict[str, str]:
    """The hidden field of the submit and decision forms: the tender's latest analysis, as the page shows it."""
    with app.app_context():
        latest = db.session.scalar(select(Analysis.id).where(Analysis.tender_id == 1).order_by(Analysis.id.desc()))
        return {"analysis_id": str(latest)}


def actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.tender_id == 1)
                                       .order_by(AuditEvent.id)))


def test_the_procurement_office_submits_and_the_tender_waits_for_review(app: Flask, office: FlaskClient) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    assert "Indienen ter controle" in page(office) and state(app) == "concept"

    office.post("/bestekken/1/indienen", data=latest_seen(app))
    again = text(office.post("/bestekken/1/indienen", data=latest_seen(app), follow_redirects=True))

    assert state(app) == "ter_controle"
    assert "Dit bestek is al ingediend en wacht op controle." in again  # an illegal move, said in Dutch
    assert actions(app) == ["tender.created", "analysis.done", "review.submitted"]


def test_an_override_needs_a_reason_and_the_page_shows_both_scores(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    fid = finding_id(app)

    refused = override(reviewer, fid, reason="  ")
    same = override(reviewer, fid, status="missing")
    accepted = override(reviewer, fid)

    assert "Geef de reden waarom de status anders is." in refused
    assert "kies een andere status, of bevestig" in same
    assert f"Na beoordeling: aanwezig (analyse: ontbreekt) — {REASON}" in accepted
    with app.app_context():
        finding = db.session.get_one(Finding, fid)
        analysis = db.session.get_one(Analysis, finding.analysis_id)
        assert finding.status == "missing" and finding.review is not None and finding.review.status == "met"
        machine = analysis.score
    shown = page(reviewer)
    assert "score van de analyse" in shown and "na beoordeling (1 bevinding beoordeeld, 1 aangepast)" in shown
    raw = reviewer.get("/bestekken/1").get_data(as_text=True)
    reviewed = raw.split("data-reviewed-score>")[1].split("<")[0]
    assert float(reviewed.replace(",", ".")) > (machine or 0)
    assert actions(app)[-1] == "finding.overridden"


def test_a_finding_can_be_confirmed_without_a_reason(app: Flask, office: FlaskClient, reviewer: FlaskClient) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])

    response = reviewer.post(f"/bestekken/1/bevindingen/{finding_id(app)}", data={"decision": "confirm"},
                             follow_redirects=True)

    assert "Bevestigd: aanwezig" in text(response)


def test_sending_back_needs_a_comment_which_the_procurement_office_then_reads(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))

    silent = reviewer.post("/bestekken/1/beslissing", data={**latest_seen(app), "action": "send_back", "comment": ""},
                           follow_redirects=True)
    reviewer.post("/bestekken/1/beslissing",
                  data={**latest_seen(app), "action": "send_back", "comment": "Voeg de IAO-clausule toe."})

    assert "Schrijf erbij wat de aankoopdienst moet aanpassen." in text(silent)
    assert state(app) == "aan_te_passen"
    seen = page(office)
    assert "Beoordeling: aan te passen" in seen and "Voeg de IAO-clausule toe." in seen
    refused = text(office.post("/bestekken/1/indienen", data=latest_seen(app), follow_redirects=True))
    assert "laad een nieuwe versie op" in refused


def test_a_new_version_goes_back_to_review_shows_what_changed_and_carries_overrides_over(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    extra = ["De opdrachtnemer gebruikt microvezeldoeken."]
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    other = "hr-mvo-charter"  # missing in both versions: the override's ground still holds
    override(reviewer, finding_id(app, other), status="met", reason="staat in het MVO-charter, bijlage 2")
    override(reviewer, finding_id(app), status="partial", reason="enkel kinderarbeid vermeld")
    reviewer.post("/bestekken/1/beslissing",
                  data={**latest_seen(app), "action": "send_back", "comment": "IAO-clausule volledig opnemen."})

    new_version(office, cleaning_bestek(ilo=True, extra=extra))

    assert state(app) == "ter_controle"  # back to the reviewer by itself
    with app.app_context():
        latest = db.session.scalars(select(Analysis).order_by(Analysis.id.desc())).first()
        assert latest is not None and latest.batch == 2
        carried = db.session.get_one(Finding, finding_id(app, other, latest.id)).review
        ilo = db.session.get_one(Finding, finding_id(app, ILO_ID, latest.id))
        assert carried is not None and carried.carried_because == "status" and carried.reason.startswith("staat")
        assert ilo.status == "met" and ilo.review is None  # the machine now finds it: the old override lapses
    shown = page(reviewer)
    assert "Wat veranderde sinds analyse #1" in shown
    assert "Nu aanwezig" in shown and "(was: gedeeltelijk (na beoordeling))" in shown
    assert "Niet overgenomen beoordelingen" in shown
    assert "overgenomen van de vorige analyse omdat de analyse gaf dezelfde status" in shown
    assert "1 beoordeling werd overgenomen" in shown
    assert actions(app)[-4:] == ["tender.version_uploaded", "review.resubmitted", "finding.carried_over",
                                 "analysis.done"]


def test_approval_closes_the_review_and_refuses_later_changes_in_dutch(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    office.post("/bestekken/1/indienen", data=latest_seen(app))

    reviewer.post("/bestekken/1/beslissing", data={**latest_seen(app), **APPROVE})
    late = override(reviewer, finding_id(app))
    upload = new_version(office, cleaning_bestek(extra=["Nog iets."]))

    assert state(app) == "goedgekeurd"
    assert "Dit bestek is goedgekeurd: heropen het om bevindingen te wijzigen." in late
    assert upload.status_code == 200  # type: ignore[attr-defined]
    assert "een nieuwe versie kan pas nadat de dienst duurzaamheid het heropend heeft" in text(upload)
    reviewer.post("/bestekken/1/beslissing",
                  data={**latest_seen(app), "action": "reopen", "comment": "Toch nog de prijsformule."})
    assert state(app) == "aan_te_passen"


def test_the_procurement_office_cannot_review_and_the_sustainability_office_cannot_upload(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    office.post("/bestekken/1/indienen", data=latest_seen(app))

    assert office.post("/bestekken/1/beslissing", data={**latest_seen(app), **APPROVE}).status_code == 403
    assert office.post(f"/bestekken/1/bevindingen/{finding_id(app)}", data={"decision": "confirm"}).status_code == 403
    assert new_version(reviewer, cleaning_bestek()).status_code == 403  # type: ignore[attr-defined]
    assert "Indienen ter controle" not in page(reviewer) and "Goedkeuren" in page(reviewer)
    assert "Goedkeuren" not in page(office) and "Beoordelen" not in page(office)
    assert state(app) == "ter_controle"


def test_the_trail_shows_every_step_per_tender_and_as_a_whole_and_cannot_be_changed(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    override(reviewer, finding_id(app))
    reviewer.post("/bestekken/1/beslissing", data={**latest_seen(app), **APPROVE})

    trail = page(office, "/bestekken/1/audit")
    whole = page(reviewer, "/audit/")

    for step in ("bestek aangemaakt", "analyse klaar", "ingediend ter controle", "bevinding aangepast", "goedgekeurd"):
        assert step in trail and step in whole
    assert "test-aankoopdienst" in trail and "test-duurzaamheid" in trail
    assert "Fundamentele arbeidsnormen van de IAO" in trail  # the criterion by its title
    assert office.get("/audit/").status_code == 403  # the whole trail is the sustainability office's
    audit_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert all(r.methods is not None and r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_rules)
    with app.app_context():
        line = db.session.scalars(select(AuditEvent)).first()
        assert line is not None
        line.summary = "vervalst"
        with pytest.raises(AuditIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEvent)).first())
        with pytest.raises(AuditIsAppendOnly):
            db.session.commit()


def test_a_submit_or_decision_on_an_analysis_that_is_no_longer_the_latest_is_refused_in_dutch(
    app: Flask, office: FlaskClient, reviewer: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    page_before = office.get("/bestekken/1").get_data(as_text=True)
    first = latest_seen(app)
    assert f'name="analysis_id" type="hidden" value="{first["analysis_id"]}"' in page_before
    office.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "again-1"})
    assert latest_seen(app) != first

    stale_submit = text(office.post("/bestekken/1/indienen", data=first, follow_redirects=True))
    assert "Er is intussen een nieuwe analyse; bekijk die eerst." in stale_submit and state(app) == "concept"
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    office.post("/bestekken/1/opnieuw", data={"opnieuw-form_token": "again-2"})
    stale_approve = text(reviewer.post("/bestekken/1/beslissing", data={**first, **APPROVE},
                                       follow_redirects=True))

    assert "Er is intussen een nieuwe analyse; bekijk die eerst." in stale_approve
    assert state(app) == "ter_controle" and "review.approved" not in actions(app)


def test_a_submit_or_decision_without_the_analysis_it_was_about_is_refused(
    app: Flask, office: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])

    blank = text(office.post("/bestekken/1/indienen", follow_redirects=True))
    garbled = text(office.post("/bestekken/1/indienen", data={"analysis_id": "1x"}, follow_redirects=True))

    assert "Het formulier is verlopen; probeer opnieuw." in blank and "probeer opnieuw" in garbled
    assert state(app) == "concept"


def test_of_two_reviewers_deciding_at_once_only_the_first_moves_the_tender(
    app: Flask, office: FlaskClient
) -> None:
    post_tender(office, [(DOCX_NAME, cleaning_bestek())])
    office.post("/bestekken/1/indienen", data=latest_seen(app))
    analysis_id = int(latest_seen(app)["analysis_id"])
    with app.app_context():
        slow = db.session
        read = slow.get_one(Tender, 1)  # the second reviewer read the tender...
        assert read.review_state == "ter_controle"
        with Session(db.engine) as fast:  # the first reviewer approves meanwhile
            review.decide(fast, None, 1, "approve", analysis_id=analysis_id, acknowledged=True)

        with pytest.raises(review.ReviewRefused) as refused:
            review.decide(slow, None, 1, "send_back", "Toch aanpassen.", analysis_id=analysis_id)

        assert "intussen" in refused.value.message
    assert state(app) == "goedgekeurd"
    assert actions(app)[-2:] == ["review.submitted", "review.approved"]
