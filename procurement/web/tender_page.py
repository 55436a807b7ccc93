"""The values of a tender's page: documents, progress, report, review panel, changes since before, audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, g, render_template, request

from procurement.extensions import db
from procurement.matching import STATUS_NAMES
from procurement.models import ANALYSIS_STATUS_NAMES, DONE, FAILED, QUEUED, RUNNING, Analysis, StoredDocument, Tender
from procurement.queries.audit import tender_trail
from procurement.reports import format as fmt
from procurement.reports import notice
from procurement.reports import view as report_view
from procurement.reports.changes import compare
from procurement.review import (
    ACTION_NAMES,
    APPROVE,
    GOEDGEKEURD,
    NEEDS_COMMENT,
    STATE_NAMES,
    findings_open,
    may_analyse_again,
    possible,
    separation_of_duties,
)
from procurement.services import current_checker, current_version
from procurement.services.analyses import DONE_WITH_NOTES
from procurement.services.review import approved_analysis_id, submitters
from procurement.web.errors import bounded_int, limit_mb
from procurement.web.forms import DecisionForm, GroupsForm, ReanalyseForm, SubmitForm, VersionForm, new_token
from procurement.web.permissions import can

# several forms on one page: distinct field names and ids
VERSION_PREFIX, AGAIN_PREFIX, GROUPS_PREFIX = "versie", "opnieuw", "groepen"
TRAIL_ON_PAGE = 15


@dataclass(frozen=True, slots=True)
class ReviewPanel:
    state: str
    state_name: str
    comment: str
    actions: tuple[tuple[str, str, bool], ...]  # (action, Dutch label, needs a comment) this user can take
    can_submit: bool
    can_decide: bool
    can_review_findings: bool  # this user, on the shown analysis, in this state
    statuses: tuple[tuple[str, str], ...]
    can_analyse_again: bool  # re-analysis and corrected groups: not on an approved (frozen) tender
    note: str = ""  # why a move this user would otherwise see is not offered (four eyes)


@dataclass(frozen=True, slots=True)
class FindingError:
    """A finding's review that was refused: shown in place, with what the person chose and wrote kept."""

    finding_id: int
    field: str  # "status" or "reason"
    message: str
    decision: str
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class CatalogueNotice:
    current: str
    note: str
    used: str


def render(
    tender: Tender,
    version_form: VersionForm | None = None,
    *,
    decision_form: DecisionForm | None = None,
    finding_error: FindingError | None = None,
) -> str:
    """The tender's page; a refused form is shown in place with its error beside the field."""
    values = context(tender, version_form)
    if decision_form is not None:
        values["decision_form"] = decision_form
    return render_template("tenders/show.html", **values, finding_error=finding_error, limit_mb=limit_mb())


def fragments(tender: Tender, *, finding_error: FindingError | None = None) -> dict[str, str]:
    """The parts of the tender's page a review in place changes, by element id: the report and the review panel."""
    values = {**context(tender), "finding_error": finding_error, "limit_mb": limit_mb()}
    return {
        "rapport": render_template("tenders/_report.html", **values).strip(),
        "beoordeling": render_template("tenders/_review.html", **values).strip(),
    }


def context(tender: Tender, version_form: VersionForm | None = None) -> dict[str, Any]:
    analyses = tender.analyses
    current = analyses[-1] if analyses else None
    wanted = request.args.get("analyse", type=bounded_int())
    approved_id = approved_analysis_id(db.session, tender.id) if tender.review_state == GOEDGEKEURD else None
    if wanted is not None:
        shown: Analysis | None = analysis_of(tender, wanted)
    elif approved_id is not None:  # approved means frozen: the approved analysis is the one shown
        shown = analysis_of(tender, approved_id)
    else:
        shown = next((a for a in reversed(analyses) if a.status == DONE), None)
    if version_form is None:
        version_form = VersionForm(formdata=None, prefix=VERSION_PREFIX)
        version_form.form_token.data = new_token()
    reanalyse_form = ReanalyseForm(formdata=None, prefix=AGAIN_PREFIX)
    reanalyse_form.form_token.data = new_token()
    groups_form = GroupsForm(formdata=None, prefix=GROUPS_PREFIX)
    groups_form.product_groups.choices = [(g.id, g.name) for g in current_checker(db.session).catalogue.product_groups]
    newest = current_version(db.session)
    current_ids = frozenset(newest.criteria) if newest else frozenset()
    finished = shown is not None and shown.status == DONE
    report = report_view.build(shown, current_ids) if shown is not None and finished else None
    # only a finished analysis has product groups: what the person corrects
    groups_form.product_groups.data = [grp.id for grp in report.groups] if report is not None else []
    groups_form.form_token.data = new_token()
    batch = max((d.batch for d in tender.documents), default=0)
    latest_done = next((a for a in reversed(analyses) if a.status == DONE), None)
    if approved_id is not None:
        latest_done = shown
    return {
        "tender": tender,
        "created": fmt.when(tender.created_at),
        "documents": [_document_row(d) for d in tender.documents if d.batch == batch],
        "batch": batch,
        "groups_given": tender.product_groups,
        "current": status_of(current) if current else None,
        "shown_id": shown.id if shown else None,
        "shown_is_latest": shown is not None and (shown is current or shown.id == approved_id),
        "report": report,
        "changes": _changes(analyses, shown) if shown is not None and finished else None,
        "history": [_history_row(a) for a in reversed(analyses)],
        "version_form": version_form,
        "reanalyse_form": reanalyse_form,
        "groups_form": groups_form,
        "panel": _panel(tender, shown is not None and shown is latest_done),
        "approval": report_view.approval_check(report) if report is not None else None,
        "submit_form": SubmitForm(formdata=None),
        "decision_form": DecisionForm(formdata=None),
        "trail": tender_trail(db.session, tender.id, limit=TRAIL_ON_PAGE),
        "notice": _notice(shown, newest) if shown is not None and finished else None,
        "annotated": _annotated(tender, shown) if shown is not None and finished else None,
        "announcement": notice.of_analysis(shown) if shown is not None and finished else None,
    }


def analysis_of(tender: Tender, analysis_id: int) -> Analysis:
    analysis = db.session.get(Analysis, analysis_id)
    if analysis is None or analysis.tender_id != tender.id:
        abort(404)
    return analysis


def status_of(a: Analysis) -> dict[str, Any]:
    return {
        "id": a.id,
        "status": a.status,
        "status_name": ANALYSIS_STATUS_NAMES[a.status],
        "progress": a.progress,
        "message": a.message,
        "error": a.error,
        "busy": a.status in (QUEUED, RUNNING),
        "failed": a.status == FAILED,
        # what the readers cut off or guessed ("te lang om volledig te controleren ...")
        "note": a.message if a.status == DONE and a.message.startswith(DONE_WITH_NOTES) else "",
    }


def _panel(tender: Tender, shown_is_latest_done: bool) -> ReviewPanel:
    user = g.get("user")
    roles = user.roles if user else []
    moves = possible(tender.review_state, roles)
    note = ""
    if APPROVE in moves:
        note = separation_of_duties(APPROVE, user.id if user else None, submitters(db.session, tender.id)) or ""
        if note:
            moves = tuple(a for a in moves if a != APPROVE)
    actions = tuple((a, ACTION_NAMES[a], a in NEEDS_COMMENT) for a in moves)
    return ReviewPanel(
        state=tender.review_state,
        state_name=STATE_NAMES.get(tender.review_state, tender.review_state),
        comment=tender.review_comment,
        actions=actions,
        can_submit=can("review.submit") and any(a == "submit" for a, _, _ in actions),
        can_decide=can("review.decide") and any(a not in ("new_version", "submit") for a, _, _ in actions),
        can_review_findings=can("review.finding") and findings_open(tender.review_state) and shown_is_latest_done,
        statuses=tuple(STATUS_NAMES.items()),
        can_analyse_again=may_analyse_again(tender.review_state),
        note=note,
    )


def _changes(analyses: list[Analysis], shown: Analysis) -> Any:
    earlier = [a for a in analyses if a.status == DONE and a.id < shown.id]
    return compare(earlier[-1], shown) if earlier else None


def _notice(shown: Analysis, newest: Any) -> CatalogueNotice | None:
    """The report was made with an older catalogue version: say so, with the newer one's change note."""
    if newest is None or shown.catalogue_version_id == newest.id or shown.catalogue_version is None:
        return None
    return CatalogueNotice(current=newest.version, note=newest.note, used=shown.catalogue_version.version)


def _annotated(tender: Tender, shown: Analysis) -> dict[str, Any]:
    """Per document of the shown analysis: the annotated copy for a .docx, for other files why there is none."""
    rows = [{"id": d.id, "filename": d.filename, "docx": d.format == "docx",
             "why": "" if d.format == "docx" else NO_ANNOTATED_COPY.format(format=d.format.upper())}
            for d in tender.documents if d.batch == shown.batch]
    return {"documents": rows, "several_docx": sum(1 for r in rows if r["docx"]) > 1}


NO_ANNOTATED_COPY = (
    "geen geannoteerde kopie: opmerkingen en voorgestelde wijzigingen die u in Word aanvaardt of weigert, bestaan "
    "enkel in een Word-bestand (.docx), niet in een {format}-bestand. Gebruik de Word-bijlage met de ontbrekende "
    "clausules, of laad het bestek op als .docx."
)


def _document_row(d: StoredDocument) -> dict[str, Any]:
    return {"id": d.id, "filename": d.filename, "format": d.format.upper(), "size": fmt.size(d.size),
            "sha256": d.sha256, "sha_short": d.sha256[:12], "uploaded": fmt.when(d.uploaded_at)}


def _history_row(a: Analysis) -> dict[str, Any]:
    return {"id": a.id, "batch": a.batch, "created": fmt.when(a.created_at), "status": a.status,
            "status_name": ANALYSIS_STATUS_NAMES[a.status], "score": fmt.score(a.score) if a.status == DONE else "–",
            "version": a.catalogue_version.version if a.catalogue_version else "",
            "version_id": a.catalogue_version_id}
