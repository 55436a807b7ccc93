"""The background worker: uploads are analysed in a thread, progress can be polled, a bad job does not stop it."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from builders import DOCX_NAME, cleaning_bestek, post_tender
from conftest import run_procurement
from flask import Flask
from flask.testing import FlaskClient

from procurement import services
from procurement.extensions import db, originals
from procurement.models import DONE, FAILED, QUEUED, RUNNING, Analysis
from procurement.services import current_checker
from procurement.worker import Worker

WAIT_SECONDS = 30


def database(app: Flask) -> str:
    return str(app.config["SQLALCHEMY_DATABASE_URI"])


def wait_until_finished(client: FlaskClient, tender_id: int) -> dict[str, object]:
    deadline = time.monotonic() + WAIT_SECONDS
    seen = []
    while time.monotonic() < deadline:
        status = client.get(f"/bestekken/{tender_id}/status").get_json()
        seen.append(status["status"])
        if not status["busy"]:
            return status
        time.sleep(0.05)
    raise AssertionError(f"analysis still busy after {WAIT_SECONDS} s: {seen[-5:]}")


def test_an_upload_is_analysed_in_the_background_and_the_status_says_when(make_app: Callable[..., Flask]) -> None:
    app = make_app(ANALYSIS_MODE="thread", WORKER_POLL_SECONDS=30)  # a long poll: the upload wakes the worker
    client = app.test_client()

    response = post_tender(client, [(DOCX_NAME, cleaning_bestek())])
    assert response.status_code == 302
    busy_page = client.get("/bestekken/1").get_data(as_text=True)

    status = wait_until_finished(client, 1)

    assert status["status"] == "done" and status["progress"] == 100
    assert "Resultaat" in client.get("/bestekken/1").get_data(as_text=True)
    assert "Resultaat" in busy_page or 'http-equiv="refresh"' in busy_page  # no-JS fallback while busy


def test_the_worker_goes_on_after_a_failing_job(make_app: Callable[..., Flask]) -> None:
    app = make_app(ANALYSIS_MODE="inline")  # queue two analyses without running them, then start a worker
    with app.app_context():
        broken = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue,
            title="kapot", files=[("a.docx", cleaning_bestek())]
        )
        fine = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue, title="goed",
            files=[("b.docx", cleaning_bestek(extra=["Een andere tekst."]))],
        )
        originals(app).path(broken.documents[0].storage_key).unlink()
        ids = broken.analyses[0].id, fine.analyses[0].id

    worker = Worker(app, poll_seconds=0.05)
    worker.start()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            with app.app_context():
                statuses = [db.session.get(Analysis, i).status for i in ids]  # type: ignore[union-attr]
            if all(s in (DONE, FAILED) for s in statuses):
                break
            time.sleep(0.05)
    finally:
        worker.stop()

    assert statuses == [FAILED, DONE]


def test_work_queued_by_another_process_is_picked_up_by_polling(make_app: Callable[..., Flask]) -> None:
    app = make_app(ANALYSIS_MODE="thread", WORKER_POLL_SECONDS=0.1)
    with app.app_context():
        # written straight to the database, without waking this worker: as another process would
        tender = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue,
            title="elders", files=[(DOCX_NAME, cleaning_bestek())]
        )
        tender_id = tender.id

    status = wait_until_finished(app.test_client(), tender_id)

    assert status["status"] == "done"


def a_pid_that_is_not_running() -> int:
    """The first pid from a high number up that belongs to no process."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_procurement_analyses_requeue_queues_again_an_analysis_left_running_by_a_dead_process_on_this_host(
    make_app: Callable[..., Flask], tmp_path: Path,
) -> None:
    app = make_app(ANALYSIS_MODE="inline")
    dead = f"{socket.gethostname()}:{a_pid_that_is_not_running()}:7f00"
    elsewhere = f"another-host-{socket.gethostname()}:{os.getpid()}:7f00"
    with app.app_context():
        ids = []
        for title, claim in (("hier", dead), ("elders", elsewhere)):
            tender = services.create_tender_with_documents(
                db.session, originals(app), current_checker(db.session).catalogue,
                title=title, files=[(DOCX_NAME, cleaning_bestek())]
            )
            ids.append(tender.analyses[0].id)
            assert services.claim(db.session, tender.analyses[0].id, claim)

    restarted = make_app(ANALYSIS_MODE="inline")
    with restarted.app_context():  # making an app (its start-up steps included) requeues nothing by itself
        assert db.session.get_one(Analysis, ids[0]).status == RUNNING
        db.session.remove()

    first = run_procurement("analyses", "requeue", database=database(app), tmp_path=tmp_path)
    again = run_procurement("analyses", "requeue", database=database(app), tmp_path=tmp_path)

    assert first.returncode == 0 and "1 analyse van een gestopt proces opnieuw in de wachtrij" in first.stdout
    assert again.returncode == 0 and "niets te doen" in again.stdout, again.stdout + again.stderr
    with restarted.app_context():
        here, other = (db.session.get_one(Analysis, i) for i in ids)
        assert (here.status, here.claimed_by, here.progress) == (QUEUED, None, 0)
        assert (other.status, other.claimed_by) == (RUNNING, elsewhere)


def test_a_thread_worker_queues_again_what_a_dead_process_on_this_host_left_when_it_starts(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(ANALYSIS_MODE="inline")
    with app.app_context():
        tender = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue,
            title="hier", files=[(DOCX_NAME, cleaning_bestek())]
        )
        analysis_id = tender.analyses[0].id
        assert services.claim(db.session, analysis_id, f"{socket.gethostname()}:{a_pid_that_is_not_running()}:7f")

    restarted = make_app(ANALYSIS_MODE="thread", WORKER_POLL_SECONDS=0.1)  # start_worker: recover, then run

    deadline = time.monotonic() + WAIT_SECONDS
    with restarted.app_context():
        while db.session.get_one(Analysis, analysis_id).status != DONE and time.monotonic() < deadline:
            db.session.remove()
            time.sleep(0.1)
        assert db.session.get_one(Analysis, analysis_id).status == DONE
