"""Revision 0009 gives every tender analysed before it its monitor facts: the latest finished analysis, with reviews."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import database_uri, upgrade_database
from flask import Flask
from sqlalchemy import create_engine, select, text

from procurement.extensions import db
from procurement.models import MonitorFact

TENDER = ("insert into tender (id, title, reference, department, product_groups, demo, created_at, review_state, "
          "review_comment) values (:id, :title, '', 'Sport', '[]', false, '2026-01-01 10:00:00', 'concept', '')")
ANALYSIS = ("insert into analysis (id, tender_id, batch, engine_version, status, progress, message, themes, "
            "product_groups, created_at) values (:id, :tender, 1, '1', :status, 100, '', '{}', :groups, "
            "'2026-01-01 10:00:00')")
FINDING = ("insert into finding (id, analysis_id, position, criterion, theme, kind, essential, status, similarity, "
           "missing_elements, evidence, explanation) values (:id, :analysis, :position, :criterion, :theme, "
           "'technical-specification', :essential, :status, 0.0, '[]', '[]', '')")
REVIEW = ("insert into finding_review (id, finding_id, decision, status, reason, reviewer_name, reviewed_at) values "
          "(:id, :finding, 'override', :status, 'Staat in bijlage B.', 'duurzaamheid', '2026-01-02 10:00:00')")
CLEANING = '[{"id": "cleaning-services", "source": "detected", "evidence": "CPV 90910000", "confidence": 1.0}]'


@pytest.mark.empty_database
def test_the_latest_finished_analysis_of_each_tender_is_judged_with_its_reviews(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    uri = database_uri(tmp_path, migrated=False)
    upgrade_database(uri, "0008")
    engine = create_engine(uri)
    with engine.begin() as connection:
        for tender, title in ((1, "Twee analyses"), (2, "Alleen mislukt"), (3, "Zonder toepasselijke criteria")):
            connection.execute(text(TENDER), {"id": tender, "title": title})
        for analysis, tender, status, groups in ((1, 1, "done", "[]"), (2, 1, "done", CLEANING),
                                                 (3, 1, "failed", "[]"), (4, 2, "failed", "[]"),
                                                 (5, 3, "done", "[]")):
            connection.execute(text(ANALYSIS), {"id": analysis, "tender": tender, "status": status, "groups": groups})
        findings = [  # analysis 1: everything met, but analysis 2 is the latest finished one
            (1, 1, "se-reserved", "social-economy", True, "met"),
            (2, 2, "se-reserved", "social-economy", True, "missing"),
            (3, 2, "ee-label", "energy-efficiency", False, "partial"),
            (4, 2, "ci-reuse", "circularity", False, "met"),
            (5, 2, "hr-ilo", "human-rights", True, "not_applicable"),
            (6, 5, "se-reserved", "social-economy", True, "not_applicable"),
        ]
        for position, (finding, analysis, criterion, theme, essential, status) in enumerate(findings):
            connection.execute(text(FINDING), {"id": finding, "analysis": analysis, "position": position,
                                               "criterion": criterion, "theme": theme, "essential": essential,
                                               "status": status})
        connection.execute(text(REVIEW), {"id": 1, "finding": 2, "status": "met"})  # missing -> met
        connection.execute(text(REVIEW), {"id": 2, "finding": 5, "status": "met"})  # not applicable: still out
    engine.dispose()

    app = make_app()

    with app.app_context():
        facts = {f.tender_id: f for f in db.session.scalars(select(MonitorFact))}
        assert set(facts) == {1, 3}  # tender 2 has no finished analysis
        first = facts[1]
        assert first.analysis_id == 2 and first.product_groups == ["cleaning-services"]
        assert first.criteria == {"social-economy": {"met": ["se-reserved"]}, "energy-efficiency": {"partial": [
            "ee-label"]}, "circularity": {"met": ["ci-reuse"]}}
        # machine: (2 × 0 + 0.5 + 1) / 4 = 37.5; after review: (2 × 1 + 0.5 + 1) / 4 = 87.5
        assert (first.score_machine, first.essential_machine) == (37.5, False)
        assert (first.score_reviewed, first.essential_reviewed) == (87.5, True)
        assert first.themes["energy-efficiency"] == {"score": 50.0, "met": 0, "partial": 1, "missing": 0,
                                                     "applicable": 1}
        assert first.themes["human-rights"]["applicable"] == 0 and first.themes["human-rights"]["score"] is None
        nothing = facts[3]
        assert (nothing.score_machine, nothing.score_reviewed, nothing.criteria) == (None, None, {})
        assert nothing.essential_machine and nothing.essential_reviewed  # no essential criterion applies
