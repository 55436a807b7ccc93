"""A tender's latest analysis, one definition: its newest analysis, or its newest finished one."""

from __future__ import annotations

from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask

from procurement.extensions import db
from procurement.models import DONE, QUEUED
from procurement.queries.analyses import latest_analyses, latest_analysis
from procurement.services import current_checker
from procurement.services.catalogue_edit import recheck


def test_a_queued_recheck_is_the_latest_analysis_while_the_finished_one_keeps_the_score(app: Flask) -> None:
    office = app.test_client(roles=("aankoopdienst",))
    post_tender(office, [(DOCX_NAME, cleaning_bestek())], token="a")
    post_tender(office, [(DOCX_NAME, cleaning_bestek(ilo=False))], token="b", title="Tweede")
    with app.app_context():
        (queued,) = recheck(db.session, None, [1], current_checker(db.session).catalogue)

        latest = latest_analyses(db.session)
        finished = latest_analyses(db.session, done_only=True)
        only_second = latest_analyses(db.session, [2])

        assert latest[1].id == queued.id and latest[1].status == QUEUED and latest[1].score is None
        assert finished[1].id == 1 and finished[1].status == DONE and finished[1].score is not None
        assert latest[2] == finished[2] and set(only_second) == {2}
        assert "cleaning-services" in finished[1].product_groups
        version = queued.catalogue_version
        assert version is not None and finished[1].catalogue_version == version.version
        assert finished[1].catalogue_version_id == 1
        for tender_id in (1, 2):
            one = latest_analysis(db.session, tender_id)
            done = latest_analysis(db.session, tender_id, done_only=True)
            assert one is not None and one.id == latest[tender_id].id
            assert done is not None and done.id == finished[tender_id].id


def test_a_tender_without_analyses_has_no_latest(app: Flask) -> None:
    with app.app_context():
        assert latest_analyses(db.session) == {} and latest_analysis(db.session, 1) is None
