"""The services keep the database and the upload folder whole: all of an upload or nothing, one run per claim."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest
from builders import DOCX_NAME, ILO_ID, annex_bestek, cleaning_bestek, offer
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procurement import services
from procurement.extensions import db, originals
from procurement.models import DONE, FAILED, QUEUED, RUNNING, Analysis, StoredDocument, Tender
from procurement.services import current_checker


def create(app: Flask, files: list[tuple[str, bytes]], **kwargs: object) -> Tender:
    return services.create_tender_with_documents(
        db.session, originals(app), current_checker(db.session).catalogue, title="Schoonmaak", files=files, **kwargs  # type: ignore[arg-type]
    )


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def blobs(app: Flask) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_tender_is_stored_with_its_originals_and_a_queued_analysis(app: Flask) -> None:
    with app.app_context():
        tender = create(app, [(DOCX_NAME, cleaning_bestek()), ("bijlage.docx", annex_bestek())])

        assert [d.filename for d in tender.documents] == [DOCX_NAME, "bijlage.docx"]
        assert tender.analyses[0].status == QUEUED
        for document in tender.documents:
            assert originals(app).path(document.storage_key).name == document.sha256
            assert hashlib.sha256(originals(app).read(document.storage_key)).hexdigest() == document.sha256
        assert len(blobs(app)) == 2


def test_originals_are_kept_byte_for_byte_under_their_hash(app: Flask) -> None:
    data = cleaning_bestek()
    with app.app_context():
        tender = create(app, [("../../etc/passwd.docx", data)])

        document = tender.documents[0]
        assert document.filename == "passwd.docx"  # for display only; the path comes from the hash
        assert originals(app).read(document.storage_key) == data


def test_an_unreadable_file_names_itself_and_leaves_nothing(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(services.UnreadableUpload) as caught:
            create(app, [(DOCX_NAME, cleaning_bestek()), ("kapot.pdf", b"%PDF-1.7\n" + os.urandom(500))])

        assert caught.value.filename == "kapot.pdf"
        assert caught.value.message.startswith("kapot.pdf: ")
        assert (count(Tender), count(StoredDocument), count(Analysis)) == (0, 0, 0)
    assert blobs(app) == []


def test_a_failure_in_the_middle_of_storing_leaves_nothing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    calls = []

    def replace_then_fail(src: str, dst: str) -> None:  # the disk fails on the second original
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    with app.app_context():
        with pytest.raises(OSError):
            create(app, [(DOCX_NAME, cleaning_bestek()), ("bijlage.docx", annex_bestek())])

        assert (count(Tender), count(StoredDocument), count(Analysis)) == (0, 0, 0)
    assert len(calls) == 2
    assert blobs(app) == []


def test_a_blob_shared_with_an_existing_tender_survives_a_failed_upload(app: Flask) -> None:
    with app.app_context():
        create(app, [(DOCX_NAME, cleaning_bestek())], form_token="first")
        with pytest.raises(services.UnreadableUpload):
            create(app, [(DOCX_NAME, cleaning_bestek()), ("x.docx", b"")], form_token="second")

        assert count(Tender) == 1
    assert len(blobs(app)) == 1


def test_the_same_form_token_twice_is_a_duplicate_pointing_at_the_first_tender(app: Flask) -> None:
    with app.app_context():
        first = create(app, [(DOCX_NAME, cleaning_bestek())], form_token="once")
        with pytest.raises(services.DuplicateSubmission) as caught:
            create(app, [(DOCX_NAME, cleaning_bestek())], form_token="once")

        assert caught.value.tender_id == first.id
        assert count(Tender) == 1


def test_an_unknown_product_group_is_refused(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(services.UnknownProductGroup):
            create(app, [(DOCX_NAME, cleaning_bestek())], product_groups=["bestaat-niet"])
        assert count(Tender) == 0


def test_running_an_analysis_stores_findings_scores_and_the_catalogue_version(app: Flask) -> None:
    with app.app_context():
        analysis_id = create(app, [(DOCX_NAME, cleaning_bestek())]).analyses[0].id

        analysis = services.run_analysis(db.session, analysis_id, current_checker(db.session), storage=originals(app))

        assert analysis is not None and analysis.status == DONE and analysis.progress == 100
        assert analysis.catalogue_version is not None
        assert analysis.catalogue_version.version == current_checker(db.session).version
        assert ILO_ID in analysis.catalogue_version.criteria  # the texts this report was made with
        assert {f.criterion for f in analysis.findings} >= {ILO_ID}
        assert analysis.finished_at is not None and analysis.engine_version


def test_a_queued_analysis_is_claimed_only_once(app: Flask) -> None:
    with app.app_context():
        analysis_id = create(app, [(DOCX_NAME, cleaning_bestek())]).analyses[0].id

        assert services.claim(db.session, analysis_id, "worker-a") is True
        assert services.claim(db.session, analysis_id, "worker-b") is False
        checker = current_checker(db.session)
        assert services.run_analysis(db.session, analysis_id, checker, storage=originals(app)) is None
        analysis = db.session.get(Analysis, analysis_id)
        assert analysis is not None and analysis.status == RUNNING and analysis.claimed_by == "worker-a"


def test_two_workers_racing_for_one_analysis_never_both_win(app: Flask) -> None:
    with app.app_context():
        analysis_ids = [create(app, [(f"b{i}.docx", cleaning_bestek(extra=[str(i)]))]).analyses[0].id
                        for i in range(5)]
        engine = db.engine
    wins: list[tuple[int, str]] = []
    start = threading.Barrier(4)

    def worker(name: str) -> None:
        with Session(engine) as session:
            start.wait()
            for analysis_id in analysis_ids:
                if services.claim(session, analysis_id, name):
                    wins.append((analysis_id, name))

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(a for a, _ in wins) == analysis_ids


def test_an_original_gone_missing_marks_the_analysis_failed_in_dutch(app: Flask) -> None:
    with app.app_context():
        tender = create(app, [(DOCX_NAME, cleaning_bestek())])
        originals(app).path(tender.documents[0].storage_key).unlink()

        analysis = services.run_analysis(db.session, tender.analyses[0].id, current_checker(db.session),
                                         storage=originals(app))

        assert analysis is not None and analysis.status == FAILED
        assert analysis.error and "mislukt" in analysis.error
        assert analysis.findings == []


def test_a_running_analysis_without_progress_for_too_long_is_marked_failed(app: Flask) -> None:
    with app.app_context():
        analysis_id = create(app, [(DOCX_NAME, cleaning_bestek())]).analyses[0].id
        services.claim(db.session, analysis_id, "died")

        assert services.fail_stale(db.session, minutes=60) == 0
        assert services.fail_stale(db.session, minutes=-1) == 1
        analysis = db.session.get(Analysis, analysis_id)
        assert analysis is not None and analysis.status == FAILED and "onderbroken" in (analysis.error or "")


def test_a_new_version_keeps_the_other_documents_and_queues_an_analysis(app: Flask) -> None:
    with app.app_context():
        tender = create(app, [(DOCX_NAME, cleaning_bestek(ilo=False)), ("bijlage.docx", annex_bestek())])

        analysis = services.add_document_version(
            db.session, originals(app), current_checker(db.session).catalogue,
            tender.id, files=[(DOCX_NAME, cleaning_bestek())],
            form_token="v2",
        )

        assert analysis.batch == 2 and analysis.status == QUEUED
        assert count(StoredDocument) == 4
        with pytest.raises(services.DuplicateSubmission):
            services.add_document_version(
                db.session, originals(app), current_checker(db.session).catalogue,
                tender.id, files=[(DOCX_NAME, cleaning_bestek())],
                form_token="v2",
            )
        with pytest.raises(services.TenderNotFound):
            services.add_document_version(
                db.session, originals(app), current_checker(db.session).catalogue,
                99, files=[(DOCX_NAME, cleaning_bestek())]
            )


def test_control_characters_in_a_title_reference_or_department_become_one_space(app: Flask) -> None:
    with app.app_context():
        offer("Facilitair beheer")
        tender = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue, title=" Schoonmaak\x0bstadhuis\x00\n",
            reference="2026\t/\x1f001", department="Facilitair\r\nbeheer", files=[(DOCX_NAME, cleaning_bestek())],
        )

        assert (tender.title, tender.reference, tender.department) == (
            "Schoonmaak stadhuis", "2026 / 001", "Facilitair beheer",
        )
