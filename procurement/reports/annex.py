"""The Word annex: the standard clauses to add to a bestek, in the order of the bestek's sections."""

from __future__ import annotations

import io
from itertools import groupby

from docx import Document as new_docx
from docx.shared import Pt

from procurement.reports.format import xml_text as x
from procurement.reports.view import ReportView


def annex_docx(report: ReportView, *, title: str, reference: str = "", author: str = "") -> bytes:
    """A .docx with, per bestek section, every missing or partial clause: its text, and what was lacking.

    `author` (the city, from configuration) is the document's author; every text passes xml_text first.
    """
    title, reference = x(title), x(reference)
    doc = new_docx()
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = f"Duurzaamheidsclausules voor {title}"
    doc.core_properties.author = doc.core_properties.last_modified_by = x(author)
    doc.core_properties.language = "nl-BE"
    doc.add_heading("Bijlage: duurzaamheidsclausules om toe te voegen", level=0)
    doc.add_paragraph(f"Bestek: {title}" + (f" ({reference})" if reference else ""))
    doc.add_paragraph(
        f"Catalogus {report.catalogue_version}. Score {report.score}/100. Voeg elke clausule toe in het "
        "aangegeven deel van het bestek en pas ze waar nodig aan de opdracht aan."
    )
    if not report.todo:
        doc.add_paragraph("Er ontbreken geen clausules: alle toepasselijke criteria zijn aanwezig.")
    for section_name, items in groupby(report.todo, key=lambda f: f.section_name):
        doc.add_heading(x(section_name) or "Overige bepalingen", level=1)
        for finding in items:
            label = " (essentieel)" if finding.essential else ""
            doc.add_heading(x(f"{finding.title}{label}"), level=2)
            doc.add_paragraph().add_run(
                x(f"{finding.theme_name} · {finding.kind_name} · nu {finding.final_status_name} in het bestek")
            ).italic = True
            if finding.missing_elements:
                doc.add_paragraph(x("Ontbreekt in de huidige tekst: " + "; ".join(finding.missing_elements) + "."))
            for paragraph in finding.clause_paragraphs:
                doc.add_paragraph(x(paragraph))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
