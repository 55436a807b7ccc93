"""The audit trail: services add a line in the same transaction as the change it records; lines never change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from procurement.models import AuditEvent, User
from procurement.sessions import DbSession

SYSTEM = "systeem"

# action code -> what it says in the trail (Dutch)
ACTION_NAMES: dict[str, str] = {
    "tender.created": "bestek aangemaakt",
    "tender.version_uploaded": "nieuwe versie opgeladen",
    "tender.product_groups": "productgroepen aangepast",
    "analysis.requested": "nieuwe analyse gevraagd",
    "analysis.done": "analyse klaar",
    "analysis.failed": "analyse mislukt",
    "analysis.retry": "analyse opnieuw in de wachtrij",
    "review.submitted": "ingediend ter controle",
    "review.approved": "goedgekeurd",
    "review.sent_back": "teruggestuurd: aan te passen",
    "review.reopened": "heropend: aan te passen",
    "review.resubmitted": "opnieuw ter controle (nieuwe versie)",
    "finding.confirmed": "bevinding bevestigd",
    "finding.overridden": "bevinding aangepast",
    "finding.carried_over": "beoordeling overgenomen",
    "finding.confirmed_rest": "overige bevindingen bevestigd",
    "catalogue.imported": "catalogus geïmporteerd",
    "catalogue.draft_saved": "concept van criterium bewaard",
    "catalogue.draft_discarded": "concept van criterium geschrapt",
    "catalogue.published": "catalogusversie gepubliceerd",
    "catalogue.recheck": "hercontrole met nieuwe catalogus",
    "user.created": "gebruiker aangemaakt",
    "user.roles_changed": "rollen gewijzigd",
    "user.deactivated": "gebruiker gedeactiveerd",
    "user.activated": "gebruiker opnieuw geactiveerd",
    "user.password_set": "wachtwoord ingesteld",
    "user.signin_failed": "aanmelding mislukt",
    "department.added": "dienst toegevoegd",
    "department.renamed": "dienst hernoemd",
    "department.deactivated": "dienst niet meer aangeboden",
    "department.activated": "dienst weer aangeboden",
    "bundle.saved": "selectie bewaard",
    "bundle.deleted": "selectie verwijderd",
}
ACTION_GROUPS: dict[str, str] = {
    "tender": "bestekken",
    "analysis": "analyses",
    "review": "beoordeling",
    "finding": "bevindingen",
    "catalogue": "catalogus",
    "user": "gebruikers",
    "department": "diensten",
    "bundle": "selecties",
}


class AuditIsAppendOnly(Exception):
    """Raised when code tries to change or delete a line of the audit trail."""


def record(
    session: DbSession,
    actor: User | None,
    action: str,
    summary: str,
    *,
    tender_id: int | None = None,
    analysis_id: int | None = None,
    finding_id: int | None = None,
    criterion: str | None = None,
    catalogue_version_id: int | None = None,
    subject_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add a line to the session; the caller's commit writes it together with the change itself."""
    if action not in ACTION_NAMES:
        raise ValueError(f"unknown audit action {action!r}")
    line = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else SYSTEM,
        action=action,
        tender_id=tender_id,
        analysis_id=analysis_id,
        finding_id=finding_id,
        criterion=criterion,
        catalogue_version_id=catalogue_version_id,
        subject_id=subject_id,
        summary=summary[:2000],
        data=data or {},
    )
    session.add(line)
    return line


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    raise AuditIsAppendOnly(f"audit line {target.id} cannot be changed or deleted")
