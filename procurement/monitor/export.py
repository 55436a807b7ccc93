"""The monitor's exports for the yearly report: the figures as CSV (Excel in Belgium) and as a Word document."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import docx
from docx.shared import Cm

from procurement.monitor import charts
from procurement.monitor.figures import GroupRow, Monitor
from procurement.monitor.view import (
    group_chart,
    headline_text,
    mean_text,
    number,
    share_text,
    theme_chart,
    theme_sentence,
    trend_chart,
)
from procurement.reports.format import xml_text
from procurement.reports.table import csv_cell
from procurement.review import STATE_NAMES


def filters_text(m: Monitor, group_names: dict[str, str]) -> str:
    f = m.filters
    parts = [f"periode {m.period.label}"]
    if f.department:
        parts.append(f"dienst {f.department}")
    if f.product_group:
        parts.append(f"productgroep {group_names.get(f.product_group, f.product_group)}")
    if f.review_state:
        parts.append(f"status {STATE_NAMES.get(f.review_state, f.review_state)}")
    return ", ".join(parts)


def _headline_cells(row: GroupRow) -> list[str]:
    h = row.figures
    return [str(h.tenders), share_text(h.essential_machine), share_text(h.essential_reviewed),
            mean_text(h.score_machine), mean_text(h.score_reviewed)]


GROUP_HEADER = ["bestekken", "essentieel volledig (machine)", "essentieel volledig (na beoordeling)",
                "gemiddelde score (machine)", "gemiddelde score (na beoordeling)"]


def monitor_csv(m: Monitor, group_names: dict[str, str]) -> bytes:
    """Every table of the monitor, one after the other, each under its own heading row; `;`, UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def rows(values: Iterable[Sequence[str]]) -> None:
        writer.writerows([csv_cell(str(v)) for v in row] for row in values)

    h = m.headline
    rows([["Monitor duurzame aankopen", filters_text(m, group_names)], []])
    rows([["cijfer", "waarde", "bestekken"],
          ["bestekken", str(h.tenders), str(h.tenders)],
          ["essentiële criteria volledig (machine) %", number(h.essential_machine.percent), str(h.tenders)],
          ["essentiële criteria volledig (na beoordeling) %", number(h.essential_reviewed.percent), str(h.tenders)],
          ["gemiddelde score (machine)", number(h.score_machine.value), str(h.score_machine.count)],
          ["gemiddelde score (na beoordeling)", number(h.score_reviewed.value), str(h.score_reviewed.count)], []])
    rows([["thema", "met minstens één aanwezig criterium", "van toepassing op", "%", "gemiddelde themascore"]])
    rows([[t.name, str(t.with_met.count), str(t.with_met.total), number(t.with_met.percent), number(t.score.value)]
          for t in m.themes])
    rows([[]])
    for title, table in (("dienst", m.departments), ("productgroep", m.product_groups)):
        rows([[title, *GROUP_HEADER]])
        rows([[r.name, *_headline_cells(r)] for r in table])
        rows([[]])
    rows([["criterium", "titel", "ontbreekt", "gedeeltelijk", "van toepassing op", "bestekken"]])
    rows([[c.criterion, c.title, str(c.missing), str(c.partial), str(c.applicable),
           ", ".join(t.reference or t.title for t in c.tenders)] for c in m.criteria])
    rows([[]])
    rows([["kwartaal", *GROUP_HEADER]])
    rows([[q.period.label, *_headline_cells(GroupRow(q.period.label, q.period.label, q.figures))] for q in m.trend])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def monitor_docx(m: Monitor, group_names: dict[str, str], *, city: str = "") -> bytes:
    """The figures, the charts as images (each with its table) and a short Dutch text per theme."""
    document = docx.Document()
    document.core_properties.title = "Monitor duurzame aankopen"
    if city:
        document.core_properties.author = xml_text(city)
    document.add_heading("Monitor duurzame aankopen", level=0)
    document.add_paragraph(xml_text(f"Cijfers voor {filters_text(m, group_names)}. Elk bestek telt één keer, met "
                                    "zijn laatste afgeronde analyse en de statussen na beoordeling."))
    h = headline_text(m.headline)
    document.add_heading("Kerncijfers", level=1)
    _table(document, ["Cijfer", "Machine", "Na beoordeling"], [
        ["Bestekken", str(h.tenders), str(h.tenders)],
        ["Alle essentiële criteria aanwezig", h.essential_machine, h.essential_reviewed],
        ["Gemiddelde score", h.score_machine, h.score_reviewed],
    ])

    document.add_heading("Per thema", level=1)
    _chart(document, charts.bar_png(theme_chart(m)), theme_chart(m).description)
    _table(document, ["Thema", "Minstens één criterium aanwezig", "Gemiddelde themascore"],
           [[t.name, share_text(t.with_met), mean_text(t.score)] for t in m.themes])
    for theme in m.themes:
        document.add_paragraph(xml_text(theme_sentence(theme, m)))

    for title, table in (("Per dienst", m.departments), ("Per productgroep", m.product_groups)):
        document.add_heading(title, level=1)
        chart = group_chart(f"Alle essentiële criteria aanwezig (na beoordeling), {title.lower()}", table)
        if table:
            _chart(document, charts.bar_png(chart), chart.description)
        _table(document, [title.removeprefix("Per ").capitalize(), "Bestekken", "Essentieel volledig",
                          "Gemiddelde score"],
               [[r.name, str(r.figures.tenders), share_text(r.figures.essential_reviewed),
                 mean_text(r.figures.score_reviewed)] for r in table])

    document.add_heading("Criteria die het vaakst ontbreken", level=1)
    _table(document, ["Criterium", "Ontbreekt", "Gedeeltelijk", "Van toepassing op"],
           [[c.title, str(c.missing), str(c.partial), str(c.applicable)] for c in m.criteria])

    document.add_heading("Verloop per kwartaal", level=1)
    trend = trend_chart(m)
    _chart(document, charts.line_png(trend), trend.description)
    _table(document, ["Kwartaal", "Bestekken", "Essentieel volledig", "Gemiddelde score"],
           [[q.period.label, str(q.figures.tenders), share_text(q.figures.essential_reviewed),
             mean_text(q.figures.score_reviewed)] for q in m.trend])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _chart(document: docx.document.Document, png: bytes, description: str) -> None:
    document.add_picture(io.BytesIO(png), width=Cm(15))
    caption = document.add_paragraph(xml_text(description))
    caption.style = document.styles["Caption"]


def _table(document: docx.document.Document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Light List Accent 1"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = xml_text(text)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_text(text)
