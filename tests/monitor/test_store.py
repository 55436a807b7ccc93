"""The monitor's stored facts follow every change in the transaction that makes it: a finished analysis, a review,
the rest confirmed, a re-check (done or failed), a new version of the documents, a deleted tender.

After each change the stored judgement is compared with one worked out anew from the rows through the report
mapper (reports/stored.py, reports/view.py: what the tender page shows), and with the figures the analysis itself
stored; the monitor's own query is what is read.
"""

from __future__ import annotations

import threading

import pytest
from accounts import make_user
from builders import DOCX_NAME, cleaning_bestek
from conftest import on_postgresql
from flask import Flask
from sqlalchemy import delete, func, select, text

from procurement import services
from procurement.extensions import db, originals
from procurement.matching.scoring import SCORED
from procurement.models import Analysis, AuditEvent, Finding, MonitorFact, Tender, User
from procurement.monitor import query, store
from procurement.monitor.figures import Judgement, TenderFacts, judge
from procurement.reports.stored import report_from_rows, stored_findings
from procurement.reports.view import final_findings
from procurement.services import analyses, current_checker, review
from tests.monitor.fixture import day, submit_and_mark_met, tender

ILO = "hr-ilo-core-conventions"


def from_rows(app: Flask, tender_id: int) -> Judgement | None:
    """The judgement of the tender's latest finished analysis, read through the report mapper (not monitor/store)."""
    with app.app_context():
        analysis = services.latest_analysis(db.session, tender_id, done_only=True)
        if analysis is None:
            return None
        report = report_from_rows(analysis)
        machine = [f for f in report.findings if f.status in SCORED]
        return judge(machine, final_findings(machine, stored_findings(analysis)))


def stored(app: Flask, tender_id: int) -> TenderFacts | None:
    with app.app_context():
        return next((t for t in query.facts(db.session).tenders if t.id == tender_id), None)


def follows(app: Flask, tender_id: int) -> TenderFacts:
    """The tender's stored facts, asserted equal to the rows' own judgement and pointing at its latest analysis."""
    facts = stored(app, tender_id)
    assert facts is not None
    assert facts.judgement == from_rows(app, tender_id)
    with app.app_context():
        latest = services.latest_analysis(db.session, tender_id, done_only=True)
        fact = db.session.get_one(MonitorFact, tender_id)
        assert latest is not None and fact.analysis_id == latest.id
        assert facts.groups == tuple(g["id"] for g in latest.product_groups)
    return facts


def latest(app: Flask, tender_id: int) -> Analysis:
    with app.app_context():
        found = services.latest_analysis(db.session, tender_id, done_only=True)
        assert found is not None
        db.session.expunge(found)
        return found


def short_findings(app: Flask, analysis_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Finding.id).where(
            Finding.analysis_id == analysis_id, Finding.status.in_(("missing", "partial"))).order_by(Finding.id)))


def finding_of(app: Flask, analysis_id: int, criterion: str) -> int:
    with app.app_context():
        return db.session.scalars(select(Finding.id).where(
            Finding.analysis_id == analysis_id, Finding.criterion == criterion)).one()


def test_a_finished_analysis_writes_the_facts_and_a_queued_one_none(app: Flask) -> None:
    waiting = tender(app, "Wacht", "Sport", day(2026, 3, 1), ilo=True, run=False)
    done = tender(app, "Klaar", "Sport", day(2026, 3, 2), ilo=True)

    assert stored(app, waiting) is None
    facts = follows(app, done)
    analysis = latest(app, done)
    j = facts.judgement
    assert (j.score_machine, j.essential_machine) == (analysis.score, analysis.essential_complete)
    assert (j.score_reviewed, j.essential_reviewed) == (j.score_machine, j.essential_machine)  # nothing reviewed
    assert {t: s.score for t, s in j.themes.items()} == {t: s["score"] for t, s in analysis.themes.items()}
    assert len(list(j.statuses())) == 24  # the cleaning bestek's applicable criteria
    assert facts.groups == ("cleaning-services",) and facts.department == "Sport"


def test_every_review_changes_the_facts_with_it(app: Flask) -> None:
    tender_id = tender(app, "A", "Facilitair beheer", day(2026, 2, 10), ilo=True)
    analysis = latest(app, tender_id)
    machine = follows(app, tender_id).judgement
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    submit_and_mark_met(app, tender_id)  # every missing or partial finding overridden to met

    everything_met = follows(app, tender_id).judgement
    assert (everything_met.score_reviewed, everything_met.essential_reviewed) == (100.0, True)
    assert everything_met.score_machine == machine.score_machine and not everything_met.essential_machine
    assert {status for _, _, status in everything_met.statuses()} == {"met"}

    with app.app_context():
        review.review_finding(db.session, db.session.get(User, reviewer), tender_id, finding_of(app, analysis.id, ILO),
                              decision="override", status="missing", reason="Enkel in de inleiding vermeld.")
    ilo_missing = follows(app, tender_id).judgement
    assert ilo_missing.score_reviewed == round(100 * 29 / 31, 1) and not ilo_missing.essential_reviewed
    assert [status for c, _, status in ilo_missing.statuses() if c == ILO] == ["missing"]

    with app.app_context():
        review.review_finding(db.session, db.session.get(User, reviewer), tender_id, finding_of(app, analysis.id, ILO),
                              decision="override", status="not_applicable", reason="Geen uitvoering in het buitenland.")
    not_applicable = follows(app, tender_id).judgement
    assert ILO not in {c for c, _, _ in not_applicable.statuses()}
    assert not_applicable.score_reviewed == 100.0 and not_applicable.themes["human-rights"].applicable == 5


def test_confirming_the_rest_keeps_the_facts_current(app: Flask) -> None:
    tender_id = tender(app, "B", "Sport", day(2026, 5, 3), ilo=False)
    analysis = latest(app, tender_id)
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    office = make_user(app, "aankoopdienst", name="aankoopdienst")
    with app.app_context():
        review.submit(db.session, db.session.get(User, office), tender_id, analysis.id)
        first = short_findings(app, analysis.id)[0]
        review.review_finding(db.session, db.session.get(User, reviewer), tender_id, first, decision="override",
                              status="met", reason="Staat in bijlage B.")
        assert review.confirm_rest(db.session, db.session.get(User, reviewer), tender_id, analysis.id) > 0

    facts = follows(app, tender_id)
    assert facts.judgement.score_reviewed is not None
    assert facts.judgement.score_reviewed > (facts.judgement.score_machine or 0)
    assert facts.review_state == "ter_controle"  # read from the tender itself


def test_a_recheck_moves_the_facts_only_when_it_is_done_and_carries_the_reviews(app: Flask) -> None:
    tender_id = tender(app, "C", "Sport", day(2025, 11, 20), ilo=True)
    first = latest(app, tender_id)
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    overridden = short_findings(app, first.id)[0]
    with app.app_context():
        review.review_finding(db.session, db.session.get(User, reviewer), tender_id, overridden, decision="override",
                              status="met", reason="Staat in bijlage B.")
    before = follows(app, tender_id).judgement

    with app.app_context():
        failing = services.reanalyse(db.session, current_checker(db.session).catalogue, tender_id)
        assert analyses.fail(db.session, failing.id, "inline", "Proef: de analyse mislukt.")
    assert follows(app, tender_id).judgement == before  # a failed re-check leaves the last finished one counted

    with app.app_context():
        again = services.reanalyse(db.session, current_checker(db.session).catalogue, tender_id)
        assert stored(app, tender_id) is not None and follows(app, tender_id).judgement == before  # still queued
        services.run_analysis(db.session, again.id, current_checker(db.session), storage=originals(app))
    after = follows(app, tender_id)
    assert latest(app, tender_id).id == again.id
    assert after.judgement == before  # the same bestek, the override carried over

    with app.app_context():  # a new version without the ILO clause: the machine's figures move
        version = services.add_document_version(db.session, originals(app), current_checker(db.session).catalogue,
                                                tender_id, files=[(DOCX_NAME, cleaning_bestek(ilo=False))])
        services.run_analysis(db.session, version.id, current_checker(db.session), storage=originals(app))
    newer = follows(app, tender_id).judgement
    assert newer.score_machine is not None and before.score_machine is not None
    assert newer.score_machine < before.score_machine
    assert [status for c, _, status in newer.statuses() if c == ILO] == ["missing"]


def test_a_deleted_tender_takes_its_facts_along(app: Flask) -> None:
    """The app deletes no tender (its audit lines refer to it): this is a purge by hand, audit lines first."""
    kept = tender(app, "Blijft", "Sport", day(2026, 4, 1), ilo=True)
    gone = tender(app, "Weg", "Sport", day(2026, 4, 2), ilo=False)
    follows(app, gone)

    with app.app_context():
        db.session.execute(delete(AuditEvent).where(AuditEvent.tender_id == gone))
        db.session.delete(db.session.get_one(Tender, gone))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(MonitorFact)) == 1
    assert stored(app, gone) is None
    follows(app, kept)


def test_rebuild_writes_what_the_changes_wrote(app: Flask) -> None:
    ids = [tender(app, name, "Sport", day(2026, 1, n + 1), ilo=n % 2 == 0) for n, name in enumerate("ABC")]
    submit_and_mark_met(app, ids[0])
    with app.app_context():
        written = query.facts(db.session).tenders
        db.session.execute(MonitorFact.__table__.delete())
        assert query.facts(db.session).tenders == ()
        assert store.rebuild(db.session) == 3
        db.session.commit()
        assert query.facts(db.session).tenders == written


def test_the_monitors_cache_decodes_again_only_what_changed(app: Flask) -> None:
    changed = tender(app, "Gewijzigd", "Sport", day(2026, 6, 1), ilo=True)
    same = tender(app, "Ongewijzigd", "Sport", day(2026, 6, 2), ilo=False)
    cache = query.FactsCache()
    with app.app_context():
        before = {t.id: t for t in cache.get(db.session).tenders}

    submit_and_mark_met(app, changed)

    with app.app_context():
        after = {t.id: t for t in cache.get(db.session).tenders}
        assert tuple(after.values()) == query.facts(db.session).tenders  # as a fresh read
    assert after[changed].judgement != before[changed].judgement and after[changed].review_state == "ter_controle"
    assert after[same].judgement is before[same].judgement  # not decoded again


@pytest.mark.skipif(not on_postgresql(), reason="row locks: SQLite has one writer at a time anyway")
def test_a_review_saved_while_another_is_being_saved_counts_both(app: Flask) -> None:
    """Another transaction holds the tender (as a refresh does) and saves a review; the review saved meanwhile
    waits for it, then reads both: neither is lost."""
    tender_id = tender(app, "Tegelijk", "Sport", day(2026, 7, 1), ilo=False)
    mine, theirs = short_findings(app, latest(app, tender_id).id)[:2]
    reviewer = make_user(app, "duurzaamheid", name="duurzaamheid")
    with app.app_context():
        other = db.engine.connect()
    transaction = other.begin()
    other.execute(text("select id from tender where id = :id for no key update"), {"id": tender_id})
    other.execute(text("insert into finding_review (finding_id, decision, status, reason, reviewer_name, reviewed_at) "
                       "values (:finding, 'override', 'met', 'Elders gezien.', 'collega', now())"), {"finding": theirs})
    failed: list[BaseException] = []

    def save() -> None:
        try:
            with app.app_context():
                review.review_finding(db.session, db.session.get(User, reviewer), tender_id, mine,
                                      decision="override", status="met", reason="Staat in bijlage B.")
        except BaseException as exc:
            failed.append(exc)

    saving = threading.Thread(target=save)
    saving.start()
    saving.join(2.0)
    waited = saving.is_alive()
    transaction.commit()
    other.close()
    saving.join(30.0)

    assert waited and not failed
    with app.app_context():
        met = {criterion for criterion, _, status in follows(app, tender_id).judgement.statuses() if status == "met"}
        names = set(db.session.scalars(select(Finding.criterion).where(Finding.id.in_((mine, theirs)))))
    assert names <= met
