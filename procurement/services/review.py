"""The review of a tender: submit, approve or send back, confirm or override findings, carry reviews over."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update

from procurement.matching import STATUS_NAMES, STATUSES
from procurement.models import DONE, FAILED, Analysis, AuditEvent, Finding, FindingReview, Tender, User
from procurement.monitor import store as monitor_store
from procurement.queries.analyses import latest_analysis
from procurement.reports.view import approval_check, build
from procurement.review import (
    APPROVE,
    CARRIED_EVIDENCE,
    CARRIED_NAMES,
    CARRIED_SAME_STATUS,
    NEEDS_COMMENT,
    REOPEN,
    SEND_BACK,
    STATE_NAMES,
    SUBMIT,
    IllegalMove,
    findings_open,
    next_state,
    separation_of_duties,
)
from procurement.roles import ROLES
from procurement.services.audit import record
from procurement.services.errors import ServiceError, TenderNotFound
from procurement.services.transaction import committing
from procurement.sessions import DbSession

__all__ = ["CONFIRM", "OVERRIDE", "ReviewRefused", "TenderNotFound", "carry_over", "confirm_rest", "decide",
           "review_finding", "submit"]

log = logging.getLogger(__name__)
CONFIRM, OVERRIDE = "confirm", "override"
DECISIONS = (CONFIRM, OVERRIDE)
EVIDENCE, SAME_STATUS = CARRIED_EVIDENCE, CARRIED_SAME_STATUS
NEWER_ANALYSIS = "Er is intussen een nieuwe analyse; bekijk die eerst."
MOVED_MEANWHILE = "Iemand anders heeft dit bestek intussen al verder gezet; bekijk het opnieuw."
_EVENTS = {SUBMIT: "review.submitted", APPROVE: "review.approved", SEND_BACK: "review.sent_back",
           REOPEN: "review.reopened"}


class ReviewRefused(ServiceError):
    """A review step that is not allowed now; the message says why (Dutch)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def roles_of(actor: User | None) -> frozenset[str]:
    """An actor's roles; None is the system (the CLI, the demo seed), which acts for every role."""
    return frozenset(actor.roles) if actor else frozenset(ROLES)


def move(tender: Tender, action: str, actor: User | None) -> str:
    """The state after a move, or ReviewRefused with the reason."""
    try:
        return next_state(tender.review_state, action, roles_of(actor))
    except IllegalMove as exc:
        raise ReviewRefused(exc.message) from exc


def submit(session: DbSession, actor: User | None, tender_id: int, analysis_id: int) -> Tender:
    """The procurement office hands the tender (the analysis it saw, still the latest) to the sustainability office."""
    with committing(session):
        tender = _tender(session, tender_id)
        before = tender.review_state
        state = move(tender, SUBMIT, actor)
        analysis = _finished_latest(session, tender, analysis_id, "voor je het bestek indient")
        _change_state(session, tender, before, state)
        record(session, actor, "review.submitted",
               f"Bestek ingediend ter controle (analyse #{analysis.id}, versie {analysis.batch}).",
               tender_id=tender.id, analysis_id=analysis.id, data={"state": state})
    return tender


def decide(
    session: DbSession,
    actor: User | None,
    tender_id: int,
    action: str,
    comment: str = "",
    *,
    analysis_id: int,
    acknowledged: bool = False,
) -> Tender:
    """Approve, send back or reopen the analysis the reviewer saw; sending back and reopening need a comment.

    Approving a tender whose essentials are not all met after review, or whose findings are not all reviewed,
    needs `acknowledged`: the reviewer saw what the approval overlooks (ReviewRefused on "acknowledged" otherwise).
    """
    if action not in (APPROVE, SEND_BACK, REOPEN):
        raise ReviewRefused("Onbekende beslissing.")
    with committing(session):
        tender = _tender(session, tender_id)
        before = tender.review_state
        state = move(tender, action, actor)
        refused = separation_of_duties(action, actor.id if actor else None, submitters(session, tender.id))
        if refused:
            raise ReviewRefused(refused)
        comment = comment.strip()
        if action in NEEDS_COMMENT and not comment:
            raise ReviewRefused("Schrijf erbij wat de aankoopdienst moet aanpassen.", "comment")
        analysis = _finished_latest(session, tender, analysis_id, "voor je beslist")
        check = approval_check(build(analysis))
        if action == APPROVE and check.needs_confirmation and not acknowledged:
            raise ReviewRefused(f"{check.warning} Vink aan dat je het toch goedkeurt.", "acknowledged")
        _change_state(session, tender, before, state, comment if action in NEEDS_COMMENT else None)
        summary = f"Bestek {STATE_NAMES[state]} (analyse #{analysis.id}, versie {analysis.batch})"
        if action == APPROVE and check.needs_confirmation:
            summary += f", goedgekeurd ondanks: {check.warning}"
        record(session, actor, _EVENTS[action], summary + (f": {comment}" if comment else "."),
               tender_id=tender.id, analysis_id=analysis.id, data={"from": before, "to": state, "comment": comment})
    return tender


def _change_state(session: DbSession, tender: Tender, before: str, state: str, comment: str | None = None) -> None:
    """Move the tender only if it is still in `before`: of two reviewers clicking at once, one wins."""
    values: dict[str, Any] = {"review_state": state}
    if comment is not None:
        values["review_comment"] = comment
    moved = session.execute(
        update(Tender).where(Tender.id == tender.id, Tender.review_state == before).values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise ReviewRefused(MOVED_MEANWHILE)  # the caller's transaction rolls back
    session.refresh(tender)


def review_finding(
    session: DbSession,
    actor: User | None,
    tender_id: int,
    finding_id: int,
    *,
    decision: str,
    status: str = "",
    reason: str = "",
) -> FindingReview:
    """Confirm a finding of the latest analysis, or override its status with a reason (required)."""
    with committing(session):
        tender = _tender(session, tender_id)
        finding = session.get(Finding, finding_id)
        if finding is None or finding.analysis.tender_id != tender.id:
            raise ReviewRefused("Deze bevinding hoort niet bij dit bestek.")
        if not findings_open(tender.review_state):
            raise ReviewRefused("Dit bestek is goedgekeurd: heropen het om bevindingen te wijzigen.")
        latest = latest_analysis(session, tender.id, done_only=True)
        if latest is None or finding.analysis_id != latest.id:
            raise ReviewRefused("Enkel de bevindingen van de laatste analyse kunnen beoordeeld worden.")
        reason = reason.strip()
        if decision == CONFIRM:
            status = finding.status
        elif decision == OVERRIDE:
            if status not in STATUSES:
                raise ReviewRefused("Kies de juiste status.", "status")
            if status == finding.status:
                raise ReviewRefused("Dat is de status van de analyse: kies een andere status, of bevestig.", "status")
            if not reason:
                raise ReviewRefused("Geef de reden waarom de status anders is.", "reason")
        else:
            raise ReviewRefused("Onbekende beslissing.")
        review = finding.review or FindingReview(finding=finding)
        review.decision, review.status, review.reason = decision, status, reason
        review.reviewer_id = actor.id if actor else None
        review.reviewer_name = actor.name if actor else "systeem"
        review.carried_from_id = review.carried_because = None
        session.add(review)
        monitor_store.refresh(session, tender.id)
        if decision == CONFIRM:
            summary = f"{title_of(finding)}: {STATUS_NAMES[status]} bevestigd" + (f" ({reason})." if reason else ".")
        else:
            summary = f"{title_of(finding)}: {STATUS_NAMES[finding.status]} → {STATUS_NAMES[status]}: {reason}"
        record(session, actor, "finding.confirmed" if decision == CONFIRM else "finding.overridden", summary,
               tender_id=tender.id, analysis_id=finding.analysis_id, finding_id=finding.id, criterion=finding.criterion,
               data={"machine": finding.status, "status": status, "reason": reason})
    return review


def confirm_rest(session: DbSession, actor: User | None, tender_id: int, analysis_id: int) -> int:
    """Confirm every applicable finding of the latest analysis that nobody reviewed yet; returns how many.

    "Applicable" is after review, as the report shows it: a finding overridden to not applicable was reviewed,
    and findings the analysis found not applicable are left to whoever wants to look at them.
    """
    with committing(session):
        tender = _tender(session, tender_id)
        if not findings_open(tender.review_state):
            raise ReviewRefused("Dit bestek is goedgekeurd: heropen het om bevindingen te wijzigen.")
        analysis = _finished_latest(session, tender, analysis_id, "voor je bevindingen bevestigt")
        open_ = [f for f in analysis.findings if f.review is None and f.status != "not_applicable"]
        name = actor.name if actor else "systeem"
        for finding in open_:
            session.add(FindingReview(finding=finding, decision=CONFIRM, status=finding.status, reason="",
                                      reviewer_id=actor.id if actor else None, reviewer_name=name))
        if open_:
            record(session, actor, "finding.confirmed_rest",
                   ("1 overige bevinding" if len(open_) == 1 else f"{len(open_)} overige bevindingen")
                   + " bevestigd zoals de analyse ze gaf.",
                   tender_id=tender.id, analysis_id=analysis.id,
                   data={"criteria": [f.criterion for f in open_]})
    return len(open_)


def carry_over(session: DbSession, analysis: Analysis) -> int:
    """Reviews of the previous finished analysis whose ground still holds move to this one (only flushes).

    An override is carried when the analysis gives the same status again, or when the passage it judged is
    still among the evidence; a confirmation only when the status is the same.
    """
    previous = session.scalar(
        select(Analysis)
        .where(Analysis.tender_id == analysis.tender_id, Analysis.status == DONE, Analysis.id < analysis.id)
        .order_by(Analysis.id.desc())
        .limit(1)
    )
    if previous is None:
        return 0
    reviewed = {f.criterion: f for f in previous.findings if f.review is not None}
    carried = 0
    for finding in analysis.findings:
        old = reviewed.get(finding.criterion)
        if old is None or old.review is None or finding.review is not None:
            continue
        because = carry_reason(old, finding)
        if because is None:
            continue
        source = old.review
        session.add(FindingReview(
            finding=finding, decision=source.decision, status=source.status, reason=source.reason,
            reviewer_id=source.reviewer_id, reviewer_name=source.reviewer_name, reviewed_at=source.reviewed_at,
            carried_from_id=source.id, carried_because=because,
        ))
        record(session, None, "finding.carried_over",
               f"{title_of(finding)}: beoordeling van analyse #{previous.id} overgenomen "
               f"({CARRIED_NAMES[because]}): {STATUS_NAMES.get(source.status, source.status)}"
               + (f", {source.reason}" if source.reason else "") + ".",
               tender_id=analysis.tender_id, analysis_id=analysis.id, finding_id=finding.id,
               criterion=finding.criterion, data={"from_analysis": previous.id, "because": because})
        carried += 1
    return carried


def title_of(finding: Finding) -> str:
    """The criterion's title as the analysis' catalogue version has it (what a person reads), else its id."""
    version = finding.analysis.catalogue_version
    known = (version.criteria or {}).get(finding.criterion) if version is not None else None
    title = known.get("title") if isinstance(known, dict) else None
    return f"„{title}”" if title else finding.criterion


def carry_reason(old: Finding, new: Finding) -> str | None:
    """Why the review of `old` still applies to `new` (SAME_STATUS or EVIDENCE), or None."""
    review = old.review
    if review is None:
        return None
    if new.status == old.status:
        return SAME_STATUS
    if review.decision == OVERRIDE and _evidence_still_there(old.evidence, new.evidence):
        return EVIDENCE
    return None


def _evidence_still_there(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> bool:
    texts = [_norm(e.get("text", "")) for e in new]
    passages = [_norm(e.get("text", "")) for e in old]
    return any(passage and any(passage in text for text in texts) for passage in passages)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


_SUBMITTED = ("review.submitted", "review.resubmitted")


def submitters(session: DbSession, tender_id: int) -> frozenset[int | None]:
    """Who handed in what is under review: the last submission's actor and whoever uploaded a version since."""
    last = session.execute(
        select(AuditEvent.id, AuditEvent.actor_id)
        .where(AuditEvent.tender_id == tender_id, AuditEvent.action.in_(_SUBMITTED))
        .order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if last is None:
        return frozenset()
    since = session.scalars(
        select(AuditEvent.actor_id)
        .where(AuditEvent.tender_id == tender_id, AuditEvent.action == "tender.version_uploaded",
               AuditEvent.id > last.id)
    )
    return frozenset({last.actor_id, *since})


def approved_analysis_id(session: DbSession, tender_id: int) -> int | None:
    """The analysis the last approval judged: what an approved tender shows and exports."""
    return session.scalar(
        select(AuditEvent.analysis_id)
        .where(AuditEvent.tender_id == tender_id, AuditEvent.action == "review.approved")
        .order_by(AuditEvent.id.desc()).limit(1)
    )


def _tender(session: DbSession, tender_id: int) -> Tender:
    tender = session.get(Tender, tender_id)
    if tender is None:
        raise TenderNotFound(tender_id)
    return tender


def _finished_latest(session: DbSession, tender: Tender, analysis_id: int, when: str) -> Analysis:
    """The latest analysis, which must be finished and the one the person saw: a review judges what it found."""
    latest = latest_analysis(session, tender.id)
    if latest is None:
        raise ReviewRefused(f"Dit bestek heeft nog geen analyse: laad eerst een document op {when}.")
    if latest.status == FAILED:
        raise ReviewRefused(f"De laatste analyse is mislukt: analyseer opnieuw {when}.")
    if latest.status != DONE:
        raise ReviewRefused(f"Wacht tot de analyse klaar is {when}.")
    if latest.id != analysis_id:
        raise ReviewRefused(NEWER_ANALYSIS)
    return latest
