"""File types are told by their bytes, never by their names."""

from __future__ import annotations

import pytest

from procurement.documents import sniff
from procurement.documents.sniff import OLE_MAGIC

from .builders import odt_bytes, simple_docx, zip_bytes
from .pdfmaker import make_pdf


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (make_pdf([["Tekst"]]), "pdf"),
        (b"\xef\xbb\xbf%PDF-1.4 rest", "pdf"),
        (simple_docx("Tekst"), "docx"),
        (odt_bytes("<text:p>Tekst</text:p>"), "odt"),
        ("Gewone tekst met één accent.".encode(), "txt"),
        ("Tekst in Windows-1252: één".encode("cp1252"), "txt"),
        (OLE_MAGIC + bytes(100), None),
        (zip_bytes({"xl/workbook.xml": b"<x/>"}), None),
        (b"\x00\x01\x02\x03binary", None),
        (b"{\\rtf1 tekst}", None),
    ],
)
def test_sniff_tells_the_format_from_the_bytes(data: bytes, expected: str | None) -> None:
    assert sniff(data) == expected


def test_sniff_reads_a_truncated_docx_as_docx_so_it_is_reported_as_damaged() -> None:
    data = simple_docx("Tekst")

    assert sniff(data[: len(data) // 2]) == "docx"
