"""The monitor's figures from each tender's facts (latest finished analysis, reviewed statuses): pure, no database.

A tender's findings are summed up once, when they change (`judge`: the scores and flags the figures need, kept per
tender by monitor/store.py); the figures are a pass over those summaries. Every tender counts once. "Essentiële
criteria volledig" is the Flemish monitoring rule (scoring.essential_complete); scores are the report's own formula
(scoring.score, scoring.theme_scores), machine and after review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from procurement.catalogue.model import THEME_NAMES, THEMES
from procurement.matching import Finding, ThemeScore
from procurement.matching.scoring import SCORED, essential_complete, score, theme_scores

TOP_CRITERIA = 20
TREND_QUARTERS = 8  # two years
NO_DEPARTMENT = "(geen dienst)"
NO_GROUP = "(geen productgroep)"


@dataclass(frozen=True, slots=True)
class Period:
    """Tenders created on or after `start` and before `end`."""

    start: date
    end: date
    label: str

    def holds(self, day: date) -> bool:
        return self.start <= day < self.end


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y + 1, 1, 1), str(y))


def quarter(y: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise ValueError(f"quarter {q}")
    end = date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
    return Period(date(y, 3 * q - 2, 1), end, f"{y} K{q}")


def custom(start: date, last: date) -> Period:
    """From `start` up to and including `last`."""
    if last < start:
        start, last = last, start
    return Period(start, date.fromordinal(last.toordinal() + 1),
                  f"{start.strftime('%d/%m/%Y')} – {last.strftime('%d/%m/%Y')}")


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def trend_quarters(today: date, count: int = TREND_QUARTERS) -> list[Period]:
    """The `count` quarters ending with today's, oldest first."""
    y, q = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _ in range(count):
        quarters.append(quarter(y, q))
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return quarters[::-1]


@dataclass(frozen=True, slots=True)
class Filters:
    department: str = ""  # "" = every department; NO_DEPARTMENT for tenders without one
    product_group: str = ""
    review_state: str = ""

    def keep(self, t: TenderFacts) -> bool:
        return (
            (not self.department or t.department_name == self.department)
            and (not self.product_group or self.product_group in t.groups)
            and (not self.review_state or t.review_state == self.review_state)
        )


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the figures need of one tender's findings (those the engine found applicable), machine and after review."""

    score_machine: float | None
    score_reviewed: float | None
    essential_machine: bool  # every applicable essential criterion met (the Flemish rule)
    essential_reviewed: bool
    themes: Mapping[str, ThemeScore]  # every theme, after review
    # theme -> status after review (met, partial, missing) -> the criteria, of those that count after review
    criteria: Mapping[str, Mapping[str, tuple[str, ...]]]

    def statuses(self) -> Iterator[tuple[str, str, str]]:
        """(criterion, theme, status after review) of every criterion that counts after review."""
        for theme, by_status in self.criteria.items():
            for status, criteria in by_status.items():
                for criterion in criteria:
                    yield criterion, theme, status


def judge(machine: Sequence[Finding], reviewed: Sequence[Finding]) -> Judgement:
    """The summary of a tender's findings: `machine` the engine's applicable ones, `reviewed` the same findings with
    the statuses after review (a reviewer may set one to not applicable: it then counts nowhere after review)."""
    criteria: dict[str, dict[str, list[str]]] = {}
    for f in reviewed:
        if f.status in SCORED:
            criteria.setdefault(f.theme, {}).setdefault(f.status, []).append(f.criterion)
    return Judgement(
        score_machine=score(machine),
        score_reviewed=score(reviewed),
        essential_machine=essential_complete(machine),
        essential_reviewed=essential_complete(reviewed),
        themes=theme_scores(reviewed),
        criteria={theme: {status: tuple(ids) for status, ids in by.items()} for theme, by in criteria.items()},
    )


@dataclass(frozen=True, slots=True)
class TenderFacts:
    """What the monitor knows of one tender: its row and the judgement of its latest finished analysis."""

    id: int
    title: str
    reference: str
    department: str
    review_state: str
    created: date
    groups: tuple[str, ...]  # the analysis' product groups (given or detected)
    judgement: Judgement

    @property
    def department_name(self) -> str:
        return self.department.strip() or NO_DEPARTMENT


@dataclass(frozen=True, slots=True)
class Share:
    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.count / self.total, 1) if self.total else None


@dataclass(frozen=True, slots=True)
class Mean:
    value: float | None
    count: int  # the tenders behind the mean


def mean(values: Iterable[float | None]) -> Mean:
    known = [v for v in values if v is not None]
    return Mean(round(sum(known) / len(known), 1) if known else None, len(known))


@dataclass(frozen=True, slots=True)
class Headline:
    tenders: int
    essential_machine: Share
    essential_reviewed: Share
    score_machine: Mean
    score_reviewed: Mean


@dataclass(frozen=True, slots=True)
class ThemeRow:
    theme: str
    name: str
    with_met: Share  # of the tenders where the theme applies: at least one met criterion (after review)
    score: Mean  # the theme score after review


@dataclass(frozen=True, slots=True)
class GroupRow:
    key: str
    name: str
    figures: Headline


@dataclass(frozen=True, slots=True)
class TenderRef:
    id: int
    title: str
    reference: str


@dataclass(frozen=True, slots=True)
class CriterionRow:
    criterion: str
    title: str
    theme: str
    missing: int
    partial: int
    applicable: int  # tenders where it applies
    tenders: tuple[TenderRef, ...]  # those where it is missing or partial, oldest first

    @property
    def short(self) -> int:
        return self.missing + self.partial


@dataclass(frozen=True, slots=True)
class QuarterRow:
    period: Period
    figures: Headline


@dataclass(frozen=True, slots=True)
class Monitor:
    period: Period
    filters: Filters
    headline: Headline
    themes: tuple[ThemeRow, ...]
    departments: tuple[GroupRow, ...]
    product_groups: tuple[GroupRow, ...]
    criteria: tuple[CriterionRow, ...]
    trend: tuple[QuarterRow, ...]
    tender_ids: tuple[int, ...] = field(default=())  # the tenders behind the figures


def headline(tenders: Sequence[TenderFacts]) -> Headline:
    return Headline(
        tenders=len(tenders),
        essential_machine=Share(sum(1 for t in tenders if t.judgement.essential_machine), len(tenders)),
        essential_reviewed=Share(sum(1 for t in tenders if t.judgement.essential_reviewed), len(tenders)),
        score_machine=mean(t.judgement.score_machine for t in tenders),
        score_reviewed=mean(t.judgement.score_reviewed for t in tenders),
    )


def theme_rows(tenders: Sequence[TenderFacts]) -> tuple[ThemeRow, ...]:
    per_tender = [t.judgement.themes for t in tenders]
    rows = []
    for theme in THEMES:
        applies = [s[theme] for s in per_tender if s[theme].applicable]
        rows.append(ThemeRow(
            theme=theme, name=THEME_NAMES[theme],
            with_met=Share(sum(1 for s in applies if s.met), len(applies)),
            score=mean(s.score for s in applies),
        ))
    return tuple(rows)


def grouped(
    tenders: Sequence[TenderFacts], keys: Callable[[TenderFacts], Iterable[str]], names: Mapping[str, str]
) -> tuple[GroupRow, ...]:
    """Figures per key (a tender counts under each of its keys), by name."""
    members: dict[str, list[TenderFacts]] = {}
    for t in tenders:
        for key in dict.fromkeys(keys(t)):
            members.setdefault(key, []).append(t)
    rows = (GroupRow(key, names.get(key, key), headline(ts)) for key, ts in members.items())
    return tuple(sorted(rows, key=lambda r: r.name.casefold()))


def criterion_rows(
    tenders: Sequence[TenderFacts], titles: Mapping[str, str], top: int = TOP_CRITERIA
) -> tuple[CriterionRow, ...]:
    """The criteria most often missing or partial after review (ties: more missing first, then by id)."""
    counts: dict[str, dict[str, int]] = {}
    short: dict[str, list[TenderRef]] = {}
    themes: dict[str, str] = {}
    for t in sorted(tenders, key=lambda t: (t.created, t.id)):
        ref = TenderRef(t.id, t.title, t.reference)
        for theme, by_status in t.judgement.criteria.items():
            for status, criteria in by_status.items():
                for criterion in criteria:
                    themes.setdefault(criterion, theme)
                    c = counts.setdefault(criterion, {"met": 0, "partial": 0, "missing": 0})
                    c[status] += 1
                    if status != "met":
                        short.setdefault(criterion, []).append(ref)
    rows = [
        CriterionRow(
            criterion=cid, title=titles.get(cid, cid), theme=themes[cid], missing=c["missing"],
            partial=c["partial"], applicable=sum(c.values()), tenders=tuple(short.get(cid, ())),
        )
        for cid, c in counts.items() if c["missing"] + c["partial"]
    ]
    rows.sort(key=lambda r: (-r.short, -r.missing, r.criterion))
    return tuple(rows[:top])


def compute(
    facts: Iterable[TenderFacts],
    period: Period,
    filters: Filters,
    *,
    today: date,
    titles: Mapping[str, str] | None = None,
    group_names: Mapping[str, str] | None = None,
) -> Monitor:
    """Every figure of the monitor for the period and filters; the trend covers the two years up to today."""
    kept = [t for t in facts if filters.keep(t)]
    chosen = sorted((t for t in kept if period.holds(t.created)), key=lambda t: (t.created, t.id))
    names = dict(group_names or {})
    names.setdefault("", NO_GROUP)
    return Monitor(
        period=period,
        filters=filters,
        headline=headline(chosen),
        themes=theme_rows(chosen),
        departments=grouped(chosen, lambda t: [t.department_name], {}),
        product_groups=grouped(chosen, lambda t: t.groups or ("",), names),
        criteria=criterion_rows(chosen, titles or {}),
        trend=tuple(
            QuarterRow(q, headline([t for t in kept if q.holds(t.created)])) for q in trend_quarters(today)
        ),
        tender_ids=tuple(t.id for t in chosen),
    )


SORTS: dict[str, Callable[[GroupRow], tuple[float, str]]] = {
    "naam": lambda r: (0.0, r.name.casefold()),
    "bestekken": lambda r: (-r.figures.tenders, r.name.casefold()),
    "essentieel": lambda r: (-(r.figures.essential_reviewed.percent or -1.0), r.name.casefold()),
    "score": lambda r: (-(r.figures.score_reviewed.value if r.figures.score_reviewed.value is not None else -1.0),
                        r.name.casefold()),
}


def sorted_rows(rows: Iterable[GroupRow], by: str) -> tuple[GroupRow, ...]:
    """Rows by name, number of tenders, share essential complete or score (the last three highest first)."""
    return tuple(sorted(rows, key=SORTS.get(by, SORTS["naam"])))
