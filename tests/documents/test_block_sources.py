"""block_sources: the element of the file behind every parsed block, numbered as the parser numbers them."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from procurement.documents import parse
from procurement.documents.docx import block_sources

from .builders import add_xml, docx_bytes, new_docx


def shown_text(element: object) -> str:
    """The w:t text under a source element, cells' nested tables and text boxes left out."""
    out = []
    for t in element.iter(qn("w:t")):  # type: ignore[attr-defined]
        parent, skip = t.getparent(), False
        while parent is not None and parent is not element:
            if parent.tag in (qn("w:tbl"), qn("w:txbxContent"), qn("w:del")):
                skip = True
            parent = parent.getparent()
        if not skip:
            out.append(t.text or "")
    return "".join(out)


def test_every_block_maps_to_its_paragraph_or_cell_in_reading_order() -> None:
    doc = new_docx()
    doc.add_heading("1. Voorwerp", level=1)
    doc.add_paragraph("")  # empty: no block, no source
    doc.add_paragraph("Eerste alinea.")
    doc.add_paragraph("Een opsomming", style="List Number")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "A1"
    table.cell(0, 1).text = ""
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Samengevoegd"
    inner = table.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Genest"
    add_xml(
        doc,
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>In een besturingselement.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Klik of tik om tekst in te voeren.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:del w:id="4" w:author="A"><w:r><w:delText>Geschrapt.</w:delText></w:r></w:del></w:p>'
        "<w:p><w:r><w:t>Anker</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires='wps'><w:drawing><w:txbxContent><w:p><w:r><w:t>In een tekstvak</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:r><w:t>\u200b</w:t></w:r></w:p>",  # only a zero-width space: dropped as empty by the parser
    )
    doc.add_paragraph("Slot.")
    data = docx_bytes(doc)

    parsed = parse(data, "bestek.docx")
    sources = block_sources(docx.Document(io.BytesIO(data)).part)

    assert len(sources) == len(parsed.blocks)
    for block, source in zip(parsed.blocks, sources, strict=True):
        assert source.tag == qn("w:tc" if block.kind == "table-cell" else "w:p")
        assert block.text.replace("\n", "").endswith(shown_text(source).replace("\u200b", "")), block.text
    assert [b.text for b in parsed.blocks][-4:] == ["In een besturingselement.", "Anker", "In een tekstvak", "Slot."]
