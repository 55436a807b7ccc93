"""Tenders and their uploads: read every file first, then store originals and rows in one transaction."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from procurement.catalogue import Catalogue
from procurement.models import QUEUED, Analysis, Department, StoredDocument, Tender, User
from procurement.review import AAN_TE_PASSEN, NEW_VERSION, STATE_NAMES, IllegalMove, analyse_again
from procurement.sandbox import Limits, Refused, Summary
from procurement.sandbox import read as read_in_sandbox
from procurement.services.audit import record
from procurement.services.catalogue import ensure_catalogue_version
from procurement.services.errors import (
    DuplicateSubmission,
    TenderNotFound,
    UnknownDepartment,
    UnknownProductGroup,
    UnreadableUpload,
)
from procurement.services.review import ReviewRefused, move
from procurement.services.transaction import committing
from procurement.sessions import DbSession
from procurement.storage import Originals

log = logging.getLogger(__name__)

QUEUED_MESSAGE = "In de wachtrij voor analyse."
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")
_CONTROL = re.compile(r"[\x00-\x1f]+")  # C0: no place in a one-line field, and invalid in a Word document's XML


@dataclass(frozen=True, slots=True)
class _Readable:
    filename: str
    data: bytes
    document: Summary


def create_tender_with_documents(
    session: DbSession,
    storage: Originals,
    catalogue: Catalogue,
    *,
    title: str,
    reference: str = "",
    department: str = "",
    product_groups: Sequence[str] = (),
    files: Sequence[tuple[str, bytes]],
    form_token: str | None = None,
    demo: bool = False,
    actor: User | None = None,
    limits: Limits | None = None,
) -> Tender:
    """A new tender with its documents and a queued analysis; nothing is kept when any file is unreadable."""
    if form_token:
        _refuse_repeat(session, form_token)
    _check_groups(catalogue, product_groups)
    department = managed_department(session, department)
    readable = read_uploads(files, limits)
    with (
        _refusing_repeats(_refuse_repeat, session, form_token),
        _originals(session, storage, readable) as keys,
        committing(session),
    ):
        version = ensure_catalogue_version(session, catalogue)
        tender = Tender(
            title=single_line(title),
            reference=single_line(reference),
            department=department,
            product_groups=list(dict.fromkeys(product_groups)),
            form_token=form_token,
            demo=demo,
            created_by_id=actor.id if actor else None,
        )
        analysis = Analysis(tender=tender, batch=1, catalogue_version=version, status=QUEUED, message=QUEUED_MESSAGE)
        session.add_all([tender, analysis])
        _add_documents(session, tender, 1, readable, keys)
        session.flush()  # the ids the audit line names
        record(session, actor, "tender.created",
               f"Bestek „{tender.title}” aangemaakt met {_files(readable)}; analyse #{analysis.id} gevraagd.",
               tender_id=tender.id, analysis_id=analysis.id, catalogue_version_id=version.id,
               data={"files": [r.filename for r in readable]})
    log.info("tender %s created with %s document(s)", tender.id, len(readable))
    return tender


def managed_department(session: DbSession, name: str) -> str:
    """The managed list's spelling of an offered department (case and spaces aside), "" for none; another name is
    refused, so the monitor's figures group cleanly."""
    clean = " ".join(single_line(name).split())
    if not clean:
        return ""
    found = session.scalar(
        select(Department.name).where(Department.active, func.lower(Department.name) == clean.casefold()))
    if found is None:
        raise UnknownDepartment(clean)
    return found


def single_line(text: str) -> str:
    """A title, reference or department as one line: every run of control characters becomes one space."""
    return _CONTROL.sub(" ", text or "").strip()


def add_document_version(
    session: DbSession,
    storage: Originals,
    catalogue: Catalogue,
    tender_id: int,
    *,
    files: Sequence[tuple[str, bytes]],
    form_token: str | None = None,
    actor: User | None = None,
    limits: Limits | None = None,
) -> Analysis:
    """A new upload for a tender: a new batch (same-named files replaced, others kept) and a queued analysis.

    A tender sent back for changes goes back to review by itself; an approved one takes no new version.
    """
    if form_token:
        _refuse_repeat_analysis(session, form_token)
    tender = session.get(Tender, tender_id)
    if tender is None:
        raise TenderNotFound(tender_id)
    before = tender.review_state
    state = move(tender, NEW_VERSION, actor)
    readable = read_uploads(files, limits)
    with (
        _refusing_repeats(_refuse_repeat_analysis, session, form_token),
        _originals(session, storage, readable) as keys,
        committing(session),
    ):
        version = ensure_catalogue_version(session, catalogue)
        previous = latest_batch(session, tender_id)
        batch = previous + 1
        replaced = {r.filename for r in readable}
        for doc in _documents(session, tender_id, previous):
            if doc.filename not in replaced:
                session.add(
                    StoredDocument(
                        tender=tender, batch=batch, filename=doc.filename, sha256=doc.sha256, size=doc.size,
                        format=doc.format, storage_key=doc.storage_key,
                    )
                )
        analysis = Analysis(
            tender=tender, batch=batch, catalogue_version=version, status=QUEUED, message=QUEUED_MESSAGE,
            form_token=form_token,
        )
        session.add(analysis)
        tender.review_state = state
        _add_documents(session, tender, batch, readable, keys)
        session.flush()  # the ids the audit lines name
        record(session, actor, "tender.version_uploaded",
               f"Versie {batch} opgeladen met {_files(readable)}; analyse #{analysis.id} gevraagd.",
               tender_id=tender.id, analysis_id=analysis.id, catalogue_version_id=version.id,
               data={"batch": batch, "files": [r.filename for r in readable]})
        if before == AAN_TE_PASSEN and state != before:
            record(session, actor, "review.resubmitted",
                   f"Bestek opnieuw {STATE_NAMES[state]} met versie {batch}.",
                   tender_id=tender.id, analysis_id=analysis.id, data={"from": before, "to": state})
    log.info("tender %s: version %s uploaded (%s new file(s))", tender_id, batch, len(readable))
    return analysis


def correct_product_groups(
    session: DbSession,
    catalogue: Catalogue,
    tender_id: int,
    product_groups: Sequence[str],
    *,
    form_token: str | None = None,
    actor: User | None = None,
) -> Analysis:
    """The person corrects the product groups (none = detect again) and the tender is analysed anew."""
    _check_groups(catalogue, product_groups)
    if form_token:
        _refuse_repeat_analysis(session, form_token)
    with _refusing_repeats(_refuse_repeat_analysis, session, form_token), committing(session):
        tender = session.get(Tender, tender_id)
        if tender is None:
            raise TenderNotFound(tender_id)
        chosen = list(dict.fromkeys(product_groups))
        tender.product_groups = chosen
        names = ", ".join(catalogue.product_group(g).name for g in chosen) or "opnieuw herkennen uit het bestek"
        record(session, actor, "tender.product_groups", f"Productgroepen aangepast: {names}.", tender_id=tender.id)
        return queue_analysis(session, catalogue, tender_id, form_token=form_token, actor=actor)


def reanalyse(
    session: DbSession,
    catalogue: Catalogue,
    tender_id: int,
    *,
    form_token: str | None = None,
    actor: User | None = None,
) -> Analysis:
    """Queue a new analysis of the tender's latest documents (after a catalogue change or a failure)."""
    if form_token:
        _refuse_repeat_analysis(session, form_token)
    with _refusing_repeats(_refuse_repeat_analysis, session, form_token), committing(session):
        return queue_analysis(session, catalogue, tender_id, form_token=form_token, actor=actor)


def queue_analysis(
    session: DbSession,
    catalogue: Catalogue,
    tender_id: int,
    *,
    form_token: str | None = None,
    actor: User | None = None,
) -> Analysis:
    """`reanalyse` inside the caller's operation (only flushes): a repeated form token fails at the flush.

    An approved tender is frozen (procurement.review.analyse_again): ReviewRefused, and the caller rolls back.
    """
    tender = session.get(Tender, tender_id)
    if tender is None:
        raise TenderNotFound(tender_id)
    try:
        analyse_again(tender.review_state)
    except IllegalMove as exc:
        raise ReviewRefused(exc.message) from exc
    version = ensure_catalogue_version(session, catalogue)
    analysis = Analysis(
        tender=tender, batch=latest_batch(session, tender_id), catalogue_version=version, status=QUEUED,
        message=QUEUED_MESSAGE, form_token=form_token,
    )
    session.add(analysis)
    session.flush()
    record(session, actor, "analysis.requested",
           f"Nieuwe analyse #{analysis.id} gevraagd met catalogusversie {version.version}.",
           tender_id=tender.id, analysis_id=analysis.id, catalogue_version_id=version.id)
    return analysis


@contextmanager
def _refusing_repeats(
    refuse: Callable[[DbSession, str], None], session: DbSession, form_token: str | None
) -> Iterator[None]:
    """A concurrent post of the same form that wins the race at the flush or commit: DuplicateSubmission."""
    try:
        yield
    except IntegrityError:
        if form_token:  # the transaction is rolled back by now: what the winner made can be read
            refuse(session, form_token)
        raise


def read_uploads(files: Sequence[tuple[str, bytes]], limits: Limits | None = None) -> list[_Readable]:
    """Parse every file before anything is stored, in a child process within `limits` (procurement/sandbox.py);
    the first unreadable one stops the whole upload."""
    named = [(display_filename(raw_name), data) for raw_name, data in files]
    try:  # empty, too large, too complex, damaged, encrypted, mislabelled: the reader says why, in Dutch
        summaries = read_in_sandbox(named, limits or Limits())
    except Refused as exc:
        name = named[exc.index][0] if exc.index is not None else _files_of(named)
        raise UnreadableUpload(name, exc.reason) from exc
    readable = []
    for (name, data), summary in zip(named, summaries, strict=True):
        if not summary.blocks:
            raise UnreadableUpload(name, "Er staat geen leesbare tekst in dit document (een scan?).")
        readable.append(_Readable(name, data, summary))
    return readable


def _files_of(named: Sequence[tuple[str, bytes]]) -> str:
    return ", ".join(name for name, _ in named)


def display_filename(name: str) -> str:
    """The name shown to people: the last path part, no control or reserved characters; never a path."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(_UNSAFE.sub("_", name).split()).strip(". ")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name or "document"


def latest_batch(session: DbSession, tender_id: int) -> int:
    found = session.scalar(select(func.max(StoredDocument.batch)).where(StoredDocument.tender_id == tender_id))
    return int(found or 0)


def _documents(session: DbSession, tender_id: int, batch: int) -> list[StoredDocument]:
    query = (
        select(StoredDocument)
        .where(StoredDocument.tender_id == tender_id, StoredDocument.batch == batch)
        .order_by(StoredDocument.id)
    )
    return list(session.scalars(query))


@contextmanager
def _originals(session: DbSession, storage: Originals, readable: list[_Readable]) -> Iterator[list[str]]:
    """The originals saved to storage (their keys, in upload order); when the operation fails they go again."""
    created: list[str] = []
    try:
        keys = []
        for item in readable:
            key, new = storage.save(item.data)
            if new:
                created.append(key)
            keys.append(key)
        yield keys
    except BaseException:
        for key in created:  # the transaction is rolled back by now; a blob another tender references stays
            if session.scalar(select(StoredDocument.id).where(StoredDocument.sha256 == key).limit(1)) is None:
                storage.remove(key)
        raise


def _add_documents(session: DbSession, tender: Tender, batch: int, readable: list[_Readable], keys: list[str]) -> None:
    for item, key in zip(readable, keys, strict=True):
        session.add(
            StoredDocument(
                tender=tender, batch=batch, filename=item.filename, sha256=key, size=len(item.data),
                format=item.document.format, storage_key=key,
            )
        )


def _files(readable: list[_Readable]) -> str:
    return ", ".join(r.filename for r in readable)


def _check_groups(catalogue: Catalogue, product_groups: Sequence[str]) -> None:
    known = {g.id for g in catalogue.product_groups}
    unknown = [g for g in product_groups if g not in known]
    if unknown:
        raise UnknownProductGroup(unknown)


def _refuse_repeat(session: DbSession, form_token: str) -> None:
    tender_id = session.scalar(select(Tender.id).where(Tender.form_token == form_token))
    if tender_id is not None:
        raise DuplicateSubmission(tender_id)


def _refuse_repeat_analysis(session: DbSession, form_token: str) -> None:
    found = session.execute(
        select(Analysis.tender_id, Analysis.id).where(Analysis.form_token == form_token)
    ).first()
    if found is not None:
        raise DuplicateSubmission(found.tender_id, found.id)
