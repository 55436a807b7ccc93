"""Review steps on a tender: submit it, approve it or send it back, confirm or override its findings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from procurement.extensions import db
from procurement.matching import STATUS_NAMES
from procurement.models import Finding, Tender
from procurement.review import APPROVE, STATE_NAMES
from procurement.services import review
from procurement.web import tender_page
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
def decide(tender_id: int) -> BaseResponse | tuple[Any, int]:
    form = DecisionForm()
    if not form.validate_on_submit():
        if form.comment.errors:
            return _in_place(tender_id, decision_form=form)
        flash(_first_error(form) or EXPIRED, "error")
        return _back(tender_id)
    try:
        tender = review.decide(db.session, g.user, tender_id, form.action.data or "", form.comment.data or "",
                               analysis_id=int(form.analysis_id.data), acknowledged=bool(form.acknowledged.data))
    except review.TenderNotFound:
        return redirect(url_for("tenders.index"))
    except review.ReviewRefused as exc:
        if exc.field in ("comment", "acknowledged"):  # beside the field, state unchanged, what was typed kept
            getattr(form, exc.field).errors = [exc.message]
            return _in_place(tender_id, decision_form=form)
        flash(exc.message, "error")
    else:
        done = "goedgekeurd" if form.action.data == APPROVE else "teruggestuurd naar de aankoopdienst"
        flash(f"Het bestek is {done} (nu: {STATE_NAMES[tender.review_state]}).", "success")
    return _back(tender_id)


@bp.post("/<int:tender_id>/bevindingen/bevestigen")
def confirm_rest(tender_id: int) -> BaseResponse:
    form = SubmitForm()
    if not form.validate_on_submit():
        flash(EXPIRED, "error")
        return _back(tender_id, "werklijst")
    try:
        count = review.confirm_rest(db.session, g.user, tender_id, int(form.analysis_id.data))
    except review.TenderNotFound:
        return redirect(url_for("tenders.index"))
    except review.ReviewRefused as exc:
        flash(exc.message, "error")
    else:
        flash("Er was geen bevinding meer te beoordelen." if not count else
              "1 overige bevinding bevestigd." if count == 1 else f"{count} overige bevindingen bevestigd.", "success")
    return _back(tender_id, "werklijst")


def _wants_json() -> bool:
    """The review in place (static/app.js) asks for JSON; a form without JavaScript gets the page."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


@bp.post("/<int:tender_id>/bevindingen/<int:finding_id>")
def finding(tender_id: int, finding_id: int) -> BaseResponse | tuple[Any, int]:
    found = db.session.get(Finding, finding_id)
    anchor = f"c-{found.criterion}" if found is not None else "per-criterium"
    form = FindingReviewForm()
    if not form.validate_on_submit():
        for name in ("status", "reason"):
            if getattr(form, name).errors and found is not None:
                return _in_place(tender_id, finding_error=_finding_error(finding_id, form, name,
                                                                         str(getattr(form, name).errors[0])))
        if _wants_json():
            return {"message": _first_error(form) or EXPIRED}, 400
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
        if exc.field in ("status", "reason"):  # beside the field, with the chosen status and reason kept
            return _in_place(tender_id, finding_error=_finding_error(finding_id, form, exc.field, exc.message))
        if _wants_json():
            return {"message": exc.message}, 409
        flash(exc.message, "error")
        return _back(tender_id, anchor)
    what = "bevestigd" if decision.decision == review.CONFIRM else "aangepast"
    message = f"Bevinding {what}: {STATUS_NAMES[decision.status]}."
    if _wants_json():
        tender = db.session.get_one(Tender, tender_id)
        return {"message": message, "fragments": tender_page.fragments(tender), "focus": anchor}, 200
    flash(message, "success")
    return _back(tender_id, anchor)


def _finding_error(finding_id: int, form: FindingReviewForm, field: str, message: str) -> tender_page.FindingError:
    return tender_page.FindingError(finding_id=finding_id, field=field, message=message,
                                    decision=form.decision.data or "", status=form.status.data or "",
                                    reason=form.reason.data or "")


def _in_place(
    tender_id: int,
    *,
    decision_form: DecisionForm | None = None,
    finding_error: tender_page.FindingError | None = None,
) -> BaseResponse | tuple[Any, int]:
    """The tender's page again, the refused form in place: 422, so nothing looks saved.

    The review in place gets the changed parts of the page as JSON instead, the error beside its field.
    """
    tender = db.session.get(Tender, tender_id)
    if tender is None:
        return redirect(url_for("tenders.index"))
    if finding_error is not None and _wants_json():
        return {"message": finding_error.message, "field": finding_error.field,
                "fragments": tender_page.fragments(tender, finding_error=finding_error)}, 422
    return tender_page.render(tender, decision_form=decision_form, finding_error=finding_error), 422


def _first_error(form: DecisionForm | FindingReviewForm) -> str | None:
    for name, errors in form.errors.items():
        if name != "csrf_token" and errors:
            return str(errors[0])
    return None
