"""The monitor's facts from the database: each tender's stored judgement of its latest finished analysis (kept
current by monitor/store.py) with the tender's own row."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from procurement.models import CatalogueVersion, MonitorFact, Tender
from procurement.monitor.figures import Judgement, TenderFacts
from procurement.monitor.store import judgement
from procurement.reports.format import LOCAL
from procurement.sessions import DbSession


@dataclass(frozen=True, slots=True)
class Facts:
    tenders: tuple[TenderFacts, ...]
    titles: dict[str, str]  # criterion id -> title (the newest catalogue version that knows it)
    group_names: dict[str, str]  # product group id -> Dutch name


def facts(session: DbSession) -> Facts:
    """Every tender that has a finished analysis, with the judgement of its latest one (no findings read)."""
    return FactsCache().get(session)


@dataclass(frozen=True, slots=True)
class _Decoded:
    token: str
    groups: tuple[str, ...]
    judgement: Judgement


class FactsCache:
    """The facts decoded so far, tender by tender. Each read fetches every tender's row with its fact's token (new
    at every write, monitor/store.py) and decodes only the facts whose token it has not seen yet: after a change,
    that tender's. The tender's own fields (title, department, review state, day) are read every time; the
    catalogue's titles again when a version is added (versions never change)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._decoded: dict[int, _Decoded] = {}
        self._catalogue: tuple[tuple[Any, ...], dict[str, str], dict[str, str]] | None = None
        self.decoded_rows = 0  # facts decoded in all, for a reader that wants to know what a request cost

    def get(self, session: DbSession) -> Facts:
        f = MonitorFact
        rows = session.execute(
            select(f.tender_id, f.token, Tender.title, Tender.reference, Tender.department, Tender.review_state,
                   Tender.created_at)
            .join(Tender, Tender.id == f.tender_id)
            .order_by(f.tender_id)
        ).all()
        with self._lock:
            known = dict(self._decoded)
        stale = [row.tender_id for row in rows
                 if (seen := known.get(row.tender_id)) is None or seen.token != row.token]
        if stale:
            fresh = _decode(session, stale if len(stale) <= MANY else None)
            known.update(fresh)
            with self._lock:
                self.decoded_rows += len(fresh)
        tenders = tuple(
            TenderFacts(
                id=row.tender_id, title=row.title, reference=row.reference, department=row.department,
                review_state=row.review_state, created=local_day(row.created_at), groups=seen.groups,
                judgement=seen.judgement,
            )
            for row in rows if (seen := known.get(row.tender_id)) is not None  # None: deleted meanwhile
        )
        titles, names = self._names(session)
        with self._lock:
            self._decoded = {t.id: known[t.id] for t in tenders}  # a deleted tender's facts go
        return Facts(tenders, titles, names)

    def _names(self, session: DbSession) -> tuple[dict[str, str], dict[str, str]]:
        key = tuple(session.execute(select(func.count(CatalogueVersion.id), func.max(CatalogueVersion.id))).one())
        with self._lock:
            if self._catalogue is not None and self._catalogue[0] == key:
                return self._catalogue[1], self._catalogue[2]
        titles: dict[str, str] = {}
        names: dict[str, str] = {}
        for criteria, groups in session.execute(
            select(CatalogueVersion.criteria, CatalogueVersion.product_groups).order_by(CatalogueVersion.id)
        ):
            titles.update({cid: str(c.get("title", cid)) for cid, c in (criteria or {}).items()})
            names.update(groups or {})
        with self._lock:
            self._catalogue = (key, titles, names)
        return titles, names


MANY = 500  # more stale facts than this are read without naming them


def _decode(session: DbSession, tender_ids: list[int] | None) -> dict[int, _Decoded]:
    """The stored facts of these tenders (None: of every tender), decoded."""
    f = MonitorFact
    query = select(f.tender_id, f.token, f.product_groups, f.score_machine, f.score_reviewed, f.essential_machine,
                   f.essential_reviewed, f.themes, f.criteria)
    if tender_ids is not None:
        query = query.where(f.tender_id.in_(tender_ids))
    return {
        row.tender_id: _Decoded(row.token, tuple(row.product_groups), judgement(
            row.score_machine, row.score_reviewed, row.essential_machine, row.essential_reviewed, row.themes,
            row.criteria))
        for row in session.execute(query)
    }


def local_day(moment: datetime) -> date:
    """The day a tender was made, in Belgian time (SQLite hands back naive UTC moments)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).date()
