"""The in-process background worker: takes queued analyses from the database, so several processes can run."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from flask import Flask, current_app

from procurement.extensions import db, limits, originals, worker
from procurement.services import fail_stale, next_queued, run_analysis

log = logging.getLogger(__name__)
STALE_CHECK_SECONDS = 60.0


class Worker:
    """A daemon thread: run the oldest queued analysis, else sleep until woken or the poll interval ends.

    The claim of an analysis is a conditional UPDATE in the database, so workers in other processes (or a
    second thread) never run the same analysis twice; the poll picks up work queued by other processes.
    """

    def __init__(self, app: Flask, *, poll_seconds: float = 5.0, stale_minutes: float = 30.0) -> None:
        self.app = app
        self.poll_seconds = poll_seconds
        self.stale_minutes = stale_minutes
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stale_checked = 0.0

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="analysis-worker", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_once(self) -> bool:
        """Run one queued analysis if there is one; True when there was (whoever won the claim)."""
        with self.app.app_context():
            if time.monotonic() - self._stale_checked > STALE_CHECK_SECONDS:
                self._stale_checked = time.monotonic()
                fail_stale(db.session, self.stale_minutes)
            analysis_id = next_queued(db.session)
            if analysis_id is None:
                return False
            log.info("worker %s takes analysis %s", self.name, analysis_id)
            # the analysis runs with the catalogue version it was queued with
            run_analysis(db.session, analysis_id, storage=originals(), worker=self.name, limits=limits())
            return True

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run_once()
            except Exception:  # one broken job (or a database hiccup) must not end the worker
                log.exception("worker %s: job failed", self.name)
                worked = False
            if not worked and not self._stop.is_set():
                self._wake.wait(self.poll_seconds)
                self._wake.clear()


def abandoned_here(claim: str) -> bool:
    """True for a worker claim ("host:pid:...") of another process on this host that no longer runs."""
    host, _, rest = claim.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another host (or an inline run): the stale check deals with it
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # e.g. PermissionError: it exists, under another user
        return False
    return False


def submit(analysis_id: int) -> None:
    """A new analysis is queued: on the job queue (production), or wake the worker, or run it now (inline)."""
    running = worker()
    if current_app.config["ANALYSIS_MODE"] == "queue":
        from procurement import jobs

        jobs.submit(current_app, analysis_id)
    elif running is not None:
        running.wake()
    elif current_app.config["ANALYSIS_MODE"] == "inline":
        run_analysis(db.session, analysis_id, storage=originals(), limits=limits())
