"""The criteria catalogue for buyers: browse by theme and product group, filter, search, one page per item."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request

from procurement.catalogue import Catalogue, Criterion, ProductGroup
from procurement.catalogue.model import AMBITION_NAMES, KIND_NAMES, KINDS, SECTION_NAMES, THEME_NAMES, THEMES
from procurement.extensions import runtime
from procurement.matching.text import fold
from procurement.reports.view import clause_paragraphs

bp = Blueprint("catalogue", __name__, url_prefix="/catalogus")
ESSENTIAL_CHOICES = {"": "alle", "ja": "enkel essentiële", "nee": "enkel niet-essentiële"}


@dataclass(frozen=True, slots=True)
class CriterionRow:
    id: str
    title: str
    theme_name: str
    kind_name: str
    essential: bool
    groups: str
    ambition: str


@dataclass(frozen=True, slots=True)
class Filters:
    q: str
    theme: str
    group: str
    kind: str
    essential: str

    @property
    def active(self) -> bool:
        return any((self.q, self.theme, self.group, self.kind, self.essential))


def _catalogue() -> Catalogue:
    return runtime().checker.catalogue


def _group_names(catalogue: Catalogue, criterion: Criterion) -> str:
    if criterion.applies_to_all:
        return "alle bestekken"
    return ", ".join(catalogue.product_group(g).name for g in criterion.product_groups)


def _row(catalogue: Catalogue, c: Criterion) -> CriterionRow:
    return CriterionRow(
        id=c.id, title=c.title, theme_name=THEME_NAMES[c.theme], kind_name=KIND_NAMES[c.kind],
        essential=c.essential, groups=_group_names(catalogue, c), ambition=AMBITION_NAMES.get(c.ambition, ""),
    )


def _matches(c: Criterion, f: Filters) -> bool:
    if f.theme and c.theme != f.theme:
        return False
    if f.group and not (c.applies_to_all or f.group in c.product_groups):
        return False
    if f.kind and c.kind != f.kind:
        return False
    if f.essential and c.essential != (f.essential == "ja"):
        return False
    if f.q:  # every word of the query in the title or the clause (another issue brings fuzzy search)
        haystack = fold(f"{c.title} {c.clause} {c.id}")
        return all(word in haystack for word in fold(f.q).split())
    return True


def _choice(name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """A filter value from the query string; anything unknown means no filter."""
    value = request.args.get(name, "")
    return value if value in allowed else ""


@bp.get("/")
def index() -> str:
    catalogue = _catalogue()
    filters = Filters(
        q=request.args.get("q", "").strip()[:200],
        theme=_choice("thema", THEMES),
        group=_choice("productgroep", [g.id for g in catalogue.product_groups]),
        kind=_choice("soort", KINDS),
        essential=_choice("essentieel", list(ESSENTIAL_CHOICES)),
    )
    found = [c for c in catalogue.criteria if not c.retired and _matches(c, filters)]
    by_theme = [
        (THEME_NAMES[t], [_row(catalogue, c) for c in found if c.theme == t]) for t in THEMES
    ]
    return render_template(
        "catalogue/index.html",
        filters=filters,
        by_theme=[(name, rows) for name, rows in by_theme if rows],
        count=len(found),
        themes=[(t, THEME_NAMES[t]) for t in THEMES],
        groups=[(g.id, g.name) for g in catalogue.product_groups],
        kinds=[(k, KIND_NAMES[k]) for k in KINDS],
        essential_choices=list(ESSENTIAL_CHOICES.items()),
        product_groups=[_group_summary(catalogue, g) for g in catalogue.product_groups],
        version=catalogue.version,
    )


@bp.get("/criteria/<criterion_id>")
def criterion(criterion_id: str) -> str:
    catalogue = _catalogue()
    try:
        c = catalogue.criterion(criterion_id)
    except KeyError:
        abort(404)
    groups = [(g, catalogue.product_group(g).name) for g in c.product_groups]
    return render_template(
        "catalogue/criterion.html",
        c=c,
        theme_name=THEME_NAMES[c.theme],
        kind_name=KIND_NAMES[c.kind],
        section_name=SECTION_NAMES[c.section],
        ambition=f"{c.ambition} ({AMBITION_NAMES.get(c.ambition, '')})",
        groups=groups,
        clause="\n\n".join(clause_paragraphs(c.clause)),
        paragraphs=clause_paragraphs(c.clause),
        elements=[e.label for e in c.recognition.elements],
        version=catalogue.version,
    )


@dataclass(frozen=True, slots=True)
class GroupSummary:
    id: str
    name: str
    description: str
    cpv: str
    count: int


def _group_summary(catalogue: Catalogue, g: ProductGroup) -> GroupSummary:
    count = sum(1 for c in catalogue.criteria if not c.retired and g.id in c.product_groups)
    return GroupSummary(g.id, g.name, g.description, ", ".join(g.cpv), count)


@bp.get("/productgroepen/<group_id>")
def product_group(group_id: str) -> str:
    catalogue = _catalogue()
    try:
        group = catalogue.product_group(group_id)
    except KeyError:
        abort(404)
    own = [c for c in catalogue.criteria if not c.retired and group.id in c.product_groups]
    general = [c for c in catalogue.criteria if not c.retired and c.applies_to_all]
    exemptions = [(THEME_NAMES[t], reason) for t, reason in group.theme_exemptions]
    return render_template(
        "catalogue/product_group.html",
        group=group,
        cpv=", ".join(group.cpv),
        keywords=", ".join(group.keywords),
        own=[(THEME_NAMES[t], [_row(catalogue, c) for c in own if c.theme == t]) for t in THEMES],
        general=[_row(catalogue, c) for c in general],
        exemptions=exemptions,
    )
