"""What changed between two analyses of a tender: criteria that became met or stopped being met, and reviews."""

from __future__ import annotations

from dataclasses import dataclass

from procurement.matching import STATUS_NAMES, Finding
from procurement.models import Analysis
from procurement.reports.stored import StoredFinding, report_from_rows, stored_findings
from procurement.reports.view import final_status


@dataclass(frozen=True, slots=True)
class Change:
    criterion: str
    title: str
    before: str  # Dutch status names; "" when the criterion was not judged in that analysis
    after: str


@dataclass(frozen=True, slots=True)
class ChangesView:
    since_id: int
    since_batch: int
    since_version: str
    same_catalogue: bool
    became_met: tuple[Change, ...]
    stopped_met: tuple[Change, ...]
    other: tuple[Change, ...]  # other changes of status (missing -> partial, ...)
    carried: int  # reviews carried over to the newer analysis
    not_carried: tuple[Change, ...]  # reviews of the older analysis that no longer hold: look again

    @property
    def nothing(self) -> bool:
        return not (self.became_met or self.stopped_met or self.other or self.not_carried)


def compare(previous: Analysis, current: Analysis) -> ChangesView:
    """Statuses after review in both analyses, criterion by criterion (in the current analysis' order)."""
    titles = _titles(previous) | _titles(current)
    before, after = _judged(previous), _judged(current)
    became, stopped, other = [], [], []
    for criterion in [*after, *(c for c in before if c not in after)]:
        old, new = before.get(criterion), after.get(criterion)
        old_status = final_status(*old) if old else "not_applicable"
        new_status = final_status(*new) if new else "not_applicable"
        if old_status == new_status:
            continue
        change = Change(criterion, titles.get(criterion, criterion), _name(old), _name(new))
        if new_status == "met":
            became.append(change)
        elif old_status == "met":
            stopped.append(change)
        else:
            other.append(change)
    lost = [c for c, (_, s) in before.items() if s.review is not None and s.review.decision == "override"
            and (c not in after or after[c][1].review is None)]
    not_carried = tuple(Change(c, titles.get(c, c), _name(before[c]), _name(after.get(c))) for c in lost)
    return ChangesView(
        since_id=previous.id,
        since_batch=previous.batch,
        since_version=previous.catalogue_version.version if previous.catalogue_version else "",
        same_catalogue=previous.catalogue_version_id == current.catalogue_version_id,
        became_met=tuple(became),
        stopped_met=tuple(stopped),
        other=tuple(other),
        carried=sum(1 for _, s in after.values() if s.review is not None and s.review.carried_over),
        not_carried=not_carried,
    )


def _judged(a: Analysis) -> dict[str, tuple[Finding, StoredFinding]]:
    stored = stored_findings(a)
    return {f.criterion: (f, stored[f.criterion]) for f in report_from_rows(a).findings}


def _name(judged: tuple[Finding, StoredFinding] | None) -> str:
    if judged is None:
        return "niet beoordeeld"
    f, stored = judged
    status = final_status(f, stored)
    name = STATUS_NAMES.get(status, status)
    return f"{name} (na beoordeling)" if stored.review is not None and stored.review.status != f.status else name


def _titles(a: Analysis) -> dict[str, str]:
    snapshot = a.catalogue_version.criteria if a.catalogue_version else {}
    return {c: str(data.get("title", c)) for c, data in snapshot.items()}
