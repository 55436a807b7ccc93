"""The report as CSV for Excel in Belgium: UTF-8 with BOM, `;` separated, one row per finding."""

from __future__ import annotations

import csv
import io

from procurement.reports.view import ReportView

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # Excel would run these as formulas

HEADER = (
    "criterium", "titel", "thema", "soort", "deel van het bestek", "essentieel", "status", "gelijkenis",
    "ontbrekende elementen", "vindplaats", "passage", "toelichting", "status na beoordeling", "reden",
    "beoordeeld door",
)


def report_csv(report: ReportView) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for f in (*report.findings, *report.not_applicable):
        first = f.evidence[0] if f.evidence else None
        writer.writerow(csv_cell(value) for value in (
            f.criterion, f.title, f.theme_name, f.kind_name, f.section_name, "ja" if f.essential else "nee",
            f.status_name, f.similarity, "; ".join(f.missing_elements), first.where if first else "",
            " / ".join(e.text for e in f.evidence), f.explanation, f.final_status_name,
            f.review.reason if f.review else "", f.review.reviewer if f.review else "",
        ))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_cell(value: str) -> str:
    """A quoted passage such as '- De opdrachtnemer ...' must stay text: a leading apostrophe keeps it so."""
    return "'" + value if value.startswith(FORMULA_START) else value
