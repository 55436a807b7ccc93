"""The annotated bestek: comments at the evidence, missing clauses as tracked insertions, a round trip."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from procurement.catalogue import load
from procurement.catalogue.model import SECTION_NAMES
from procurement.documents import parse
from procurement.matching import Report, compile_catalogue
from procurement.reports.annotate import (
    AUTHOR,
    MISMATCH,
    NOT_DOCX,
    Annotated,
    AnnotationError,
    ClauseText,
    annotate,
    clause_texts,
    notes_from_report,
)
from procurement.reports.stored import Review, bounded

from .wordfiles import (
    CONTROL,
    FOOTER,
    HEADER,
    ILO,
    ILO_FULL,
    ILO_PARTIAL,
    accept_all,
    bestek,
    members,
    paragraph_texts,
    reject_all,
)

MOMENT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
CATALOGUE = load()
MATCHER = compile_catalogue(CATALOGUE)
TEXTS = clause_texts(CATALOGUE)
W_INS = qn("w:ins")


def check(data: bytes, groups: list[str] | None = None) -> Report:
    return MATCHER.run(parse(data, "bestek.docx"), product_groups=groups)


def annotated(data: bytes, **kwargs: object) -> tuple[Report, Annotated]:
    report = check(data)
    notes = notes_from_report(report, TEXTS, **kwargs)  # type: ignore[arg-type]
    return report, annotate(data, parse(data, "bestek.docx"), notes, moment=MOMENT)


def comments(data: bytes) -> list[str]:
    return [c.text for c in docx.Document(io.BytesIO(data)).comments]


def statuses(report: Report) -> dict[str, str]:
    return {f.criterion: f.status for f in report.findings}


def inserted_paragraphs(data: bytes) -> list[etree._Element]:
    body = docx.Document(io.BytesIO(data)).element.body
    return [p for p in body.iter(qn("w:p")) if p.find("w:pPr/w:rPr/w:ins", p.nsmap) is not None]


def comment_ranges(element: etree._Element) -> dict[str, tuple[etree._Element, etree._Element]]:
    """Comment id -> (its range start, its range end), for the comments that open and close inside `element`."""
    starts = {e.get(qn("w:id")): e for e in element.iter(qn("w:commentRangeStart"))}
    ends = {e.get(qn("w:id")): e for e in element.iter(qn("w:commentRangeEnd"))}
    return {i: (starts[i], ends[i]) for i in starts if i in ends}


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def test_a_met_clause_gets_a_comment_naming_the_criterion_and_its_status_at_its_paragraph() -> None:
    _, result = annotated(bestek())

    word = docx.Document(io.BytesIO(result.data))
    paragraph = next(p for p in word.element.body.iter(qn("w:p")) if text_of(p).startswith(ILO_FULL[:50]))
    ranges = comment_ranges(paragraph)  # a paragraph may carry several criteria's comments
    texts = {i: word.comments.get(int(i)).text for i in ranges}
    title = f"Duurzaamheidscriterium: {CATALOGUE.criterion(ILO).title}"
    ilo_id = next(i for i, t in texts.items() if t.startswith(title))
    start, end = ranges[ilo_id]
    assert paragraph.index(start) < paragraph.index(end)
    ilo = texts[ilo_id]
    assert ilo.startswith(f"Duurzaamheidscriterium: {CATALOGUE.criterion(ILO).title}")
    assert "Status: aanwezig" in ilo
    assert text_of(paragraph) == ILO_FULL  # the passage itself is unchanged


def test_a_partial_clause_gets_the_missing_elements_and_the_full_standard_clause_to_compare() -> None:
    report, result = annotated(bestek(ilo=ILO_PARTIAL))

    assert statuses(report)[ILO] == "partial"
    ilo = next(c for c in comments(result.data) if CATALOGUE.criterion(ILO).title in c)
    assert "Status: gedeeltelijk" in ilo
    finding = next(f for f in report.findings if f.criterion == ILO)
    assert "Ontbreekt: " + "; ".join(finding.missing_elements) + "." in ilo
    assert "Standaardclausule ter vergelijking:" in ilo
    assert " ".join(CATALOGUE.criterion(ILO).clause.split()) in " ".join(ilo.split())
    assert not any(ILO_FULL[:60] in text_of(p) for p in inserted_paragraphs(result.data))  # partial: not inserted


def test_each_missing_clause_is_a_tracked_insertion_in_the_section_where_it_belongs() -> None:
    report, result = annotated(bestek())
    missing = [f.criterion for f in report.findings if f.status == "missing"]
    assert missing and result.insertions == len(missing)

    texts = paragraph_texts(result.data)
    headings = {name: texts.index(name) for name in ("3. Technische specificaties", "3.1 Frequentie",
                                                    "4. Gunningscriteria", "5. Uitvoeringsvoorwaarden")}
    for criterion in missing:
        first = " ".join(CATALOGUE.criterion(criterion).clause.split("\n\n")[0].split())
        at = texts.index(first)
        section = CATALOGUE.criterion(criterion).section
        if section == "gunningscriteria":
            assert headings["4. Gunningscriteria"] < at < headings["5. Uitvoeringsvoorwaarden"]
        elif section == "technische-specificaties":  # under the part's own heading, before its sub-article
            assert headings["3. Technische specificaties"] < at < headings["3.1 Frequentie"]
        elif section == "uitvoeringsvoorwaarden":
            assert at > headings["5. Uitvoeringsvoorwaarden"]
    for p in inserted_paragraphs(result.data):
        marks = [p.find("w:pPr/w:rPr/w:ins", p.nsmap), *p.findall("w:ins", p.nsmap)]
        assert all(m.get(qn("w:author")) == AUTHOR and m.get(qn("w:date")) == "2026-12-01T09:30:00Z" for m in marks)
        assert text_of(p) == "".join(text_of(m) for m in marks[1:])  # every character of it is inserted


def test_every_insertion_has_a_comment_with_its_criterion_legal_basis_and_proof() -> None:
    report, result = annotated(bestek())
    notes = comments(result.data)
    for f in report.findings:
        if f.status != "missing":
            continue
        criterion = CATALOGUE.criterion(f.criterion)
        comment = next(c for c in notes if c.startswith(f"Toegevoegd: {criterion.title}"))
        if criterion.legal_basis:
            assert "Juridische basis: " + "; ".join(criterion.legal_basis) + "." in comment
        if criterion.proof:
            assert f"Bewijs: {' '.join(criterion.proof.split())}" in " ".join(comment.split())
        assert "het deel „" in comment or "nieuwe deel" in comment


def test_a_part_the_bestek_lacks_is_added_at_the_end_with_a_comment_saying_so() -> None:
    report, result = annotated(bestek(award=False))

    assert SECTION_NAMES["gunningscriteria"] in result.new_sections
    texts = paragraph_texts(result.data)
    heading = texts.index(SECTION_NAMES["gunningscriteria"])
    assert heading > texts.index("De opdrachtnemer voert de prestaties uit volgens het schoonmaakplan.")
    assert any(c.startswith("Dit bestek heeft geen deel ‘Gunningscriteria’") for c in comments(result.data))
    awards = [f.criterion for f in report.findings
              if f.status == "missing" and CATALOGUE.criterion(f.criterion).section == "gunningscriteria"]
    assert awards
    for criterion in awards:
        assert texts.index(" ".join(CATALOGUE.criterion(criterion).clause.split("\n\n")[0].split())) > heading
    styled = docx.Document(io.BytesIO(result.data)).paragraphs
    assert next(p for p in styled if text_of(p._p) == SECTION_NAMES["gunningscriteria"]).style.name == "Heading 1"


def test_the_original_text_headers_footers_tables_and_styles_are_unchanged_apart_from_the_insertions() -> None:
    original = bestek(ilo=ILO_PARTIAL)
    _, result = annotated(original)

    assert paragraph_texts(reject_all(result.data)) == paragraph_texts(original)
    before, after = docx.Document(io.BytesIO(original)), docx.Document(io.BytesIO(result.data))
    assert after.sections[0].header.paragraphs[0].text == HEADER
    assert after.sections[0].footer.paragraphs[0].text == FOOTER
    assert [t.style.name for t in after.tables] == [t.style.name for t in before.tables] == ["Table Grid"]
    assert [[c.text for c in row.cells] for row in after.tables[0].rows] == [
        [c.text for c in row.cells] for row in before.tables[0].rows
    ]
    kept = [p for p in after.paragraphs if p._p.find("w:pPr/w:rPr/w:ins", p._p.nsmap) is None]
    assert [(p.style.name, [r.bold for r in p.runs if r.text]) for p in kept] == [
        (p.style.name, [r.bold for r in p.runs if r.text]) for p in before.paragraphs
    ]
    original_members, new_members = members(original), members(result.data)
    media = [name for name in original_members if name.startswith("word/media/")]
    assert media
    for name in ("word/styles.xml", "word/numbering.xml", "word/header1.xml", "word/footer1.xml", *media):
        assert new_members[name] == original_members[name], name


def test_accepting_every_change_gives_every_inserted_criterion_as_met_and_loses_none() -> None:
    for data in (bestek(), bestek(award=False), bestek(ilo=ILO_PARTIAL), bestek(ilo_in_table=True)):
        report, result = annotated(data)
        groups = [g.id for g in report.product_groups]
        before = statuses(report)

        after = statuses(check(accept_all(result.data), groups))

        inserted = [c for c, s in before.items() if s == "missing"]
        assert inserted
        assert {c: after[c] for c in inserted} == dict.fromkeys(inserted, "met")
        assert [c for c, s in before.items() if s == "met" and after[c] != "met"] == []


def test_the_round_trip_holds_on_the_dev_sets_word_files() -> None:
    folder = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev"
    files = sorted(folder.glob("*.docx"))
    if not files:
        pytest.skip("../shared/eval/dev is not beside this checkout")
    for path in files:
        data = path.read_bytes()
        report, result = annotated(data)
        after = statuses(check(accept_all(result.data), [g.id for g in report.product_groups]))
        for criterion, status in statuses(report).items():
            if status in ("met", "missing"):
                assert after[criterion] == "met", (path.name, criterion, status)


def test_one_heading_for_two_parts_takes_the_clauses_of_both_in_bestek_order() -> None:
    document = docx.Document()
    document.add_heading("1. Voorwerp van de opdracht", level=1)
    document.add_paragraph("Deze opdracht betreft de schoonmaak van de stadsgebouwen. CPV-code: 90910000-9.")
    document.add_heading("2. Selectie- en gunningscriteria", level=1)
    document.add_paragraph("De offertes worden beoordeeld zoals hieronder.")
    document.add_heading("3. Slotbepalingen", level=1)
    out = io.BytesIO()
    document.save(out)

    report, result = annotated(out.getvalue())

    texts = paragraph_texts(result.data)
    here = texts[texts.index("2. Selectie- en gunningscriteria") + 2:texts.index("3. Slotbepalingen")]
    placed = {here.index(first): CATALOGUE.criterion(f.criterion).section for f in report.findings
              if f.status == "missing"
              and (first := " ".join(CATALOGUE.criterion(f.criterion).clause.split("\n\n")[0].split())) in here}
    sections = [placed[at] for at in sorted(placed)]  # in the order they stand in the file
    assert sections and sections == sorted(sections, key=("selectie", "gunningscriteria").index)
    assert {"selectie", "gunningscriteria"} == set(sections)


def test_evidence_in_a_table_cell_is_anchored_in_that_cell() -> None:
    _, result = annotated(bestek(ilo_in_table=True))

    body = docx.Document(io.BytesIO(result.data)).element.body
    cell = body.find(".//w:tbl", body.nsmap).findall(".//w:tc", body.nsmap)[4]
    assert text_of(cell).startswith("De opdrachtnemer verbindt zich ertoe")
    assert comment_ranges(cell), "no comment opens and closes in the cell"


def test_a_clause_over_a_lead_in_and_its_list_gets_one_comment_from_its_first_to_its_last_paragraph() -> None:
    document = docx.Document()
    document.add_heading("1. Voorwerp van de opdracht", level=1)
    document.add_paragraph("Deze opdracht betreft de schoonmaak van de stadsgebouwen. CPV-code: 90910000-9.")
    document.add_heading("5. Uitvoeringsvoorwaarden", level=1)
    lead_in, rest = ILO_FULL.split(": ", 1)
    document.add_paragraph(lead_in + ":")
    for item in rest.split(", "):
        document.add_paragraph(item, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    report, result = annotated(out.getvalue())
    blocks = next(f for f in report.findings if f.criterion == ILO).evidence
    assert len(blocks) > 2

    word = docx.Document(io.BytesIO(result.data))
    title = CATALOGUE.criterion(ILO).title
    ilo = next(str(c.comment_id) for c in word.comments if c.text.startswith(f"Duurzaamheidscriterium: {title}"))

    def marks(tag: str) -> list[int]:
        paragraphs = list(word.element.body.iter(qn("w:p")))
        return [k for k, p in enumerate(paragraphs) for m in p.iter(qn(tag)) if m.get(qn("w:id")) == ilo]

    texts = [text_of(p) for p in word.element.body.iter(qn("w:p"))]
    assert marks("w:commentRangeStart") == [texts.index(lead_in + ":")]  # one comment, over the whole clause
    assert marks("w:commentRangeEnd") == [texts.index(rest.split(", ")[-1])]


def test_a_reviewers_override_and_reason_are_in_the_comment_and_decide_what_is_inserted() -> None:
    data = bestek(ilo=ILO_PARTIAL)
    report = check(data)
    to_missing = Review("override", "missing", "De clausule is onvolledig <b>& vaag</b>.", "An Peeters",
                        datetime(2026, 11, 27, 13, 5, tzinfo=UTC), None, False)
    some_missing = next(f.criterion for f in report.findings if f.status == "missing")
    to_met = Review("override", "met", "Staat in bijlage B.", "An Peeters", None, None, False)
    notes = notes_from_report(report, TEXTS, reviews={ILO: to_missing, some_missing: to_met})

    result = annotate(data, parse(data, "bestek.docx"), notes, moment=MOMENT)

    texts = comments(result.data)
    ilo = next(c for c in texts if c.startswith(f"Duurzaamheidscriterium: {CATALOGUE.criterion(ILO).title}"))
    assert ("Beoordeling: aangepast van ‘gedeeltelijk’ naar ‘ontbreekt’ door An Peeters op 27/11/2026 14:05. "
            "Reden: De clausule is onvolledig <b>& vaag</b>.") in ilo
    assert "De standaardclausule staat als voorgestelde wijziging in het deel „5. Uitvoeringsvoorwaarden”." in ilo
    inserted = " ".join(text_of(p) for p in inserted_paragraphs(result.data))
    assert " ".join(CATALOGUE.criterion(ILO).clause.split()) in inserted
    assert " ".join(CATALOGUE.criterion(some_missing).clause.split())[:80] not in inserted
    assert b"&lt;b&gt;&amp; vaag" in members(result.data)["word/comments.xml"]


def test_a_passage_the_file_no_longer_holds_as_quoted_gets_no_comment_rather_than_a_wrong_one() -> None:
    data = bestek()
    report = check(data)
    notes = [replace(n, passages=("Een oudere lezing van deze alinea.",)) if n.criterion == ILO else n
             for n in notes_from_report(report, TEXTS)]

    result = annotate(data, parse(data, "bestek.docx"), notes, moment=MOMENT)

    assert result.unplaced == 1
    assert not any(c.startswith(f"Duurzaamheidscriterium: {CATALOGUE.criterion(ILO).title}")
                   for c in comments(result.data))
    assert result.insertions == sum(1 for f in report.findings if f.status == "missing")


def test_a_long_passage_the_stored_report_clipped_still_gets_its_comment() -> None:
    padding = " ".join(["De opdrachtnemer houdt een register bij van de prestaties per gebouw."] * 40)
    data = bestek(ilo=ILO_FULL.replace("leveranciers.", f"leveranciers. {padding}"))
    report = check(data)
    stored = replace(report, findings=tuple(bounded(f) for f in report.findings))  # as report_from_rows reads it
    ilo = next(f for f in stored.findings if f.criterion == ILO)
    assert "ingekort" in ilo.evidence[0].text

    result = annotate(data, parse(data, "bestek.docx"), notes_from_report(stored, TEXTS), moment=MOMENT)

    assert result.unplaced == 0
    assert any(c.startswith(f"Duurzaamheidscriterium: {CATALOGUE.criterion(ILO).title}") for c in comments(result.data))


def test_comments_and_inserted_text_are_escaped_and_free_of_control_characters() -> None:
    data = bestek()
    report = check(data)
    nasty = "Tekst\x00 met\x0b stuurtekens\x1f\x7f\x85\ufffe en <w:t>&amp;</w:t>"
    texts = {c: ClauseText(f"{nasty} {t.title}", t.section, f"{nasty}\n\n{t.clause}", (nasty,), nasty)
             for c, t in TEXTS.items()}
    review = Review("confirm", "missing", f"Reden\x01 {nasty}", "Jan\x02", None, None, False)
    notes = notes_from_report(report, texts, reviews=dict.fromkeys(statuses(report), review))

    result = annotate(data, parse(data, "bestek.docx"), notes, moment=MOMENT)

    for name in ("word/document.xml", "word/comments.xml"):
        xml = members(result.data)[name].decode("utf-8")
        etree.fromstring(xml.encode("utf-8"))  # well-formed
        assert "<w:t>&amp;</w:t>" not in xml and "&lt;w:t&gt;&amp;amp;&lt;/w:t&gt;" in xml
        assert not CONTROL.search(xml.replace("\n", "").replace("\r", "").replace("\t", ""))
    assert all("stuurtekens en <w:t>&amp;</w:t>" in c for c in comments(result.data))


def test_the_file_is_valid_ooxml_with_its_comments_part_relationship_and_content_type() -> None:
    _, result = annotated(bestek())
    parts = members(result.data)

    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/comments.xml"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    )
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    assert any(r.get("Type", "").endswith("/comments") and r.get("Target") == "comments.xml" for r in rels)
    document = etree.fromstring(parts["word/document.xml"])
    comment_ids = {c.get(qn("w:id")) for c in etree.fromstring(parts["word/comments.xml"])}
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
        assert {e.get(qn("w:id")) for e in document.iter(qn(tag))} == comment_ids
    assert len(comment_ids) == result.comments
    revisions = [e.get(qn("w:id")) for e in document.iter(W_INS)]
    assert len(revisions) == len(set(revisions))
    assert docx.Document(io.BytesIO(result.data)).comments  # python-docx reads it back


def test_a_word_template_or_a_document_read_differently_is_refused_with_a_reason() -> None:
    data = bestek()
    docm = members(data)
    docm["[Content_Types].xml"] = docm["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
    )
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        for name, content in docm.items():
            archive.writestr(name, content)
    with pytest.raises(AnnotationError) as refused:
        annotate(out.getvalue(), parse(out.getvalue(), "bestek.dotx"), (), moment=MOMENT)
    assert refused.value.reason == NOT_DOCX

    with pytest.raises(AnnotationError) as other:
        annotate(data, parse(bestek(award=False), "ander.docx"), (), moment=MOMENT)
    assert other.value.reason == MISMATCH


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice is not installed here (python3 manage.py test installs it where apt can)")
    return found


@pytest.mark.slow
def test_libreoffice_converts_the_annotated_bestek_to_pdf_with_the_inserted_clauses_met(tmp_path: Path) -> None:
    report, result = annotated(bestek(award=False))
    source = tmp_path / "geannoteerd.docx"
    source.write_bytes(result.data)

    done = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path / 'profiel'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )

    pdf = tmp_path / "geannoteerd.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    shown = MATCHER.run(parse(pdf.read_bytes(), pdf.name), product_groups=[g.id for g in report.product_groups])
    after = statuses(shown)  # LibreOffice prints the insertions: the PDF holds every inserted clause
    assert [c for c, s in statuses(report).items() if s == "missing" and after[c] != "met"] == []


# A Basic macro in a private LibreOffice profile: open hidden, accept every tracked change, save as .docx.
ACCEPT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub AcceptAll(source As String, target As String)
    Dim hidden(0) As New com.sun.star.beans.PropertyValue
    hidden(0).Name = "Hidden"
    hidden(0).Value = True
    document = StarDesktop.loadComponentFromURL(source, "_blank", 0, hidden())
    dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
    dispatcher.executeDispatch(document.CurrentController.Frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
    Dim word(0) As New com.sun.star.beans.PropertyValue
    word(0).Name = "FilterName"
    word(0).Value = "MS Word 2007 XML"
    document.storeToURL(target, word())
    document.close(True)
End Sub
</script:module>
"""


@pytest.mark.slow
def test_libreoffice_accepts_every_change_and_the_check_then_finds_every_inserted_criterion_met(
    tmp_path: Path,
) -> None:
    program = soffice()
    profile = f"-env:UserInstallation=file://{tmp_path / 'profiel'}"
    subprocess.run([program, profile, "--headless", "--terminate_after_init"], capture_output=True, timeout=180,
                   check=True)
    (tmp_path / "profiel" / "user" / "basic" / "Standard" / "Module1.xba").write_text(ACCEPT_MACRO, encoding="utf-8")
    report, result = annotated(bestek(award=False, ilo=ILO_PARTIAL))
    source, target = tmp_path / "geannoteerd.docx", tmp_path / "aanvaard.docx"
    source.write_bytes(result.data)

    subprocess.run([program, profile, "--headless",
                    f'macro:///Standard.Module1.AcceptAll("file://{source}","file://{target}")'],
                   capture_output=True, timeout=180, check=True)

    assert target.exists()
    assert b"<w:ins " not in members(target.read_bytes())["word/document.xml"]  # LibreOffice accepted them all
    before = statuses(report)
    after = statuses(check(target.read_bytes(), [g.id for g in report.product_groups]))
    assert "missing" in before.values()
    assert [c for c, s in before.items() if s == "missing" and after[c] != "met"] == []
    assert [c for c, s in before.items() if s == "met" and after[c] != "met"] == []
