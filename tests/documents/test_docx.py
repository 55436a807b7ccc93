"""Word documents: reading order, structure, tracked changes, content controls and page furniture."""

from __future__ import annotations

import io
import zipfile

from docx.enum.style import WD_STYLE_TYPE

from procurement.documents import Document, parse

from .builders import add_xml, docx_bytes, new_docx, replace_member, simple_docx


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def test_docx_paragraphs_tables_and_nested_tables_come_in_reading_order() -> None:
    doc = new_docx()
    doc.add_paragraph("Eerste alinea.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "A1"
    table.cell(0, 1).text = "B1"
    table.cell(1, 0).text = "A2"
    outer = table.cell(1, 1)
    outer.text = "B2"
    inner = outer.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Binnen 1"
    inner.cell(0, 1).text = "Binnen 2"
    outer.add_paragraph("B2 na de geneste tabel")
    doc.add_paragraph("Laatste alinea.")

    result = parse(docx_bytes(doc), "bestek.docx")

    assert texts(result) == [
        "Eerste alinea.",
        "A1",
        "B1",
        "A2",
        "B2\nB2 na de geneste tabel",
        "Binnen 1",
        "Binnen 2",
        "Laatste alinea.",
    ]
    assert [b.kind for b in result.blocks[1:7]] == ["table-cell"] * 6
    assert [b.location.paragraph for b in result.blocks] == list(range(1, 9))
    assert result.format == "docx" and result.pages is None


def test_docx_empty_paragraphs_and_cells_are_skipped() -> None:
    doc = new_docx()
    doc.add_paragraph("")
    doc.add_paragraph("   ")
    table = doc.add_table(rows=1, cols=3)
    table.cell(0, 1).text = "Enige cel"
    doc.add_paragraph("Slot.")

    assert texts(parse(docx_bytes(doc), "x.docx")) == ["Enige cel", "Slot."]


def test_docx_headings_give_levels_and_name_the_section_of_what_follows() -> None:
    doc = new_docx()
    doc.add_heading("Bestek 2024/17", 0)
    doc.add_paragraph("Inleidende tekst.")
    doc.add_heading("Administratieve bepalingen", 1)
    doc.add_paragraph("Over de gunning.")
    doc.add_heading("Sociale bepalingen", 2)
    doc.add_paragraph("De opdrachtnemer leeft de IAO-conventies na.")

    result = parse(docx_bytes(doc), "x.docx")

    headings = [(b.text, b.level) for b in result.blocks if b.kind == "heading"]
    assert headings == [("Bestek 2024/17", 1), ("Administratieve bepalingen", 1), ("Sociale bepalingen", 2)]
    clause = result.blocks[-1]
    assert clause.kind == "paragraph" and clause.level is None
    assert clause.location.section == "Sociale bepalingen"
    assert result.blocks[1].location.section == "Bestek 2024/17"


def test_docx_dutch_styles_outline_levels_and_derived_styles_are_headings() -> None:
    doc = new_docx()
    kop = doc.styles.add_style("Kop 2", WD_STYLE_TYPE.PARAGRAPH)
    derived = doc.styles.add_style("Bestektitel", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = doc.styles["Heading 1"]
    doc.add_paragraph("Hoofdstuk milieu", style=derived)
    doc.add_paragraph("Verpakking", style=kop)
    add_xml(doc, '<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>Karton</w:t></w:r></w:p>')
    doc.add_paragraph("Tekst onder karton.")

    result = parse(docx_bytes(doc), "x.docx")

    assert [(b.text, b.kind, b.level) for b in result.blocks] == [
        ("Hoofdstuk milieu", "heading", 1),
        ("Verpakking", "heading", 2),
        ("Karton", "heading", 3),
        ("Tekst onder karton.", "paragraph", None),
    ]
    assert result.blocks[-1].location.section == "Karton"


def test_docx_very_long_heading_is_trimmed_as_section_name() -> None:
    doc = new_docx()
    doc.add_heading("Bepaling " * 40, 1)
    doc.add_paragraph("Tekst.")

    section = parse(docx_bytes(doc), "x.docx").blocks[1].location.section

    assert section is not None and len(section) <= 121 and section.endswith("…")


def test_docx_list_paragraphs_are_list_items_with_their_visible_numbering() -> None:
    doc = new_docx()
    doc.add_paragraph("De inschrijver levert:")
    doc.add_paragraph("gerecycleerd papier;", style="List Bullet")
    doc.add_paragraph("Eerste voorwaarde", style="List Number")
    doc.add_paragraph("Tweede voorwaarde", style="List Number")
    doc.add_paragraph("Zonder nummering", style="List Paragraph")

    result = parse(docx_bytes(doc), "x.docx")

    assert [(b.kind, b.text) for b in result.blocks[1:]] == [
        ("list-item", "• gerecycleerd papier;"),
        ("list-item", "1. Eerste voorwaarde"),
        ("list-item", "2. Tweede voorwaarde"),
        ("list-item", "Zonder nummering"),
    ]


def test_docx_tracked_insertions_are_read_and_tracked_deletions_are_left_out() -> None:
    doc = new_docx()
    add_xml(
        doc,
        '<w:p><w:r><w:t xml:space="preserve">De opdrachtnemer </w:t></w:r>'
        '<w:ins w:id="1" w:author="Aankoper" w:date="2024-05-01T10:00:00Z">'
        '<w:r><w:t xml:space="preserve">moet </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="Aankoper" w:date="2024-05-01T10:00:00Z">'
        '<w:r><w:delText xml:space="preserve">mag </w:delText></w:r></w:del>'
        "<w:r><w:t>gerecycleerd papier leveren.</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A" w:date="2024-05-01T10:00:00Z"/></w:rPr></w:pPr>'
        '<w:del w:id="4" w:author="A" w:date="2024-05-01T10:00:00Z">'
        "<w:r><w:delText>Een geschrapte alinea.</w:delText></w:r></w:del></w:p>"
        '<w:p><w:moveFrom w:id="5" w:author="A"><w:r><w:t>Verplaatst weg.</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="6" w:author="A"><w:r><w:t>Verplaatst hier.</w:t></w:r></w:moveTo></w:p>',
    )

    assert texts(parse(docx_bytes(doc), "x.docx")) == [
        "De opdrachtnemer moet gerecycleerd papier leveren.",
        "Verplaatst hier.",
    ]


def test_docx_text_in_content_controls_is_read_but_placeholders_are_not() -> None:
    doc = new_docx()
    add_xml(
        doc,
        "<w:sdt><w:sdtPr><w:alias w:val='Clausule'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Ethische clausule in een inhoudsbesturingselement.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t xml:space='preserve'>Levering binnen </w:t></w:r>"
        "<w:sdt><w:sdtContent><w:r><w:t>30</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:t xml:space='preserve'> dagen.</w:t></w:r></w:p>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Klik of tik om tekst in te voeren.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        "<w:tbl><w:tr><w:sdt><w:sdtContent><w:tc>"
        "<w:p><w:r><w:t>Cel in een besturingselement</w:t></w:r></w:p>"
        "</w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>",
    )

    assert texts(parse(docx_bytes(doc), "x.docx")) == [
        "Ethische clausule in een inhoudsbesturingselement.",
        "Levering binnen 30 dagen.",
        "Cel in een besturingselement",
    ]


def test_docx_headers_and_footers_go_to_furniture_not_blocks() -> None:
    doc = new_docx()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Stad Gent – Bestek 2024/17"
    section.footer.paragraphs[0].text = "Vertrouwelijk"
    doc.add_paragraph("De inhoud.")

    result = parse(docx_bytes(doc), "x.docx")

    assert texts(result) == ["De inhoud."]
    assert result.furniture == ("Stad Gent – Bestek 2024/17", "Vertrouwelijk")


def test_docx_merged_cells_are_read_once() -> None:
    doc = new_docx()
    table = doc.add_table(rows=3, cols=3)
    tall = table.cell(0, 0).merge(table.cell(2, 0))
    tall.text = "Verticaal samengevoegd"
    wide = table.cell(0, 1).merge(table.cell(0, 2))
    wide.text = "Horizontaal samengevoegd"
    table.cell(1, 1).text = "Gewone cel"

    result = texts(parse(docx_bytes(doc), "x.docx"))

    assert result == ["Verticaal samengevoegd", "Horizontaal samengevoegd", "Gewone cel"]


def test_docx_whitespace_breaks_and_soft_hyphens_are_normalised() -> None:
    doc = new_docx()
    paragraph = doc.add_paragraph("Tekst\u00a0met  harde\tspatie en af\u00adbreek")
    paragraph.add_run().add_break()
    paragraph.add_run("na een regeleinde")

    assert texts(parse(docx_bytes(doc), "x.docx")) == ["Tekst met harde spatie en afbreek na een regeleinde"]


def test_docx_hidden_text_field_codes_and_fallback_copies_are_left_out() -> None:
    doc = new_docx()
    add_xml(
        doc,
        "<w:p><w:r><w:t xml:space='preserve'>Zichtbaar </w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>verborgen </w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>7</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        "<w:p><w:r><w:t>Anker</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires='wps'><w:drawing><w:txbxContent><w:p><w:r><w:t>In een tekstvak</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In een tekstvak</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
    )

    assert texts(parse(docx_bytes(doc), "x.docx")) == ["Zichtbaar 7", "Anker", "In een tekstvak"]


def test_docx_saved_as_template_is_still_read() -> None:
    data = simple_docx("Tekst in een sjabloon.")
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    )

    result = parse(replace_member(data, "[Content_Types].xml", types), "sjabloon.dotx")

    assert texts(result) == ["Tekst in een sjabloon."]
