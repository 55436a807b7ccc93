"""A report after review: lists follow the reviewer's statuses, and the score after review is scoring's own."""

from __future__ import annotations

from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import select

from procurement.extensions import db
from procurement.matching import Finding as Judged
from procurement.matching.scoring import score
from procurement.models import Analysis, Finding
from procurement.reports import view
from procurement.reports.table import report_csv
from procurement.services import review


def test_an_override_moves_the_finding_and_the_score_after_review_is_computed_by_scoring(app: Flask) -> None:
    post_tender(app.test_client(), [(DOCX_NAME, cleaning_bestek(ilo=False))])
    with app.app_context():
        ilo = db.session.scalar(select(Finding).where(Finding.criterion == ILO_ID))
        assert ilo is not None and ilo.status == "missing"
        before = view.build(db.session.get_one(Analysis, 1))

        review.review_finding(db.session, None, 1, ilo.id, decision="override", status="met", reason="bijlage 3")
        after = view.build(db.session.get_one(Analysis, 1))

        findings = db.session.get_one(Analysis, 1).findings
        expected = score(Judged(f.criterion, f.theme, f.kind, f.essential, "met" if f.id == ilo.id else f.status,
                                f.similarity) for f in findings)
    assert ILO_ID in {f.criterion for f in before.todo} and ILO_ID not in {f.criterion for f in after.todo}
    assert after.score == before.score  # the machine's figure stays
    assert after.reviewed_score == f"{expected:.1f}".replace(".", ",") and after.reviews == after.overrides == 1
    rows = report_csv(after).decode("utf-8-sig").splitlines()
    assert rows[0].endswith("status na beoordeling;reden;beoordeeld door")
    assert next(r for r in rows if r.startswith(ILO_ID)).endswith("aanwezig;bijlage 3;systeem")
