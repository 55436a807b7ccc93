"""Analyses as RQ jobs on Redis (when REDIS_URL is set): enqueueing, the job itself, its failure, the worker.

The web process only enqueues; `procurement worker` processes (any number, on any machine that reaches the
database, Redis and the originals) run the jobs. RQ keeps each job's timeout, its retries with backoff, and the
heartbeat by which a job whose worker died is found and run again (by another worker's maintenance).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Callback, Queue, Retry, SimpleWorker, get_current_job
from rq.exceptions import AbandonedJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.timeouts import JobTimeoutException
from sqlalchemy import select

from procurement.extensions import db, limits, originals
from procurement.models import QUEUED, Analysis
from procurement.reports.format import count
from procurement.services.analyses import FAILED_MESSAGE, fail, requeue, run_analysis

log = logging.getLogger(__name__)

TIMEOUT_MESSAGE = "De analyse duurde langer dan {seconds} en werd afgebroken. Splits de documenten of start ze opnieuw."
ABANDONED_MESSAGE = "De verwerker die de analyse uitvoerde, viel weg (herstart of storing)."
RETRY_MESSAGE = "Poging {attempt} mislukt: {reason} Nieuwe poging binnen {seconds}."
GIVEN_UP = " Start de analyse opnieuw of verwittig de beheerder."
# the statuses of a job that is still coming: enqueueing its analysis again would run it twice
PENDING = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)

_app: Flask | None = None  # the app of this worker process (`procurement worker`), for the job and its callbacks


def job_id(config: Mapping[str, Any], analysis_id: int) -> str:
    """One job an analysis, named after its queue too (two installations may share a Redis)."""
    return f"{config['QUEUE_NAME']}-analysis-{analysis_id}"


def claim_of(job: Job) -> str:
    """The name a job's runs claim its analysis under: the same for every try, so a try resumes a dead one's."""
    return f"rq:{job.id}"


def connect(config: Mapping[str, Any]) -> Redis:
    return Redis.from_url(config["REDIS_URL"])


def queue_of(config: Mapping[str, Any], connection: Redis | None = None) -> Queue:
    return Queue(config["QUEUE_NAME"], connection=connection or connect(config))


def enqueue(config: Mapping[str, Any], analysis_id: int, connection: Redis | None = None) -> bool:
    """Put the analysis on the queue unless its job is still coming; False when it already was."""
    queue = queue_of(config, connection)
    try:
        existing = Job.fetch(job_id(config, analysis_id), connection=queue.connection)
    except NoSuchJobError:
        existing = None
    if existing is not None and existing.get_status(refresh=False) in PENDING:
        return False
    backoff: Sequence[int] = config["JOB_RETRY_SECONDS"]
    queue.enqueue(
        analyse,
        analysis_id,
        job_id=job_id(config, analysis_id),
        job_timeout=int(config["JOB_TIMEOUT_SECONDS"]),
        retry=Retry(max=len(backoff), interval=list(backoff)) if backoff else None,
        on_failure=Callback(failed),
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"analyse {analysis_id}",
    )
    return True


def submit(app: Flask, analysis_id: int) -> None:
    """Enqueue a new analysis; when Redis is unreachable it stays queued in the database and the next worker
    that starts enqueues it (`enqueue_waiting`)."""
    try:
        enqueue(app.config, analysis_id)
    except RedisError:
        log.exception("analysis %s not enqueued (Redis unreachable); a worker picks it up when it starts",
                      analysis_id)


def enqueue_waiting(app: Flask) -> int:
    """Enqueue every analysis queued in the database without a job on its way; how many."""
    with app.app_context():
        waiting = list(db.session.scalars(select(Analysis.id).where(Analysis.status == QUEUED)
                                          .order_by(Analysis.id)))
        db.session.remove()
    connection = connect(app.config)
    count = sum(1 for analysis_id in waiting if enqueue(app.config, analysis_id, connection))
    if count:
        log.info("%s waiting analysis/analyses enqueued", count)
    return count


# --- in the worker ------------------------------------------------------------------------------------------

def analyse(analysis_id: int) -> str:
    """The job: run the analysis under this job's claim (resuming a try the queue declared dead)."""
    job = get_current_job()
    claim = claim_of(job) if job is not None else "rq"
    app = _worker_app()
    with app.app_context():
        result = run_analysis(db.session, analysis_id, storage=originals(), worker=claim, limits=limits(),
                              resume=True, reraise=True)
        db.session.remove()
    return "niet (meer) in de wachtrij" if result is None else result.status


def failed(job: Job, connection: Redis, kind: type[BaseException], value: BaseException, _tb: Any) -> None:
    """RQ's failure callback (an error, a timeout, or a dead worker found by maintenance): queue the analysis
    again with a note when RQ will try once more, else fail it; both with an audit line and a Dutch message."""
    analysis_id = int(job.args[0])
    if issubclass(kind, JobTimeoutException):
        reason = TIMEOUT_MESSAGE.format(seconds=count(int(job.timeout or 0), "seconde", "seconden"))
    elif issubclass(kind, AbandonedJobError):
        reason = ABANDONED_MESSAGE
    else:
        reason = FAILED_MESSAGE.split(".")[0] + "."
        log.error("analysis %s: %s: %s", analysis_id, kind.__name__, value)
    app = _worker_app()
    with app.app_context():
        if job.retries_left:
            backoff = job.get_retry_interval()
            attempt = len(job.retry_intervals or ()) - job.retries_left + 1
            requeue(db.session, analysis_id, claim_of(job),
                    RETRY_MESSAGE.format(attempt=attempt, reason=reason,
                                         seconds=count(int(backoff), "seconde", "seconden")))
        else:
            fail(db.session, analysis_id, claim_of(job), reason + GIVEN_UP)
        db.session.remove()


def _worker_app() -> Flask:
    global _app
    if _app is None:  # a plain `rq worker` process: build the app from the environment once
        from procurement.app import create_app

        _app = create_app()
    return _app


class AnalysisWorker(SimpleWorker):
    """RQ's SimpleWorker (the job runs in this process: documents are parsed in sandbox children anyway) with
    the heartbeat of RQ's forking worker: while a job runs, a thread renews its registry entry every
    `job_monitoring_interval` seconds, so a dead worker's job expires after that plus a minute, not after its
    whole timeout, and another worker's maintenance runs it again."""

    def get_heartbeat_ttl(self, job: Job) -> int:
        return int(self.job_monitoring_interval) + 60

    def execute_job(self, job: Job, queue: Queue) -> None:
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.job_monitoring_interval):
                try:
                    self.maintain_heartbeats(job)
                except Exception:  # a missed beat is not fatal: the next one may pass
                    log.exception("heartbeat of job %s failed", job.id)

        thread = threading.Thread(target=beat, name="job-heartbeat", daemon=True)
        thread.start()
        try:
            super().execute_job(job, queue)
        finally:
            done.set()
            thread.join()


def work(app: Flask, *, burst: bool = False) -> bool:
    """`procurement worker`: enqueue what waits, then take jobs until stopped (SIGTERM: after the current job)."""
    global _app
    _app = app
    enqueue_waiting(app)
    connection = connect(app.config)
    maintenance = int(app.config["QUEUE_MAINTENANCE_SECONDS"])
    worker = AnalysisWorker(
        [queue_of(app.config, connection)],
        connection=connection,
        maintenance_interval=maintenance,
        # an idle worker waits for a job at most worker_ttl - 15 s, then does its maintenance if it is due
        worker_ttl=maintenance + 15,
        job_monitoring_interval=int(app.config["WORKER_HEARTBEAT_SECONDS"]),
    )
    return bool(worker.work(burst=burst, with_scheduler=True, logging_level="INFO"))
