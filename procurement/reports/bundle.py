"""A buyer's clause bundle ("selectie") in bestek order, as a Word document to paste from and as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from procurement.catalogue.model import (
    AMBITION_NAMES,
    KIND_NAMES,
    SECTION_NAMES,
    SECTIONS,
    THEME_NAMES,
    THEMES,
    Catalogue,
    Criterion,
)
from procurement.reports.format import xml_text as x
from procurement.reports.table import csv_cell
from procurement.reports.view import clause_paragraphs

# The catalogue's sections already run in the order a bestek presents them: the administrative part (a reserved
# contract is decided up front), then selection, technical specifications, award criteria, execution conditions.
BESTEK_ORDER: tuple[str, ...] = SECTIONS
CSV_HEADER = ("id", "titel", "thema", "soort", "sectie", "essentieel", "ambitie", "clausule", "bewijs", "labels")
NOTE_STYLE = "Toelichting bij clausule"


@dataclass(frozen=True, slots=True)
class BundleItem:
    id: str
    title: str
    theme_name: str
    kind_name: str
    section_name: str
    essential: bool
    ambition: str
    paragraphs: tuple[str, ...]
    legal_basis: tuple[str, ...]
    proof: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BundleSection:
    id: str
    name: str
    items: tuple[BundleItem, ...]


@dataclass(frozen=True, slots=True)
class BundleView:
    catalogue_version: str
    sections: tuple[BundleSection, ...]  # only sections holding a criterion, in bestek order
    count: int


def build(catalogue: Catalogue, ids: list[str] | tuple[str, ...]) -> BundleView:
    """The chosen criteria per bestek section; within a section essential first, then by theme and id."""
    chosen: list[Criterion] = []
    for criterion_id in dict.fromkeys(ids):
        try:
            criterion = catalogue.criterion(criterion_id)
        except KeyError:
            continue
        if not criterion.retired:
            chosen.append(criterion)
    chosen.sort(key=lambda c: (not c.essential, THEMES.index(c.theme), c.id))
    sections = tuple(
        BundleSection(s, SECTION_NAMES[s], tuple(_item(c) for c in chosen if c.section == s))
        for s in BESTEK_ORDER
        if any(c.section == s for c in chosen)
    )
    return BundleView(catalogue.version, sections, len(chosen))


def _item(c: Criterion) -> BundleItem:
    return BundleItem(
        id=c.id,
        title=c.title,
        theme_name=THEME_NAMES[c.theme],
        kind_name=KIND_NAMES[c.kind],
        section_name=SECTION_NAMES[c.section],
        essential=c.essential,
        ambition=f"{c.ambition} ({AMBITION_NAMES.get(c.ambition, '')})",
        paragraphs=clause_paragraphs(c.clause),
        legal_basis=c.legal_basis,
        proof=c.proof,
        labels=c.labels,
    )


def bundle_docx(bundle: BundleView, *, made: str = "", author: str = "") -> bytes:
    """A .docx with per bestek section a heading and per criterion its title and clause, ready to paste.

    `author` (the city, from configuration) is the document's author; every text passes xml_text first.
    """
    doc = new_docx()
    doc.styles["Normal"].font.size = Pt(11)
    note = doc.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = doc.styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor(0x55, 0x5F, 0x63)
    doc.core_properties.title = "Duurzaamheidsclausules voor het bestek"
    doc.core_properties.author = doc.core_properties.last_modified_by = x(author)
    doc.core_properties.language = "nl-BE"
    doc.add_heading("Duurzaamheidsclausules voor het bestek", level=0)
    doc.add_paragraph(
        f"{bundle.count} clausules uit de criteriacatalogus {bundle.catalogue_version}"
        + (f", samengesteld op {made}" if made else "")
        + ". Neem elke clausule op in het aangegeven deel van het bestek en pas ze waar nodig aan de opdracht aan. "
        "Juridische basis en bewijsmiddelen staan in kleine letters onder elke clausule."
    )
    for section in bundle.sections:
        doc.add_heading(x(section.name), level=1)
        for item in section.items:
            doc.add_heading(x(item.title), level=2)
            for paragraph in item.paragraphs:
                doc.add_paragraph(x(paragraph))
            if item.legal_basis:
                doc.add_paragraph(x("Juridische basis: " + "; ".join(item.legal_basis) + "."), style=NOTE_STYLE)
            if item.proof:
                doc.add_paragraph(x(f"Bewijs: {item.proof}"), style=NOTE_STYLE)
            if item.labels:
                doc.add_paragraph(x("Labels: " + ", ".join(item.labels) + "."), style=NOTE_STYLE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def bundle_csv(bundle: BundleView) -> bytes:
    """One row per criterion in bestek order: UTF-8 with BOM and `;` so Excel in Belgium opens it as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for section in bundle.sections:
        for item in section.items:
            writer.writerow(
                csv_cell(value)
                for value in (
                    item.id,
                    item.title,
                    item.theme_name,
                    item.kind_name,
                    section.name,
                    "ja" if item.essential else "nee",
                    item.ambition,
                    "\n\n".join(item.paragraphs),
                    item.proof,
                    ", ".join(item.labels),
                )
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
