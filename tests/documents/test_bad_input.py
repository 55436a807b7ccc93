"""Hostile, broken and unsupported files: each ends in one UnreadableDocument with a Dutch reason."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from procurement.documents import MAX_BYTES, UnreadableDocument, parse
from procurement.documents.archive import MAX_DECLARED, check_sizes
from procurement.documents.sniff import OLE_MAGIC

from .builders import odt_bytes, replace_member, simple_docx, understate_size, zip_bomb, zip_bytes
from .pdfmaker import make_blank_pdf, make_pdf

CLAUSE = "De opdrachtnemer leeft de fundamentele arbeidsnormen van de IAO na."


def refusal(data: bytes, filename: str = "bestand") -> str:
    with pytest.raises(UnreadableDocument) as caught:
        parse(data, filename)
    return caught.value.reason


def test_empty_file_is_refused() -> None:
    assert refusal(b"", "leeg.docx") == "Het bestand is leeg."


def test_file_over_the_size_limit_is_refused_before_reading() -> None:
    reason = refusal(b"a" * (MAX_BYTES + 1), "groot.txt")

    assert reason.startswith("Het bestand is te groot (50,1 MB); de grens is 50 MB.")


def test_size_limit_can_be_set_by_the_caller() -> None:
    with pytest.raises(UnreadableDocument, match="te groot"):
        parse(simple_docx(CLAUSE), "x.docx", max_bytes=1000)


def test_random_bytes_are_refused_as_binary_data() -> None:
    data = random.Random(7).randbytes(20_000)

    assert "binaire gegevens" in refusal(data, "bestek.docx")


def test_truncated_docx_is_refused_as_damaged() -> None:
    data = simple_docx(CLAUSE, "Nog een alinea.")

    assert "beschadigd" in refusal(data[: len(data) // 2], "bestek.docx")


def test_zip_bomb_is_refused_before_it_is_inflated() -> None:
    data = zip_bomb(300 * 1024 * 1024)

    reason = refusal(data, "bom.docx")

    assert "zip-bom" in reason


def test_too_much_declared_content_in_total_is_refused() -> None:
    infos = []
    for number in range(30):
        info = zipfile.ZipInfo(f"word/media/image{number}.png")
        info.file_size, info.compress_size = MAX_DECLARED // 20, MAX_DECLARED // 40
        infos.append(info)

    with pytest.raises(UnreadableDocument, match="te groot of te complex om te controleren: uitgepakt zou het"):
        check_sizes(infos, 1024 * 1024)


def test_archive_with_absurdly_many_members_is_refused() -> None:
    data = zip_bytes({f"word/x{n}.xml": b"" for n in range(6000)} | {"word/document.xml": b"<w:document/>"})

    assert "te groot of te complex om te controleren: het bevat 6.001 onderdelen" in refusal(data, "x.docx")


def test_member_that_lies_about_its_size_is_not_inflated_beyond_it() -> None:
    document = zipfile.ZipFile(io.BytesIO(simple_docx(CLAUSE))).read("word/document.xml")
    padded = document.replace(b"</w:body>", b"<w:p/>" * 2_000_000 + b"</w:body>")
    data = understate_size(
        replace_member(simple_docx(CLAUSE), "word/document.xml", padded), "word/document.xml", len(document)
    )

    assert "beschadigd" in refusal(data, "x.docx")


def test_docx_entity_expansion_is_refused_for_its_doctype() -> None:
    data = simple_docx(CLAUSE)
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    entities = '<!ENTITY a0 "hahahahahahahahahahahahahahahahaha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    head, _, rest = document.partition(b"?>")
    bomb = (
        head + b"?>" + f"<!DOCTYPE w:document [{entities}]>".encode() + rest.replace(CLAUSE.encode(), b"&a9;")
    )

    reason = refusal(replace_member(data, "word/document.xml", bomb), "x.docx")

    assert reason.startswith("Het bestand bevat een DOCTYPE-declaratie in word/document.xml.")


def test_ole_file_is_refused_as_encrypted_or_old_word() -> None:
    reason = refusal(OLE_MAGIC + bytes(4096), "bestek.docx")

    assert (
        reason
        == "Het bestand is versleuteld of in het oude .doc-formaat; sla het op als .docx zonder wachtwoord."
    )


def test_password_protected_word_file_is_named_as_such() -> None:
    data = OLE_MAGIC + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512)

    assert "wachtwoord" in refusal(data, "bestek.docx")


def test_old_binary_doc_is_named_as_such() -> None:
    data = OLE_MAGIC + bytes(512) + "WordDocument".encode("utf-16-le") + bytes(512)

    assert "oude .doc-formaat" in refusal(data, "bestek.doc")


def test_encrypted_pdf_is_refused_with_a_password_message() -> None:
    assert "wachtwoord" in refusal(make_pdf([[CLAUSE]], user_password="geheim"), "bestek.pdf")


def test_pdf_without_text_is_refused_as_a_probable_scan() -> None:
    reason = refusal(make_blank_pdf(3), "scan.pdf")

    assert reason.startswith("Het PDF-bestand bevat geen tekst; is het een scan?")


def test_docx_named_pdf_is_read_as_docx_and_says_so() -> None:
    result = parse(simple_docx(CLAUSE), "bestek.pdf")

    assert result.format == "docx" and [b.text for b in result.blocks] == [CLAUSE]
    assert "volgens de inhoud gelezen" in result.notes[0]


def test_pdf_named_docx_is_read_as_pdf() -> None:
    result = parse(make_pdf([[CLAUSE]]), "bestek.docx")

    assert result.format == "pdf" and [b.text for b in result.blocks] == [CLAUSE]
    assert result.filename == "bestek.docx"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (zip_bytes({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}), "Excel"),
        (zip_bytes({"ppt/presentation.xml": b"<p/>"}), "PowerPoint"),
        (
            zip_bytes(
                {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, first_stored="mimetype"
            ),
            "OpenDocument-rekenblad",
        ),
        (zip_bytes({"foto.jpg": b"x"}), "ZIP-archief"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "afbeelding (PNG)"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "afbeelding (JPEG)"),
        (b"{\\rtf1\\ansi De opdrachtnemer}", "RTF-bestand"),
        (b"<!DOCTYPE html><html><body>Bestek</body></html>", "webpagina"),
        (b"PK\x03\x04" + bytes(40), "beschadigd"),
    ],
)
def test_unsupported_files_are_named_in_the_refusal(data: bytes, words: str) -> None:
    assert words in refusal(data, "bestek.docx")


def test_empty_docx_is_refused_as_without_text() -> None:
    assert refusal(simple_docx(), "leeg.docx") == "Het Word-document bevat geen tekst."


def test_odt_zip_bomb_is_refused() -> None:
    data = replace_member(odt_bytes("<text:p>x</text:p>"), "content.xml", bytes(60 * 1024 * 1024))

    assert "zip-bom" in refusal(data, "x.odt")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "odt"])
def test_damaged_files_never_raise_anything_but_unreadable_document(fmt: str) -> None:
    original = {
        "docx": simple_docx(CLAUSE, "Tweede alinea."),
        "pdf": make_pdf([[CLAUSE, "Tweede regel."], ["Tweede pagina."]]),
        "odt": odt_bytes("<text:h>Titel</text:h><text:p>Inhoud.</text:p>"),
    }[fmt]
    rng = random.Random(fmt)
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cut = rng.choice([len(data), rng.randrange(1, len(data))])
        try:
            parse(bytes(data[:cut]), f"x.{fmt}")
        except UnreadableDocument as refused:
            assert refused.reason
