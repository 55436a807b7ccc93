"""The package's public face: its names, its import cost, its speed and what it logs."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

import procurement.documents as documents
from procurement.documents import MAX_BYTES, Block, Document, Location, UnreadableDocument, parse, sniff

from .builders import docx_bytes, new_docx, simple_docx
from .pdfmaker import make_pdf

SECRET = "Geheime clausule over de prijsherziening van perceel 7."


def test_the_package_exposes_parse_sniff_the_model_and_the_size_limit() -> None:
    assert {"parse", "sniff", "Document", "Block", "Location", "UnreadableDocument", "MAX_BYTES"} <= set(
        documents.__all__
    )
    assert MAX_BYTES == 50 * 1024 * 1024
    assert callable(parse) and callable(sniff)
    result = parse(simple_docx(SECRET), "x.docx")
    assert isinstance(result, Document) and isinstance(result.blocks[0], Block)
    assert result.blocks[0].location == Location(section=None, paragraph=1, page=None)
    assert (
        isinstance(UnreadableDocument("reden"), Exception) and UnreadableDocument("reden").reason == "reden"
    )


def test_importing_the_model_does_not_load_the_parser_libraries() -> None:
    code = (
        "import sys, procurement.documents.model, procurement.documents; "
        "print(sorted(m for m in ('pypdfium2', 'docx', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert out.strip() == "[]"


def test_a_300_page_word_document_is_read_whole() -> None:
    doc = new_docx()
    sentence = "De opdrachtnemer levert het materiaal volgens de technische bepalingen van dit bestek. " * 4
    for number in range(300):
        doc.add_heading(f"Artikel {number + 1}", 2)
        for _ in range(8):
            doc.add_paragraph(sentence)
        if number % 10 == 0:
            table = doc.add_table(rows=4, cols=3)
            for cell in table._cells:
                cell.text = "Celinhoud"
    data = docx_bytes(doc)

    result = parse(data, "groot.docx")  # speed: benchmarks/speed.py

    assert len(result.blocks) > 2700


@pytest.mark.parametrize("kind", ["docx", "pdf", "broken"])
def test_parsing_never_logs_document_text(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    data = {
        "docx": simple_docx(SECRET),
        "pdf": make_pdf([[SECRET]]),
        "broken": simple_docx(SECRET)[:-200],
    }[kind]
    caplog.set_level(logging.DEBUG)

    try:
        parse(data, "x")
    except UnreadableDocument:
        pass

    assert "Geheime" not in caplog.text and "perceel" not in caplog.text
