"""Running analyses: claim a queued one in the database, check its documents, store findings and scores."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta

from sqlalchemy import ColumnElement, select, update

from procurement import sandbox
from procurement.checker import Checker
from procurement.matching import Report
from procurement.models import DONE, FAILED, QUEUED, RUNNING, Analysis, StoredDocument, Tender, now
from procurement.monitor import store as monitor_store
from procurement.reports import format as fmt
from procurement.reports.stored import rows_from_report
from procurement.services.audit import record
from procurement.services.catalogue import checker_of, current_checker, ensure_catalogue_version
from procurement.services.review import carry_over
from procurement.services.tenders import QUEUED_MESSAGE
from procurement.services.transaction import committing
from procurement.sessions import DbSession
from procurement.storage import Originals

log = logging.getLogger(__name__)

FAILED_MESSAGE = "De analyse is mislukt door een interne fout. Probeer opnieuw of verwittig de beheerder."
MESSAGE_CHARS = 300  # Analysis.message
DONE_WITH_NOTES = "Analyse klaar. Opgelet: "  # then what the readers cut off or guessed
STALE_MESSAGE = "De analyse werd onderbroken (de server stopte of liep vast). Start ze opnieuw."


class Superseded(Exception):
    """The analysis is no longer running under this claim (marked failed or requeued meanwhile): stop quietly."""


def next_queued(session: DbSession) -> int | None:
    """The oldest queued analysis, if any (claiming it is a separate, conditional step)."""
    query = select(Analysis.id).where(Analysis.status == QUEUED).order_by(Analysis.id).limit(1)
    return session.scalar(query)


def claim(session: DbSession, analysis_id: int, worker: str, *, resume: bool = False) -> bool:
    """Move a queued analysis to running for this worker; False when another worker got it first.

    The status test is in the UPDATE itself, so two processes (or threads) never both win. `resume` also takes
    one still running under this same claim: a queue job run again after the queue declared its earlier run dead.
    """
    moment = now()
    mine = (Analysis.status == QUEUED) | ((Analysis.status == RUNNING) & (Analysis.claimed_by == worker)) \
        if resume else (Analysis.status == QUEUED)
    with committing(session):
        result = session.execute(
            update(Analysis)
            .where(Analysis.id == analysis_id, mine)
            .values(
                status=RUNNING,
                claimed_by=worker,
                started_at=moment,
                updated_at=moment,
                progress=5,
                message="Analyse gestart.",
            )
            .execution_options(synchronize_session=False)
        )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def run_analysis(
    session: DbSession,
    analysis_id: int,
    checker: Checker | None = None,
    *,
    storage: Originals,
    worker: str = "inline",
    limits: sandbox.Limits | None = None,
    resume: bool = False,
    reraise: bool = False,
) -> Analysis | None:
    """Claim and run one analysis; None when it was not queued (already claimed, done or gone).

    It runs with the catalogue version it was queued with (pinned when it was made); `checker` serves only an
    analysis without a compilable version. The documents are read and checked in a child process within
    `limits` (procurement/sandbox.py): this process never holds a parsed document. With `reraise` (a queue job)
    an internal error or a timeout leaves the analysis running under its claim and goes up to the queue, which
    tries again or gives up (`requeue` / `fail`); a refused document fails at once either way.
    """
    if not claim(session, analysis_id, worker, resume=resume):
        return None
    analysis = session.get(Analysis, analysis_id)
    if analysis is None:  # deleted between claim and load
        return None
    names: list[str] = []
    try:
        checker = _checker(session, analysis, checker)
        rows = list(
            session.scalars(
                select(StoredDocument)
                .where(StoredDocument.tender_id == analysis.tender_id, StoredDocument.batch == analysis.batch)
                .order_by(StoredDocument.id)
            )
        )
        names = [row.filename for row in rows]
        tender = session.get_one(Tender, analysis.tender_id)

        def step(number: int) -> None:
            if number < len(rows):
                _progress(
                    session, analysis, worker, 10 + 45 * number // max(1, len(rows)),
                    f"Document {number + 1} van {len(rows)} lezen: {rows[number].filename}",
                )
            else:
                _progress(session, analysis, worker, 55, "Criteria controleren.")

        _progress(session, analysis, worker, 10, "Documenten ophalen.")
        checked = sandbox.check(
            [(row.filename, storage.read(row.storage_key)) for row in rows], checker.catalogue,
            limits or sandbox.Limits(), product_groups=tender.product_groups or None, on_step=step,
        )
        _progress(session, analysis, worker, 90, "Resultaten bewaren.")
        _store(session, analysis, checked.report, checker, worker, _notes(names, checked.notes))
    except Superseded:  # its step rolled back
        log.info("analysis %s is no longer claimed by %s: its run stops", analysis_id, worker)
    except sandbox.Refused as exc:
        name = names[exc.index] if exc.index is not None and exc.index < len(names) else None
        _fail(session, analysis_id, worker, f"{name}: {exc.reason}" if name else exc.reason)
    except Exception:
        if reraise:
            session.rollback()
            raise
        log.exception("analysis %s failed", analysis_id)
        _fail(session, analysis_id, worker, FAILED_MESSAGE)
    session.refresh(analysis)
    return analysis


def fail_stale(session: DbSession, minutes: float) -> int:
    """Mark running analyses without progress for `minutes` as failed (their worker died); return how many."""
    cutoff = now() - timedelta(minutes=minutes)
    with committing(session):
        result = session.execute(
            update(Analysis)
            .where(Analysis.status == RUNNING, Analysis.updated_at < cutoff)
            .values(status=FAILED, error=STALE_MESSAGE, message=STALE_MESSAGE, finished_at=now())
            .execution_options(synchronize_session=False)
        )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    if count:
        log.warning("%s stale analysis/analyses marked failed", count)
    return count


def requeue_abandoned(session: DbSession, abandoned: Callable[[str], bool]) -> int:
    """Queue again the running analyses whose claim `abandoned` says is dead (its process is gone); how many.

    Each is requeued only while it still has that claim, so a worker that is in fact alive is never undone.
    """
    count = 0
    with committing(session):
        running = session.execute(
            select(Analysis.id, Analysis.claimed_by).where(Analysis.status == RUNNING, Analysis.claimed_by.is_not(None))
        ).all()
        for analysis_id, claimed_by in running:
            if claimed_by is None or not abandoned(claimed_by):
                continue
            result = session.execute(
                update(Analysis)
                .where(_still_claimed(analysis_id, claimed_by))
                .values(status=QUEUED, claimed_by=None, progress=0, message=QUEUED_MESSAGE, started_at=None,
                        updated_at=now())
                .execution_options(synchronize_session=False)
            )
            count += int(result.rowcount or 0)  # type: ignore[attr-defined]
    if count:
        log.warning("%s analysis/analyses of a process that died queued again", count)
    return count


def requeue(session: DbSession, analysis_id: int, worker: str, message: str) -> bool:
    """A queue job's try failed and it will be tried again: the analysis is queued again with `message` and an
    audit line; False when it no longer has that claim (done, failed, or taken by another meanwhile)."""
    values = dict(status=QUEUED, claimed_by=None, progress=0, message=message[:MESSAGE_CHARS], started_at=None)
    if not _settle(session, analysis_id, worker, values, "analysis.retry", f"Analyse #{analysis_id}: {message}"):
        return False
    log.warning("analysis %s queued again: %s", analysis_id, message)
    return True


def fail(session: DbSession, analysis_id: int, worker: str, message: str) -> bool:
    """A queue job gave up (timed out, its worker died, or its last try failed): the analysis fails with `message`
    and an audit line; False when it is no longer unfinished under that claim."""
    values = dict(status=FAILED, error=message[:MESSAGE_CHARS], message="Analyse mislukt.", finished_at=now())
    if not _settle(session, analysis_id, worker, values, "analysis.failed",
                   f"Analyse #{analysis_id} mislukt: {message}"):
        return False
    log.warning("analysis %s failed: %s", analysis_id, message)
    return True


def _settle(session: DbSession, analysis_id: int, worker: str, values: Mapping[str, object], action: str,
            summary: str) -> bool:
    """Set `values` on the analysis while it is unfinished under `worker`, with one audit line; False otherwise."""
    with committing(session):
        result = session.execute(
            update(Analysis)
            .where(_unfinished(analysis_id, worker))
            .values(**values, updated_at=now())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        tender_id = session.scalar(select(Analysis.tender_id).where(Analysis.id == analysis_id))
        record(session, None, action, summary, tender_id=tender_id, analysis_id=analysis_id)
    return True


def _unfinished(analysis_id: int, worker: str) -> ColumnElement[bool]:
    """Queued (not yet claimed: its job's worker died before it began) or still running under `worker`."""
    return (Analysis.id == analysis_id) & (
        ((Analysis.status == QUEUED) & Analysis.claimed_by.is_(None))
        | ((Analysis.status == RUNNING) & (Analysis.claimed_by == worker))
    )


def _still_claimed(analysis_id: int, worker: str) -> ColumnElement[bool]:
    return (Analysis.id == analysis_id) & (Analysis.status == RUNNING) & (Analysis.claimed_by == worker)


def _progress(session: DbSession, analysis: Analysis, worker: str, percent: int, message: str) -> None:
    with committing(session):  # a step of its own, so the page polling the progress sees it
        result = session.execute(
            update(Analysis)
            .where(_still_claimed(analysis.id, worker))
            .values(progress=percent, message=message[:300], updated_at=now())
            .execution_options(synchronize_session=False)
        )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Superseded()


def _checker(session: DbSession, analysis: Analysis, fallback: Checker | None) -> Checker:
    pinned = analysis.catalogue_version
    if pinned is not None and pinned.source is not None:
        return checker_of(pinned)
    return fallback or current_checker(session)


def _notes(names: list[str], notes: tuple[tuple[str, ...], ...]) -> str:
    """The readers' notes (what was cut off or guessed) as one line for the analysis' message."""
    return " ".join(f"{name}: {note}" for name, found in zip(names, notes, strict=False) for note in found)


def _store(
    session: DbSession, analysis: Analysis, report: Report, checker: Checker, worker: str, notes: str = ""
) -> None:
    """Findings, scores, carried-over reviews and the audit line in one transaction, while still ours."""
    with committing(session):
        version_id = analysis.catalogue_version_id
        if analysis.catalogue_version is None or analysis.catalogue_version.version != checker.version:
            version_id = ensure_catalogue_version(session, checker.catalogue).id
        # the conditional UPDATE first: it holds the row (SQLite: the database) until the commit
        claimed = session.execute(
            update(Analysis)
            .where(_still_claimed(analysis.id, worker))
            .values(updated_at=now())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise Superseded()
        analysis.catalogue_version_id = version_id
        rows_from_report(report, analysis)
        analysis.status = DONE
        analysis.progress = 100
        analysis.message = f"{DONE_WITH_NOTES}{notes}"[:MESSAGE_CHARS] if notes else "Analyse klaar."
        analysis.error = None
        analysis.finished_at = analysis.updated_at = now()
        session.flush()
        carried = carry_over(session, analysis)
        monitor_store.refresh(session, analysis.tender_id)
        reviews = "beoordeling" if carried == 1 else "beoordelingen"
        note = f"; {carried} {reviews} overgenomen van de vorige analyse" if carried else ""
        record(
            session,
            None,
            "analysis.done",
            f"Analyse #{analysis.id} (versie {analysis.batch} van de documenten) klaar: score "
            f"{fmt.score(report.score)}{note}.",
            tender_id=analysis.tender_id,
            analysis_id=analysis.id,
            catalogue_version_id=analysis.catalogue_version_id,
            data={"score": report.score, "carried": carried},
        )
    log.info("analysis %s done: score %s", analysis.id, report.score)


def _fail(session: DbSession, analysis_id: int, worker: str, message: str) -> None:
    session.rollback()  # a step of its own: nothing of the step that failed is kept
    try:
        with committing(session):
            result = session.execute(
                update(Analysis)
                .where(_still_claimed(analysis_id, worker))
                .values(status=FAILED, error=message, message="Analyse mislukt.", finished_at=now(), updated_at=now())
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise Superseded()
            tender_id = session.scalar(select(Analysis.tender_id).where(Analysis.id == analysis_id))
            record(
                session,
                None,
                "analysis.failed",
                f"Analyse #{analysis_id} mislukt: {message}",
                tender_id=tender_id,
                analysis_id=analysis_id,
            )
    except Superseded:
        log.info("analysis %s is no longer claimed by %s: its failure is not stored", analysis_id, worker)
        return
    log.warning("analysis %s failed", analysis_id)
