"""Review steps on a tender: submit it, approve it or send it back, confirm or override its findings."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from procurement.extensions import db
from procurement.matching import STATUS_NAMES
from procurement.models import Finding
from procurement.review import APPROVE, STATE_NAMES
from procurement.services import review
from procurement.web.forms import DecisionForm, FindingReviewForm, SubmitForm

bp = Blueprint("review", __name__, url_prefix="/bestekken")
EXPIRED = "Het formulier is verlopen; probeer opnieuw."


def _back(tender_id: int, anchor: str = "beoordeling") -> BaseResponse:
    return redirect(url_for("tenders.show", tender_id=tender_id, _anchor=anchor))


@bp.post("/<int:tender_id>/indienen")
def submit(tender_id: int) -> BaseResponse:
    form = SubmitForm()
    if not form.validate_on_submit():
        flash(EXPIRED, "error")
        return _back(tender_id)
    try:
        tender = review.submit(db.session, g.user, tender_id, int(form.analysis_id.data))
    except review.TenderNotFound:
        return redirect(url_for("tenders.index"))
    except review.ReviewRefused as exc:
        flash(exc.message, "error")
    else:
        flash(f"Het bestek is {STATE_NAMES[tender.review_state]}: de dienst duurzaamheid kijkt het na.", "success")
    return _back(tender_id)


@bp.post("/<int:tender_id>/beslissing")
def decide(tender_id: int) -> BaseResponse:
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_first_error(form) or EXPIRED, "error")
        return _back(tender_id)
    try:
        tender = review.decide(db.session, g.user, tender_id, form.action.data or "", form.comment.data or "",
                               analysis_id=int(form.analysis_id.data))
    except review.TenderNotFound:
        return redirect(url_for("tenders.index"))
    except review.ReviewRefused as exc:
        flash(exc.message, "error")
    else:
        done = "goedgekeurd" if form.action.data == APPROVE else "teruggestuurd naar de aankoopdienst"
        flash(f"Het bestek is {done} (nu: {STATE_NAMES[tender.review_state]}).", "success")
    return _back(tender_id)


@bp.post("/<int:tender_id>/bevindingen/<int:finding_id>")
def finding(tender_id: int, finding_id: int) -> BaseResponse:
    found = db.session.get(Finding, finding_id)
    anchor = f"c-{found.criterion}" if found is not None else "per-criterium"
    form = FindingReviewForm()
    if not form.validate_on_submit():
        flash(_first_error(form) or EXPIRED, "error")
        return _back(tender_id, anchor)
    try:
        decision = review.review_finding(
            db.session, g.user, tender_id, finding_id, decision=form.decision.data or "",
            status=form.status.data or "", reason=form.reason.data or "",
        )
    except review.TenderNotFound:
        return redirect(url_for("tenders.index"))
    except review.ReviewRefused as exc:
        flash(exc.message, "error")
    else:
        what = "bevestigd" if decision.decision == review.CONFIRM else "aangepast"
        flash(f"Bevinding {what}: {STATUS_NAMES[decision.status]}.", "success")
    return _back(tender_id, anchor)


def _first_error(form: DecisionForm | FindingReviewForm) -> str | None:
    for name, errors in form.errors.items():
        if name != "csrf_token" and errors:
            return str(errors[0])
    return None
