"""The criteria catalogue for buyers: search with filters, one page per criterion and per product group."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request

from procurement.catalogue import Catalogue, Criterion, ProductGroup
from procurement.catalogue.model import (
    ALL_TENDERS,
    AMBITION_NAMES,
    KIND_NAMES,
    KINDS,
    SECTION_NAMES,
    THEME_NAMES,
    THEMES,
)
from procurement.checker import search_index
from procurement.extensions import db
from procurement.reports.view import clause_paragraphs
from procurement.search import Hit, Query, Results
from procurement.services import current_checker
from procurement.web.bundles import essential_ids, selected

bp = Blueprint("catalogue", __name__, url_prefix="/catalogus")
ESSENTIAL_CHOICES = {"": "alle", "ja": "enkel essentiële", "nee": "enkel niet-essentiële"}
GENERAL = "alle bestekken"
SDG_NAMES: dict[int, str] = {
    1: "Geen armoede", 2: "Geen honger", 3: "Goede gezondheid en welzijn", 4: "Kwaliteitsonderwijs",
    5: "Gendergelijkheid", 6: "Schoon water en sanitair", 7: "Betaalbare en duurzame energie",
    8: "Waardig werk en economische groei", 9: "Industrie, innovatie en infrastructuur",
    10: "Ongelijkheid verminderen", 11: "Duurzame steden en gemeenschappen",
    12: "Verantwoorde consumptie en productie", 13: "Klimaatactie", 14: "Leven in het water",
    15: "Leven op het land", 16: "Vrede, justitie en sterke publieke diensten",
    17: "Partnerschap om doelstellingen te bereiken",
}
EFORMS_NAMES: dict[str, str] = {
    "BT-71": "voorbehouden deelname",
    "BT-774": "milieueffect (groene aankoop)",
    "BT-775": "sociale doelstelling",
    "BT-805": "criteria voor groene overheidsopdrachten (GPP)",
}


@dataclass(frozen=True, slots=True)
class CriterionRow:
    id: str
    title: str
    theme_name: str
    kind_name: str
    essential: bool
    groups: str
    ambition: str
    chosen: bool  # in the visitor's bundle
    found_in: str = ""  # where the search words were found


@dataclass(frozen=True, slots=True)
class Filters:
    q: str
    theme: str
    group: str
    kind: str
    ambition: str
    essential: str
    sdg: str

    @property
    def active(self) -> bool:
        return any((self.q, self.theme, self.group, self.kind, self.ambition, self.essential, self.sdg))

    def query(self) -> Query:
        return Query(
            text=self.q, theme=self.theme, group=self.group, kind=self.kind,
            ambition=int(self.ambition) if self.ambition else None,
            essential=(self.essential == "ja") if self.essential else None,
            sdg=int(self.sdg) if self.sdg else None,
        )


@dataclass(frozen=True, slots=True)
class GroupSummary:
    id: str
    name: str
    description: str
    cpv: str
    count: int
    essentials: int  # own essential criteria plus the essential general ones


def _catalogue() -> Catalogue:
    return current_checker(db.session).catalogue


def _here() -> str:
    """This page's path and query string, for the forms that come back here."""
    return request.full_path.rstrip("?")


def _group_names(catalogue: Catalogue, criterion: Criterion) -> str:
    if criterion.applies_to_all:
        return GENERAL
    return ", ".join(catalogue.product_group(g).name for g in criterion.product_groups)


def _row(catalogue: Catalogue, c: Criterion, chosen: set[str], hit: Hit | None = None) -> CriterionRow:
    return CriterionRow(
        id=c.id, title=c.title, theme_name=THEME_NAMES[c.theme], kind_name=KIND_NAMES[c.kind],
        essential=c.essential, groups=_group_names(catalogue, c), ambition=AMBITION_NAMES.get(c.ambition, ""),
        chosen=c.id in chosen, found_in=", ".join(hit.fields[:3]) if hit and hit.fields else "",
    )


def _choice(name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """A filter value from the query string; anything unknown means no filter."""
    value = request.args.get(name, "")
    return value if value in allowed else ""


def _filters(catalogue: Catalogue) -> Filters:
    return Filters(
        q=" ".join(request.args.get("q", "").split())[:200],
        theme=_choice("thema", THEMES),
        group=_choice("productgroep", [ALL_TENDERS, *(g.id for g in catalogue.product_groups)]),
        kind=_choice("soort", KINDS),
        ambition=_choice("ambitie", [str(a) for a in AMBITION_NAMES]),
        essential=_choice("essentieel", list(ESSENTIAL_CHOICES)),
        sdg=_choice("sdg", [str(n) for n in SDG_NAMES]),
    )


def _notes(results: Results) -> list[str]:
    """What the buyer should know about how the words were read."""
    notes = [f"Gezocht naar ‘{right}’ (je typte ‘{typed}’)." for typed, right in results.corrections]
    if results.unknown:
        notes.append("Niet gevonden in de catalogus: " + ", ".join(f"‘{w}’" for w in results.unknown) + ".")
    if results.hits and not results.complete:
        notes.append("Geen criterium bevat alle zoektermen; hieronder de criteria die er de meeste bevatten.")
    return notes


@bp.get("/")
def index() -> str:
    catalogue = _catalogue()
    filters = _filters(catalogue)
    results = search_index(catalogue).search(filters.query())
    chosen = set(selected(catalogue))
    rows = [_row(catalogue, h.criterion, chosen, h) for h in results.hits]
    ranked = bool(results.understood or results.unknown)  # words were searched: one list, best first
    by_theme = [] if ranked else [
        (THEME_NAMES[t], [r for r, h in zip(rows, results.hits, strict=True) if h.criterion.theme == t])
        for t in THEMES
    ]
    group = catalogue.product_group(filters.group) if filters.group not in ("", ALL_TENDERS) else None
    return render_template(
        "catalogue/index.html",
        filters=filters,
        ranked=rows if ranked else [],
        by_theme=[(name, theme_rows) for name, theme_rows in by_theme if theme_rows],
        notes=_notes(results),
        count=len(rows),
        themes=[(t, THEME_NAMES[t]) for t in THEMES],
        groups=[(ALL_TENDERS, f"enkel algemene criteria ({GENERAL})")]
        + [(g.id, g.name) for g in catalogue.product_groups],
        kinds=[(k, KIND_NAMES[k]) for k in KINDS],
        ambitions=[(str(a), f"{a} ({name})") for a, name in AMBITION_NAMES.items()],
        sdgs=[(str(n), f"SDG {n} · {name}") for n, name in SDG_NAMES.items()],
        essential_choices=list(ESSENTIAL_CHOICES.items()),
        product_groups=[_group_summary(catalogue, g) for g in catalogue.product_groups],
        group=_group_summary(catalogue, group) if group else None,
        bundle_size=len(chosen),
        back_to=_here(),
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
    paragraphs = clause_paragraphs(c.clause)
    chosen = selected(catalogue)
    return render_template(
        "catalogue/criterion.html",
        c=c,
        theme_name=THEME_NAMES[c.theme],
        kind_name=KIND_NAMES[c.kind],
        section_name=SECTION_NAMES[c.section],
        ambition=f"{c.ambition} ({AMBITION_NAMES.get(c.ambition, '')})",
        groups=groups,
        clause="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        elements=[e.label for e in c.recognition.elements],
        sdgs=[(n, f"SDG {n}: {SDG_NAMES[n]}") for n in c.sdgs],
        eforms=[f"{code} ({EFORMS_NAMES[code]})" if code in EFORMS_NAMES else code for code in c.eforms],
        chosen=c.id in chosen,
        bundle_size=len(chosen),
        back_to=_here(),
        version=catalogue.version,
    )


def _group_summary(catalogue: Catalogue, g: ProductGroup) -> GroupSummary:
    count = sum(1 for c in catalogue.criteria if not c.retired and g.id in c.product_groups)
    return GroupSummary(g.id, g.name, g.description, ", ".join(g.cpv), count, len(essential_ids(catalogue, g.id)))


@bp.get("/productgroepen/<group_id>")
def product_group(group_id: str) -> str:
    catalogue = _catalogue()
    try:
        group = catalogue.product_group(group_id)
    except KeyError:
        abort(404)
    chosen = set(selected(catalogue))
    own = [c for c in catalogue.criteria if not c.retired and group.id in c.product_groups]
    general = [c for c in catalogue.criteria if not c.retired and c.applies_to_all]
    exemptions = [(THEME_NAMES[t], reason) for t, reason in group.theme_exemptions]
    return render_template(
        "catalogue/product_group.html",
        group=group,
        summary=_group_summary(catalogue, group),
        cpv=", ".join(group.cpv),
        keywords=", ".join(group.keywords),
        own=[(THEME_NAMES[t], [_row(catalogue, c, chosen) for c in own if c.theme == t]) for t in THEMES],
        general=[_row(catalogue, c, chosen) for c in general],
        exemptions=exemptions,
        bundle_size=len(chosen),
        back_to=_here(),
    )
