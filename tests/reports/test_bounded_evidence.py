"""Evidence is bounded where it is stored and read: clipped quotes that say where the whole passage stands, a
bounded number of quotes a finding, so a report page stays small whatever the upload."""

from __future__ import annotations

import html
import json

from builders import CPV_CLEANING, ILO_CLAUSE, ILO_ID, post_tender
from flask import Flask
from sqlalchemy import select

from procurement.documents.model import Location
from procurement.extensions import db
from procurement.matching import Evidence, Finding, Report
from procurement.models import Analysis, Tender
from procurement.models import Finding as FindingRow
from procurement.reports.stored import EVIDENCE_ITEMS, QUOTE_CHARS, clip, report_from_rows, rows_from_report

FILLER = "De aanbesteder bezorgt de plannen van de gebouwen en de lijst van de lokalen aan de dienstverlener. "


def _report(*evidence: Evidence) -> Report:
    finding = Finding(
        criterion="a-met", theme="human-rights", kind="execution-condition", essential=True, status="met",
        similarity=0.9, evidence=evidence, explanation="Alle elementen staan er.",
    )
    return Report("2026.1+abc", "1.0.0", (), (finding,), {}, 100.0, True)


def test_a_long_quote_is_stored_clipped_around_its_phrase_with_where_the_whole_passage_stands() -> None:
    text = FILLER * 40 + "De opdrachtnemer leeft de IAO-verdragen na. " + FILLER * 100
    long = Evidence(text, Location("3.2 Sociale bepalingen", 41, 3), matched_phrases=("iao",), file="bestek.pdf")

    (row,) = rows_from_report(_report(long), Analysis())

    (stored,) = row.evidence
    assert len(stored["text"]) <= QUOTE_CHARS
    assert stored["text"].startswith("[…] ") and "De opdrachtnemer leeft de IAO-verdragen na." in stored["text"]
    assert stored["text"].endswith(
        f" […] (ingekort: de hele passage telt {len(text):,} tekens en staat in bestek.pdf, p. 3, § 41, "
        "in „3.2 Sociale bepalingen”)".replace(",", ".", 1)
    )
    assert stored["location"] == {"section": "3.2 Sociale bepalingen", "paragraph": 41, "page": 3}


def test_clipping_a_clipped_quote_changes_nothing() -> None:
    once = clip(Evidence("woord " * 5000, Location(None, 7)))

    assert clip(once) == once and len(once.text) <= QUOTE_CHARS


def test_quotes_beyond_the_bound_are_named_by_their_place_in_the_explanation() -> None:
    evidence = tuple(Evidence(f"Punt {n}.", Location("Bijlage", n)) for n in range(1, 31))

    (row,) = rows_from_report(_report(*evidence), Analysis())

    assert len(row.evidence) == EVIDENCE_ITEMS
    assert row.explanation == (
        "Alle elementen staan er. Nog 18 vindplaatsen niet getoond: § 13, in „Bijlage”; § 14, in „Bijlage”; "
        "§ 15, in „Bijlage”; § 16, in „Bijlage”; § 17, in „Bijlage”; …."
    )


def test_rows_stored_before_the_bound_are_clipped_as_they_are_read(app: Flask) -> None:
    with app.app_context():
        analysis = Analysis(tender=Tender(title="Oud"), status="done", engine_version="1.0.0")
        analysis.findings = [
            FindingRow(position=0, criterion="a-met", theme="human-rights", kind="execution-condition", essential=True,
                       status="met", similarity=0.9, missing_elements=[], explanation="",
                       evidence=[{"text": "x " * 50_000, "location": {"section": None, "paragraph": 2, "page": None}}])
        ]
        db.session.add(analysis)
        db.session.commit()

        (finding,) = report_from_rows(db.session.get_one(Analysis, analysis.id)).findings

    assert len(finding.evidence[0].text) <= QUOTE_CHARS
    assert finding.evidence[0].text.endswith("(ingekort: de hele passage telt 100.000 tekens en staat in § 2)")


def test_a_report_page_stays_small_when_the_bestek_is_one_enormous_paragraph(app: Flask) -> None:
    # the ILO clause in the middle of 400 kB without a blank line: one block, quoted by every finding on it
    text = f"Bestek schoonmaak\n\n{CPV_CLEANING}\n\n" + FILLER * 2000 + ILO_CLAUSE + " " + FILLER * 2000
    client = app.test_client()

    post_tender(client, [("bestek.txt", text.encode())])

    page = html.unescape(client.get("/bestekken/1").get_data(as_text=True))
    assert len(page.encode()) < 400_000 < len(text)
    assert "ingekort: de hele passage telt" in page
    with app.app_context():
        rows = db.session.scalars(select(FindingRow).where(FindingRow.criterion == ILO_ID)).all()
        assert rows and rows[0].status == "met"
        assert all(len(e["text"]) <= QUOTE_CHARS for row in rows for e in row.evidence)
        stored = sum(len(json.dumps(row.evidence)) for row in db.session.scalars(select(FindingRow)))
    assert stored < 200_000
