"""Analyses on the job queue: a real Redis (PROCUREMENT_TEST_REDIS, started by manage.py) and real
`procurement worker` processes running real analyses; the web process only enqueues."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from builders import DOCX_NAME, cleaning_bestek, post_tender
from flask import Flask
from rq import Worker
from rq.job import Job, JobStatus
from sqlalchemy import func, select

from procurement import jobs, services
from procurement.extensions import db, originals, worker
from procurement.models import DONE, FAILED, QUEUED, RUNNING, Analysis, AuditEvent
from procurement.services import current_checker

REDIS = "PROCUREMENT_TEST_REDIS"
ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.database


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get(REDIS)
    if not url:
        if os.environ.get("CI"):
            pytest.fail("the queue tests need Redis (python3 manage.py test starts one)")
        pytest.skip("no Redis: python3 manage.py test starts one (PROCUREMENT_TEST_REDIS)")
    return url


@pytest.fixture
def queued_app(make_app: Callable[..., Flask], redis_url: str) -> Flask:
    """The web app in production configuration: a Redis URL, a queue of its own for this test."""
    return make_app(REDIS_URL=redis_url, QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}", JOB_RETRY_SECONDS=[1])


@pytest.fixture
def workers(queued_app: Flask, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start `procurement worker` processes on the app's database, uploads and queue; stopped after the test."""
    started: list[subprocess.Popen[bytes]] = []

    def start(**settings: Any) -> subprocess.Popen[bytes]:
        config = queued_app.config
        values = {
            "SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"],
            "UPLOAD_DIR": config["UPLOAD_DIR"],
            "REDIS_URL": config["REDIS_URL"],
            "QUEUE_NAME": config["QUEUE_NAME"],
            "JOB_RETRY_SECONDS": config["JOB_RETRY_SECONDS"],
            "WORKER_HEARTBEAT_SECONDS": 1,
            "QUEUE_MAINTENANCE_SECONDS": 1,
            **settings,
        }
        env = {**os.environ, "PROCUREMENT_SECRET_KEY": "k" * 32, "PYTHONPATH": str(ROOT)}
        env.update({f"PROCUREMENT_{key}": v if isinstance(v, str) else json.dumps(v) for key, v in values.items()})
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")  # read it when a test fails
        process = subprocess.Popen(
            [sys.executable, "-m", "procurement.cli", "worker"], cwd=ROOT, env=env, start_new_session=True,
            stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # a warm shutdown: the worker and its sandbox children
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextmanager
def analysis_row_locked(app: Flask, analysis_id: int) -> Iterator[None]:
    """Hold a lock in the database that keeps every worker from writing the analysis until the block ends: a
    job that must wait for it runs as long as the test says, however fast this machine checks a bestek.
    SQLite: the database's write lock; PostgreSQL: the analysis row's lock."""
    with app.app_context():
        connection = db.engine.raw_connection()
        db.session.remove()
    try:
        cursor = connection.cursor()
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            cursor.execute("BEGIN IMMEDIATE")
        else:
            cursor.execute("SELECT id FROM analysis WHERE id = %s FOR UPDATE", (analysis_id,))
        yield
    finally:
        connection.rollback()
        connection.close()


def worker_waiting(app: Flask, seconds: float) -> None:
    """Wait until a worker listens on the app's queue (registered with RQ, so past its start-up)."""
    connection = jobs.connect(app.config)
    deadline = time.monotonic() + seconds
    while not Worker.all(queue=jobs.queue_of(app.config, connection)):
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.05)


def job_started(app: Flask, analysis_id: int, seconds: float) -> None:
    """Wait until a worker has taken the analysis's job off the queue (RQ's own word on it)."""
    connection = jobs.connect(app.config)
    deadline = time.monotonic() + seconds
    while Job.fetch(jobs.job_id(app.config, analysis_id), connection=connection).get_status() != JobStatus.STARTED:
        assert time.monotonic() < deadline, "no worker took the job"
        time.sleep(0.05)


def big_bestek(paragraphs: int = 8000) -> bytes:
    """A cleaning bestek that takes a few seconds to check (long enough to kill mid-analysis)."""
    return cleaning_bestek(extra=[
        f"Artikel {i}. De opdrachtnemer reinigt lokaal {i} volgens het schema en meldt gebreken binnen twee dagen."
        for i in range(paragraphs)
    ])


def status_of(app: Flask, analysis_id: int) -> tuple[str, str | None, str | None]:
    with app.app_context():
        analysis = db.session.get_one(Analysis, analysis_id)
        found = analysis.status, analysis.message, analysis.error
        db.session.remove()
    return found


def wait_for(app: Flask, analysis_id: int, statuses: tuple[str, ...], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    status = ""
    while time.monotonic() < deadline:
        status = status_of(app, analysis_id)[0]
        if status in statuses:
            return status
        time.sleep(0.05)
    raise AssertionError(f"analysis {analysis_id} still {status} after {seconds} s")


def audit_actions(app: Flask, analysis_id: int) -> list[str]:
    """The audit trail of how the analysis ran: its retries, its end."""
    runs = ("analysis.retry", "analysis.done", "analysis.failed")
    with app.app_context():
        actions = list(db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.analysis_id == analysis_id, AuditEvent.action.in_(runs))
            .order_by(AuditEvent.id)))
        db.session.remove()
    return actions


def queue_tender(app: Flask, data: bytes) -> int:
    """A tender with one document and its analysis queued in the database (not yet on the queue)."""
    with app.app_context():
        tender = services.create_tender_with_documents(
            db.session, originals(app), current_checker(db.session).catalogue,
            title="Schoonmaak", files=[(DOCX_NAME, data)])
        analysis_id = tender.analyses[0].id
        db.session.remove()
    return analysis_id


def test_with_a_redis_url_the_web_process_only_enqueues_and_a_worker_process_analyses(
    queued_app: Flask, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    client = queued_app.test_client()
    assert worker(queued_app) is None and queued_app.config["ANALYSIS_MODE"] == "queue"

    assert post_tender(client, [(DOCX_NAME, cleaning_bestek())]).status_code == 302
    time.sleep(0.5)
    assert status_of(queued_app, 1)[0] == QUEUED  # nobody in the web process took it

    workers()
    assert wait_for(queued_app, 1, (DONE, FAILED), 60) == DONE
    assert "Resultaat" in client.get("/bestekken/1").get_data(as_text=True)
    assert audit_actions(queued_app, 1).count("analysis.done") == 1


def test_an_analysis_queued_while_redis_was_away_is_enqueued_by_the_next_worker_that_starts(
    queued_app: Flask, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    analysis_id = queue_tender(queued_app, cleaning_bestek())  # in the database only, never enqueued

    workers()

    assert wait_for(queued_app, analysis_id, (DONE, FAILED), 60) == DONE


def test_a_job_that_runs_past_its_timeout_fails_with_an_audit_line_and_a_dutch_message_on_the_tender_page(
    queued_app: Flask, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    queued_app.config.update(JOB_TIMEOUT_SECONDS=2, JOB_RETRY_SECONDS=[])
    client = queued_app.test_client()
    workers()
    worker_waiting(queued_app, 60)  # its start-up writes are done (SQLite's lock would hold them up too)
    analysis_id = queue_tender(queued_app, cleaning_bestek())
    with analysis_row_locked(queued_app, analysis_id):  # the job's first write waits here: it runs past its 2 s
        jobs.enqueue(queued_app.config, analysis_id)
        job_started(queued_app, analysis_id, 60)
        time.sleep(3)

    assert wait_for(queued_app, analysis_id, (DONE, FAILED), 60) == FAILED
    status, _, error = status_of(queued_app, analysis_id)
    assert error is not None and "duurde langer dan 2 seconden en werd afgebroken" in error
    assert error in client.get(f"/bestekken/{analysis_id}").get_data(as_text=True)
    assert audit_actions(queued_app, analysis_id)[-1] == "analysis.failed"


def test_a_failed_try_is_queued_again_after_its_backoff_and_the_next_try_succeeds(
    queued_app: Flask, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    analysis_id = queue_tender(queued_app, cleaning_bestek())
    with queued_app.app_context():
        key = db.session.get_one(Analysis, analysis_id).tender.documents[0].storage_key
    storage = originals(queued_app)
    original = storage.read(key)
    storage.remove(key)  # the shared storage is briefly unreachable: the first try cannot read the original

    workers(JOB_RETRY_SECONDS=[3])
    deadline = time.monotonic() + 30
    while "analysis.retry" not in audit_actions(queued_app, analysis_id):
        assert time.monotonic() < deadline, "the failed try was not queued again"
        time.sleep(0.05)
    status, message, _ = status_of(queued_app, analysis_id)
    assert status == QUEUED and message is not None and "Nieuwe poging binnen 3 seconden" in message
    assert message in queued_app.test_client().get(f"/bestekken/{analysis_id}").get_data(as_text=True)
    storage.save(original)

    assert wait_for(queued_app, analysis_id, (DONE, FAILED), 60) == DONE
    assert audit_actions(queued_app, analysis_id) == ["analysis.retry", "analysis.done"]


@pytest.mark.slow
def test_the_analysis_of_a_worker_killed_mid_analysis_is_run_again_by_another_worker_once(
    queued_app: Flask, workers: Callable[..., subprocess.Popen[bytes]]
) -> None:
    analysis_id = queue_tender(queued_app, big_bestek())
    first = workers(JOB_RETRY_SECONDS=[0])
    wait_for(queued_app, analysis_id, (RUNNING,), 60)

    with analysis_row_locked(queued_app, analysis_id):  # its next progress line waits: it cannot finish first
        os.killpg(first.pid, signal.SIGKILL)  # the worker, its sandbox children: gone without a word
        first.wait()
    assert status_of(queued_app, analysis_id)[0] == RUNNING
    workers(JOB_RETRY_SECONDS=[0])  # RQ finds the job abandoned when its heartbeat runs out (about 61 s)

    assert wait_for(queued_app, analysis_id, (DONE, FAILED), 150) == DONE
    assert audit_actions(queued_app, analysis_id) == ["analysis.retry", "analysis.done"]
    with queued_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Analysis)) == 1


def test_a_worker_on_another_machine_reads_the_originals_from_the_database(
    make_app: Callable[..., Flask], redis_url: str, workers: Callable[..., subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    app = make_app(REDIS_URL=redis_url, QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}", ORIGINALS="database")
    client = app.test_client()
    assert post_tender(client, [(DOCX_NAME, cleaning_bestek())]).status_code == 302

    # a worker with an upload folder of its own (another machine): only the database is shared
    workers(QUEUE_NAME=app.config["QUEUE_NAME"], ORIGINALS="database", UPLOAD_DIR=str(tmp_path / "elders"))

    assert wait_for(app, 1, (DONE, FAILED), 60) == DONE
