"""A stored analysis reads back as the engine's frozen Report it was stored from, reviews beside it."""

from __future__ import annotations

from dataclasses import replace

from builders import DOCX_NAME, ILO_ID, cleaning_bestek, post_tender
from flask import Flask
from sqlalchemy import select

from procurement.documents import parse
from procurement.documents.model import Location
from procurement.extensions import db
from procurement.matching import Evidence, Finding, ProductGroupMatch, Report, ThemeScore
from procurement.models import DONE, Analysis, Tender
from procurement.models import Finding as FindingRow
from procurement.reports.stored import report_from_rows, rows_from_report, stored_findings
from procurement.services import current_checker, current_version, review


def _report(version: str) -> Report:
    return Report(
        catalogue_version=version,
        engine_version="9.9",
        product_groups=(ProductGroupMatch("schoonmaak", "detected", "CPV 90910000", 0.75),
                        ProductGroupMatch("catering", "given", "opgegeven")),
        findings=(
            Finding(
                criterion="a-met", theme="sociaal", kind="technische_specificatie", essential=True, status="met",
                similarity=0.875, evidence=(
                    Evidence("De opdrachtnemer verbindt zich ...", Location("3.2 Sociale bepalingen", 41, 3),
                             matched_phrases=("dwangarbeid", "kinderarbeid"), cues=("verbindt zich",),
                             file="bestek.docx"),
                    Evidence("Artikel 7.", Location(None, 40), context=True, file="bestek.docx"),
                ),
                explanation="Alle elementen staan er.",
            ),
            Finding(criterion="b-partial", theme="milieu", kind="gunningscriterium", essential=False,
                    status="partial", similarity=0.5, missing_elements=("ecolabel", "bewijs")),
            Finding(criterion="c-na", theme="economie", kind="selectiecriterium", essential=False,
                    status="not_applicable", similarity=0.0),
        ),
        themes={"sociaal": ThemeScore(100.0, 1, 0, 0, 1), "milieu": ThemeScore(50.0, 0, 1, 0, 1),
                "economie": ThemeScore(None, 0, 0, 0, 0)},
        score=66.7,
        essential_complete=True,
    )


def test_a_report_stored_as_rows_reads_back_equal_from_the_database(app: Flask) -> None:
    with app.app_context():
        version = current_version(db.session)
        assert version is not None
        report = _report(version.version)
        analysis = Analysis(tender=Tender(title="Schoonmaak"), catalogue_version=version, status=DONE)
        positions = [r.position for r in rows_from_report(report, analysis)]
        db.session.add(analysis)
        db.session.commit()
        analysis_id = analysis.id
        db.session.remove()  # a fresh session: what comes back is what the database holds

        stored = db.session.get_one(Analysis, analysis_id)

        assert positions == [0, 1, 2]
        assert report_from_rows(stored) == report


def test_the_analysis_of_a_tender_reads_back_as_the_matchers_own_report(app: Flask) -> None:
    data = cleaning_bestek()
    post_tender(app.test_client(), [(DOCX_NAME, data)])
    with app.app_context():
        analysis = db.session.get_one(Analysis, 1)
        matcher = current_checker(db.session).matcher
        made = matcher.run_tender([(DOCX_NAME, parse(data, DOCX_NAME))], product_groups=None)

        stored = report_from_rows(analysis)

    # a row keeps a similarity to three digits
    assert stored == replace(made, findings=tuple(replace(f, similarity=round(f.similarity, 3)) for f in made.findings))


def test_evidence_stored_before_a_field_existed_reads_as_that_fields_default(app: Flask) -> None:
    post_tender(app.test_client(), [(DOCX_NAME, cleaning_bestek())])
    with app.app_context():
        row = db.session.scalar(select(FindingRow).where(FindingRow.criterion == ILO_ID))
        assert row is not None and row.evidence
        row.evidence = [{"text": e["text"], "location": e["location"]} for e in row.evidence]
        db.session.commit()

        evidence = next(f for f in report_from_rows(row.analysis).findings if f.criterion == ILO_ID).evidence

    assert evidence and all(e.matched_phrases == () and e.cues == () and e.file is None and not e.context
                            for e in evidence)


def test_stored_findings_give_each_criterion_its_row_id_and_review(app: Flask) -> None:
    post_tender(app.test_client(), [(DOCX_NAME, cleaning_bestek(ilo=False))])
    with app.app_context():
        ilo = db.session.scalar(select(FindingRow).where(FindingRow.criterion == ILO_ID))
        assert ilo is not None
        review.review_finding(db.session, None, 1, ilo.id, decision="override", status="met", reason="bijlage 3")

        stored = stored_findings(db.session.get_one(Analysis, 1))

    assert stored[ILO_ID].finding_id == ilo.id
    found = stored[ILO_ID].review
    assert found is not None and (found.decision, found.status, found.reason, found.reviewer) == (
        "override", "met", "bijlage 3", "systeem")
    assert not found.carried_over and found.carried_because is None
    assert all(s.review is None for c, s in stored.items() if c != ILO_ID)
